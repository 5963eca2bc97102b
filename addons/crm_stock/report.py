# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Product labels with their barcode, printed from products and from
incoming shipments (a label per unit received).

The barcode is the EAN-13 of the product's EAN identifier when it has a
valid one (what the shop's scanner and the scan field of a quotation read),
else the Code 128 of the product's code."""
import io

from trytond.modules.crm_fin.tools import format_amount
from trytond.pool import Pool
from trytond.report import Report
from trytond.transaction import Transaction

# No more labels than this for one line of a shipment
MAX_LABELS = 500


class ProductLabel(Report):
    "Product Labels"
    __name__ = 'crm_stock.product_label'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['labels'] = cls.labels(records)
        context['barcode'] = cls.barcode
        return context

    @classmethod
    def labels(cls, records):
        "The labels of records: products once, shipments per unit received"
        pool = Pool()
        Company = pool.get('company.company')
        Lang = pool.get('ir.lang')
        if Lang.get().direction == 'rtl':
            # a right-to-left embedding: the Persian amount reads ۲۵ ریال
            def direction(text):
                return '\u202b%s\u202c' % text if text else text
        else:
            def direction(text):
                return text
        company_id = Transaction().context.get('company')
        currency = Company(company_id).currency if company_id else None
        products = []
        for record in records:
            if record.__name__ == 'product.product':
                products.append(record)
            elif record.__name__ == 'stock.shipment.in':
                for move in record.incoming_moves:
                    count = min(int(move.quantity or 0), MAX_LABELS)
                    products.extend([move.product] * count)
        labels = []
        for product in products:
            symbology, value = cls.symbology(product)
            price = product.list_price_used
            labels.append({
                    'name': direction(product.rec_name),
                    'code': value,
                    'symbology': symbology,
                    'price': direction(format_amount(price, currency)
                        if currency and price is not None else ''),
                    })
        return labels

    @staticmethod
    def symbology(product):
        "The barcode type and value of product"
        from stdnum import ean
        for identifier in product.identifiers:
            if (identifier.type == 'ean' and ean.is_valid(identifier.code)
                    and len(ean.compact(identifier.code)) == 13):
                return 'ean13', ean.compact(identifier.code)
        return 'code128', product.code or str(product.id)

    @staticmethod
    def barcode(symbology, value):
        "Return the barcode of value as SVG bytes"
        import barcode
        from barcode.writer import SVGWriter
        output = io.BytesIO()
        barcode.get(symbology, value, writer=SVGWriter()).write(
            output, options={'module_height': 10, 'quiet_zone': 2})
        return output.getvalue()
