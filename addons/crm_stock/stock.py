# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Receiving and picking goods by scanning them.

Each move of a shipment counts its scanned items (``scanned_quantity``)
next to the quantity expected.  The scan field of a shipment counts one
item of the scanned product on its moves: a product that is not on the
shipment is refused, and so is an item more than expected.  A new incoming
shipment (not saved yet) without moves but the ones its scans added is
filled by scanning: each scan adds the product as an incoming move or one
more of it.

The scanned quantity is no way around the workflow: the server accepts it
only on the moves being received (draft incoming shipment) or picked
(customer shipment waiting or assigned), never above their quantity, and it
changes nothing but itself; picking or packing a shipment whose scans are
short asks for a confirmation."""
from trytond.exceptions import UserWarning
from trytond.i18n import gettext
from trytond.model import ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .exceptions import ScanAccessError, ScanError
from .scan import ScanCodeMixin, count_scan, scan_product

SCAN_STATES = {
    'stock.shipment.in': {'draft'},
    'stock.shipment.out': {'waiting', 'assigned'},
    }


def scan_help(action):
    return ("Scan the barcode of each item (EAN, UPC, Code 128) or type a "
        "product code and press Enter: " + action)


def scanned_goods(code):
    "The goods of code, or a translated refusal"
    Move = Pool().get('stock.move')
    product = scan_product(
        code, [('type', 'in', list(Move.get_product_types()))])
    if not product:
        raise ScanError(gettext('crm_stock.msg_scan_unknown_goods', code=code))
    return product


class Move(metaclass=PoolMeta):
    __name__ = 'stock.move'

    scanned_quantity = fields.Float(
        "Scanned", digits='unit',
        domain=['OR',
            ('scanned_quantity', '=', None),
            [('scanned_quantity', '>=', 0),
                ('scanned_quantity', '<=', Eval('quantity', 0))],
            ],
        states={
            # counted by the scan field of the shipment, not typed
            'readonly': True,
            },
        help="The items of the move scanned when receiving or picking.")

    @classmethod
    def copy(cls, moves, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('scanned_quantity', None)
        return super().copy(moves, default=default)

    @property
    def scanning(self):
        "Whether the move is being received or picked by scanning"
        shipment = self.shipment
        if (self.state in {'done', 'cancelled'} or not shipment
                or shipment.state not in SCAN_STATES.get(
                    shipment.__name__, ())):
            return False
        return self in shipment.scan_moves

    @classmethod
    def check_modification(cls, mode, moves, values=None, external=False):
        super().check_modification(
            mode, moves, values=values, external=external)
        if ((mode == 'write' and 'scanned_quantity' in values)
                or mode == 'create'):
            for move in moves:
                if ((mode == 'write' or move.scanned_quantity)
                        and not move.scanning):
                    raise ScanAccessError(gettext(
                            'crm_stock.msg_scan_not_scanning',
                            move=move.rec_name))


class ShipmentIn(ScanCodeMixin, metaclass=PoolMeta):
    __name__ = 'stock.shipment.in'

    scan_code = fields.Function(fields.Char(
            "Scan",
            states={
                'invisible': Eval('state') != 'draft',
                'readonly': ~Eval('warehouse') | ~Eval('supplier'),
                },
            help=scan_help("the item is counted on its incoming move; a "
                "product that is not on the shipment is refused.  A new "
                "shipment without moves is filled by scanning: the product is added "
                "as an incoming move, or its quantity is increased by one.")),
        'get_scan_code', setter='set_scan_code')

    @property
    def scan_moves(self):
        return self.incoming_moves

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
        product = scanned_goods(code)
        moves = list(self.incoming_moves or [])
        if ((self.id is not None and self.id >= 0)
                or any(getattr(m, 'origin', None)
                    or getattr(m, 'scanned_quantity', None) != m.quantity
                    for m in moves)):
            # a saved shipment, or moves expected (from a purchase, typed
            # in): checked
            count_scan(moves, product)
        else:
            for move in moves:
                if (move.product == product
                        and move.unit == product.default_uom):
                    move.quantity = (move.quantity or 0) + 1
                    move.scanned_quantity = move.quantity
                    break
            else:
                moves.append(Move(
                        product=product, unit=product.default_uom,
                        quantity=1, scanned_quantity=1,
                        from_location=self.on_change_with_supplier_location(),
                        to_location=self.warehouse_input,
                        company=self.company,
                        currency=(
                            self.company.currency if self.company else None),
                        unit_price=product.cost_price,
                        planned_date=self.planned_date,
                        state='draft'))
        self.incoming_moves = moves


class ShipmentOut(ScanCodeMixin, metaclass=PoolMeta):
    __name__ = 'stock.shipment.out'

    scan_code = fields.Function(fields.Char(
            "Scan",
            states={
                'invisible': ~Eval('state').in_(['waiting', 'assigned']),
                },
            help=scan_help("the item is counted on the move that picks it; "
                "a product that is not on the shipment, or one item more "
                "than expected, is refused.")),
        'get_scan_code', setter='set_scan_code')

    @property
    def _scan_moves_field(self):
        """The moves the scans count on: those the warehouse picks, else
        those to the customer"""
        if self.warehouse_storage == self.warehouse_output:
            return 'outgoing_moves'
        return 'inventory_moves'

    @property
    def scan_moves(self):
        return getattr(self, self._scan_moves_field)

    @fields.depends(
        'scan_code', 'state', 'warehouse_storage', 'warehouse_output',
        'inventory_moves', 'outgoing_moves')
    def on_change_scan_code(self):
        code = (self.scan_code or '').strip()
        self.scan_code = None
        if not code or self.state not in SCAN_STATES[self.__name__]:
            return
        product = scanned_goods(code)
        moves = list(self.scan_moves or [])
        count_scan(moves, product)
        setattr(self, self._scan_moves_field, moves)

    @classmethod
    def _check_scan_short(cls, shipments):
        "Warn when the scans of a shipment stopped short of its moves"
        Warning = Pool().get('res.user.warning')
        for shipment in shipments:
            moves = [m for m in shipment.scan_moves
                if m.state not in {'done', 'cancelled'}]
            if not any(m.scanned_quantity for m in moves):
                continue  # not picked by scanning
            for move in moves:
                if (move.scanned_quantity or 0) < move.quantity:
                    key = Warning.format('crm_stock_scan_short', [move])
                    if Warning.check(key):
                        raise UserWarning(key, gettext(
                                'crm_stock.msg_scan_short',
                                shipment=shipment.rec_name,
                                product=move.product.rec_name,
                                scanned=move.scanned_quantity or 0,
                                quantity=move.quantity))

    @classmethod
    @ModelView.button
    @Workflow.transition('picked')
    def pick(cls, shipments):
        cls._check_scan_short(shipments)
        super().pick(shipments)

    @classmethod
    @ModelView.button
    @Workflow.transition('packed')
    def pack(cls, shipments):
        cls._check_scan_short(
            [s for s in shipments if s.state == 'assigned'])
        super().pack(shipments)
