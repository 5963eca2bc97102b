# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Reports on installments: collected per period, by marketer, and the
cash-flow forecast of the coming weeks."""
import datetime

from sql import Column, Literal, Null, Select, Union
from sql.aggregate import Count, Max, Min, Sum
from sql.conditionals import Case, Coalesce

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.crm_fin.tools import sql_text
from trytond.modules.crm_fin.reporting import ReportMixin, year_month
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.transaction import Transaction

from .cheque import BOUNCED_STATES
from .installment import KINDS

IN_HAND = ['received', 'deposited']


class CollectedPeriod(ReportMixin, ModelSQL, ModelView):
    "Installments Collected per Period"
    __name__ = 'crm.installment.collected'
    __string__ = "Installments Collected per Period"
    company = fields.Many2One('company.company', "Company")
    currency = fields.Many2One('currency.currency', "Currency")
    year = fields.Integer("Year")
    month = fields.Integer("Month")
    kind = fields.Selection(KINDS, "Kind")
    count = fields.Integer("Count")
    amount = Monetary("Amount", currency='currency', digits='currency')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('year', 'DESC'), ('month', 'DESC'), ('kind', 'ASC'),
            ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        Installment = Pool().get('crm.installment')
        table = Installment.__table__()
        # the year and the month of the user's calendar
        from_, year, month = year_month(table, table.collect_date)
        # the money of the customers of the user's regions
        where = cls._context_where(
            (table.state == 'collected') & (table.collect_date != Null),
            company=table.company, party=table.party)
        return from_.select(
            Min(table.id).as_('id'),
            table.company.as_('company'),
            table.currency.as_('currency'),
            year.as_('year'), month.as_('month'), table.kind.as_('kind'),
            Count(table.id).as_('count'),
            Coalesce(Sum(table.amount), 0).as_('amount'),
            where=where,
            group_by=[table.company, table.currency, year, month,
                table.kind])


class MarketerContext(ModelView):
    "Installments by Marketer"
    __name__ = 'crm.installment.marketer.context'
    __string__ = "Installments by Marketer"
    marketer = fields.Many2One('commission.agent', "Marketer")
    date = fields.Date("Due Until", required=True)

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()


class CashFlowForecast(ReportMixin, ModelSQL, ModelView):
    """Cash-Flow Forecast

    What comes in per week over the next 12 weeks (the first week starts
    today and also holds what is overdue), by kind: the open installments
    at their due date (cash, deposit slip, POS, bank transfer, credit, and
    cheques not received yet), the cheques in hand (received or deposited) at the due
    date written on them, and apart the *bounced* amounts: open cheque
    installments whose cheque bounced and bounced cheques paying no
    installment, which are to be followed up rather than counted on."""
    __name__ = 'crm.installment.forecast'
    __string__ = "Cash-Flow Forecast"
    company = fields.Many2One('company.company', "Company")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')
    week = fields.Date("Week")
    week_end = fields.Date("Week End")
    cash = Monetary("Cash", currency='currency', digits='currency')
    cheque = Monetary("Cheque", currency='currency', digits='currency')
    deposit = Monetary("Deposit Slip", currency='currency', digits='currency')
    pos = Monetary("POS", currency='currency', digits='currency')
    transfer = Monetary(
        "Bank Transfer", currency='currency', digits='currency')
    credit = Monetary("Credit", currency='currency', digits='currency')
    bounced = Monetary("Bounced", currency='currency', digits='currency',
        help="Bounced cheques still owed: to follow up, not counted in "
        "the total.")
    total = Monetary("Total", currency='currency', digits='currency')

    WEEKS = 12

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('week', 'ASC'), ('id', 'ASC')]

    @classmethod
    def _weeks(cls):
        "The first days of the weeks and the day after the last one"
        today = Pool().get('ir.date').today()
        return [today + datetime.timedelta(days=7 * i)
            for i in range(cls.WEEKS + 1)]

    @classmethod
    def _dues(cls):
        "A query of company, kind, date and amount of what is to come in"
        pool = Pool()
        Installment = pool.get('crm.installment')
        Cheque = pool.get('crm.cheque')
        installment = Installment.__table__()
        cheque = Cheque.__table__()
        per_installment = Cheque.__table__()
        cheques = per_installment.select(
            per_installment.installment.as_('installment'),
            Max(Case((per_installment.state.in_(IN_HAND), 1), else_=0)
                ).as_('in_hand'),
            Max(Case((per_installment.state.in_(BOUNCED_STATES[:2]), 1),
                    else_=0)).as_('bounced'),
            where=per_installment.installment != Null,
            group_by=[per_installment.installment])
        in_hand = Coalesce(cheques.in_hand, 0)
        bounced = Coalesce(cheques.bounced, 0)
        kind = Case(
            ((installment.kind == 'cheque') & (bounced == 1),
                sql_text('bounced')),
            else_=installment.kind)
        where = cls._context_where((installment.state == 'planned') & ~(
                (installment.kind == 'cheque') & (in_hand == 1)),
            company=installment.company)
        cheque_where = cls._context_where(cheque.state.in_(IN_HAND),
            company=cheque.company)
        bounced_where = cls._context_where(
            cheque.state.in_(BOUNCED_STATES[:2])
            & (cheque.installment == Null),
            company=cheque.company)
        return Union(
            installment.join(cheques, 'LEFT',
                condition=cheques.installment == installment.id).select(
                installment.company.as_('company'),
                kind.as_('kind'),
                installment.due_date.as_('date'),
                installment.amount.as_('amount'),
                where=where),
            cheque.select(
                cheque.company.as_('company'),
                sql_text('cheque').as_('kind'),
                cheque.due_date.as_('date'),
                cheque.amount.as_('amount'),
                where=cheque_where),
            cheque.select(
                cheque.company.as_('company'),
                sql_text('bounced').as_('kind'),
                cheque.due_date.as_('date'),
                cheque.amount.as_('amount'),
                where=bounced_where),
            all_=True)

    @classmethod
    def table_query(cls):
        weeks = cls._weeks()
        dues = cls._dues()
        # the first week holds what is overdue
        week = Case(*((dues.date < weeks[i + 1], Literal(i))
                for i in range(cls.WEEKS)), else_=Null)
        rows = dues.select(dues.company, dues.kind, dues.amount,
            week.as_('week'), where=dues.date < weeks[-1])

        def amount(kind):
            return Coalesce(Sum(Case(
                        (rows.kind == kind, rows.amount), else_=0)), 0)
        per_week = rows.select(
            rows.week, Min(rows.company).as_('company'),
            *(amount(k).as_(k) for k, _ in KINDS),
            amount('bounced').as_('bounced'),
            group_by=[rows.week])
        all_weeks = Union(*(
                Select([Literal(i).as_('week'),
                        Literal(weeks[i]).as_('start'),
                        Literal(weeks[i + 1] - datetime.timedelta(days=1)
                            ).as_('end')])
                for i in range(cls.WEEKS)), all_=True)
        # the weeks without money are the company's too (its rule)
        company = Transaction().context.get('company')
        if not company:
            user = Pool().get('res.user')(Transaction().user)
            company = user.company.id if user.company else None
        columns = [Coalesce(Column(per_week, k), 0).as_(k)
            for k, _ in KINDS]
        total = sum((Coalesce(Column(per_week, k), 0) for k, _ in KINDS),
            Literal(0))
        return all_weeks.join(per_week, 'LEFT',
            condition=per_week.week == all_weeks.week).select(
                (all_weeks.week + 1).as_('id'),
                (Literal(company) if company else per_week.company
                    ).as_('company'),
                all_weeks.start.as_('week'),
                all_weeks.end.as_('week_end'),
                *columns,
                Coalesce(per_week.bounced, 0).as_('bounced'),
                total.as_('total'))

    def get_currency(self, name):
        if self.company:
            return self.company.currency.id
