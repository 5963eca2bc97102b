# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.cache import Cache
from trytond.pool import Pool, PoolMeta
from trytond.tools import timezone as tz
from trytond.transaction import Transaction


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'
    # the time zone and currency of each company, once per process: reading
    # them from the company's record reads its sixteen fields, and "today"
    # (the company module's ir.date) did it at every call
    _crm_values = Cache('company.company.crm_values', context=False)

    @classmethod
    def on_modification(cls, mode, companies, field_names=None):
        super().on_modification(mode, companies, field_names=field_names)
        cls._crm_values.clear()

    @classmethod
    def _crm_company_values(cls, company_id):
        values = cls._crm_values.get(company_id)
        if values is None:
            company = cls(company_id)
            values = {
                'timezone': company.timezone or '',
                'currency': company.currency.id,
                }
            cls._crm_values.set(company_id, values)
        return values

    @classmethod
    def timezone_name(cls, company_id):
        "The name of the time zone of the company, '' when it has none"
        return cls._crm_company_values(company_id)['timezone']

    @classmethod
    def currency_id(cls, company_id):
        "The id of the currency of the company"
        return cls._crm_company_values(company_id)['currency']


class Date(metaclass=PoolMeta):
    "Today in the company's time zone, from the company's cached time zone"
    __name__ = 'ir.date'

    @classmethod
    def today(cls, timezone=None):
        pool = Pool()
        Company = pool.get('company.company')
        company_id = Transaction().context.get('company')
        if timezone is None and company_id is not None and company_id >= 0:
            name = Company.timezone_name(company_id)
            if name:
                timezone = tz.ZoneInfo(name)
            else:
                # the server's date, as the company module gives it for a
                # company without a time zone, without reading the company
                with Transaction().set_context(company=None):
                    return super().today()
        return super().today(timezone=timezone)
