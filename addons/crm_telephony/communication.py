# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Communication log and its reports.

Every call, SMS, e-mail, letter, fax and meeting with a party is one
``crm.communication`` row (back-dating allowed: the date is the day it
happened, not the day it was typed).  Calls from the PBX (AMI events or the
VoIP webhook) create and update their row through ``incoming_call``.
"""
import datetime
import json
import logging

from sql import Null
from sql.conditionals import Coalesce

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.modules.crm_fin.summary import SummarySource
from trytond.modules.crm_fin.tools import (
    DateDisplayMixin, OriginMixin, format_date)
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

from .phone import E164Mixin

logger = logging.getLogger(__name__)

KINDS = [
    ('call', "Call"),
    ('sms', "SMS"),
    ('email', "E-mail"),
    ('letter', "Letter"),
    ('fax', "Fax"),
    ('meeting', "Meeting"),
    ]
RESULTS = [
    (None, ""),
    ('answered', "Answered"),
    ('missed', "Missed"),
    ('busy', "Busy"),
    ('interested', "Interested"),
    ('not_interested', "Not Interested"),
    ('callback', "Call Back"),
    ('quoted', "Quotation Sent"),
    ('ordered', "Ordered"),
    ('other', "Other"),
    ]


class Communication(
        SummarySource, OriginMixin, E164Mixin, DateDisplayMixin,
        ModelSQL, ModelView):
    "Communication"
    __name__ = 'crm.communication'
    __string__ = "Communication"
    _rec_name = 'subject'
    # the last contact of its party
    _summary_fields = {'crm.party.summary': {'party', 'date'}}

    party = fields.Many2One(
        'party.party', "Party", ondelete='CASCADE',
        states={
            'required': Eval('kind') != 'call',
            },
        help="Empty for a call from an unknown number.")
    kind = fields.Selection(KINDS, "Kind", required=True, sort=False)
    direction = fields.Selection([
            ('incoming', "Incoming"),
            ('outgoing', "Outgoing"),
            ], "Direction", required=True)
    date = fields.Date(
        "Date", required=True,
        help="The day it happened: earlier days may be entered.")
    date_display = fields.Function(fields.Char("Date"), 'get_date_display')
    start = fields.DateTime("Start", help="When the call was answered.")
    duration = fields.TimeDelta("Duration")
    subject = fields.Char("Subject")
    description = fields.Text("Description")
    result = fields.Selection(RESULTS, "Result", sort=False)
    user = fields.Many2One('res.user', "User", ondelete='SET NULL')
    number = fields.Char(
        "Number",
        states={
            'invisible': ~Eval('kind').in_(['call', 'sms', 'fax']),
            })
    extension = fields.Char(
        "Extension", states={
            'invisible': Eval('kind') != 'call',
            })
    call_id = fields.Char(
        "Call ID", readonly=True, help="The PBX's unique id of the call.")
    state = fields.Selection([
            (None, ""),
            ('ringing', "Ringing"),
            ('answered', "Answered"),
            ('ended', "Ended"),
            ], "Call State", readonly=True,
        states={
            'invisible': Eval('kind') != 'call',
            })
    origin = fields.Reference(
        "Origin", selection='get_origins', readonly=True)
    origin_label = fields.Function(fields.Char(
            "Origin",
            help="The reminder or message it came from (a reminder of "
            "another user is not named)."),
        'get_origin_label')

    @classmethod
    def __setup__(cls):
        cls.call_id.search_unaccented = False
        super().__setup__()
        cls._history = True
        t = cls.__table__()
        cls._sql_indexes.update({
                # a party's calls latest first (its form, its caller's
                # card) read in the index's order: with the date alone the
                # planner may scan every call by date to find the party's
                Index(t, (t.party, Index.Equality()), (t.date, Index.Range()),
                    (t.id, Index.Range())),
                Index(t, (t.date, Index.Range()), (t.user, Index.Equality())),
                # the look-up of a call's events: a Char that is not
                # required is searched through COALESCE, which the unique
                # index below does not serve
                Index(t, (Coalesce(t.call_id, ''), Index.Equality())),
                # the last result on the caller's card
                Index(t, (t.party, Index.Equality()),
                    (t.date, Index.Range()), (t.id, Index.Range()),
                    where=t.result != Null),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'create_lead': {
                    'invisible': Bool(Eval('party')) | ~Eval('number'),
                    'depends': ['party', 'number'],
                    },
                })

    @classmethod
    def _summary_created(cls, records):
        # a new contact moves only the last contact, a maximum: the rows of
        # parties already contacted on or after its date stay as they are
        touched = super()._summary_created(records)
        if touched.get('crm.party.summary'):
            dates = {}
            for record in records:
                if record.party and record.date:
                    party = record.party.id
                    dates[party] = max(
                        dates.get(party, record.date), record.date)
            touched['crm.party.summary'] = Pool().get(
                'crm.party.summary').contacts_moving(dates)
        return touched

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        cursor = Transaction().connection.cursor()
        # one row per call of the PBX: a replayed webhook (or two requests
        # racing with the same call id) can't store a call twice; the index
        # also finds the call of each event (PostgreSQL and SQLite both
        # have partial unique indexes)
        cursor.execute('CREATE UNIQUE INDEX IF NOT EXISTS '
            '"crm_communication_call_id_unique" ON "crm_communication" '
            '("call_id") WHERE "call_id" IS NOT NULL')

    @classmethod
    def default_kind(cls):
        return 'call'

    @classmethod
    def default_direction(cls):
        return 'outgoing'

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_user(cls):
        return Transaction().user or None

    @classmethod
    def _get_origins(cls):
        return ['crm.sms', 'crm.alarm']

    def get_rec_name(self, name):
        kind = dict(self.fields_get(['kind'])['kind']['selection'])[self.kind]
        party = self.party.rec_name if self.party else (self.number or '')
        return ' '.join(filter(None, [kind, party, format_date(self.date),
                    self.subject or '']))

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith('!') or operator.startswith(
            'not ') else 'OR'
        return [bool_op,
            ('subject', operator, value),
            ('party.rec_name', operator, value),
            ('number', operator, value),
            ]

    # Calls from the PBX
    @classmethod
    def incoming_call(cls, number, extension=None, call_id=None,
            event='ringing', duration=None):
        """Record an event of an incoming call and notify on its first ring

        Returns (communication, notified user ids)."""
        pool = Pool()
        Party = pool.get('party.party')
        User = pool.get('res.user')
        now = datetime.datetime.now()
        if call_id:
            calls = cls.search([('call_id', '=', call_id)], limit=1)
            if calls:
                call, = calls
                call.update_call(event, now, duration)
                return call, []
        parties = Party.find_by_phone(number) if number else []
        company = Transaction().context.get('company')
        languages = dict(User.extension_users(extension, company)
            if extension else [])
        users = [User(u) for u in languages]
        if extension and not users:
            logger.warning(
                "incoming call from %s to unknown extension %s",
                number, extension)
        call = cls(
            kind='call', direction='incoming', number=number,
            extension=extension, call_id=call_id,
            party=parties[0] if parties else None,
            user=users[0] if users else None,
            state='ringing', date=pool.get('ir.date').today())
        # the cards before the call is stored: the call ringing now is no
        # earlier contact, and the party's summary still holds his last one
        messages = cls.caller_messages(call, users, languages)
        # another request may be storing the same call now: the unique index
        # refuses the second row; the refusal becomes the error the
        # dispatcher and the routes retry with a new transaction, whose
        # look-up finds the stored call and answers it (once, idempotent)
        try:
            call.save()
        except backend.DatabaseIntegrityError as exception:
            raise backend.DatabaseOperationalError(
                'call %s stored by another request' % call_id) from exception
        if event != 'ringing':
            call.update_call(event, now, duration)
        cls.notify_caller(call, messages)
        return call, [u.id for u in users]

    def update_call(self, event, now, duration=None):
        if event == 'answered' and self.state == 'ringing':
            self.state = 'answered'
            self.start = now
            self.result = 'answered'
        elif event == 'hangup' and self.state != 'ended':
            if duration is not None:
                self.duration = datetime.timedelta(seconds=int(duration))
            elif self.start:
                self.duration = now - self.start
            if self.state == 'ringing':
                self.result = 'missed'
            elif not self.result:
                self.result = 'answered'
            self.state = 'ended'
        self.save()

    @classmethod
    def caller_messages(cls, call, users, languages=None):
        """The caller's card of each user of the extension, in their language
        (languages: {user id: code}, read from the users when it is not
        given) and as they may read it (the customer of another marketer
        shows only as such): [(user, title, body)]"""
        Configuration = Pool().get('ir.configuration')
        if languages is None:
            languages = {u.id: u.language.code if u.language else None
                for u in users}
        party = call.party.id if call.party else None
        messages = []
        for user in users:
            language = languages.get(user.id) or Configuration.get_language()
            with Transaction().set_context(language=language):
                # the call in the user's language, without reading it again
                card = cls(call.id, party=party, number=call.number
                    ).caller_card(user)
                title = gettext('crm_telephony.msg_incoming_call',
                    caller=card['name'] or card['number'])
                body = cls.format_card(card)
            messages.append((user, title, body))
        return messages

    @classmethod
    def notify_caller(cls, call, messages):
        """Push the caller's card to each user of messages (caller_messages):
        one res.notification each, which Tryton publishes on the bus (one
        pop-up in the web client) and keeps in the user's notifications"""
        Notification = Pool().get('res.notification')
        Notification.create([{
                    'user': user.id,
                    'label': title,
                    'description': ' · '.join(body.splitlines()),
                    'icon': 'tryton-notification',
                    'model': cls.__name__,
                    'records': json.dumps([call.id]),
                    } for user, title, body in messages])

    def caller_card(self, user=None):
        """The caller's card: a dict of what the user must know at once.
        A party the user may not read (another marketer's customer) is only
        known, without name nor figures."""
        # a stored call is no earlier contact of its own card
        exclude = self if self.id is not None and self.id >= 0 else None
        if self.party and user and not self.party.readable_by(user):
            card = {'name': None, 'known': True, 'hidden': True}
        elif self.party:
            card = self.party.get_caller_card(exclude=exclude)
        else:
            card = {'name': None, 'known': False}
        card['number'] = self.number
        return card

    @classmethod
    def format_card(cls, card):
        if not card.get('known'):
            return gettext('crm_telephony.msg_card_unknown',
                number=card['number'])
        if card.get('hidden'):
            return gettext('crm_telephony.msg_card_other_marketer',
                number=card['number'])
        lines = [card['name']]
        labels = [
            ('last_contact', 'crm_telephony.msg_card_last_contact'),
            ('last_result', 'crm_telephony.msg_card_last_result'),
            ('last_quoted', 'crm_telephony.msg_card_last_quoted'),
            ('marketer', 'crm_telephony.msg_card_marketer'),
            ('balance', 'crm_telephony.msg_card_balance'),
            ]
        for key, message in labels:
            if card.get(key) not in (None, ''):
                lines.append(gettext(message, value=card[key]))
        return '\n'.join(lines)

    @classmethod
    @ModelView.button
    def create_lead(cls, communications):
        "Create a party (and an opportunity) for calls of unknown numbers"
        for communication in communications:
            if communication.party or not communication.number:
                continue
            party = communication._create_lead_party()
            communication.party = party
            communication._create_lead_extra(party)
        cls.save(communications)

    def _create_lead_party(self):
        pool = Pool()
        Party = pool.get('party.party')
        mechanism_type = 'mobile'
        number = self.number_e164 or self.number
        party = Party(
            name=gettext('crm_telephony.msg_lead_name', number=number),
            contact_mechanisms=[{'type': mechanism_type, 'value': number}])
        party.save()
        return party

    def _create_lead_extra(self, party):
        "Hook: sale_opportunity creates an opportunity"
        pass


class CommunicationOpportunity(metaclass=PoolMeta):
    "Create lead: an opportunity with the new party"
    __name__ = 'crm.communication'

    def _create_lead_extra(self, party):
        pool = Pool()
        Opportunity = pool.get('sale.opportunity')
        super()._create_lead_extra(party)
        company = Transaction().context.get('company')
        if not company:
            return
        opportunity = Opportunity(
            party=party, company=company,
            description=gettext('crm_telephony.msg_lead_description',
                number=self.number_e164 or self.number))
        opportunity.save()
