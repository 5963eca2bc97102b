# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError
from trytond.modules.sale_stock_quantity.exceptions import StockQuantityError


class StockRefusedError(StockQuantityError):
    "A quotation exceeds the stock: refused, a CRM Manager may override"


class ScanError(UserError):
    "A scanned code names no salable product"


class ScanAccessError(AccessError):
    "A scanned quantity written outside the receiving or the picking"
