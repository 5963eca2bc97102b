# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"The policies of a party, as holder and as insured."
from trytond.model import fields
from trytond.pool import Pool, PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    insured_policies = fields.One2Many(
        'insurance.policy', 'insured', "Insured Policies", readonly=True)
    held_policies = fields.One2Many(
        'insurance.policy', 'holder', "Held Policies", readonly=True)

    @classmethod
    def _region_shared_queries(cls):
        "The insurers are read by every user"
        Policy = Pool().get('insurance.policy')
        policy = Policy.__table__()
        return super()._region_shared_queries() + [
            policy.select(policy.insurer.as_('party'))]
