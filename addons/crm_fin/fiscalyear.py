# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""An Iranian company's fiscal year follows the Jalali calendar.

Iranian companies close their books at the end of Esfand: the fiscal year
1405 runs from 1 Farvardin 1405 (21 March 2026) to 29 Esfand 1405 (20 March
2027), and its months are Jalali months (Farvardin and the five after it
have 31 days, Esfand 29 or 30).  Tryton cuts periods by Gregorian months from
the start date, so a fiscal year starting on 21 March had periods from the
21st to the 20th named "2026-03 - 2026-04".

For a company whose documents are Iranian (``report.company_layout``: its
address in Iran, else the rial) and a fiscal year starting on the first day
of a Jalali month, ``create_period`` (the *Create Periods* wizard, and the
renewal of a fiscal year) cuts Jalali months, ``interval`` at a time, named
as the company's accountants name them: "فروردین 1405" (the digits stay
ASCII so that a search typed in Persian digits, which the client turns into
ASCII, finds them).  The renewal proposes the next Jalali year: the day
after the previous end to the end of its last Jalali month.  Other
companies and fiscal years keep Tryton's Gregorian periods."""
import datetime

from trytond.model import fields
from trytond.pool import Pool, PoolMeta

from .report import company_layout
from .reporting import JALALI_MONTHS
from .tools import from_jalali, to_jalali


def is_jalali(fiscalyear):
    "Whether the fiscal year is cut in Jalali months"
    return bool(fiscalyear.company and fiscalyear.start_date
        and to_jalali(fiscalyear.start_date).day == 1
        and company_layout(fiscalyear.company) == 'ir')


def add_months(date, months):
    "The first day of the Jalali month months after the month of date"
    jdate = to_jalali(date)
    index = jdate.month - 1 + months
    return from_jalali(jdate.year + index // 12, index % 12 + 1, 1)


def month_name(date):
    jdate = to_jalali(date)
    return '%s %s' % (JALALI_MONTHS[jdate.month - 1], jdate.year)


def jalali_months(start_date, end_date):
    "The number of Jalali months from the month of start to that of end"
    start, end = to_jalali(start_date), to_jalali(end_date)
    return (end.year - start.year) * 12 + end.month - start.month + 1


class FiscalYear(metaclass=PoolMeta):
    __name__ = 'account.fiscalyear'

    @classmethod
    def create_period(cls, fiscalyears, interval=1, end_day=31):
        jalali = [f for f in fiscalyears if is_jalali(f)]
        gregorian = [f for f in fiscalyears if f not in jalali]
        if gregorian:
            super().create_period(gregorian, interval, end_day)
        if jalali:
            cls._create_jalali_periods(jalali, int(interval))

    @classmethod
    def _create_jalali_periods(cls, fiscalyears, interval):
        pool = Pool()
        Period = pool.get('account.period')
        day = datetime.timedelta(days=1)
        to_create = []
        for fiscalyear in fiscalyears:
            start_date = fiscalyear.start_date
            while start_date < fiscalyear.end_date:
                end_date = min(
                    add_months(start_date, interval) - day,
                    fiscalyear.end_date)
                name = month_name(start_date)
                if name != month_name(end_date):
                    name += ' - ' + month_name(end_date)
                to_create.append({
                        'name': name,
                        'start_date': start_date,
                        'end_date': end_date,
                        'fiscalyear': fiscalyear.id,
                        'type': 'standard',
                        })
                start_date = end_date + day
        if to_create:
            Period.create(to_create)


class RenewFiscalYearStart(metaclass=PoolMeta):
    __name__ = 'account.fiscalyear.renew.start'

    @fields.depends('previous_fiscalyear')
    def on_change_previous_fiscalyear(self):
        super().on_change_previous_fiscalyear()
        previous = self.previous_fiscalyear
        if previous and is_jalali(previous):
            months = jalali_months(previous.start_date, previous.end_date)
            self.start_date = previous.end_date + datetime.timedelta(days=1)
            self.end_date = (add_months(self.start_date, months)
                - datetime.timedelta(days=1))
            self.name = previous.name
            for old, new in [
                    (to_jalali(previous.end_date).year,
                        to_jalali(self.end_date).year),
                    (to_jalali(previous.start_date).year,
                        to_jalali(self.start_date).year)]:
                self.name = self.name.replace(str(old), str(new))
