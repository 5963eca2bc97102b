# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Customer analytics computed in SQL.

RFM classification (``crm.party.rfm``): for each customer with posted or
paid customer invoices, Recency = date of the last invoice, Frequency =
number of invoices, Monetary = untaxed amount invoiced.  Each measure is
ranked in quintiles over all customers with NTILE(5) (5 = best: most recent,
most frequent, biggest) and the sum of the three scores (3..15) gives the
tier:

* ``top`` 13-15, ``loyal`` 10-12, ``regular`` 7-9, ``low`` 3-6.
"""
from sql import Literal, Null, Window
from sql.aggregate import Count, Max, Sum
from sql.conditionals import Case, Coalesce
from sql.functions import Ntile

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction

from .tools import DateDisplayMixin

RFM_TIERS = [(13, 'top'), (10, 'loyal'), (7, 'regular'), (0, 'low')]


class PartyRFM(DateDisplayMixin, ModelSQL, ModelView):
    "Customer RFM Classification"
    __name__ = 'crm.party.rfm'

    party = fields.Many2One('party.party', "Party")
    last_invoice_date = fields.Date("Last Invoice")
    last_invoice_date_display = fields.Function(
        fields.Char("Last Invoice"), 'get_date_display')
    frequency = fields.Integer("Invoices")
    monetary = fields.Numeric("Invoiced", digits=(16, 2))
    recency_score = fields.Integer("R")
    frequency_score = fields.Integer("F")
    monetary_score = fields.Integer("M")
    score = fields.Integer("RFM Score")
    tier = fields.Selection([
            ('top', "Top Tier"),
            ('loyal', "Loyal"),
            ('regular', "Regular"),
            ('low', "Low Value"),
            ], "Tier")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('score', 'DESC'), ('monetary', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        invoice = Invoice.__table__()
        context = Transaction().context
        where = ((invoice.type == 'out')
            & invoice.state.in_(['posted', 'paid']))
        if context.get('company'):
            where &= invoice.company == context['company']
        per_party = invoice.select(
            invoice.party.as_('party'),
            Max(invoice.invoice_date).as_('last_invoice_date'),
            Count(Literal('*')).as_('frequency'),
            Sum(Coalesce(invoice.untaxed_amount_cache, 0)).as_('monetary'),
            where=where,
            group_by=[invoice.party])
        ranked = per_party.select(
            per_party.party, per_party.last_invoice_date,
            per_party.frequency, per_party.monetary,
            Ntile(5, window=Window(
                    [], order_by=[per_party.last_invoice_date.asc])
                ).as_('recency_score'),
            Ntile(5, window=Window(
                    [], order_by=[per_party.frequency.asc])
                ).as_('frequency_score'),
            Ntile(5, window=Window(
                    [], order_by=[per_party.monetary.asc])
                ).as_('monetary_score'))
        score = (ranked.recency_score + ranked.frequency_score
            + ranked.monetary_score)
        tier = Case(*((score >= t, n) for t, n in RFM_TIERS[:-1]),
            else_=RFM_TIERS[-1][1])
        return ranked.select(
            ranked.party.as_('id'),
            Literal(0).as_('create_uid'),
            Literal(Null).as_('create_date'),
            Literal(Null).as_('write_uid'),
            Literal(Null).as_('write_date'),
            ranked.party.as_('party'),
            ranked.last_invoice_date, ranked.frequency, ranked.monetary,
            ranked.recency_score, ranked.frequency_score,
            ranked.monetary_score,
            score.as_('score'),
            tier.as_('tier'))
