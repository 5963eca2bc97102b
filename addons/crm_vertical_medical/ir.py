# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.

from trytond.pool import PoolMeta


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('medical.appointment|raise_day_alarms',
                    "Raise Appointment Day Alarms"),
                ('medical.education.message|send_due',
                    "Send Educational Messages"),
                ])
