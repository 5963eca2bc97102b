# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Scheduled greetings and day-before reminders, raised as crm.alarm.

* Birthdays: crm_fin's greeting producer (``crm.greeting``) greets every
  person; the SMS text is the configuration's birthday template, the first
  greeting text before those of the club and the insurance agency.
* Configured holidays: an alarm of kind *holiday* per person with a mobile,
  whose SMS text is the holiday's template.
* Reminder rules: any model with a date field (a quotation's validity end,
  an invoice's due date, a contract's end...): an alarm of kind *reminder*
  ``days`` before that date, for the record's party.

Alarms are unique per (origin, kind, date), so running the cron again the
same day raises nothing new; crm_telephony's ``Alarm.notify`` queues the SMS.
"""
import datetime
import logging

from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.modules.crm_fin.tools import for_each_company
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .sms import render_text, template_params

logger = logging.getLogger(__name__)


class Holiday(DeactivableMixin, ModelSQL, ModelView):
    "Greeting Holiday"
    __name__ = 'crm.greeting.holiday'
    __string__ = "Greeting Holiday"
    name = fields.Char("Name", required=True, translate=True)
    date = fields.Date(
        "Date", required=True,
        help="The day of the greeting this year (lunar holidays move).")
    religion = fields.Selection(
        'get_religions', "Religion",
        help="Greet only the persons of this religion; empty for everyone.")
    template = fields.Many2One(
        'crm.sms.template', "SMS Template", required=True,
        domain=[('kind', '=', 'greeting')])

    @classmethod
    def get_religions(cls):
        pool = Pool()
        Party = pool.get('party.party')
        return Party.fields_get(['religion'])['religion']['selection']

    @classmethod
    @for_each_company
    def raise_holidays(cls, date=None):
        "Scheduled action: raise today's holiday greetings (idempotent)"
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Date = pool.get('ir.date')
        if date is None:
            date = Date.today()
        values = []
        for holiday in cls.search([('date', '=', date)]):
            values.extend(holiday._alarms())
        return Alarm.raise_alarms(values)

    @classmethod
    def _persons(cls, where=None):
        pool = Pool()
        Party = pool.get('party.party')
        domain = [('party_type', '=', 'person')]
        if where:
            domain.append(where)
        return [p for p in Party.search(domain) if p.mobile]

    def _alarms(self):
        where = ('religion', '=', self.religion) if self.religion else None
        return [{
                'message': 'crm_telephony.msg_alarm_holiday',
                'description_message': '%s:name' % self,
                'sms_message': self.template.text_message(),
                'params': template_params(person, holiday=self),
                'origin': person,
                'kind': 'holiday',
                'date': self.date,
                'party': person.id,
                } for person in self._persons(where)]


class ReminderRule(DeactivableMixin, ModelSQL, ModelView):
    "Reminder Rule"
    __name__ = 'crm.reminder.rule'
    __string__ = "Reminder Rule"
    name = fields.Char("Name", required=True, translate=True)
    model = fields.Many2One(
        'ir.model', "Model", required=True, ondelete='CASCADE')
    date_field = fields.Many2One(
        'ir.model.field', "Date Field", required=True, ondelete='CASCADE',
        domain=[
            ('model_ref', '=', Eval('model', -1)),
            ('ttype', '=', 'date'),
            ])
    party_field = fields.Char(
        "Party Field", required=True,
        help="Name of the field holding the party to remind.")
    days = fields.Integer(
        "Days Before", required=True, domain=[('days', '>=', 0)])
    template = fields.Many2One(
        'crm.sms.template', "SMS Template",
        help="Placeholders also include ${date} and ${record}.")
    domain = fields.Char(
        "Domain", help="Extra search domain (PYSON-free list), "
        "e.g. [('state', '=', 'quotation')].")

    @classmethod
    def default_party_field(cls):
        return 'party'

    @classmethod
    def default_days(cls):
        return 1

    @classmethod
    @for_each_company
    def raise_reminders(cls, date=None):
        "Raise the reminders of every rule due on date (idempotent)"
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Date = pool.get('ir.date')
        if date is None:
            date = Date.today()
        values = []
        for rule in cls.search([]):
            values.extend(rule._reminders(date))
        return Alarm.raise_alarms(values)

    def _reminders(self, date):
        import ast
        pool = Pool()
        Model = pool.get(self.model.name)
        end = date + datetime.timedelta(days=self.days)
        domain = [(self.date_field.name, '=', end)]
        if self.domain:
            domain.append(ast.literal_eval(self.domain))
        values = []
        for record in Model.search(domain):
            party = getattr(record, self.party_field, None)
            if not party:
                continue
            values.append({
                    'message': 'crm_telephony.msg_alarm_reminder',
                    'sms_message': (self.template.text_message()
                        if self.template else None),
                    'params': template_params(party,
                        rule=self, record=record, date=end),
                    'origin': record,
                    'kind': 'reminder',
                    'date': end,
                    'party': party.id,
                    'user': Transaction().user or None,
                    })
        return values


class Greeting(metaclass=PoolMeta):
    "Every person is greeted on the birthday, with the configured template"
    __name__ = 'crm.greeting'

    @classmethod
    def _greeted_queries(cls, occasion):
        queries = super()._greeted_queries(occasion)
        if occasion == 'birthday':
            queries.append(cls.parties_where(
                    lambda party: party.party_type == 'person'))
        return queries

    @classmethod
    def _contribute(cls, occasion, date, persons, greetings):
        pool = Pool()
        Configuration = pool.get('crm.telephony.configuration')
        super()._contribute(occasion, date, persons, greetings)
        template = Configuration(1).birthday_template
        if occasion != 'birthday' or not template:
            return
        for person in persons:
            if person.mobile:
                greetings[person.id].add_text(
                    10, render_text(template.text, person))


class Alarm(metaclass=PoolMeta):
    __name__ = 'crm.alarm'

    @classmethod
    def _get_origins(cls):
        pool = Pool()
        origins = super()._get_origins()
        try:
            Rule = pool.get('crm.reminder.rule')
            with Transaction().set_context(active_test=False):
                models = {r.model.name for r in Rule.search([])}
        except Exception:
            models = set()
        return origins + sorted(models - set(origins))

    @classmethod
    def get_kinds(cls):
        return super().get_kinds() + [
            ('holiday', "Holiday"),
            ('reminder', "Reminder"),
            ]

    def get_sms_kind(self):
        "The kind of the SMS of the alarm (extended by the verticals)"
        Greeting = Pool().get('crm.greeting')
        greeting_kinds = set(Greeting.occasions()) | {'holiday'}
        return 'greeting' if self.kind in greeting_kinds else 'reminder'

    @classmethod
    def notify(cls, alarms):
        "Also queue the SMS of alarms with an SMS text to the party's mobile"
        pool = Pool()
        SMS = pool.get('crm.sms')
        super().notify(alarms)
        values = []
        for alarm in alarms:
            if not alarm.sms_text or not alarm.party:
                continue
            party = alarm.party
            if party.party_type == 'organization':
                logger.warning("alarm %s: no SMS to organisation %s",
                    alarm.id, party.rec_name)
                continue
            if not party.mobile:
                logger.info("alarm %s: %s has no mobile", alarm.id,
                    party.rec_name)
                continue
            values.append({
                    'party': party.id,
                    'number': party.mobile,
                    'text': alarm.sms_text,
                    'kind': alarm.get_sms_kind(),
                    'origin': str(alarm),
                    'user': alarm.user.id if alarm.user else None,
                    })
        SMS.queue(values)


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('crm.sms|send_queued', "Send Queued SMS"),
                ('crm.greeting.holiday|raise_holidays',
                    "Raise Holiday Greetings"),
                ('crm.reminder.rule|raise_reminders',
                    "Raise Day-Before Reminders"),
                ])
