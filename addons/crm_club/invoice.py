# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Posted invoices earn points."
from decimal import Decimal

from trytond.pool import Pool, PoolMeta


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
        "Create the earned and referral points of customer invoices"
        pool = Pool()
        PointsLine = pool.get('club.points.line')
        Config = pool.get('club.configuration')
        config = Config(1)
        existing = {str(l.origin) for l in PointsLine.search([
                    ('origin', 'in', [str(i) for i in invoices]),
                    ('kind', '=', 'earn'),
                    ])}
        vlist = []
        for invoice in invoices:
            party = invoice.party
            if (invoice.type != 'out' or str(invoice) in existing
                    or not party.club_card_number):
                continue
            total = Decimal(0)
            for line in invoice.lines:
                if line.type != 'line' or not line.amount:
                    continue
                total += line.amount * cls._club_rate(
                    line.product, config.default_rate)
            points = int(total.to_integral_value(rounding='ROUND_DOWN'))
            if not points:
                continue
            date = invoice.invoice_date
            vlist.append({
                    'party': party.id, 'date': date, 'points': points,
                    'kind': 'earn', 'origin': str(invoice),
                    'description': invoice.number,
                    })
            referrer = party.club_referrer
            if referrer:
                bonus = int((points * config.referral_rate
                        ).to_integral_value(rounding='ROUND_DOWN'))
                if bonus:
                    vlist.append({
                            'party': referrer.id, 'date': date,
                            'points': bonus, 'kind': 'referral',
                            'origin': str(invoice),
                            'description': party.rec_name,
                            })
        return PointsLine.create(vlist)
