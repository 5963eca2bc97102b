# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"The alarms of policies: thank-you SMS and renewal to-dos."
from trytond.pool import PoolMeta


class Alarm(metaclass=PoolMeta):
    __name__ = 'crm.alarm'

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + ['insurance.policy']

    @classmethod
    def get_kinds(cls):
        return super().get_kinds() + [
            ('policy_thanks', "Policy Thank-You"),
            ('policy_renewal', "Policy Renewal"),
            ]
