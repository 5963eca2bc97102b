# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError, UserWarning
from trytond.model.exceptions import ValidationError


class InstallmentError(UserError):
    pass


class InstallmentValidationError(ValidationError):
    pass


class ChequeError(UserError):
    pass


class ChequeValidationError(ValidationError):
    pass


class CreditRefused(UserError):
    pass


class CreditWarning(UserWarning):
    pass
