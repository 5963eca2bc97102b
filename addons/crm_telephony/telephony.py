# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import logging
import secrets

from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.pool import PoolMeta

from .ami import AMIClient, AMIError
from .exceptions import TelephonyError

logger = logging.getLogger(__name__)


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Telephony Configuration"
    __name__ = 'crm.telephony.configuration'
    _history = True
    ami_host = fields.Char(
        "AMI Host", help="Address of the Asterisk Manager Interface.")
    ami_port = fields.Integer("AMI Port")
    ami_username = fields.Char("AMI User")
    ami_secret = fields.Char("AMI Secret")
    ami_context = fields.Char(
        "Dial Context", help="Dialplan context of click-to-dial calls.")
    ami_channel = fields.Char(
        "Channel Pattern",
        help="Channel of a user's phone, {extension} is replaced by the "
        "user's extension, for example PJSIP/{extension}.")
    webhook_token = fields.Char(
        "Webhook Token",
        help="The VoIP provider sends it in the X-CRM-Token header of "
        "/<database>/crm_telephony/incoming.")
    sms_gateway = fields.Many2One(
        'crm.sms.gateway', "SMS Gateway", ondelete='SET NULL')
    birthday_template = fields.Many2One(
        'crm.sms.template', "Birthday SMS Template", ondelete='SET NULL',
        domain=[('kind', '=', 'greeting')])
    sms_max_attempts = fields.Integer(
        "SMS Attempts", required=True,
        domain=[('sms_max_attempts', '>', 0)],
        help="An SMS is marked failed after this many attempts.")

    @classmethod
    def default_ami_port(cls):
        return 5038

    @classmethod
    def default_ami_context(cls):
        return 'from-internal'

    @classmethod
    def default_ami_channel(cls):
        return 'PJSIP/{extension}'

    @classmethod
    def default_sms_max_attempts(cls):
        return 5

    @classmethod
    def default_webhook_token(cls):
        return secrets.token_urlsafe(24)

    def ami_client(self):
        if not self.ami_host:
            raise TelephonyError(gettext('crm_telephony.msg_no_pbx'))
        return AMIClient(self.ami_host, self.ami_port or 5038,
            self.ami_username, self.ami_secret, timeout=10)

    def originate(self, extension, number):
        "Ring the extension, then dial number; return the ActionID"
        channel = (self.ami_channel or 'PJSIP/{extension}').format(
            extension=extension)
        try:
            with self.ami_client() as client:
                response = client.originate(
                    channel, number, self.ami_context or 'from-internal',
                    caller_id=number)
        except (AMIError, OSError) as exception:
            logger.warning("click-to-dial %s -> %s: %s",
                extension, number, exception)
            raise TelephonyError(gettext(
                    'crm_telephony.msg_pbx_error', error=str(exception)))
        return response.get('ActionID')


class User(metaclass=PoolMeta):
    __name__ = 'res.user'
    phone_extension = fields.Char(
        "Phone Extension",
        help="Incoming calls to this extension pop up for the user; "
        "click-to-dial rings it first.")
