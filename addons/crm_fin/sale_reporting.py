# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The reports of the workspace's charts and role dashboards, in SQL.

* ``crm.sales.monthly``: untaxed amount invoiced per month over the last 12
  months, with the company's target of the month (the targets of no
  marketer, spread over their period in proportion of the days);
* ``crm.quotation.conversion.marketer``: quotations of a period per
  marketer and how many became sales;
* ``crm.party.overdue``: what each customer owes past its due date;
* ``crm.marketer.commission``: commission of each marketer per month.

Months are the user's (Jalali or Gregorian, see ``reporting.py``).
"""
import datetime
from decimal import Decimal

from sql import Cast, Literal, Null
from sql.aggregate import Count, Min, Sum
from sql.conditionals import Case, Coalesce

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .reporting import (
    PeriodContextMixin, ReportMixin, bucket, month_name, month_starts,
    open_receivables, periods)


class SalesMonthly(ModelSQL, ModelView):
    "Sales per Month"
    __name__ = 'crm.sales.monthly'
    __string__ = "Sales per Month"
    company = fields.Many2One('company.company', "Company")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')
    month = fields.Date("Month")
    month_name = fields.Function(fields.Char("Month"), 'get_month_name')
    invoices = fields.Integer("Invoices")
    amount = Monetary("Sales", currency='currency', digits='currency')
    target = fields.Function(Monetary(
            "Target", currency='currency', digits='currency',
            help="The targets of the company (of no marketer) spread over "
            "their period in proportion of the days."),
        'get_target')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('month', 'ASC'), ('id', 'ASC')]

    @classmethod
    def _bounds(cls):
        return month_starts(Pool().get('ir.date').today(), 12)

    @classmethod
    def table_query(cls):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        invoice = Invoice.__table__()
        context = Transaction().context
        bounds = cls._bounds()
        company = context.get('company')
        rows = invoice.select(
            bucket(invoice.invoice_date, bounds).as_('bucket'),
            invoice.id.as_('invoice'),
            invoice.untaxed_amount_cache.as_('amount'),
            where=(invoice.type == 'out')
            & invoice.state.in_(['posted', 'paid'])
            & (invoice.company == (company or -1))
            & (invoice.invoice_date >= bounds[0])
            & (invoice.invoice_date < bounds[-1]))
        sales = rows.select(
            rows.bucket,
            Count(rows.invoice).as_('invoices'),
            Sum(Coalesce(rows.amount, 0)).as_('amount'),
            group_by=[rows.bucket])
        months = periods(bounds)
        return months.join(sales, 'LEFT',
            condition=sales.bucket == months.bucket).select(
                (months.bucket + 1).as_('id'),
                Cast(Literal(company or None), 'INTEGER').as_('company'),
                months.start.as_('month'),
                Coalesce(sales.invoices, 0).as_('invoices'),
                Coalesce(sales.amount, 0).as_('amount'))

    def get_currency(self, name):
        return self.company.currency.id if self.company else None

    def get_month_name(self, name):
        return month_name(self.month) if self.month else None

    @classmethod
    def get_target(cls, months, name):
        pool = Pool()
        Target = pool.get('crm.sales.target')
        bounds = cls._bounds()
        end = {b: n for b, n in zip(bounds, bounds[1:])}
        targets = Target.search([
                ('agent', '=', None),
                ('start_date', '<', bounds[-1]),
                ('end_date', '>=', bounds[0]),
                ])
        result = {}
        for month in months:
            amount = Decimal(0)
            first, last = month.month, end.get(month.month)
            for target in targets:
                if last is None or target.company != month.company:
                    continue
                start = max(first, target.start_date)
                stop = min(last - datetime.timedelta(days=1), target.end_date)
                if stop < start:
                    continue
                days = (target.end_date - target.start_date).days + 1
                amount += (target.amount * ((stop - start).days + 1)
                    / days)
            currency = month.company.currency if month.company else None
            result[month.id] = currency.round(amount) if currency else amount
        return result


class QuotationConversionContext(PeriodContextMixin, ModelView):
    "Quotation Conversion Context"
    __name__ = 'crm.quotation.conversion.context'
    __string__ = "Quotation Conversion Context"


class QuotationConversionMarketer(ReportMixin, ModelSQL, ModelView):
    "Quotation Conversion per Marketer"
    __name__ = 'crm.quotation.conversion.marketer'
    __string__ = "Quotation Conversion per Marketer"
    agent = fields.Many2One('commission.agent', "Marketer")
    agent_name = fields.Function(
        fields.Char("Marketer"), 'get_agent_name')
    quotations = fields.Integer("Quotations")
    converted = fields.Integer("Converted")
    rate = fields.Float("Conversion Rate", digits=(3, 4))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('quotations', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        """Quotations issued in the period per marketer (quotations of no
        marketer together) and how many were confirmed"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale = Sale.__table__()
        where = cls._context_where(sale.quotation_date != Null,
            company=sale.company, date=sale.quotation_date)
        converted = Sum(Case(
                (sale.state.in_(['confirmed', 'processing', 'done']), 1),
                else_=0))
        quotations = Count(sale.id)
        return sale.select(
            Coalesce(sale.agent, 0).as_('id'),
            sale.agent.as_('agent'),
            quotations.as_('quotations'),
            converted.as_('converted'),
            (converted * 1.0 / quotations).as_('rate'),
            where=where,
            group_by=[sale.agent])

    def get_agent_name(self, name):
        if self.agent:
            return self.agent.party.rec_name
        return gettext('crm_fin.msg_no_marketer')


