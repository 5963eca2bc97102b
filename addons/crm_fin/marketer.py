# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Marketers are Tryton commission agents; the user field links an agent to
its login so that the users of the Marketer group see only the quotations
and invoices of their own agent (record rules in marketer.xml), unless they
are CRM managers too."""
from trytond.model import fields
from trytond.pool import PoolMeta


class Agent(metaclass=PoolMeta):
    __name__ = 'commission.agent'
    user = fields.Many2One(
        'res.user', "User", ondelete='SET NULL',
        help="The login of the marketer: in the Marketer group, the user "
        "sees only the quotations and invoices of this agent.")
