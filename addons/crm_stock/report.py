# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Product labels with their barcode, printed from products and from
incoming shipments (a label per unit received); the delivery note of an
Iranian company's customer in Persian, right to left, with Jalali dates;
a Polish customer's in Polish, as a *WZ* (wydanie zewnętrzne).

The barcode is the EAN-13 of the product's EAN identifier when it has a
valid one (what the shop's scanner and the scan field of a quotation read),
else the Code 128 of the product's code."""
import io
from types import SimpleNamespace

from trytond.modules.crm_fin.report import (
    LAYOUT_LANGUAGE, PrintedDocument, PrintedParty, national_layout,
    render_template)
from trytond.modules.crm_fin.tools import format_amount
from trytond.pool import Pool, PoolMeta
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


class PrintedShipment:
    """A customer shipment as its national delivery note prints it: the
    helpers (digits, dates, units) of the suite's national invoices"""
    digits = PrintedDocument.digits
    ltr = PrintedDocument.ltr
    d = PrintedDocument.d
    qty = PrintedDocument.qty
    unit_name = PrintedDocument.unit_name

    def __init__(self, shipment, moves, layout):
        self.record = shipment
        self.layout = layout
        self.number = shipment.number or ''
        self.reference = shipment.reference or ''
        self.origins = ', '.join(sorted({m.origin.sale.rec_name
                    for m in shipment.outgoing_moves
                    if getattr(m.origin, 'sale', None)}))
        self.draft = shipment.state in {'draft', 'waiting'}
        self.date = shipment.effective_date or shipment.planned_date
        self.seller = PrintedParty(shipment.company.party)
        self.buyer = PrintedParty(shipment.customer)
        self.delivery = PrintedParty(
            shipment.customer, shipment.delivery_address)
        self.warehouse = shipment.warehouse.rec_name
        self.lines = [SimpleNamespace(
                row=i, code=move.product.code or '',
                name=move.product.name, quantity=move.quantity,
                unit=move.unit)
            for i, move in enumerate(moves, 1)]


class DeliveryNote(metaclass=PoolMeta):
    "The national layouts' own templates; the others print Tryton's"
    __name__ = 'stock.shipment.out.delivery_note'
    templates = {
        'ir': 'crm_stock/report/delivery_note_ir.fodt',
        'pl': 'crm_stock/report/delivery_note_pl.fodt',
        }

    @classmethod
    def header_key(cls, record, data):
        return super().header_key(record, data) + (
            ('national', cls.layout(record)),)

    @staticmethod
    def layout(shipment):
        "The customer's language, else the company's country or currency"
        return national_layout(SimpleNamespace(
                party=shipment.customer, company=shipment.company))

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        layout = header.get('national')
        if layout in cls.templates:
            with Transaction().set_context(language=LAYOUT_LANGUAGE[layout]):
                Shipment = Pool().get('stock.shipment.out')
                context['documents'] = [
                    PrintedShipment(s, cls.moves(s), layout)
                    for s in Shipment.browse([int(r) for r in records])]
        return context

    @classmethod
    def render(cls, report, report_context):
        if ('documents' not in report_context
                or report.report_content_custom):
            return super().render(report, report_context)
        layout = report_context['documents'][0].layout
        return render_template(cls.templates[layout], report, report_context,
            LAYOUT_LANGUAGE[layout])
