# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Printed pre-invoices and invoices.

Each document prints in three copies, each its own print action (and
report class): the *customer* copy (what the customer receives: no internal
data), the *accounting* copy and the *archive* copy (both add the marketer
and his commission plan).

The national layout follows the customer's language, then the company's
country, then its currency (``national_layout``):

``ir``  the tax administration's "صورتحساب فروش کالا و خدمات" (sales invoice
    of goods and services), right to left in Persian with Jalali dates,
    seller and buyer blocks with economic code and national ID, the line
    table with discount and "VAT and levy" per line (a document discount
    is spread over the goods lines it reduces), the amount in words in
    rials, the installment schedule, signature and stamp boxes
    (report/official_ir.fodt); the pre-invoice adds its validity.
``pl``  "Faktura VAT" as the Polish VAT act (art. 106e) lists its content:
    seller and buyer with NIP, issue and sale dates, per line the net unit
    price, net value and VAT rate, the summary per VAT rate, the total due
    in words in złote and grosze, payment method and due date, the split
    payment mark ("mechanizm podzielonej płatności") for more than
    15 000 PLN gross with goods of annex 15; "Faktura proforma" for a
    quotation (report/faktura_pl.fodt).
``generic``  the translated layout of report/sale.fodt and
    report/invoice.fodt for the other languages.

The templates read one ``PrintedDocument`` per record: the figures of the
lines and taxes are computed here, the templates only place them.
"""
from collections import OrderedDict
from decimal import Decimal
from io import BytesIO

from trytond.modules.company.company import CompanyReport
from trytond.pool import Pool
from trytond.report.report import MIMETYPES
from trytond.tools import file_open
from trytond.transaction import Transaction, without_check_access

from .sale import split_payment_applies
from .tools import (
    FA_CURRENCIES, PERSIAN_DIGITS, amount_in_words, format_date)
from .tools import format_number as _format_number

# The line table of the Iranian form has at least this many rows
MIN_ROWS = 11
TEMPLATES = {
    'ir': 'crm_fin/report/official_ir.fodt',
    'pl': 'crm_fin/report/faktura_pl.fodt',
    }
LAYOUT_LANGUAGE = {'ir': 'fa', 'pl': 'pl'}
_COUNTRY_LAYOUT = {'IR': 'ir', 'PL': 'pl'}
_CURRENCY_LAYOUT = {'IRR': 'ir', 'PLN': 'pl'}
# Units of the product module as printed on each layout (the names of
# invoices: "szt." in Poland, "عدد" in Iran), by XML id
_UNITS = {
    'uom_unit': {'ir': 'عدد', 'pl': 'szt.'},
    'uom_hour': {'ir': 'ساعت', 'pl': 'godz.'},
    'uom_day': {'ir': 'روز', 'pl': 'dzień'},
    'uom_kilogram': {'ir': 'کیلوگرم', 'pl': 'kg'},
    'uom_gram': {'ir': 'گرم', 'pl': 'g'},
    'uom_meter': {'ir': 'متر', 'pl': 'm'},
    'uom_liter': {'ir': 'لیتر', 'pl': 'l'},
    }
# Payment kinds as a Faktura VAT names them
_PL_METHODS = {
    'cash': 'gotówka',
    'transfer': 'przelew',
    'pos': 'karta płatnicza',
    'credit': 'kredyt kupiecki',
    'cheque': 'czek',
    'deposit': 'wpłata na rachunek bankowy',
    }
_templates = {}


def national_layout(record):
    """The layout of the document: 'ir', 'pl' or 'generic'

    The customer's language first (a Polish customer reads a Faktura VAT),
    then the country of the company's address, then its currency."""
    lang = record.party.lang.code if record.party.lang else ''
    layout = {'fa': 'ir', 'pl': 'pl'}.get(lang.split('_')[0])
    if layout:
        return layout
    return company_layout(record.company)


def company_layout(company):
    """The company's own convention: 'ir', 'pl' or 'generic', from the
    country of its address, then from its currency"""
    address = company.party.address_get(type='invoice')
    if address and address.country:
        layout = _COUNTRY_LAYOUT.get(address.country.code)
        if layout:
            return layout
    return _CURRENCY_LAYOUT.get(company.currency.code, 'generic')


def format_number(value, digits=0, layout='generic', strip=False):
    """A number in the layout's convention (tools.format_number): Persian
    digits and separators on the Iranian form, 1 234,56 on the Polish one.
    With strip, the zeros after the decimal point are dropped (quantities:
    2, not 2.00)."""
    if value is None or value == '':
        return ''
    value = Decimal(value).quantize(Decimal(1).scaleb(-digits))
    if strip:
        value = value.normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        digits = None
    return _format_number(value, LAYOUT_LANGUAGE.get(layout), digits)


