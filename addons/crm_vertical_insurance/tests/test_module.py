# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.crm_fin.tests.access import GroupAccessTestMixin
from trytond.modules.crm_fin.tests.crons import (
    CronTestMixin, run_as_scheduler, suite_crons)
from trytond.modules.crm_fin.tests.locale import TranslationTestMixin
from trytond.modules.crm_fin.tests.views import SaoViewTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction


def setup_agency(company):
    pool = Pool()
    Party = pool.get('party.party')
    PolicyType = pool.get('insurance.policy.type')
    insurer, ali = Party.create([
            {'name': "Iran Insurance", 'party_type': 'organization'},
            {'name': "Ali Rezaei"},
            ])
    car, = PolicyType.create([{'name': "Car", 'renewal_days': 30}])
    return insurer, ali, car


class CrmVerticalInsuranceTestCase(
        CronTestMixin, GroupAccessTestMixin, SaoViewTestMixin,
        TranslationTestMixin, CompanyTestMixin, ModuleTestCase):
    "Test crm_vertical_insurance module"
    module = 'crm_vertical_insurance'
    extras = ['crm_telephony', 'crm_installments', 'crm_club', 'project']

    def _policy(self, company, insurer, insured, type_, start, end,
            number='P-1', premium=Decimal('1000'), activate=True):
        Policy = Pool().get('insurance.policy')
        policy, = Policy.create([{
                    'company': company.id,
                    'number': number,
                    'type': type_.id,
                    'insurer': insurer.id,
                    'holder': insured.id,
                    'insured': insured.id,
                    'agent': Transaction().user,
                    'start_date': start,
                    'end_date': end,
                    'premium': premium,
                    }])
        if activate:
            Policy.activate([policy])
        return policy

    @with_transaction()
    def test_bad_input(self):
        "End before start, negative premium, extra decimals: refused"
        company = create_company()
        with set_company(company):
            insurer, ali, car = setup_agency(company)
            day = datetime.date(2026, 1, 1)
            for number, (kwargs, message) in enumerate([
                    ({'end': day - datetime.timedelta(1)}, 'before'),
                    ({'premium': Decimal('-1')}, 'negative'),
                    # more decimals than the currency: trytond's digits check
                    ({'premium': Decimal('10.123')}, 'digits'),
                    ]):
                values = {'end': day + datetime.timedelta(364)}
                values.update(kwargs)
                end = values.pop('end')
                with self.assertRaisesRegex(UserError, message):
                    self._policy(company, insurer, ali, car, day, end,
                        number=str(number), activate=False, **values)

    @with_transaction()
    def test_duplicate_number_per_insurer(self):
        "A policy number is unique per insurer, not across insurers"
        pool = Pool()
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            insurer, ali, car = setup_agency(company)
            other, = Party.create([{'name': "Asia Insurance"}])
            day = datetime.date(2026, 1, 1)
            end = datetime.date(2026, 12, 31)
            self._policy(company, insurer, ali, car, day, end,
                activate=False)
            self._policy(company, other, ali, car, day, end,
                activate=False)
            with self.assertRaisesRegex(UserError, 'already used'):
                self._policy(company, insurer, ali, car, day, end,
                    activate=False)

    @with_transaction()
    def test_overlapping_active_policies(self):
        "Two active policies of a type may not cover an insured at once"
        pool = Pool()
        PolicyType = pool.get('insurance.policy.type')
        company = create_company()
        with set_company(company):
            insurer, ali, car = setup_agency(company)
            life, = PolicyType.create([{'name': "Life"}])
            day = datetime.date(2026, 1, 1)
            end = datetime.date(2026, 12, 31)
            self._policy(company, insurer, ali, car, day, end)
            # another type, or after the end, is fine
            self._policy(company, insurer, ali, life, day, end, number='P-2')
            self._policy(company, insurer, ali, car, end + datetime.timedelta(1),
                datetime.date(2027, 12, 31), number='P-3')
            with self.assertRaisesRegex(UserError, 'overlaps'):
                self._policy(company, insurer, ali, car,
                    datetime.date(2026, 6, 1), datetime.date(2027, 5, 31),
                    number='P-4')

    @with_transaction()
    def test_renewal_alarm_once(self):
        """The renewal alarm is raised once, on end - renewal days, for the
        agent as a to-do; ended policies expire"""
        pool = Pool()
        Policy = pool.get('insurance.policy')
        Alarm = pool.get('crm.alarm')
        company = create_company()
        with set_company(company):
            insurer, ali, car = setup_agency(company)
            policy = self._policy(company, insurer, ali, car,
                datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
            self.assertEqual(
                Policy.renewal_alarms(datetime.date(2026, 11, 30)), [])
            alarms = Policy.renewal_alarms(datetime.date(2026, 12, 5))
            self.assertEqual(len(alarms), 1)
            alarm, = alarms
            self.assertEqual(alarm.date, datetime.date(2026, 12, 1))
            self.assertEqual(alarm.kind, 'policy_renewal')
            self.assertTrue(alarm.task)
            self.assertEqual(
                Policy.renewal_alarms(datetime.date(2026, 12, 6)), [])
            Policy.renewal_alarms(datetime.date(2027, 1, 1))
            self.assertEqual(policy.state, 'expired')
            self.assertEqual(Alarm.search([
                        ('kind', '=', 'policy_renewal')], count=True), 1)

    @with_transaction()
    def test_renew_links_next_policy(self):
        "Renewing creates the next policy, linked, from the day after"
        Policy = Pool().get('insurance.policy')
        company = create_company()
        with set_company(company):
            insurer, ali, car = setup_agency(company)
            policy = self._policy(company, insurer, ali, car,
                datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
            action = Policy.renew([policy])
            next_, = Policy.browse(action['res_id'])
            self.assertEqual(policy.state, 'renewed')
            self.assertEqual(next_.previous, policy)
            self.assertEqual(next_.state, 'draft')
            self.assertIsNone(next_.number)
            self.assertEqual(next_.start_date, datetime.date(2027, 1, 1))
            self.assertEqual(next_.end_date, datetime.date(2027, 12, 31))
            with self.assertRaises(AccessError):
                Policy.delete([policy])
            Policy.delete([next_])

    @with_transaction()
    def test_renewal_alarms_per_type(self):
        """Each policy type warns its own number of days before the end: a
        Car policy (30 days) ending in 20 days and a Fire policy (15 days)
        ending in 10 days both get their alarm"""
        pool = Pool()
        Policy = pool.get('insurance.policy')
        PolicyType = pool.get('insurance.policy.type')
        company = create_company()
        with set_company(company):
            insurer, ali, car = setup_agency(company)
            fire, = PolicyType.create([{'name': "Fire", 'renewal_days': 15}])
            today = datetime.date(2026, 6, 1)
            car_policy = self._policy(company, insurer, ali, car,
                datetime.date(2025, 6, 21), today + datetime.timedelta(20))
            fire_policy = self._policy(company, insurer, ali, fire,
                datetime.date(2025, 6, 11), today + datetime.timedelta(10),
                number='P-2')
            alarms = Policy.renewal_alarms(today)
            self.assertEqual(sorted(a.origin.id for a in alarms),
                sorted([car_policy.id, fire_policy.id]))

    @with_transaction()
    def test_renewal_alarms_as_scheduler(self):
        """Run by the scheduler (root, no company), the renewal action warns
        the agents of both companies and gives each a to-do"""
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Work = pool.get('project.work')
        today = pool.get('ir.date').today()
        policies = []
        for name in ["Tolou Insurance Agency", "Agencja Ubezpieczeń"]:
            company = create_company(name)
            with set_company(company):
                insurer, ali, car = setup_agency(company)
                policies.append(self._policy(company, insurer, ali, car,
                        today - datetime.timedelta(300),
                        today + datetime.timedelta(20), number=name))
        run_as_scheduler(suite_crons(['crm_vertical_insurance']))
        alarms = Alarm.search([('kind', '=', 'policy_renewal')])
        self.assertEqual(sorted(a.origin.id for a in alarms),
            sorted(p.id for p in policies))
        self.assertEqual(
            sorted(w.company.id for w in Work.search([
                        ('origin', 'like', 'crm.alarm,%')])),
            sorted(p.company.id for p in policies))

    @with_transaction()
    def test_greetings_of_insured(self):
        """Birthdays and anniversaries of insured persons of active policies
        are crm_fin's greetings, for their agent"""
        pool = Pool()
        Party = pool.get('party.party')
        Greeting = pool.get('crm.greeting')
        company = create_company()
        with set_company(company):
            insurer, ali, car = setup_agency(company)
            sara, = Party.create([{'name': "Sara",
                        'wedding_anniversary': datetime.date(2012, 3, 8)}])
            ali.birthday = datetime.date(1984, 2, 29)
            ali.wedding_anniversary = datetime.date(2010, 3, 8)
            ali.save()
            self._policy(company, insurer, ali, car,
                datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
            alarms = Greeting.raise_greetings(datetime.date(2026, 3, 8))
            # Sara has no policy
            self.assertEqual(
                [(a.party, a.kind, a.user.id) for a in alarms],
                [(ali, 'wedding_anniversary', Transaction().user)])
            self.assertIn("Ali Rezaei", alarms[0].sms_text)
            # 29 February birthdays are wished on 28 February
            alarms = Greeting.raise_greetings(datetime.date(2026, 2, 28))
            self.assertEqual([a.kind for a in alarms], ['birthday'])
            self.assertEqual(
                Greeting.raise_greetings(datetime.date(2026, 2, 28)), [])

    @with_transaction()
    def test_one_greeting_per_person(self):
        """An insured club member born today gets one alarm and one SMS
        from the day's scheduled actions: the telephony template, the
        club's gift, the agent notified"""
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Configuration = pool.get('crm.telephony.configuration')
        ContactMechanism = pool.get('party.contact_mechanism')
        Gateway = pool.get('crm.sms.gateway')
        SMS = pool.get('crm.sms')
        Template = pool.get('crm.sms.template')
        today = pool.get('ir.date').today()
        company = create_company()
        with set_company(company):
            insurer, ali, car = setup_agency(company)
            ali.birthday = today.replace(year=1985)
            ali.club_card_number = '6037991000012'
            ali.save()
            ContactMechanism.create([{'party': ali.id,
                        'type': 'mobile', 'value': '09121234567'}])
            self._policy(company, insurer, ali, car,
                today - datetime.timedelta(100),
                today + datetime.timedelta(200))
            gateway, = Gateway.create([{'name': "Gateway",
                        'url': 'http://127.0.0.1:9/none',
                        'currency': company.currency.id}])
            template, = Template.create([{'name': "Birthday",
                        'kind': 'greeting',
                        'text': "Happy birthday ${name}!"}])
            config = Configuration(1)
            config.sms_gateway = gateway
            config.birthday_template = template
            config.save()
            SMS.delete(SMS.search([]))
        run_as_scheduler([c for c in suite_crons([
                        'crm_fin', 'crm_telephony', 'crm_club',
                        'crm_vertical_insurance'])
                if c.method != 'crm.sms|send_queued'])
        alarm, = Alarm.search([
                ('party', '=', ali.id), ('date', '=', today),
                ('kind', '!=', 'policy_thanks'),
                ])
        self.assertEqual(alarm.kind, 'birthday')
        self.assertEqual(alarm.user.id, Transaction().user)
        sms, = SMS.search([('party', '=', ali.id)])
        self.assertEqual(sms.text,
            "Happy birthday Ali Rezaei! Your club gift awaits you.")

    @with_transaction()
    def test_group_insurance_agent(self):
        "Agents write policies, only managers delete them or set the types"
        self.assertGroupAccess('crm_vertical_insurance.group_insurance_agent', {
                'insurance.policy': 'rwc',
                'insurance.policy.type': 'r',
                'insurance.policy.expiring': 'r',
                'insurance.configuration': 'r',
                }, menus={
                'crm_vertical_insurance.menu_policy': True,
                'crm_vertical_insurance.menu_policy_type': False,
                }, exports={'insurance.policy': False})
        self.assertGroupAccess('crm_fin.group_crm_user', {
                'insurance.policy': '',
                }, menus={'crm_vertical_insurance.menu_insurance': False})



del ModuleTestCase
