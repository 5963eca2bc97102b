# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class ScheduleError(ValidationError):
    pass


class AppointmentError(ValidationError):
    pass


class BookingError(UserError):
    pass