def _price_digits(value, currency):
    "The digits to show a unit price: the currency's, more if it has them"
    digits = currency.digits
    value = Decimal(value or 0).normalize()
    exponent = value.as_tuple().exponent
    if exponent < 0:
        digits = max(digits, min(-exponent, 4))
    return digits


def render_template(path, report, report_context, language):
    """Render the suite's template at path (loaded once) instead of the
    report's, in language"""
    template = _templates.get(path)
    if template is None:
        import relatorio.reporting
        with file_open(path, mode='rb') as fp:
            content = fp.read()
        loader = relatorio.reporting.MIMETemplateLoader()
        mimetype = MIMETYPES[report.template_extension]
        klass = loader.factories[loader.get_type(mimetype)]
        template = _templates[path] = klass(BytesIO(content))
    with Transaction().set_context(language=language):
        data = template.generate(**report_context).render()
    if hasattr(data, 'getvalue'):
        data = data.getvalue()
    return data


class PrintedParty:
    "Seller or buyer block: name, identifiers, address and phone"

    def __init__(self, party, address=None):
        self.party = party
        self.name = party.full_name if party else ''
        address = address or (party.address_get(type='invoice')
            if party else None)
        self.address = address
        codes = OrderedDict()
        for identifier in (party.identifiers if party else []):
            if identifier.active and identifier.type:
                codes.setdefault(identifier.type, identifier.code)
        self.codes = codes
        self.economic_code = codes.get('ir_economic_code', '')
        self.national_id = (codes.get('ir_legal_id')
            or codes.get('ir_national_code') or '')
        self.nip = codes.get('pl_vat') or codes.get('eu_vat') or ''
        self.phone = (getattr(party, 'phone', '') or '') if party else ''
        self.fax = (getattr(party, 'fax', '') or '') if party else ''

    @property
    def postal_code(self):
        return (self.address.postal_code or '') if self.address else ''

    @property
    def street(self):
        if not self.address:
            return ''
        # the district of the city (crm.district, a record)
        district = getattr(self.address, 'district', None)
        return ', '.join(filter(None, [
                    district.name if district else '',
                    (self.address.street or '').replace('\n', ', ')]))

    @property
    def city(self):
        return (self.address.city or '') if self.address else ''

    @property
    def province(self):
        if self.address and self.address.subdivision:
            return self.address.subdivision.name
        return ''

    @property
    def country(self):
        if self.address and self.address.country:
            return self.address.country.name
        return ''

    @property
    def city_line(self):
        "Postal code and city (the Polish way: 00-950 Warszawa)"
        return ' '.join(filter(None, [self.postal_code, self.city]))

    @property
    def full_address(self):
        "The address on one line, for the Iranian form"
        return '، '.join(filter(None, [
                    self.province, self.city, self.street]))


class PrintedLine:
    "One row of the line table, its amounts rounded with the currency"

    def __init__(self, row, line, document):
        currency = document.currency
        self.line = line
        self.row = row
        product = line.product
        self.code = (product.code or '') if product else ''
        self.name = (line.description or '').strip() or (
            product.rec_name if product else '')
        if product and self.name.startswith('[%s] ' % self.code):
            self.name = self.name[len(self.code) + 3:]
        self.quantity = line.quantity or 0
        self.unit = document.unit_name(line.unit)
        self.unit_price = line.unit_price or Decimal(0)
        base_price = getattr(line, 'base_price', None)
        origin = getattr(line, 'origin', None)
        if base_price is None and origin is not None:
            base_price = getattr(origin, 'base_price', None)
        if base_price is None or base_price < self.unit_price:
            base_price = self.unit_price
        self.base_price = base_price
        self.gross_amount = currency.round(
            base_price * Decimal(str(self.quantity)))
        self.amount = line.amount or Decimal(0)
        self.discount = self.gross_amount - self.amount
        self.taxes = list(line.taxes or [])
        self.tax = document.line_tax(line)
        self.vat_rate = document.vat_label(self.taxes)

    @property
    def total(self):
        return self.amount + self.tax


