# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The premium of a sold policy, invoiced to its holder.

With account_invoice, "Invoice Premium" (CRM Finance) makes the holder's
customer invoice of an active policy: one line of the configured premium
product at the policy's premium, the policy as its origin.  The invoice is
then paid like any other: with crm_installments, its "Installment Plan"
spreads the premium over cash, cheques, POS or credit installments, and the
policy shows them.  The premium state (invoiced / paid) is read in SQL from
the invoice, so an agent without access to invoices still sees it."""
from sql import Null

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.crm_fin.text import party_language
from trytond.modules.crm_fin.tools import in_max, invoices_action
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .exceptions import PolicyError


class Configuration(metaclass=PoolMeta):
    __name__ = 'insurance.configuration'
    premium_product = fields.Many2One(
        'product.product', "Premium Product",
        domain=[('type', '=', 'service')],
        help="The service invoiced for the premium of a policy: "
        "its revenue account and customer taxes are used.")


class Policy(metaclass=PoolMeta):
    __name__ = 'insurance.policy'
    premium_invoice = fields.Many2One(
        'account.invoice', "Premium Invoice", readonly=True,
        ondelete='SET NULL')
    premium_state = fields.Function(fields.Selection([
                (None, ""),
                ('invoiced', "Invoiced"),
                ('paid', "Paid"),
                ], "Premium"), 'get_premium_state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'invoice_premium': {
                    'invisible': ((Eval('state') != 'active')
                        | Bool(Eval('premium_state'))),
                    'depends': ['state', 'premium_state'],
                    },
                })

    @classmethod
    def _premium_invoice_states(cls, policies):
        "Map the policies to the state of their premium invoice, in SQL"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        policy = cls.__table__()
        invoice = Invoice.__table__()
        cursor = Transaction().connection.cursor()
        result = {p.id: None for p in policies}
        for sub_ids in grouped_slice([p.id for p in policies], in_max()):
            cursor.execute(*policy.join(invoice,
                    condition=policy.premium_invoice == invoice.id
                    ).select(policy.id, invoice.state,
                    where=fields.SQL_OPERATORS['in'](policy.id, sub_ids)
                    & (policy.premium_invoice != Null)))
            result.update(cursor)
        return result

    @classmethod
    def get_premium_state(cls, policies, name):
        states = cls._premium_invoice_states(policies)
        result = {}
        for id_, state in states.items():
            if state == 'paid':
                result[id_] = 'paid'
            elif state and state != 'cancelled':
                result[id_] = 'invoiced'
            else:
                result[id_] = None
        return result

    @classmethod
    def copy(cls, policies, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('premium_invoice')
        return super().copy(policies, default=default)

    def _get_premium_invoice(self):
        "The holder's draft invoice of the premium"
        pool = Pool()
        Configuration = pool.get('insurance.configuration')
        Invoice = pool.get('account.invoice')
        Line = pool.get('account.invoice.line')
        product = Configuration(1).premium_product
        if not product:
            raise PolicyError(gettext(
                    'crm_vertical_insurance.msg_premium_product_missing',
                    policy=self.rec_name))
        if self.premium <= 0:
            raise PolicyError(gettext(
                    'crm_vertical_insurance.msg_premium_nothing',
                    policy=self.rec_name))
        invoice = Invoice(
            company=self.company, type='out', party=self.holder,
            currency=self.company.currency,
            # printed on the holder's invoice: in the holder's language
            description=gettext(
                'crm_vertical_insurance.msg_premium_description',
                party_language(self.holder), policy=self.rec_name))
        invoice.on_change_type()
        invoice.on_change_party()
        line = Line(
            invoice=invoice, company=self.company, type='line',
            currency=invoice.currency, product=product, quantity=1,
            origin=self)
        line.on_change_product()
        line.unit_price = self.premium
        line.description = invoice.description
        invoice.lines = [line]
        return invoice

    @classmethod
    @ModelView.button
    def invoice_premium(cls, policies):
        "Invoice the premium to the holder and open the invoice"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        states = cls.get_premium_state(policies, 'premium_state')
        for policy in policies:
            if policy.state != 'active' or states[policy.id]:
                raise PolicyError(gettext(
                        'crm_vertical_insurance.msg_premium_invoiced',
                        policy=policy.rec_name))
        invoices = []
        for policy in policies:
            with Transaction().set_context(company=policy.company.id):
                invoices.append(policy._get_premium_invoice())
        Invoice.save(invoices)
        Invoice.update_taxes(invoices)
        for policy, invoice in zip(policies, invoices):
            policy.premium_invoice = invoice
        cls.save(policies)
        return invoices_action(invoices)


class PolicyInstallments(metaclass=PoolMeta):
    __name__ = 'insurance.policy'
    premium_installments = fields.Function(fields.Many2Many(
            'crm.installment', None, None, "Premium Installments",
            help="The payment plan of the premium invoice."),
        'get_premium_installments')

    @classmethod
    def get_premium_installments(cls, policies, name):
        pool = Pool()
        Installment = pool.get('crm.installment')
        installment = Installment.__table__()
        policy = cls.__table__()
        cursor = Transaction().connection.cursor()
        result = {p.id: [] for p in policies}
        for sub_ids in grouped_slice([p.id for p in policies], in_max()):
            cursor.execute(*policy.join(installment,
                    condition=installment.invoice == policy.premium_invoice
                    ).select(policy.id, installment.id,
                    where=fields.SQL_OPERATORS['in'](policy.id, sub_ids),
                    order_by=[installment.due_date, installment.id]))
            for policy_id, installment_id in cursor:
                result[policy_id].append(installment_id)
        return result


class InvoiceLine(metaclass=PoolMeta):
    __name__ = 'account.invoice.line'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['insurance.policy']
