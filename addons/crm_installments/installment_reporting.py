# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Reports on installments: collected per period, by marketer."

from sql import Null
from sql.aggregate import Count, Min, Sum
from sql.conditionals import Coalesce
from sql.functions import Extract

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.transaction import Transaction

from .installment import KINDS


class CollectedPeriod(ModelSQL, ModelView):
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
        from sql import Cast
        Installment = Pool().get('crm.installment')
        table = Installment.__table__()
        context = Transaction().context
        year = Cast(Extract('YEAR', table.collect_date), 'INTEGER')
        month = Cast(Extract('MONTH', table.collect_date), 'INTEGER')
        where = (table.state == 'collected') & (table.collect_date != Null)
        if context.get('company'):
            where &= table.company == context['company']
        return table.select(
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
