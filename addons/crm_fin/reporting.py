# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Shared helpers of the reports: periods in the user's calendar.

Months are the user's: Jalali months for a Persian-speaking user (or one
whose calendar is Jalali), Gregorian ones otherwise.  Python gives the
bounds of the periods, the database puts the rows in them (``bucket``), so
the same SQL serves both calendars on SQLite and PostgreSQL.

Reports that group by year and month over any range of dates (yearly sales,
profit per month, quotation conversion, installments collected) join the
calendar days (``crm.calendar.day``: every day of 1950-2100 with its
Gregorian and Jalali year and month, a date dimension filled when the
module is activated) with ``year_month``.
"""
import datetime

import jdatetime
from dateutil.relativedelta import relativedelta
from sql import Cast, Literal, Null, Select, Union
from sql.aggregate import Count
from sql.conditionals import Case
from sql.functions import Extract

from trytond.model import Index, ModelSQL, fields
from trytond.pool import Pool
from trytond.transaction import Transaction

from .access_template import region_where
from .tools import PERSIAN_DIGITS, is_persian, to_jalali

# the days of crm.calendar.day
FIRST_DAY = datetime.date(1950, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)

JALALI_MONTHS = [
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]


class PeriodContextMixin:
    """The period of a report's context: the last ``_period_days`` days up
    to today unless the user changes it"""
    __slots__ = ()
    _period_days = 90
    from_date = fields.Date("From Date")
    to_date = fields.Date("To Date")

    @classmethod
    def default_from_date(cls):
        return Pool().get('ir.date').today() - datetime.timedelta(
            days=cls._period_days)

    @classmethod
    def default_to_date(cls):
        return Pool().get('ir.date').today()


class ReportMixin:
    """The conditions a report's context puts on its ``table_query``, built
    in one place the way Tryton's sale reporting builds its ``_where``"""
    __slots__ = ()

    @classmethod
    def _context_where(
            cls, where, company=None, date=None, party=None,
            party_empty=True):
        """where and the conditions of the context: the context's company
        on the company column, its period (from_date and to_date, both
        included) on the date column and the user's regions on the party
        column (rows without party kept when party_empty)"""
        context = Transaction().context
        if company is not None and context.get('company'):
            where &= company == context['company']
        if date is not None:
            if context.get('from_date'):
                where &= date >= context['from_date']
            if context.get('to_date'):
                where &= date <= context['to_date']
        if party is not None:
            regions = region_where(party, empty=party_empty)
            if regions is not None:
                where &= regions
        return where


def open_receivables():
    """The open receivable move lines of the posted customer invoices:
    (from, line, invoice, where) to select from"""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Line = pool.get('account.move.line')
    Account = pool.get('account.account')
    AccountType = pool.get('account.account.type')
    invoice = Invoice.__table__()
    line = Line.__table__()
    account = Account.__table__()
    type_ = AccountType.__table__()
    from_ = (line
        .join(invoice, condition=line.move == invoice.move)
        .join(account, condition=line.account == account.id)
        .join(type_, condition=account.type == type_.id))
    where = ((invoice.type == 'out') & (invoice.state == 'posted')
        & (line.reconciliation == Null)
        & (type_.receivable == Literal(True)))
    return from_, line, invoice, where


def jalali_calendar():
    "Whether the user counts the days in the Solar Hijri calendar"
    calendar = Transaction().context.get('calendar')
    if calendar:
        return calendar == 'jalali'
    return is_persian()


def month_starts(today, count):
    """The first days of the count months up to today's (oldest first)
    followed by the first day of the next month, in the user's calendar"""
    if jalali_calendar():
        jalali = to_jalali(today)
        current = jalali.year * 12 + jalali.month - 1
        starts = []
        for i in range(-count + 1, 2):
            year, month = divmod(current + i, 12)
            starts.append(jdatetime.date(year, month + 1, 1).togregorian())
        return starts
    first = today.replace(day=1)
    return [first + relativedelta(months=i) for i in range(-count + 1, 2)]


