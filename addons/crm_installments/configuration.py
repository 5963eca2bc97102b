# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Configuration of installment plans: payment methods, alarms, credit."


from trytond.model import ModelSingleton, ModelSQL, ModelView, fields


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Installment Configuration"
    __name__ = 'crm.installment.configuration'
    _history = True

    cash_method = fields.Many2One(
        'account.invoice.payment.method', "Cash Payment Method",
        help="Used to collect cash and credit installments.")
    deposit_method = fields.Many2One(
        'account.invoice.payment.method', "Deposit Slip Payment Method",
        help="Its debit account is the company's bank account.")
    cheque_method = fields.Many2One(
        'account.invoice.payment.method', "Cheque Receipt Payment Method",
        help="Its debit account holds the cheques in hand.")
    cheque_clearing_method = fields.Many2One(
        'account.invoice.payment.method', "Cheque Clearing Method",
        help="Its debit account is the bank that cashes cleared cheques.")
    alarm_days = fields.Integer(
        "Alarm Days", required=True,
        domain=[('alarm_days', '>=', 0)],
        help="Days before the due date to remind the responsible user.")
    alarm_user = fields.Many2One(
        'res.user', "Responsible User",
        help="Receives the due-date alarms (default: the invoice creator).")
    min_payment_score = fields.Numeric(
        "Minimal Payment Score", digits=(3, 1),
        domain=['OR',
            ('min_payment_score', '=', None),
            [('min_payment_score', '>=', 0),
                ('min_payment_score', '<=', 100)]],
        help="Installment plans are refused to customers whose payment "
        "score is below, unless a CRM manager confirms.")

    @classmethod
    def default_alarm_days(cls):
        return 3
