# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"The product of a scanned code, shared by quotations and shipments."
from stdnum import ean as stdnum_ean

from trytond.i18n import gettext
from trytond.pool import Pool

from .exceptions import ScanError


def scan_product(code, domain=None):
    """The product of code (with domain): its code, or the code of one of
    its identifiers (an EAN also as scanned from its UPC-A), or None"""
    Product = Pool().get('product.product')
    codes = {code}
    compact = stdnum_ean.compact(code)
    if compact.isdigit():
        codes.add(compact)
        if len(compact) == 12:  # UPC-A is the EAN-13 with a leading 0
            codes.add('0' + compact)
    products = Product.search([
            domain or [],
            ['OR',
                ('code', 'in', list(codes)),
                ('identifiers.code', 'in', list(codes)),
                ],
            ], order=[('id', 'ASC')], limit=1)
    return products[0] if products else None


class ScanCodeMixin:
    "The scan field of a document: a field typed into, never stored"
    __slots__ = ()

    def get_scan_code(self, name):
        return None

    @classmethod
    def set_scan_code(cls, records, name, value):
        "Nothing is stored: the scan only acts through its on_change"
        pass


def count_scan(moves, product):
    """Count one scanned item of product on the first of the moves (of the
    form) expecting more of it; refuse a product that is not on them and an
    item more than they expect"""
    pool = Pool()
    UoM = pool.get('product.uom')
    expected = [m for m in moves
        if m.product == product and m.state not in {'done', 'cancelled'}]
    if not expected:
        raise ScanError(gettext(
                'crm_stock.msg_scan_not_on_shipment',
                product=product.rec_name))
    for move in expected:
        one = UoM.compute_qty(
            product.default_uom, 1, move.unit, round=False)
        scanned = (getattr(move, 'scanned_quantity', None) or 0) + one
        if move.unit.round(scanned) <= (move.quantity or 0):
            move.scanned_quantity = move.unit.round(scanned)
            return move
    quantity = sum(m.quantity or 0 for m in expected)
    raise ScanError(gettext(
            'crm_stock.msg_scan_over', product=product.rec_name,
            quantity=expected[0].unit.round(quantity)))