def month_name(date):
    "The name of the month starting on date, in the user's calendar and language"
    if jalali_calendar():
        jalali = to_jalali(date)
        text = '%s %s' % (JALALI_MONTHS[jalali.month - 1], jalali.year)
        if is_persian():
            text = text.translate(PERSIAN_DIGITS)
        return text
    # the month's abbreviation in the user's language (Oct 2026, paź 2026)
    return Pool().get('ir.lang').get().strftime(date, '%b %Y')


def bucket(column, bounds):
    """The index i of the period [bounds[i], bounds[i + 1]) column falls in
    (None outside)"""
    return Case(*((
                (column >= bounds[i]) & (column < bounds[i + 1]),
                Literal(i)) for i in range(len(bounds) - 1)),
        else_=Null)


def periods(bounds):
    "A query of the columns bucket and start: one row per period of bounds"
    return Union(*(
            Select([Literal(i).as_('bucket'), Literal(bounds[i]).as_('start')])
            for i in range(len(bounds) - 1)), all_=True)


def year_month(from_, column):
    """from_ (a table or a join) to select from, and the year and the month
    of the date column in the user's calendar: Jalali for a Persian user
    (through the calendar days, for dates of 1950-2100), Gregorian
    otherwise"""
    if not jalali_calendar():
        return (from_, Cast(Extract('YEAR', column), 'INTEGER'),
            Cast(Extract('MONTH', column), 'INTEGER'))
    day = Pool().get('crm.calendar.day').__table__()
    return (from_.join(day, condition=day.date == column),
        day.jalali_year, day.jalali_month)


class CalendarDay(ModelSQL):
    """Calendar Day

    Every day from FIRST_DAY to LAST_DAY with its year and month in the
    Gregorian and the Jalali calendars: the reports group dates by the
    user's months with an equality join, the same SQL on SQLite and
    PostgreSQL.  Filled when the module is activated or updated; read-only
    for everyone."""
    __name__ = 'crm.calendar.day'
    __string__ = "Calendar Day"
    date = fields.Date("Date", required=True)
    year = fields.Integer("Year", required=True)
    month = fields.Integer("Month", required=True)
    jalali_year = fields.Integer("Jalali Year", required=True)
    jalali_month = fields.Integer("Jalali Month", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        table = cls.__table__()
        cls._sql_indexes.add(Index(table, (table.date, Index.Range(
                        cardinality='high')), unique=True))
        cls._order = [('date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        cls.fill()

    @classmethod
    def fill(cls):
        "Insert the days (again when the range changed)"
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        days = (LAST_DAY - FIRST_DAY).days + 1
        cursor.execute(*table.select(Count(table.id)))
        count, = cursor.fetchone()
        if count == days:
            return
        cursor.execute(*table.delete())
        columns = [table.date, table.year, table.month, table.jalali_year,
            table.jalali_month]
        days = list(cls._days())
        for i in range(0, len(days), 1000):
            cursor.execute(*table.insert(columns, days[i:i + 1000]))

    @staticmethod
    def _days():
        """Each day with its Gregorian and Jalali year and month, the
        Jalali date counted on from the first day's (the months have 31
        days, 30 from Mehr, Esfand 29 or 30 in a leap year)"""
        jalali = to_jalali(FIRST_DAY)
        year, month, day = jalali.year, jalali.month, jalali.day
        date = FIRST_DAY
        one = datetime.timedelta(days=1)
        leap = {}
        while date <= LAST_DAY:
            yield [date, date.year, date.month, year, month]
            date += one
            day += 1
            if month <= 6:
                length = 31
            elif month <= 11:
                length = 30
            else:
                if year not in leap:
                    leap[year] = jdatetime.date(year, 1, 1).isleap()
                length = 30 if leap[year] else 29
            if day > length:
                day, month = 1, month + 1
                if month > 12:
                    month, year = 1, year + 1
