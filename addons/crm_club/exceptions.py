# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class ClubValidationError(ValidationError):
    "A club setting or a member's card is not valid"


class RedeemError(UserError):
    "Points cannot be redeemed on a sale"
