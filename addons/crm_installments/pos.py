# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"POS terminals that collect installments paid by card."


from trytond.model import ModelSQL, ModelView, fields
from trytond.pyson import Eval
from trytond.transaction import Transaction


class PosTerminal(ModelSQL, ModelView):
    "POS Terminal"
    __name__ = 'crm.pos.terminal'
    __string__ = "POS Terminal"
    name = fields.Char("Name", required=True)
    company = fields.Many2One('company.company', "Company", required=True)
    device = fields.Char("Device Model")
    serial = fields.Char("Serial Number")
    bank_account = fields.Many2One(
        'bank.account', "Bank Account",
        help="The company's account credited by the terminal.")
    payment_method = fields.Many2One(
        'account.invoice.payment.method', "Payment Method", required=True,
        domain=[('company', '=', Eval('company', -1))])
    active = fields.Boolean("Active")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_active(cls):
        return True
