# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Posting waits for the strict numbering instead of starting again.

Invoices and posted moves are numbered from strict sequences (no gap, as the
law wants).  Tryton 8.0 locks a strict sequence when it takes a number:
the first time in a request, its ``lock`` stops the request and the
dispatcher runs it again from the start with the row locked (NOWAIT, a few
retries of a few milliseconds).  Posting an invoice met two of them (the
invoice's number, then its move's): the work before each was done twice or
three times, and while one user posted, another's posting or cheque receipt
failed with "database busy" after its retries.

Here the sequences a posting will use are locked with ``lock_rows`` just
before the numbering: the request waits for the other posting (up to the
suite's lock timeout) and runs once."""
from trytond.exceptions import UserError
from trytond.model import ModelView, dualmethod
from trytond.pool import Pool, PoolMeta

from .tools import lock_rows


class Move(metaclass=PoolMeta):
    __name__ = 'account.move'

    @dualmethod
    @ModelView.button
    def post(cls, moves):
        cls.lock_numbering(moves)
        super().post(moves)

    @classmethod
    def lock_numbering(cls, moves, sequences=()):
        "Lock the strict sequences that number moves (and sequences)"
        Sequence = Pool().get('ir.sequence.strict')
        sequences = set(sequences)
        sequences.update(m.period.move_sequence_used for m in moves
            if m.state != 'posted' and not m.number and m.period)
        sequences.discard(None)
        lock_rows(Sequence, sorted(sequences, key=int))


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    @classmethod
    def set_number(cls, invoices):
        "Lock the invoices' and their moves' sequences, then number"
        pool = Pool()
        Move = pool.get('account.move')
        Period = pool.get('account.period')
        sequences = set()
        for invoice in invoices:
            if invoice.number or invoice.state in {
                    'posted', 'paid', 'cancelled'}:
                continue
            try:
                sequences.add(invoice._number_sequence()[0])
                period = Period(Period.find(invoice.company,
                        date=invoice.accounting_date or invoice.invoice_date,
                        test_state=invoice.type != 'in'))
            except UserError:
                # no sequence or period: Tryton's numbering says so
                continue
            sequences.add(period.move_sequence_used)
        Move.lock_numbering([], sequences=sequences)
        super().set_number(invoices)
