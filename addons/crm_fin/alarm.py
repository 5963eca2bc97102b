# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import json

from sql.conditionals import Coalesce

from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .tools import DateDisplayMixin


class Alarm(DateDisplayMixin, ModelSQL, ModelView):
    """CRM Alarm

    One reminder about one record (an installment, a policy, a birthday...)
    for one day.  Every scheduled action of the suite raises its reminders
    through ``raise_alarms``: the (origin, kind, date) key is unique, so
    running a cron twice never raises the same alarm twice.  Raising an alarm
    notifies the responsible user (``res.notification``); other addons extend
    ``notify`` to send an SMS (crm_telephony) or create a task (project).
    """
    __name__ = 'crm.alarm'
    __string__ = "CRM Alarm"
    _rec_name = 'name'

    name = fields.Char("Name", required=True)
    origin = fields.Reference(
        "Origin", selection='get_origins', required=True)
    kind = fields.Selection('get_kinds', "Kind", required=True)
    date = fields.Date("Date", required=True)
    date_display = fields.Function(
        fields.Char("Date"), 'get_date_display')
    user = fields.Many2One(
        'res.user', "User", ondelete='SET NULL',
        help="The user who must act on the alarm.")
    party = fields.Many2One('party.party', "Party", ondelete='CASCADE')
    description = fields.Text("Description")
    sms_text = fields.Text(
        "SMS Text",
        help="Sent to the party when an SMS gateway is installed.")
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
    def get_origins(cls):
        pool = Pool()
        IrModel = pool.get('ir.model')
        models = cls._get_origins()
        return [(None, '')] + [
            (m, IrModel.get_name(m)) for m in models]

    @classmethod
    def get_kinds(cls):
        "Kinds of alarms, extended by each addon"
        return [
            ('other', "Other"),
            ]

    @classmethod
    @ModelView.button
    def done(cls, alarms):
        cls.write(alarms, {'state': 'done'})

    @classmethod
    def raise_alarms(cls, values):
        """Create the alarms of values that do not exist yet and notify.

        values is a list of dict with at least origin (a "model,id" string or
        a record), kind, date and name.  Returns the created alarms only, so
        calling it again with the same values creates nothing."""
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
        "Notify the users of new alarms; extended to send SMS or tasks"
        pool = Pool()
        Notification = pool.get('res.notification')
        Notification.create([{
                    'user': a.user.id,
                    'label': a.name,
                    'description': a.description or '',
                    'icon': 'tryton-notification',
                    'model': cls.__name__,
                    'records': json.dumps([a.id]),
                    } for a in alarms if a.user])

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
