# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Tasks between colleagues (with the project module).

A task (``project.work`` of type task) is assigned by the assigner (the user
who created it) to a colleague, with a due date and a progress in percent.
Every edit is kept (``_history``): an earlier revision is read with the
``_datetime`` context.  Alarms with ``task`` create a task for their user.
"""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction


class Work(metaclass=PoolMeta):
    __name__ = 'project.work'
    assigned_user = fields.Many2One(
        'res.user', "Assigned to", ondelete='SET NULL',
        states={'invisible': Eval('type') != 'task'})
    assigner = fields.Many2One(
        'res.user', "Assigned by", ondelete='SET NULL', readonly=True,
        states={'invisible': Eval('type') != 'task'})
    due_date = fields.Date(
        "Due Date", states={'invisible': Eval('type') != 'task'})
    task_party = fields.Many2One(
        'party.party', "Customer", ondelete='SET NULL',
        states={'invisible': Eval('type') != 'task'},
        context={'company': Eval('company', -1)}, depends={'company'},
        help="The customer the task is about.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._history = True

    @classmethod
    def default_assigner(cls):
        return Transaction().user or None

    @classmethod
    def default_assigned_user(cls):
        return Transaction().user or None

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + ['crm.alarm', 'crm.communication']


class AlarmTask(metaclass=PoolMeta):
    "Alarms with task create a task for their user"
    __name__ = 'crm.alarm'

    @classmethod
    def notify(cls, alarms):
        pool = Pool()
        Work = pool.get('project.work')
        super().notify(alarms)
        company = Transaction().context.get('company')
        if not company:
            return
        works = []
        for alarm in alarms:
            if not alarm.task:
                continue
            works.append(Work(
                    name=alarm.name,
                    type='task',
                    company=company,
                    assigned_user=alarm.user,
                    assigner=None,
                    due_date=alarm.date,
                    task_party=alarm.party,
                    comment=alarm.description,
                    origin=alarm))
        Work.save(works)
