# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Invoices paid by an installment plan."


from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .installment import PlannedDocumentMixin


class Invoice(PlannedDocumentMixin, metaclass=PoolMeta):
    __name__ = 'account.invoice'
    crm_installments = fields.One2Many(
        'crm.installment', 'invoice', "Installments",
        domain=[('party', '=', Eval('party', -1))],
        states={'readonly': Eval('state') != 'draft'})
    installments_collected = fields.Function(
        fields.Boolean("Installments Collected",
            help="Every installment of the plan is collected."),
        'get_installments_collected')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'installment_plan': {
                    'invisible': (~Eval('state').in_(['draft', 'posted'])
                        | (Eval('type') != 'out')),
                    'depends': ['state', 'type'],
                    },
                })

    @classmethod
    def copy(cls, invoices, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('crm_installments', None)
        return super().copy(invoices, default=default)

    def get_installments_collected(self, name):
        active = [i for i in self.crm_installments if i.state != 'cancelled']
        return bool(active) and all(i.state == 'collected' for i in active)

    @classmethod
    @ModelView.button_action('crm_installments.wizard_plan')
    def installment_plan(cls, invoices):
        pass

    def _installments_for_move(self):
        return sorted(
            (i for i in self.crm_installments if i.state == 'planned'),
            key=lambda i: (i.due_date, i.id))

    def get_move(self):
        "Use the installment plan as the invoice's maturity dates"
        move = super().get_move()
        installments = self._installments_for_move()
        if self.move or not installments:
            return move
        Installment = Pool().get('crm.installment')
        Installment.check_total(self, installments)
        others = [l for l in move.lines if l.account != self.account]
        term = [self._get_move_line(i.due_date, i.amount)
            for i in installments]
        move.lines = others + term
        return move

    @classmethod
    def _post(cls, invoices):
        "Link each installment to the receivable line made for it"
        pool = Pool()
        Installment = pool.get('crm.installment')
        super()._post(invoices)
        to_save = []
        for invoice in invoices:
            installments = [i for i in invoice._installments_for_move()
                if not i.line]
            if not installments or not invoice.move:
                continue
            lines = sorted(
                (l for l in invoice.move.lines
                    if l.account == invoice.account and l.maturity_date),
                key=lambda l: l.id)
            if len(lines) != len(installments):
                continue
            for installment, line in zip(installments, lines):
                installment.line = line
                to_save.append(installment)
        Installment.save(to_save)
