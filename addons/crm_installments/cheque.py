# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The cheque register.

A received cheque moves the customer's debt from the receivable account to
"cheques in hand" (reconciling the installment it pays); clearing moves it to
the bank; a bounce reverses the receipt so the installment is open (and
overdue) again.  Every transition is logged with who and when.
"""
import datetime

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.crm_fin.summary import SummarySource
from trytond.modules.crm_fin.text import Amount
from trytond.modules.crm_fin.tools import (
    DateDisplayMixin, Timestamp, format_amount, format_date, lock_rows)
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from .account import post_move
from .exceptions import ChequeError, ChequeValidationError

# readonly once the cheque is received
_NOT_DRAFT = Eval('state') != 'draft'
BOUNCED_STATES = ['bounced', 'returned', 'replaced']
# still to clear or to settle (a customer's form shows these)
OPEN_STATES = ['draft', 'received', 'deposited', 'bounced']


class Cheque(
        SummarySource, DateDisplayMixin, Workflow, ModelSQL, ModelView):
    "Cheque"
    __name__ = 'crm.cheque'
    __string__ = "Cheque"
    _history = True
    # a bounced cheque counts in its customer's payment score
    _summary_fields = {'crm.party.summary': {'party', 'state'}}

    company = fields.Many2One(
        'company.company', "Company", required=True,
        states={'readonly': _NOT_DRAFT})
    party = fields.Many2One(
        'party.party', "Customer", required=True,
        states={'readonly': _NOT_DRAFT},
        context={'company': Eval('company', -1)}, depends={'company'},
        help="The customer who handed over the cheque.")
    installment = fields.Many2One(
        'crm.installment', "Installment", ondelete='RESTRICT',
        domain=[
            ('party', '=', Eval('party', -1)),
            ('kind', '=', 'cheque'),
            ('company', '=', Eval('company', -1)),
            # a new cheque pays an open installment
            If(Eval('state') == 'draft',
                ('state', '=', 'planned'), ()),
            ],
        states={'readonly': _NOT_DRAFT})
    number = fields.Char("Number", states={'readonly': _NOT_DRAFT})
    bank = fields.Many2One('bank', "Bank", states={'readonly': _NOT_DRAFT})
    branch = fields.Char("Branch", states={'readonly': _NOT_DRAFT})
    account_number = fields.Char(
        "Account Number", states={'readonly': _NOT_DRAFT})
    account_type = fields.Selection([
            ('current', "Current"),
            ('savings', "Savings"),
            ('other', "Other"),
            ], "Account Type", states={'readonly': _NOT_DRAFT})
    drawer = fields.Char(
        "Drawer", states={'readonly': _NOT_DRAFT},
        help="Who signed the cheque, when not the customer.")
    currency = fields.Many2One(
        'currency.currency', "Currency", required=True,
        states={'readonly': _NOT_DRAFT})
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True,
        states={'readonly': _NOT_DRAFT})
    entry_date = fields.Date(
        "Entry Date", required=True, states={'readonly': _NOT_DRAFT},
        help="The day the cheque was received.")
    due_date = fields.Date(
        "Due Date", required=True, states={'readonly': _NOT_DRAFT})
    due_date_display = fields.Function(
        fields.Char("Due Date"), 'get_date_display')
    image = fields.Binary("Image", file_id='image_id')
    image_id = fields.Char("Image ID", readonly=True)
    receipt_line = fields.Many2One(
        'account.move.line', "Receipt Line", readonly=True)
    clearing_move = fields.Many2One(
        'account.move', "Clearing Move", readonly=True)
    bounce_move = fields.Many2One(
        'account.move', "Bounce Move", readonly=True)
    replacement = fields.Many2One(
        'crm.cheque', "Replaced By",
        domain=[
            ('party', '=', Eval('party', -1)),
            ('id', '!=', Eval('id', -1)),
            ('state', 'in', ['received', 'deposited', 'cleared']),
            ],
        states={
            'invisible': ~Eval('state').in_(['bounced', 'replaced']),
            'readonly': Eval('state') != 'bounced',
            })
    events = fields.One2Many(
        'crm.cheque.event', 'cheque', "History", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('received', "Received"),
            ('deposited', "Deposited"),
            ('cleared', "Cleared"),
            ('bounced', "Bounced"),
            ('returned', "Returned"),
            ('replaced', "Replaced"),
            ], "State", required=True, readonly=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('number_unique',
                Unique(t, t.bank, t.account_number, t.number),
                'crm_installments.msg_cheque_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.number, Index.Similarity())),
                Index(t, (t.due_date, Index.Range()),
                    where=t.state.in_(['received', 'deposited'])),
                })
        cls._order = [('due_date', 'ASC'), ('id', 'ASC')]
        cls._transitions |= {
            ('draft', 'received'),
            ('received', 'deposited'),
            ('received', 'cleared'),
            ('deposited', 'cleared'),
            ('received', 'bounced'),
            ('deposited', 'bounced'),
            ('bounced', 'returned'),
            ('bounced', 'replaced'),
            }
        cls._buttons.update({
                'receive': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'deposit': {
                    'invisible': Eval('state') != 'received',
                    'depends': ['state'],
                    },
                'clear': {
                    'invisible': ~Eval('state').in_(
                        ['received', 'deposited']),
                    'depends': ['state'],
                    },
                'bounce': {
                    'invisible': ~Eval('state').in_(
                        ['received', 'deposited']),
                    'depends': ['state'],
                    },
                'return_': {
                    'invisible': Eval('state') != 'bounced',
                    'depends': ['state'],
                    },
                'replace': {
                    'invisible': Eval('state') != 'bounced',
                    'readonly': ~Bool(Eval('replacement')),
                    'depends': ['state', 'replacement'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_account_type(cls):
        return 'current'

    @classmethod
    def default_entry_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_currency(cls):
        Company = Pool().get('company.company')
        company = Transaction().context.get('company')
        if company is not None and company >= 0:
            return Company.currency_id(company)

    @fields.depends('installment', '_parent_installment.party',
        '_parent_installment.amount', '_parent_installment.due_date',
        '_parent_installment.currency')
    def on_change_installment(self):
        if self.installment:
            self.party = self.installment.party
            self.amount = self.installment.amount
            self.due_date = self.installment.due_date
            self.currency = self.installment.currency

    def get_rec_name(self, name):
        return '%s (%s)' % (self.number or '', self.party.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        if clause[1].startswith('!') or clause[1].startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('number',) + tuple(clause[1:]),
            ('party.rec_name',) + tuple(clause[1:]),
            ]

    @classmethod
    def validate_fields(cls, cheques, field_names):
        super().validate_fields(cheques, field_names)
        for cheque in cheques:
            if not (cheque.number or '').strip():
                raise ChequeValidationError(gettext(
                        'crm_installments.msg_cheque_number_required',
                        party=cheque.party.rec_name))
            duplicates = cls.search([
                    ('id', '!=', cheque.id),
                    ('number', '=', cheque.number),
                    ('bank', '=', cheque.bank.id if cheque.bank else None),
                    ('account_number', '=', cheque.account_number),
                    ], limit=1)
            if duplicates:
                raise ChequeValidationError(gettext(
                        'crm_installments.msg_cheque_unique'))
            if cheque.amount is not None and cheque.amount <= 0:
                raise ChequeValidationError(gettext(
                        'crm_installments.msg_cheque_amount_positive',
                        cheque=cheque.rec_name))
            if (cheque.due_date and cheque.entry_date
                    and cheque.due_date < cheque.entry_date):
                raise ChequeValidationError(gettext(
                        'crm_installments.msg_cheque_due_before_entry',
                        cheque=cheque.rec_name,
                        due_date=format_date(cheque.due_date),
                        entry_date=format_date(cheque.entry_date)))

    @classmethod
    def copy(cls, cheques, default=None):
        default = default.copy() if default is not None else {}
        for name in ['number', 'receipt_line', 'clearing_move', 'bounce_move',
                'replacement', 'events', 'image']:
            default.setdefault(name, None)
        return super().copy(cheques, default=default)

    @classmethod
    def check_modification(cls, mode, cheques, values=None, external=False):
        """A user types a cheque while it is a draft; afterwards its buttons
        move it on (its image may still be attached, and a bounced cheque
        gets its replacement).  The state, the moves and the history are
        never written by a user (ir.model.field.access)."""
        super().check_modification(
            mode, cheques, values=values, external=external)
        if not external or mode != 'write':
            return
        for cheque in cheques:
            allowed = {'image'}
            if cheque.state == 'bounced':
                allowed.add('replacement')
            if cheque.state != 'draft' and set(values) - allowed:
                raise AccessError(gettext(
                        'crm_installments.msg_cheque_modify_state',
                        cheque=cheque.rec_name,
                        state=cheque.state_string))

    @classmethod
    def delete(cls, cheques):
        for cheque in cheques:
            if cheque.state != 'draft':
                raise ChequeError(gettext(
                        'crm_installments.msg_cheque_delete_draft',
                        cheque=cheque.rec_name))
        super().delete(cheques)

    @classmethod
    def log_event(cls, cheques, state):
        "Record who moved cheques to state and when"
        Event = Pool().get('crm.cheque.event')
        now = datetime.datetime.now()
        Event.create([{
                    'cheque': c.id,
                    'state': state,
                    'date': now,
                    'user': Transaction().user or None,
                    } for c in cheques])

    @classmethod
    def _methods(cls, company):
        "The receipt and clearing payment methods of the company"
        pool = Pool()
        Configuration = pool.get('crm.installment.configuration')
        config = Configuration(1)
        receipt = config.get_multivalue('cheque_method', company=company.id)
        clearing = config.get_multivalue(
            'cheque_clearing_method', company=company.id)
        if not receipt or not clearing:
            raise ChequeError(gettext(
                    'crm_installments.msg_cheque_no_method'))
        return receipt, clearing

    def _post_move(self, journal, date, lines):
        """Post a move of (account, debit, credit, party) tuples and return
        its lines in the same order"""
        return post_move(
            self.company, journal, date, self, self.rec_name, lines)

    @classmethod
    @ModelView.button
    @Workflow.transition('received')
    def receive(cls, cheques):
        pool = Pool()
        Installment = pool.get('crm.installment')
        installments = [c.installment for c in cheques if c.installment]
        if installments:
            # two cheques must not pay the same installment at once
            lock_rows(Installment, installments)
        for cheque in cheques:
            receipt, _ = cls._methods(cheque.company)
            installment = cheque.installment
            if installment:
                Installment.check_collectable([installment])
                if cheque.currency.round(cheque.amount - installment.amount):
                    raise ChequeError(gettext(
                            'crm_installments.msg_cheque_amount_installment',
                            cheque=cheque.rec_name,
                            installment=installment.rec_name))
                lines = installment.pay(receipt, cheque.entry_date)
                cheque.receipt_line = lines[0]
            else:
                account = cheque.party.account_receivable_used
                debit, credit = cheque._post_move(
                    receipt.journal, cheque.entry_date, [
                        (receipt.debit_account, cheque.amount, 0, None),
                        (account, 0, cheque.amount, cheque.party),
                        ])
                cheque.receipt_line = credit
        cls.save(cheques)
        cls.log_event(cheques, 'received')

    @classmethod
    @ModelView.button
    @Workflow.transition('deposited')
    def deposit(cls, cheques):
        cls.log_event(cheques, 'deposited')

    @classmethod
    @ModelView.button
    @Workflow.transition('cleared')
    def clear(cls, cheques):
        pool = Pool()
        Installment = pool.get('crm.installment')
        Date = pool.get('ir.date')
        today = Date.today()
        installments = []
        for cheque in cheques:
            receipt, clearing = cls._methods(cheque.company)
            if cheque.state not in {'received', 'deposited'}:
                raise ChequeError(gettext(
                        'crm_installments.msg_cheque_not_in_hand',
                        cheque=cheque.rec_name,
                        state=cheque.state_string))
            lines = cheque._post_move(clearing.journal, today, [
                    (clearing.debit_account, cheque.amount, 0, None),
                    (receipt.debit_account, 0, cheque.amount, None),
                    ])
            cheque.clearing_move = lines[0].move
            if cheque.installment:
                installments.append(cheque.installment)
        cls.save(cheques)
        if installments:
            Installment.stamp_collected(installments, today)
        cls.log_event(cheques, 'cleared')

    @classmethod
    def check_bounce(cls, cheques):
        "Only a cheque in hand (received or deposited) can bounce"
        for cheque in cheques:
            if cheque.state not in {'received', 'deposited'}:
                raise ChequeError(gettext(
                        'crm_installments.msg_cheque_bounce_state',
                        cheque=cheque.rec_name,
                        state=cheque.state_string))

    @classmethod
    @ModelView.button
    @Workflow.transition('bounced')
    def bounce(cls, cheques):
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Date = pool.get('ir.date')
        Invoice = pool.get('account.invoice')
        Line = pool.get('account.move.line')
        Reconciliation = pool.get('account.move.reconciliation')
        today = Date.today()
        cls.check_bounce(cheques)
        alarms = []
        for cheque in cheques:
            receipt, _ = cls._methods(cheque.company)
            line = cheque.receipt_line
            if line.reconciliation:
                Reconciliation.delete([line.reconciliation])
                invoice = (cheque.installment.invoice
                    if cheque.installment else None)
                if invoice:
                    # back from paid to posted before its payment is removed
                    Invoice.process([Invoice(invoice.id)])
            Invoice.remove_payment_lines([line])
            debit, _ = cheque._post_move(receipt.journal, today, [
                    (line.account, cheque.amount, 0, cheque.party),
                    (receipt.debit_account, 0, cheque.amount, None),
                    ])
            Line.reconcile([Line(line.id), debit])
            cheque.bounce_move = debit.move
            alarms.append({
                    'message': 'crm_installments.msg_alarm_bounced',
                    'params': {
                        'cheque': cheque,
                        'amount': Amount(cheque.amount, cheque.currency),
                        },
                    'origin': cheque,
                    'kind': 'cheque_bounced',
                    'date': today,
                    'user': Transaction().user or None,
                    'party': cheque.party.id,
                    })
        cls.save(cheques)
        cls.log_event(cheques, 'bounced')
        Alarm.raise_alarms(alarms)

    @classmethod
    @ModelView.button
    @Workflow.transition('returned')
    def return_(cls, cheques):
        cls.log_event(cheques, 'returned')

    @classmethod
    @ModelView.button
    @Workflow.transition('replaced')
    def replace(cls, cheques):
        for cheque in cheques:
            if not cheque.replacement:
                raise ChequeError(gettext(
                        'crm_installments.msg_cheque_replacement_required',
                        cheque=cheque.rec_name))
        cls.check_replacements(cheques)
        cls.log_event(cheques, 'replaced')

    @classmethod
    def check_replacements(cls, cheques):
        """A replacement cheque replaces one bounced cheque, or several
        whose amounts add up to its own"""
        replacements = {c.replacement for c in cheques}
        # two cashiers may not give one replacement to two cheques at once
        lock_rows(cls, replacements)
        for replacement in replacements:
            batch = [c for c in cheques if c.replacement == replacement]
            replaced = batch + cls.search([
                    ('replacement', '=', replacement.id),
                    ('state', '=', 'replaced'),
                    ('id', 'not in', [c.id for c in batch]),
                    ])
            if len(replaced) < 2:
                continue
            total = sum(c.amount for c in replaced)
            if replacement.currency.round(total - replacement.amount):
                raise ChequeError(gettext(
                        'crm_installments.msg_cheque_replacement_amount',
                        replacement=replacement.rec_name,
                        amount=format_amount(
                            replacement.amount, replacement.currency),
                        count=len(replaced),
                        total=format_amount(total, replacement.currency)))


class ChequeEvent(ModelSQL, ModelView):
    "Cheque Event"
    __name__ = 'crm.cheque.event'
    __string__ = "Cheque Event"
    cheque = fields.Many2One(
        'crm.cheque', "Cheque", required=True, ondelete='CASCADE')
    state = fields.Selection(
        'get_states', "State", required=True, readonly=True)
    date = Timestamp("Date", required=True, readonly=True)
    user = fields.Many2One('res.user', "User", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def get_states(cls):
        Cheque = Pool().get('crm.cheque')
        return Cheque.fields_get(['state'])['state']['selection']
