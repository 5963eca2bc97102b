# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"The club's points issued and redeemed per month (the user's months)."
from sql import Literal
from sql.aggregate import Sum
from sql.conditionals import Case, Coalesce

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.crm_fin.reporting import (
    bucket, month_name, month_starts, periods)
from trytond.pool import Pool


class PointsMonthly(ModelSQL, ModelView):
    "Club Points per Month"
    __name__ = 'club.points.monthly'
    __string__ = "Club Points Monthly"
    month = fields.Date("Month")
    month_name = fields.Function(fields.Char("Month"), 'get_month_name')
    issued = fields.Integer("Issued",
        help="Points earned on purchases and referrals.")
    redeemed = fields.Integer("Redeemed")
    decayed = fields.Integer("Decayed")
    net = fields.Integer("Net",
        help="The change of the members' balances, corrections included.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('month', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        "The ledger of the last 12 months summed per month and kind"
        pool = Pool()
        Line = pool.get('club.points.line')
        line = Line.__table__()
        bounds = month_starts(pool.get('ir.date').today(), 12)
        rows = line.select(
            bucket(line.date, bounds).as_('bucket'),
            line.kind, line.points,
            where=(line.date >= bounds[0]) & (line.date < bounds[-1]))
        per_month = rows.select(
            rows.bucket,
            Sum(Case((rows.kind.in_(['earn', 'referral']), rows.points),
                    else_=0)).as_('issued'),
            Sum(Case((rows.kind == 'redeem', -rows.points),
                    else_=0)).as_('redeemed'),
            Sum(Case((rows.kind == 'decay', -rows.points),
                    else_=0)).as_('decayed'),
            Sum(rows.points).as_('net'),
            group_by=[rows.bucket])
        months = periods(bounds)
        return months.join(per_month, 'LEFT',
            condition=per_month.bucket == months.bucket).select(
                (months.bucket + 1).as_('id'),
                months.start.as_('month'),
                *(Coalesce(getattr(per_month, n), Literal(0)).as_(n)
                    for n in ['issued', 'redeemed', 'decayed', 'net']))

    def get_month_name(self, name):
        return month_name(self.month) if self.month else None
