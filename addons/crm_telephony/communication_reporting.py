# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Reports on the communication log: calls per day, last call, conversion."

from sql import Literal, Null
from sql.aggregate import Count, Max, Min, Sum
from sql.conditionals import Case, Coalesce
from sql.functions import Function

from trytond import backend
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.crm_fin.reporting import (
    PeriodContextMixin, ReportMixin)
from trytond.modules.crm_fin.tools import DateDisplayMixin
from trytond.pool import Pool
from trytond.transaction import Transaction


class CallsPerDayContext(PeriodContextMixin, ModelView):
    "Calls per Day Context"
    __name__ = 'crm.communication.calls_per_day.context'
    __string__ = "Calls per Day Context"
    _period_days = 30


class CallsPerDay(DateDisplayMixin, ReportMixin, ModelSQL, ModelView):
    "Calls per Day per User"
    __name__ = 'crm.communication.calls_per_day'
    __string__ = "Calls per Day per User"
    date = fields.Date("Date")
    date_display = fields.Function(fields.Char("Date"), 'get_date_display')
    user = fields.Many2One('res.user', "User")
    incoming = fields.Integer("Incoming")
    outgoing = fields.Integer("Outgoing")
    missed = fields.Integer("Missed")
    calls = fields.Integer("Calls")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('user', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Communication = pool.get('crm.communication')
        c = Communication.__table__()
        # the calls of the customers of the user's regions and of unknown
        # numbers
        where = cls._context_where(c.kind == 'call', date=c.date,
            party=c.party)

        def count(condition):
            return Sum(Case((condition, 1), else_=0))
        return c.select(
            Min(c.id).as_('id'),
            c.date.as_('date'),
            c.user.as_('user'),
            count(c.direction == 'incoming').as_('incoming'),
            count(c.direction == 'outgoing').as_('outgoing'),
            count(c.result == 'missed').as_('missed'),
            Count(Literal(1)).as_('calls'),
            where=where,
            group_by=[c.date, c.user])


class LastCall(DateDisplayMixin, ModelSQL, ModelView):
    "Last Call of a Party"
    __name__ = 'crm.communication.last_call'
    __string__ = "Last Call of a Party"
    party = fields.Many2One('party.party', "Party")
    date = fields.Date("Last Call")
    date_display = fields.Function(fields.Char("Last Call"), 'get_date_display')
    calls = fields.Integer("Calls")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'ASC'), ('party', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Communication = pool.get('crm.communication')
        c = Communication.__table__()
        return c.select(
            c.party.as_('id'),
            c.party.as_('party'),
            Max(c.date).as_('date'),
            Count(Literal(1)).as_('calls'),
            where=(c.kind == 'call') & (c.party != Null),
            group_by=[c.party])


class _SQLiteDate(Function):
    __slots__ = ()
    _function = 'DATE'


def _add_days(column, days):
    "column + days, for a date column, on PostgreSQL and SQLite"
    if backend.name == 'sqlite':
        return _SQLiteDate(column, '+%d days' % days)
    return column + Literal(days)


class CallConversionContext(PeriodContextMixin, ModelView):
    "Call Conversion Context"
    __name__ = 'crm.communication.conversion.context'
    __string__ = "Call Conversion Context"
    days = fields.Integer(
        "Days", required=True, domain=[('days', '>=', 0)],
        help="A call counts as converted when the party buys within these "
        "days.")

    @classmethod
    def default_days(cls):
        return 30


class CallConversion(ReportMixin, ModelSQL, ModelView):
    "Calls followed by a Sale"
    __name__ = 'crm.communication.conversion'
    __string__ = "Calls followed by a Sale"
    user = fields.Many2One('res.user', "User")
    calls = fields.Integer("Calls")
    converted = fields.Integer("Followed by a Sale")
    rate = fields.Function(
        fields.Float("Rate (%)", digits=(16, 1)), 'get_rate')

    @classmethod
    def table_query(cls):
        pool = Pool()
        Communication = pool.get('crm.communication')
        Sale = pool.get('sale.sale')
        c = Communication.__table__()
        sale = Sale.__table__()
        context = Transaction().context
        days = int(context.get('days') or 30)
        where = cls._context_where((c.kind == 'call') & (c.party != Null),
            date=c.date, party=c.party, party_empty=False)
        followed = sale.select(
            Literal(1),
            where=(sale.party == c.party)
            & sale.state.in_(['confirmed', 'processing', 'done'])
            & (sale.sale_date >= c.date)
            & (sale.sale_date <= _add_days(c.date, days)))
        from sql.operators import Exists
        return c.select(
            Coalesce(c.user, 0).as_('id'),
            c.user.as_('user'),
            Count(Literal(1)).as_('calls'),
            Sum(Case((Exists(followed), 1), else_=0)).as_('converted'),
            where=where,
            group_by=[c.user])

    def get_rate(self, name):
        if not self.calls:
            return None
        return round(100.0 * (self.converted or 0) / self.calls, 1)
