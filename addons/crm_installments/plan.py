# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Installment plans: templates and the wizard that spreads a document's
total over a cash part and installments.

A quotation or a draft invoice is planned before its move exists: the
invoice's move gets one receivable line per installment when it is posted.
A posted invoice is re-planned: its open receivable (the unreconciled lines
to pay, less the unreconciled payments) is rescheduled with Tryton's
``account.move.line.reschedule`` into one line per new installment; the
collected installments and those paid by a cheque that did not bounce stay
as they are, the other open ones are cancelled."""
from decimal import Decimal
from types import SimpleNamespace

from dateutil.relativedelta import relativedelta

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.crm_fin.tools import format_amount, format_date
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .cheque import BOUNCED_STATES
from .exceptions import InstallmentError

# the longest plans: ten years of monthly installments
MAX_COUNT = 120
MAX_INTERVAL = {'month': 24, 'day': 366}

# the fields a template and the wizard share
interval = fields.Integer(
    "Interval", required=True, domain=[('interval', '>', 0)])
interval_unit = fields.Selection([
        ('month', "Months"),
        ('day', "Days"),
        ], "Interval Unit", required=True)
kind = fields.Selection('get_kinds', "Kind", required=True)


class _PlanKindsMixin:
    "The kinds of a plan's installments: those the company takes"
    __slots__ = ()

    @classmethod
    def get_kinds(cls):
        Configuration = Pool().get('crm.installment.configuration')
        return Configuration.get_plan_kinds()


class Template(_PlanKindsMixin, ModelSQL, ModelView):
    "Installment Plan Template"
    __name__ = 'crm.installment.template'
    __string__ = "Installment Plan Template"
    name = fields.Char("Name", required=True, translate=True)
    cash_percent = fields.Numeric(
        "Cash Part %", digits=(5, 2), required=True,
        domain=[('cash_percent', '>=', 0), ('cash_percent', '<=', 100)])
    count = fields.Integer(
        "Installments", required=True, domain=[('count', '>', 0)])
    interval = interval
    interval_unit = interval_unit
    kind = kind

    @classmethod
    def default_cash_percent(cls):
        return Decimal(0)

    @classmethod
    def default_interval(cls):
        return 1

    @classmethod
    def default_interval_unit(cls):
        return 'month'

    @classmethod
    def default_kind(cls):
        Configuration = Pool().get('crm.installment.configuration')
        return Configuration.preferred_plan_kind()


class PlanStart(_PlanKindsMixin, ModelView):
    "Installment Plan"
    __name__ = 'crm.installment.plan.start'
    __string__ = "Installment Plan"
    template = fields.Many2One('crm.installment.template', "Template")
    currency = fields.Many2One('currency.currency', "Currency", readonly=True)
    total = Monetary(
        "Total", currency='currency', digits='currency', readonly=True)
    cash_amount = Monetary(
        "Cash Part", currency='currency', digits='currency', required=True,
        domain=[
            ('cash_amount', '>=', 0),
            ('cash_amount', '<=', Eval('total', 0)),
            ])
    count = fields.Integer(
        "Installments", required=True, domain=[('count', '>=', 0)])
    interval = interval
    interval_unit = interval_unit
    first_due_date = fields.Date("First Due Date", required=True)
    kind = kind

    @fields.depends('template', 'total', 'currency', 'cash_amount', 'count',
        'interval', 'interval_unit', 'kind')
    def on_change_template(self):
        if not self.template:
            return
        template = self.template
        total = self.total or Decimal(0)
        cash = total * template.cash_percent / 100
        if self.currency:
            cash = self.currency.round(cash)
        self.cash_amount = cash
        self.count = template.count
        self.interval = template.interval
        self.interval_unit = template.interval_unit
        self.kind = template.kind


class Plan(Wizard):
    "Installment Plan"
    __name__ = 'crm.installment.plan'
    start = StateView('crm.installment.plan.start',
        'crm_installments.plan_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Create", 'create_', 'tryton-ok', default=True),
            ])
    create_ = StateTransition()

    def default_start(self, fields):
        pool = Pool()
        Date = pool.get('ir.date')
        Configuration = pool.get('crm.installment.configuration')
        document = self.record
        today = Date.today()
        return {
            'currency': document.currency.id,
            'total': self.plan_total(document),
            'cash_amount': Decimal(0),
            'count': 3,
            'interval': 1,
            'interval_unit': 'month',
            'first_due_date': today + relativedelta(months=1),
            'kind': Configuration.preferred_plan_kind(),
            }

    @classmethod
    def replanned(cls, document):
        "Whether the plan of document reschedules its posted receivable"
        return (document.__name__ == 'account.invoice'
            and document.state == 'posted')

    @classmethod
    def plan_total(cls, document):
        "The amount the plan spreads"
        pool = Pool()
        Reschedule = pool.get('account.move.line.reschedule', type='wizard')
        if cls.replanned(document):
            return Reschedule.get_total_amount(cls.replanned_lines(document))
        return document.total_amount

    @classmethod
    def kept_installments(cls, document):
        """The installments a new plan of a posted invoice keeps: collected,
        or paid by a cheque that did not bounce"""
        pool = Pool()
        Cheque = pool.get('crm.cheque')
        kept = []
        for installment in document.crm_installments:
            if installment.state == 'collected':
                kept.append(installment)
            elif installment.state == 'planned' and Cheque.search([
                        ('installment', '=', installment.id),
                        ('state', 'not in', BOUNCED_STATES),
                        ], limit=1):
                kept.append(installment)
        return kept

    @classmethod
    def replanned_lines(cls, document):
        """The receivable lines of a posted invoice that a new plan
        reschedules: its unreconciled lines to pay (but those of the kept
        installments) and its unreconciled payments"""
        kept = {i.line for i in cls.kept_installments(document) if i.line}
        lines = [l for l in document.lines_to_pay
            if not l.reconciliation and l not in kept]
        if lines:
            lines += [l for l in document.payment_lines
                if not l.reconciliation]
        return lines

    @staticmethod
    def check_start(document, start, total):
        """Refuse what a plan cannot be made of: a cash part that is no
        amount between 0 and the total to plan, too many installments or
        intervals (the client's domains are not the server's)"""
        cash = start.cash_amount
        if (not isinstance(cash, Decimal) or not cash.is_finite()
                or cash < 0):
            raise InstallmentError(gettext(
                    'crm_installments.msg_plan_cash',
                    total=format_amount(total, document.currency)))
        if cash > total:
            raise InstallmentError(gettext(
                    'crm_installments.msg_plan_cash_exceeds_total',
                    document=document.rec_name,
                    cash=format_amount(cash, document.currency),
                    total=format_amount(total, document.currency)))
        count, interval = start.count, start.interval
        if (not isinstance(count, int) or not 0 <= count <= MAX_COUNT
                or not isinstance(interval, int)
                or not 0 < interval <= MAX_INTERVAL[start.interval_unit]):
            raise InstallmentError(gettext(
                    'crm_installments.msg_plan_count', count=MAX_COUNT))

    def transition_create_(self):
        pool = Pool()
        Installment = pool.get('crm.installment')
        Date = pool.get('ir.date')
        document = self.record
        state = document.state
        if ((document.__name__ == 'sale.sale'
                    and state not in {'draft', 'quotation'})
                or (document.__name__ == 'account.invoice'
                    and state not in {'draft', 'posted'})):
            raise InstallmentError(gettext(
                    'crm_installments.msg_plan_not_draft',
                    document=document.rec_name))
        start = self.start
        total = self.plan_total(document)
        self.check_start(document, start, total)
        if start.first_due_date < Date.today():
            raise InstallmentError(gettext(
                    'crm_installments.msg_plan_due_in_past',
                    date=format_date(start.first_due_date)))
        cash = start.cash_amount
        if not total:
            raise InstallmentError(gettext(
                    'crm_installments.msg_plan_nothing_open',
                    document=document.rec_name))
        replanned = self.replanned(document)
        if start.count:
            # the receivable of a replanned invoice is already in the
            # party's credit
            Installment.check_plan_credit(
                document, total - cash, replanned=replanned)
        values = Installment.plan(
            document, total, cash, start.count,
            start.interval, start.interval_unit, start.first_due_date,
            start.kind,
            Date.today() if replanned
            else Installment.plan_cash_date(document))
        # decided above (a quotation's plan is decided when changed)
        with Transaction().set_context(_crm_plan_checked=True):
            if replanned:
                self.reschedule(document, values)
            else:
                Installment.delete([i for i in document.crm_installments
                        if i.state == 'planned'])
                Installment.create(values)
        return 'end'

    @classmethod
    def reschedule(cls, document, values):
        """Reschedule the open receivable of the posted invoice document into
        one line per installment of values, cancel the installments it
        replaces and create the new ones on their lines"""
        pool = Pool()
        Installment = pool.get('crm.installment')
        Move = pool.get('account.move')
        Reschedule = pool.get('account.move.line.reschedule', type='wizard')
        lines = cls.replanned_lines(document)
        terms = [SimpleNamespace(date=v['due_date'], amount=v['amount'])
            for v in values]
        move, balance_line = Reschedule.reschedule_lines(
            lines, document.journal, terms)
        move.origin = document
        move.description = document.rec_name
        move.save()
        Move.post([move])
        replaced = [i for i in document.crm_installments
            if i.state == 'planned' and i.line in lines]
        with without_check_access():
            Installment.cancel(replaced)
        remaining = [l for l in move.lines if l != balance_line]
        for value in values:
            line = next(l for l in remaining
                if l.maturity_date == value['due_date']
                and abs(l.amount) == value['amount'])
            remaining.remove(line)
            value['line'] = line.id
        with without_check_access():
            Installment.create(values)
