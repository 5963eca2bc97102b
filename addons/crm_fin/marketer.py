# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Marketers are Tryton commission agents; the user field links an agent to
its login so that the users of the Marketer group see only the quotations
and invoices of their own agent and their own customers (record rules in
marketer.xml), unless they are CRM managers too.

A customer's marketer is the agent who looks after him: a party a marketer
creates is his, and a customer of no marketer becomes the marketer's of the
first quotation made for him.  Customers of no marketer are seen by every
marketer (the shared pool of new leads)."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, without_check_access


class Agent(metaclass=PoolMeta):
    __name__ = 'commission.agent'
    user = fields.Many2One(
        'res.user', "User", ondelete='SET NULL',
        help="The login of the marketer: in the Marketer group, the user "
        "sees only the quotations and invoices of this agent.")


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    marketer = fields.Many2One(
        'commission.agent', "Marketer", ondelete='SET NULL',
        help="The marketer who looks after this customer: in the Marketer "
        "group, a user sees only his own customers and those of no "
        "marketer.")

    @classmethod
    def default_marketer(cls):
        "The agent of the user who creates the party"
        Agent = Pool().get('commission.agent')
        transaction = Transaction()
        if not transaction.user:
            return None
        with without_check_access():
            agents = Agent.search([
                    ('user', '=', transaction.user),
                    ('company', '=', transaction.context.get('company', -1)),
                    ], limit=1)
        return agents[0].id if agents else None

    @classmethod
    def _region_shared_queries(cls):
        "The parties of the marketers are read by every user"
        Agent = Pool().get('commission.agent')
        agent = Agent.__table__()
        return super()._region_shared_queries() + [
            agent.select(agent.party.as_('party'))]


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    @classmethod
    def default_agent(cls):
        "A marketer's new quotation is his (the record rules require it)"
        return Pool().get('party.party').default_marketer()

    @classmethod
    def quote(cls, sales):
        "A customer of no marketer becomes the quoting agent's"
        Party = Pool().get('party.party')
        super().quote(sales)
        owners = {}
        for sale in sales:
            if sale.agent and not sale.party.marketer:
                owners.setdefault(sale.party, sale.agent)
        customers = {}
        for party, agent in owners.items():
            customers.setdefault(agent, []).append(party)
        to_write = []
        for agent, parties in customers.items():
            to_write.extend([parties, {'marketer': agent.id}])
        if to_write:
            with without_check_access():
                Party.write(*to_write)
