# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"E-mail to a party through Tryton's SMTP settings, logged as a communication."
import logging

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import SMSGatewayError

logger = logging.getLogger(__name__)


class SendEmailStart(ModelView):
    "Send E-mail"
    __name__ = 'crm.email.send.start'
    __string__ = "Send E-mail"
    party = fields.Many2One('party.party', "Party", required=True)
    template = fields.Many2One(
        'ir.email.template', "Template",
        domain=[('model.name', '=', 'party.party')])
    to = fields.Char("To", required=True)
    subject = fields.Char("Subject", required=True)
    body = fields.Text("Body", required=True)

    @fields.depends('template', 'party', 'to', 'subject', 'body')
    def on_change_template(self):
        if self.template and self.party:
            values = self.template.get(self.party)
            self.to = ', '.join(values.get('to', [])) or self.to
            self.subject = values.get('subject', self.subject)
            self.body = values.get('body', self.body)


class SendEmail(Wizard):
    "Send E-mail"
    __name__ = 'crm.email.send'
    start = StateView('crm.email.send.start',
        'crm_telephony.email_send_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Send", 'send', 'tryton-ok', default=True),
            ])
    send = StateTransition()

    def default_start(self, fields):
        party = self.record
        return {
            'party': party.id if party else None,
            'to': party.email if party else None,
            }

    def transition_send(self):
        self.send_email(
            self.start.party, self.start.to, self.start.subject,
            self.start.body)
        return 'end'

    @classmethod
    def send_email(cls, party, to, subject, body):
        "Send with Tryton's SMTP settings and log the communication"
        pool = Pool()
        Email = pool.get('ir.email')
        Communication = pool.get('crm.communication')
        try:
            email = Email.send(to=to, subject=subject, body=body,
                record=(party.__name__, party.id))
        except Exception as exception:
            logger.warning("e-mail to %s: %s", to, exception)
            raise SMSGatewayError(gettext(
                    'crm_telephony.msg_email_error', error=str(exception)))
        Communication.create([{
                    'party': party.id,
                    'kind': 'email',
                    'direction': 'outgoing',
                    'subject': subject,
                    'description': body,
                    }])
        return email
