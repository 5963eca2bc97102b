# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Agency reports, computed in SQL (python-sql):

* policies expiring in the next N days (context: days);
* renewal rate per agent: of the policies that ended in the period (expired
  or renewed), the share that was renewed;
* premium per policy type for the policies starting in the period.
"""
import datetime

from sql import Null
from sql.aggregate import Count, Max, Sum
from sql.conditionals import Case

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.crm_fin.digits import CompanyCurrencyDigitsMixin
from trytond.modules.crm_fin.reporting import ReportMixin
from trytond.modules.crm_fin.tools import DateDisplayMixin
from trytond.pool import Pool
from trytond.transaction import Transaction


class ReportContext(ModelView):
    "Insurance Report Context"
    __name__ = 'insurance.report.context'
    __string__ = "Insurance Report Context"
    days = fields.Integer(
        "Days", domain=[('days', '>=', 0)],
        help="Policies ending from today up to this many days.")
    from_date = fields.Date("From Date")
    to_date = fields.Date("To Date")

    @classmethod
    def default_days(cls):
        return 30

    @classmethod
    def default_from_date(cls):
        return Pool().get('ir.date').today().replace(month=1, day=1)

    @classmethod
    def default_to_date(cls):
        return Pool().get('ir.date').today().replace(month=12, day=31)


class _PeriodReport(ReportMixin):
    __slots__ = ()

    @classmethod
    def _period_where(cls, where, policy, date):
        "where and the context's company and period on date"
        # the policies of the holders of the user's regions
        return cls._context_where(where, company=policy.company, date=date,
            party=policy.holder, party_empty=False)


class PolicyExpiring(
        CompanyCurrencyDigitsMixin, DateDisplayMixin, ReportMixin, ModelSQL,
        ModelView):
    "Policies Expiring"
    __name__ = 'insurance.policy.expiring'
    __string__ = "Policies Expiring"
    _currency_fields = ('premium',)
    policy = fields.Many2One('insurance.policy', "Policy")
    type = fields.Many2One('insurance.policy.type', "Type")
    insured = fields.Many2One('party.party', "Insured")
    holder = fields.Many2One('party.party', "Policy Holder")
    agent = fields.Many2One('res.user', "Agent")
    end_date = fields.Date("End Date")
    end_date_display = fields.Function(
        fields.Char("End Date"), 'get_date_display')
    premium = fields.Numeric("Premium", digits=(16, 2))
    next_policy = fields.Many2One('insurance.policy', "Renewed By")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('end_date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Policy = pool.get('insurance.policy')
        policy = Policy.__table__()
        next_ = Policy.__table__()
        context = Transaction().context
        today = pool.get('ir.date').today()
        days = context.get('days')
        if days is None:
            days = 30
        where = cls._context_where((policy.state == 'active')
            & (policy.end_date >= today)
            & (policy.end_date <= today + datetime.timedelta(days=days)),
            company=policy.company)
        return policy.join(next_, 'LEFT',
            condition=(next_.previous == policy.id)
            & (next_.state != 'cancelled')).select(
                policy.id.as_('id'),
                policy.id.as_('policy'),
                policy.type.as_('type'),
                policy.insured.as_('insured'),
                policy.holder.as_('holder'),
                policy.agent.as_('agent'),
                policy.end_date.as_('end_date'),
                policy.premium.as_('premium'),
                Max(next_.id).as_('next_policy'),
                where=where,
                group_by=[policy.id])


class AgentRenewal(_PeriodReport, ModelSQL, ModelView):
    "Renewal Rate per Agent"
    __name__ = 'insurance.agent.renewal'
    __string__ = "Renewal Rate per Agent"
    agent = fields.Many2One('res.user', "Agent")
    ended = fields.Integer("Ended Policies")
    renewed = fields.Integer("Renewed")
    rate = fields.Float("Renewal Rate", digits=(3, 4))

    @classmethod
    def table_query(cls):
        pool = Pool()
        Policy = pool.get('insurance.policy')
        policy = Policy.__table__()
        renewed = Sum(Case((policy.state == 'renewed', 1), else_=0))
        ended = Count(policy.id)
        return policy.select(
            policy.agent.as_('id'),
            policy.agent.as_('agent'),
            ended.as_('ended'),
            renewed.as_('renewed'),
            (renewed * 1.0 / ended).as_('rate'),
            where=cls._period_where(
                policy.state.in_(['expired', 'renewed'])
                & (policy.agent != Null),
                policy, policy.end_date),
            group_by=[policy.agent])


class TypePremium(
        CompanyCurrencyDigitsMixin, _PeriodReport, ModelSQL, ModelView):
    "Premium per Policy Type"
    __name__ = 'insurance.type.premium'
    __string__ = "Premium per Policy Type"
    _currency_fields = ('premium',)
    type = fields.Many2One('insurance.policy.type', "Type")
    policies = fields.Integer("Policies")
    premium = fields.Numeric("Premium", digits=(16, 2))

    @classmethod
    def table_query(cls):
        pool = Pool()
        Policy = pool.get('insurance.policy')
        policy = Policy.__table__()
        return policy.select(
            policy.type.as_('id'),
            policy.type.as_('type'),
            Count(policy.id).as_('policies'),
            Sum(policy.premium).as_('premium'),
            where=cls._period_where(
                policy.state.in_(['active', 'expired', 'renewed']),
                policy, policy.start_date),
            group_by=[policy.type])