class PrintedDocument:
    """The figures of a sale (pre-invoice) or an invoice as printed

    kind is 'sale' or 'invoice', layout the national layout, copy the copy
    (customer, accounting, archive)."""

    def __init__(self, record, kind, layout, copy):
        self.record = record
        self.kind = kind
        self.layout = layout
        self.copy = copy
        self.company = record.company
        self.currency = record.currency
        self.is_invoice = kind == 'invoice'
        self.number = record.number or ''
        if self.is_invoice:
            self.date = record.invoice_date
            sales = list(getattr(record, 'sales', None) or [])
            sale_dates = [s.sale_date for s in sales if s.sale_date]
            self.sale_date = max(sale_dates) if sale_dates else self.date
            self.validity_start = self.validity_end = None
            self.reference = record.reference or ''
        else:
            self.date = (record.quotation_date or record.sale_date
                or Pool().get('ir.date').today())
            self.sale_date = None
            self.validity_start = record.validity_start
            self.validity_end = record.validity_end
            self.reference = record.reference or ''
        self.seller = PrintedParty(self.company.party)
        self.buyer = PrintedParty(record.party, record.invoice_address)
        self.untaxed_amount = record.untaxed_amount
        self.tax_amount = record.tax_amount
        self.total_amount = record.total_amount
        self.lines = self._lines()
        self.schedule = record.crm_payment_schedule()
        self.comment = record.comment or ''
        sale = record if kind == 'sale' else (
            (getattr(record, 'sales', None) or [None])[0])
        self.exit_number = getattr(sale, 'exit_number', None) or ''
        self.remittance_number = (
            getattr(sale, 'remittance_number', None) or '')

    # --- lines and taxes

    def unit_name(self, unit):
        "The unit as invoices of the layout name it, else its symbol"
        if not unit:
            return ''
        if not hasattr(self, '_unit_names'):
            ModelData = Pool().get('ir.model.data')
            self._unit_names = {}
            for fs_id, names in _UNITS.items():
                try:
                    unit_id = ModelData.get_id('product', fs_id)
                except KeyError:
                    continue
                self._unit_names[unit_id] = names.get(self.layout)
        return self._unit_names.get(unit.id) or unit.symbol or unit.name

    def line_tax(self, line):
        "VAT (and levy) of the line, rounded with the currency"
        pool = Pool()
        Tax = pool.get('account.tax')
        if not line.taxes or not line.quantity:
            return Decimal(0)
        taxes = Tax.compute(
            Tax.browse(line.taxes), line.unit_price or Decimal(0),
            line.quantity, self.date or pool.get('ir.date').today())
        return self.currency.round(
            sum((t['amount'] for t in taxes), Decimal(0)))

    def vat_label(self, taxes):
        if not taxes:
            return {'pl': 'np.', 'ir': '-'}.get(self.layout, '')
        return ' + '.join(self._tax_label(t) for t in taxes)

    def _tax_label(self, tax):
        if self.layout == 'pl' and tax.description:
            return tax.description
        if tax.type == 'percentage' and tax.rate is not None:
            rate = format_number(tax.rate * 100, 2, self.layout, strip=True)
            return '%s%%' % rate if self.layout != 'ir' else '٪' + rate
        return tax.description or tax.name

    @staticmethod
    def _line_kind(line):
        "The crm_line_kind of a sale line or of the sale line it invoices"
        kind = getattr(line, 'crm_line_kind', None)
        origin = getattr(line, 'origin', None)
        if kind is None and origin is not None:
            kind = getattr(origin, 'crm_line_kind', None)
        return kind

    def _lines(self):
        lines = [l for l in self.record.lines if l.type == 'line']
        if self.layout != 'ir':
            return [PrintedLine(i, l, self) for i, l in enumerate(lines, 1)]
        # The Iranian form has no negative row: the document discount is
        # spread over the goods lines in proportion of their amounts.
        discounts = [l for l in lines if self._line_kind(l) == 'discount']
        others = [l for l in lines if self._line_kind(l) != 'discount']
        printed = [PrintedLine(i, l, self) for i, l in enumerate(others, 1)]
        total = -sum((l.amount for l in discounts), Decimal(0))
        if total:
            taxes = -sum((self.line_tax(l) for l in discounts), Decimal(0))
            goods = [p for p in printed
                if self._line_kind(p.line) != 'shipping' and p.amount > 0]
            base = sum((p.amount for p in goods), Decimal(0))
            amount_left, tax_left = total, taxes
            for i, p in enumerate(goods):
                if i == len(goods) - 1:
                    share, tax = amount_left, tax_left
                else:
                    share = self.currency.round(total * p.amount / base)
                    tax = self.currency.round(taxes * p.amount / base)
                amount_left -= share
                tax_left -= tax
                p.discount += share
                p.amount -= share
                p.tax -= tax
        return printed

    @property
    def gross_amount(self):
        return sum((l.gross_amount for l in self.lines), Decimal(0))

    @property
    def discount_amount(self):
        return sum((l.discount for l in self.lines), Decimal(0))

    @property
    def line_tax_amount(self):
        return sum((l.tax for l in self.lines), Decimal(0))

    @property
    def tax_summary(self):
        """[(label, net, tax, gross)] per VAT rate and the document's total

        The taxes are those of the document (rounded per rate, as posted);
        lines without tax are summed under their label."""
        pool = Pool()
        rows = OrderedDict()
        if self.is_invoice:
            taxes = [(t.tax, t.base, t.amount) for t in self.record.taxes]
        else:
            Sale = pool.get('sale.sale')
            taxes = [(t.tax, t.base, t.amount)
                for t in Sale(self.record.id)._get_taxes().values()]
        for tax, base, amount in taxes:
            label = self.vat_label([tax] if tax else [])
            net, vat = rows.get(label, (Decimal(0), Decimal(0)))
            rows[label] = (net + base, vat + amount)
        untaxed = sum(
            (l.amount for l in self.lines if not l.taxes), Decimal(0))
        if untaxed:
            label = self.vat_label([])
            net, vat = rows.get(label, (Decimal(0), Decimal(0)))
            rows[label] = (net + untaxed, vat)
        return [(label, net, vat, net + vat)
            for label, (net, vat) in rows.items()]

    @property
    def padding(self):
        "Empty rows that make the Iranian form fill its page"
        if self.layout != 'ir':
            return []
        rows = len(self.lines)
        if self.schedule:
            rows += len(self.schedule) + 3
        return range(max(0, MIN_ROWS - rows))

    def serial(self, printed_line):
        return _CrmDocumentMixin.line_serial(printed_line.line)

    # --- payment

    @property
    def credit_sale(self):
        "Some of the total is paid later than in cash"
        return any(r['kind'] != 'cash' for r in self.schedule)

    @property
    def payment_term(self):
        term = self.record.payment_term
        return term.rec_name if term else ''

    @property
    def due_date(self):
        "The first date the customer has to pay"
        dates = [r['date'] for r in self.schedule if r.get('date')]
        if not dates and self.is_invoice:
            dates = [l.maturity_date for l in self.record.lines_to_pay
                if l.maturity_date]
        if not dates and self.record.payment_term and self.total_amount:
            with Transaction().set_context(company=self.company.id):
                terms = self.record.payment_term.compute(
                    self.total_amount, self.currency,
                    self.date or Pool().get('ir.date').today())
            dates = [d for d, _ in terms]
        return min(dates) if dates else self.date

    def method_name(self, kind):
        "How an installment kind is paid, in the layout's words"
        if self.layout == 'pl' and kind in _PL_METHODS:
            return _PL_METHODS[kind]
        for row in self.schedule:
            if row['kind'] == kind:
                return row['kind_string']
        return kind

    @property
    def payment_method(self):
        "The kinds of the installment plan, else a bank transfer in Poland"
        names = []
        for row in self.schedule:
            name = self.method_name(row['kind'])
            if name not in names:
                names.append(name)
        if names:
            return ', '.join(names)
        if self.layout == 'pl' and self.bank_account:
            return _PL_METHODS['transfer']
        return ''

    @property
    def legal_notices(self):
        "The legal notices of the taxes of the lines (basis of an exemption)"
        notices = []
        for line in self.lines:
            for tax in line.taxes:
                notice = getattr(tax, 'legal_notice', None)
                if notice and notice not in notices:
                    notices.append(notice)
        return notices

    @property
    def bank_account(self):
        "The number of the company's bank account, when it has one"
        pool = Pool()
        try:
            Account = pool.get('bank.account')
        except KeyError:
            return ''
        with without_check_access():
            accounts = Account.search([
                    ('owners', '=', self.company.party.id),
                    ('active', '=', True),
                    ], limit=1)
        for account in accounts:
            for number in account.numbers:
                # one line: the groups of an IBAN do not wrap
                return number.number.replace(' ', '\u00a0')
        return ''

    @property
    def split_payment(self):
        "The split payment mark (mechanizm podzielonej płatności) applies"
        return split_payment_applies(self.record)

    # --- internal data (accounting and archive copies only)

    @property
    def internal(self):
        return self.copy != 'customer'

    @property
    def marketer(self):
        if not self.internal:
            return ''
        agent = getattr(self.record, 'agent', None)
        if not agent:
            return ''
        name = agent.party.rec_name
        if agent.plan:
            name += ' (%s)' % agent.plan.rec_name
        return name

    # --- formatting

    @property
    def currency_word(self):
        "The currency after the amounts: ریال on the Iranian form"
        code = self.currency.code
        if self.layout == 'ir' and code in FA_CURRENCIES:
            return FA_CURRENCIES[code][0]
        return self.currency.symbol or code

    def n(self, value, digits=None):
        "An amount of the document's currency"
        if digits is None:
            digits = self.currency.digits
        return format_number(value, digits, self.layout)

    def price(self, value):
        return format_number(
            value, _price_digits(value, self.currency), self.layout)

    def qty(self, value, unit=None):
        digits = unit.digits if unit else 2
        return format_number(value, digits, self.layout, strip=True)

    def digits(self, text):
        "Codes and numbers in the layout's digits"
        text = str(text or '')
        if self.layout == 'ir':
            return text.translate(PERSIAN_DIGITS)
        return text

    def ltr(self, text):
        """Codes, serial numbers, phones kept left to right in the Persian
        text (else "+98 21 8877" reads backwards), on one line"""
        text = str(text or '').replace(' ', '\u00a0')
        if self.layout == 'ir' and text:
            return '\u202a' + text + '\u202c'
        return text

    def d(self, date):
        "A date: Jalali in Persian digits, dd.mm.yyyy in Polish"
        return format_date(date, LAYOUT_LANGUAGE.get(self.layout))

    def words(self, amount):
        return amount_in_words(
            amount, LAYOUT_LANGUAGE.get(self.layout), self.currency)


