# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Marketing opt-out of a party, honoured by the campaigns (the party is
skipped and counted), and the communications of letters and campaigns."""
from trytond.model import fields
from trytond.pool import PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    marketing_sms_opt_out = fields.Boolean(
        "No Marketing SMS",
        help="The party asked not to receive SMS campaigns.")
    marketing_email_opt_out = fields.Boolean(
        "No Marketing E-mails",
        help="The party asked not to receive e-mail campaigns.")


class Communication(metaclass=PoolMeta):
    __name__ = 'crm.communication'

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + [
            'crm.letter.recipient', 'crm.campaign.recipient']
