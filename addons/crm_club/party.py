# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Members: card, balance, tier and discount, segments."
from decimal import Decimal

from sql import Null
from sql.aggregate import Max, Sum
from sql.conditionals import Coalesce
from sql.functions import CurrentTimestamp, Extract

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.crm_fin.tools import (
    forget_records, in_max, latin_digits)
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .exceptions import ClubValidationError


def card_number(value):
    """The number of a card as a reader types it: magnetic stripe readers
    send the track's start sentinel (``%`` for track 1, ``;`` for track 2)
    and end sentinel ``?``; of a whole track (``%B<number>^<name>^...?`` or
    ``;<number>=<data>?``) the number is the first field; typed on a
    Persian keyboard, its digits are Persian"""
    text = latin_digits(value or '').strip()
    if text[:1] in {'%', ';'}:
        text = text[1:]
    text = text.split('?', 1)[0]
    if text[:1] in {'B', 'b'} and '^' in text:
        text = text[1:].split('^', 1)[0]
    elif '=' in text:
        text = text.split('=', 1)[0]
    return text.strip()


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    club_card_number = fields.Char(
        "Card Number",
        help="Read by the card reader (magnetic stripe or barcode).")
    club_card_active = fields.Boolean(
        "Active Card",
        states={'invisible': ~Eval('club_card_number')})
    club_referrer = fields.Many2One(
        'party.party', "Referred By", ondelete='SET NULL',
        domain=[('id', '!=', Eval('id', -1))])
    club_points = fields.Function(
        fields.Integer("Points"), 'get_club_figures',
        searcher='search_club_points')
    club_tier = fields.Many2One(
        'club.tier', "Tier", readonly=True, ondelete='SET NULL')
    club_discount = fields.Function(
        fields.Numeric("Member Discount", digits=(16, 4)),
        'get_club_discount')
    club_last_purchase = fields.Function(
        fields.Date("Last Purchase"), 'get_club_figures',
        searcher='search_club_last_purchase')
    club_birthday_month = fields.Function(
        fields.Boolean("Birthday This Month"), 'get_club_birthday_month',
        searcher='search_club_birthday_month')
    club_points_lines = fields.One2Many(
        'club.points.line', 'party', "Points History", readonly=True)
    club_tier_logs = fields.One2Many(
        'club.tier.log', 'party', "Tier Changes", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'club_print_card': {
                    'invisible': ~Bool(Eval('club_card_number')),
                    },
                })

    @classmethod
    def default_club_card_active(cls):
        return True

    @fields.depends('club_card_number')
    def on_change_club_card_number(self):
        if self.club_card_number:
            self.club_card_number = card_number(self.club_card_number)

    @classmethod
    def club_portal_member(cls, card, mobile):
        """The member of the active card whose mobile on file ends with the
        same last 10 digits as mobile (any format), else None: the login of
        the member portals"""
        digits = ''.join(c for c in str(mobile or '') if c.isdigit())[-10:]
        card = card_number(card)
        if not card or len(digits) < 7:
            return None
        for party in cls.search([
                    ('club_card_number', '=', card),
                    ('club_card_active', '=', True),
                    ]):
            for mechanism in party.contact_mechanisms:
                if mechanism.type != 'mobile':
                    continue
                value = ''.join(c for c in mechanism.value if c.isdigit())
                if value.endswith(digits):
                    return party

    @classmethod
    def get_club_figures(cls, parties, names):
        "The points and the last purchase from one query (a member's form)"
        PointsLine = Pool().get('club.points.line')
        figures = PointsLine.figures([p.id for p in parties])
        result = {}
        for index, name in enumerate(['club_points', 'club_last_purchase']):
            if name in names:
                result[name] = {p: f[index] for p, f in figures.items()}
        return result

    @classmethod
    def search_club_points(cls, name, clause):
        PointsLine = Pool().get('club.points.line')
        party = cls.__table__()
        line = PointsLine.__table__()
        _, operator, value = clause
        Operator = fields.SQL_OPERATORS[operator]
        query = party.join(line, 'LEFT', condition=line.party == party.id
            ).select(party.id,
                group_by=party.id,
                having=Operator(Coalesce(Sum(line.points), 0), value))
        return [('id', 'in', query)]

    def get_club_discount(self, name):
        return self.club_tier.discount if self.club_tier else Decimal(0)

    @classmethod
    def search_club_last_purchase(cls, name, clause):
        PointsLine = Pool().get('club.points.line')
        line = PointsLine.__table__()
        _, operator, value = clause
        Operator = fields.SQL_OPERATORS[operator]
        query = line.select(line.party,
            where=(line.kind == 'earn') & (line.points > 0),
            group_by=line.party,
            having=Operator(Max(line.date), value))
        return [('id', 'in', query)]

    def get_club_birthday_month(self, name):
        today = Pool().get('ir.date').today()
        return bool(self.birthday and self.birthday.month == today.month)

    @classmethod
    def search_club_birthday_month(cls, name, clause):
        today = Pool().get('ir.date').today()
        party = cls.__table__()
        _, operator, value = clause
        wanted = bool(value) if operator == '=' else not bool(value)
        condition = Extract('MONTH', party.birthday) == today.month
        if not wanted:
            condition = ~condition | (party.birthday == Null)
        return [('id', 'in', party.select(party.id, where=condition))]

    @classmethod
    def search_rec_name(cls, name, clause):
        domain = super().search_rec_name(name, clause)
        _, operator, value = clause[:3]
        if isinstance(value, str) and operator in ('ilike', 'like', '='):
            number = card_number(value.strip('%'))
            if number:
                domain = ['OR', domain, ('club_card_number', '=', number)]
        return domain

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        if field_names and not (field_names & {
                    'club_card_number', 'club_card_active', 'active'}):
            return
        for party in parties:
            if not party.club_card_number or not party.club_card_active:
                continue
            others = cls.search([
                    ('club_card_number', '=', party.club_card_number),
                    ('club_card_active', '=', True),
                    ('id', '!=', party.id),
                    ], limit=1)
            if others:
                other, = others
                raise ClubValidationError(gettext('crm_club.msg_card_number_unique',
                        number=party.club_card_number,
                        party=other.rec_name))

    @classmethod
    def copy(cls, parties, default=None):
        default = default.copy() if default else {}
        default.setdefault('club_card_number', None)
        default.setdefault('club_tier', None)
        default.setdefault('club_points_lines', None)
        default.setdefault('club_tier_logs', None)
        return super().copy(parties, default=default)

    @classmethod
    def club_update_tiers(cls, parties):
        "Set the tier of the parties from their balance and log changes"
        cls.club_rerank_tiers([p.id for p in parties])

    @classmethod
    def club_rerank_tiers(cls, party_ids):
        """Set the tier of the members from their balance and log the
        changes, set-based: one aggregate query per slice of members, one
        UPDATE per new tier and one INSERT of the log (a batch of postings
        re-ranks once, whatever its number of entries)"""
        pool = Pool()
        Tier = pool.get('club.tier')
        TierLog = pool.get('club.tier.log')
        PointsLine = pool.get('club.points.line')
        Date = pool.get('ir.date')
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        party = cls.__table__()
        line = PointsLine.__table__()
        log = TierLog.__table__()
        tiers = [(t.threshold, t.id)
            for t in Tier.search([], order=[('threshold', 'DESC')])]
        today = Date.today()
        by_tier, logs = {}, []
        for sub_ids in grouped_slice(list(party_ids), in_max()):
            cursor.execute(*party.join(line, 'LEFT',
                    condition=line.party == party.id
                    ).select(party.id, party.club_tier,
                    Coalesce(Sum(line.points), 0),
                    where=fields.SQL_OPERATORS['in'](party.id, list(sub_ids)),
                    group_by=[party.id, party.club_tier]))
            for party_id, old_tier, balance in cursor:
                balance = int(balance)
                tier = next(
                    (i for threshold, i in tiers if threshold <= balance),
                    None)
                if tier != old_tier:
                    logs.append([party_id, today, old_tier, tier, balance])
                    by_tier.setdefault(tier, []).append(party_id)
        if not by_tier:
            return
        now = CurrentTimestamp()
        for tier, ids in by_tier.items():
            for sub_ids in grouped_slice(ids, in_max()):
                cursor.execute(*party.update(
                        [party.club_tier, party.write_uid, party.write_date],
                        [tier, transaction.user, now],
                        where=fields.SQL_OPERATORS['in'](
                            party.id, list(sub_ids))))
        changed = [i for ids in by_tier.values() for i in ids]
        if cls._history:
            cls._insert_history(changed)
        for sub_logs in grouped_slice(logs, 1000):
            cursor.execute(*log.insert(
                    [log.party, log.date, log.old_tier, log.new_tier,
                        log.points, log.create_uid, log.create_date],
                    [v + [transaction.user, now] for v in sub_logs]))
        # the records read before in this transaction are read again
        forget_records(cls.__name__, changed)

    @classmethod
    @ModelView.button_action('crm_club.report_member_card')
    def club_print_card(cls, parties):
        pass
