# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Demo data of crm_stock (Base 5, ``--with stock``): the goods of the demo
received in the warehouse on a supplier shipment, so the quotations of the
demo confirm, and the laptop's EAN for the scan field of a quotation."""
from decimal import Decimal

from proteus import Model

from demo import activated
from demo.names import name

from trytond.modules.crm_fin.tests.tools import company_today

# The quantity of each good received, and the EAN of the demo laptop
QUANTITY = 40
LAPTOP_EAN = '5901234123457'


def receive_goods(config, supplier_name=None):
    """Receive the salable goods of the company in its warehouse (once, and
    only when crm_stock checks the stock of quotations) from supplier_name
    (the Iranian demo's wholesaler by default)"""
    if not activated('crm_stock'):
        return
    Party = Model.get('party.party')
    Product = Model.get('product.product')
    Location = Model.get('stock.location')
    ShipmentIn = Model.get('stock.shipment.in')
    User = Model.get('res.user')
    company = User(config.user).company
    if ShipmentIn.find([]):
        return
    warehouse, = Location.find([('type', '=', 'warehouse')], limit=1)
    supplier_location, = Location.find([('code', '=', 'SUP')])
    supplier = Party(name=supplier_name or name("Laptop Wholesale"))
    supplier.save()
    shipment = ShipmentIn(supplier=supplier, warehouse=warehouse)
    shipment.effective_date = company_today()
    for product in Product.find([
                ('type', '=', 'goods'), ('template.salable', '=', True)]):
        if product.code and product.code.startswith(('LAP', 'NB-')):
            if not any(i.code == LAPTOP_EAN for i in product.identifiers):
                product.identifiers.new(type='ean', code=LAPTOP_EAN)
                product.save()
        move = shipment.incoming_moves.new()
        move.product = product
        move.quantity = QUANTITY
        move.from_location = supplier_location
        move.to_location = warehouse.input_location
        move.unit_price = product.cost_price or Decimal(0)
        move.currency = company.currency
    shipment.click('receive')
    shipment.click('do')


def polish_series(config):
    """The warehouse documents' numbers in Poland: PZ/yyyy/nnnn for goods
    received (przyjęcie zewnętrzne), WZ/yyyy/nnnn for goods issued"""
    if not activated('crm_stock'):
        return
    Configuration = Model.get('stock.configuration')
    configuration = Configuration(1)
    for field, prefix in [
            ('shipment_in_sequence', 'PZ'),
            ('shipment_out_sequence', 'WZ')]:
        sequence = getattr(configuration, field)
        sequence.prefix = prefix + '/${year}/'
        sequence.padding = 4
        sequence.save()


def setup(config):
    """The goods are received by the demo of crm_fin before its quotations
    (``receive_goods``); here only when that demo did not run"""
    receive_goods(config)
