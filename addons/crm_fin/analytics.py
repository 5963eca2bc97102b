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

With a company, the quintiles are those of NTILE(5) without sorting the
customers: the 4 rows where quintiles 2 to 5 start are read at their
position in the summary's index of each order, and a customer's quintile
is 1 + the number of them he comes at or after (``PartyRFM._cuts``).
"""
from decimal import Decimal

from sql import (
    Cast, Column, Expression, Flavor, Literal, Null, NullsFirst, NullsLast,
    Window)
from sql.aggregate import Count, Max, Min, Sum
from sql.conditionals import Case, Coalesce
from sql.functions import Ntile
from sql.operators import Greater, Less

from trytond import backend
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .access_template import region_where
from .digits import CompanyCurrencyDigitsMixin, UnitDigitsMixin
from .exceptions import SaleValidationError
from .reporting import ReportMixin, open_receivables, year_month
from .summary import RFM_MEASURES, is_converted, rfm_order
from .tools import DateDisplayMixin, sql_text as _text

RFM_TIERS = [(13, 'top'), (10, 'loyal'), (7, 'regular'), (0, 'low')]


class PartyRFM(
        CompanyCurrencyDigitsMixin, DateDisplayMixin, ReportMixin, ModelSQL,
        ModelView):
    "Customer RFM Classification"
    __name__ = 'crm.party.rfm'
    __string__ = "Customer RFM Classification"
    _currency_fields = ('monetary',)

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
    customers = fields.Integer("Customers",
        help="1 per customer: the charts count the customers with it.")
    tier = fields.Selection([
            ('top', "Top Tier"),
            ('loyal', "Loyal"),
            ('regular', "Regular"),
            ('low', "Low Value"),
            ], "Tier")
    tier_name = fields.Function(fields.Char("Tier"), 'get_tier_name')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('score', 'DESC'), ('monetary', 'DESC'), ('id', 'ASC')]

    @classmethod
    def get_tier_name(cls, records, name):
        "The tier's label in the reader's language (the chart's legend)"
        labels = dict(cls.fields_get(['tier'])['tier']['selection'])
        return {r.id: labels.get(r.tier) for r in records}

    @classmethod
    def _per_party(cls):
        """A query of party, last_invoice_date, frequency and monetary of
        the customers: from the summary kept by the invoices
        (crm.party.invoice.summary), or from the invoices through the
        summary's own computation"""
        Summary = Pool().get('crm.party.invoice.summary')
        columns = ['party', 'last_invoice_date', 'frequency', 'monetary']
        if Summary.enabled():
            summary = Summary.__table__()
        else:
            summary = Summary._computed(lambda *key: Literal(True))
        where = cls._context_where(Literal(True), company=summary.company)
        if Transaction().context.get('company'):
            return summary.select(
                *(getattr(summary, c).as_(c) for c in columns),
                where=where)
        return summary.select(summary.party.as_('party'),
            Max(summary.last_invoice_date).as_('last_invoice_date'),
            Sum(summary.frequency).as_('frequency'),
            Sum(summary.monetary).as_('monetary'),
            where=where, group_by=[summary.party])

    @classmethod
    def _company_summary(cls):
        """The summary and the condition selecting the customers of the
        context's company when the quintiles can be cut in its indexes
        (one row per customer, ordered by each measure), else None"""
        Summary = Pool().get('crm.party.invoice.summary')
        if not (Transaction().context.get('company') and Summary.enabled()):
            return None
        summary = Summary.__table__()
        return summary, cls._context_where(
            Literal(True), company=summary.company)

    @classmethod
    def _cuts(cls, summary, where):
        """({measure: [cut values]}, nulls): the values of
        rfm_order(measure) of the customers of where at the positions where
        the quintiles 2 to 5 start, and whether a measure is NULL for some
        of them

        NTILE(5) over n rows gives the n % 5 first quintiles one more row:
        quintile k + 1 starts at k * (n // 5) + min(k, n % 5), and a row's
        quintile is 1 + the number of those cut rows it comes at or after
        (_tile).  A start at or beyond n does not exist (n < 5 rows).
        Each cut is read at its position in the summary's index of that
        order (index-only, without sorting), from its nearer end or from
        the cut read before on that side: about 0.8 n index entries per
        measure.  Starting after a cut compares row values, where NULL
        compares to nothing: only without NULL measures.
        PostgreSQL runs a transaction in repeatable read: these queries
        and the report's see the same rows."""
        cursor = Transaction().connection.cursor()
        cursor.execute(*summary.select(Count(summary.party), where=where))
        count, = cursor.fetchone()
        size, larger = divmod(count, 5)
        starts = [s for s in (k * size + min(k, larger) for k in range(1, 5))
            if s < count]
        orders = {m: [Column(summary, c) for c in rfm_order(m)]
            for m in RFM_MEASURES}
        nulls = False
        for measure, columns in orders.items():
            # NULL sorts last: the last customer of the measure's order has
            # it NULL if any has
            cursor.execute(*summary.select(Column(summary, measure),
                    where=where, order_by=[_descending(c) for c in columns],
                    limit=1))
            row = cursor.fetchone()
            nulls |= row is not None and row[0] is None

        def read(columns, order_by, position, before, after):
            """The values of columns of the row at position in order_by
            after before (position, values) read at a lower position"""
            condition = where
            if before is not None and not nulls:
                condition &= after(_Row(columns),
                    _Row([_sql_value(v) for v in before[1]]))
                position -= before[0] + 1
            cursor.execute(*summary.select(*columns, where=condition,
                    order_by=order_by, limit=1, offset=position))
            return cursor.fetchone()

        cuts = {}
        for measure, columns in orders.items():
            bottom = [s for s in starts if s <= count - 1 - s]
            top = [count - 1 - s for s in reversed(starts[len(bottom):])]
            found = []
            for positions, order_by, after in [
                    (bottom, [_ascending(c) for c in columns], Greater),
                    (top, [_descending(c) for c in columns], Less)]:
                before = None
                for position in positions:
                    values = read(columns, order_by, position, before, after)
                    before = (position, values)
                    found.append(values)
            # the cuts of the top were read downwards
            cuts[measure] = found[:len(bottom)] + found[len(bottom):][::-1]
        return cuts, nulls

    @staticmethod
    def _at_or_after(columns, values, nulls):
        """Whether the row of columns comes at or after the row of values
        in their ascending order with NULL last (_ascending)

        Without NULL measures, a comparison of row values (one expression
        per customer, on SQLite as on PostgreSQL).  With, column by column
        in AND and OR, NULL coming after any value; the last column (the
        party) is never NULL."""
        if not nulls:
            return _Row(columns) >= _Row([_sql_value(v) for v in values])
        *columns, last = columns
        *values, last_value = values
        condition = last >= last_value
        for column, value in reversed(list(zip(columns, values))):
            if value is None:
                # nothing comes after NULL
                condition = (column == Null) & condition
            else:
                value = _sql_value(value)
                condition = ((column > value)
                    | ((column == value) & condition)
                    | (column == Null))
        return condition

    @classmethod
    def _tile(cls, columns, cuts, nulls, first=1):
        """The quintile of the row of columns given the cut values where
        the quintiles first + 1, first + 2, ... start: a binary search, 2
        or 3 comparisons per row instead of up to 4"""
        if not cuts:
            return Literal(first)
        middle = len(cuts) // 2
        return Case((cls._at_or_after(columns, cuts[middle], nulls),
                cls._tile(columns, cuts[middle + 1:], nulls,
                    first + middle + 1)),
            else_=cls._tile(columns, cuts[:middle], nulls, first))

    @classmethod
    def _ranked(cls):
        """A query of party, last_invoice_date, frequency, monetary and
        the quintile of each measure of the customers"""
        scores = ['recency_score', 'frequency_score', 'monetary_score']
        company_summary = cls._company_summary()
        if company_summary is not None:
            # the top 20 is a top-N heap sort and the count of a tier a
            # scan of the summary instead of 3 sorts of every customer
            summary, where = company_summary
            cuts, nulls = cls._cuts(summary, where)
            return summary.select(summary.party.as_('party'),
                *(Column(summary, m).as_(m) for m in RFM_MEASURES),
                *(cls._tile(
                        [Column(summary, c) for c in rfm_order(measure)],
                        cuts[measure], nulls).as_(score)
                    for measure, score in zip(RFM_MEASURES, scores)),
                where=where)
        # without a company (a customer's invoices of every company
        # summed) or without the summary: NTILE over the customers sorted
        per_party = cls._per_party()
        return per_party.select(
            per_party.party, per_party.last_invoice_date,
            per_party.frequency, per_party.monetary,
            *(Ntile(5, window=Window([], order_by=[
                            _ascending(Column(per_party, c))
                            for c in rfm_order(measure)])).as_(score)
                for measure, score in zip(RFM_MEASURES, scores)))

    @classmethod
    def table_query(cls):
        ranked = cls._ranked()
        score = (ranked.recency_score + ranked.frequency_score
            + ranked.monetary_score)
        # the tier of each possible score (3..15): the score is computed
        # once per customer where a CASE of score >= ... computes it again
        # for each tier (the scores are expressions of the summary's
        # columns, not columns of a subquery, once PostgreSQL flattened it)
        tier = _CaseOf(score, [
                (s, _text(next(n for t, n in RFM_TIERS if s >= t)))
                for s in range(3, 16)],
            else_=_text(RFM_TIERS[-1][1]))
        return ranked.select(
            ranked.party.as_('id'),
            ranked.party.as_('party'),
            ranked.last_invoice_date, ranked.frequency, ranked.monetary,
            ranked.recency_score, ranked.frequency_score,
            ranked.monetary_score,
            score.as_('score'),
            Literal(1).as_('customers'),
            tier.as_('tier'))


