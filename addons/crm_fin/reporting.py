# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Shared helpers of the reports: periods in the user's calendar.

Months are the user's: Jalali months for a Persian-speaking user (or one
whose calendar is Jalali), Gregorian ones otherwise.  Python gives the
bounds of the periods, the database puts the rows in them (``bucket``), so
the same SQL serves both calendars on SQLite and PostgreSQL.
"""
import datetime

import jdatetime
from dateutil.relativedelta import relativedelta
from sql import Literal, Null, Select, Union
from sql.conditionals import Case

from trytond.model import fields
from trytond.pool import Pool
from trytond.transaction import Transaction

from .tools import PERSIAN_DIGITS, is_persian, to_jalali

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
    "The name of the month starting on date, in the user's calendar"
    if jalali_calendar():
        jalali = to_jalali(date)
        text = '%s %s' % (JALALI_MONTHS[jalali.month - 1], jalali.year)
        if is_persian():
            text = text.translate(PERSIAN_DIGITS)
        return text
    return date.strftime('%Y-%m')


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
