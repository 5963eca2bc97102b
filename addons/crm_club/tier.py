# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Club tiers ranked by points, and the log of members' tier changes."
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields

from .exceptions import ClubValidationError


class Tier(ModelSQL, ModelView):
    "Club Tier"
    __name__ = 'club.tier'
    __string__ = "Club Tier"
    name = fields.Char("Name", required=True, translate=True)
    threshold = fields.Integer(
        "Threshold", required=True,
        help="Points balance from which a member reaches the tier.")
    discount = fields.Numeric(
        "Discount", digits=(16, 4), required=True,
        help="Discount rate applied to the member's new sale lines.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('threshold', 'ASC'))

    @classmethod
    def default_discount(cls):
        return Decimal(0)

    @classmethod
    def validate_fields(cls, tiers, field_names):
        super().validate_fields(tiers, field_names)
        for tier in tiers:
            if (tier.threshold or 0) < 0 or (tier.discount or 0) < 0:
                raise ClubValidationError(gettext('crm_club.msg_negative_value'))


class TierLog(ModelSQL, ModelView):
    "Club Tier Change"
    __name__ = 'club.tier.log'
    __string__ = "Club Tier Change"
    party = fields.Many2One(
        'party.party', "Member", required=True, ondelete='CASCADE',
        readonly=True)
    date = fields.Date("Date", required=True, readonly=True)
    old_tier = fields.Many2One('club.tier', "Old Tier", readonly=True)
    new_tier = fields.Many2One('club.tier', "New Tier", readonly=True)
    points = fields.Integer("Points", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('date', 'DESC'))
        cls._order.insert(1, ('id', 'DESC'))