class _Row(Expression):
    """A row value (a, b, ...): rows compare column by column, as an index
    of these columns orders them (where it seeks them on PostgreSQL)"""
    __slots__ = ('values',)

    def __init__(self, values):
        super().__init__()
        self.values = values

    def __str__(self):
        param = Flavor.get().param
        return '(%s)' % ', '.join(
            str(v) if isinstance(v, Expression) else param
            for v in self.values)

    @property
    def params(self):
        params = []
        for value in self.values:
            if isinstance(value, Expression):
                params.extend(value.params)
            else:
                params.append(value)
        return tuple(params)


class _CaseOf(Expression):
    """CASE operand WHEN value THEN result ... ELSE else_ END: the operand
    is computed once (python-sql's Case has only WHEN conditions)"""
    __slots__ = ('operand', 'whens', 'else_')

    def __init__(self, operand, whens, else_):
        super().__init__()
        self.operand = operand
        self.whens = whens
        self.else_ = else_

    def __str__(self):
        param = Flavor.get().param
        return 'CASE %s %sELSE %s END' % (self.operand,
            ''.join('WHEN %s THEN %s ' % (param, result)
                for _, result in self.whens), self.else_)

    @property
    def params(self):
        params = list(self.operand.params)
        for value, result in self.whens:
            params.append(value)
            params.extend(result.params)
        params.extend(self.else_.params)
        return tuple(params)


