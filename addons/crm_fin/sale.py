# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Pre-invoice (quotation) extensions of sale.sale.

A quotation is a sale in draft or quotation state.  It carries a validity
period, exit and remittance (havaleh) numbers, a shipping cost and a
document discount.  Shipping and document discount are kept as lines the
module maintains itself (``crm_line_kind``), so taxes and totals stay those of
Tryton: the discount line uses the configured discount product, whose
category must carry the taxes of the discounted goods (VAT and levy), so
the tax base is reduced with the discount.  The lines are made when the
sale is quoted; while it is a draft, its totals already count them (the
lines it will have, ``_crm_lines``), on screen as the user types and once
saved, so the totals never change at *Quote*.
"""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

from .edition import SERIAL_NUMBERS
from .exceptions import SaleValidationError
from .tools import (
    buttons_checked_first, check_readonly_fields, invoices_action, lock_rows)

# readonly once the quotation is confirmed
_CONFIRMED = ~Eval('state').in_(['draft', 'quotation'])
# readonly once quoted: the generated lines are made at Quote
_NOT_DRAFT = Eval('state') != 'draft'
# The split payment mechanism applies above this gross amount in PLN
SPLIT_PAYMENT_THRESHOLD = Decimal(15000)


def split_payment_applies(document):
    """The Polish split payment mechanism (mechanizm podzielonej płatności,
    art. 108a of the VAT act) is mandatory: more than 15 000 PLN gross with
    goods of annex 15 (products marked "Split Payment (Annex 15)")"""
    if not document.currency or document.currency.code != 'PLN':
        return False
    if (document.total_amount or 0) <= SPLIT_PAYMENT_THRESHOLD:
        return False
    return any(
        line.product and getattr(line.product.template, 'split_payment', False)
        for line in document.lines if line.type == 'line')


class _SplitPaymentMixin:
    __slots__ = ()
    split_payment = fields.Function(fields.Boolean(
            "Split Payment",
            help="The customer pays with the split payment mechanism "
            "(mechanizm podzielonej płatności): more than 15 000 PLN "
            "gross with goods of annex 15 of the Polish VAT act."),
        'get_split_payment')

    def get_split_payment(self, name):
        return split_payment_applies(self)


class Configuration(metaclass=PoolMeta):
    __name__ = 'sale.configuration'
    shipping_product = fields.Many2One(
        'product.product', "Shipping Product",
        domain=[('type', '=', 'service'), ('salable', '=', True)],
        help="The service used for the shipping cost line of quotations.")
    discount_product = fields.Many2One(
        'product.product', "Document Discount Product",
        domain=[('type', '=', 'service'), ('salable', '=', True)],
        help="The service used for the discount line of a whole document; "
        "its category carries the taxes of the discounted goods.")
    print_title = fields.Char(
        "Print Title", translate=True,
        help="The default title printed on quotations and invoices.")


class Sale(_SplitPaymentMixin, metaclass=PoolMeta):
    __name__ = 'sale.sale'

    validity_start = fields.Date(
        "Valid From", states={'readonly': _CONFIRMED})
    validity_end = fields.Date(
        "Valid Until", states={'readonly': _CONFIRMED})
    exit_number = fields.Char(
        "Exit Number", help="The number of the warehouse exit permit.")
    remittance_number = fields.Char(
        "Remittance Number", help="The number of the remittance (havaleh).")
    shipping_cost = Monetary(
        "Shipping Cost", currency='currency', digits='currency',
        states={'readonly': _NOT_DRAFT})
    document_discount_rate = fields.Numeric(
        "Document Discount (%)", digits=(16, 4),
        states={
            'readonly': _NOT_DRAFT | Bool(Eval('document_discount_amount')),
            },
        help="A discount in percent on the whole document.")
    document_discount_amount = Monetary(
        "Document Discount Amount", currency='currency', digits='currency',
        states={
            'readonly': _NOT_DRAFT | Bool(Eval('document_discount_rate')),
            },
        help="A fixed discount on the whole document.")
    print_title = fields.Char(
        "Print Title", help="The title printed on the document.")
    description_snippet = fields.Many2One(
        'crm.description.snippet', "Description Snippet",
        states={'readonly': _CONFIRMED},
        help="Pick a reusable text to fill the description.")
    converted = fields.Function(
        fields.Boolean("Converted to Invoice"),
        'get_converted', searcher='search_converted')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # a quotation's lines are frozen (back to draft to change them,
        # which clears the stored amounts): its amounts are stored at quote
        # as a confirmed sale's, and lists of quotations, the caller's card
        # and the reports read them instead of computing the taxes again
        if 'quotation' not in cls._states_cached:
            cls._states_cached = cls._states_cached + ['quotation']
        if hasattr(cls, 'agent'):  # commission is installed
            cls.agent.string = "Marketer"
        cls._buttons.update({
                'convert': {
                    'invisible': (~Eval('state').in_(['draft', 'quotation'])
                        | ~Eval('lines', [])),
                    'depends': ['state', 'lines'],
                    },
                })

    @classmethod
    def __post_setup__(cls):
        super().__post_setup__()
        # the overrides of quote, confirm, convert... write as the workflow
        # (not as a client's write, which check_modification refuses)
        buttons_checked_first(cls)

    @classmethod
    def default_validity_start(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_print_title(cls):
        pool = Pool()
        Configuration = pool.get('sale.configuration')
        return Configuration(1).print_title

    @fields.depends('description_snippet', 'description', 'comment')
    def on_change_description_snippet(self):
        if self.description_snippet:
            self.comment = '\n'.join(filter(None, [
                        self.comment, self.description_snippet.text]))

    def get_converted(self, name):
        return bool(self.quotation_date) and self.state in {
            'confirmed', 'processing', 'done'}

    @classmethod
    def search_converted(cls, name, clause):
        _, operator, value = clause
        positive = (operator == '=') == bool(value)
        domain = [
            ('quotation_date', '!=', None),
            ('state', 'in', ['confirmed', 'processing', 'done']),
            ]
        if positive:
            return domain
        return ['OR',
            ('quotation_date', '=', None),
            ('state', 'not in', ['confirmed', 'processing', 'done']),
            ]

    @classmethod
    def create(cls, vlist):
        transaction = Transaction()
        if (transaction.user and transaction.check_access
                and not transaction.context.get('_crm_copy')):
            # not its state, number or caches from a client
            for values in vlist:
                check_readonly_fields(cls, values)
        return super().create(vlist)

    @classmethod
    def copy(cls, sales, default=None):
        transaction = Transaction()
        if transaction.user and transaction.check_access and default:
            # nor given as the duplicate's values
            check_readonly_fields(cls, default)
        # a duplicate's workflow fields are Tryton's copy's (a draft
        # without number); a private context key, no client sets it
        with transaction.set_context(_crm_copy=True):
            return super().copy(sales, default=default)

    @classmethod
    def check_modification(cls, mode, sales, values=None, external=False):
        super().check_modification(
            mode, sales, values=values, external=external)
        if external and mode == 'write':
            # a quotation past its draft changes through its buttons (a
            # write of its state put a converted sale back to draft, which
            # then could be deleted)
            check_readonly_fields(
                cls, values, sales, draft=lambda s: s.state == 'draft')

    @classmethod
    def validate_fields(cls, sales, field_names):
        super().validate_fields(sales, field_names)
        cls.check_crm_values(sales, field_names)

    @classmethod
    def check_crm_values(cls, sales, field_names=None):
        if field_names and not (field_names & {
                    'validity_start', 'validity_end', 'shipping_cost',
                    'document_discount_rate', 'document_discount_amount'}):
            return
        for sale in sales:
            if (sale.validity_start and sale.validity_end
                    and sale.validity_end < sale.validity_start):
                raise SaleValidationError(gettext(
                        'crm_fin.msg_sale_validity_dates', sale=sale.rec_name))
            if sale.shipping_cost is not None and sale.shipping_cost < 0:
                raise SaleValidationError(gettext(
                        'crm_fin.msg_sale_negative_shipping',
                        sale=sale.rec_name))
            rate = sale.document_discount_rate
            if rate is not None and not (0 <= rate <= 1):
                raise SaleValidationError(gettext(
                        'crm_fin.msg_sale_discount_rate', sale=sale.rec_name))
            amount = sale.document_discount_amount
            if amount is not None and amount < 0:
                raise SaleValidationError(gettext(
                        'crm_fin.msg_sale_discount_amount',
                        sale=sale.rec_name))

    @property
    @fields.depends('lines')
    def goods_amount(self):
        "Untaxed amount of the lines the document discount applies to"
        return sum((
                getattr(line, 'amount', None) or Decimal(0)
                for line in self.lines or []
                if getattr(line, 'type', None) == 'line'
                and not getattr(line, 'crm_line_kind', None)),
            Decimal(0))

    @fields.depends('document_discount_amount', 'document_discount_rate',
        'currency', 'lines')
    def get_document_discount(self, check=True):
        """Return the document discount amount, rounded with the currency;
        one greater than the goods is refused (check) or ignored"""
        if self.document_discount_amount:
            amount = self.document_discount_amount
        elif self.document_discount_rate:
            amount = self.goods_amount * self.document_discount_rate
        else:
            return Decimal(0)
        if self.currency:
            amount = self.currency.round(amount)
        if amount > self.goods_amount:
            if check:
                raise SaleValidationError(gettext(
                        'crm_fin.msg_sale_discount_too_big',
                        sale=self.rec_name))
            return Decimal(0)
        return amount

    @fields.depends('party', 'invoice_party', 'company', 'currency')
    def _crm_line(self, kind, product, unit_price):
        "A generated line (not saved) of product at unit_price"
        pool = Pool()
        Line = pool.get('sale.line')
        line = Line(sale=self, type='line', quantity=1, crm_line_kind=kind)
        line.product = product
        line.unit = product.sale_uom
        line.taxes = line.compute_taxes(self.invoice_party or self.party)
        line.unit_price = unit_price
        if hasattr(line, 'base_price'):
            line.base_price = unit_price
        line.sequence = 10000
        line.amount = line.on_change_with_amount()
        return line

    @fields.depends('shipping_cost', methods=[
            'get_document_discount', '_crm_line'])
    def _crm_lines(self, check=True):
        """The shipping and document discount lines the sale must have (not
        saved); check refuses what quoting would refuse"""
        pool = Pool()
        Configuration = pool.get('sale.configuration')
        config = Configuration(1)
        lines = []
        discount = self.get_document_discount(check=check)
        if discount:
            if config.discount_product:
                lines.append(self._crm_line(
                        'discount', config.discount_product, -discount))
            elif check:
                raise SaleValidationError(gettext(
                        'crm_fin.msg_missing_discount_product'))
        if self.shipping_cost:
            if config.shipping_product:
                lines.append(self._crm_line(
                        'shipping', config.shipping_product,
                        self.shipping_cost))
            elif check:
                raise SaleValidationError(gettext(
                        'crm_fin.msg_missing_shipping_product'))
        return lines

    @classmethod
    def _crm_generated_kinds(cls):
        "The kinds of the lines _crm_lines makes"
        return {'shipping', 'discount'}

    @fields.depends('state', 'lines', methods=['_crm_lines'])
    def _crm_total_lines(self):
        """The lines the totals of the sale count: while it is a draft, its
        lines without the generated ones plus those quoting will make"""
        lines = list(self.lines or [])
        if self.state != 'draft':
            return lines
        kinds = self._crm_generated_kinds()
        return [l for l in lines
            if getattr(l, 'crm_line_kind', None) not in kinds
            ] + self._crm_lines(check=False)

    @property
    @fields.depends(methods=['_crm_total_lines'])
    def taxable_lines(self):
        taxable_lines = []
        for line in self._crm_total_lines():
            taxable_lines.extend(line.taxable_lines)
        return taxable_lines

    @fields.depends('state', 'currency', methods=['_crm_total_lines'])
    def on_change_lines(self):
        super().on_change_lines()
        if self.state == 'draft':
            self.untaxed_amount = sum(
                (getattr(l, 'amount', None) or Decimal(0)
                    for l in self._crm_total_lines()
                    if getattr(l, 'type', None) == 'line'),
                Decimal(0))
            if self.currency:
                self.untaxed_amount = self.currency.round(
                    self.untaxed_amount)
            self.total_amount = self.untaxed_amount + self.tax_amount

    @fields.depends(methods=['on_change_lines'])
    def on_change_shipping_cost(self):
        self.on_change_lines()

    @fields.depends(methods=['on_change_lines'])
    def on_change_document_discount_rate(self):
        self.on_change_lines()

    @fields.depends(methods=['on_change_lines'])
    def on_change_document_discount_amount(self):
        self.on_change_lines()

    @classmethod
    def get_amount(cls, sales, names):
        "The totals of a draft count the lines quoting will make"
        result = super().get_amount(sales, names)
        if {'untaxed_amount', 'total_amount'} & set(result):
            for sale in sales:
                if sale.state != 'draft':
                    continue
                untaxed = sum((l.amount for l in sale._crm_total_lines()
                        if l.type == 'line'), Decimal(0))
                if 'untaxed_amount' in result:
                    result['untaxed_amount'][sale.id] = untaxed
                if 'total_amount' in result:
                    tax = (result['tax_amount'][sale.id]
                        if 'tax_amount' in result else sale.get_tax_amount())
                    result['total_amount'][sale.id] = untaxed + tax
        return result

    @classmethod
    def set_crm_lines(cls, sales):
        """(Re)create the shipping and document discount lines"""
        pool = Pool()
        Line = pool.get('sale.line')
        to_delete, to_save = [], []
        for sale in sales:
            to_delete.extend(l for l in sale.lines if l.crm_line_kind)
            to_save.extend(sale._crm_lines())
        Line.delete(to_delete)
        Line.save(to_save)

    @classmethod
    def quote(cls, sales):
        cls.set_crm_lines(sales)
        super().quote(sales)
        cls.store_cache(sales)

    @classmethod
    def process(cls, sales):
        # the process queued by a conversion's confirm: convert processed
        # the sales itself (a private context key: no client sets it)
        if Transaction().context.get('_crm_converted'):
            return
        super().process(sales)

    def _get_invoice(self):
        invoice = super()._get_invoice()
        invoice.print_title = self.print_title
        return invoice

    def crm_payment_schedule(self):
        """The payment plan printed on the document: a list of dicts with
        date, kind, kind_string, amount and reference (cheque numbers...).

        Empty here; crm_installments returns the installments."""
        return []

    @classmethod
    @ModelView.button
    def convert(cls, sales):
        """Turn quotations into invoices in one action, return the invoices"""
        for sale in sales:
            if sale.state not in {'draft', 'quotation'} or sale.invoices:
                raise SaleValidationError(gettext(
                        'crm_fin.msg_sale_already_converted',
                        sale=sale.rec_name))
        # process locks the sales: locked now, waiting for another
        # request, the conversion runs once (not again from its start)
        lock_rows(cls, sales)
        drafts = [s for s in sales if s.state == 'draft']
        if drafts:
            cls.quote(drafts)
        # Tryton's confirm queues the sales' process (for the worker, or
        # after the request); processed here at once, that run would only
        # do it all again (0.14 s of CPU per sale)
        with Transaction().set_context(_crm_converted=True):
            cls.confirm(sales)
        cls.process(sales)
        return invoices_action(
            [i for s in cls.browse(sales) for i in s.invoices])


class Line(metaclass=PoolMeta):
    __name__ = 'sale.line'

    serial_number = fields.Char(
        "Serial Number",
        states={
            'invisible': Eval('type') != 'line',
            'readonly': Eval('sale_state') != 'draft',
            })
    crm_line_kind = fields.Selection([
            (None, ""),
            ('shipping', "Shipping"),
            ('discount', "Document Discount"),
            ], "Generated Line", readonly=True,
        help="Lines maintained by the quotation itself.")

    @classmethod
    def _crm_credit_kinds(cls):
        "Generated line kinds that carry a negative price (extension point)"
        return {'discount'}

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        if external and mode == 'write':
            # the lines of a quotation past its draft neither
            check_readonly_fields(cls, values, lines,
                draft=lambda l: l.sale and l.sale.state == 'draft')
            if values.get('sale'):
                # nor moved into one
                Sale = Pool().get('sale.sale')
                sale = Sale(values['sale'])
                if sale.state != 'draft':
                    check_readonly_fields(Sale, {'lines': None}, [sale])

    @classmethod
    def validate_fields(cls, lines, field_names):
        super().validate_fields(lines, field_names)
        cls.check_crm_amounts(lines, field_names)

    @classmethod
    def check_crm_amounts(cls, lines, field_names=None):
        if field_names and not (field_names & {
                    'quantity', 'unit_price', 'base_price'}):
            return
        for line in lines:
            if line.type != 'line':
                continue
            if line.quantity is not None and line.quantity < 0:
                raise SaleValidationError(gettext(
                        'crm_fin.msg_line_negative_quantity',
                        line=line.rec_name))
            if line.crm_line_kind in cls._crm_credit_kinds():
                continue
            base_price = getattr(line, 'base_price', None)
            if (base_price is not None and line.unit_price is not None
                    and line.unit_price < 0 <= base_price):
                raise SaleValidationError(gettext(
                        'crm_fin.msg_line_discount_too_big',
                        line=line.rec_name))
            if line.unit_price is not None and line.unit_price < 0:
                raise SaleValidationError(gettext(
                        'crm_fin.msg_line_negative_price',
                        line=line.rec_name))

    @classmethod
    def view_attributes(cls):
        pool = Pool()
        Configuration = pool.get('crm.configuration')
        attributes = super().view_attributes()
        if Configuration.get_edition() not in SERIAL_NUMBERS:
            attributes.append(('//field[@name="serial_number"]', 'states',
                    {'invisible': True}))
        return attributes



class Invoice(_SplitPaymentMixin, metaclass=PoolMeta):
    __name__ = 'account.invoice'
    print_title = fields.Char(
        "Print Title", help="The title printed on the document.")

    def crm_payment_schedule(self):
        """The payment plan printed on the document: a list of dicts with
        date, kind, kind_string, amount and reference (cheque numbers...).

        Empty here; crm_installments returns the installments."""
        return []

    @classmethod
    def check_modification(cls, mode, invoices, values=None, external=False):
        """Invoices converted from a quotation are edited only by the
        invoice editors and finance groups"""
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        super().check_modification(
            mode, invoices, values=values, external=external)
        if (external and mode in {'write', 'delete'}
                and Transaction().user):
            editors = {ModelData.get_id('crm_fin', 'group_invoice_editor'),
                ModelData.get_id('crm_fin', 'group_finance')}
            if editors & set(User.get_groups()):
                return
            for invoice in invoices:
                if invoice.sales:
                    raise AccessError(gettext(
                            'crm_fin.msg_invoice_converted_edit',
                            invoice=invoice.rec_name))
