# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Numbers shown with the decimals of their currency or unit.

**Unit prices.**
Tryton keeps every unit price with ``[product] price_decimal`` decimals (4):
``round_price`` stores 250000000.0000, and the client pads the display to
the field's digits, so a Rial price reads "250,000,000.0000".  The setting
is server-wide and a Polish company (PLN) on the same server needs decimal
unit prices, so it stays; instead the price fields of sale and invoice
lines, products and commissions take their decimals from ``price_decimals``:
none for a currency without decimals (the Rial: the client shows the number
as it is, "250,000,000", and a computed 291.375 stays exact), Tryton's price
digits otherwise.  Only the client's display changes: stored values,
rounding, validation and the prints of Tryton's modules keep the price
digits.

**Reports.**  The amounts of the reporting models (``table_query``) are in
the company's currency: ``CompanyCurrencyDigitsMixin`` gives them its
digits (no ".00" after Rials); their quantities take the digits of the
product's unit (``UnitDigitsMixin``: "9", not "9.00", for units).  Years
are shown without thousands separator by the views (``grouping="0"``).
"""
from trytond.model import fields
from trytond.modules.product import price_digits
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, PYSONEncoder
from trytond.transaction import Transaction


def price_decimals(currency):
    "The decimals of the unit prices in currency (None: as they are)"
    if currency is not None and not currency.digits:
        return None
    return price_digits[1]


class _PriceDecimals:
    __slots__ = ()
    _price_fields = ()
    price_decimals = fields.Function(
        fields.Integer("Price Decimals"), 'on_change_with_price_decimals')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        for name in cls._price_fields:
            field = getattr(cls, name)
            # the view loads the decimals with the price
            field.depends = set(field.depends) | {'price_decimals'}

    @classmethod
    def fields_get(cls, fields_names=None, level=0):
        """The client shows the prices with the record's decimals; the
        server keeps Tryton's price digits (rounding, validation and the
        prints of other modules read them)"""
        result = super().fields_get(fields_names=fields_names, level=level)
        encoder = PYSONEncoder()
        for name in cls._price_fields:
            if name in result:
                result[name]['digits'] = encoder.encode(
                    (None, Eval('price_decimals', price_digits[1])))
        return result


class PriceDecimalsMixin(_PriceDecimals):
    "Price fields (``_price_fields``) with the decimals of the currency"
    __slots__ = ()

    @fields.depends('currency')
    def on_change_with_price_decimals(self, name=None):
        return price_decimals(self.currency)


class CompanyPriceDecimalsMixin(_PriceDecimals):
    "Prices in the currency of the company of the context (products)"
    __slots__ = ()

    def on_change_with_price_decimals(self, name=None):
        pool = Pool()
        Company = pool.get('company.company')
        company = Transaction().context.get('company')
        if company:
            return price_decimals(Company(company).currency)
        return price_digits[1]


class CompanyCurrencyDigitsMixin:
    "Amounts (``_currency_fields``) with the digits of the company currency"
    __slots__ = ()
    _currency_fields = ()
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"), 'get_currency')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        for name in cls._currency_fields:
            getattr(cls, name).digits = 'currency'

    @classmethod
    def get_currency(cls, records, name):
        pool = Pool()
        Company = pool.get('company.company')
        company = Transaction().context.get('company')
        currency = Company.currency_id(company) if company else None
        return {r.id: currency for r in records}


class UnitDigitsMixin:
    "Quantities (``_unit_fields``) with the digits of the product's unit"
    __slots__ = ()
    _unit_fields = ()
    unit = fields.Function(
        fields.Many2One('product.uom', "Unit"), 'get_unit')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        for name in cls._unit_fields:
            getattr(cls, name).digits = 'unit'

    def get_unit(self, name):
        product = getattr(self, 'product', None)
        if product and product.default_uom:
            return product.default_uom.id


class SaleLine(PriceDecimalsMixin, metaclass=PoolMeta):
    __name__ = 'sale.line'
    _price_fields = ('unit_price',)


class SaleLineDiscount(metaclass=PoolMeta):
    __name__ = 'sale.line'
    _price_fields = ('unit_price', 'base_price', 'discount_amount')


class InvoiceLine(PriceDecimalsMixin, metaclass=PoolMeta):
    __name__ = 'account.invoice.line'
    _price_fields = ('unit_price',)


class Template(CompanyPriceDecimalsMixin, metaclass=PoolMeta):
    __name__ = 'product.template'
    _price_fields = ('list_price', 'cost_price')


class Product(CompanyPriceDecimalsMixin, metaclass=PoolMeta):
    __name__ = 'product.product'
    _price_fields = ('list_price', 'list_price_uom', 'cost_price',
        'cost_price_uom')


class Commission(PriceDecimalsMixin, metaclass=PoolMeta):
    __name__ = 'commission'
    _price_fields = ('base_amount', 'amount')
