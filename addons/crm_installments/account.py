# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The moves of the cheques and of the corrections of collections."""
from trytond.pool import Pool, PoolMeta


def post_move(company, journal, date, origin, description, lines):
    """Post a move of (account, debit, credit, party) tuples and return its
    lines in the same order"""
    pool = Pool()
    Move = pool.get('account.move')
    Line = pool.get('account.move.line')
    Period = pool.get('account.period')
    move = Move(
        journal=journal, company=company, date=date,
        period=Period.find(company, date=date),
        origin=origin, description=description)
    move.lines = [Line(
            account=account, debit=debit, credit=credit,
            party=party if account.party_required else None)
        for account, debit, credit, party in lines]
    move.save()
    Move.post([move])
    result, remaining = [], list(move.lines)
    for account, debit, credit, _ in lines:
        line = next(l for l in remaining
            if (l.account, l.debit, l.credit) == (account, debit, credit))
        remaining.remove(line)
        result.append(line)
    return result


class Move(metaclass=PoolMeta):
    __name__ = 'account.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['crm.cheque', 'crm.installment']
