# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import json

from sql.conditionals import Coalesce

from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .text import (
    encode_params, party_language, party_languages, render_messages)
from .tools import DateDisplayMixin, OriginMixin

# The texts of an alarm: field -> (field, message field, custom text field)
TEXTS = {t[0]: t for t in [
        ('name', 'message', 'custom_name'),
        ('description', 'description_message', 'custom_description'),
        ('sms_text', 'sms_message', 'custom_sms_text'),
        ]}


class Alarm(OriginMixin, DateDisplayMixin, ModelSQL, ModelView):
    """CRM Alarm

    One reminder about one record (an installment, a policy, a birthday...)
    for one day.  Every scheduled action of the suite raises its reminders
    through ``raise_alarms``: the (origin, kind, date) key is unique, so
    running a cron twice never raises the same alarm twice.  Raising an alarm
    notifies the responsible user (``res.notification``); other addons extend
    ``notify`` to send an SMS (crm_telephony) or create a task (project).

    Its texts are stored as messages and parameters (``crm_fin/text.py``):
    the title and the description read in the language of the user reading
    them, the SMS text in the party's language.  A producer gives
    ``message`` (the title), ``description_message``, ``sms_message`` and
    ``params``; a text typed by a user (or given as ``name``,
    ``description``, ``sms_text``) is kept as it is.
    """
    __name__ = 'crm.alarm'
    __string__ = "CRM Alarm"
    _rec_name = 'name'

    name = fields.Function(
        fields.Char("Name"), 'get_texts', setter='set_texts',
        searcher='search_name')
    message = fields.Char(
        "Message", readonly=True,
        help="The message of the title, rendered in the reader's language.")
    params = fields.Dict(None, "Parameters", readonly=True)
    custom_name = fields.Char("Custom Name", readonly=True)
    origin = fields.Reference(
        "Origin", selection='get_origins', required=True)
    kind = fields.Selection([], "Kind", required=True)
    date = fields.Date("Date", required=True)
    date_display = fields.Function(
        fields.Char("Date"), 'get_date_display')
    user = fields.Many2One(
        'res.user', "User", ondelete='SET NULL',
        help="The user who must act on the alarm.")
    party = fields.Many2One('party.party', "Party", ondelete='CASCADE')
    description = fields.Function(
        fields.Text("Description"), 'get_texts', setter='set_texts')
    description_message = fields.Char("Description Message", readonly=True)
    custom_description = fields.Text("Custom Description", readonly=True)
    sms_text = fields.Function(
        fields.Text(
            "SMS Text",
            help="Sent to the party, in the party's language, when an SMS "
            "gateway is installed."),
        'get_texts', setter='set_texts')
    sms_message = fields.Char("SMS Message", readonly=True)
    custom_sms_text = fields.Text("Custom SMS Text", readonly=True)
    task = fields.Boolean(
        "Task",
        help="Also create a task for the user (when tasks are installed).")
    state = fields.Selection([
            ('open', "Open"),
            ('done', "Done"),
            ], "State", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # a static selection, so its labels are translated: each addon
        # extends get_kinds and its labels are in its .po
        cls.kind.selection = list(cls.get_kinds())
        t = cls.__table__()
        cls._sql_constraints = [
            ('origin_kind_date_unique', Unique(t, t.origin, t.kind, t.date),
                'crm_fin.msg_alarm_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.user, Index.Equality()),
                    where=t.state == 'open'),
                Index(t, (t.date, Index.Range())),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'done': {
                    'invisible': Eval('state') != 'open',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def __register__(cls, module):
        table_h = cls.__table_handler__(module)
        # Migration: the texts were stored in their writer's language
        for old, new in [('name', 'custom_name'),
                ('description', 'custom_description'),
                ('sms_text', 'custom_sms_text')]:
            if table_h.column_exist(old) and not table_h.column_exist(new):
                table_h.column_rename(old, new)
        super().__register__(module)

    @classmethod
    def default_task(cls):
        return False

    @classmethod
    def default_state(cls):
        return 'open'

    @classmethod
    def _get_origins(cls):
        "Return the model names that may raise alarms"
        return ['party.party']

    @classmethod
    def get_kinds(cls):
        "Kinds of alarms, extended by each addon"
        return [
            ('other', "Other"),
            ]

    @classmethod
    def get_texts(cls, alarms, names):
        """The title and description in the reader's language, the SMS text
        in the party's"""
        result = {}
        for name in names:
            if name == 'sms_text':
                by_lang = {}
                langs = party_languages([a.party for a in alarms])
                default = party_language(None)
                for alarm in alarms:
                    lang = langs[alarm.party.id] if alarm.party else default
                    by_lang.setdefault(lang, []).append(alarm)
            else:
                by_lang = {Transaction().language: alarms}
            result[name] = {}
            for lang, sub in by_lang.items():
                result[name].update(cls.render_texts(sub, name, lang))
        return result

    @classmethod
    def render_texts(cls, alarms, name, lang):
        "{id: text} of the text name (name, description, sms_text) in lang"
        _, message, custom = TEXTS[name]
        texts = render_messages(
            [(getattr(a, message), a.params) for a in alarms], lang)
        return {a.id: text if getattr(a, message) else getattr(a, custom)
            for a, text in zip(alarms, texts)}

    def party_language(self):
        "The language of the party's messages"
        return party_language(self.party)

    @classmethod
    def set_texts(cls, alarms, name, value):
        "A text typed by a user replaces the message"
        _, message, custom = TEXTS[name]
        cls.write(alarms, {custom: value, message: None})

    @classmethod
    def search_name(cls, name, clause):
        _, operator, value = clause
        bool_op = ('AND' if operator.startswith('!')
            or operator.startswith('not ') else 'OR')
        return [bool_op,
            ('custom_name', operator, value),
            ('party.rec_name', operator, value),
            ]

    @classmethod
    def create(cls, vlist):
        vlist = [v.copy() for v in vlist]
        for values in vlist:
            if 'params' in values:
                values['params'] = encode_params(values['params'])
        return super().create(vlist)

    @classmethod
    def write(cls, *args):
        args = list(args)
        for i in range(1, len(args), 2):
            if 'params' in args[i]:
                args[i] = dict(args[i], params=encode_params(args[i]['params']))
        super().write(*args)

    @classmethod
    @ModelView.button
    def done(cls, alarms):
        cls.write(alarms, {'state': 'done'})

    @classmethod
    def raise_alarms(cls, values):
        """Create the alarms of values that do not exist yet and notify.

        values is a list of dict with at least origin (a "model,id" string or
        a record), kind, date and a title: ``message`` (an ir.message id)
        with ``params`` (a dict of dates, amounts as ``text.Amount``,
        records, strings...), or a ready ``name``.  ``description_message``
        and ``sms_message`` (an ir.message id or a translatable text field
        as ``'crm.sms.template,5:text'``) share the params.  Returns the
        created alarms only, so calling it again with the same values
        creates nothing."""
        if not values:
            return []
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        for value in values:
            origin = value['origin']
            if not isinstance(origin, str):
                value['origin'] = str(origin)
        keys = {(v['origin'], v['kind'], v['date']) for v in values}
        existing = set()
        for sub in grouped_slice(sorted({k[0] for k in keys}), 1000):
            cursor.execute(*table.select(
                    table.origin, table.kind, table.date,
                    where=table.origin.in_(list(sub))))
            existing.update(cursor)
        to_create, seen = [], set()
        for value in values:
            key = (value['origin'], value['kind'], value['date'])
            if key in existing or key in seen:
                continue
            seen.add(key)
            to_create.append(value)
        alarms = cls.create(to_create)
        cls.notify(alarms)
        return alarms

    @classmethod
    def notify(cls, alarms):
        """Notify the users of new alarms, in each user's language; extended
        to send SMS or tasks"""
        pool = Pool()
        Configuration = pool.get('ir.configuration')
        Notification = pool.get('res.notification')
        values = []
        by_lang = {}
        for alarm in alarms:
            if alarm.user:
                lang = (alarm.user.language.code if alarm.user.language
                    else Configuration.get_language())
                by_lang.setdefault(lang, []).append(alarm)
        for lang, sub in by_lang.items():
            names = cls.render_texts(sub, 'name', lang)
            descriptions = cls.render_texts(sub, 'description', lang)
            values.extend({
                    'user': a.user.id,
                    'label': names[a.id] or '',
                    'description': descriptions[a.id] or '',
                    'icon': 'tryton-notification',
                    'model': cls.__name__,
                    'records': json.dumps([a.id]),
                    } for a in sub)
        Notification.create(values)

    @classmethod
    def count_open(cls, user):
        "Number of open alarms of a user up to today (python-sql aggregate)"
        from sql.aggregate import Count
        pool = Pool()
        Date = pool.get('ir.date')
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(
                Coalesce(Count(table.id), 0),
                where=(table.user == user.id)
                & (table.state == 'open')
                & (table.date <= Date.today())))
        return cursor.fetchone()[0]
