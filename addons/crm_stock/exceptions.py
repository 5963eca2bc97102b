# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError, UserWarning


class StockOverrideWarning(UserWarning):
    "A CRM Manager may confirm a quotation short of stock"


class ScanError(UserError):
    "A scanned code names no salable product"