class _CrmDocumentMixin:
    __slots__ = ()
    layout = 'customer'
    document_kind = 'sale'

    @classmethod
    def header_key(cls, record, data):
        return super().header_key(record, data) + (
            ('national', national_layout(record)),)

    @classmethod
    def get_context(cls, records, header, data):
        pool = Pool()
        context = super().get_context(records, header, data)
        national = header.get('national', 'generic')
        context['layout'] = cls.layout
        context['national'] = national
        context['crm_date'] = lambda date: format_date(
            date, Transaction().context.get('language'))
        context['amount_in_words'] = lambda amount, currency=None: (
            amount_in_words(
                amount, Transaction().context.get('language'), currency))
        context['line_serial'] = cls.line_serial
        context['line_discount'] = cls.line_discount
        if national in LAYOUT_LANGUAGE:
            Model = pool.get(
                'sale.sale' if cls.document_kind == 'sale'
                else 'account.invoice')
            with Transaction().set_context(
                    language=LAYOUT_LANGUAGE[national]):
                context['documents'] = [
                    PrintedDocument(
                        record, cls.document_kind, national, cls.layout)
                    for record in Model.browse([int(r) for r in records])]
        return context

    @classmethod
    def render(cls, report, report_context):
        "The national layouts have their own template"
        path = TEMPLATES.get(report_context.get('national'))
        if not path or report.report_content_custom:
            return super().render(report, report_context)
        return render_template(path, report, report_context,
            LAYOUT_LANGUAGE[report_context['national']])

    @staticmethod
    def line_serial(line):
        "Serial number of a sale line or of the sale line of an invoice line"
        serial = getattr(line, 'serial_number', None)
        origin = getattr(line, 'origin', None)
        if not serial and origin is not None:
            serial = getattr(origin, 'serial_number', None)
        return serial or ''

    @staticmethod
    def line_discount(line):
        "Discount of the line as sale_discount shows it, when installed"
        return getattr(line, 'discount', None) or ''


