# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime
from contextlib import ExitStack
from decimal import Decimal
from types import SimpleNamespace
from unittest.mock import call, patch

from sql import Column, Literal, Null
from sql.aggregate import Count, Sum

from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.crm_fin.tests.access import GroupAccessTestMixin
from trytond.modules.crm_fin.tests.accounting import create_accounting
from trytond.modules.crm_fin.tests.crons import CronTestMixin
from trytond.modules.crm_fin.tests.locale import TranslationTestMixin
from trytond.modules.crm_fin.tests.views import SaoViewTestMixin
from trytond.pool import Pool
from trytond.pyson import PYSONDecoder
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction


# the columns of the summaries' rows, and the party's copy of its row
SUMMARY_TABLES = {
    'crm.party.summary': ['party', 'on_time', 'late', 'bounced', 'score',
        'stale_after', 'last_contact', 'roles'],
    'crm.quotation.daily': ['company', 'date', 'quotations', 'converted'],
    'crm.product.sales.daily': ['company', 'date', 'product', 'first_line',
        'quantity', 'amount'],
    'crm.party.invoice.summary': ['company', 'party', 'last_invoice_date',
        'frequency', 'monetary'],
    'crm.product.affinity': ['company', 'product', 'other', 'customers'],
    'party.party': ['id', 'summary_score', 'summary_class', 'summary_roles',
        'summary_last_contact'],
    }


# the summaries whose rows are added: a key's figures are their sums
ADDED = {'crm.quotation.daily': ['company', 'date'],
    'crm.product.affinity': ['company', 'product', 'other']}


def summary_rows():
    "The rows of every summary, as text, in order"
    pool = Pool()
    cursor = Transaction().connection.cursor()
    result = []
    for name, names in SUMMARY_TABLES.items():
        table = pool.get(name).__table__()
        columns = [Column(table, c) for c in names]
        if name in ADDED:
            keys = columns[:len(ADDED[name])]
            sums = [Sum(c) for c in columns[len(keys):]]
            having = Literal(False)
            for total in sums:
                having |= total != 0
            query = table.select(*keys, *sums, group_by=keys,
                having=having, order_by=keys)
        else:
            query = table.select(*columns, order_by=columns)
        cursor.execute(*query)
        result.append([tuple(str(v) for v in r) for r in cursor])
    return result


def assert_rebuilt(test):
    "The summaries' rows kept by the workflows equal the rows rebuilt"
    from trytond.modules.crm_fin.summary import rebuild_summaries
    kept = summary_rows()
    rebuild_summaries()
    test.assertEqual(kept, summary_rows())


def create_customers(*names):
    "Parties of names, each with an address"
    return Pool().get('party.party').create([
            {'name': n, 'addresses': [('create', [{}])]} for n in names])


def create_invoices(company, party, dates):
    """The accounting of company and a draft customer invoice of party per
    invoice date of dates: a service of 10, paid cash from today"""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    PaymentTerm = pool.get('account.invoice.payment_term')
    journal, receivable, revenue = create_accounting(company)
    term, = PaymentTerm.create([{
                'name': "Cash", 'lines': [('create', [{}])]}])
    return Invoice.create([{
                'company': company.id, 'type': 'out',
                'party': party.id, 'currency': company.currency.id,
                'invoice_address': party.addresses[0].id,
                'account': receivable.id, 'journal': journal.id,
                'payment_term': term.id, 'invoice_date': date,
                'payment_term_date': pool.get('ir.date').today(),
                'lines': [('create', [{
                                'account': revenue.id,
                                'description': "Service",
                                'quantity': 2,
                                'unit_price': Decimal(5),
                                }])]}
            for date in dates])


