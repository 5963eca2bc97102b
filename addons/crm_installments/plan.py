# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Installment plans: templates and the wizard that spreads a document's
total over a cash part and installments."""
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.crm_fin.tools import format_date
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import InstallmentError


class Template(ModelSQL, ModelView):
    "Installment Plan Template"
    __name__ = 'crm.installment.template'
    name = fields.Char("Name", required=True, translate=True)
    cash_percent = fields.Numeric(
        "Cash Part %", digits=(5, 2), required=True,
        domain=[('cash_percent', '>=', 0), ('cash_percent', '<=', 100)])
    count = fields.Integer(
        "Installments", required=True, domain=[('count', '>', 0)])
    interval = fields.Integer(
        "Interval", required=True, domain=[('interval', '>', 0)])
    interval_unit = fields.Selection([
            ('month', "Months"),
            ('day', "Days"),
            ], "Interval Unit", required=True)
    kind = fields.Selection('get_kinds', "Kind", required=True)

    @classmethod
    def get_kinds(cls):
        Configuration = Pool().get('crm.installment.configuration')
        return Configuration.get_plan_kinds()

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


class PlanStart(ModelView):
    "Installment Plan"
    __name__ = 'crm.installment.plan.start'
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
    interval = fields.Integer(
        "Interval", required=True, domain=[('interval', '>', 0)])
    interval_unit = fields.Selection([
            ('month', "Months"),
            ('day', "Days"),
            ], "Interval Unit", required=True)
    first_due_date = fields.Date("First Due Date", required=True)
    kind = fields.Selection('get_kinds', "Kind", required=True)

    @classmethod
    def get_kinds(cls):
        Configuration = Pool().get('crm.installment.configuration')
        return Configuration.get_plan_kinds()

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
            'total': document.total_amount,
            'cash_amount': Decimal(0),
            'count': 3,
            'interval': 1,
            'interval_unit': 'month',
            'first_due_date': today + relativedelta(months=1),
            'kind': Configuration.preferred_plan_kind(),
            }

    def transition_create_(self):
        pool = Pool()
        Installment = pool.get('crm.installment')
        Date = pool.get('ir.date')
        document = self.record
        state = document.state
        if ((document.__name__ == 'sale.sale'
                    and state not in {'draft', 'quotation'})
                or (document.__name__ == 'account.invoice'
                    and state != 'draft')):
            raise InstallmentError(gettext(
                    'crm_installments.msg_plan_not_draft',
                    document=document.rec_name))
        start = self.start
        if start.first_due_date < Date.today():
            raise InstallmentError(gettext(
                    'crm_installments.msg_plan_due_in_past',
                    date=format_date(start.first_due_date)))
        total = document.total_amount
        credit = total - (start.cash_amount or 0)
        if start.count:
            Installment.check_credit(document.party, document.company, credit)
        old = [i for i in document.crm_installments if i.state == 'planned']
        Installment.delete(old)
        Installment.create(Installment.plan(
                document, total, start.cash_amount, start.count,
                start.interval, start.interval_unit, start.first_due_date,
                start.kind,
                getattr(document, 'invoice_date', None)
                or getattr(document, 'sale_date', None) or Date.today()))
        return 'end'
