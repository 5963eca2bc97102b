# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Configuration of installment plans: payment methods, the kinds of
installments the company takes, alarms, credit."""
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.pool import Pool

from .installment import KINDS


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
    transfer_method = fields.Many2One(
        'account.invoice.payment.method', "Bank Transfer Payment Method",
        help="Its debit account is the company's bank account.")
    payment_kinds = fields.MultiSelection(
        KINDS, "Payment Kinds", sort=False,
        help="The kinds of installments offered; leave empty for all.\n"
        "A Polish company takes cash, bank transfers, card terminals and "
        "credit, not cheques or deposit slips.")
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

    @classmethod
    def on_modification(cls, mode, configurations, field_names=None):
        super().on_modification(mode, configurations, field_names=field_names)
        # the plan's kinds are read in the views
        ModelView._fields_view_get_cache.clear()

    @classmethod
    def allowed_kinds(cls):
        "The kinds of installments the company offers, in KINDS order"
        kinds = cls(1).payment_kinds
        return [k for k, _ in KINDS if not kinds or k in kinds]

    @classmethod
    def get_plan_kinds(cls):
        """The selection of the kinds of the plan's installments (not cash),
        translated as the installment's kinds"""
        Installment = Pool().get('crm.installment')
        allowed = cls.allowed_kinds()
        kinds = Installment.fields_get(['kind'])['kind']['selection']
        return [(k, v) for k, v in kinds if k != 'cash' and k in allowed]

    @classmethod
    def preferred_plan_kind(cls):
        """The default kind of a plan's installments: cheques where the
        company takes them (Iran), else bank transfers (Poland)"""
        kinds = [k for k, _ in cls.get_plan_kinds()]
        for kind in ['cheque', 'transfer', 'pos', 'deposit', 'credit']:
            if kind in kinds:
                return kind
        return 'cheque'
