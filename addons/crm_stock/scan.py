# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"The product of a scanned code, shared by quotations and shipments."
from stdnum import ean as stdnum_ean

from trytond.pool import Pool


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
