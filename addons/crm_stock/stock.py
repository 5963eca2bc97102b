# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Receiving goods by scanning them: the scan field of a draft incoming
shipment adds the product as an incoming move or counts one more of it."""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .exceptions import ScanError
from .scan import scan_product


class ShipmentIn(metaclass=PoolMeta):
    __name__ = 'stock.shipment.in'

    scan_code = fields.Function(fields.Char(
            "Scan",
            states={
                'invisible': Eval('state') != 'draft',
                'readonly': ~Eval('warehouse') | ~Eval('supplier'),
                },
            help="Scan the barcode of each item received (EAN, UPC, Code "
            "128) or type a product code and press Enter: the product is "
            "added as an incoming move, or its quantity is increased by "
            "one."),
        'get_scan_code', setter='set_scan_code')

    def get_scan_code(self, name):
        return None

    @classmethod
    def set_scan_code(cls, shipments, name, value):
        "Nothing is stored: the scan only acts through its on_change"
        pass

    @fields.depends(
        'scan_code', 'incoming_moves', 'state', 'company', 'supplier',
        'warehouse_input', 'planned_date',
        methods=['on_change_with_supplier_location'])
    def on_change_scan_code(self):
        pool = Pool()
        Move = pool.get('stock.move')
        code = (self.scan_code or '').strip()
        self.scan_code = None
        if (not code or self.state != 'draft' or not self.supplier
                or not self.warehouse_input):
            return
        product = scan_product(
            code, [('type', 'in', list(Move.get_product_types()))])
        if not product:
            raise ScanError(gettext(
                    'crm_stock.msg_scan_unknown_goods', code=code))
        moves = list(self.incoming_moves or [])
        for move in moves:
            if move.product == product and move.unit == product.default_uom:
                move.quantity = (move.quantity or 0) + 1
                break
        else:
            moves.append(Move(
                    product=product, unit=product.default_uom, quantity=1,
                    from_location=self.on_change_with_supplier_location(),
                    to_location=self.warehouse_input,
                    company=self.company,
                    currency=self.company.currency if self.company else None,
                    unit_price=product.cost_price,
                    planned_date=self.planned_date,
                    state='draft'))
        self.incoming_moves = moves
