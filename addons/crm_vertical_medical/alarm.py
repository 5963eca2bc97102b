# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"The alarms of appointments and educational messages."
from trytond.pool import PoolMeta


class Alarm(metaclass=PoolMeta):
    __name__ = 'crm.alarm'

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + ['medical.appointment']

    @classmethod
    def get_kinds(cls):
        return super().get_kinds() + [
            ('appointment_day', "Appointment Day"),
            ('medical_education', "Educational Message"),
            ]