class CrmInstallmentsTestCase(
        CronTestMixin, GroupAccessTestMixin, SaoViewTestMixin,
        TranslationTestMixin, CompanyTestMixin, ModuleTestCase):
    "Test crm_installments module"
    module = 'crm_installments'
    extras = ['commission']

    @with_transaction()
    def test_plan_last_installment_absorbs_rounding(self):
        "A plan of 3 installments of 1 000 000 / 3 Rial sums exactly"
        pool = Pool()
        Installment = pool.get('crm.installment')
        Currency = pool.get('currency.currency')
        irr, = Currency.create([{
                    'name': "Iranian Rial", 'code': 'IRR', 'symbol': 'IRR',
                    'rounding': Decimal(1), 'digits': 0}])
        document = SimpleNamespace(
            __name__='account.invoice', id=1, currency=irr,
            company=SimpleNamespace(id=1), party=SimpleNamespace(id=1))
        first = datetime.date(2026, 1, 31)
        values = Installment.plan(
            document, Decimal(1000000), Decimal(100000), 3, 1, 'month',
            first, 'cheque', datetime.date(2026, 1, 1))
        self.assertEqual(
            [(v['kind'], v['amount'], v['due_date']) for v in values], [
                ('cash', Decimal(100000), datetime.date(2026, 1, 1)),
                ('cheque', Decimal(300000), datetime.date(2026, 1, 31)),
                ('cheque', Decimal(300000), datetime.date(2026, 2, 28)),
                ('cheque', Decimal(300000), datetime.date(2026, 3, 31)),
                ])
        values = Installment.plan(
            document, Decimal(1000000), Decimal(0), 3, 10, 'day',
            first, 'credit', first)
        self.assertEqual([v['amount'] for v in values],
            [Decimal(333333), Decimal(333333), Decimal(333334)])
        self.assertEqual(sum(v['amount'] for v in values), Decimal(1000000))

    @with_transaction()
    def test_cash_flow_forecast(self):
        "What comes in per week: installments, cheques in hand, bounced"
        from trytond.modules.company.tests import create_company, set_company
        pool = Pool()
        Installment = pool.get('crm.installment')
        Cheque = pool.get('crm.cheque')
        Forecast = pool.get('crm.installment.forecast')
        Party = pool.get('party.party')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            today = Date.today()
            day = datetime.timedelta(days=1)
            party, = Party.create([{'name': "Ali"}])

            def installment(kind, amount, days, state='planned'):
                record, = Installment.create([{
                            'company': company.id, 'party': party.id,
                            'currency': company.currency.id, 'kind': kind,
                            'amount': Decimal(amount),
                            'due_date': today + days * day,
                            'state': state}])
                return record

            def cheque(amount, days, state, installment=None):
                Cheque.create([{
                            'company': company.id, 'party': party.id,
                            'currency': company.currency.id,
                            'number': str(amount),
                            'entry_date': today + min(days, 0) * day,
                            'amount': Decimal(amount),
                            'installment': installment.id if installment
                            else None,
                            'due_date': today + days * day, 'state': state}])

            installment('cash', 100, 0)
            installment('pos', 200, -10)  # overdue: in the first week
            installment('credit', 300, 20)
            installment('deposit', 400, 100)  # after the 12 weeks
            installment('transfer', 150, 2)
            installment('cash', 500, 1, state='collected')
            received = installment('cheque', 600, 8)
            cheque(600, 15, 'received', received)  # at the cheque's date
            bounced = installment('cheque', 700, 30)
            cheque(700, 30, 'bounced', bounced)
            installment('cheque', 800, 50)  # no cheque yet
            cheque(900, 3, 'deposited')  # paying no installment
            cheque(1000, -5, 'bounced')
            cheque(1100, 6, 'cleared')  # in the bank already

            weeks = Forecast.search([])
            self.assertEqual(len(weeks), 12)
            self.assertEqual(weeks[0].week, today)
            self.assertEqual(weeks[11].week_end, today + 83 * day)
            amounts = {
                (i, kind): getattr(week, kind)
                for i, week in enumerate(weeks)
                for kind in ['cash', 'pos', 'credit', 'deposit', 'transfer',
                    'cheque', 'bounced']
                if getattr(week, kind)}
            self.assertEqual(amounts, {
                    (0, 'cash'): Decimal(100),
                    (0, 'pos'): Decimal(200),
                    (0, 'transfer'): Decimal(150),
                    (0, 'cheque'): Decimal(900),
                    (0, 'bounced'): Decimal(1000),
                    (2, 'credit'): Decimal(300),
                    (2, 'cheque'): Decimal(600),
                    (4, 'bounced'): Decimal(700),
                    (7, 'cheque'): Decimal(800),
                    })
            self.assertEqual([w.total for w in weeks[:3]],
                [Decimal(1350), Decimal(0), Decimal(900)])

    @with_transaction()
    def test_collect_twice_refused(self):
        "Collecting a collected or cancelled installment raises a UserError"
        from trytond.modules.crm_installments.exceptions import (
            InstallmentError)
        Installment = Pool().get('crm.installment')
        collected = SimpleNamespace(
            state='collected', rec_name="Ali 2026-01-01 100", line=1)
        cancelled = SimpleNamespace(
            state='cancelled', rec_name="Ali 2026-01-01 100", line=1)
        unposted = SimpleNamespace(
            state='planned', rec_name="Ali 2026-01-01 100", line=None)
        for installment in [collected, cancelled, unposted]:
            with self.assertRaises(InstallmentError):
                Installment.check_collectable([installment])
        Installment.check_collectable([SimpleNamespace(
                    state='planned', rec_name="Ali", line=1)])

    @with_transaction()
    def test_bounce_cleared_cheque_refused(self):
        "Only a received or deposited cheque can bounce"
        from trytond.modules.crm_installments.exceptions import ChequeError
        Cheque = Pool().get('crm.cheque')
        for state in ['draft', 'cleared', 'bounced', 'returned', 'replaced']:
            with self.assertRaises(ChequeError):
                Cheque.check_bounce([SimpleNamespace(
                            state=state, state_string=state,
                            rec_name="1001 (Ali)")])
        Cheque.check_bounce([SimpleNamespace(
                    state='deposited', state_string='', rec_name="1001")])

    @with_transaction()
    def test_party_open_cheques(self):
        """A customer's form lists his cheques still to clear or to settle;
        the relate action opens all of them"""
        pool = Pool()
        Action = pool.get('ir.action.act_window')
        Cheque = pool.get('crm.cheque')
        Data = pool.get('ir.model.data')
        Keyword = pool.get('ir.action.keyword')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            party, other = Party.create([{'name': "Sara"}, {'name': "Reza"}])
            states = ['draft', 'received', 'deposited', 'cleared',
                'bounced', 'returned', 'replaced']
            cheques = Cheque.create([{
                        'company': company.id, 'party': party.id,
                        'currency': company.currency.id,
                        'amount': Decimal(1000), 'number': str(1000 + i),
                        'entry_date': datetime.date(2026, 1, 1),
                        'due_date': datetime.date(2026, 2, 1),
                        'state': state} for i, state in enumerate(states)]
                + [{'company': company.id, 'party': other.id,
                        'currency': company.currency.id,
                        'amount': Decimal(5), 'number': '2000',
                        'entry_date': datetime.date(2026, 1, 1),
                        'due_date': datetime.date(2026, 2, 1),
                        'state': 'received'}])
            party = Party(party.id)
            self.assertEqual(
                sorted(c.state for c in party.open_cheques),
                sorted(['draft', 'received', 'deposited', 'bounced']))
            self.assertEqual(len(party.cheques), len(states))
            # the form reads the open ones only (a page named after a
            # field reads that field too)
            fields = Party.fields_view_get(view_type='form')['fields']
            self.assertIn('open_cheques', fields)
            self.assertNotIn('cheques', fields)
            # by number still among all of them
            self.assertEqual(
                Party.search([('cheque_number', '=', '1003')]), [party])
            action_id = Data.get_id(
                'crm_installments', 'act_party_cheque')
            keyword, = Keyword.search([('action', '=', action_id)])
            self.assertEqual(
                (keyword.keyword, keyword.model),
                ('form_relate', 'party.party,-1'))
            action, = Action.search([('action', '=', action_id)])
            domain = PYSONDecoder({
                    'active_id': party.id, 'active_ids': [party.id],
                    }).decode(action.pyson_domain)
            self.assertEqual(
                Cheque.search(domain, order=[('id', 'ASC')]), cheques[:-1])

    @with_transaction()
    def test_payment_score_gate(self):
        """A customer whose payment score is under the minimum is refused a
        plan; a CRM manager is only warned; no score, no refusal"""
        from trytond.modules.crm_installments.exceptions import (
            CreditRefused, CreditWarning)
        pool = Pool()
        Cheque = pool.get('crm.cheque')
        Configuration = pool.get('crm.installment.configuration')
        Installment = pool.get('crm.installment')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            config = Configuration(1)
            config.min_payment_score = Decimal(50)
            config.save()
            good, bad = Party.create([{'name': "Sara"}, {'name': "Reza"}])
            Cheque.create([{
                        'company': company.id, 'party': bad.id,
                        'currency': company.currency.id,
                        'amount': Decimal(1000), 'number': '1001',
                        'entry_date': datetime.date(2026, 1, 1),
                        'due_date': datetime.date(2026, 2, 1),
                        'state': 'bounced',
                        }])
            self.assertEqual(Party(bad.id).payment_score, 0)
            self.assertIsNone(Party(good.id).payment_score)
            clerk = self.group_user('crm_fin.group_crm_user')
            manager = self.group_user('crm_fin.group_crm_manager')
            with Transaction().set_user(clerk.id):
                Installment.check_credit(good, company, Decimal(1000))
                with self.assertRaisesRegex(CreditRefused, 'below'):
                    Installment.check_credit(bad, company, Decimal(1000))
            with Transaction().set_user(manager.id):
                with self.assertRaises(CreditWarning):
                    Installment.check_credit(bad, company, Decimal(1000))
            config.min_payment_score = None
            config.save()
            with Transaction().set_user(clerk.id):
                Installment.check_credit(bad, company, Decimal(1000))

    @with_transaction()
    def test_credit_decided_whatever_the_path(self):
        """Installments a user creates himself lend no credit the plan
        wizard would refuse: quoting the sale decides as the wizard does,
        so does changing the plan of a quotation; a cash plan lends none"""
        from trytond.modules.account_credit_limit.exceptions import (
            CreditLimitError)
        pool = Pool()
        Installment = pool.get('crm.installment')
        Party = pool.get('party.party')
        Sale = pool.get('sale.sale')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            today = Date.today()
            later = today + datetime.timedelta(days=30)
            customer, = create_customers("Reza")
            Party.write([customer], {'credit_limit_amount': Decimal(100)})
            sale, = Sale.create([{
                        'company': company.id, 'party': customer.id,
                        'currency': company.currency.id,
                        'invoice_address': customer.addresses[0].id,
                        'shipment_address': customer.addresses[0].id,
                        'lines': [('create', [{
                                        'type': 'line',
                                        'description': "Service",
                                        'quantity': 1,
                                        'unit_price': Decimal(1000),
                                        }])]}])
            self.assertEqual(sale.total_amount, Decimal(1000))

            def installment(amount, due_date):
                return {'company': company.id, 'sale': sale.id,
                    'party': customer.id, 'currency': company.currency.id,
                    'kind': 'cash', 'amount': Decimal(amount),
                    'due_date': due_date}

            clerk = self.group_user('crm_fin.group_crm_user')
            # two cash installments, the second a month later: credit of 400
            cash, second = Installment.create([
                    installment(600, today), installment(400, later)])
            self.assertEqual(
                Installment.plan_credit(sale, [cash, second]), Decimal(400))
            with Transaction().set_user(clerk.id):
                with self.assertRaisesRegex(CreditLimitError, 'credit limit'):
                    Sale.quote([sale])
            self.assertEqual(Sale(sale.id).state, 'draft')
            # all cash now: no credit, quoted
            Installment.delete([second])
            Installment.write([cash], {'amount': Decimal(1000)})
            with Transaction().set_user(clerk.id):
                Sale.quote([sale])
            self.assertEqual(Sale(sale.id).state, 'quotation')
            # the plan of the quotation changed by a user is decided again
            with Transaction().set_user(clerk.id), \
                    Transaction().set_context(_check_access=True):
                Installment.write([cash], {'amount': Decimal(600)})
                values = installment(400, later)
                del values['company']  # its default
                with self.assertRaisesRegex(CreditLimitError, 'credit limit'):
                    Installment.create([values])
            # so is the plan of an invoice not yet posted
            invoice, = create_invoices(company, customer, [today])
            self.assertEqual(invoice.total_amount, Decimal(10))
            Party.write([customer], {'credit_limit_amount': Decimal(0)})
            values = dict(installment(4, today), invoice=invoice.id,
                sale=None)
            del values['company']  # its default
            with Transaction().set_user(clerk.id), \
                    Transaction().set_context(_check_access=True):
                # the cash part lends nothing
                Installment.create([values])
                with self.assertRaisesRegex(CreditLimitError, 'credit limit'):
                    Installment.create([dict(values, due_date=later)])

    @with_transaction()
    def test_group_cashier(self):
        "A cashier takes the money: collects, receives and bounces cheques"
        self.assertGroupAccess('crm_installments.group_cashier', {
                'crm.installment': 'rwcd',
                'crm.cheque': 'rwcd',
                'crm.installment.configuration': 'r',
                'crm.pos.terminal': 'r',
                }, menus={
                'crm_installments.menu_installment_form': True,
                'crm_installments.menu_configuration': False,
                }, buttons={
                ('crm.installment', 'collect'): True,
                ('crm.cheque', 'bounce'): True,
                }, exports={'crm.cheque': False, 'crm.installment': False})

    @with_transaction()
    def test_group_crm_user_installments(self):
        "A CRM user plans installments but does not take the money"
        self.assertGroupAccess('crm_fin.group_crm_user', {
                'crm.installment': 'rwcd',
                'crm.cheque': 'r',
                'crm.installment.configuration': 'r',
                }, buttons={
                ('crm.installment', 'collect'): False,
                ('crm.cheque', 'bounce'): False,
                })

    @with_transaction()
    def test_group_finance_installments(self):
        """Finance configures and reads installments and cheques; it corrects
        them through their workflow (cancel, reverse collection), cashiers
        collect"""
        self.assertGroupAccess('crm_fin.group_finance', {
                'crm.installment': 'r',
                'crm.cheque': 'r',
                'crm.installment.configuration': 'rw',
                'crm.pos.terminal': 'rwcd',
                }, buttons={
                ('crm.installment', 'collect'): False,
                ('crm.installment', 'cancel'): True,
                ('crm.installment', 'correct'): True,
                })

    @with_transaction()
    def test_party_summary_follows_workflows(self):
        """The party summary equals the direct recomputation after sales,
        invoices, payments (late, on time, unreconciled) and cheques
        changed through the ORM, and the fields read from it are those of
        the direct queries"""
        pool = Pool()
        Cheque = pool.get('crm.cheque')
        Invoice = pool.get('account.invoice')
        Line = pool.get('account.move.line')
        Move = pool.get('account.move')
        Party = pool.get('party.party')
        Period = pool.get('account.period')
        Reconciliation = pool.get('account.move.reconciliation')
        Sale = pool.get('sale.sale')
        Summary = pool.get('crm.party.summary')
        Conversion = pool.get('crm.quotation.conversion')
        Yearly = pool.get('crm.product.sales.yearly')
        RFM = pool.get('crm.party.rfm')
        Template = pool.get('product.template')
        Uom = pool.get('product.uom')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            journal, receivable, revenue = create_accounting(company)
            today = Date.today()
            day = datetime.timedelta(days=1)
            ali, sara, reza = create_customers("Ali", "Sara", "Reza")
            summary = Summary.__table__()
            summaries = [n for n in SUMMARY_TABLES if n != 'party.party']
            cursor = Transaction().connection.cursor()

            def check():
                "The rows kept equal the rows rebuilt, fields equal direct"
                assert_rebuilt(self)
                return compare()

            def compare():
                "The fields and reports equal those read directly"
                reports = [[(r.year, r.month, r.quotations, r.converted)
                        for r in Conversion.search([])],
                    [(r.id, r.product, r.year, r.quantity, r.amount)
                        for r in Yearly.search([])],
                    [(r.party, r.score, r.tier) for r in RFM.search([])]]
                names = ['payment_score', 'payment_class', 'roles',
                    'roles_text', 'last_contact_date']
                ids = [ali.id, sara.id, reza.id]
                read = Party.read(ids, names)
                domains = [
                    [('payment_class', '=', 'bad')],
                    [('payment_score', '>=', 80)],
                    [('roles', 'in', ['customer'])],
                    [('roles', 'in', ['opportunity'])],
                    [('last_contact_date', '<', today)]]
                found = [Party.search(d) for d in domains]
                with Transaction().set_context(_crm_summary=False):
                    self.assertEqual(reports, [
                            [(r.year, r.month, r.quotations, r.converted)
                                for r in Conversion.search([])],
                            [(r.id, r.product, r.year, r.quantity, r.amount)
                                for r in Yearly.search([])],
                            [(r.party, r.score, r.tier)
                                for r in RFM.search([])]])
                    self.assertEqual(read, Party.read(ids, names))
                    self.assertEqual(found, [Party.search(d)
                            for d in domains])
                return {r['id']: r for r in read}

            # activated on an empty database: built, read
            self.assertTrue(all(pool.get(n).enabled() for n in summaries))
            unit, = Uom.search([], limit=1)
            template, = Template.create([{
                        'name': "Service", 'type': 'service',
                        'default_uom': unit.id,
                        'products': [('create', [{}])]}])
            product, = template.products
            sale, converted = Sale.create([{
                        'company': company.id, 'party': party.id,
                        'currency': company.currency.id,
                        'invoice_address': party.addresses[0].id,
                        'shipment_address': party.addresses[0].id,
                        'quotation_date': today - 100 * day}
                    for party in [ali, reza]])
            invoice, = Invoice.create([{
                        'company': company.id, 'type': 'out',
                        'party': sara.id, 'currency': company.currency.id,
                        'invoice_address': sara.addresses[0].id,
                        'account': receivable.id, 'journal': journal.id,
                        'invoice_date': today - 10 * day,
                        'lines': [('create', [{
                                        'product': product.id,
                                        'unit': unit.id,
                                        'account': revenue.id,
                                        'quantity': 2,
                                        'unit_price': Decimal(5),
                                        }])]}])
            parties = check()
            self.assertEqual(parties[ali.id]['roles'], ('opportunity',))
            Sale.write([sale], {'state': 'cancelled'})
            Sale.write([converted], {
                    'state': 'confirmed', 'sale_date': today - 90 * day})
            Invoice.write([invoice], {'state': 'posted'})
            self.assertEqual([(r.quotations, r.converted)
                    for r in Conversion.search([])], [(2, 1)])
            self.assertEqual([(r.quantity, r.amount)
                    for r in Yearly.search([])], [(2, Decimal(10))])
            parties = check()
            self.assertEqual(parties[ali.id]['roles'], ())
            self.assertEqual(parties[sara.id]['roles'], ('customer',))
            # unchanged figures are not written again: a concurrent
            # transaction on the same customer would fail to serialize
            with patch.object(Summary, '_mirror',
                    wraps=Summary._mirror) as mirror:
                Summary.refresh([ali.id, sara.id, reza.id])
                mirror.assert_not_called()
                cursor.execute(*summary.update([summary.roles], [''],
                        where=summary.party == sara.id))
                Summary.refresh([ali.id, sara.id, reza.id])
                mirror.assert_called_once_with([sara.id])

            # Sara: one line paid late, one open not yet due, one open late
            move, = Move.create([{
                        'period': Period.find(company, date=today),
                        'journal': journal.id, 'date': today}])
            late, pending, open_late, payment = Line.create([{
                        'move': move.id, 'account': receivable.id,
                        'party': sara.id, 'debit': Decimal(10),
                        'credit': 0, 'maturity_date': today - 20 * day,
                        }, {
                        'move': move.id, 'account': receivable.id,
                        'party': sara.id, 'debit': Decimal(20),
                        'credit': 0, 'maturity_date': today + 5 * day,
                        }, {
                        'move': move.id, 'account': receivable.id,
                        'party': reza.id, 'debit': Decimal(30),
                        'credit': 0, 'maturity_date': today - 1 * day,
                        }, {
                        'move': move.id, 'account': receivable.id,
                        'party': sara.id, 'debit': 0,
                        'credit': Decimal(10),
                        }])
            Line.create([{
                        'move': move.id, 'account': revenue.id,
                        'debit': 0, 'credit': Decimal(50)}])
            Line.reconcile([late, payment], date=today)
            parties = check()
            self.assertEqual(parties[sara.id]['payment_class'], 'bad')
            self.assertEqual(parties[reza.id]['payment_score'], 0)
            # Reza paid on time after all, then bounced a cheque
            reconciliation, = Reconciliation.search([])
            Reconciliation.delete([reconciliation])
            Line.write([late], {'maturity_date': today + 30 * day})
            Line.reconcile([late, payment], date=today)
            Line.write([open_late], {'party': sara.id})
            cheque, = Cheque.create([{
                        'company': company.id, 'party': reza.id,
                        'currency': company.currency.id,
                        'amount': Decimal(30), 'number': '1001',
                        'entry_date': today, 'due_date': today,
                        'state': 'received'}])
            Cheque.write([cheque], {'state': 'bounced'})
            parties = check()
            self.assertEqual(parties[sara.id]['payment_score'], 50)
            self.assertEqual(parties[reza.id]['payment_score'], 0)

            # the day after the pending line's maturity date its row is
            # stale (a date moved back with SQL stands for the days gone
            # by): read directly until the scheduled action refreshes it
            line = Line.__table__()
            cursor.execute(*line.update([line.maturity_date],
                    [today - 2 * day], where=line.id == pending.id))
            cursor.execute(*summary.update([summary.stale_after],
                    [today - 2 * day], where=summary.party == sara.id))
            with Transaction().set_context(_crm_summary=False):
                direct = Party.read([sara.id], ['payment_score'])
            self.assertEqual(direct[0]['payment_score'], Decimal('33.3'))
            self.assertEqual(Party.read([sara.id], ['payment_score']), direct)
            stale_domains = [[('payment_score', '<', 40)],
                [('payment_class', 'in', ['bad', 'good'])]]
            stale_found = [Party.search(d) for d in stale_domains]
            self.assertIn(sara, stale_found[0])
            with Transaction().set_context(_crm_summary=False):
                self.assertEqual(stale_found,
                    [Party.search(d) for d in stale_domains])
            Summary.refresh_stale()
            check()

            # an update changed a hook's SQL (or the data was there before
            # the summaries): read directly, still right, until the end of
            # the update (or the daily action) builds them again
            kept = summary_rows()
            with Transaction().set_context(company=company.id):
                self.assertEqual(Summary.signature(),
                    Summary._signature())
            State = pool.get('crm.summary.state')
            state = State.__table__()
            cursor.execute(*state.update([state.signature], ['old'],
                    where=state.model != 'crm.quotation.daily'))
            State._signatures.clear()
            for name in summaries:
                if name != 'crm.quotation.daily':
                    cursor.execute(*pool.get(name).__table__().delete())
            party_table = Party.__table__()
            cursor.execute(*party_table.update(
                    [Column(party_table, c)
                        for c in SUMMARY_TABLES['party.party'][1:]],
                    [Null] * 4))
            self.assertEqual([n for n in summaries if pool.get(n).enabled()],
                ['crm.quotation.daily'])
            compare()
            Party._update_sql_indexes()
            State._signatures.clear()  # as the update does at its end
            self.assertTrue(all(pool.get(n).enabled() for n in summaries))
            self.assertEqual(summary_rows(), kept)
            check()


    @with_transaction()
    def test_summaries_refreshed_once_per_button(self):
        """A button refreshes each summary row it touched once, at its end;
        a reader in the middle of it, and after an error in it, reads the
        figures of the direct queries"""
        from trytond.exceptions import UserError
        from trytond.modules.crm_fin.summary import (
            SUMMARIES, summaries_batch)
        pool = Pool()
        Cheque = pool.get('crm.cheque')
        Invoice = pool.get('account.invoice')
        Party = pool.get('party.party')
        Summary = pool.get('crm.party.summary')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            today = Date.today()
            sara, reza = create_customers("Sara", "Reza")
            invoice, = create_invoices(company, sara, [today])

            def score(party):
                "The payment score read, and read directly"
                read = Party.read([party.id], ['payment_score'])
                with Transaction().set_context(_crm_summary=False):
                    self.assertEqual(read,
                        Party.read([party.id], ['payment_score']))
                return read[0]['payment_score']

            # posting writes the invoice, creates and posts its move: each
            # touched row recomputed once
            with ExitStack() as stack:
                refreshes = {n: stack.enter_context(patch.object(
                            pool.get(n), 'refresh',
                            wraps=pool.get(n).refresh))
                    for n in SUMMARIES}
                Invoice.post([invoice])
            self.assertEqual(invoice.state, 'posted')
            self.assertEqual({n: m.call_count for n, m in refreshes.items()},
                {'crm.party.summary': 1, 'crm.party.invoice.summary': 1,
                    'crm.quotation.daily': 0, 'crm.product.sales.daily': 1,
                    'crm.product.affinity': 1})
            assert_rebuilt(self)

            # a reader in a batch: the rows touched so far refreshed first
            with summaries_batch():
                cheque, = Cheque.create([{
                            'company': company.id, 'party': reza.id,
                            'currency': company.currency.id,
                            'amount': Decimal(30), 'number': '1001',
                            'entry_date': today, 'due_date': today,
                            'state': 'received'}])
                self.assertIsNone(score(reza))
                Cheque.write([cheque], {'state': 'bounced'})
                self.assertEqual(score(reza), 0)
            assert_rebuilt(self)

            # a write outside a button: the rows the cheque is in refreshed
            # once (not again for the rows it left, the same), those it
            # leaves for another customer as well
            with patch.object(Summary, 'refresh',
                    wraps=Summary.refresh) as refresh:
                Cheque.write([cheque], {'state': 'received'})
                self.assertEqual(refresh.call_args_list,
                    [call({reza.id})])
                refresh.reset_mock()
                Cheque.write([cheque], {'party': sara.id})
                self.assertEqual(refresh.call_args_list,
                    [call({sara.id}), call({reza.id})])
            self.assertIsNone(score(reza))
            assert_rebuilt(self)
            Cheque.write([cheque], {'party': reza.id, 'state': 'bounced'})

            # an error in a batch: what was modified before it is counted
            # for a caller that goes on
            with self.assertRaises(UserError):
                with summaries_batch():
                    Cheque.write([cheque], {'state': 'received'})
                    raise UserError("stop")
            self.assertIsNone(score(reza))
            assert_rebuilt(self)

    @with_transaction()
    def test_quotations_per_day_rows_added(self):
        """Changing quotations adds what it changed to the rows of their
        days and never rewrites a row (the quotations of a day do not wait
        for each other); the rows add up to the rebuilt figures, and the
        daily action merges each day's rows into one"""
        from trytond.modules.crm_fin.summary import summaries_batch
        pool = Pool()
        Sale = pool.get('sale.sale')
        Daily = pool.get('crm.quotation.daily')
        Summary = pool.get('crm.party.summary')
        Date = pool.get('ir.date')
        daily = Daily.__table__()
        cursor = Transaction().connection.cursor()

        def rows():
            "The summary's rows as stored, in the order they were added"
            cursor.execute(*daily.select(daily.id, daily.date,
                    daily.quotations, daily.converted, order_by=[daily.id]))
            return [tuple(str(v) for v in r) for r in cursor]

        company = create_company()
        with set_company(company):
            today = Date.today()
            yesterday = today - datetime.timedelta(days=1)
            ali, sara = create_customers("Ali", "Sara")
            first, second, third = Sale.create([{
                        'company': company.id, 'party': party.id,
                        'currency': company.currency.id,
                        'invoice_address': party.addresses[0].id,
                        'shipment_address': party.addresses[0].id,
                        'quotation_date': today}
                    for party in [ali, sara, sara]])
            added = rows()
            self.assertEqual([r[1:] for r in added],
                [(str(today), '3', '0')])
            Sale.write([first], {'state': 'confirmed', 'sale_date': today})
            with summaries_batch():
                Sale.write([second], {'quotation_date': yesterday})
                Sale.write([second], {'state': 'cancelled'})
            Sale.delete([third])
            # each change added its difference: today one conversion, then
            # one quotation moved to yesterday (one row per day of the
            # batch), then one deleted
            self.assertEqual([r[1:] for r in rows()], [
                    (str(today), '3', '0'), (str(today), '0', '1'),
                    (str(yesterday), '1', '0'), (str(today), '-1', '0'),
                    (str(today), '-1', '0')])
            self.assertEqual(rows()[:1], added)
            totals = summary_rows()[1]
            self.assertEqual(totals, [
                    (str(company.id), str(yesterday), '1', '0'),
                    (str(company.id), str(today), '1', '1')])

            # a sale changed twice outside a batch counts once
            Sale.write([first], {'quotation_date': yesterday})
            Sale.write([first], {'state': 'processing'})
            self.assertEqual(summary_rows()[1], [
                    (str(company.id), str(yesterday), '2', '1')])

            Summary.refresh_stale()
            self.assertEqual([r[1:] for r in rows()],
                [(str(yesterday), '2', '1')])
            self.assertEqual(summary_rows()[1], [
                    (str(company.id), str(yesterday), '2', '1')])
            assert_rebuilt(self)

    @with_transaction()
    def test_products_bought_together(self):
        """The pairs of products bought by the same customers are added as
        invoices are posted, cancelled or their customer merged; they add
        up to the rebuilt figures, the daily action merges each pair's rows
        and a customer's recommended products are those of the direct
        computation"""
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Party = pool.get('party.party')
        Affinity = pool.get('crm.product.affinity')
        Summary = pool.get('crm.party.summary')
        Replace = pool.get('party.replace', type='wizard')
        Template = pool.get('product.template')
        Uom = pool.get('product.uom')
        Date = pool.get('ir.date')
        affinity = Affinity.__table__()
        cursor = Transaction().connection.cursor()
        company = create_company()
        with set_company(company):
            journal, receivable, revenue = create_accounting(company)
            today = Date.today()
            ali, sara, reza, nima = create_customers(
                "Ali", "Sara", "Reza", "Nima")
            unit, = Uom.search([], limit=1)
            templates = Template.create([{
                        'name': name, 'type': 'service',
                        'default_uom': unit.id,
                        'products': [('create', [{}])]}
                    for name in "ABCD"])
            a, b, c, d = [t.products[0] for t in templates]

            def invoice(party, *products):
                "A draft invoice of party, a line per product"
                return Invoice.create([{
                            'company': company.id, 'type': 'out',
                            'party': party.id,
                            'currency': company.currency.id,
                            'invoice_address': party.addresses[0].id,
                            'account': receivable.id,
                            'journal': journal.id, 'invoice_date': today,
                            'lines': [('create', [{
                                            'product': p.id,
                                            'unit': unit.id,
                                            'account': revenue.id,
                                            'quantity': 1,
                                            'unit_price': Decimal(5),
                                            } for p in products])]}])[0]

            def recommended():
                """The products recommended to each customer, checked
                against the direct computation"""
                ids = [ali.id, sara.id, reza.id, nima.id]
                read = Party.read(ids, ['recommended_products'])
                with Transaction().set_context(_crm_summary=False):
                    self.assertEqual(read,
                        Party.read(ids, ['recommended_products']))
                assert_rebuilt(self)
                return [tuple(r['recommended_products']) for r in read]

            self.assertTrue(Affinity.enabled())
            invoices = [invoice(ali, a, b), invoice(sara, a, c),
                invoice(reza, b), invoice(reza, c, d), invoice(nima, d)]
            # draft invoices count for nothing
            self.assertEqual(recommended(), [(), (), (), ()])
            Invoice.write(invoices, {'state': 'posted'})
            # Ali: C bought with A by Sara and with B by Reza, D with B
            self.assertEqual(recommended(), [
                    (c.id, d.id), (b.id, d.id), (a.id,), (b.id, c.id)])
            Invoice.write(invoices[3:4], {'state': 'cancelled'})

            # the cancellation added its pairs' rows; merged into one per
            # pair (the pairs no customer buys any more left out)
            def count():
                cursor.execute(*affinity.select(Count(affinity.id)))
                return cursor.fetchone()[0]
            kept = summary_rows()
            added = count()
            Summary.refresh_stale()
            self.assertEqual(summary_rows(), kept)
            self.assertEqual((added, count()), (16, len(kept[-2])))
            self.assertEqual(recommended(), [
                    (c.id,), (b.id,), (a.id,), ()])

            # Sara merged into Reza: Reza bought A, B and C
            session_id, _, _ = Replace.create()
            replace = Replace(session_id)
            replace.ask.source = sara
            replace.ask.destination = reza
            with Transaction().set_context(_skip_warnings=True):
                replace.transition_replace()
            self.assertEqual(recommended(), [
                    (c.id,), (), (), ()])

    @with_transaction()
    def test_posting_builds_moves_before_numbering(self):
        """A posting builds the invoice's move before it takes the number,
        locks the moves' sequence only to post the move, and leaves no draft
        move when the numbering refuses the invoice"""
        from trytond.exceptions import UserError
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Move = pool.get('account.move')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            today = Date.today()
            sara, = create_customers("Sara")
            first, second = create_invoices(company, sara,
                [today, today - datetime.timedelta(days=1)])

            # what the numbering finds, and what each lock holds
            numbered, locks = [], []
            set_number, lock_numbering = (
                Invoice.set_number, Move.lock_numbering)

            def number(invoices):
                numbered.extend(bool(i.move and i.move.id >= 0
                            and Move(i.move.id).lines) for i in invoices)
                return set_number(invoices)

            def lock(moves, sequences=()):
                locks.append(({s.id for s in sequences}, len(moves)))
                return lock_numbering(moves, sequences=sequences)
            computed, compute_taxes = [], Invoice._compute_taxes

            def taxes(invoice):
                computed.append(invoice.id)
                return compute_taxes(invoice)
            with patch.object(Invoice, 'set_number', side_effect=number), \
                    patch.object(Move, 'lock_numbering', side_effect=lock), \
                    patch.object(Invoice, '_compute_taxes', taxes):
                Invoice.post([first])
                # the taxes brought up to date, then checked by the move:
                # not again by the writes of the numbering and the cache
                self.assertEqual(computed, [first.id, first.id])
                self.assertEqual(first.state, 'posted')
                self.assertTrue(first.number)
                self.assertEqual(first.move.state, 'posted')
                self.assertTrue(first.move.number)
                # the move saved, with its lines, before the numbering
                self.assertEqual(numbered, [True])
                # the invoices' sequence locked to number, the moves' one
                # to post the move
                self.assertEqual(locks, [({first.sequence}, 0), (set(), 1)])

                # an invoice dated before the last number of its sequence:
                # refused by the numbering, no move left
                with self.assertRaises(UserError):
                    Invoice.post([second])
            second = Invoice(second.id)
            self.assertEqual(second.state, 'draft')
            self.assertIsNone(second.move)
            self.assertFalse(Move.search([
                        ('origin', '=', str(second)),
                        ]))


del ModuleTestCase
