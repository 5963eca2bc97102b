# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import hmac
import logging
import secrets

from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelSQL, ModelView, Unique, fields
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.modules.crm_fin.tools import migrate_singleton_values
from trytond.pool import Pool, PoolMeta

from .ami import AMIClient, AMIError
from .exceptions import TelephonyError

logger = logging.getLogger(__name__)


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
    "/<database>/crm_telephony/incoming: it tells the company of the call.")
PBX_FIELDS = ['ami_host', 'ami_port', 'ami_username', 'ami_secret',
    'ami_context', 'ami_channel', 'webhook_token']


class Configuration(
        ModelSingleton, ModelSQL, ModelView, CompanyMultiValueMixin):
    """Telephony Configuration

    The PBX (Asterisk AMI) and the VoIP webhook token belong to a company
    (``crm.telephony.configuration.pbx``): a call is the call of the company
    whose PBX or token it came through."""
    __name__ = 'crm.telephony.configuration'
    __string__ = "Telephony Configuration"
    _history = True
    ami_host = fields.MultiValue(ami_host)
    ami_port = fields.MultiValue(ami_port)
    ami_username = fields.MultiValue(ami_username)
    ami_secret = fields.MultiValue(ami_secret)
    ami_context = fields.MultiValue(ami_context)
    ami_channel = fields.MultiValue(ami_channel)
    webhook_token = fields.MultiValue(webhook_token)
    sms_gateway = fields.Many2One(
        'crm.sms.gateway', "SMS Gateway", ondelete='SET NULL')
    birthday_template = fields.Many2One(
        'crm.sms.template', "Birthday SMS Template", ondelete='SET NULL',
        domain=[('kind', '=', 'greeting')])
    sms_max_attempts = fields.Integer(
        "SMS Attempts", required=True,
        domain=[('sms_max_attempts', '>', 0)],
        help="An SMS is marked failed after this many attempts.")
    # the webhook tokens with their company id, read once per process (the
    # webhook checks one per call): cleared when a PBX is modified
    _webhook_tokens = Cache(
        'crm.telephony.configuration.webhook_tokens', context=False)

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field in PBX_FIELDS:
            return pool.get('crm.telephony.configuration.pbx')
        return super().multivalue_model(field)

    @classmethod
    def default_ami_port(cls, **pattern):
        return cls.multivalue_model('ami_port').default_ami_port()

    @classmethod
    def default_ami_context(cls, **pattern):
        return cls.multivalue_model('ami_context').default_ami_context()

    @classmethod
    def default_ami_channel(cls, **pattern):
        return cls.multivalue_model('ami_channel').default_ami_channel()

    @classmethod
    def default_webhook_token(cls, **pattern):
        return cls.multivalue_model('webhook_token').default_webhook_token()

    @classmethod
    def default_sms_max_attempts(cls):
        return 5

    @classmethod
    def webhook_company(cls, token):
        """The company whose webhook token is token (compared in constant
        time), or None.  A token without company (set before the companies
        had their own) stands for the only company of the database."""
        pool = Pool()
        Company = pool.get('company.company')
        PBX = pool.get('crm.telephony.configuration.pbx')
        if not token:
            return None
        tokens = cls._webhook_tokens.get('tokens')
        if tokens is None:
            tokens = [(pbx.webhook_token, pbx.company.id if pbx.company
                    else None)
                for pbx in PBX.search([('webhook_token', '!=', None)])]
            cls._webhook_tokens.set('tokens', tokens)
        encoded = token.encode('utf-8', 'replace')
        for pbx_token, company in tokens:
            if not hmac.compare_digest(
                    pbx_token.encode('utf-8', 'replace'), encoded):
                continue
            if company is not None:
                return Company(company)
            companies = Company.search([], limit=2)
            if len(companies) == 1:
                return companies[0]

    @classmethod
    def pbx_companies(cls):
        "{company id: AMI options} of the companies with a PBX"
        pool = Pool()
        PBX = pool.get('crm.telephony.configuration.pbx')
        return {pbx.company.id: dict(host=pbx.ami_host,
                port=pbx.ami_port or 5038, username=pbx.ami_username,
                secret=pbx.ami_secret)
            for pbx in PBX.search([
                    ('ami_host', '!=', None),
                    ('company', '!=', None),
                    ])}

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


class ConfigurationPBX(ModelSQL, CompanyValueMixin):
    "Telephony Configuration PBX"
    __name__ = 'crm.telephony.configuration.pbx'
    __string__ = "Telephony Configuration PBX"
    ami_host = ami_host
    ami_port = ami_port
    ami_username = ami_username
    ami_secret = ami_secret
    ami_context = ami_context
    ami_channel = ami_channel
    webhook_token = webhook_token

    @classmethod
    def __setup__(cls):
        cls.webhook_token.search_unaccented = False
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('webhook_token_unique', Unique(t, t.webhook_token),
                'crm_telephony.msg_webhook_token_unique'),
            ]

    @classmethod
    def __register__(cls, module):
        pool = Pool()
        Configuration = pool.get('crm.telephony.configuration')
        # the PBX and token of the singleton serve every company
        with migrate_singleton_values(cls, Configuration, PBX_FIELDS, module):
            super().__register__(module)

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        pool = Pool()
        Configuration = pool.get('crm.telephony.configuration')
        super().on_modification(mode, records, field_names=field_names)
        Configuration._webhook_tokens.clear()

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
    def default_webhook_token(cls):
        return secrets.token_urlsafe(24)


class User(metaclass=PoolMeta):
    __name__ = 'res.user'
    phone_extension = fields.Char(
        "Phone Extension",
        help="Incoming calls to this extension pop up for the user; "
        "click-to-dial rings it first.")
    # the users of an extension (in a company) with their language, looked
    # up once per process (the webhook pops up each call for them):
    # cleared when a user is modified
    _extension_users = Cache('res.user.extension_users', context=False)

    @classmethod
    def extension_users(cls, extension, company=None):
        """[(user id, language code or None)] of the active users of
        extension, in company when it is given"""
        key = (extension, company)
        users = cls._extension_users.get(key)
        if users is None:
            domain = [('phone_extension', '=', extension)]
            if company is not None:
                # the extension of the company's PBX
                domain.append(('companies', '=', company))
            users = [(u.id, u.language.code if u.language else None)
                for u in cls.search(domain)]
            cls._extension_users.set(key, users)
        return users

    @classmethod
    def on_modification(cls, mode, users, field_names=None):
        super().on_modification(mode, users, field_names=field_names)
        cls._extension_users.clear()
