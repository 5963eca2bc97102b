# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Insurance policies of an agency.

A policy is sold by an agent (a user) for an insurer to a holder, covers an
insured person from its start to its end date and costs a premium.  It goes
draft -> active -> expired, renewed or cancelled; renewing creates the next
policy (draft) linked to the previous one.

Alarms (crm_fin's ``crm.alarm``, unique per origin, kind and date, so a
scheduled action may run any number of times a day):

* ``policy_thanks`` when a policy is activated, with the thank-you SMS;
* ``policy_renewal`` for the agent, as a to-do, ``renewal_days`` (of the
  policy type) before the end, with the renewal-reminder SMS to the holder;
* the birthday and wedding anniversary of the insured persons of active
  policies are crm_fin's greetings; the agency adds its text and notifies
  the agent (``greeting.py``).

The SMS are queued by crm_telephony when it is installed.
"""
import datetime

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.crm_fin.tools import DateDisplayMixin, for_each_company
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import PolicyError

LIVE = ['active']


class PolicyType(ModelSQL, ModelView):
    "Policy Type"
    __name__ = 'insurance.policy.type'
    __string__ = "Policy Type"
    name = fields.Char("Name", required=True, translate=True)
    renewal_days = fields.Integer(
        "Renewal Alarm Days", required=True,
        domain=[('renewal_days', '>=', 0)],
        help="Days before the end of a policy when its agent is warned.")

    @classmethod
    def default_renewal_days(cls):
        return 30


class Policy(
        DateDisplayMixin, Workflow, ModelSQL, ModelView):
    "Insurance Policy"
    __name__ = 'insurance.policy'
    __string__ = "Insurance Policy"
    _history = True
    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    number = fields.Char(
        "Number",
        states={
            'readonly': Eval('state') != 'draft',
            'required': Eval('state') != 'draft',
            },
        help="The insurer's policy number; required to activate.")
    type = fields.Many2One(
        'insurance.policy.type', "Type", required=True, states=_states)
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    holder = fields.Many2One(
        'party.party', "Policy Holder", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'},
        help="Who signs and pays the policy.")
    insured = fields.Many2One(
        'party.party', "Insured", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    agent = fields.Many2One(
        'res.user', "Agent", required=True, states=_states,
        help="Receives the renewal and life-event alarms.")
    start_date = fields.Date("Start Date", required=True, states=_states)
    end_date = fields.Date("End Date", required=True, states=_states)
    start_date_display = fields.Function(
        fields.Char("Start Date"), 'get_date_display')
    end_date_display = fields.Function(
        fields.Char("End Date"), 'get_date_display')
    premium = fields.Numeric(
        "Premium", digits='currency', required=True, states=_states)
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"),
        'on_change_with_currency')
    previous = fields.Many2One(
        'insurance.policy', "Renewal Of", readonly=True,
        ondelete='RESTRICT')
    next = fields.One2Many(
        'insurance.policy', 'previous', "Renewed By", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('active', "Active"),
            ('expired', "Expired"),
            ('renewed', "Renewed"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('insurer_number_unique', Unique(t, t.insurer, t.number),
                'crm_vertical_insurance.msg_policy_number_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.insured, Index.Range()), (t.type, Index.Range()),
                    where=t.state == 'active'),
                Index(t, (t.end_date, Index.Range()),
                    where=t.state == 'active'),
                })
        cls._order = [('end_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'active'),
            ('draft', 'cancelled'),
            ('active', 'cancelled'),
            ('active', 'expired'),
            ('active', 'renewed'),
            ('expired', 'renewed'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'activate': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['draft', 'active']),
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'depends': ['state'],
                    },
                'renew': {
                    'invisible': ~Eval('state').in_(['active', 'expired']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_agent(cls):
        return Transaction().user or None

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends('start_date', 'end_date')
    def on_change_start_date(self):
        "A new policy covers one year by default"
        if self.start_date and not self.end_date:
            try:
                self.end_date = self.start_date.replace(
                    year=self.start_date.year + 1) - datetime.timedelta(1)
            except ValueError:  # 29 February
                self.end_date = self.start_date.replace(
                    year=self.start_date.year + 1, day=28)

    def get_rec_name(self, name):
        return ' - '.join(filter(None, [
                    self.number, self.type.rec_name, self.insured.rec_name]))

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, *_ = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('number',) + tuple(clause[1:]),
            ('insured.rec_name',) + tuple(clause[1:]),
            ('holder.rec_name',) + tuple(clause[1:]),
            ]

    @classmethod
    def validate_fields(cls, policies, field_names):
        super().validate_fields(policies, field_names)
        for policy in policies:
            policy.check_values()
        if field_names & {
                'state', 'insured', 'type', 'start_date', 'end_date'}:
            cls.check_overlap(policies)

    def check_values(self):
        if self.end_date < self.start_date:
            raise PolicyError(gettext(
                    'crm_vertical_insurance.msg_policy_end_before_start',
                    policy=self.rec_name))
        if self.premium < 0:
            raise PolicyError(gettext(
                    'crm_vertical_insurance.msg_policy_negative_premium',
                    policy=self.rec_name))

    @classmethod
    def check_overlap(cls, policies):
        "Two active policies of one type may not cover an insured at once"
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        for policy in policies:
            if policy.state not in LIVE:
                continue
            cursor.execute(*table.select(table.id,
                    where=(table.id != policy.id)
                    & table.state.in_(LIVE)
                    & (table.insured == policy.insured.id)
                    & (table.type == policy.type.id)
                    & (table.start_date <= policy.end_date)
                    & (table.end_date >= policy.start_date),
                    limit=1))
            row = cursor.fetchone()
            if row:
                raise PolicyError(gettext(
                        'crm_vertical_insurance.msg_policy_overlap',
                        policy=policy.rec_name,
                        other=cls(row[0]).rec_name))

    @classmethod
    def check_modification(cls, mode, policies, values=None, external=False):
        super().check_modification(
            mode, policies, values=values, external=external)
        if mode == 'delete':
            for policy in policies:
                if policy.state not in {'draft', 'cancelled'}:
                    raise AccessError(gettext(
                            'crm_vertical_insurance.msg_policy_delete',
                            policy=policy.rec_name))
        elif mode == 'write' and external:
            # a sold policy changes through its buttons only (renew, cancel)
            for policy in policies:
                if policy.state != 'draft':
                    raise AccessError(gettext(
                            'crm_vertical_insurance.msg_policy_modify',
                            policy=policy.rec_name,
                            state=policy.state_string))

    @classmethod
    def copy(cls, policies, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('number')
        default.setdefault('previous')
        default.setdefault('next')
        default.setdefault('state', 'draft')
        return super().copy(policies, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, policies):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('active')
    def activate(cls, policies):
        "Sell the policies: the holder gets the thank-you SMS"
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Date = pool.get('ir.date')
        Configuration = pool.get('insurance.configuration')
        config = Configuration(1)
        today = Date.today()
        Alarm.raise_alarms([{
                    'message': 'crm_vertical_insurance.msg_alarm_thanks',
                    'sms_message': '%s:thanks_text' % config,
                    'params': p.sms_params(),
                    'origin': p,
                    'kind': 'policy_thanks',
                    'date': today,
                    'party': p.holder.id,
                    'user': p.agent.id,
                    } for p in policies])

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, policies):
        pass

    @classmethod
    @Workflow.transition('expired')
    def expire(cls, policies):
        pass

    @classmethod
    @ModelView.button_action('crm_vertical_insurance.act_policy_form')
    def renew(cls, policies):
        "Create the next policy of each one, from the day after its end"
        next_policies = []
        for policy in policies:
            if policy.next:
                next_policies.extend(policy.next)
                continue
            length = policy.end_date - policy.start_date
            start = policy.end_date + datetime.timedelta(days=1)
            next_policy, = cls.copy([policy], default={
                    'previous': policy.id,
                    'start_date': start,
                    'end_date': start + length,
                    'agent': policy.agent.id,
                    })
            next_policies.append(next_policy)
        cls._renewed(policies)
        return {'res_id': [p.id for p in next_policies]}

    @classmethod
    @Workflow.transition('renewed')
    def _renewed(cls, policies):
        pass

    def sms_params(self):
        """The parameters of the configuration's SMS texts (${holder},
        ${name}, ${type}, ${number}, ${end}, ${company}) and of the alarm
        titles, rendered in the reader's language (crm_fin/text.py)"""
        pool = Pool()
        Company = pool.get('company.company')
        company = Transaction().context.get('company') or self.company.id
        return {
            'policy': self,
            'holder': self.holder.name,
            'name': self.insured.name,
            'type': self.type,
            'number': self.number or '',
            'end': self.end_date,
            'company': Company(company),
            }

    @classmethod
    @for_each_company
    def renewal_alarms(cls, date=None):
        """Scheduled action: warn the agents of the active policies of the
        company whose renewal day (end - renewal days of the type) has
        come, and expire those that ended.  Idempotent."""
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Date = pool.get('ir.date')
        Configuration = pool.get('insurance.configuration')
        PolicyType = pool.get('insurance.policy.type')
        config = Configuration(1)
        company = Transaction().context.get('company')
        if date is None:
            date = Date.today()
        ended = cls.search([
                ('company', '=', company),
                ('state', '=', 'active'),
                ('end_date', '<', date),
                ])
        if ended:
            cls.expire(ended)
        policy = cls.__table__()
        type_ = PolicyType.__table__()
        cursor = Transaction().connection.cursor()
        # end_date - renewal_days <= date, without date arithmetic in SQL
        # (portable between SQLite and PostgreSQL): one query per horizon
        cursor.execute(*type_.select(type_.renewal_days, group_by=[
                    type_.renewal_days]))
        horizons = [days for days, in cursor.fetchall()]
        ids = []
        for days in horizons:
            cursor.execute(*policy.join(type_,
                    condition=policy.type == type_.id).select(policy.id,
                    where=(policy.company == company)
                    & (policy.state == 'active')
                    & (type_.renewal_days == days)
                    & (policy.end_date >= date)
                    & (policy.end_date
                        <= date + datetime.timedelta(days=days))))
            ids.extend(i for i, in cursor.fetchall())
        values = []
        for policy in cls.browse(sorted(ids)):
            if policy.next:
                continue
            day = max(policy.end_date - datetime.timedelta(
                    days=policy.type.renewal_days), policy.start_date)
            values.append({
                    'message': 'crm_vertical_insurance.msg_alarm_renewal',
                    'sms_message': '%s:renewal_text' % config,
                    'params': policy.sms_params(),
                    'origin': policy,
                    'kind': 'policy_renewal',
                    'date': day,
                    'party': policy.holder.id,
                    'user': policy.agent.id,
                    'task': True,
                    })
        return Alarm.raise_alarms(values)
