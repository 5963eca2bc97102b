# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Medical SMS (with crm_telephony): the appointment reminders and the
educational messages are SMS of the kind *Medical*, which only the clinic
staff reads (a record rule) and whose text stays out of the communication
log."""
from trytond.pool import PoolMeta

MEDICAL_ALARMS = {'appointment_day', 'medical_education'}


class SMS(metaclass=PoolMeta):
    __name__ = 'crm.sms'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        if ('medical', "Medical") not in cls.kind.selection:
            cls.kind.selection.append(('medical', "Medical"))

    @classmethod
    def _confidential_kinds(cls):
        return super()._confidential_kinds() | {'medical'}


class Alarm(metaclass=PoolMeta):
    __name__ = 'crm.alarm'

    def get_sms_kind(self):
        if self.kind in MEDICAL_ALARMS:
            return 'medical'
        return super().get_sms_kind()
