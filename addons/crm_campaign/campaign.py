# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""SMS and e-mail campaigns to a segment, sent exactly once.

*Prepare* reads the segment's parties with the user's record rules and
writes one ``crm.campaign.recipient`` row per party (UNIQUE (campaign,
party)): the person written to (an organisation's contact person: never the
organisation's general number), the number or e-mail, the text rendered for
him (the preview) and its state.  A party who opted out is *skipped* and
counted, so is one without a mobile or e-mail.  The count and the
estimated cost (the gateway's price of the message kind) are shown before
sending.

*Send* queues ``send_batch`` (``ir.queue``, run by ``trytond-worker``; on
SQLite at the end of the request): a task locks up to *Messages per
Batch* queued rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two workers
never take the same row), calls the provider with the recipient's
idempotency key ``crm-campaign-<campaign>-<recipient>``, writes each
outcome and queues the next batch *Seconds between Batches* later (the
throttle).  A worker killed in the middle loses its transaction: the rows
it held are still *queued*, and *Resume* (or the scheduled action that
resumes stalled campaigns) sends them again with the same keys, which the
provider answers without sending twice.  The provider's delivery reports
(``routes.py``) move a row from *sent* to *delivered* or *failed*.
"""
import datetime
import logging
import time
from decimal import Decimal

from sql import Literal
from sql.aggregate import Count, Sum

from trytond import backend
from trytond import config as tconfig
from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.modules.crm_fin.database import MAX_ID
from trytond.modules.crm_fin.tools import Timestamp
from trytond.modules.crm_telephony.sms import SMS_KINDS, ProviderError, render_text
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import CampaignError

logger = logging.getLogger(__name__)

RECIPIENT_STATES = [
    ('skipped', "Skipped"),
    ('queued', "Queued"),
    ('sent', "Sent"),
    ('delivered', "Delivered"),
    ('failed', "Failed"),
    ]


class Campaign(Workflow, ModelSQL, ModelView):
    "Campaign"
    __name__ = 'crm.campaign'
    __string__ = "Campaign"
    _draft = {'readonly': Eval('state') != 'draft'}
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_draft)
    name = fields.Char("Name", required=True, states=_draft)
    segment = fields.Many2One(
        'crm.segment', "Segment", required=True, states=_draft,
        ondelete='RESTRICT')
    channel = fields.Selection([
            ('sms', "SMS"),
            ('email', "E-mail"),
            ], "Channel", required=True, states=_draft)
    kind = fields.Selection(SMS_KINDS, "Kind", required=True, states=_draft,
        help="The kind of message: its cost per message and its reports.")
    template = fields.Many2One(
        'crm.sms.template', "SMS Template", states={
            'readonly': Eval('state') != 'draft',
            'invisible': Eval('channel') != 'sms',
            })
    gateway = fields.Many2One(
        'crm.sms.gateway', "Gateway", states={
            'readonly': Eval('state') != 'draft',
            'invisible': Eval('channel') != 'sms',
            },
        help="Required to send an SMS campaign.")
    subject = fields.Char("Subject", states={
            'readonly': Eval('state') != 'draft',
            'invisible': Eval('channel') != 'email',
            'required': Eval('channel') == 'email',
            })
    text = fields.Text("Text", required=True, states=_draft,
        help="Placeholders: ${name}, ${honorific}, ${company}.")
    preview = fields.Function(fields.Text("Preview"),
        'on_change_with_preview')
    recipients = fields.One2Many(
        'crm.campaign.recipient', 'campaign', "Recipients", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('ready', "Ready"),
            ('sending', "Sending"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    last_batch_at = Timestamp("Last Batch", readonly=True)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    recipient_count = fields.Function(
        fields.Integer("Recipients"), 'get_statistics')
    skipped_opt_out = fields.Function(
        fields.Integer("Opted Out"), 'get_statistics')
    skipped_other = fields.Function(
        fields.Integer("Without Number or Address"), 'get_statistics')
    queued = fields.Function(fields.Integer("Queued"), 'get_statistics')
    sent = fields.Function(fields.Integer("Sent"), 'get_statistics')
    delivered = fields.Function(
        fields.Integer("Delivered"), 'get_statistics')
    failed = fields.Function(fields.Integer("Failed"), 'get_statistics')
    cost = fields.Function(fields.Numeric("Cost", digits='currency'),
        'get_statistics')
    estimated_cost = fields.Function(
        fields.Numeric("Estimated Cost", digits='currency'), 'get_statistics')
    del _draft

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('create_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'ready'),
            ('ready', 'draft'),
            ('ready', 'sending'),
            ('sending', 'done'),
            ('draft', 'cancelled'),
            ('ready', 'cancelled'),
            ('sending', 'cancelled'),
            }
        cls._buttons.update({
                'prepare': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'ready',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'send': {
                    'invisible': Eval('state') != 'ready',
                    'icon': 'tryton-launch',
                    'depends': ['state'],
                    },
                'resume': {
                    'invisible': Eval('state') != 'sending',
                    'icon': 'tryton-refresh',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['draft', 'ready', 'sending']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_channel(cls):
        return 'sms'

    @classmethod
    def default_kind(cls):
        return 'promo'

    @classmethod
    def default_gateway(cls):
        Configuration = Pool().get('crm.telephony.configuration')
        gateway = Configuration(1).sms_gateway
        return gateway.id if gateway else None

    @fields.depends('template', 'kind', 'text')
    def on_change_template(self):
        if self.template:
            self.text = self.template.text
            self.kind = self.template.kind

    @fields.depends('gateway', 'company')
    def on_change_with_currency(self, name=None):
        if self.gateway:
            return self.gateway.currency
        if self.company:
            return self.company.currency

    @fields.depends('text', 'segment', 'channel', 'subject')
    def on_change_with_preview(self, name=None):
        "The text as the segment's first recipients read it"
        if not self.text or not self.segment:
            return None
        lines = []
        for party in self.segment.get_parties(limit=3):
            contact = party.letter_contact(self.segment.job_title)
            lines.append('%s:\n%s' % (contact.rec_name,
                    render_text(self.text, contact)))
        return '\n\n'.join(lines)

    @classmethod
    def get_statistics(cls, campaigns, names):
        "The counts per state and the costs, by one GROUP BY"
        pool = Pool()
        Recipient = pool.get('crm.campaign.recipient')
        recipient = Recipient.__table__()
        cursor = Transaction().connection.cursor()
        result = {n: {c.id: 0 for c in campaigns} for n in names}
        for name in {'cost', 'estimated_cost'} & set(names):
            result[name] = {c.id: Decimal(0) for c in campaigns}
        ids = [c.id for c in campaigns]
        cursor.execute(*recipient.select(
                recipient.campaign, recipient.state, recipient.skip_reason,
                Count(Literal(1)), Sum(recipient.cost),
                where=recipient.campaign.in_(ids) if ids else Literal(False),
                group_by=[recipient.campaign, recipient.state,
                    recipient.skip_reason]))
        counts = {}
        for campaign_id, state, reason, count, cost in cursor:
            counts.setdefault(campaign_id, []).append(
                (state, reason, count, Decimal(str(cost or 0))))
        for campaign in campaigns:
            rows = counts.get(campaign.id, [])
            values = {
                'recipient_count': sum(
                    n for s, _, n, _ in rows if s != 'skipped'),
                'skipped_opt_out': sum(n for s, r, n, _ in rows
                    if s == 'skipped' and r == 'opt_out'),
                'skipped_other': sum(n for s, r, n, _ in rows
                    if s == 'skipped' and r != 'opt_out'),
                'queued': sum(n for s, _, n, _ in rows if s == 'queued'),
                'sent': sum(n for s, _, n, _ in rows
                    if s in {'sent', 'delivered'}),
                'delivered': sum(
                    n for s, _, n, _ in rows if s == 'delivered'),
                'failed': sum(n for s, _, n, _ in rows if s == 'failed'),
                'cost': sum((c for _, _, _, c in rows), Decimal(0)),
                }
            price = campaign.unit_cost()
            values['estimated_cost'] = price * values['recipient_count']
            if campaign.currency:
                for name in ['cost', 'estimated_cost']:
                    values[name] = campaign.currency.round(values[name])
            for name in names:
                result[name][campaign.id] = values[name]
        return result

    def unit_cost(self):
        "The price of one message of the campaign's kind"
        if self.channel == 'sms' and self.gateway:
            return self.gateway.get_cost(self.kind)
        return Decimal(0)

    def idempotency_key(self, recipient):
        return 'crm-campaign-%s-%s' % (self.id, recipient.id)

    @classmethod
    @ModelView.button
    @Workflow.transition('ready')
    def prepare(cls, campaigns):
        "Write a row per party of the segment (read with the user's rules)"
        pool = Pool()
        Recipient = pool.get('crm.campaign.recipient')
        for campaign in campaigns:
            Recipient.delete(Recipient.search(
                    [('campaign', '=', campaign.id)]))
            Recipient.create(campaign._recipient_values())

    def _recipient_values(self):
        values, seen = [], set()
        job_title = self.segment.job_title
        for party in self.segment.get_parties():
            contact = party.letter_contact(job_title)
            value = {'campaign': self.id, 'party': party.id,
                'contact': contact.id, 'state': 'queued'}
            if self.channel == 'sms':
                address = contact.mobile
                opted_out = (party.marketing_sms_opt_out
                    or contact.marketing_sms_opt_out)
                value['number'] = address
            else:
                address = contact.email
                opted_out = (party.marketing_email_opt_out
                    or contact.marketing_email_opt_out)
                value['email'] = address
            organization = getattr(contact, 'party_type', None) == (
                'organization')
            if opted_out:
                value.update(state='skipped', skip_reason='opt_out')
            elif organization:
                # never to an organisation's general number or address
                value.update(state='skipped', skip_reason='organization')
            elif not address:
                value.update(state='skipped', skip_reason='no_address')
            elif address in seen:
                value.update(state='skipped', skip_reason='duplicate')
            else:
                seen.add(address)
                value['text'] = render_text(self.text, contact)
                if self.channel == 'email':
                    value['subject'] = render_text(self.subject, contact)
            values.append(value)
        return values

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, campaigns):
        Recipient = Pool().get('crm.campaign.recipient')
        Recipient.delete(Recipient.search(
                [('campaign', 'in', [c.id for c in campaigns])]))

    @classmethod
    @ModelView.button
    @Workflow.transition('sending')
    def send(cls, campaigns):
        for campaign in campaigns:
            if campaign.channel == 'sms' and not campaign.gateway:
                raise CampaignError(gettext(
                        'crm_campaign.msg_campaign_no_gateway',
                        campaign=campaign.rec_name))
        cls.write(campaigns, {'last_batch_at': datetime.datetime.now()})
        cls._queue_batch(campaigns, delay=False)

    @classmethod
    @ModelView.button
    def resume(cls, campaigns):
        "Queue the sending again (after a stopped worker)"
        cls._queue_batch([c for c in campaigns if c.state == 'sending'],
            delay=False)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, campaigns):
        pass

    @classmethod
    def _queue_batch(cls, campaigns, delay=True):
        pool = Pool()
        Configuration = pool.get('crm.campaign.configuration')
        if not campaigns:
            return
        context = {'queue_name': 'crm_campaign'}
        if delay:
            context['queue_scheduled_at'] = datetime.timedelta(
                seconds=Configuration(1).batch_interval)
        with Transaction().set_context(**context):
            for campaign in campaigns:
                cls.__queue__.send_batch([campaign])

    @classmethod
    def resume_stalled(cls):
        "Scheduled action: resume the campaigns whose batches stopped"
        pool = Pool()
        Configuration = pool.get('crm.campaign.configuration')
        config = Configuration(1)
        limit = datetime.datetime.now() - datetime.timedelta(
            seconds=config.batch_interval + 300)
        cls._queue_batch(cls.search([
                    ('state', '=', 'sending'),
                    ['OR',
                        ('last_batch_at', '<', limit),
                        ('last_batch_at', '=', None),
                        ],
                    ]), delay=False)

    @classmethod
    def send_batch(cls, campaigns):
        "Queued task: send one batch of each campaign, queue the next"
        pool = Pool()
        Recipient = pool.get('crm.campaign.recipient')
        Configuration = pool.get('crm.campaign.configuration')
        config = Configuration(1)
        worker = tconfig.getboolean('queue', 'worker', default=False)
        again, finished = [], []
        for campaign in campaigns:
            if campaign.state != 'sending':
                continue
            recipients = Recipient.lock_queued(campaign, config.batch_size)
            if recipients and not worker:
                # no worker (SQLite): the task runs at the end of the
                # request and the next one would not run, send them all
                while recipients:
                    campaign._send(recipients, config)
                    recipients = Recipient.lock_queued(
                        campaign, config.batch_size)
                    if recipients:
                        time.sleep(config.batch_interval)
                finished.append(campaign)
            elif recipients:
                campaign._send(recipients, config)
                again.append(campaign)
            elif not Recipient.search([
                        ('campaign', '=', campaign.id),
                        ('state', '=', 'queued'),
                        ], limit=1):
                finished.append(campaign)
        if again:
            cls.write(again, {'last_batch_at': datetime.datetime.now()})
            cls._queue_batch(again)
        if finished:
            cls.finish(finished)

    @classmethod
    @Workflow.transition('done')
    def finish(cls, campaigns):
        pass

    def _send(self, recipients, config):
        pool = Pool()
        Recipient = pool.get('crm.campaign.recipient')
        Communication = pool.get('crm.communication')
        provider = self.gateway.get_provider() if self.gateway else None
        cost = self.unit_cost()
        logs, now = [], datetime.datetime.now()
        for recipient in recipients:
            recipient.attempts = (recipient.attempts or 0) + 1
            try:
                if self.channel == 'sms':
                    recipient.provider_id = provider.send(
                        recipient.number, recipient.text, self.kind,
                        reference=self.idempotency_key(recipient),
                        callback=config.callback_url)
                else:
                    self._send_email(recipient)
            except ProviderError as exception:
                recipient.error = str(exception)[:500]
                logger.warning("campaign %s to %s, attempt %s: %s",
                    self.id, recipient.number or recipient.email,
                    recipient.attempts, exception)
                if (getattr(exception, 'permanent', False)
                        or recipient.attempts >= config.max_attempts):
                    recipient.state = 'failed'
                continue
            recipient.state = 'sent'
            recipient.error = None
            recipient.sent_at = now
            recipient.cost = cost
            logs.append({
                    'party': recipient.party.id,
                    'kind': 'sms' if self.channel == 'sms' else 'email',
                    'direction': 'outgoing',
                    'number': recipient.number,
                    'subject': (recipient.subject or recipient.text)[:100],
                    'description': recipient.text,
                    'origin': str(recipient),
                    })
        Recipient.save(recipients)
        Communication.create(logs)

    def _send_email(self, recipient):
        Email = Pool().get('ir.email')
        try:
            Email.send(to=recipient.email, subject=recipient.subject,
                body=recipient.text,
                record=('party.party', recipient.contact.id))
        except Exception as exception:
            error = ProviderError(str(exception))
            error.permanent = False
            raise error


class Recipient(ModelSQL, ModelView):
    "Campaign Recipient"
    __name__ = 'crm.campaign.recipient'
    __string__ = "Campaign Recipient"
    campaign = fields.Many2One(
        'crm.campaign', "Campaign", required=True, ondelete='CASCADE')
    party = fields.Many2One(
        'party.party', "Party", required=True, ondelete='RESTRICT')
    contact = fields.Many2One(
        'party.party', "Sent to", required=True, ondelete='RESTRICT')
    number = fields.Char("Number")
    email = fields.Char("E-mail")
    subject = fields.Char("Subject")
    text = fields.Text("Text")
    state = fields.Selection(RECIPIENT_STATES, "State", required=True,
        sort=False)
    skip_reason = fields.Selection([
            (None, ""),
            ('opt_out', "Opted Out"),
            ('organization', "Organisation"),
            ('no_address', "No Mobile or E-mail"),
            ('duplicate', "Same Number Twice"),
            ], "Skip Reason", sort=False)
    attempts = fields.Integer("Attempts")
    provider_id = fields.Char("Provider ID")
    error = fields.Text("Error")
    cost = fields.Numeric("Cost", digits='currency')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    sent_at = Timestamp("Sent at")
    delivered_at = Timestamp("Delivered at")

    @fields.depends('campaign', '_parent_campaign.currency')
    def on_change_with_currency(self, name=None):
        return self.campaign.currency if self.campaign else None

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('campaign_party_unique', Unique(t, t.campaign, t.party),
                'crm_campaign.msg_recipient_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.campaign, Index.Equality()),
                    (t.state, Index.Equality())),
                Index(t, (t.provider_id, Index.Equality(cardinality='high'))),
                })
        cls._order = [('campaign', 'DESC'), ('id', 'ASC')]

    @classmethod
    def default_attempts(cls):
        return 0

    @classmethod
    def lock_queued(cls, campaign, size):
        """Lock and return up to size queued recipients of campaign that no
        other transaction holds"""
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        query = table.select(table.id,
            where=(table.campaign == campaign.id)
            & (table.state == 'queued'),
            order_by=[table.id.asc], limit=size)
        if backend.name == 'postgresql':
            database = Transaction().database
            For = database.get_select_for_skip_locked()
            query.for_ = For('UPDATE')
        cursor.execute(*query)
        return cls.browse([i for i, in cursor])

    def get_reference(self):
        return self.campaign.idempotency_key(self)

    @classmethod
    def delivery_report(cls, reference, status, error=None):
        """Apply a delivery report to the recipient of the idempotency key
        reference: delivered or failed; return the recipient or None"""
        prefix = 'crm-campaign-'
        if not reference or not reference.startswith(prefix):
            return None
        try:
            campaign_id, recipient_id = map(
                int, reference[len(prefix):].split('-'))
        except ValueError:
            return None
        # ids are 32-bit integers in PostgreSQL (64-bit in SQLite): a larger
        # number is no id, the database would refuse it (an error 500)
        if not (0 < campaign_id <= MAX_ID and 0 < recipient_id <= MAX_ID):
            return None
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        query = table.select(table.id, where=(table.id == recipient_id)
            & (table.campaign == campaign_id))
        if backend.name == 'postgresql':
            # waits for the worker that is writing the row
            from sql import For
            query.for_ = For('UPDATE')
        cursor.execute(*query)
        if not cursor.fetchone():
            return None
        recipient = cls(recipient_id)
        if recipient.state in {'skipped', 'delivered'}:
            return recipient
        now = datetime.datetime.now()
        if status == 'delivered':
            values = {'state': 'delivered', 'delivered_at': now,
                'error': None}
        else:
            values = {'state': 'failed', 'error': error or status}
        if recipient.state == 'queued':
            # sent by a worker stopped before it wrote the row
            values.update(sent_at=now, cost=recipient.campaign.unit_cost())
        cls.write([recipient], values)
        return recipient
