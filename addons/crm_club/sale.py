# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Redeeming points on a sale; the member's discount on new lines."
import math

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.product import round_price
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .exceptions import RedeemError


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'
    club_points_to_redeem = fields.Integer(
        "Points to Redeem",
        states={'readonly': Eval('state') != 'draft'},
        help="Redeemed on a draft: the discount line changes the total "
        "that a quotation's installment plan must add up to.")
    club_points_redeemed = fields.Function(
        fields.Integer("Points Redeemed"), 'get_club_points_redeemed')
    club_member_points = fields.Function(
        fields.Integer("Member Points"), 'on_change_with_club_member_points')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'club_redeem': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })

    @fields.depends('party')
    def on_change_with_club_member_points(self, name=None):
        return self.party.club_points if self.party else None

    def get_club_points_redeemed(self, name):
        "The points redeemed on the sale net of their reversals"
        PointsLine = Pool().get('club.points.line')
        lines = PointsLine.search([('origin', '=', str(self))])
        if lines:
            # a cancellation or a correction reverses a redeemed entry
            lines += PointsLine.reversals(lines)
        return -sum(l.points for l in lines)

    def club_redeem_cap(self):
        "Largest number of points this sale may redeem"
        Config = Pool().get('club.configuration')
        config = Config(1)
        if not config.point_value:
            return 0
        amount = sum((l.amount or 0) for l in self.lines
            if l.type == 'line' and l.crm_line_kind != 'club_points')
        return int(math.floor(
                amount * config.redeem_cap / config.point_value))

    @classmethod
    @ModelView.button
    def club_redeem(cls, sales):
        "Redeem the points as a discount line, checked against the balance"
        pool = Pool()
        PointsLine = pool.get('club.points.line')
        Config = pool.get('club.configuration')
        config = Config(1)
        for sale in sales:
            points = sale.club_points_to_redeem or 0
            if sale.state != 'draft':
                raise RedeemError(gettext('crm_club.msg_redeem_not_draft',
                        sale=sale.rec_name))
            if points <= 0:
                raise RedeemError(gettext('crm_club.msg_redeem_positive'))
            if not config.discount_product:
                raise RedeemError(gettext('crm_club.msg_redeem_no_product'))
            balance = sale.party.club_points
            if points > balance:
                raise RedeemError(gettext('crm_club.msg_redeem_over_balance',
                        party=sale.party.rec_name, points=points,
                        balance=balance))
            cap = sale.club_redeem_cap() - sale.club_points_redeemed
            if points > cap:
                raise RedeemError(gettext('crm_club.msg_redeem_over_cap',
                        cap=max(cap, 0), sale=sale.rec_name))
        PointsLine.create([{
                    'party': sale.party.id,
                    'points': -sale.club_points_to_redeem,
                    'kind': 'redeem',
                    'origin': str(sale),
                    'description': sale.number or sale.rec_name,
                    } for sale in sales])
        cls.write(sales, {'club_points_to_redeem': None})
        cls.set_club_lines(cls.browse(sales))

    def _club_line(self):
        "The discount line paying the redeemed points, or None"
        pool = Pool()
        Config = pool.get('club.configuration')
        config = Config(1)
        points = self.club_points_redeemed
        if not points or not config.discount_product:
            return
        return self._crm_line('club_points', config.discount_product,
            self.currency.round(-points * config.point_value))

    @classmethod
    def set_club_lines(cls, sales):
        "(Re)create the points discount line from the ledger"
        Line = Pool().get('sale.line')
        Line.delete([l for s in sales for l in s.lines
                if l.crm_line_kind == 'club_points'])
        Line.save([l for l in (s._club_line() for s in sales) if l])

    @classmethod
    def set_crm_lines(cls, sales):
        super().set_crm_lines(sales)
        cls.set_club_lines(cls.browse(sales))

    @classmethod
    def cancel(cls, sales):
        "Give the redeemed points back and drop their discount line"
        pool = Pool()
        PointsLine = pool.get('club.points.line')
        super().cancel(sales)
        lines = PointsLine.search([
                ('origin', 'in', [str(s) for s in sales]),
                ('kind', '=', 'redeem'),
                ])
        reversed_ = {str(l.origin) for l in PointsLine.reversals(lines)}
        PointsLine.reverse([l for l in lines if str(l) not in reversed_])
        # the discount follows the points redeemed net: none is left, a
        # new draft redeems again from nothing
        sales = cls.browse(sales)
        if any(l.crm_line_kind == 'club_points'
                for s in sales for l in s.lines):
            cls.set_club_lines(sales)
            cls.store_cache(cls.browse(sales))


class SaleLine(metaclass=PoolMeta):
    __name__ = 'sale.line'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        selection = ('club_points', "Club Points")
        if selection not in cls.crm_line_kind.selection:
            cls.crm_line_kind.selection.append(selection)

    @classmethod
    def _crm_credit_kinds(cls):
        return super()._crm_credit_kinds() | {'club_points'}

    @fields.depends('sale', '_parent_sale.party', 'product')
    def compute_unit_price(self):
        "Apply the member's tier discount to the price of new lines"
        pool = Pool()
        Config = pool.get('club.configuration')
        price = super().compute_unit_price()
        if (price and self.product and self.sale and self.sale.party
                and self.sale.party.club_discount
                and self.product != Config(1).discount_product):
            price = round_price(
                price * (1 - self.sale.party.club_discount))
        return price
