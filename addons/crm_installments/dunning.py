# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Dunning ladder for overdue installments.

Installments are the invoice's receivable lines, so Tryton's account_dunning
finds the overdue ones itself.  Each level gets a CRM action run when the
dunning is processed: a reminder (letter/SMS) to the customer, a phone-call
task for a staff member, or the file handed to a lawyer / collection agency.
The actions go through crm.alarm, so processing twice never repeats them.
"""
from trytond.model import fields
from trytond.modules.crm_fin.text import Amount
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval


class Level(metaclass=PoolMeta):
    __name__ = 'account.dunning.level'
    crm_action = fields.Selection([
            (None, ""),
            ('reminder', "Letter / SMS Reminder"),
            ('call', "Phone Call Task"),
            ('lawyer', "Notify Lawyer / Collection Agency"),
            ], "CRM Action")
    crm_user = fields.Many2One(
        'res.user', "Staff Member",
        states={
            'invisible': ~Eval('crm_action'),
            'required': Eval('crm_action').in_(['call', 'lawyer']),
            },
        help="Who calls the customer or follows the legal action.")
    crm_lawyer = fields.Many2One(
        'party.party', "Lawyer / Agency",
        states={
            'invisible': Eval('crm_action') != 'lawyer',
            'required': Eval('crm_action') == 'lawyer',
            })


class Dunning(metaclass=PoolMeta):
    __name__ = 'account.dunning'

    @classmethod
    def process(cls, dunnings):
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        super().process(dunnings)
        values = [v for d in dunnings if d.state == 'waiting'
            for v in d._crm_alarm_values()]
        Alarm.raise_alarms(values)

    def _crm_alarm_values(self):
        "Return the crm.alarm values of the level's action"
        level = self.level
        action = level.crm_action
        if not action:
            return []
        params = {
            'party': self.party,
            'amount': Amount(self.amount, self.line.company.currency),
            'date': self.line.maturity_date,
            'lawyer': level.crm_lawyer,
            }
        base = {
            'origin': str(self),
            'date': self.date,
            'user': level.crm_user.id if level.crm_user else None,
            'party': self.party.id if self.party else None,
            'params': params,
            }
        if action == 'reminder':
            return [dict(base, kind='dunning_sms',
                    message='crm_installments.msg_dunning_reminder',
                    description_message='crm_installments.msg_dunning_sms',
                    sms_message='crm_installments.msg_dunning_sms')]
        if action == 'call':
            return [dict(base, kind='dunning_call', task=True,
                    message='crm_installments.msg_dunning_call')]
        return [dict(base, kind='dunning_lawyer', task=True,
                message='crm_installments.msg_dunning_lawyer',
                description_message=(
                    'crm_installments.msg_dunning_lawyer_description'))]
