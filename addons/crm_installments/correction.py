# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Correcting a collection: a reversing entry with its reason.

An installment collected by mistake (cash, deposit slip, POS) is never
edited back: CRM Finance or a CRM manager reverses its collection with a
reason.  The payment is removed from the invoice, a move reverses it (the
reason in its description) and is reconciled with it, and the installment
is open again, with its history and Tryton's log of who did it.  Cheques
have their own way back (bounce)."""

from trytond.i18n import gettext
from trytond.model import ModelView, Workflow, fields
from trytond.modules.crm_fin.tools import lock_rows
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .account import post_move
from .exceptions import InstallmentError


class Installment(metaclass=PoolMeta):
    __name__ = 'crm.installment'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._transitions |= {('collected', 'planned')}
        cls._buttons.update({
                'correct': {
                    'invisible': ((Eval('state') != 'collected')
                        | (Eval('kind') == 'cheque')),
                    'depends': ['state', 'kind'],
                    },
                })

    @classmethod
    @ModelView.button_action('crm_installments.wizard_correct')
    def correct(cls, installments):
        pass

    @classmethod
    def reverse_collection(cls, installments, reason):
        "Reverse the collection of installments, the reason in the move"
        pool = Pool()
        Date = pool.get('ir.date')
        Invoice = pool.get('account.invoice')
        Line = pool.get('account.move.line')
        Reconciliation = pool.get('account.move.reconciliation')
        lock_rows(cls, installments)
        installments = cls.browse(installments)
        for installment in installments:
            if installment.state != 'collected' or installment.kind == 'cheque':
                raise InstallmentError(gettext(
                        'crm_installments.msg_installment_not_collected',
                        installment=installment.rec_name))
        today = Date.today()
        for installment in installments:
            description = gettext(
                'crm_installments.msg_collection_reversed',
                installment=installment.rec_name, reason=reason)
            for line in installment.collect_lines:
                if line.reconciliation:
                    Reconciliation.delete([line.reconciliation])
                    # back from paid to posted before its payment goes
                    Invoice.process([Invoice(installment.invoice.id)])
                Invoice.remove_payment_lines([line])
                counterpart, = [l for l in line.move.lines if l != line]
                debit, _ = post_move(installment.company,
                    line.move.journal, today, installment, description, [
                        (line.account, line.credit, line.debit, line.party),
                        (counterpart.account, counterpart.credit,
                            counterpart.debit, counterpart.party),
                        ])
                Line.reconcile([Line(line.id), debit])
        to_write = []
        for installment in installments:
            to_write.extend([[installment], {
                        'collect_lines': [('remove',
                                [l.id for l in installment.collect_lines])],
                        'collect_date': None,
                        'collected_at': None,
                        'collected_by': None,
                        }])
        cls.write(*to_write)
        cls._reopen(installments)

    @classmethod
    @Workflow.transition('planned')
    def _reopen(cls, installments):
        pass


class CorrectStart(ModelView):
    "Reverse Collection"
    __name__ = 'crm.installment.correct.start'
    __string__ = "Reverse Collection"
    reason = fields.Char("Reason", required=True,
        help="Why the collection is reversed: kept in the reversing move.")


class Correct(Wizard):
    "Reverse Collection"
    __name__ = 'crm.installment.correct'
    start = StateView('crm.installment.correct.start',
        'crm_installments.correct_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Reverse", 'reverse', 'tryton-ok', default=True),
            ])
    reverse = StateTransition()

    def transition_reverse(self):
        Installment = Pool().get('crm.installment')
        reason = (self.start.reason or '').strip()
        if not reason:
            raise InstallmentError(gettext(
                    'crm_installments.msg_correction_reason'))
        Installment.reverse_collection(self.records, reason)
        return 'end'
