# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Configuration of installment plans: payment methods, the kinds of
installments the company takes, alarms, credit.

The payment methods hold a company's accounts and journals: they are
company-dependent (``crm.installment.configuration.method``), like Tryton's
sale configuration."""
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.modules.crm_fin.tools import migrate_singleton_values
from trytond.pool import Pool
from trytond.pyson import Eval

from .installment import KINDS


def _method(string, help):
    return fields.Many2One(
        'account.invoice.payment.method', string,
        domain=[('company', 'in',
                [Eval('context', {}).get('company', -1), None])],
        help=help)


cash_method = _method("Cash Payment Method",
    "Used to collect cash and credit installments.")
deposit_method = _method("Deposit Slip Payment Method",
    "Its debit account is the company's bank account.")
transfer_method = _method("Bank Transfer Payment Method",
    "Its debit account is the company's bank account.")
cheque_method = _method("Cheque Receipt Payment Method",
    "Its debit account holds the cheques in hand.")
cheque_clearing_method = _method("Cheque Clearing Method",
    "Its debit account is the bank that cashes cleared cheques.")
METHODS = ['cash_method', 'deposit_method', 'transfer_method',
    'cheque_method', 'cheque_clearing_method']


class Configuration(
        ModelSingleton, ModelSQL, ModelView, CompanyMultiValueMixin):
    "Installment Configuration"
    __name__ = 'crm.installment.configuration'
    __string__ = "Installment Configuration"
    _history = True

    cash_method = fields.MultiValue(cash_method)
    deposit_method = fields.MultiValue(deposit_method)
    transfer_method = fields.MultiValue(transfer_method)
    payment_kinds = fields.MultiSelection(
        KINDS, "Payment Kinds", sort=False,
        help="The kinds of installments offered; leave empty for all.\n"
        "A Polish company takes cash, bank transfers, card terminals and "
        "credit, not cheques or deposit slips.")
    cheque_method = fields.MultiValue(cheque_method)
    cheque_clearing_method = fields.MultiValue(cheque_clearing_method)
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
    def multivalue_model(cls, field):
        pool = Pool()
        if field in METHODS:
            return pool.get('crm.installment.configuration.method')
        return super().multivalue_model(field)

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


class ConfigurationMethod(ModelSQL, CompanyValueMixin):
    "Installment Configuration Payment Method"
    __name__ = 'crm.installment.configuration.method'
    __string__ = "Installment Configuration Payment Method"
    _history = True
    cash_method = cash_method
    deposit_method = deposit_method
    transfer_method = transfer_method
    cheque_method = cheque_method
    cheque_clearing_method = cheque_clearing_method

    @classmethod
    def __setup__(cls):
        super().__setup__()
        for name in METHODS:
            getattr(cls, name).domain = [
                ('company', 'in', [Eval('company', -1), None])]

    @classmethod
    def __register__(cls, module):
        pool = Pool()
        Configuration = pool.get('crm.installment.configuration')
        with migrate_singleton_values(cls, Configuration, METHODS, module):
            super().__register__(module)
