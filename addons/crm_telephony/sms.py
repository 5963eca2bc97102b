# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""SMS through an HTTP gateway, e-mail through Tryton's SMTP settings.

An SMS is a ``crm.sms`` row: it is *queued* when created, *sent* when the
gateway accepted it, *failed* after ``sms_max_attempts`` refusals (the
configuration's, 5 by default).  Every attempt is logged (attempts, last
error); the cron "Send queued SMS" retries the queued ones, so a message is
never lost.  SMS go to persons only (customers and company staff), never to
an organisation.  A sent SMS is logged in the communication log.

The gateway client (``HttpSmsProvider``) POSTs JSON
``{"from": sender, "to": "+98...", "text": "...", "kind": "promo"}`` to the
gateway URL with the ``X-API-Key`` header; any 2xx answer is a success (its
JSON ``id`` is kept).  A caller that may repeat a send (campaigns) gives a
``reference``: it goes as the ``Idempotency-Key`` header and in the JSON
with the ``callback`` URL of the delivery reports, so the provider sends a
repeated message once.  A 4xx answer is a permanent refusal
(``ProviderError.permanent``), anything else may pass on a retry.  The
delivery reports (crm_campaign's route) mark a sent SMS *delivered* or
*failed* (``delivery_report``).
"""
import datetime
import json
import logging
import urllib.error
import urllib.request
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import DeactivableMixin, Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.crm_fin.text import party_language, render_message
from trytond.modules.crm_fin.tools import (
    OriginMixin, company_independent, render)
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import SMSRecipientError
from .phone import E164Mixin, e164_candidates

logger = logging.getLogger(__name__)

SMS_KINDS = [
    ('greeting', "Greeting"),
    ('promo', "Promotion"),
    ('payment_reminder', "Payment Reminder"),
    ('reminder', "Reminder"),
    ('notice', "Notice"),
    ('other', "Other"),
    ]
MAX_RANGE = 10000


class ProviderError(Exception):
    "A refused send; permanent when retrying cannot help (HTTP 4xx)"
    permanent = False


class HttpSmsProvider:
    "JSON over HTTP SMS gateway client"

    def __init__(self, url, api_key, sender=None, timeout=10):
        self.url = url
        self.api_key = api_key
        self.sender = sender
        self.timeout = timeout

    def send(self, number, text, kind=None, reference=None, callback=None):
        "Send one message, return the provider's id (or None)"
        message = {'from': self.sender, 'to': number, 'text': text,
            'kind': kind}
        headers = {
            'Content-Type': 'application/json',
            'X-API-Key': self.api_key or '',
            }
        if reference:
            message['reference'] = reference
            headers['Idempotency-Key'] = reference
        if callback:
            message['callback'] = callback
        body = json.dumps(message).encode('utf-8')
        request = urllib.request.Request(self.url, data=body, method='POST',
            headers=headers)
        try:
            with urllib.request.urlopen(
                    request, timeout=self.timeout) as response:
                data = response.read(65536)
        except urllib.error.HTTPError as exception:
            error = ProviderError('HTTP %s: %s' % (
                    exception.code,
                    exception.read(500).decode('utf-8', 'replace')))
            error.permanent = 400 <= exception.code < 500
            raise error
        except (urllib.error.URLError, OSError) as exception:
            raise ProviderError(str(exception))
        try:
            answer = json.loads(data.decode('utf-8')) if data else {}
        except ValueError:
            answer = {}
        if isinstance(answer, dict) and answer.get('id') is not None:
            return str(answer['id'])
        return None


class Gateway(DeactivableMixin, ModelSQL, ModelView):
    "SMS Gateway"
    __name__ = 'crm.sms.gateway'
    __string__ = "SMS Gateway"
    name = fields.Char("Name", required=True)
    url = fields.Char(
        "URL", required=True,
        help="The gateway's HTTP address receiving JSON messages.")
    api_key = fields.Char("API Key")
    sender = fields.Char("Sender", help="Sender number or name.")
    currency = fields.Many2One(
        'currency.currency', "Currency", required=True)
    prices = fields.One2Many(
        'crm.sms.gateway.price', 'gateway', "Cost per Message Kind")

    @classmethod
    def default_currency(cls):
        pool = Pool()
        Company = pool.get('company.company')
        company = Transaction().context.get('company')
        if company:
            return Company.currency_id(company)

    def get_provider(self):
        return HttpSmsProvider(self.url, self.api_key, self.sender)

    def get_cost(self, kind):
        for price in self.prices:
            if price.kind == kind:
                return price.cost
        return Decimal(0)


class GatewayPrice(ModelSQL, ModelView):
    "SMS Gateway Price"
    __name__ = 'crm.sms.gateway.price'
    __string__ = "SMS Gateway Price"
    gateway = fields.Many2One(
        'crm.sms.gateway', "Gateway", required=True, ondelete='CASCADE')
    kind = fields.Selection(SMS_KINDS, "Kind", required=True)
    cost = fields.Numeric(
        "Cost per Message", digits='currency', required=True,
        domain=[('cost', '>=', 0)])
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')

    @fields.depends('gateway', '_parent_gateway.currency')
    def on_change_with_currency(self, name=None):
        return self.gateway.currency if self.gateway else None


class Template(DeactivableMixin, ModelSQL, ModelView):
    "SMS Template"
    __name__ = 'crm.sms.template'
    __string__ = "SMS Template"
    name = fields.Char("Name", required=True, translate=True)
    kind = fields.Selection(SMS_KINDS, "Kind", required=True)
    text = fields.Text(
        "Text", required=True, translate=True,
        help="Placeholders: ${name}, ${honorific}, ${company}, ${date}, "
        "${amount}.")

    @classmethod
    def default_kind(cls):
        return 'promo'

    def render(self, party=None, **values):
        return render_text(self.text, party, **values)

    def text_message(self):
        """The template's text as a message (crm_fin/text.py), rendered in
        the language of each party"""
        return '%s:text' % self


def placeholders(party=None, **values):
    pool = Pool()
    Company = pool.get('company.company')
    result = {'name': '', 'honorific': '', 'company': ''}
    company = Transaction().context.get('company')
    if company:
        result['company'] = Company(company).rec_name
    if party:
        result['name'] = party.name or ''
        result['honorific'] = getattr(party, 'honorific', None) or ''
    result.update({k: '' if v is None else str(v) for k, v in values.items()})
    return result


def template_params(party=None, **values):
    """The parameters of a template's placeholders (${name}, ${honorific},
    ${company} and values; party for messages) for a message rendered later
    in the party's language (crm_fin/text.py: dates, amounts and records are
    formatted then)"""
    params = {'name': '', 'honorific': '', 'company': None}
    company = Transaction().context.get('company')
    if company:
        params['company'] = Pool().get('company.company')(company)
    if party:
        params['party'] = party
        params['name'] = party.name or ''
        params['honorific'] = getattr(party, 'honorific', None) or ''
    params.update(values)
    return params


def render_text(text, party=None, **values):
    "Replace ${placeholders} of text, unknown ones are left as they are"
    return render(text, **placeholders(party, **values))


class SMS(OriginMixin, E164Mixin, Workflow, ModelSQL, ModelView):
    "SMS"
    __name__ = 'crm.sms'
    __string__ = "SMS"
    _states = {'readonly': Eval('state') != 'queued'}
    party = fields.Many2One(
        'party.party', "Party", ondelete='SET NULL', states=_states,
        help="A person: SMS are not sent to organisations.")
    number = fields.Char("Number", required=True, states=_states)
    text = fields.Text("Text", required=True, states=_states)
    kind = fields.Selection(SMS_KINDS, "Kind", required=True, states=_states)
    kind_string = kind.translated('kind')
    gateway = fields.Many2One(
        'crm.sms.gateway', "Gateway", ondelete='RESTRICT', states=_states)
    cost = fields.Numeric("Cost", digits='currency', readonly=True)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    state = fields.Selection([
            ('queued', "Queued"),
            ('sent', "Sent"),
            ('delivered', "Delivered"),
            ('failed', "Failed"),
            ], "State", readonly=True, required=True, sort=False)
    delivered_at = fields.DateTime("Delivered at", readonly=True)
    state_string = state.translated('state')
    attempts = fields.Integer("Attempts", readonly=True)
    last_error = fields.Text("Last Error", readonly=True)
    sent_at = fields.DateTime("Sent at", readonly=True)
    provider_id = fields.Char("Provider ID", readonly=True)
    origin = fields.Reference(
        "Origin", selection='get_origins', readonly=True)
    origin_label = fields.Function(fields.Char(
            "Origin",
            help="The reminder or message it came from (a reminder of "
            "another user is not named)."),
        'get_origin_label')
    user = fields.Many2One('res.user', "User", readonly=True)
    del _states

    @fields.depends('gateway')
    def on_change_with_currency(self, name=None):
        "The gateway's currency (its cost), else the company's"
        pool = Pool()
        Company = pool.get('company.company')
        if self.gateway:
            return self.gateway.currency
        company = Transaction().context.get('company')
        if company:
            return Company.currency_id(company)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.state, Index.Equality()),
                where=t.state == 'queued'))
        cls._order = [('create_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('queued', 'sent'),
            ('queued', 'failed'),
            ('sent', 'delivered'),
            ('sent', 'failed'),
            ('failed', 'queued'),
            }
        cls._buttons.update({
                'send': {
                    'invisible': Eval('state') != 'queued',
                    'depends': ['state'],
                    },
                'retry': {
                    'invisible': Eval('state') != 'failed',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'queued'

    @classmethod
    def _confidential_kinds(cls):
        """The kinds of SMS whose text stays out of the communication log
        (the medical ones of crm_vertical_medical)"""
        return set()

    @classmethod
    def check_modification(cls, mode, messages, values=None, external=False):
        "A user edits a queued SMS; the sending writes the rest"
        super().check_modification(
            mode, messages, values=values, external=external)
        if external and mode in {'write', 'delete'}:
            for message in messages:
                if message.state != 'queued':
                    raise AccessError(gettext(
                            'crm_telephony.msg_sms_modify_state',
                            sms=message.rec_name,
                            state=message.state_string))

    @classmethod
    def default_attempts(cls):
        return 0

    @classmethod
    def default_kind(cls):
        return 'other'

    @classmethod
    def default_user(cls):
        return Transaction().user or None

    @classmethod
    def _get_origins(cls):
        return ['crm.alarm', 'crm.sms.template']

    def get_rec_name(self, name):
        return '%s: %s' % (self.number, (self.text or '')[:30])

    @classmethod
    def validate_fields(cls, messages, field_names):
        super().validate_fields(messages, field_names)
        for message in messages:
            if field_names and not ({'party', 'number'} & field_names):
                continue
            cls.check_recipient(message.party, message.number)

    @classmethod
    def check_recipient(cls, party, number):
        "Raise SMSRecipientError unless party/number may receive an SMS"
        if party and party.party_type == 'organization':
            logger.warning("SMS to organisation %s refused", party.rec_name)
            raise SMSRecipientError(gettext(
                    'crm_telephony.msg_sms_organization',
                    party=party.rec_name))
        if not e164_candidates(number):
            raise SMSRecipientError(gettext(
                    'crm_telephony.msg_sms_invalid_number',
                    number=number or ''))

    @classmethod
    def queue(cls, values):
        "Create the SMS of values and send them after the commit"
        pool = Pool()
        Configuration = pool.get('crm.telephony.configuration')
        config = Configuration(1)
        for value in values:
            if not value.get('gateway') and config.sms_gateway:
                value['gateway'] = config.sms_gateway.id
        messages = cls.create(values)
        if messages:
            cls.__queue__.send(messages)
        return messages

    @classmethod
    @ModelView.button
    def send(cls, messages):
        "Try to send queued messages once; failures stay queued until the "
        "last attempt"
        pool = Pool()
        Configuration = pool.get('crm.telephony.configuration')
        Communication = pool.get('crm.communication')
        config = Configuration(1)
        max_attempts = config.sms_max_attempts or 5
        sent, failed, logs = [], [], []
        for message in messages:
            if message.state != 'queued':
                continue
            gateway = message.gateway or config.sms_gateway
            message.attempts = (message.attempts or 0) + 1
            try:
                if not gateway:
                    raise ProviderError(gettext(
                            'crm_telephony.msg_sms_no_gateway'))
                provider = gateway.get_provider()
                message.provider_id = provider.send(
                    message.number_e164 or message.number, message.text,
                    message.kind)
            except ProviderError as exception:
                message.last_error = str(exception)
                logger.warning("SMS %s to %s, attempt %s: %s", message.id,
                    message.number, message.attempts, exception)
                if message.attempts >= max_attempts:
                    failed.append(message)
                continue
            message.gateway = gateway
            message.last_error = None
            message.sent_at = datetime.datetime.now()
            message.cost = gateway.get_cost(message.kind)
            sent.append(message)
            if message.party:
                confidential = message.kind in cls._confidential_kinds()
                logs.append({
                        'party': message.party.id,
                        'kind': 'sms',
                        'direction': 'outgoing',
                        'number': message.number,
                        'subject': (message.kind_string if confidential
                            else message.text[:100]),
                        'description': None if confidential else message.text,
                        'user': message.user.id if message.user else None,
                        'origin': str(message),
                        })
        cls.save(messages)
        cls.mark_sent(sent)
        cls.mark_failed(failed)
        Communication.create(logs)

    @classmethod
    @Workflow.transition('sent')
    def mark_sent(cls, messages):
        pass

    @classmethod
    @Workflow.transition('failed')
    def mark_failed(cls, messages):
        pass

    @classmethod
    def delivery_report(cls, provider_id, status, error=None):
        """Apply the provider's delivery report of the sent SMS provider_id:
        delivered or failed; return the messages updated"""
        messages = cls.search([
                ('provider_id', '=', provider_id),
                ('state', '=', 'sent'),
                ]) if provider_id else []
        if messages and status == 'delivered':
            cls.write(messages, {'delivered_at': datetime.datetime.now()})
            cls.mark_delivered(messages)
        elif messages:
            cls.write(messages, {'last_error': error or status})
            cls.mark_failed(messages)
        return messages

    @classmethod
    @Workflow.transition('delivered')
    def mark_delivered(cls, messages):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('queued')
    def retry(cls, messages):
        cls.write(messages, {'attempts': 0})

    @classmethod
    @company_independent
    def send_queued(cls):
        "Cron: retry every queued message"
        messages = cls.search([('state', '=', 'queued')],
            order=[('id', 'ASC')])
        cls.send(messages)

    @classmethod
    def cost_per_kind(cls, from_date=None, to_date=None):
        "Return {kind: (count, cost)} of the sent messages (SQL aggregate)"
        from sql.aggregate import Count, Sum
        table = cls.__table__()
        where = table.state.in_(['sent', 'delivered'])
        if from_date:
            where &= table.sent_at >= datetime.datetime.combine(
                from_date, datetime.time())
        if to_date:
            where &= table.sent_at < datetime.datetime.combine(
                to_date + datetime.timedelta(days=1), datetime.time())
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(table.kind, Count(table.id),
                Sum(table.cost), where=where, group_by=[table.kind]))
        return {k: (n, Decimal(str(c or 0))) for k, n, c in cursor}


def number_range(from_number, to_number):
    """Return the numbers from from_number to to_number (same length)

    Raise SMSRecipientError for a malformed or too large range."""
    from_digits = ''.join(c for c in from_number or '' if c.isdigit())
    to_digits = ''.join(c for c in to_number or '' if c.isdigit())
    if (not from_digits or len(from_digits) != len(to_digits)
            or int(to_digits) < int(from_digits)):
        raise SMSRecipientError(gettext(
                'crm_telephony.msg_sms_range_invalid',
                from_number=from_number or '', to_number=to_number or ''))
    size = int(to_digits) - int(from_digits) + 1
    if size > MAX_RANGE:
        raise SMSRecipientError(gettext(
                'crm_telephony.msg_sms_range_too_large',
                count=size, maximum=MAX_RANGE))
    width = len(from_digits)
    return [str(n).zfill(width)
        for n in range(int(from_digits), int(to_digits) + 1)]


class SendSMSStart(ModelView):
    "Send SMS"
    __name__ = 'crm.sms.send.start'
    __string__ = "Send SMS"
    recipients = fields.Selection([
            ('parties', "Parties"),
            ('range', "Number Range"),
            ], "Recipients", required=True)
    parties = fields.Many2Many(
        'party.party', None, None, "Parties",
        domain=[('party_type', '=', 'person')],
        states={
            'invisible': Eval('recipients') != 'parties',
            'required': Eval('recipients') == 'parties',
            })
    from_number = fields.Char("From Number", states={
            'invisible': Eval('recipients') != 'range',
            'required': Eval('recipients') == 'range',
            })
    to_number = fields.Char("To Number", states={
            'invisible': Eval('recipients') != 'range',
            'required': Eval('recipients') == 'range',
            })
    template = fields.Many2One(
        'crm.sms.template', "Template",
        domain=[If(Eval('kind'), ('kind', '=', Eval('kind')), ())])
    kind = fields.Selection(SMS_KINDS, "Kind", required=True)
    text = fields.Text("Text", required=True)
    gateway = fields.Many2One('crm.sms.gateway', "Gateway")

    @fields.depends('template', 'kind', 'text')
    def on_change_template(self):
        if self.template:
            self.text = self.template.text
            self.kind = self.template.kind


class SendSMS(Wizard):
    "Send SMS"
    __name__ = 'crm.sms.send'
    start = StateView('crm.sms.send.start',
        'crm_telephony.sms_send_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Queue", 'queue_', 'tryton-ok', default=True),
            ])
    queue_ = StateTransition()

    def default_start(self, fields):
        pool = Pool()
        Configuration = pool.get('crm.telephony.configuration')
        config = Configuration(1)
        defaults = {
            'recipients': 'parties',
            'kind': 'promo',
            'gateway': config.sms_gateway.id if config.sms_gateway else None,
            }
        if self.model and self.model.__name__ == 'party.party':
            defaults['parties'] = [
                r.id for r in self.records if r.party_type == 'person']
        return defaults

    def transition_queue_(self):
        pool = Pool()
        SMS = pool.get('crm.sms')
        start = self.start
        values = []
        base = {
            'kind': start.kind,
            'gateway': start.gateway.id if start.gateway else None,
            'origin': str(start.template) if start.template else None,
            }
        # the template's text as it is: each party reads it in their language
        message = (start.template.text_message()
            if start.template and start.text == start.template.text
            else None)
        if start.recipients == 'parties':
            for party in start.parties:
                SMS.check_recipient(party, party.mobile or party.phone)
                if message:
                    text = render_message(message, template_params(party),
                        party_language(party))
                else:
                    text = render_text(start.text, party)
                values.append(dict(base, party=party.id,
                        number=party.mobile or party.phone, text=text))
        else:
            for number in number_range(start.from_number, start.to_number):
                values.append(dict(base, number=number,
                        text=render_text(start.text)))
        SMS.queue(values)
        return 'end'
