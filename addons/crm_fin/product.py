# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Product data the printed invoices need"
from trytond.model import fields
from trytond.pool import PoolMeta


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'
    split_payment = fields.Boolean(
        "Split Payment (Annex 15)",
        help="Goods of annex 15 of the Polish VAT act: an invoice of more "
        "than 15 000 PLN gross with such goods carries the split payment "
        "mark (mechanizm podzielonej płatności).")

    @classmethod
    def default_split_payment(cls):
        return False