class PartyOverdue(ReportMixin, ModelSQL, ModelView):
    "Overdue Customer"
    __name__ = 'crm.party.overdue'
    __string__ = "Overdue Customer"
    company = fields.Many2One('company.company', "Company")
    party = fields.Many2One('party.party', "Customer",
        context={'company': Eval('company', -1)}, depends={'company'})
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')
    oldest_date = fields.Date("Oldest Due Date")
    lines = fields.Integer("Payments Overdue")
    amount = Monetary("Overdue", currency='currency', digits='currency')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('amount', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        """Open receivable lines of posted customer invoices past their
        maturity date, summed per customer"""
        today = Pool().get('ir.date').today()
        from_, line, invoice, where = open_receivables()
        where = cls._context_where(where & (line.maturity_date < today),
            company=invoice.company)
        return from_.select(
            invoice.party.as_('id'),
            Min(invoice.company).as_('company'),
            invoice.party.as_('party'),
            Min(line.maturity_date).as_('oldest_date'),
            Count(line.id).as_('lines'),
            Sum(line.debit - line.credit).as_('amount'),
            where=where,
            group_by=[invoice.party])

    def get_currency(self, name):
        return self.company.currency.id if self.company else None


class MarketerCommission(ReportMixin, ModelSQL, ModelView):
    "Commission per Month"
    __name__ = 'crm.marketer.commission'
    __string__ = "Commission per Month"
    agent = fields.Many2One('commission.agent', "Marketer")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')
    month = fields.Date("Month")
    month_name = fields.Function(fields.Char("Month"), 'get_month_name')
    commissions = fields.Integer("Commissions")
    amount = Monetary("Commission", currency='currency', digits='currency')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('month', 'DESC'), ('agent', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        """The commissions per marketer and month of the last 12 months (or
        of the context's months: 1 for the current month only)"""
        pool = Pool()
        Commission = pool.get('commission')
        Agent = pool.get('commission.agent')
        commission = Commission.__table__()
        agent = Agent.__table__()
        context = Transaction().context
        bounds = month_starts(
            pool.get('ir.date').today(), int(context.get('months') or 12))
        where = cls._context_where((commission.date >= bounds[0])
            & (commission.date < bounds[-1]), company=agent.company)
        rows = commission.join(agent,
            condition=commission.agent == agent.id).select(
                commission.agent.as_('agent'),
                bucket(commission.date, bounds).as_('bucket'),
                commission.id.as_('commission'),
                commission.amount.as_('amount'),
                where=where)
        per_month = rows.select(
            rows.agent, rows.bucket,
            Count(rows.commission).as_('commissions'),
            Sum(rows.amount).as_('amount'),
            group_by=[rows.agent, rows.bucket])
        months = periods(bounds)
        return per_month.join(months,
            condition=months.bucket == per_month.bucket).select(
                (per_month.agent * 100 + per_month.bucket).as_('id'),
                per_month.agent.as_('agent'),
                months.start.as_('month'),
                per_month.commissions.as_('commissions'),
                per_month.amount.as_('amount'))

    def get_currency(self, name):
        return self.agent.currency.id if self.agent else None

    def get_month_name(self, name):
        return month_name(self.month) if self.month else None
