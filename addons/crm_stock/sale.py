# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Stock-aware quotations: the quantity available on each line, the stock
check of Tryton's ``sale_stock_quantity`` at confirmation with a logged
override for CRM Managers, and products scanned into the lines.

``sale_stock_quantity`` refuses to quote or confirm a sale whose line
exceeds the forecast quantity of its warehouse (a warning, per line, for
the users of its "Sale Stock Quantity" group).  Here a quotation may be
made for goods not yet in stock (the line shows what is available and warns
when it is short); confirming it (or converting it to an invoice) is
checked.  A CRM Manager may confirm anyway with the button *Confirm Despite
Stock* (``ir.model.button`` restricted to his group): Tryton logs the click
on the quotation (``ir.model.log``: the button, his user, the date), then
the confirmation."""
from trytond.i18n import gettext
from trytond.model import ModelView, Workflow, fields
from trytond.modules.sale_stock_quantity.exceptions import StockQuantityError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import ScanError, StockRefusedError
from .scan import ScanCodeMixin, scan_product


class Sale(ScanCodeMixin, metaclass=PoolMeta):
    __name__ = 'sale.sale'

    scan_code = fields.Function(fields.Char(
            "Scan",
            states={
                'invisible': Eval('state') != 'draft',
                },
            help="Scan a barcode (EAN, UPC, Code 128) or type a product "
            "code and press Enter: the product is added as a line, or the "
            "quantity of its line is increased by one."),
        'get_scan_code', setter='set_scan_code')

    @fields.depends(
        'scan_code', 'lines', 'state', 'party', 'invoice_party',
        'shipment_party', 'currency', 'sale_date', 'company', 'warehouse')
    def on_change_scan_code(self):
        pool = Pool()
        Line = pool.get('sale.line')
        code = (self.scan_code or '').strip()
        self.scan_code = None
        if not code or self.state != 'draft':
            return
        product = scan_product(code, [('template.salable', '=', True)])
        if not product:
            raise ScanError(gettext('crm_stock.msg_scan_unknown', code=code))
        lines = list(self.lines or [])
        for line in lines:
            if (line.type == 'line' and line.product == product
                    and not getattr(line, 'crm_line_kind', None)):
                line.sale = self
                line.company = self.company
                line.quantity = (line.quantity or 0) + 1
                line.on_change_quantity()
                line.amount = line.on_change_with_amount()
                break
        else:
            line = Line(sale=self, company=self.company, type='line',
                quantity=1, product=product, unit=None, unit_price=None,
                shipping_date=None)
            line.on_change_product()
            lines.append(line)
        line.stock_forecast_quantity = (
            line.on_change_with_stock_forecast_quantity())
        self.lines = lines

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'confirm_stock_override': {
                    'invisible': Eval('state') != 'quotation',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                })

    @classmethod
    @ModelView.button
    @Workflow.transition('quotation')
    def quote(cls, sales):
        # A quotation may offer goods not in stock yet: checked when confirmed
        with Transaction().set_context(_crm_stock_quote=True):
            super().quote(sales)

    @classmethod
    def _check_stock_quantity(cls, sales):
        if Transaction().context.get('_crm_stock_quote'):
            return
        super()._check_stock_quantity(sales)

    @classmethod
    @ModelView.button
    def confirm_stock_override(cls, sales):
        "Confirm the quotations despite the stock (CRM Manager, logged)"
        with Transaction().set_context(_crm_stock_override=True):
            cls.confirm(sales)

    def check_stock_quantity(self):
        if Transaction().context.get('_crm_stock_override'):
            # the button of the CRM Managers (the client can not set a
            # context key starting with "_")
            return
        try:
            super().check_stock_quantity()
        except StockQuantityError as exception:
            raise StockRefusedError(gettext(
                    'crm_stock.msg_stock_refused',
                    message=exception.message, sale=self.rec_name)
                ) from exception


class Line(metaclass=PoolMeta):
    __name__ = 'sale.line'

    stock_forecast_quantity = fields.Function(fields.Float(
            "Available", digits='unit',
            states={
                'invisible': Eval('type') != 'line',
                },
            help="The forecast quantity of the product in the warehouse "
            "of the quotation at the shipping date, in the unit of the "
            "line."),
        'on_change_with_stock_forecast_quantity')

    @fields.depends(
        'type', 'product', 'unit', 'company', 'shipping_date', 'sale',
        '_parent_sale.warehouse')
    def on_change_with_stock_forecast_quantity(self, name=None):
        pool = Pool()
        Date = pool.get('ir.date')
        Move = pool.get('stock.move')
        Product = pool.get('product.product')
        UoM = pool.get('product.uom')
        if (self.type != 'line' or not self.product or not self.sale
                or not self.sale.warehouse
                or self.product.type not in Move.get_product_types()):
            return None
        with Transaction().set_context(
                company=self.company.id if self.company else None):
            today = Date.today()
        with Transaction().set_context(
                locations=[self.sale.warehouse.id],
                stock_date_end=self.shipping_date or today):
            product = Product(self.product.id)
            quantity = product.forecast_quantity
        if self.unit and self.unit.category == product.default_uom.category:
            quantity = UoM.compute_qty(
                product.default_uom, quantity, self.unit, round=False)
            return self.unit.round(quantity)
        return quantity
