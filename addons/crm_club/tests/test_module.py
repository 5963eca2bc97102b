# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime
import random
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import CompanyTestMixin
from trytond.modules.crm_fin.tests.crons import CronTestMixin
from trytond.modules.crm_fin.tests.locale import TranslationTestMixin
from trytond.modules.crm_fin.tests.views import SaoViewTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction


class CrmClubTestCase(
        CronTestMixin, SaoViewTestMixin, TranslationTestMixin,
        CompanyTestMixin, ModuleTestCase):
    "Test crm_club module"
    module = 'crm_club'

    @with_transaction()
    def test_balance_matches_recomputation(self):
        "The SQL balance equals an independent sum of the ledger"
        pool = Pool()
        Party = pool.get('party.party')
        Line = pool.get('club.points.line')
        parties = Party.create([
                {'name': 'M%s' % i, 'club_card_number': 'C%s' % i}
                for i in range(5)])
        rng = random.Random(42)
        vlist = [{
                'party': rng.choice(parties).id,
                'points': rng.randint(-50, 200),
                'kind': rng.choice(['earn', 'referral', 'correction']),
                } for _ in range(200)]
        Line.create(vlist)
        expected = {p.id: 0 for p in parties}
        for values in vlist:
            expected[values['party']] += values['points']
        self.assertEqual(
            {p.id: p.club_points for p in Party.browse(parties)}, expected)
        top = max(expected.values())
        found = Party.search([('club_points', '=', top)])
        self.assertEqual(
            [p.id for p in found],
            [i for i, v in expected.items() if v == top])
        # parties without any entry have a balance of 0 and are found
        empty, = Party.create([{'name': 'Nobody'}])
        self.assertIn(empty, Party.search([('club_points', '=', 0)]))

    @with_transaction()
    def test_ledger_append_only(self):
        "Entries cannot be written or deleted, corrections reverse them"
        pool = Pool()
        Party = pool.get('party.party')
        Line = pool.get('club.points.line')
        party, = Party.create([{'name': 'Ali', 'club_card_number': '77'}])
        line, = Line.create([{'party': party.id, 'points': 100,
                    'kind': 'earn'}])
        with self.assertRaises(AccessError):
            Line.write([line], {'points': 1000})
        with self.assertRaises(AccessError):
            Line.delete([line])
        self.assertEqual(Line(line.id).points, 100)
        Line.reverse([line], "Entered twice")
        self.assertEqual(Party(party.id).club_points, 0)
        self.assertEqual(Line.search_count([]), 2)

    @with_transaction()
    def test_card_unique_and_search(self):
        "One active card per number; a party is found by its card number"
        pool = Pool()
        Party = pool.get('party.party')
        ali, = Party.create([{'name': 'Ali', 'club_card_number': '6037991'}])
        Party.write([ali], {'club_card_active': False})
        reza, = Party.create([{'name': 'Reza',
                    'club_card_number': '6037991'}])
        self.assertEqual(
            Party.search([('rec_name', 'ilike', '%6037991%'),
                    ('club_card_active', '=', True)]), [reza])
        with self.assertRaises(UserError):
            Party.write([ali], {'club_card_active': True})
        with self.assertRaises(UserError):
            Party.create([{'name': 'Mina', 'club_card_number': '6037991'}])

    @with_transaction()
    def test_card_reader_sentinels(self):
        """What a card reader types finds the member: track 1 and track 2
        start and end sentinels, a whole track, spaces, Persian digits"""
        pool = Pool()
        Party = pool.get('party.party')
        ali, = Party.create([{'name': 'Ali',
                    'club_card_number': '6037991000012'}])
        for typed in ['6037991000012', '%6037991000012?', ';6037991000012?',
                ' ;6037991000012? ', '%B6037991000012^REZAEI/ALI^2812?',
                ';6037991000012=2812101?',
                # typed on a Persian keyboard
                '۶۰۳۷۹۹۱۰۰۰۰۱۲', ';۶۰۳۷۹۹۱۰۰۰۰۱۲?']:
            with self.subTest(typed=typed):
                self.assertEqual(Party.search([
                            ('rec_name', 'ilike', '%' + typed + '%')]),
                    [ali])
                self.assertEqual(Party.search([('rec_name', '=', typed)]),
                    [ali])

    @with_transaction()
    def test_redeem_only_on_draft(self):
        "Redeem Points shows and works on a draft sale only"
        from trytond.pyson import PYSONDecoder, PYSONEncoder
        pool = Pool()
        Sale = pool.get('sale.sale')
        invisible = PYSONEncoder().encode(
            Sale._buttons['club_redeem']['invisible'])
        for state, hidden in [('draft', False), ('quotation', True),
                ('confirmed', True)]:
            with self.subTest(state=state):
                self.assertEqual(
                    PYSONDecoder({'state': state}).decode(invisible), hidden)

    @with_transaction()
    def test_tiers_and_decay(self):
        "Tiers follow the balance and are logged; decay is idempotent"
        pool = Pool()
        Party = pool.get('party.party')
        Line = pool.get('club.points.line')
        Tier = pool.get('club.tier')
        TierLog = pool.get('club.tier.log')
        Date = pool.get('ir.date')
        silver, gold = Tier.create([
                {'name': 'Silver', 'threshold': 100, 'discount': Decimal('0.02')},
                {'name': 'Gold', 'threshold': 1000, 'discount': Decimal('0.05')}])
        party, = Party.create([{'name': 'Sara', 'club_card_number': '1'}])
        old = Date.today() - datetime.timedelta(days=400)
        Line.create([{'party': party.id, 'points': 1500, 'kind': 'earn',
                    'date': old}])
        self.assertEqual(Party(party.id).club_tier, gold)
        self.assertEqual(Party(party.id).club_discount, gold.discount)
        decayed = Line.decay()
        self.assertEqual([l.points for l in decayed], [-1500])
        self.assertEqual(Line.decay(), [])
        self.assertEqual(Party(party.id).club_points, 0)
        self.assertIsNone(Party(party.id).club_tier)
        self.assertEqual(
            [(l.old_tier, l.new_tier) for l in TierLog.search(
                    [], order=[('id', 'ASC')])],
            [(None, gold), (gold, None)])

    @with_transaction()
    def test_referral_in_insert(self):
        "Referrers earn their share of new earned entries in the INSERT"
        pool = Pool()
        Party = pool.get('party.party')
        Line = pool.get('club.points.line')
        Tier = pool.get('club.tier')
        silver, = Tier.create([{'name': 'Silver', 'threshold': 10}])
        sara, = Party.create([{'name': 'Sara', 'club_card_number': '1'}])
        ali, reza, nameless = Party.create([
                {'name': 'Ali', 'club_card_number': '2',
                    'club_referrer': sara.id},
                {'name': 'Reza', 'club_card_number': '3'},
                {'name': '', 'code': 'X7', 'club_card_number': '4',
                    'club_referrer': sara.id}])
        today = datetime.date.today()
        ids = Line.insert_entries(Line.values_query([
                    (ali.id, today, 1234, 'earn', 'sale.sale,1', 'I1'),
                    (ali.id, today, 9, 'earn', 'sale.sale,2', 'I2'),
                    (ali.id, today, -500, 'correction', None, 'C'),
                    (reza.id, today, 700, 'earn', None, 'I3'),
                    (nameless.id, today, 95, 'earn', None, 'I4'),
                    ]), referral_rate=Decimal('0.1'))
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*line.select(
                line.party, line.points, line.description, line.origin,
                where=line.kind == 'referral', order_by=line.points.desc))
        # 10 % rounded down with the earned entry's origin; 9 points earn
        # nothing, a correction nothing
        self.assertEqual(cursor.fetchall(), [
                (sara.id, 123, 'Ali', 'sale.sale,1'),
                (sara.id, 9, '[X7]', None)])
        self.assertEqual(len(ids), 7)
        self.assertEqual(Party(sara.id).club_points, 132)
        # re-ranked in the same call, referrers too
        self.assertEqual(Party(sara.id).club_tier, silver)
        # without a rate, no referral
        Line.insert_entries(Line.values_query([
                    (ali.id, today, 1000, 'earn', None, 'I5')]))
        self.assertEqual(Line.search_count([('kind', '=', 'referral')]), 2)

    @with_transaction()
    def test_negative_rate(self):
        "A negative points rate is refused"
        pool = Pool()
        Category = pool.get('product.category')
        with self.assertRaises(UserError):
            Category.create([{'name': 'Bad', 'club_points_rate': -1}])

    @with_transaction()
    def test_barcode(self):
        "The member card prints the card number's Code128 barcode"
        import io
        import zipfile
        pool = Pool()
        Party = pool.get('party.party')
        MemberCard = pool.get('crm_club.member_card', type='report')
        ali, = Party.create([{'name': 'Ali',
                    'club_card_number': '6037991000012'}])
        ext, content, _, _ = MemberCard.execute([ali.id], {})
        with zipfile.ZipFile(io.BytesIO(content)) as odt:
            images = [odt.read(n) for n in odt.namelist()
                if n.startswith('Pictures/')]
        svg, = [i for i in images if b'<svg' in i]
        self.assertIn(b'6037991000012', svg)

del ModuleTestCase
