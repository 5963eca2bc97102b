# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Posting holds the strict numbering for as short a time as it can.

Invoices and posted moves are numbered from strict sequences (no gap, as the
law wants).  Tryton 8.0 locks a strict sequence when it takes a number, until
the end of the transaction: the first time in a request, its ``lock`` stops
the request and the dispatcher runs it again from the start with the row
locked (NOWAIT, a few retries of a few milliseconds).  Posting an invoice met
two of them (the invoice's number, then its move's): the work before each was
done twice or three times, and while one user posted, another's posting or
cheque receipt failed with "database busy" after its retries.

So a sequence is locked with ``lock_rows`` just before its number is taken:
the request waits for the other posting (up to the suite's lock timeout) and
runs once; the invoices' sequence in ``set_number``, the moves' in
``Move.post``.  And a posting builds its invoices' moves (their lines from
the invoice lines, the taxes and the payment term or installments: about
half of a posting) before it numbers the invoices, as Tryton builds a
supplier invoice's move when it is validated: the invoices' sequence is then
held for the numbering, the posting of the moves and what follows them, the
moves' sequence from the posting of the moves only, so that a cheque's
receipt or another posting waits that much less (``benchmarks/load.py``).
Building the move checks the invoice's taxes; the writes of the draft
invoice that follow in the posting (its number, its amounts' cache) do not
compute them again.
A lock is always taken in that order, the invoices' sequence before the
moves'."""
import weakref

from trytond.exceptions import UserError
from trytond.model import ModelView, dualmethod
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .tools import lock_rows

# {transaction: ids of the invoices being posted whose taxes were checked}
_taxes_checked = weakref.WeakKeyDictionary()


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
        lock_rows(Sequence, sorted(sequences, key=int), from_start=True)


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    @classmethod
    def _post(cls, invoices):
        "Build the invoices' moves, then number and post as Tryton does"
        Move = Pool().get('account.move')
        to_build = [i for i in invoices
            if i.state not in {'posted', 'paid', 'cancelled'} and not i.move]
        # the taxes brought up to date, as the numbering's write of a draft
        # invoice did before Tryton built the move
        cls.update_taxes(to_build)
        moves = []
        for invoice in to_build:
            # saved with the invoice by the numbering; Tryton's posting
            # takes it as the invoice's move
            invoice.move = invoice.get_move()
            moves.append(invoice.move)
        Move.save(moves)
        # get_move checked their taxes (update_taxes with exception): the
        # numbering and the amounts' cache, writing the draft invoices,
        # would compute them again three times, holding the sequence (the
        # transaction's, not its context: a record saves in its own)
        checked = _taxes_checked.setdefault(Transaction(), set())
        added = {i.id for i in to_build} - checked
        checked |= added
        try:
            super()._post(invoices)
        except Exception:
            cls._discard_moves(invoices, moves)
            raise
        finally:
            checked -= added

    @dualmethod
    def update_taxes(cls, invoices, exception=False):
        "Not again for the invoices whose posting checked them"
        checked = _taxes_checked.get(Transaction(), ())
        super().update_taxes(
            [i for i in invoices if i.id not in checked], exception=exception)

    @classmethod
    def _discard_moves(cls, invoices, moves):
        """Delete the draft moves built for invoices whose posting failed
        before they were posted (the numbering refused them): nothing left
        for a caller that goes on with the transaction"""
        Move = Pool().get('account.move')
        if not moves:
            return
        for invoice in invoices:
            if invoice.move in moves:
                invoice.move = None
        try:
            if not cls.search([
                        ('id', 'in', [i.id for i in invoices]),
                        ('state', 'in', ['posted', 'paid']),
                        ], limit=1):
                Move.delete(Move.search([
                            ('id', 'in', [m.id for m in moves]),
                            ('state', '=', 'draft'),
                            ]))
        except Exception:
            # the database refused the transaction: it is rolled back, the
            # posting's error is the one to report (and to retry on)
            pass

    @classmethod
    def set_number(cls, invoices):
        "Lock the invoices' sequences, then number"
        sequences = set()
        for invoice in invoices:
            if invoice.number or invoice.state in {
                    'posted', 'paid', 'cancelled'}:
                continue
            try:
                sequences.add(invoice._number_sequence()[0])
            except UserError:
                # no sequence or period: Tryton's numbering says so
                continue
        Pool().get('account.move').lock_numbering([], sequences=sequences)
        super().set_number(invoices)
