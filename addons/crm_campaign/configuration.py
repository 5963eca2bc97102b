# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Configuration of letters and campaigns: the letter numbering sequence,
the throttle of campaign sending (a batch of messages per interval) and the
token the SMS provider's delivery reports carry."""
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Id


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Campaign Configuration"
    __name__ = 'crm.campaign.configuration'
    __string__ = "Campaign Configuration"
    letter_sequence = fields.Many2One(
        'ir.sequence', "Letter Sequence", required=True,
        domain=[('sequence_type', '=',
                Id('crm_campaign', 'sequence_type_letter'))],
        help="Numbers the letters, one number per recipient.")
    batch_size = fields.Integer(
        "Messages per Batch", required=True,
        domain=[('batch_size', '>', 0)],
        help="How many messages one queued task sends.")
    batch_interval = fields.Integer(
        "Seconds between Batches", required=True,
        domain=[('batch_interval', '>=', 0)],
        help="The throttle: the next batch waits this long.")
    max_attempts = fields.Integer(
        "Attempts", required=True, domain=[('max_attempts', '>', 0)],
        help="A message the provider refuses for a passing reason is "
        "tried again up to this many times.")
    delivery_token = fields.Char(
        "Delivery Report Token",
        help="The SMS provider sends it in the X-CRM-Token header of "
        "POST /<database>/crm_campaign/delivery.")
    callback_url = fields.Char(
        "Delivery Report URL",
        help="Sent to the provider with each message, for example "
        "https://crm.example.com/crm/crm_campaign/delivery.")

    @classmethod
    def default_letter_sequence(cls):
        ModelData = Pool().get('ir.model.data')
        try:
            return ModelData.get_id('crm_campaign', 'sequence_letter')
        except KeyError:
            return None

    @classmethod
    def default_batch_size(cls):
        return 20

    @classmethod
    def default_batch_interval(cls):
        return 1

    @classmethod
    def default_max_attempts(cls):
        return 3

    def get_letter_number(self, company=None):
        return self.letter_sequence.get()
