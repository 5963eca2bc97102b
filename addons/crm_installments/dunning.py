# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Dunning ladder for overdue installments.

Installments are the invoice's receivable lines, so Tryton's account_dunning
finds the overdue ones itself.  Each level gets a CRM action run when the
dunning is processed: a reminder (letter/SMS) to the customer, a phone-call
task for a staff member, or the file handed to a lawyer / collection agency.
The actions go through crm.alarm, so processing twice never repeats them.
"""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.modules.crm_fin.tools import format_date
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
        party = self.party
        amount = self.amount
        currency = self.line.company.currency
        maturity = format_date(self.line.maturity_date)
        lang = party.lang.code if party and party.lang else None
        base = {
            'origin': str(self),
            'date': self.date,
            'user': level.crm_user.id if level.crm_user else None,
            'party': party.id if party else None,
            }
        if action == 'reminder':
            from trytond.transaction import Transaction
            with Transaction().set_context(language=lang):
                text = gettext('crm_installments.msg_dunning_sms',
                    party=party.rec_name, amount=amount,
                    currency=currency.symbol or currency.code,
                    date=format_date(self.line.maturity_date, lang=lang))
            return [dict(base, kind='dunning_sms',
                    name=gettext('crm_installments.msg_dunning_reminder',
                        party=party.rec_name, amount=amount),
                    description=text, sms_text=text)]
        if action == 'call':
            return [dict(base, kind='dunning_call', task=True,
                    name=gettext('crm_installments.msg_dunning_call',
                        party=party.rec_name, amount=amount,
                        date=maturity))]
        return [dict(base, kind='dunning_lawyer', task=True,
                name=gettext('crm_installments.msg_dunning_lawyer',
                    party=party.rec_name, amount=amount, date=maturity,
                    lawyer=level.crm_lawyer.rec_name),
                description=gettext(
                    'crm_installments.msg_dunning_lawyer_description',
                    lawyer=level.crm_lawyer.rec_name,
                    party=party.rec_name, amount=amount, date=maturity))]