class SaleCustomer(_CrmDocumentMixin, CompanyReport):
    __name__ = 'crm_fin.sale.customer'
    layout = 'customer'


class SaleCustomerPDF(SaleCustomer):
    "The customer copy as PDF (LibreOffice converts it on the server)"
    __name__ = 'crm_fin.sale.customer_pdf'


class SaleAccounting(_CrmDocumentMixin, CompanyReport):
    __name__ = 'crm_fin.sale.accounting'
    layout = 'accounting'


class SaleArchive(_CrmDocumentMixin, CompanyReport):
    __name__ = 'crm_fin.sale.archive'
    layout = 'archive'


class InvoiceCustomer(_CrmDocumentMixin, CompanyReport):
    __name__ = 'crm_fin.invoice.customer'
    layout = 'customer'
    document_kind = 'invoice'


class InvoiceCustomerPDF(InvoiceCustomer):
    "The customer copy as PDF (LibreOffice converts it on the server)"
    __name__ = 'crm_fin.invoice.customer_pdf'


class InvoiceAccounting(_CrmDocumentMixin, CompanyReport):
    __name__ = 'crm_fin.invoice.accounting'
    layout = 'accounting'
    document_kind = 'invoice'


class InvoiceArchive(_CrmDocumentMixin, CompanyReport):
    __name__ = 'crm_fin.invoice.archive'
    layout = 'archive'
    document_kind = 'invoice'
