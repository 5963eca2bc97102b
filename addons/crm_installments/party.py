# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Parties: their open cheques on the form, all of them related; cheques
searched by number; bounced cheques in the score; the next installment due
on the overview."""

from sql import Literal

from trytond.model import fields
from trytond.modules.crm_fin.tools import in_max
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice

from .cheque import BOUNCED_STATES, OPEN_STATES


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    cheques = fields.One2Many('crm.cheque', 'party', "Cheques", readonly=True)
    # the form's list: a customer of years has hundreds of cheques, each
    # read with his form (issue 21); all of them under Cheques (relate)
    open_cheques = fields.One2Many('crm.cheque', 'party', "Open Cheques",
        filter=[('state', 'in', OPEN_STATES)], readonly=True,
        help="The cheques still to clear or to settle; all of them: Cheques "
        "in the form's relate menu.")
    cheque_number = fields.Function(
        fields.Char("Cheque Number",
            help="Find whose cheque carries a number."),
        'get_cheque_number', searcher='search_cheque_number')

    next_installment_date = fields.Function(
        fields.Date("Next Installment",
            help="The due date of the first open installment."),
        'get_next_installment')
    next_installment_amount = fields.Function(Monetary(
            "Next Installment Amount", currency='currency',
            digits='currency',
            help="What falls due on the date of the next installment."),
        'get_next_installment')

    def get_cheque_number(self, name):
        return None

    @classmethod
    def get_next_installment(cls, parties, names):
        "The first due date of the open installments and their amount"
        Installment = Pool().get('crm.installment')
        dates, amounts = {}, {}
        for sub in grouped_slice(parties, in_max()):
            for installment in Installment.search([
                        ('party', 'in', [p.id for p in sub]),
                        ('state', '=', 'planned'),
                        ], order=[('due_date', 'ASC'), ('id', 'ASC')]):
                party = installment.party.id
                date = dates.setdefault(party, installment.due_date)
                if installment.due_date == date:
                    amounts[party] = (amounts.get(party, 0)
                        + installment.amount)
        result = {}
        if 'next_installment_date' in names:
            result['next_installment_date'] = {
                p.id: dates.get(p.id) for p in parties}
        if 'next_installment_amount' in names:
            result['next_installment_amount'] = {
                p.id: amounts.get(p.id) for p in parties}
        return result

    @classmethod
    def search_cheque_number(cls, name, clause):
        return [('cheques.number',) + tuple(clause[1:])]

    @classmethod
    def _payment_score_queries(cls):
        "A bounced cheque counts against the party (twice, see crm_fin)"
        pool = Pool()
        Cheque = pool.get('crm.cheque')
        cheque = Cheque.__table__()
        return super()._payment_score_queries() + [cheque.select(
                cheque.party.as_('party'), Literal(0).as_('on_time'),
                Literal(0).as_('late'), Literal(1).as_('bounced'),
                where=cheque.state.in_(BOUNCED_STATES))]

    @classmethod
    def _region_shared_queries(cls):
        "Banks and the lawyers of the dunning levels are read by everyone"
        pool = Pool()
        Bank = pool.get('bank')
        Level = pool.get('account.dunning.level')
        bank = Bank.__table__()
        level = Level.__table__()
        return super()._region_shared_queries() + [
            bank.select(bank.party.as_('party')),
            level.select(level.crm_lawyer.as_('party')),
            ]