def _sql_value(value):
    """value compared with a column as the column's values: SQLite gets a
    Decimal as text bytes (a BLOB, never equal to a number) unless cast,
    as fields.Numeric casts it"""
    if isinstance(value, Decimal) and backend.name == 'sqlite':
        return Cast(Literal(value), 'NUMERIC')
    return value


def _ascending(column):
    """The order of RFM's rankings: NULL last (PostgreSQL's default) on
    every database.  A measure is not NULL through the workflows (a posted
    invoice has its date) but the cuts compare it the same way."""
    return NullsLast(column.asc)


def _descending(column):
    "The reverse of _ascending: the index of _ascending read backwards"
    return NullsFirst(column.desc)


class ProductSalesYearly(
        CompanyCurrencyDigitsMixin, UnitDigitsMixin, ReportMixin, ModelSQL,
        ModelView):
    "Yearly Sales per Product"
    __name__ = 'crm.product.sales.yearly'
    __string__ = "Yearly Sales per Product"
    _currency_fields = ('amount',)
    _unit_fields = ('quantity',)

    product = fields.Many2One('product.product', "Product")
    year = fields.Integer("Year")
    quantity = fields.Float("Quantity", digits=(16, 2))
    amount = fields.Numeric("Amount", digits=(16, 2))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('year', 'DESC'), ('amount', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        """Invoiced quantity and untaxed amount per product and calendar year

        Summed from the daily summary (crm.product.sales.daily) when the
        user sees every customer, from the invoice lines otherwise."""
        pool = Pool()
        Invoice = pool.get('account.invoice')
        InvoiceLine = pool.get('account.invoice.line')
        Daily = pool.get('crm.product.sales.daily')
        invoice = Invoice.__table__()
        line = InvoiceLine.__table__()
        if Daily.enabled() and region_where(invoice.party) is None:
            # the user sees every customer: the daily summary's sums, in
            # the year of the user's calendar
            daily = Daily.__table__()
            from_, year, _ = year_month(daily, daily.date)
            return from_.select(
                (Min(daily.first_line) * 10000 + year).as_('id'),
                daily.product.as_('product'),
                year.as_('year'),
                Sum(daily.quantity).as_('quantity'),
                Sum(daily.amount).as_('amount'),
                where=cls._context_where(
                    Literal(True), company=daily.company),
                group_by=[daily.product, year])
        # the year of the user's calendar
        from_, year, _ = year_month(
            line.join(invoice, condition=line.invoice == invoice.id),
            invoice.invoice_date)
        # the figures of the customers of the user's regions
        where = cls._context_where((invoice.type == 'out')
            & invoice.state.in_(['posted', 'paid'])
            & (line.product != Null),
            company=invoice.company, party=invoice.party)
        return from_.select(
                (Min(line.id) * 10000 + year).as_('id'),
                line.product.as_('product'),
                year.as_('year'),
                Sum(line.quantity).as_('quantity'),
                Sum(line.quantity * line.unit_price).as_('amount'),
                where=where,
                group_by=[line.product, year])


class ProductProfit(
        CompanyCurrencyDigitsMixin, UnitDigitsMixin, ReportMixin, ModelSQL,
        ModelView):
    """Product Profit per Period

    For each product and calendar month with sales: quantity and untaxed
    revenue of customer invoices, and their cost at the weighted-average
    cost of the product up to the end of that month, i.e. the supplier
    invoices' amount divided by their quantity since the beginning (a
    cumulative window, so a later expensive purchase does not change the
    profit of earlier months).  A product never bought on an invoice is
    costed at its current cost price (the average of Tryton's stock
    valuation when the average cost method is used)."""
    __name__ = 'crm.product.profit'
    __string__ = "Product Profit per Period"
    _currency_fields = ('revenue', 'cost', 'profit')
    _unit_fields = ('quantity',)

    product = fields.Many2One('product.product', "Product")
    year = fields.Integer("Year")
    month = fields.Integer("Month")
    quantity = fields.Float("Quantity")
    revenue = fields.Numeric("Revenue", digits=(16, 2))
    average_cost = fields.Numeric("Weighted-Average Cost", digits=(16, 4))
    cost = fields.Numeric("Cost", digits=(16, 2))
    profit = fields.Numeric("Profit", digits=(16, 2))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('year', 'DESC'), ('month', 'DESC'),
            ('profit', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        InvoiceLine = pool.get('account.invoice.line')
        CostPrice = pool.get('product.cost_price')

        def per_month(type_):
            invoice = Invoice.__table__()
            line = InvoiceLine.__table__()
            from_, year, month = year_month(
                line.join(invoice, condition=line.invoice == invoice.id),
                invoice.invoice_date)
            # the sales to the customers of the user's regions (the cost
            # of the purchases is the company's)
            where = cls._context_where((invoice.type == type_)
                & invoice.state.in_(['posted', 'paid'])
                & (line.product != Null) & (line.quantity > 0),
                company=invoice.company,
                party=invoice.party if type_ == 'out' else None)
            return from_.select(
                    Min(line.id).as_('id'),
                    line.product.as_('product'),
                    year.as_('year'), month.as_('month'),
                    Sum(line.quantity).as_('quantity'),
                    Sum(line.quantity * line.unit_price).as_('amount'),
                    where=where, group_by=[line.product, year, month])

        sales = per_month('out')
        purchases = per_month('in')
        cost_price = CostPrice.__table__()
        cost_join = cls._context_where(
            cost_price.product == sales.product, company=cost_price.company)
        bought_qty = Sum(purchases.quantity)
        average = Case((bought_qty > 0, Sum(purchases.amount) / bought_qty),
            else_=Max(Coalesce(cost_price.cost_price, 0)))
        costed = (sales
            .join(purchases, 'LEFT',
                condition=(purchases.product == sales.product)
                & ((purchases.year < sales.year)
                    | ((purchases.year == sales.year)
                        & (purchases.month <= sales.month))))
            .join(cost_price, 'LEFT', condition=cost_join)
            .select(
                sales.id, sales.product, sales.year, sales.month,
                sales.quantity, sales.amount,
                average.as_('average_cost'),
                group_by=[sales.id, sales.product, sales.year, sales.month,
                    sales.quantity, sales.amount]))
        cost = costed.quantity * costed.average_cost
        return costed.select(
            costed.id.as_('id'),
            costed.product.as_('product'),
            costed.year.as_('year'),
            costed.month.as_('month'),
            costed.quantity.as_('quantity'),
            costed.amount.as_('revenue'),
            costed.average_cost.as_('average_cost'),
            cost.as_('cost'),
            (costed.amount - cost).as_('profit'))


class QuotationConversion(ReportMixin, ModelSQL, ModelView):
    "Quotation Conversion Rate"
    __name__ = 'crm.quotation.conversion'
    __string__ = "Quotation Conversion Rate"

    year = fields.Integer("Year")
    month = fields.Integer("Month")
    quotations = fields.Integer("Quotations")
    converted = fields.Integer("Converted")
    rate = fields.Float("Conversion Rate", digits=(3, 4))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('year', 'DESC'), ('month', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        """Quotations issued per month and how many became sales

        A quotation is converted when it reached confirmed, processing or
        done; rate = converted / quotations."""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Daily = pool.get('crm.quotation.daily')
        sale = Sale.__table__()
        if Daily.enabled() and region_where(sale.party) is None:
            # the user sees every customer: the daily summary's counts
            daily = Daily.__table__()
            from_, year, month = year_month(daily, daily.date)
            quotations = Sum(daily.quotations)
            converted = Sum(daily.converted)
            where = cls._context_where(Literal(True), company=daily.company)
        else:
            from_, year, month = year_month(sale, sale.quotation_date)
            converted = Sum(is_converted(sale))
            quotations = Count(sale.id)
            where = cls._context_where(sale.quotation_date != Null,
                company=sale.company, party=sale.party)
        return from_.select(
            (year * 100 + month).as_('id'),
            year.as_('year'), month.as_('month'),
            quotations.as_('quotations'),
            converted.as_('converted'),
            (converted * 1.0 / quotations).as_('rate'),
            where=where,
            group_by=[year, month])


class PartyRecommendation(metaclass=PoolMeta):
    "Products bought by customers who bought the same products"
    __name__ = 'party.party'
    recommended_products = fields.Function(fields.Many2Many(
            'product.product', None, None, "Recommended Products",
            help="Products that customers with the same purchases also "
            "bought, most bought first."),
        'get_recommended_products')

    @classmethod
    def get_recommended_products(cls, parties, name, limit=5):
        """The products that customers who bought the same products also
        bought, in the company of the context (crm.product.affinity)"""
        Affinity = Pool().get('crm.product.affinity')
        company = Transaction().context.get('company')
        if not company:
            return {p.id: [] for p in parties}
        return Affinity.recommended(company, [p.id for p in parties], limit)


class PartyProfitability(
        CompanyCurrencyDigitsMixin, ReportMixin, ModelSQL, ModelView):
    """Customer Profitability

    Margin of a customer = invoiced untaxed amount of product lines minus
    their cost (quantity x the product's current cost price, the weighted
    average for products with the average cost method).  Customers are
    sorted by margin; with the cumulative share of the total positive margin:

    * ``key``: margin > 0 and the customers before it hold < 80 % of it
      (the few customers that make most of the profit);
    * ``profitable``: margin > 0, cumulative share up to 95 %;
    * ``marginal``: the remaining customers with a positive margin;
    * ``unprofitable``: margin <= 0.
    """
    __name__ = 'crm.party.profitability'
    __string__ = "Customer Profitability"
    _currency_fields = ('revenue', 'cost', 'margin')

    party = fields.Many2One('party.party', "Party")
    revenue = fields.Numeric("Revenue", digits=(16, 2))
    cost = fields.Numeric("Cost", digits=(16, 2))
    margin = fields.Numeric("Margin", digits=(16, 2))
    profitability = fields.Selection([
            ('key', "Key Customer"),
            ('profitable', "Profitable"),
            ('marginal', "Marginal"),
            ('unprofitable', "Unprofitable"),
            ], "Profitability")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('margin', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        InvoiceLine = pool.get('account.invoice.line')
        CostPrice = pool.get('product.cost_price')
        invoice = Invoice.__table__()
        line = InvoiceLine.__table__()
        cost_price = CostPrice.__table__()
        where = cls._context_where((invoice.type == 'out')
            & invoice.state.in_(['posted', 'paid'])
            & (line.product != Null),
            company=invoice.company)
        cost_join = cls._context_where(cost_price.product == line.product,
            company=cost_price.company)
        revenue = Sum(line.quantity * line.unit_price)
        cost = Sum(line.quantity * Coalesce(cost_price.cost_price, 0))
        per_party = (line
            .join(invoice, condition=line.invoice == invoice.id)
            .join(cost_price, 'LEFT', condition=cost_join)
            .select(invoice.party.as_('party'),
                revenue.as_('revenue'), cost.as_('cost'),
                (revenue - cost).as_('margin'),
                where=where, group_by=[invoice.party]))
        positive = Case((per_party.margin > 0, per_party.margin), else_=0)
        window = Window([], order_by=[
                per_party.margin.desc, per_party.party.asc])
        before = Coalesce(Sum(positive, window=window), 0) - positive
        total = Sum(positive, window=Window([]))
        ranked = per_party.select(
            per_party.party, per_party.revenue, per_party.cost,
            per_party.margin,
            (before * 1.0 / Case((total > 0, total), else_=1)).as_('share'))
        profitability = Case(
            (ranked.margin <= 0, _text('unprofitable')),
            (ranked.share < 0.8, _text('key')),
            (ranked.share < 0.95, _text('profitable')),
            else_=_text('marginal'))
        return ranked.select(
            ranked.party.as_('id'),
            ranked.party.as_('party'),
            ranked.revenue, ranked.cost, ranked.margin,
            profitability.as_('profitability'))


class SalesTarget(ModelSQL, ModelView):
    """Sales Target

    An untaxed amount to invoice in a period, for one marketer or (without
    marketer) for the whole company; achieved = untaxed amount of the posted
    or paid customer invoices of the period (of the marketer's sales)."""
    __name__ = 'crm.sales.target'
    __string__ = "Sales Target"

    company = fields.Many2One('company.company', "Company", required=True)
    name = fields.Char("Name", required=True)
    agent = fields.Many2One(
        'commission.agent', "Marketer", ondelete='CASCADE',
        help="Leave empty for a target of the whole company.")
    start_date = fields.Date("Start Date", required=True)
    end_date = fields.Date("End Date", required=True)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    amount = Monetary(
        "Target", currency='currency', digits='currency', required=True)
    achieved = fields.Function(Monetary(
            "Achieved", currency='currency', digits='currency'),
        'get_achieved')
    achieved_rate = fields.Function(fields.Float(
            "Achieved (%)", digits=(3, 4)), 'get_achieved')

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @classmethod
    def validate_fields(cls, targets, field_names):
        super().validate_fields(targets, field_names)
        for target in targets:
            if target.end_date < target.start_date:
                raise SaleValidationError(gettext(
                        'crm_fin.msg_target_dates', target=target.name))
            if target.amount <= 0:
                raise SaleValidationError(gettext(
                        'crm_fin.msg_target_amount', target=target.name))

    @classmethod
    def get_achieved(cls, targets, names):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        invoice = Invoice.__table__()
        cursor = Transaction().connection.cursor()
        result = {n: {} for n in names}
        for target in targets:
            where = ((invoice.type == 'out')
                & invoice.state.in_(['posted', 'paid'])
                & (invoice.company == target.company.id)
                & (invoice.invoice_date >= target.start_date)
                & (invoice.invoice_date <= target.end_date))
            if target.agent:
                where &= invoice.agent == target.agent.id
            cursor.execute(*invoice.select(
                    Sum(Coalesce(invoice.untaxed_amount_cache, 0)),
                    where=where))
            amount, = cursor.fetchone()
            amount = target.currency.round(Decimal(str(amount or 0)))
            if 'achieved' in result:
                result['achieved'][target.id] = amount
            if 'achieved_rate' in result:
                result['achieved_rate'][target.id] = (
                    float(amount / target.amount) if target.amount else 0)
        return result


class MarketerDueContext(ModelView):
    "Marketer Payments Due Context"
    __name__ = 'crm.marketer.due.context'
    __string__ = "Marketer Payments Due Context"
    agent = fields.Many2One('commission.agent', "Marketer")
    date = fields.Date("Up to", required=True)

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()


class MarketerDue(
        CompanyCurrencyDigitsMixin, DateDisplayMixin, ModelSQL, ModelView):
    """Payments Due from a Marketer's Customers

    The open receivable lines of posted customer invoices whose marketer is
    the context's one, falling due up to the context's date."""
    __name__ = 'crm.marketer.due'
    __string__ = "Payments Due from a Marketer's Customers"
    _currency_fields = ('amount',)

    invoice = fields.Many2One('account.invoice', "Invoice")
    party = fields.Many2One('party.party', "Party")
    agent = fields.Many2One('commission.agent', "Marketer")
    maturity_date = fields.Date("Due Date")
    maturity_date_display = fields.Function(
        fields.Char("Due Date"), 'get_date_display')
    amount = fields.Numeric("Amount Due", digits=(16, 2))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('maturity_date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        context = Transaction().context
        date = context.get('date') or Pool().get('ir.date').today()
        from_, line, invoice, where = open_receivables()
        where &= line.maturity_date <= date
        if context.get('agent'):
            where &= invoice.agent == context['agent']
        else:
            where &= invoice.agent != Null
        return from_.select(
            line.id.as_('id'),
            invoice.id.as_('invoice'),
            invoice.party.as_('party'),
            invoice.agent.as_('agent'),
            line.maturity_date.as_('maturity_date'),
            (line.debit - line.credit).as_('amount'),
            where=where)
