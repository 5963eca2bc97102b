# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Posted invoices earn points."
from decimal import Decimal

from sql import Literal, Null
from sql.operators import Concat, Exists

from trytond.model import fields
from trytond.modules.crm_fin.tools import in_max
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    @classmethod
    def _post(cls, invoices):
        super()._post(invoices)
        cls.club_earn_points(invoices)

    @staticmethod
    def _club_rate(product, default):
        "The highest rate of the product's categories (high margin earns more)"
        if product:
            rates = [c.club_points_rate
                for c in product.template.categories_all
                if c.club_points_rate is not None]
            if rates:
                return max(rates)
        return default

    @classmethod
    def club_earn_points(cls, invoices):
        """Create the earned and referral points of customer invoices,
        set-based per batch: one read of the batch's lines, one INSERT ...
        SELECT of the entries over the batch's invoices (joined to their
        members and referrers, skipping the invoices already earned), the
        tiers re-ranked once; return the ids of the new entries"""
        pool = Pool()
        PointsLine = pool.get('club.points.line')
        Config = pool.get('club.configuration')
        Line = pool.get('account.invoice.line')
        Product = pool.get('product.product')
        Party = pool.get('party.party')
        config = Config(1)
        cursor = Transaction().connection.cursor()
        invoice = cls.__table__()
        line = Line.__table__()
        party = Party.__table__()
        ledger = PointsLine.__table__()
        customer = [i for i in invoices if i.type == 'out']
        if not customer:
            return []
        currencies = {i.id: i.currency for i in customer}
        totals, rates = {}, {}
        for sub_ids in grouped_slice(list(currencies), in_max()):
            cursor.execute(*line.select(
                    line.invoice, line.product, line.quantity,
                    line.unit_price,
                    where=fields.SQL_OPERATORS['in'](line.invoice, sub_ids)
                    & (line.type == 'line')))
            rows = cursor.fetchall()
            new = {r[1] for r in rows if r[1] is not None} - set(rates)
            for product in Product.browse(list(new)):
                rates[product.id] = cls._club_rate(
                    product, config.default_rate)
            for invoice_id, product_id, quantity, unit_price in rows:
                # the line's amount as the invoice shows it
                amount = currencies[invoice_id].round(
                    Decimal(str(quantity or 0)) * (unit_price or Decimal(0)))
                if not amount:
                    continue
                rate = (rates[product_id] if product_id is not None
                    else config.default_rate)
                totals[invoice_id] = totals.get(invoice_id, 0) + amount * rate
        earned = {}
        for invoice_id, total in totals.items():
            points = int(Decimal(total).to_integral_value(
                    rounding='ROUND_DOWN'))
            if points:
                earned[invoice_id] = points
        if not earned:
            return []
        # the points of each invoice as a table of the batch (its column
        # named party holds the invoice)
        points = PointsLine.values_query([
                (i, None, p, None, None, None) for i, p in earned.items()])
        origin = Concat(cls.__name__ + ',', invoice.id)
        already = ledger.select(ledger.id,
            where=(ledger.origin == origin) & (ledger.kind == 'earn'))
        member = (party.club_card_number != Null) & (
            party.club_card_number != '')
        from_ = invoice.join(points,
            condition=points.party == invoice.id
            ).join(party, condition=party.id == invoice.party)
        earn = from_.select(
            invoice.party, invoice.invoice_date, points.points,
            Literal('earn'), origin, invoice.number,
            where=member & ~Exists(already))
        # the referrers' share of the new earned entries in the same INSERT
        return PointsLine.insert_entries(
            earn, referral_rate=config.referral_rate)
