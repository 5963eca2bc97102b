# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.


from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import PoolMeta

from .exceptions import ClubValidationError


class ProductCategory(metaclass=PoolMeta):
    __name__ = 'product.category'
    club_points_rate = fields.Numeric(
        "Points Rate", digits=(16, 6),
        help="Club points earned per currency unit sold.")

    @classmethod
    def validate_fields(cls, categories, field_names):
        super().validate_fields(categories, field_names)
        for category in categories:
            if (category.club_points_rate is not None
                    and category.club_points_rate < 0):
                raise ClubValidationError(gettext('crm_club.msg_negative_rate',
                        category=category.rec_name))
