# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Payment plans: a cash part plus installments on a sale or an invoice.

Each installment becomes one receivable line of the invoice's move (with the
installment's due date as maturity), so Tryton's own reconciliation, "amount
to pay", payment-behaviour score and dunning all work per installment.
Collecting an installment posts the payment through an invoice payment method
and reconciles it with that line; the invoice is paid when every line is.
"""
import datetime
import functools
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.crm_fin.text import Amount, Selection
from trytond.modules.crm_fin.tools import (
    DateDisplayMixin, Timestamp, for_each_company, format_amount,
    format_date, lock_rows)
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction, without_check_access

from .exceptions import (
    CreditRefused,
    CreditWarning,
    InstallmentError,
    InstallmentValidationError,
)


def collectable_first(func):
    """Check that the installments may be collected before the button's
    own checks: a click on *Collect* of a collected installment says so
    instead of ModelView's generic "You can not call" (the button is
    invisible then).  The rows are locked first, so of two users collecting
    at once the second one waits and gets "already collected".  The model
    access and record rules are checked first, so nobody learns the state
    of an installment he may not read."""
    @functools.wraps(func)
    def wrapper(cls, installments, *args, **kwargs):
        pool = Pool()
        ModelAccess = pool.get('ir.model.access')
        transaction = Transaction()
        if transaction.user and transaction.check_access:
            ModelAccess.check(cls.__name__, 'read')
            cls.read([int(i) for i in installments], ['id'])
        lock_rows(cls, installments)
        installments = cls.browse(installments)
        for installment in installments:
            if installment.kind == 'cheque':
                raise InstallmentError(gettext(
                        'crm_installments.msg_installment_collect_cheque',
                        installment=installment.rec_name))
        cls.check_collectable(installments)
        return func(cls, installments, *args, **kwargs)
    return wrapper

KINDS = [
    ('cash', "Cash"),
    ('credit', "Credit"),
    ('cheque', "Cheque"),
    ('deposit', "Deposit Slip"),
    ('transfer', "Bank Transfer"),
    ('pos', "POS"),
    ]


_NOT_PLANNED = Eval('state') != 'planned'


class PlannedDocumentMixin:
    "A sale or an invoice paid on an installment plan"
    __slots__ = ()

    def crm_payment_schedule(self):
        "The plan printed in the terms of payment (crm_fin's hook)"
        pool = Pool()
        Installment = pool.get('crm.installment')
        return super().crm_payment_schedule() + Installment.printed_schedule(
            self.crm_installments)


class Installment(DateDisplayMixin, Workflow, ModelSQL, ModelView):
    "Installment"
    __name__ = 'crm.installment'
    __string__ = "Installment"
    _history = True

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    sale = fields.Many2One(
        'sale.sale', "Sale", ondelete='CASCADE',
        domain=[('company', '=', Eval('company', -1))],
        states={'readonly': _NOT_PLANNED | Bool(Eval('line'))})
    invoice = fields.Many2One(
        'account.invoice', "Invoice", ondelete='CASCADE',
        domain=[
            ('company', '=', Eval('company', -1)),
            ('type', '=', 'out'),
            ],
        states={'readonly': _NOT_PLANNED | Bool(Eval('line'))})
    party = fields.Many2One(
        'party.party', "Party", required=True,
        states={'readonly': _NOT_PLANNED | Bool(Eval('line'))},
        context={'company': Eval('company', -1)}, depends={'company'})
    currency = fields.Many2One(
        'currency.currency', "Currency", required=True,
        states={'readonly': _NOT_PLANNED | Bool(Eval('line'))})
    kind = fields.Selection(KINDS, "Kind", required=True,
        states={'readonly': _NOT_PLANNED})
    kind_string = kind.translated('kind')
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True,
        states={'readonly': _NOT_PLANNED | Bool(Eval('line'))})
    due_date = fields.Date("Due Date", required=True,
        states={'readonly': _NOT_PLANNED | Bool(Eval('line'))})
    due_date_display = fields.Function(
        fields.Char("Due Date"), 'get_date_display')
    line = fields.Many2One(
        'account.move.line', "Receivable Line", readonly=True,
        help="The line of the invoice's move this installment pays.")
    collect_lines = fields.Many2Many(
        'crm.installment-account.move.line', 'installment', 'line',
        "Collection Lines", readonly=True)
    collect_date = fields.Date("Collection Date", readonly=True)
    collected_at = Timestamp("Collected At", readonly=True)
    collected_by = fields.Many2One('res.user', "Collected By", readonly=True)
    cheques = fields.One2Many(
        'crm.cheque', 'installment', "Cheques",
        states={'invisible': Eval('kind') != 'cheque'})
    deposit_number = fields.Char("Slip Number",
        states={
            'invisible': Eval('kind') != 'deposit',
            'readonly': _NOT_PLANNED,
            })
    deposit_payer = fields.Char("Payer Name",
        states={
            'invisible': Eval('kind') != 'deposit',
            'readonly': _NOT_PLANNED,
            })
    deposit_account = fields.Many2One(
        'bank.account', "Company Bank Account",
        states={
            'invisible': Eval('kind') != 'deposit',
            'readonly': _NOT_PLANNED,
            })
    split_payment = fields.Function(fields.Boolean(
            "Split Payment",
            states={'invisible': Eval('kind') != 'transfer'},
            help="Pay this transfer with the split payment mechanism "
            "(mechanizm podzielonej płatności): the invoice is over "
            "15 000 PLN gross with goods of annex 15."),
        'get_split_payment')
    pos_terminal = fields.Many2One(
        'crm.pos.terminal', "POS Terminal",
        domain=[('company', '=', Eval('company', -1))],
        states={
            'invisible': Eval('kind') != 'pos',
            'required': (Eval('kind') == 'pos') & (Eval('state') != 'planned'),
            'readonly': _NOT_PLANNED,
            })
    pos_reference = fields.Char("POS Reference",
        states={
            'invisible': Eval('kind') != 'pos',
            'readonly': _NOT_PLANNED,
            })
    overdue = fields.Function(
        fields.Boolean("Overdue"), 'get_overdue', searcher='search_overdue')
    state = fields.Selection([
            ('planned', "Planned"),
            ('collected', "Collected"),
            ('cancelled', "Cancelled"),
            ], "State", required=True, readonly=True, sort=False)
    state_string = state.translated('state')
    # what the cashier types on a posted installment before collecting it
    _collection_fields = {'deposit_number', 'deposit_payer',
        'deposit_account', 'pos_terminal', 'pos_reference', 'cheques'}

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.due_date, Index.Range()),
                    where=t.state == 'planned'),
                Index(t, (t.invoice, Index.Range())),
                Index(t, (t.sale, Index.Range())),
                # a customer's installments: his form's next installment
                # (a scan of 300 000 rows took 40 ms, benchmarks/scale.py)
                Index(t, (t.party, Index.Range())),
                })
        cls._order = [('due_date', 'ASC'), ('id', 'ASC')]
        cls._transitions |= {
            ('planned', 'collected'),
            ('planned', 'cancelled'),
            ('cancelled', 'planned'),
            }
        cls._buttons.update({
                'collect': {
                    'invisible': ((Eval('state') != 'planned')
                        | (Eval('kind') == 'cheque')),
                    'depends': ['state', 'kind'],
                    },
                'cancel': {
                    'invisible': (Eval('state') != 'planned')
                    | Bool(Eval('line')),
                    'depends': ['state', 'line'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'planned'

    @classmethod
    def default_kind(cls):
        Configuration = Pool().get('crm.installment.configuration')
        return Configuration.preferred_plan_kind()

    @fields.depends('sale', 'invoice', 'party', '_parent_sale.party',
        '_parent_invoice.party')
    def on_change_with_party(self):
        document = self.invoice or self.sale
        if document and document.party:
            return document.party.id
        return self.party.id if self.party else None

    @fields.depends('sale', 'invoice', '_parent_sale.currency',
        '_parent_invoice.currency', 'company')
    def on_change_with_currency(self):
        document = self.invoice or self.sale
        if document and document.currency:
            return document.currency.id
        if self.company:
            return self.company.currency.id

    def get_rec_name(self, name):
        return '%s %s %s' % (
            self.party.rec_name, format_date(self.due_date),
            format_amount(self.amount, self.currency))

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('party.rec_name',) + tuple(clause[1:])]

    def get_split_payment(self, name):
        document = self.invoice or self.sale
        return bool(document and document.split_payment)

    def get_overdue(self, name):
        Date = Pool().get('ir.date')
        return self.state == 'planned' and self.due_date < Date.today()

    @classmethod
    def search_overdue(cls, name, clause):
        Date = Pool().get('ir.date')
        _, operator, value = clause
        domain = [('state', '=', 'planned'),
            ('due_date', '<', Date.today())]
        if (operator == '=') != bool(value):
            domain = ['NOT', domain]
        return domain

    @classmethod
    def create(cls, vlist):
        installments = super().create(vlist)
        cls.check_changed_plan_credit(installments)
        return installments

    @classmethod
    def write(cls, *args):
        transaction = Transaction()
        external = transaction.user and transaction.check_access
        super().write(*args)
        cls.check_changed_plan_credit(
            [i for records in args[::2] for i in records])
        if external:
            # moved by hand to another invoice (validate_fields leaves out
            # the conversion, which moves a plan before the invoice's taxes
            # are computed)
            moved = [i for records, values in zip(args[::2], args[1::2])
                if values.get('invoice') for i in records]
            if moved:
                cls.check_not_over_total(cls.browse(moved))

    @classmethod
    def validate_fields(cls, installments, field_names):
        super().validate_fields(installments, field_names)
        if field_names & {'party', 'sale', 'invoice'}:
            cls.check_party(installments)
        if field_names & {'kind'}:
            cls.check_kind(installments)
        if field_names & {'amount'}:
            for installment in installments:
                if installment.amount is not None and installment.amount <= 0:
                    raise InstallmentValidationError(gettext(
                            'crm_installments.msg_installment_amount_positive',
                            installment=installment.rec_name))
        # not when the plan of a quotation moves to its invoice: the
        # invoice's taxes are computed after its lines and installments
        if field_names & {'amount', 'state', 'sale'}:
            cls.check_not_over_total(installments)

    @classmethod
    def check_party(cls, installments):
        """An installment is paid by the customer of its document (or the
        invoiced party of its quotation, whose invoice the plan moves to)"""
        for installment in installments:
            parties = set()
            if installment.sale:
                parties |= {installment.sale.party,
                    installment.sale.invoice_party}
            if installment.invoice:
                parties.add(installment.invoice.party)
            parties.discard(None)
            if parties and installment.party not in parties:
                document = installment.invoice or installment.sale
                raise InstallmentValidationError(gettext(
                        'crm_installments.msg_installment_party_document',
                        installment=installment.rec_name,
                        document=document.rec_name))

    @classmethod
    def check_not_over_total(cls, installments):
        """The active installments of a document may not sum to more than
        its total: refused when saved (adding up to the total exactly is
        required when quoting or posting)"""
        pool = Pool()
        Lang = pool.get('ir.lang')
        documents = {i.invoice or i.sale for i in installments
            if i.invoice or i.sale}
        for document in documents:
            total = sum(i.amount for i in document.crm_installments
                if i.state != 'cancelled')
            if total > document.total_amount:
                lang = Lang.get()
                raise InstallmentValidationError(gettext(
                        'crm_installments.msg_installment_over_total',
                        document=document.rec_name,
                        installments=lang.currency(
                            total, document.currency),
                        total=lang.currency(
                            document.total_amount, document.currency)))

    @classmethod
    def check_kind(cls, installments):
        "The company takes this kind of installment (no cheques in Poland)"
        Configuration = Pool().get('crm.installment.configuration')
        allowed = Configuration.allowed_kinds()
        for installment in installments:
            if installment.kind not in allowed:
                kinds = dict(cls.fields_get(['kind'])['kind']['selection'])
                raise InstallmentValidationError(gettext(
                        'crm_installments.msg_installment_kind_not_offered',
                        kind=kinds.get(installment.kind, installment.kind),
                        installment=installment.rec_name))

    @classmethod
    def copy(cls, installments, default=None):
        default = default.copy() if default is not None else {}
        for name in ['line', 'collect_lines', 'collect_date', 'collected_at',
                'collected_by', 'cheques', 'state']:
            default.setdefault(name, None)
        return super().copy(installments, default=default)

    def is_plan_draft(self):
        "Whether the plan is still a draft: its document is"
        if self.invoice:
            return self.invoice.state == 'draft'
        if self.sale:
            return self.sale.state in {'draft', 'quotation'}
        return True

    @classmethod
    def check_modification(
            cls, mode, installments, values=None, external=False):
        """A user plans installments on a draft quotation or invoice; once
        posted, an installment changes only through its buttons (collect,
        cheques, cancel), but for the slip or POS details typed before
        collecting it.  The state and the accounting fields are never
        written by a user (ir.model.field.access)."""
        super().check_modification(
            mode, installments, values=values, external=external)
        if not external:
            return
        for installment in installments:
            if mode in {'create', 'delete'}:
                if not installment.is_plan_draft():
                    document = installment.invoice or installment.sale
                    raise AccessError(gettext(
                            'crm_installments.msg_installment_plan_closed',
                            document=document.rec_name))
            elif mode == 'write':
                if installment.state != 'planned':
                    raise AccessError(gettext(
                            'crm_installments.msg_installment_modify_state',
                            installment=installment.rec_name,
                            state=installment.state_string))
                if (set(values) - cls._collection_fields
                        and (installment.line
                            or not installment.is_plan_draft())):
                    raise AccessError(gettext(
                            'crm_installments.msg_installment_modify_posted',
                            installment=installment.rec_name))

    @classmethod
    def delete(cls, installments):
        for installment in installments:
            if installment.state == 'collected' or installment.line:
                raise InstallmentError(gettext(
                        'crm_installments.msg_installment_delete_posted',
                        installment=installment.rec_name))
        super().delete(installments)

    @classmethod
    def check_collectable(cls, installments):
        for installment in installments:
            if installment.state == 'collected':
                raise InstallmentError(gettext(
                        'crm_installments.msg_installment_already_collected',
                        installment=installment.rec_name))
            if installment.state != 'planned':
                raise InstallmentError(gettext(
                        'crm_installments.msg_installment_not_planned',
                        installment=installment.rec_name))
            if not installment.line:
                raise InstallmentError(gettext(
                        'crm_installments.msg_installment_no_line',
                        installment=installment.rec_name))

    def get_payment_method(self):
        "Return the invoice payment method that collects the installment"
        Configuration = Pool().get('crm.installment.configuration')
        config = Configuration(1)
        if self.kind == 'pos':
            if not self.pos_terminal:
                raise InstallmentError(gettext(
                        'crm_installments.msg_installment_pos_terminal',
                        installment=self.rec_name))
            method = self.pos_terminal.payment_method
        else:
            name = {
                'deposit': 'deposit_method',
                'transfer': 'transfer_method',
                'cheque': 'cheque_method',
                }.get(self.kind, 'cash_method')
            method = config.get_multivalue(name, company=self.company.id)
        if not method:
            raise InstallmentError(gettext(
                    'crm_installments.msg_installment_no_method',
                    kind=self.kind_string))
        return method

    def pay(self, payment_method, date):
        """Post a payment of the installment and reconcile it with its line.

        Returns the receivable lines of the payment move."""
        pool = Pool()
        Line = pool.get('account.move.line')
        invoice = self.invoice
        lines = invoice.pay_invoice(
            self.amount, payment_method, date,
            description=self.rec_name)
        Line.reconcile([self.line] + list(lines))
        return lines

    @classmethod
    @collectable_first
    @ModelView.button
    def collect(cls, installments):
        """Collect installments: the rows are locked first, so of two users
        (or two trytond processes) collecting the same installment at once,
        the second waits, is retried and gets "already collected"."""
        cls._collect(installments)

    @classmethod
    @Workflow.transition('collected')
    def _collect(cls, installments):
        pool = Pool()
        Date = pool.get('ir.date')
        today = Date.today()
        for installment in installments:
            lines = installment.pay(installment.get_payment_method(), today)
            installment.collect_lines = lines
            installment.collect_date = today
        cls.save(installments)
        cls.stamp_collected(installments)

    @classmethod
    def stamp_collected(cls, installments, date=None):
        "Record who collected installments and when"
        Date = Pool().get('ir.date')
        values = {
            'collected_at': datetime.datetime.now(),
            'collected_by': Transaction().user or None,
            'state': 'collected',
            }
        if date:
            values['collect_date'] = date
        to_write = [i for i in installments if not i.collect_date]
        if to_write:
            cls.write(to_write, {'collect_date': date or Date.today()})
        cls.write(installments, values)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, installments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('planned')
    def draft(cls, installments):
        pass

    @classmethod
    def printed_schedule(cls, installments):
        """The rows crm_fin prints in the terms of payment of a document:
        due date, kind, amount and the instrument's reference (cheque
        number and bank, slip number, POS reference)"""
        kinds = dict(cls.fields_get(['kind'])['kind']['selection'])
        rows = []
        with without_check_access():
            for installment in cls.browse(installments):
                if installment.state == 'cancelled':
                    continue
                references = []
                for cheque in installment.cheques:
                    if cheque.state in {'returned', 'replaced'}:
                        continue
                    references.append(' '.join(filter(None, [
                                    cheque.number,
                                    cheque.bank.rec_name if cheque.bank
                                    else None])))
                references.append(installment.deposit_number)
                references.append(installment.pos_reference)
                rows.append({
                        'date': installment.due_date,
                        'kind': installment.kind,
                        'kind_string': kinds.get(installment.kind, ''),
                        'amount': installment.amount,
                        'reference': ', '.join(filter(None, references)),
                        'state': installment.state,
                        })
        return rows

    @classmethod
    def check_total(cls, document, installments):
        "Installments of document (sale or invoice) must sum to its total"
        active = [i for i in installments if i.state != 'cancelled']
        if not active:
            return
        total = sum(i.amount for i in active)
        if document.currency.round(total - document.total_amount):
            raise InstallmentError(gettext(
                    'crm_installments.msg_installment_total',
                    document=document.rec_name,
                    installments=total,
                    total=document.total_amount))

    @classmethod
    def check_credit(cls, party, company, amount, origin=None):
        """Decide on credit (installments) of amount to party.

        account_credit_limit's own check: the party's credit limit (the
        move lines locked while it is read) and the dunning levels that
        block credit; its Credit Limit group is only warned.  Then the
        suite's own rule, the payment-behaviour score (check_payment_score).
        """
        party.check_credit_limit(amount, company, origin=origin)
        cls.check_payment_score(party)

    @classmethod
    def plan_cash_date(cls, document):
        "The date the cash part of a plan of document is due"
        Date = Pool().get('ir.date')
        return (getattr(document, 'invoice_date', None)
            or getattr(document, 'sale_date', None) or Date.today())

    @classmethod
    def plan_credit(cls, document, installments):
        """The credit that the installments of document lend: all the
        planned ones but the cash part, its first cash installment due by
        the plan's cash date (the plan wizard's cash part)"""
        planned = [i for i in installments if i.state == 'planned']
        cash_date = cls.plan_cash_date(document)
        cash = min((i for i in planned
                if i.kind == 'cash' and i.due_date <= cash_date),
            key=lambda i: i.id, default=None)
        return sum((i.amount for i in planned if i != cash), Decimal(0))

    @classmethod
    def check_plan_credit(cls, document, credit, replanned=False):
        """The credit decision on a plan of document lending credit: made
        by the plan wizard, when a sale is quoted and when the plan of a
        quotation is changed, with the same refusals and warnings.  A plan
        that reschedules a posted receivable (replanned) lends nothing new:
        only the payment score decides."""
        if replanned:
            cls.check_payment_score(document.party)
        elif credit > 0:
            cls.check_credit(document.party, document.company, credit,
                origin=document)

    @classmethod
    def check_changed_plan_credit(cls, installments):
        """Decide again on the credit of the quotations and of the invoices
        not yet posted whose plan a user changed (installments created or
        written), not by the plan wizard that has decided (nor by a
        conversion moving a quotation's decided plan to its invoice)"""
        transaction = Transaction()
        if (not (transaction.user and transaction.check_access)
                or transaction.context.get('_crm_plan_checked')):
            return
        # the user's decision (his groups are warned), on the whole plan
        # whatever he may read of it (a cashier reads no sale)
        with without_check_access():
            documents = set()
            for installment in cls.browse([i.id for i in installments]):
                if installment.sale and installment.sale.state == 'quotation':
                    documents.add(installment.sale)
                elif (installment.invoice and installment.invoice.state in {
                            'draft', 'validated'}):
                    documents.add(installment.invoice)
            for document in documents:
                cls.check_plan_credit(document,
                    cls.plan_credit(document, document.crm_installments))

    @classmethod
    def check_payment_score(cls, party):
        """Refuse installments to a party whose payment score is under the
        configured minimum; a CRM manager only gets a warning"""
        pool = Pool()
        Configuration = pool.get('crm.installment.configuration')
        ModelData = pool.get('ir.model.data')
        User = pool.get('res.user')
        Warning = pool.get('res.user.warning')
        config = Configuration(1)
        threshold = config.min_payment_score
        score = party.payment_score
        if threshold is None or score is None or score >= threshold:
            return
        message = gettext('crm_installments.msg_credit_refused',
            party=party.rec_name,
            reasons=gettext('crm_installments.msg_credit_score',
                score=score, threshold=threshold))
        manager = ModelData.get_id('crm_fin', 'group_crm_manager')
        user_id = Transaction().user
        if user_id and manager in User.get_groups():
            key = Warning.format('crm_installments.credit', [party])
            if Warning.check(key):
                raise CreditWarning(key, message)
            return
        if user_id:
            raise CreditRefused(message)

    @classmethod
    def plan(cls, document, total, cash, count, interval, unit,
            first_due_date, kind, cash_date):
        """Return the values of a plan: cash part then count installments,
        the last one absorbing the rounding so the total is exact"""
        currency = document.currency
        values = []
        base = {
            'company': document.company.id,
            'party': document.party.id,
            'currency': currency.id,
            }
        if document.__name__ == 'sale.sale':
            base['sale'] = document.id
        else:
            base['invoice'] = document.id
        cash = currency.round(cash or Decimal(0))
        if cash:
            values.append(dict(base, kind='cash', amount=cash,
                    due_date=cash_date))
        rest = total - cash
        if count:
            each = currency.round(rest / count)
            for i in range(count):
                if unit == 'month':
                    delta = relativedelta(months=i * interval)
                else:
                    delta = relativedelta(days=i * interval)
                amount = each if i < count - 1 else rest - each * (count - 1)
                values.append(dict(base, kind=kind, amount=amount,
                        due_date=first_due_date + delta))
        return values

    @classmethod
    def raise_due_alarms(cls, date=None):
        """Raise alarms N days before and on the due date of open installments
        (of the company of the context, of every company without one)

        Set-based: one indexed query selects the installments due on the two
        days; crm.alarm's (origin, kind, date) key makes re-runs idempotent."""
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Configuration = pool.get('crm.installment.configuration')
        Date = pool.get('ir.date')
        Invoice = pool.get('account.invoice')
        Party = pool.get('party.party')
        config = Configuration(1)
        if date is None:
            date = Date.today()
        before = date + datetime.timedelta(days=config.alarm_days or 0)
        table = cls.__table__()
        invoice = Invoice.__table__()
        cursor = Transaction().connection.cursor()
        where = (table.state == 'planned') & table.due_date.in_([date, before])
        company = Transaction().context.get('company')
        if company is not None:
            where &= table.company == company
        cursor.execute(*table.join(invoice, 'LEFT',
                condition=table.invoice == invoice.id).select(
                table.id, table.party, table.amount, table.currency,
                table.due_date, table.kind, invoice.create_uid,
                where=where))
        rows = cursor.fetchall()
        values = []
        for (id_, party_id, amount, currency_id, due_date, kind,
                creator) in rows:
            alarm_kind = ('installment_due' if due_date == date
                else 'installment_before')
            user = config.alarm_user.id if config.alarm_user else creator
            values.append({
                    'message': 'crm_installments.msg_alarm_name',
                    'sms_message': 'crm_installments.msg_alarm_sms',
                    'params': {
                        'kind': Selection(cls.__name__, 'kind', kind),
                        'party': Party(party_id),
                        'amount': Amount(Decimal(str(amount)), currency_id),
                        'date': due_date,
                        },
                    'origin': '%s,%s' % (cls.__name__, id_),
                    'kind': alarm_kind,
                    'date': due_date,
                    'user': user,
                    'party': party_id,
                    })
        return Alarm.raise_alarms(values), len(rows)

    @classmethod
    @for_each_company
    def cron_due_alarms(cls):
        "Scheduled action: installment due-date alarms"
        cls.raise_due_alarms()


class InstallmentLine(ModelSQL):
    "Installment - Collection Line"
    __name__ = 'crm.installment-account.move.line'
    __string__ = "Installment - Collection Line"
    installment = fields.Many2One(
        'crm.installment', "Installment", required=True, ondelete='CASCADE')
    line = fields.Many2One(
        'account.move.line', "Line", required=True, ondelete='CASCADE')


class InstallmentMarketer(metaclass=PoolMeta):
    __name__ = 'crm.installment'
    marketer = fields.Function(
        fields.Many2One('commission.agent', "Marketer"),
        'get_marketer', searcher='search_marketer')

    def get_marketer(self, name):
        document = self.invoice or self.sale
        agent = getattr(document, 'agent', None) if document else None
        return agent.id if agent else None

    @classmethod
    def search_marketer(cls, name, clause):
        nested = clause[0][len(name):]
        return ['OR',
            ('invoice.agent' + nested,) + tuple(clause[1:]),
            [('invoice', '=', None),
                ('sale.agent' + nested,) + tuple(clause[1:])],
            ]
