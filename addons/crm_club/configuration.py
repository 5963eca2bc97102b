# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Club configuration: earning, referral, decay, redeem."
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields

from .exceptions import ClubValidationError


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Club Configuration"
    __name__ = 'club.configuration'
    _history = True
    __string__ = "Club Configuration"
    default_rate = fields.Numeric(
        "Default Points Rate", digits=(16, 6), required=True,
        help="Points per currency unit for categories without a rate.")
    referral_rate = fields.Numeric(
        "Referral Rate", digits=(16, 4), required=True,
        help="Share of the referred member's points given to the referrer.")
    decay_days = fields.Integer(
        "Decay After Days", required=True,
        help="Members without purchase for this many days lose points.")
    decay_rate = fields.Numeric(
        "Decay Rate", digits=(16, 4), required=True,
        help="Share of the balance lost on decay.")
    point_value = fields.Numeric(
        "Point Value", digits=(16, 4), required=True,
        help="Discount in company currency for one redeemed point.")
    redeem_cap = fields.Numeric(
        "Redeem Cap", digits=(16, 4), required=True,
        help="Largest share of a sale that points may pay.")
    discount_product = fields.Many2One(
        'product.product', "Points Discount Product",
        domain=[('type', '=', 'service')])

    @classmethod
    def default_default_rate(cls):
        return Decimal('0.0001')

    @classmethod
    def default_referral_rate(cls):
        return Decimal('0.1')

    @classmethod
    def default_decay_days(cls):
        return 365

    @classmethod
    def default_decay_rate(cls):
        return Decimal(1)

    @classmethod
    def default_point_value(cls):
        return Decimal(1000)

    @classmethod
    def default_redeem_cap(cls):
        return Decimal('0.5')

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        for record in records:
            for name in ['default_rate', 'referral_rate', 'decay_days',
                    'decay_rate', 'point_value', 'redeem_cap']:
                value = getattr(record, name)
                if value is not None and value < 0:
                    raise ClubValidationError(gettext('crm_club.msg_negative_value'))
