# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Quotations planned in installments; the plan moves to the invoice."


from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .installment import PlannedDocumentMixin


class Sale(PlannedDocumentMixin, metaclass=PoolMeta):
    __name__ = 'sale.sale'
    crm_installments = fields.One2Many(
        'crm.installment', 'sale', "Installments",
        domain=[('party', '=', Eval('party', -1))],
        states={'readonly': ~Eval('state').in_(['draft', 'quotation'])})

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'installment_plan': {
                    'invisible': ~Eval('state').in_(['draft', 'quotation']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def copy(cls, sales, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('crm_installments', None)
        return super().copy(sales, default=default)

    @classmethod
    @ModelView.button_action('crm_installments.wizard_plan')
    def installment_plan(cls, sales):
        pass

    @classmethod
    def quote(cls, sales):
        """The plan must sum to the quoted total (with shipping and
        discount); the credit it lends is decided as the plan wizard does,
        however the installments were made"""
        pool = Pool()
        Installment = pool.get('crm.installment')
        # decided before anything is written
        for sale in sales:
            Installment.check_plan_credit(
                sale, Installment.plan_credit(sale, sale.crm_installments))
        # crm_fin's quote adds the shipping and discount lines first
        super().quote(sales)
        for sale in cls.browse(sales):
            installments = [i for i in sale.crm_installments
                if i.state != 'cancelled']
            Installment.check_total(sale, installments)

    @classmethod
    def _process_invoice(cls, sales):
        # the plans moved to the invoices were decided when the sales were
        # quoted: not again as plans of draft invoices
        with Transaction().set_context(_crm_plan_checked=True):
            super()._process_invoice(sales)

    def create_invoice(self):
        "The sale's payment plan moves to its (first) invoice"
        invoice = super().create_invoice()
        if invoice:
            installments = [i for i in self.crm_installments
                if not i.invoice and i.state == 'planned']
            if installments:
                invoice.crm_installments = (
                    list(getattr(invoice, 'crm_installments', None) or [])
                    + installments)
        return invoice
