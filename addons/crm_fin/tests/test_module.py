# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime
import os
from unittest.mock import patch

from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.tools import find_path
from trytond.transaction import Transaction

from .access import GroupAccessTestMixin
from .crons import CronTestMixin
from .locale import TranslationTestMixin
from .views import SaoViewTestMixin


class CrmFinTestCase(
        CronTestMixin, GroupAccessTestMixin, SaoViewTestMixin,
        TranslationTestMixin, CompanyTestMixin, ModuleTestCase):
    "Test crm_fin module"
    module = 'crm_fin'
    extras = ['sale', 'sale_discount', 'commission', 'sale_opportunity']

    @with_transaction()
    def test_raise_alarms_idempotent(self):
        "Raising the same alarms twice creates them once"
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Party = pool.get('party.party')
        User = pool.get('res.user')
        Notification = pool.get('res.notification')
        party, = Party.create([{'name': "Ali"}])
        admin, = User.search([('login', '=', 'admin')])
        values = [{
                'name': "Call Ali", 'origin': party, 'kind': 'other',
                'date': datetime.date(2026, 1, 1), 'user': admin.id,
                'party': party.id}]
        first = Alarm.raise_alarms([dict(v) for v in values])
        second = Alarm.raise_alarms([dict(v) for v in values])
        self.assertEqual(len(first), 1)
        self.assertEqual(second, [])
        self.assertEqual(Alarm.search_count([]), 1)
        self.assertEqual(Notification.search_count(
                [('user', '=', admin.id)]), 1)

    @with_transaction()
    def test_override_translations(self):
        """crm_fin's translations of other modules apply to the activated
        ones (a fuzzy one it confirms included) and leave out the others"""
        pool = Pool()
        Translation = pool.get('ir.translation')
        ModelData = pool.get('ir.model.data')
        Menu = pool.get('ir.ui.menu')
        for module in ['party', 'sale', 'crm_fin']:
            directory = os.path.dirname(find_path(
                    os.path.join(module, 'tryton.cfg')))
            paths = [os.path.join(directory, 'locale', 'pl.po')]
            if module == 'crm_fin':  # account_dunning is not activated
                paths.append(
                    os.path.join(directory, 'locale', 'override', 'pl.po'))
            Translation.translation_import('pl', module, paths)
        with Transaction().set_context(language='pl'):
            self.assertEqual(
                Menu(ModelData.get_id('party', 'menu_party')).name,
                "Kontrahenci")
        self.assertEqual(Translation.get_source(
                'sale.sale,quotation_date', 'field', 'pl'), "Data oferty")
        # upstream "Kontrahent" is fuzzy (unused): the override confirms it
        self.assertEqual(Translation.get_source(
                'party.party,string', 'model', 'pl'), "Kontrahent")
        self.assertFalse(Translation.search([
                    ('lang', '=', 'pl'),
                    ('module', '=', 'account_dunning'),
                    ]))

    def test_locked_rows_changed_locks_rows_at_restart(self):
        "A request run again after lock_rows's wait locks its rows first"
        from ..tools import LockedRowsChanged

        # what trytond's dispatcher, worker and cron do with the error
        extras = {}
        LockedRowsChanged([
                ('crm_party_summary', [4]),
                ('ir_sequence_strict', [1, 3]),
                ]).fix(extras)
        LockedRowsChanged([
                ('crm_party_summary', [4]),
                ('ir_sequence_strict', [1, 5]),
                ('crm_installment', [7]),
                ]).fix(extras)
        # without from_start: the new run locks nothing first
        LockedRowsChanged().fix(extras)
        # the rows of every run so far, each once, in the order they were
        # locked: the new transaction locks them by its first statements
        # (Transaction._lock_records)
        self.assertEqual(extras, {'_lock_records': {
                    'crm_party_summary': [4],
                    'ir_sequence_strict': [1, 3, 5],
                    'crm_installment': [7]}})
        self.assertEqual(list(extras['_lock_records']), [
                'crm_party_summary', 'ir_sequence_strict', 'crm_installment'])

    @with_transaction()
    def test_today_in_company_timezone(self):
        "Today follows the company's time zone, also once it is changed"
        from trytond.tools import timezone as tz
        pool = Pool()
        Date = pool.get('ir.date')
        company = create_company()
        # UTC+14 and UTC-11: their dates always differ
        east, west = 'Pacific/Kiritimati', 'Pacific/Pago_Pago'
        with set_company(company):
            self.assertEqual(Date.today(), datetime.date.today())
            for name in [east, west, None]:
                company.timezone = name
                company.save()
                self.assertEqual(Date.today(), datetime.datetime.now(
                        tz.ZoneInfo(name) if name else None).date())
            # an explicit time zone wins
            self.assertEqual(Date.today(timezone=tz.ZoneInfo(east)),
                datetime.datetime.now(tz.ZoneInfo(east)).date())

    @with_transaction()
    def test_one2many_parents_from_search(self):
        """A one-to-many groups its targets by the parent its search
        fetched, in trytond's order, without reading the targets again"""
        pool = Pool()
        Party = pool.get('party.party')
        Address = pool.get('party.address')
        Mechanism = pool.get('party.contact_mechanism')
        get = Party.addresses.get
        self.assertTrue(getattr(get, 'parents_from_search', False))
        parties = Party.create([{'name': "Reza", 'addresses': [('create', [
                            {'street': "B", 'sequence': 2},
                            {'street': "A", 'sequence': 1}])],
                    'contact_mechanisms': [('create', [
                                {'type': 'phone', 'value': '+989121234567'},
                                {'type': 'email', 'value': 'r@example.com',
                                    'active': False}])]},
                {'name': "Sara"},
                {'name': "Nima", 'addresses': [('create', [{}])]}])
        ids = [p.id for p in parties]
        original = Party.addresses.__class__.get.__wrapped__
        for name, Target in [
                ('addresses', Address), ('contact_mechanisms', Mechanism)]:
            field = Party._fields[name]
            expected = original(field, ids, Party, name)
            self.assertEqual(len(expected[ids[0]]), 2 if name == 'addresses'
                else 1)
            with patch.object(Target, 'read',
                    side_effect=AssertionError("read again")):
                self.assertEqual(field.get(ids, Party, name), expected)

    @with_transaction()
    def test_one2many_of_read(self):
        """The phone, e-mail and job title of a read-only read come from the
        contact mechanisms and positions the same read found; a transaction
        that writes, or another context, searches them again"""
        pool = Pool()
        Party = pool.get('party.party')
        Mechanism = pool.get('party.contact_mechanism')
        Position = pool.get('party.position')
        organization, = Party.create([{'name': "Behsaz"}])
        party, = Party.create([{'name': "Reza",
                    'contact_mechanisms': [('create', [
                                {'type': 'phone', 'value': '+989121234567'},
                                {'type': 'email', 'value': 'r@example.com'},
                                ])],
                    'positions': [('create', [
                                {'title': "Clerk", 'end_date':
                                    datetime.date(2020, 1, 1)},
                                {'title': "Buyer",
                                    'organization': organization.id},
                                ])]}])
        transaction = Transaction()
        names = ['contact_mechanisms', 'positions', 'phone', 'email',
            'job_title']

        def read(readonly=True, **context):
            "The row read and how many searches of each target it made"
            for cache in transaction.cache.values():
                cache.clear()
            transaction.readonly = readonly
            try:
                with transaction.set_context(**context), \
                        patch.object(Mechanism, 'search',
                            wraps=Mechanism.search) as mechanisms, \
                        patch.object(Position, 'search',
                            wraps=Position.search) as positions:
                    row, = Party.read([party.id], names)
                return row, mechanisms.call_count, positions.call_count
            finally:
                transaction.readonly = False

        row, mechanisms, positions = read()
        self.assertEqual(row['phone'], '+98 912 123 4567')
        self.assertEqual(row['email'], 'r@example.com')
        self.assertEqual(row['job_title'], "Buyer")
        self.assertEqual(len(row['positions']), 2)
        self.assertEqual((mechanisms, positions), (1, 1))
        # a transaction that writes: Tryton's getters read them again
        self.assertEqual(read(readonly=False), (row, 2, 2))
        # the memo is the context's: a read in another language its own
        self.assertEqual(read(language='fa'), (row, 1, 1))
        # a getter alone reads the field as usual
        for cache in transaction.cache.values():
            cache.clear()
        transaction.readonly = True
        try:
            self.assertEqual(Party(party.id).job_title, "Buyer")
        finally:
            transaction.readonly = False

    @with_transaction()
    def test_receivable_payable_of_context_company(self):
        """A party's receivable of the context's company when it is the
        user's, without reading the user's record; else the account
        module's own"""
        from decimal import Decimal

        from .accounting import create_accounting, post_receivable
        pool = Pool()
        Party = pool.get('party.party')
        User = pool.get('res.user')
        company = create_company()
        with set_company(company):
            accounting = create_accounting(company)
            party, = Party.create([{'name': "Karim"}])
            post_receivable(accounting, party, Decimal('120.45'),
                pool.get('ir.date').today())
            user, = User.create([{'name': "Clerk", 'login': 'clerk',
                        'companies': [('add', [company.id])],
                        'company': company.id}])
            names = ['receivable', 'receivable_today', 'payable']
            with Transaction().set_user(user.id):
                # the user's companies, cached by the company module
                self.assertEqual(list(User.get_companies()), [company.id])
                for cache in Transaction().cache.values():
                    cache.clear()
                with patch.object(User, 'read',
                        side_effect=AssertionError("read the user")):
                    amounts = Party.get_receivable_payable([party], names)
            self.assertEqual(amounts['receivable'][party.id],
                Decimal('120.45'))
            self.assertEqual(amounts['receivable_today'][party.id],
                Decimal('120.45'))
            self.assertEqual(amounts['payable'][party.id], Decimal(0))
            # a company that is not the user's: the account module's
            with Transaction().set_user(user.id), \
                    Transaction().set_context(company=company.id + 1):
                amounts = Party.get_receivable_payable([party], names)
            self.assertEqual(amounts['receivable'][party.id], Decimal(0))
            self.assertEqual(Party(party.id).currency, company.currency)

    @with_transaction()
    def test_iranian_chart(self):
        """The Iranian chart (account_chart_ir.xml) of a company: closed
        groups of four-digit ledgers under their code, each ledger of a
        type of its statement (assets, liabilities and equity, income,
        off-balance), 1105 and 2101 the only receivable and payable the
        wizard proposes, and a move on every ledger keeps the balance sheet
        balanced with its non-current sections"""
        from decimal import Decimal

        from trytond.modules.account.tests.test_module import get_fiscalyear
        from trytond.modules.account_invoice.tests.test_module import (
            set_invoice_sequences)
        pool = Pool()
        Account = pool.get('account.account')
        AccountTemplate = pool.get('account.account.template')
        Configuration = pool.get('account.configuration')
        CreateChart = pool.get('account.create_chart', type='wizard')
        FiscalYear = pool.get('account.fiscalyear')
        Journal = pool.get('account.journal')
        ModelData = pool.get('ir.model.data')
        Move = pool.get('account.move')
        Party = pool.get('party.party')
        Period = pool.get('account.period')
        Type = pool.get('account.account.type')
        company = create_company()
        with set_company(company):
            session_id, _, _ = CreateChart.create()
            wizard = CreateChart(session_id)
            wizard.account.account_template = AccountTemplate(
                ModelData.get_id('crm_fin', 'account_template_root_ir'))
            wizard.account.company = company
            wizard.transition_create_account()
            defaults = wizard.states['properties'].get_defaults(
                wizard, 'properties',
                list(wizard.properties._fields.keys()))
            accounts = Account.search([('company', '=', company.id)])
            by_code = {a.code: a for a in accounts if a.code}
            # the wizard proposes the only receivable and payable
            self.assertEqual(defaults['account_receivable'],
                by_code['1105'].id)
            self.assertEqual(defaults['account_payable'], by_code['2101'].id)
            for name, value in defaults.items():
                if name in wizard.properties._fields:
                    setattr(wizard.properties, name, value)
            wizard.transition_create_properties()
            configuration = Configuration(1)
            self.assertEqual(
                configuration.default_account_receivable.code, '1105')
            self.assertEqual(configuration.default_account_payable.code, '2101')

            def type_(name):
                return Type.search([('company', '=', company.id),
                        ('template', '=', ModelData.get_id(
                                'crm_fin', 'account_type_template_ir_' + name)),
                        ])[0]

            def under(name):
                "The ids of the type of the template name and its children"
                return {t.id for t in Type.search([
                            ('parent', 'child_of', [type_(name).id])])}

            root, = [a for a in accounts if not a.parent]
            self.assertEqual(root.name, "کدینگ حساب‌ها (ایران)")
            self.assertTrue(root.closed)
            groups = {a.code: a for a in root.childs}
            self.assertEqual(sorted(groups),
                ['1', '12', '2', '22', '3', '4', '5', '9'])
            for group in groups.values():
                self.assertIsNone(group.type, group.code)
                self.assertTrue(group.closed, group.code)
            codes = [a.code for a in accounts if a.parent]
            self.assertEqual(len(codes), len(set(codes)))
            self.assertGreaterEqual(len(codes), 60)
            ledgers = [a for a in accounts
                if a.parent and a.code not in groups]
            sections = {
                '11': under('current_assets'),
                '12': under('non_current_assets'),
                '21': under('current_liabilities'),
                '22': under('non_current_liabilities'),
                '3': under('equity') - under('income'),
                '4': under('income'),
                '5': under('income'),
                '9': under('off_balance'),
                }
            expense = under('expense')
            for ledger in ledgers:
                code = ledger.code
                self.assertRegex(code, r'^\d{4}$')
                # its group: the longest group code its code starts with
                self.assertEqual(ledger.parent.code, max(
                        (g for g in groups if code.startswith(g)), key=len))
                self.assertFalse(ledger.childs, code)
                self.assertFalse(ledger.closed, code)
                self.assertIsNotNone(ledger.type, code)
                section = code[:2] if code[0] in '12' else code[0]
                self.assertIn(ledger.type.id, sections[section], code)
                statement = {'1': 'balance', '2': 'balance', '3': 'balance',
                    '4': 'income', '5': 'income', '9': 'off-balance'}[code[0]]
                self.assertEqual(ledger.type.statement, statement, code)
                self.assertEqual(ledger.type.assets, code[0] == '1', code)
                if code[0] == '4':
                    self.assertTrue(ledger.type.revenue, code)
                elif code[0] == '5':
                    self.assertIn(ledger.type.id, expense, code)
                    self.assertEqual(
                        ledger.type.expense, code[:2] != '55', code)
                else:
                    self.assertFalse(ledger.type.revenue, code)
                    self.assertFalse(ledger.type.expense, code)
                if ledger.party_required:
                    self.assertTrue(ledger.reconcile, code)
            self.assertEqual(
                [a.code for a in ledgers if a.type.receivable], ['1105'])
            self.assertEqual(
                [a.code for a in ledgers if a.type.payable], ['2101'])
            for code in ['1105', '1112', '1113', '2101', '2104', '2111']:
                self.assertTrue(by_code[code].party_required, code)

            # a move on every ledger, each its own amount: debits on the
            # assets (but their allowances) and the expenses, credits on the
            # others; a guarantee received off the balance sheet
            fiscalyear = set_invoice_sequences(get_fiscalyear(company))
            fiscalyear.save()
            FiscalYear.create_period([fiscalyear])
            journal, = Journal.search([('code', '=', 'MISC')])
            party, = Party.create([{'name': "Tolou"}])
            today = pool.get('ir.date').today()
            contra = under('doubtful') | under('depreciation')
            lines, total = [], Decimal(0)
            for i, ledger in enumerate(ledgers):
                amount = Decimal(1000 + 37 * i)
                if ledger.code == '9101':
                    debit, amount = True, Decimal(5000)
                elif ledger.code == '9102':
                    debit, amount = False, Decimal(5000)
                else:
                    debit = (ledger.code[0] in '15'
                        and ledger.type.id not in contra)
                    total += amount if debit else -amount
                line = {'account': ledger.id,
                    'debit': amount if debit else 0,
                    'credit': 0 if debit else amount}
                if ledger.party_required:
                    line['party'] = party.id
                lines.append(line)
            lines.append({'account': by_code['3101'].id,
                    'debit': max(-total, 0), 'credit': max(total, 0)})
            move, = Move.create([{'journal': journal.id, 'date': today,
                        'period': Period.find(company, today),
                        'lines': [('create', lines)]}])
            Move.post([move])

            def balance(prefix):
                return sum(a.debit - a.credit for a in Account.browse(
                        [a.id for a in ledgers if a.code.startswith(prefix)]))
            assets, liabilities = type_('assets'), type_('liabilities')
            self.assertTrue(assets.amount)
            # the balance sheet balances: every account in one side
            self.assertEqual(assets.amount, liabilities.amount)
            self.assertEqual(
                type_('non_current_assets').amount, balance('12'))
            self.assertEqual(
                type_('non_current_liabilities').amount, -balance('22'))
            self.assertEqual(type_('current_assets').amount
                + type_('non_current_assets').amount, assets.amount)
            # accumulated depreciation reduces the fixed assets
            self.assertEqual(type_('fixed_assets').amount,
                balance('120') + balance('121'))
            self.assertLess(balance('121'), 0)
            self.assertEqual(type_('income').amount,
                -(balance('4') + balance('5')))

    @with_transaction()
    def test_roles_text_with_profile(self):
        """The roles as words come from the profile's one read of the
        summary row (a customer's form read it twice, issue 21), and equal
        the roles read directly"""
        pool = Pool()
        Party = pool.get('party.party')
        Summary = pool.get('crm.party.summary')
        party, other = Party.create([{'name': "Roya"}, {'name': "Nima"}])
        summary = Summary.__table__()
        cursor = Transaction().connection.cursor()
        self.assertTrue(Summary.enabled())
        cursor.execute(*summary.delete(
                where=summary.party.in_([party.id, other.id])))
        cursor.execute(*summary.insert(
                [summary.party, summary.roles],
                [[party.id, ',customer,opportunity,']]))
        names = ['roles', 'roles_text', 'payment_score']
        expected = [
            {'id': party.id, 'roles': ('customer', 'opportunity'),
                'roles_text': "Customer, Opportunity",
                'payment_score': None},
            {'id': other.id, 'roles': (), 'roles_text': "",
                'payment_score': None}]
        with patch.object(Party, 'get_roles',
                side_effect=AssertionError("roles read again")):
            self.assertEqual(
                Party.read([party.id, other.id], names), expected)
            self.assertEqual(
                Party.read([party.id], ['roles_text']),
                [{'id': party.id, 'roles_text': "Customer, Opportunity"}])

        # without the summary: the hooks' queries
        table = Party.__table__()

        def role_queries():
            return [(role, table.select(table.id.as_('party'),
                        where=table.id == party.id))
                for role in ['opportunity', 'customer']]
        with Transaction().set_context(_crm_summary=False), \
                patch.object(Party, '_party_role_queries', role_queries):
            self.assertEqual(
                Party.read([party.id, other.id], names), expected)

    @with_transaction()
    def test_party_values_cached_for_reads(self):
        """A party's company-dependent values are searched once per process
        by the read-only transactions, and again after a change"""
        pool = Pool()
        Lang = pool.get('ir.lang')
        Party = pool.get('party.party')
        Value = pool.get('party.party.lang')
        english, = Lang.search([('code', '=', 'en')])
        persian, = Lang.search([('code', '=', 'fa')])
        company = create_company()
        transaction = Transaction()

        def read_lang(readonly=True):
            for cache in transaction.cache.values():
                cache.clear()
            transaction.readonly = readonly
            try:
                return Party(party.id).lang
            finally:
                transaction.readonly = False

        with set_company(company):
            party, = Party.create([{'name': "Leila", 'lang': english.id}])
            self.assertEqual(read_lang(), english)
            refused = AssertionError("searched again")
            with patch.object(Value, 'search', side_effect=refused), \
                    patch.object(Value, 'read', side_effect=refused):
                self.assertEqual(read_lang(), english)
                # a transaction that writes reads the database
                with self.assertRaises(AssertionError):
                    read_lang(readonly=False)
            Party.write([party], {'lang': persian.id})
            self.assertEqual(read_lang(), persian)

    def test_cursor_dict_reads_names_once(self):
        "Rows as dictionaries, the column names read once per result"
        from trytond.tools import cursor_dict

        class Cursor:
            arraysize = 1
            reads = 0

            def __init__(self, rows):
                self.rows = list(rows)

            @property
            def description(self):
                self.reads += 1
                return [('id',), ('name',)]

            def fetchmany(self, size):
                rows, self.rows = self.rows[:size], self.rows[size:]
                return rows

        cursor = Cursor((i, 'n%s' % i) for i in range(2500))
        rows = list(cursor_dict(cursor))
        self.assertEqual(rows[0], {'id': 0, 'name': 'n0'})
        self.assertEqual(rows[-1], {'id': 2499, 'name': 'n2499'})
        self.assertEqual(len(rows), 2500)
        self.assertEqual(cursor.reads, 1)
        cursor = Cursor([(1, 'a'), (2, 'b')])
        self.assertEqual(list(cursor_dict(cursor, 1)),
            [{'id': 1, 'name': 'a'}, {'id': 2, 'name': 'b'}])
        self.assertEqual(cursor.reads, 1)

    @with_transaction()
    def test_format_date(self):
        "Dates in the reader's convention: Jalali fa, dd.mm.yyyy pl, ir.lang"
        from ..tools import amount_in_words, format_date, format_year
        date = datetime.date(2026, 11, 22)
        self.assertEqual(format_date(date, 'fa'), '۱۴۰۵/۰۹/۰۱')
        self.assertEqual(format_date(date, 'fa', persian_digits=False),
            '1405/09/01')
        self.assertEqual(format_date(date, 'fa_IR'), '۱۴۰۵/۰۹/۰۱')
        self.assertEqual(format_date(date, 'pl'), '22.11.2026')
        self.assertEqual(format_date(date, 'en'), '11/22/2026')
        self.assertEqual(format_date(datetime.datetime(2026, 12, 1, 23, 59),
                'fa'), '۱۴۰۵/۰۹/۱۰')
        self.assertEqual(format_date(None, 'fa'), '')
        # Jalali leap years: 1403 has an Esfand 30, 1404 does not
        self.assertEqual(format_date(datetime.date(2025, 3, 20), 'fa'),
            '۱۴۰۳/۱۲/۳۰')
        self.assertEqual(format_date(datetime.date(2025, 3, 21), 'fa'),
            '۱۴۰۴/۰۱/۰۱')
        self.assertEqual(format_date(datetime.date(2026, 3, 20), 'fa'),
            '۱۴۰۴/۱۲/۲۹')
        self.assertEqual(format_date(datetime.date(2026, 3, 21), 'fa'),
            '۱۴۰۵/۰۱/۰۱')
        self.assertEqual(format_year(2026, 'en'), '2026')
        self.assertEqual(format_year(1405, 'fa'), '۱۴۰۵')
        self.assertEqual(amount_in_words(1250000, 'fa'),
            'یک میلیون و دویست و پنجاه هزار')
        self.assertEqual(amount_in_words(12, 'pl'), 'dwanaście')

    def test_amount_in_words_currency(self):
        "Amounts in words end with the currency's words of the language"
        from decimal import Decimal
        from types import SimpleNamespace

        from ..tools import amount_in_words
        irr = SimpleNamespace(code='IRR', name="Iranian Rial", digits=0)
        pln = SimpleNamespace(code='PLN', name="Polish Złoty", digits=2)
        self.assertEqual(amount_in_words(Decimal('1250000'), 'fa', irr),
            'یک میلیون و دویست و پنجاه هزار ریال')
        self.assertEqual(amount_in_words(Decimal('1234.56'), 'pl', pln),
            'tysiąc dwieście trzydzieści cztery złote, '
            'pięćdziesiąt sześć groszy')
        self.assertEqual(amount_in_words(Decimal('25.00'), 'pl', pln),
            'dwadzieścia pięć złotych, zero groszy')

    def test_iranian_numbers(self):
        "National code, legal national ID and economic code check digits"
        from ..iranian_ids import economic_code, legal_id, national_code
        self.assertTrue(national_code.is_valid('2468135792'))
        self.assertTrue(national_code.is_valid('۲۴۶۸۱۳۵۷۹۲'))
        self.assertTrue(national_code.is_valid('246-813579-2'))
        for wrong in ['2468135793', '1111111111', '007622964', 'A076229645']:
            self.assertFalse(national_code.is_valid(wrong), wrong)
        self.assertTrue(legal_id.is_valid('14101234563'))
        self.assertFalse(legal_id.is_valid('14101234564'))
        self.assertTrue(economic_code.is_valid('14101234563'))
        self.assertFalse(economic_code.is_valid('14101234564'))
        self.assertTrue(economic_code.is_valid('41111111111111'))
        self.assertFalse(economic_code.is_valid('4111111111'))

    @with_transaction()
    def test_iranian_identifiers(self):
        "A wrong check digit is refused with a clear message"
        pool = Pool()
        Party = pool.get('party.party')
        Identifier = pool.get('party.identifier')
        party, = Party.create([{'name': "Ali Rezaei"}])
        identifier, = Identifier.create([{
                    'party': party.id, 'type': 'ir_national_code',
                    'code': '۲۴۶-۸۱۳۵۷۹-۲'}])
        self.assertEqual(identifier.code, '2468135792')
        with self.assertRaisesRegex(
                ValidationError, 'check digit.*does not match'):
            Identifier.write([identifier], {'code': '2468135793'})
        with self.assertRaisesRegex(ValidationError, 'must have 11 digits'):
            Identifier.create([{'party': party.id, 'type': 'ir_legal_id',
                        'code': '1038028479'}])
        self.assertIn('ir_economic_code', Party.tax_identifier_types())

    @with_transaction()
    def test_party_search_persian_digits(self):
        """A customer's code and national ID typed in Persian digits find
        him (kept in Latin digits); a name typed with Persian digits is
        found as typed"""
        pool = Pool()
        Party = pool.get('party.party')
        Identifier = pool.get('party.identifier')
        ali, reza, shop = Party.create([
                {'name': "Ali Rezaei", 'code': '1402'},
                {'name': "Reza Karimi", 'code': '1403'},
                {'name': "فروشگاه ۲۴"}])
        Identifier.create([{'party': reza.id, 'type': 'ir_national_code',
                    'code': '2468135792'}])
        for typed, found in [('۱۴۰۲', [ali]), ('%۱۴۰%', [ali, reza]),
                ('۲۴۶۸۱۳۵۷۹۲', [reza]), ('%۲۴%', [reza, shop]),
                ('%٢٤٦٨١٣%', [reza])]:
            operator = 'ilike' if '%' in typed else '='
            self.assertEqual(Party.search([('rec_name', operator, typed)],
                    order=[('id', 'ASC')]), found, typed)
        self.assertEqual(Party.search(
                [('rec_name', 'not ilike', '%۱۴۰%')], order=[('id', 'ASC')]),
            [shop])
        self.assertEqual(Party.search(
                [('rec_name', 'in', ['۱۴۰۲', '1403'])], order=[('id', 'ASC')]),
            [ali, reza])
        self.assertEqual(Party.search(
                [('rec_name', 'not in', ['۱۴۰۲'])], order=[('id', 'ASC')]),
            [reza, shop])

    @with_transaction()
    def test_user_calendar(self):
        "The calendar follows the language unless the user chose one"
        pool = Pool()
        Lang = pool.get('ir.lang')
        User = pool.get('res.user')
        persian, = Lang.search([('code', '=', 'fa')])
        polish, = Lang.search([('code', '=', 'pl')])
        Lang.write([persian, polish], {'translatable': True})
        user, = User.create([{
                    'name': "Persian", 'login': 'persian',
                    'language': persian.id}])
        with Transaction().set_user(user.id):
            self.assertEqual(
                User.get_preferences(context_only=True)['calendar'],
                'jalali')
            User.set_preferences({'calendar': 'gregorian'})
            self.assertEqual(
                User.get_preferences()['calendar'], 'gregorian')
        User.write([user], {'calendar': None, 'language': polish.id})
        with Transaction().set_user(user.id):
            self.assertEqual(
                User.get_preferences(context_only=True)['calendar'],
                'gregorian')
        self.assertIn('calendar', User.get_preferences_fields_view()['fields'])

    @with_transaction()
    def test_format_amount(self):
        "Numbers and money with the currency's digits and sign, per language"
        from decimal import Decimal

        from ..tools import format_amount, format_number
        pool = Pool()
        Currency = pool.get('currency.currency')
        irr, pln, usd = Currency.create([
                {'name': "Iranian Rial", 'code': 'IRR', 'symbol': '﷼',
                    'rounding': Decimal(1), 'digits': 0},
                {'name': "Polish Złoty", 'code': 'PLN', 'symbol': 'zł',
                    'rounding': Decimal('0.01'), 'digits': 2},
                {'name': "US Dollar", 'code': 'USD', 'symbol': '$',
                    'rounding': Decimal('0.01'), 'digits': 2},
                ])
        nbsp = '\u00a0'
        amount = Decimal('86445000.4')
        self.assertEqual(format_amount(amount, irr, 'fa'),
            '۸۶٬۴۴۵٬۰۰۰' + nbsp + 'ریال')
        self.assertEqual(format_amount(amount, irr, 'en'),
            'IRR' + nbsp + '86,445,000')
        self.assertEqual(format_amount(amount, irr, 'pl'),
            '86' + nbsp + '445' + nbsp + '000' + nbsp + 'IRR')
        self.assertEqual(format_amount(Decimal('1234.5'), pln, 'pl'),
            '1' + nbsp + '234,50' + nbsp + 'zł')
        self.assertEqual(format_amount(Decimal('-1234.567'), usd, 'en'),
            '-$1,234.57')
        self.assertEqual(format_amount(Decimal('12.5'), pln, 'fa'),
            '۱۲٫۵۰' + nbsp + 'zł')
        self.assertEqual(format_number(Decimal('1234.5'), 'en'), '1,234.5')
        self.assertEqual(format_number(9, 'fa'), '۹')
        self.assertEqual(format_number(Decimal('9.00'), 'pl', digits=0), '9')
        self.assertEqual(format_number(None, 'en'), '')

    @with_transaction()
    def test_number_digits(self):
        "Rial prices without decimals, report amounts and quantities"
        from decimal import Decimal

        from trytond.pyson import PYSONDecoder
        pool = Pool()
        Currency = pool.get('currency.currency')
        SaleLine = pool.get('sale.line')
        Template = pool.get('product.template')
        Yearly = pool.get('crm.product.sales.yearly')
        irr, pln = Currency.create([
                {'name': "Iranian Rial", 'code': 'IRR', 'symbol': '﷼',
                    'rounding': Decimal(1), 'digits': 0},
                {'name': "Polish Złoty", 'code': 'PLN', 'symbol': 'zł',
                    'rounding': Decimal('0.01'), 'digits': 2},
                ])
        for Model in [SaleLine, Template]:
            digits = Model.fields_get(['list_price' if Model is Template
                    else 'unit_price']).popitem()[1]['digits']
            self.assertEqual(PYSONDecoder({'price_decimals': None}).decode(
                    digits), [None, None])
            self.assertEqual(PYSONDecoder({'price_decimals': 4}).decode(
                    digits), [None, 4])
        line = SaleLine(currency=irr)
        self.assertIsNone(line.on_change_with_price_decimals())
        line = SaleLine(currency=pln)
        self.assertEqual(line.on_change_with_price_decimals(), 4)
        fields = Yearly.fields_get(['amount', 'quantity'])
        self.assertEqual(fields['amount']['digits'], '"currency"')
        self.assertEqual(fields['quantity']['digits'], '"unit"')
        company = create_company(currency=irr)
        with set_company(company):
            self.assertIsNone(Template(
                    name="Laptop").on_change_with_price_decimals())

    @with_transaction()
    def test_calendar_days(self):
        "The calendar days of the reports: Jalali year and month of each"
        from trytond.modules.crm_fin.tools import to_jalali
        CalendarDay = Pool().get('crm.calendar.day')
        days = list(CalendarDay._days())
        self.assertEqual(CalendarDay.search([], count=True), len(days))
        self.assertEqual(len({d[0] for d in days}), len(days))
        starts = 0
        for previous, day in zip(days, days[1:]):
            self.assertEqual(day[0] - previous[0], datetime.timedelta(1))
            if day[3:] == previous[3:]:
                continue
            # the last day of a Jalali month and the first of the next
            starts += 1
            for date, _, _, year, month in [previous, day]:
                jalali = to_jalali(date)
                self.assertEqual((year, month), (jalali.year, jalali.month))
        self.assertEqual(starts, 151 * 12)
        # the Nowruz of 1405
        nowruz = [d for d in days if d[0] in {
                    datetime.date(2026, 3, 20), datetime.date(2026, 3, 21)}]
        self.assertEqual([d[3:] for d in nowruz], [[1404, 12], [1405, 1]])

    @with_transaction()
    def test_gdpr_special_categories(self):
        "Religion is hidden and refused unless the company enables it"
        pool = Pool()
        Configuration = pool.get('crm.configuration')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            party, = Party.create([{'name': "Maryam"}])
            self.assertFalse(party.special_categories)
            view = Party.fields_view_get(view_type='form')
            self.assertIn('religion', view['fields'])
            self.assertIn('special_categories',
                view['fields']['religion']['states'])
            with self.assertRaisesRegex(ValidationError, "special category"):
                Party.write([party], {'religion': 'islam'})

            configuration = Configuration(1)
            configuration.special_categories = True
            configuration.save()
            self.assertTrue(Party(party.id).special_categories)
            with self.assertRaisesRegex(ValidationError, "explicit consent"):
                Party.write([party], {'religion': 'islam'})
            Party.write([party], {'religion': 'islam',
                    'special_data_consent': datetime.date(2026, 1, 5)})
            with Transaction().set_context(_check_access=True):
                row, = Party.read([party.id], ['religion'])
            self.assertEqual(row['religion'], 'islam')

            # another company, or this one disabling it: users read nothing
            configuration.special_categories = False
            configuration.save()
            with Transaction().set_context(_check_access=True):
                row, = Party.read([party.id], ['religion', 'name'])
            self.assertEqual(row, {'id': party.id, 'religion': None,
                    'name': "Maryam"})

    @with_transaction()
    def test_gdpr_access_and_erase(self):
        "A subject access export holds the data; erasure anonymises it"
        import json
        pool = Pool()
        Party = pool.get('party.party')
        Alarm = pool.get('crm.alarm')
        PersonalData = pool.get('party.personal_data', type='report')
        Erase = pool.get('party.erase', type='wizard')
        party, = Party.create([{
                    'name': "Reza Karimi", 'honorific': "Eng.",
                    'birthday': datetime.date(1978, 11, 30),
                    'addresses': [('create', [{'street': "Vali Asr 12",
                                    'city': "Tehran"}])],
                    'contact_mechanisms': [('create', [{
                                    'type': 'email',
                                    'value': 'reza@example.com'}])],
                    'positions': [('create', [{'title': "Engineer"}])],
                    }])
        Alarm.create([{'origin': party, 'kind': 'other', 'party': party.id,
                    'date': datetime.date(2026, 11, 30),
                    'name': "Call Reza Karimi"}])

        ext, content, _, _ = PersonalData.execute([party.id], {})
        self.assertEqual(ext, 'json')
        data = json.loads(content)
        self.assertEqual(data['party']['name'], "Reza Karimi")
        self.assertEqual(data['party']['birthday'], '1978-11-30')
        self.assertEqual(data['party.address'][0]['street'], "Vali Asr 12")
        self.assertEqual(data['party.contact_mechanism'][0]['value'],
            'reza@example.com')
        self.assertEqual(data['party.position'][0]['title'], "Engineer")
        self.assertEqual(data['crm.alarm'][0]['custom_name'],
            "Call Reza Karimi")

        Party.write([party], {'active': False})
        session_id, _, _ = Erase.create()
        erase = Erase(session_id)
        erase.ask.party = party
        erase.transition_erase()
        # read again: the wizard erases in SQL, after the records' cache
        self.assertEqual(Party.read([party.id], [
                    'name', 'honorific', 'birthday'])[0], {
                'id': party.id, 'name': None, 'honorific': None,
                'birthday': None})
        with Transaction().set_context(active_test=False):
            for model, field, value in [
                    ('party.address', 'street', None),
                    ('party.contact_mechanism', 'value', '****'),
                    ('party.position', 'title', '****'),
                    ('crm.alarm', 'custom_name', '****'),
                    ]:
                Model = pool.get(model)
                records = Model.search([(
                                'person' if model == 'party.position'
                                else 'party', '=', party.id)])
                self.assertEqual(
                    [r[field] for r in Model.read(
                            [r.id for r in records], [field])],
                    [value], msg=model)
        # nor in the history of the party
        history = Party.__table_history__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*history.select(history.name, history.birthday,
                where=history.id == party.id))
        self.assertEqual(set(cursor), {(None, None)})

    @with_transaction()
    def test_party_region(self):
        "A party's region is its main address's, kept by address changes"
        pool = Pool()
        Party = pool.get('party.party')
        Address = pool.get('party.address')
        ModelData = pool.get('ir.model.data')
        Subdivision = pool.get('country.subdivision')
        District = pool.get('crm.district')
        tehran = Subdivision(ModelData.get_id('crm_fin', 'subdivision_ir_23'))
        isfahan = Subdivision(ModelData.get_id('crm_fin', 'subdivision_ir_10'))
        district = District(ModelData.get_id('crm_fin', 'district_tehran_06'))
        iran = tehran.country

        def region(party):
            party = Party(party.id)
            return (party.region_province, party.region_district)

        party, = Party.create([{'name': "Maryam", 'addresses': [
                        ('create', [{'country': iran.id, 'sequence': 10,
                                    'subdivision': isfahan.id}])]}])
        self.assertEqual(region(party), (isfahan, None))
        # the district gives its city's province
        second, = Address.create([{'party': party.id, 'country': iran.id,
                    'district': district.id, 'sequence': 1}])
        self.assertEqual(region(party), (tehran, district))
        # the main address is the first by sequence
        second.sequence = 20
        second.save()
        self.assertEqual(region(party), (isfahan, None))
        first, _ = Party(party.id).addresses
        first.active = False
        first.save()
        self.assertEqual(region(party), (tehran, district))
        Address.delete([second])
        self.assertEqual(region(party), (None, None))
        # a copy takes the region of its own addresses
        first.active = True
        first.save()
        copy, = Party.copy([party])
        self.assertEqual(region(copy), (isfahan, None))

    @with_transaction()
    def test_address_forms_region(self):
        """Both address forms (the party's form edits its addresses with the
        simple one) offer the city list and the district"""
        pool = Pool()
        Address = pool.get('party.address')
        ModelData = pool.get('ir.model.data')
        for fs_id in ['address_view_form', 'address_view_form_simple']:
            with self.subTest(view=fs_id):
                view = Address.fields_view_get(
                    view_id=ModelData.get_id('party', fs_id))
                self.assertLessEqual({'city_subdivision', 'district'},
                    set(view['fields']))

    @with_transaction()
    def test_address_rec_name(self):
        """An address reads as its user writes it: the Persian comma for a
        Persian user, no country code in the company's own country"""
        pool = Pool()
        Party = pool.get('party.party')
        Country = pool.get('country.country')
        ModelData = pool.get('ir.model.data')
        iran = Country(ModelData.get_id('crm_fin', 'country_ir'))
        poland, = Country.create([{'name': "Poland", 'code': 'PL'}])
        company = create_company()
        company.party.addresses[0].country = iran
        company.party.addresses[0].save()
        party, = Party.create([{'name': "Maryam", 'addresses': [
                        ('create', [
                                {'street': "Enghelab Sq.", 'city': "Tehran",
                                    'country': iran.id},
                                {'street': "ul. Długa 5", 'city': "Kraków",
                                    'country': poland.id}])]}])
        with set_company(company):
            domestic, foreign = Party(party.id).addresses
            self.assertEqual(domestic.rec_name,
                "Maryam, Enghelab Sq., Tehran")
            self.assertEqual(foreign.rec_name,
                "Maryam, ul. Długa 5, Kraków, PL")
            with Transaction().set_context(language='fa'):
                self.assertEqual(
                    party.__class__(party.id).addresses[0].rec_name,
                    "Maryam، Enghelab Sq.، Tehran")

    @with_transaction()
    def test_printed_address_district(self):
        "The prints name an address's district (a record) before its street"
        from trytond.modules.crm_fin.report import PrintedParty
        pool = Pool()
        Party = pool.get('party.party')
        ModelData = pool.get('ir.model.data')
        District = pool.get('crm.district')
        district = District(ModelData.get_id('crm_fin', 'district_tehran_06'))
        party, = Party.create([{'name': "Maryam", 'addresses': [
                        ('create', [{'district': district.id,
                                    'street': "Enghelab Sq., No. 14"}])]}])
        printed = PrintedParty(party, party.addresses[0])
        self.assertEqual(printed.street,
            '%s, Enghelab Sq., No. 14' % district.name)
        self.assertIn(printed.street, printed.full_address)

    @with_transaction()
    def test_access_scope(self):
        """Templates add up: restricted by regions only if all are, own
        records only in the areas all switch on; administrators and users
        without templates unrestricted"""
        pool = Pool()
        User = pool.get('res.user')
        Role = pool.get('res.role')
        ModelData = pool.get('ir.model.data')
        tehran = ModelData.get_id('crm_fin', 'subdivision_ir_23')
        isfahan = ModelData.get_id('crm_fin', 'subdivision_ir_10')
        district = ModelData.get_id('crm_fin', 'district_isfahan_01')
        admin = ModelData.get_id('res', 'group_admin')
        tehran_role, isfahan_role, all_role = Role.create([
                {'name': "Tehran", 'provinces': [('add', [tehran])],
                    'own_sales': True, 'own_tasks': True},
                {'name': "Isfahan", 'districts': [('add', [district])],
                    'provinces': [('add', [isfahan])], 'own_sales': True},
                {'name': "Everywhere", 'region_access': 'all'},
                ])
        user, = User.create([{'name': "Sara", 'login': 'sara'}])
        self.assertFalse(User.get_access_scope(user.id).regional)
        User.write([user], {'roles': [('create', [
                            {'role': tehran_role.id},
                            {'role': isfahan_role.id}])]})
        scope = User.get_access_scope(user.id)
        self.assertTrue(scope.regional)
        self.assertEqual(scope.provinces, tuple(sorted([tehran, isfahan])))
        self.assertEqual(scope.districts, (district,))
        self.assertEqual(scope.own, {'sale'})
        User.write([user], {'roles': [('create', [{'role': all_role.id}])]})
        scope = User.get_access_scope(user.id)
        self.assertFalse(scope.regional)
        self.assertEqual(scope.own, set())
        User.write([user], {'roles': [('delete', [
                            r.id for r in User(user.id).roles
                            if r.role == all_role])]})
        self.assertTrue(User.get_access_scope(user.id).regional)
        # a template given for a period only
        role, = [r for r in User(user.id).roles if r.role == tehran_role]
        role.to_date = datetime.datetime.now() - datetime.timedelta(days=1)
        role.save()
        self.assertEqual(User.get_access_scope(user.id).provinces, (isfahan,))
        # the groups follow the templates: an administrator's template
        # has the Administration group
        admin_role, = Role.create([{'name': "Administration",
                    'groups': [('add', [admin])],
                    'provinces': [('add', [tehran])]}])
        admin_user, = User.create([{'name': "Boss", 'login': 'boss',
                    'roles': [('create', [{'role': admin_role.id}])]}])
        self.assertIn(admin, [g.id for g in User(admin_user.id).groups])
        self.assertFalse(User.get_access_scope(admin_user.id).regional)

    @with_transaction()
    def test_edition_users(self):
        "Base 1 has two users; extra users are bought; no edition, no limit"
        pool = Pool()
        Configuration = pool.get('crm.configuration')
        User = pool.get('res.user')
        configuration = Configuration(1)
        self.assertIsNone(configuration.users_allowed)
        configuration.edition = 'base1'
        configuration.save()
        self.assertEqual(configuration.users_allowed, 2)
        User.create([{'name': "Receptionist", 'login': 'reception'}])
        with self.assertRaisesRegex(ValidationError, "Base 1 allows 2"):
            User.create([{'name': "Accountant", 'login': 'accountant'}])
        self.assertFalse(User.search([('login', '=', 'accountant')]))
        configuration.extra_users = 1
        configuration.save()
        self.assertEqual(configuration.users_allowed, 3)
        User.create([{'name': "Accountant", 'login': 'accountant'}])
        configuration.extra_users = 0
        with self.assertRaisesRegex(ValidationError, "there would be 3"):
            configuration.save()

    @with_transaction()
    def test_edition_features(self):
        "The map from Base 4, serial numbers only in Base 5"
        pool = Pool()
        Configuration = pool.get('crm.configuration')
        Address = pool.get('party.address')
        Line = pool.get('sale.line')
        Party = pool.get('party.party')

        def hidden(Model, name):
            return ('//field[@name="%s"]' % name, 'states',
                {'invisible': True}) in Model.view_attributes()

        for edition, map_hidden, serial_hidden in [
                (None, False, False),
                ('base3', True, True),
                ('base4', False, True),
                ('base5', False, False),
                ]:
            Configuration.write([Configuration(1)], {'edition': edition})
            self.assertEqual(hidden(Address, 'map_url'), map_hidden, edition)
            self.assertEqual(
                hidden(Line, 'serial_number'), serial_hidden, edition)
        party, = Party.create([{'name': "Ali Rezaei", 'addresses': [
                        ('create', [{'street': "Valiasr St. 12",
                                    'city': "Tehran"}])]}])
        address, = party.addresses
        self.assertEqual(address.map_url,
            'https://www.google.com/maps/search/?api=1&query='
            'Valiasr+St.+12+Tehran')

    @with_transaction()
    def test_group_crm_user(self):
        "A CRM user works with alarms and reports and configures nothing"
        self.assertGroupAccess('crm_fin.group_crm_user', {
                'crm.alarm': 'rw',
                'crm.party.rfm': 'r',
                'crm.sales.target': 'r',
                'crm.acquisition.source': 'r',
                'crm.description.snippet': 'r',
                'crm.party.profitability': '',
                'crm.product.profit': '',
                }, menus={
                'crm_fin.menu_crm': True,
                'crm_fin.menu_party_rfm': True,
                'crm_fin.menu_crm_configuration': False,
                }, exports={
                'party.party': False,
                'sale.sale': False,
                'account.invoice': False,
                })

    @with_transaction()
    def test_group_crm_manager(self):
        "A CRM manager also configures, sets targets and sees margins"
        self.assertGroupAccess('crm_fin.group_crm_manager', {
                'crm.alarm': 'rwcd',
                'crm.sales.target': 'rwcd',
                'crm.acquisition.source': 'rwcd',
                'crm.party.profitability': 'r',
                'crm.product.profit': 'r',
                }, menus={'crm_fin.menu_crm_configuration': True},
            exports={'party.party': False})

    @with_transaction()
    def test_group_export(self):
        "Only the CRM Data Export group takes the customer list away"
        self.assertGroupAccess(
            ['crm_fin.group_crm_user', 'crm_fin.group_export'], {
                'crm.alarm': 'rw',
                }, exports={
                'party.party': True,
                'sale.sale': True,
                'account.invoice': True,
                })

    @with_transaction()
    def test_group_finance(self):
        "Finance keeps the books and sees margins, not the CRM's alarms"
        self.assertGroupAccess('crm_fin.group_finance', {
                'account.invoice': 'rwcd',
                'account.move': 'rwcd',
                'crm.party.profitability': 'r',
                'crm.product.profit': 'r',
                'crm.alarm': '',
                'crm.sales.target': '',
                }, menus={'crm_fin.menu_crm': False})

    @with_transaction()
    def test_group_marketer(self):
        "A marketer is a CRM user (own documents only: see the scenario)"
        self.assertGroupAccess('crm_fin.group_marketer', {
                'crm.alarm': 'rw',
                'crm.marketer.due': 'r',
                'crm.party.profitability': '',
                }, menus={
                'crm_fin.menu_crm': True,
                'crm_fin.menu_crm_configuration': False,
                }, exports={'party.party': False, 'sale.sale': False})

    @with_transaction()
    def test_home_dashboard(self):
        "A user's home is the dashboard of his group, opened at login"
        pool = Pool()
        User = pool.get('res.user')
        Group = pool.get('res.group')
        ModelData = pool.get('ir.model.data')
        ActWindow = pool.get('ir.action.act_window')
        marketer = Group(ModelData.get_id('crm_fin', 'group_marketer'))
        manager = Group(ModelData.get_id('crm_fin', 'group_crm_manager'))
        home = ActWindow(ModelData.get_id('dashboard', 'act_dashboard'))

        def blocks(record):
            return [a.act_window for a in record.dashboard_actions]
        self.assertTrue(blocks(marketer))

        user, = User.create([{'name': "Sara", 'login': 'sara',
                    'groups': [('add', [marketer.id])]}])
        self.assertEqual(user.dashboard_group, marketer)
        self.assertEqual(blocks(user), blocks(marketer))
        self.assertEqual(user.dashboard_layout, marketer.dashboard_layout)
        self.assertIn(home.action, user.actions)

        # a new group keeps the home the user has (and his own changes)
        User.write([user], {'dashboard_actions': [
                    ('delete', [user.dashboard_actions[-1].id])]})
        User.write([user], {'groups': [('add', [manager.id])]})
        self.assertEqual(user.dashboard_group, marketer)
        self.assertEqual(len(blocks(user)), len(blocks(marketer)) - 1)

        # choosing the manager's home copies its blocks
        User.write([user], {'dashboard_group': manager.id})
        self.assertEqual(blocks(user), blocks(manager))

        # out of the manager group: the remaining group with a dashboard
        User.write([user], {'groups': [('remove', [manager.id])]})
        self.assertEqual(user.dashboard_group, marketer)
        self.assertEqual(blocks(user), blocks(marketer))
        self.assertEqual(user.actions.count(home.action), 1)

        # no group with a dashboard, no home
        plain, = User.create([{'name': "Plain", 'login': 'plain'}])
        self.assertIsNone(plain.dashboard_group)
        self.assertFalse(plain.dashboard_actions)

    @with_transaction()
    def test_rfm_quintiles(self):
        """The RFM quintiles cut in the summary's order (with the context's
        company) and computed by NTILE (without company) are those of a
        plain NTILE(5): ties, NULL measures, fewer than 5 customers and
        counts not a multiple of 5"""
        import random
        from decimal import Decimal

        from sql import Cast, Column, Literal

        from ..analytics import RFM_TIERS
        from ..summary import RFM_MEASURES, rfm_order
        pool = Pool()
        Party = pool.get('party.party')
        RFM = pool.get('crm.party.rfm')
        Summary = pool.get('crm.party.invoice.summary')
        company = create_company()
        parties = Party.create([{'name': "C%s" % i} for i in range(40)])
        table = Summary.__table__()
        cursor = Transaction().connection.cursor()
        self.assertTrue(Summary.enabled())

        def ntile(rows, measure):
            "{party: quintile}: NTILE(5) in rfm_order(measure), NULL last"
            ordered = sorted(rows, key=lambda r: [
                    (r[c] is None, r[c]) for c in rfm_order(measure)])
            size, larger = divmod(len(ordered), 5)
            tiles, rest = {}, iter(ordered)
            for tile in range(1, 6):
                for _ in range(size + (tile <= larger)):
                    tiles[next(rest)['party']] = tile
            return tiles

        def tier(score):
            return next(n for t, n in RFM_TIERS if score >= t)

        day = datetime.date(2026, 1, 1)
        for count in list(range(24)) + [37]:
            rng = random.Random(count)
            # few values: many ties, broken by the other measures or the
            # party; NULL measures in every third data set
            nulls = [None] if count % 3 == 2 else []
            rows = [{
                    'party': p.id,
                    'last_invoice_date': rng.choice(
                        [day, day, day + datetime.timedelta(1),
                            day + datetime.timedelta(2)] + nulls),
                    'frequency': rng.choice([1, 1, 2, 3]),
                    'monetary': rng.choice([Decimal('10'), Decimal('10'),
                            Decimal('25.5'), Decimal(100)] + nulls),
                    } for p in rng.sample(parties, min(count, 25))]
            # whole rows alike but for the party
            others = [p for p in parties
                if p.id not in {r['party'] for r in rows}]
            rows += [dict(r, party=p.id)
                for r, p in zip(rows, others[:count - len(rows)])]
            cursor.execute(*table.delete())
            names = ['party'] + RFM_MEASURES

            def value(v):
                # a number as the summary's SUM stores it (SQLite gets a
                # Decimal as text bytes)
                if isinstance(v, Decimal):
                    return Cast(Literal(v), 'NUMERIC')
                return v
            if rows:
                cursor.execute(*table.insert(
                        [table.company] + [Column(table, n) for n in names],
                        [[company.id] + [value(r[n]) for n in names]
                            for r in rows]))
            tiles = [ntile(rows, m) for m in RFM_MEASURES]
            expected = {}
            for row in rows:
                scores = tuple(t[row['party']] for t in tiles)
                expected[row['party']] = scores + (
                    sum(scores), tier(sum(scores)))
            top = sum(1 for e in expected.values() if e[-1] == 'top')
            for context in [{'company': company.id}, {'company': None}]:
                with Transaction().set_context(context):
                    self.assertEqual({r.party.id: (r.recency_score,
                                    r.frequency_score, r.monetary_score,
                                    r.score, r.tier)
                                for r in RFM.search([])},
                        expected, msg=(count, context))
                    self.assertEqual(RFM.search(
                            [('tier', '=', 'top')], count=True), top)

    @with_transaction()
    def test_origins_names_locked(self):
        """The origins' names are read holding the lock: in a process that
        just started, one request fills ir.model's names, the others wait"""
        from unittest.mock import patch

        from .. import tools
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        IrModel = pool.get('ir.model')
        held = []
        get_name = IrModel.get_name

        def spy(model):
            held.append(tools._MODEL_NAMES.locked())
            return get_name(model)
        with patch.object(IrModel, 'get_name', side_effect=spy):
            origins = dict(Alarm.get_origins())
        self.assertEqual(origins[None], '')
        self.assertIn('party.party', origins)
        self.assertTrue(held)
        self.assertTrue(all(held))
        self.assertFalse(tools._MODEL_NAMES.locked())

    @with_transaction()
    def test_month_starts(self):
        "Report months are Jalali for a Jalali calendar, Gregorian otherwise"
        from trytond.transaction import Transaction

        from ..reporting import month_name, month_starts
        date = datetime.date(2026, 12, 1)
        with Transaction().set_context(calendar='jalali'):
            starts = month_starts(date, 12)
            self.assertEqual(len(starts), 13)
            # 1 Dey 1404 .. 1 Dey 1405 (22 December 2026)
            self.assertEqual(starts[0], datetime.date(2025, 12, 22))
            self.assertEqual(starts[-2], datetime.date(2026, 11, 22))
            self.assertEqual(starts[-1], datetime.date(2026, 12, 22))
            self.assertEqual(month_name(starts[-2]), 'آذر 1405')
        with Transaction().set_context(calendar='gregorian'):
            starts = month_starts(date, 3)
            self.assertEqual(starts, [datetime.date(2026, 10, 1),
                    datetime.date(2026, 11, 1), datetime.date(2026, 12, 1),
                    datetime.date(2027, 1, 1)])
            self.assertEqual(month_name(starts[0]), 'Oct\xa02026')


del ModuleTestCase
