# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import asyncio
import datetime
import http.server
import json
import threading
import urllib.request
from decimal import Decimal
from unittest.mock import patch

from sql import Column

from trytond.exceptions import UserError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.crm_fin.tests.access import GroupAccessTestMixin
from trytond.modules.crm_fin.tests.accounting import (
    create_accounting, post_receivable)
from trytond.modules.crm_fin.tests.crons import CronTestMixin
from trytond.modules.crm_fin.tests.locale import TranslationTestMixin
from trytond.modules.crm_fin.tests.tools import refuse_nul
from trytond.modules.crm_fin.tests.views import SaoViewTestMixin
from trytond.modules.crm_telephony.phone import RECENT
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

MOBILE = '+989121234567'


class FakeSmsGateway:
    "HTTP SMS provider on 127.0.0.1: answers the queued statuses in turn"

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.requests = []
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers['Content-Length'])
                gateway.requests.append((
                        self.headers.get('X-API-Key'),
                        json.loads(self.rfile.read(length))))
                status = gateway.statuses.pop(0) if gateway.statuses else 200
                body = json.dumps({'id': 'msg-%s' % len(gateway.requests)})
                self.send_response(status)
                self.send_header('Content-Type', 'application/json')
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args):
                pass
        self.server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%s/send' % self.server.server_port
        self.thread = threading.Thread(
            target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *args):
        self.server.shutdown()
        self.server.server_close()


class CrmTelephonyTestCase(
        CronTestMixin, GroupAccessTestMixin, SaoViewTestMixin,
        TranslationTestMixin, CompanyTestMixin,
        ModuleTestCase):
    "Test crm_telephony module"
    module = 'crm_telephony'
    extras = ['sale', 'sale_opportunity', 'account_invoice', 'project']

    def test_e164_candidates(self):
        "Every format a PBX sends gives the same E.164 number"
        from ..phone import e164_candidates, to_e164
        for raw in ['09121234567', '0912 123 4567', '+98 912 123 4567',
                '989121234567', '00989121234567', '9121234567',
                # typed in Persian or Arabic-Indic digits
                '۰۹۱۲۱۲۳۴۵۶۷', '٠٩١٢ ١٢٣ ٤٥٦٧', '+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷']:
            self.assertIn(MOBILE, e164_candidates(raw, 'IR'), raw)
        self.assertEqual(to_e164('600 123 456', 'PL'), '+48600123456')
        self.assertEqual(e164_candidates('12', 'IR'), [])
        self.assertEqual(e164_candidates('abc', 'IR'), [])
        self.assertEqual(e164_candidates('9' * 40, 'IR'), [])

    def _party(self, name="Ali Rezaei", mobile='0912 123 4567', **values):
        Party = Pool().get('party.party')
        mechanisms = [('create', [{'type': 'mobile', 'value': mobile}])]
        party, = Party.create([dict(name=name,
                    contact_mechanisms=mechanisms, **values)])
        return party

    @with_transaction()
    def test_phone_normalised_and_lookup(self):
        "Phones are stored in E.164 and found by any format"
        pool = Pool()
        Party = pool.get('party.party')
        ContactMechanism = pool.get('party.contact_mechanism')
        company = create_company()
        with set_company(company):
            party = self._party()
            mechanism, = party.contact_mechanisms
            self.assertEqual(mechanism.value_e164, MOBILE)
            for raw in ['09121234567', MOBILE, '989121234567',
                    '0098 912 123 4567', '۰۹۱۲۱۲۳۴۵۶۷']:
                self.assertEqual(Party.find_by_phone(raw), [party], raw)
                # and the search box of the customers finds him too
                self.assertEqual(Party.search(
                        [('rec_name', 'ilike', '%%%s%%' % raw)]), [party], raw)
            self.assertEqual(Party.search(
                    [('rec_name', 'ilike', '%0935 000 0000%')]), [])
            self.assertEqual(Party.find_by_phone('09350000000'), [])
            mechanism.value = '0935 111 2233'
            mechanism.save()
            self.assertEqual(mechanism.value_e164, '+989351112233')
            self.assertEqual(Party.find_by_phone('09121234567'), [])
            self.assertEqual(
                ContactMechanism.lookup_parties('+989351112233'), [party.id])
            mechanism.value = '۰۹۳۵ ۴۴۴ ۵۵۶۶'  # Persian digits
            mechanism.save()
            self.assertEqual(mechanism.value_e164, '+989354445566')

    @with_transaction()
    def test_invalid_phone_refused(self):
        "An invalid phone is refused with a translated error"
        company = create_company()
        with set_company(company):
            with self.assertRaises(UserError) as cm:
                self._party(mobile='12345')
            self.assertIn('12345', cm.exception.message)

    @with_transaction()
    def test_communication_last_contact(self):
        "A back-dated communication sets crm_fin's last contact"
        pool = Pool()
        Communication = pool.get('crm.communication')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            party = self._party()
            self.assertIsNone(party.last_contact_date)
            date = datetime.date(2025, 3, 1)
            Communication.create([{
                        'party': party.id, 'kind': 'meeting', 'date': date,
                        'subject': "Visit"}])
            party = Party(party.id)
            self.assertEqual(party.last_contact_date, date)
            self.assertEqual(Party.search(
                    [('last_contact_date', '=', date)]), [party])

            # a contact on or before the last one leaves the summary as it
            # is (no refresh: the PBX logs many calls a day of one caller);
            # a later one moves it, and deleting it moves it back
            Summary = pool.get('crm.party.summary')
            refresh = Summary.refresh
            refreshed = []

            def spy(party_ids):
                refreshed.extend(party_ids)
                return refresh(party_ids)
            with patch.object(Summary, 'refresh', spy):
                Communication.create([{
                            'party': party.id, 'kind': 'call',
                            'date': date - datetime.timedelta(days=3),
                            'direction': 'incoming'}, {
                            'party': party.id, 'kind': 'call', 'date': date,
                            'direction': 'incoming'}])
                self.assertEqual(refreshed, [])
                later, = Communication.create([{
                            'party': party.id, 'kind': 'call',
                            'date': date + datetime.timedelta(days=1),
                            'direction': 'outgoing'}])
                self.assertEqual(refreshed, [party.id])
            party = Party(party.id)
            self.assertEqual(party.last_contact_date, later.date)
            self.assertEqual(party.summary_last_contact, later.date)
            Communication.delete([later])
            party = Party(party.id)
            self.assertEqual(party.last_contact_date, date)
            self.assertEqual(party.summary_last_contact, date)

    @with_transaction()
    def test_party_form_recent_communications(self):
        "The party's form reads his last communications, not all of them"
        pool = Pool()
        Communication = pool.get('crm.communication')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            party = self._party()
            start = datetime.date(2025, 1, 1)
            calls = Communication.create([{
                        'party': party.id, 'kind': 'call',
                        'direction': 'incoming',
                        'date': start + datetime.timedelta(days=i // 2)}
                    for i in range(RECENT + 5)])
            fields = Party.fields_view_get(view_type='form')['fields']
            self.assertIn('recent_communications', fields)
            self.assertNotIn('communications', fields)
            recent = [c.id for c in Party(party.id).recent_communications]
            self.assertEqual(recent, [c.id for c in sorted(calls,
                        key=lambda c: (c.date, c.id), reverse=True)][
                    :RECENT])

    @with_transaction()
    def test_call_reports(self):
        "Calls per day per user and the last call of each customer"
        pool = Pool()
        Communication = pool.get('crm.communication')
        CallsPerDay = pool.get('crm.communication.calls_per_day')
        LastCall = pool.get('crm.communication.last_call')
        company = create_company()
        with set_company(company):
            party = self._party()
            day1, day2 = datetime.date(2026, 5, 1), datetime.date(2026, 5, 3)
            Communication.create([
                    {'party': party.id, 'kind': 'call', 'date': day1,
                        'direction': 'incoming', 'result': 'missed'},
                    {'party': party.id, 'kind': 'call', 'date': day1,
                        'direction': 'outgoing'},
                    {'party': party.id, 'kind': 'call', 'date': day2,
                        'direction': 'outgoing'},
                    {'party': party.id, 'kind': 'letter', 'date': day2},
                    ])
            with Transaction().set_context(from_date=day1, to_date=day1):
                row, = CallsPerDay.search([])
            self.assertEqual((row.date, row.incoming, row.outgoing,
                    row.missed, row.calls), (day1, 1, 1, 1, 2))
            last, = LastCall.search([('party', '=', party.id)])
            self.assertEqual((last.date, last.calls), (day2, 3))

    def _gateway(self, url):
        pool = Pool()
        Gateway = pool.get('crm.sms.gateway')
        Configuration = pool.get('crm.telephony.configuration')
        gateway, = Gateway.create([{
                    'name': "Loopback", 'url': url, 'api_key': 'secret',
                    'sender': '3000', 'prices': [('create', [
                                {'kind': 'greeting', 'cost': Decimal('150')},
                                {'kind': 'promo', 'cost': Decimal('120')},
                                ])],
                    }])
        config = Configuration(1)
        config.sms_gateway = gateway
        config.sms_max_attempts = 2
        config.save()
        return gateway

    @with_transaction()
    def test_sms_gateway_retry_and_log(self):
        "SMS retried on failure, then sent, costed and logged"
        pool = Pool()
        SMS = pool.get('crm.sms')
        Communication = pool.get('crm.communication')
        company = create_company()
        with set_company(company), FakeSmsGateway([500, 200]) as fake:
            self._gateway(fake.url)
            party = self._party()
            template = pool.get('crm.sms.template')(
                name="Promo", kind='promo', text="Hello ${name}, ${company}")
            template.save()
            message, = SMS.queue([{
                        'party': party.id, 'number': party.mobile,
                        'kind': 'promo', 'text': template.render(party)}])
            self.assertEqual(message.text, "Hello Ali Rezaei, Dunder Mifflin")
            SMS.send([message])
            self.assertEqual(message.state, 'queued')
            self.assertEqual(message.attempts, 1)
            self.assertIn('500', message.last_error)
            SMS.send_queued()
            self.assertEqual(message.state, 'sent')
            self.assertEqual(message.cost, Decimal('120'))
            self.assertEqual(message.provider_id, 'msg-2')
            self.assertEqual(fake.requests[-1], ('secret', {
                        'from': '3000', 'to': MOBILE,
                        'text': message.text, 'kind': 'promo'}))
            log, = Communication.search([('party', '=', party.id)])
            self.assertEqual(log.kind, 'sms')
            self.assertEqual(SMS.cost_per_kind(), {
                    'promo': (1, Decimal('120'))})

    @with_transaction()
    def test_sms_failed_after_attempts(self):
        "After the last refused attempt the SMS is failed, never lost"
        pool = Pool()
        SMS = pool.get('crm.sms')
        company = create_company()
        with set_company(company), FakeSmsGateway([503, 503]) as fake:
            self._gateway(fake.url)
            message, = SMS.create([{'number': '09121234567', 'text': "Hi"}])
            SMS.send([message])
            SMS.send([message])
            self.assertEqual(message.state, 'failed')
            SMS.retry([message])
            self.assertEqual(message.state, 'queued')

    @with_transaction()
    def test_sms_refused_to_organization(self):
        "SMS to a company (organisation) are refused"
        pool = Pool()
        SMS = pool.get('crm.sms')
        company = create_company()
        with set_company(company):
            party = self._party(name="Pars Co", party_type='organization')
            with self.assertRaises(UserError):
                SMS.create([{'party': party.id, 'number': party.mobile,
                            'text': "Hi"}])
            with self.assertRaises(UserError):
                SMS.create([{'number': '123', 'text': "Hi"}])

    @with_transaction()
    def test_sms_to_number_range(self):
        "The wizard queues one SMS per number of a range; bad ranges refused"
        from ..sms import number_range
        pool = Pool()
        SMS = pool.get('crm.sms')
        SendSMS = pool.get('crm.sms.send', type='wizard')
        self.assertEqual(number_range('09121234500', '0912 123 4502'),
            ['09121234500', '09121234501', '09121234502'])
        for from_, to in [('09121234502', '09121234500'), ('0912', '09121'),
                ('', '1'), ('09120000000', '09129999999')]:
            with self.assertRaises(UserError):
                number_range(from_, to)
        company = create_company()
        with set_company(company):
            self._gateway('http://127.0.0.1:9/none')
            session_id, _, _ = SendSMS.create()
            wizard = SendSMS(session_id)
            wizard.start.recipients = 'range'
            wizard.start.from_number = '09121234500'
            wizard.start.to_number = '09121234502'
            wizard.start.kind = 'promo'
            wizard.start.text = "Sale at ${company}"
            wizard.start.template = None
            wizard.start.gateway = None
            wizard.transition_queue_()
            messages = SMS.search([])
            self.assertEqual(len(messages), 3)
            self.assertEqual({m.text for m in messages},
                {"Sale at Dunder Mifflin"})
            self.assertEqual({m.state for m in messages}, {'queued'})

    @with_transaction()
    def test_alarm_sms_and_greetings(self):
        "Alarms with an SMS text queue an SMS; greetings are idempotent"
        pool = Pool()
        SMS = pool.get('crm.sms')
        Greeting = pool.get('crm.greeting')
        Holiday = pool.get('crm.greeting.holiday')
        Template = pool.get('crm.sms.template')
        Configuration = pool.get('crm.telephony.configuration')
        company = create_company()
        with set_company(company):
            self._gateway('http://127.0.0.1:9/none')
            template, = Template.create([{'name': "Birthday",
                        'kind': 'greeting', 'text': "Happy birthday ${name}"}])
            config = Configuration(1)
            config.birthday_template = template
            config.save()
            today = datetime.date(2026, 11, 22)
            party = self._party(birthday=datetime.date(1990, 11, 22))
            self._party(name="Pars Co", mobile='09351112233',
                birthday=datetime.date(1990, 11, 22),
                party_type='organization')
            Holiday.create([{'name': "Yalda", 'date': today,
                        'template': template.id}])
            alarms = (Greeting.raise_greetings(today)
                + Holiday.raise_holidays(today))
            self.assertEqual(len(alarms), 2)
            self.assertEqual(Greeting.raise_greetings(today), [])
            self.assertEqual(Holiday.raise_holidays(today), [])
            messages = SMS.search([])
            self.assertEqual(len(messages), 2)
            self.assertEqual({m.party for m in messages}, {party})
            self.assertEqual({m.kind for m in messages}, {'greeting'})
            self.assertIn("Happy birthday Ali Rezaei",
                [m.text for m in messages])

    @with_transaction()
    def test_origin_of_other_users_reminder(self):
        """An SMS raised by another user's reminder opens for a CRM user:
        its origin is named for the reminder's owner only"""
        from trytond.model.exceptions import AccessError
        from trytond.transaction import check_access
        pool = Pool()
        SMS = pool.get('crm.sms')
        Alarm = pool.get('crm.alarm')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        company = create_company()
        group = ModelData.get_id('crm_fin', 'group_crm_user')
        with set_company(company):
            party = self._party()
            owner, other = User.create([{
                        'login': login, 'name': login,
                        'companies': [('add', [company.id])],
                        'company': company.id,
                        'groups': [('add', [group])],
                        } for login in ['owner', 'other']])
            alarm, = Alarm.create([{'origin': str(party), 'party': party.id,
                        'kind': Alarm.get_kinds()[0][0], 'user': owner.id,
                        'date': datetime.date(2026, 11, 22),
                        'name': "Call back"}])
            sms, = SMS.create([{'party': party.id, 'number': '+989121234567',
                        'text': "Call back", 'origin': str(alarm)}])
            for user, label in [
                    (owner, alarm.rec_name), (other, "CRM Alarm of another user")]:
                with Transaction().set_user(user.id), check_access():
                    read, = SMS.read([sms.id], ['origin_label', 'text'])
                    self.assertEqual(read['origin_label'], label)
            # the Reference itself (the form's field before) is refused
            with Transaction().set_user(other.id), check_access():
                with self.assertRaises(AccessError):
                    SMS.read([sms.id], ['origin.rec_name'])

    @with_transaction()
    def test_day_before_reminders(self):
        "A reminder rule raises an alarm and an SMS the day before the date"
        pool = Pool()
        Rule = pool.get('crm.reminder.rule')
        Work = pool.get('project.work')
        Alarm = pool.get('crm.alarm')
        SMS = pool.get('crm.sms')
        IrModel = pool.get('ir.model')
        Field = pool.get('ir.model.field')
        Template = pool.get('crm.sms.template')
        company = create_company()
        with set_company(company):
            self._gateway('http://127.0.0.1:9/none')
            party = self._party()
            end = datetime.date(2026, 6, 10)
            task, = Work.create([{'name': "Tour to Kish", 'type': 'task',
                        'company': company.id, 'due_date': end,
                        'task_party': party.id}])
            model, = IrModel.search([('name', '=', 'project.work')])
            field, = Field.search([('model', '=', 'project.work'),
                    ('name', '=', 'due_date')])
            template, = Template.create([{'name': "Tour", 'kind': 'reminder',
                        'text': "${name}: ${record} on ${date}"}])
            Rule.create([{'name': "Trip", 'model': model.id,
                        'date_field': field.id, 'party_field': 'task_party',
                        'days': 1, 'template': template.id}])
            self.assertEqual(
                Rule.raise_reminders(end - datetime.timedelta(days=2)), [])
            alarm, = Rule.raise_reminders(end - datetime.timedelta(days=1))
            self.assertEqual((alarm.origin, alarm.party, alarm.date),
                (task, party, end))
            self.assertEqual(
                Rule.raise_reminders(end - datetime.timedelta(days=1)), [])
            self.assertEqual(Alarm.search_count([('kind', '=', 'reminder')]),
                1)
            sms, = SMS.search([])
            self.assertTrue(sms.text.startswith("Ali Rezaei: Tour to Kish"))

    @with_transaction()
    def test_incoming_call_card(self):
        """An incoming call is logged and its card pushed to the extension:
        one pop-up, whose last contact is the one before the ringing call"""
        from trytond.bus import Bus
        from trytond.modules.crm_fin.tools import format_amount, format_date
        pool = Pool()
        Communication = pool.get('crm.communication')
        Notification = pool.get('res.notification')
        Party = pool.get('party.party')
        User = pool.get('res.user')
        company = create_company()
        with set_company(company):
            user = User(Transaction().user)
            user.phone_extension = '101'
            user.save()
            party = self._party()
            meeting = datetime.date(2026, 1, 21)
            Communication.create([{'party': party.id, 'kind': 'call',
                        'date': datetime.date(2026, 1, 5),
                        'result': 'callback'}, {
                        'party': party.id, 'kind': 'meeting',
                        'date': meeting, 'subject': "Showroom visit"}])
            with patch.object(Bus, 'publish') as publish:
                call, users = Communication.incoming_call(
                    '989121234567', '101', call_id='c1')
                unknown, _ = Communication.incoming_call(
                    '09350000000', '999', call_id='c2')
            self.assertEqual(call.party, party)
            self.assertEqual(users, [user.id])
            self.assertEqual(unknown.party, None)
            # one pop-up for the call: the notification's own
            self.assertEqual(
                [c[0][0] for c in publish.call_args_list],
                ['notification:%s' % user.id])
            notification, = Notification.search([('user', '=', user.id)])
            self.assertIn("Ali Rezaei", notification.label)
            self.assertIn("Call Back", notification.description)
            # the ringing call (today) is not the last contact
            self.assertIn(format_date(meeting), notification.description)
            self.assertEqual(call.caller_card()['last_contact'],
                format_date(meeting))
            # the open receivable of the call's company
            self.assertNotIn('balance', call.caller_card())
            post_receivable(create_accounting(company), party,
                Decimal('250.50'), datetime.date.today())
            self.assertEqual(call.caller_card()['balance'],
                format_amount(Decimal('250.50'), company.currency))
            Communication.incoming_call('989121234567', call_id='c1',
                event='hangup', duration=42)
            self.assertEqual(call.state, 'ended')
            self.assertEqual(call.result, 'missed')
            Communication.create_lead([unknown])
            self.assertEqual(Party.find_by_phone('09350000000'),
                [unknown.party])

    @with_transaction()
    def test_webhook_caches(self):
        """The webhook's token and the users of an extension are read once
        per process, and again once a PBX or a user is modified"""
        pool = Pool()
        Configuration = pool.get('crm.telephony.configuration')
        User = pool.get('res.user')
        company = create_company()
        with set_company(company):
            config = Configuration(1)
            config.webhook_token = 'tok-old'
            config.save()
            user = User(Transaction().user)
            user.phone_extension = '101'
            user.save()
            self.assertEqual(Configuration.webhook_company('tok-old'), company)
            self.assertEqual(
                [u for u, _ in User.extension_users('101', company.id)],
                [user.id])
            config.webhook_token = 'tok-new'
            config.save()
            user.phone_extension = '102'
            user.save()
            self.assertIsNone(Configuration.webhook_company('tok-old'))
            self.assertEqual(Configuration.webhook_company('tok-new'), company)
            self.assertEqual(User.extension_users('101', company.id), [])
            self.assertEqual(
                [u for u, _ in User.extension_users('102', company.id)],
                [user.id])

    @with_transaction()
    def test_incoming_call_replayed(self):
        """A replayed webhook stores its call once: the request that finds
        no call yet (the other one not committed) collides on the unique
        call id and gets the error the routes retry (their new transaction
        finds the call and answers it)"""
        from trytond import backend
        pool = Pool()
        Communication = pool.get('crm.communication')
        company = create_company()
        with set_company(company):
            Communication.incoming_call('09121234567', call_id='r1')
            again, notified = Communication.incoming_call(
                '09121234567', call_id='r1', event='answered')
            self.assertEqual(notified, [])
            self.assertEqual(
                Communication.search_count([('call_id', '=', 'r1')]), 1)
            with patch.object(Communication, 'search', return_value=[]), \
                    self.assertRaises(backend.DatabaseOperationalError):
                # the look-up ran before the other request committed
                Communication.incoming_call('09121234567', call_id='r1')

    @with_transaction()
    def test_task_assigned_with_history(self):
        "A task is assigned to a colleague, its edits are kept"
        pool = Pool()
        Work = pool.get('project.work')
        User = pool.get('res.user')
        Alarm = pool.get('crm.alarm')
        company = create_company()
        with set_company(company):
            colleague, = User.create([{'name': "Sara", 'login': 'sara'}])
            party = self._party()
            task, = Work.create([{'name': "Call back about the quote",
                        'type': 'task', 'company': company.id,
                        'assigned_user': colleague.id,
                        'due_date': datetime.date(2026, 12, 1),
                        'task_party': party.id}])
            self.assertEqual(task.assigner.id, Transaction().user)
            self.assertEqual(Work.search([('type', '=', 'task'),
                        ('assigner', '=', Transaction().user)]), [task])
            Work.write([task], {'progress': 0.5})
            self.assertEqual(task.progress, 0.5)
            history = Work.__table_history__()
            cursor = Transaction().connection.cursor()
            cursor.execute(*history.select(history.progress,
                    where=history.id == task.id,
                    order_by=Column(history, '__id').asc))
            self.assertEqual([r for r, in cursor], [None, 0.5])

            alarm, = Alarm.raise_alarms([{'name': "Renew", 'origin': party,
                        'kind': 'other', 'date': datetime.date(2026, 12, 2),
                        'user': colleague.id, 'party': party.id,
                        'task': True}])
            created, = Work.search([('origin', '=', str(alarm))])
            self.assertEqual(created.assigned_user, colleague)
            self.assertEqual(created.due_date, datetime.date(2026, 12, 2))

    @with_transaction()
    def test_click_to_dial(self):
        "Dial sends an AMI Originate to the PBX and logs the call"
        import socket
        pool = Pool()
        Party = pool.get('party.party')
        User = pool.get('res.user')
        Configuration = pool.get('crm.telephony.configuration')
        Communication = pool.get('crm.communication')
        listener = socket.create_server(('127.0.0.1', 0))
        actions = []

        def pbx():
            conn, _ = listener.accept()
            with conn:
                conn.sendall(b'Asterisk Call Manager/5.0.1\r\n')
                data = b''
                while data.count(b'\r\n\r\n') < 3:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                    for frame in data.split(b'\r\n\r\n')[len(actions):-1]:
                        actions.append(frame.decode())
                        action_id = [line.split(': ')[1]
                            for line in frame.decode().split('\r\n')
                            if line.startswith('ActionID')][0]
                        conn.sendall(b'Event: FullyBooted\r\n\r\n'
                            b'Response: Success\r\nActionID: %s\r\n'
                            b'Message: OK\r\n\r\n' % action_id.encode())
        thread = threading.Thread(target=pbx, daemon=True)
        thread.start()
        company = create_company()
        with set_company(company):
            config = Configuration(1)
            config.ami_host = '127.0.0.1'
            config.ami_port = listener.getsockname()[1]
            config.ami_username = 'crm'
            config.ami_secret = 'pw'
            config.save()
            party = self._party()
            with self.assertRaises(UserError):
                Party.dial([party])
            user = User(Transaction().user)
            user.phone_extension = '101'
            user.save()
            Party.dial([party])
        thread.join(10)
        listener.close()
        self.assertIn('Action: Login', actions[0])
        self.assertIn('Action: Originate', actions[1])
        self.assertIn('Channel: PJSIP/101', actions[1])
        self.assertIn('Exten: +989121234567', actions[1])
        call, = Communication.search([('party', '=', party.id)])
        self.assertEqual((call.direction, call.extension), ('outgoing', '101'))

    def test_ami_listener(self):
        "The asyncio AMI client reads calls and skips malformed frames"
        from ..ami import AsyncAMIListener
        received = []
        logins = []

        async def pbx(reader, writer):
            writer.write(b'Asterisk Call Manager/5.0.1\r\n')
            logins.append(await reader.readuntil(b'\r\n\r\n'))
            writer.write(b'Response: Success\r\nActionID: 1\r\n'
                b'Message: Authentication accepted\r\n\r\n')
            writer.write(b'this is no frame\r\n\r\n')
            writer.write(b'Event: Newchannel\r\nChannel: PJSIP/trunk-1\r\n'
                b'CallerIDNum: 09121234567\r\nExten: 101\r\n'
                b'Uniqueid: 17.1\r\nLinkedid: 17.1\r\n\r\n')
            writer.write(b'Event: FullyBooted\r\n\r\n')
            writer.write(b'Event: Hangup\r\nCallerIDNum: 09121234567\r\n'
                b'Uniqueid: 17.1\r\nLinkedid: 17.1\r\nCause: 16\r\n\r\n')
            await writer.drain()
            writer.close()

        async def main():
            server = await asyncio.start_server(pbx, '127.0.0.1', 0)
            port = server.sockets[0].getsockname()[1]
            listener = AsyncAMIListener('127.0.0.1', port, 'crm', 'pw',
                handler=lambda *e: received.append(e))
            async with server:
                await asyncio.wait_for(listener.run(), 10)
            return listener
        listener = asyncio.run(main())
        self.assertIn(b'Action: Login', logins[0])
        self.assertIn(b'Username: crm', logins[0])
        self.assertEqual(received, [
                ('ringing', '09121234567', '101', '17.1'),
                ('hangup', '09121234567', None, '17.1')])
        self.assertEqual(listener.errors, 1)

    def test_webhook(self):
        """The VoIP webhook answers a real HTTP request and refuses bad ones;
        the token tells the company, whose user of the extension is
        notified"""
        from werkzeug.serving import make_server

        from trytond.tests.test_tryton import DB_NAME
        from trytond.wsgi import app
        pool = Pool(DB_NAME)
        users = {}
        with Transaction().start(DB_NAME, 0, _lock_tables=[
                    'crm_telephony_configuration']) as transaction:
            Configuration = pool.get('crm.telephony.configuration')
            User = pool.get('res.user')
            for name, token in [
                    ("Webhook Co", 'tok'), ("Webhook Sp. z o.o.", 'tok-pl')]:
                company = create_company(name=name)
                with set_company(company):
                    config = Configuration(1)
                    config.webhook_token = token
                    config.save()
                user, = User.create([{
                            'name': name, 'login': 'webhook-' + token,
                            'phone_extension': '101',
                            'companies': [('add', [company.id])],
                            'company': company.id}])
                users[token] = user.id
            with set_company(company):
                party = self._party(
                    name="Webhook Caller", mobile='09129998877')
            party_id = party.id
            transaction.commit()
        server = make_server('127.0.0.1', 0, app)
        url = 'http://127.0.0.1:%s/%s/crm_telephony/incoming' % (
            server.server_port, DB_NAME)
        answers = []

        def post(body, token='tok'):
            request = urllib.request.Request(url, data=body, method='POST',
                headers={'X-CRM-Token': token,
                    'Content-Type': 'application/json'})

            def run():
                try:
                    with urllib.request.urlopen(request, timeout=10) as r:
                        answers.append((r.status, json.loads(r.read())))
                except urllib.error.HTTPError as e:
                    answers.append((e.code, e.read()))
            thread = threading.Thread(target=run)
            thread.start()
            server.handle_request()
            thread.join()
            return answers[-1]
        try:
            for token, call_id in [('tok', 'wh1'), ('tok-pl', 'wh2')]:
                status, result = post(json.dumps({'caller': '989129998877',
                            'extension': '101', 'call_id': call_id}).encode(),
                    token=token)
                self.assertEqual(status, 200, result)
                self.assertEqual(result['party'], party_id)
                self.assertEqual(result['notified'], [users[token]])
            # the PBX sends the same event again: the same call answers
            status, replayed = post(json.dumps({'caller': '989129998877',
                        'extension': '101', 'call_id': 'wh1'}).encode())
            self.assertEqual(status, 200, replayed)
            self.assertEqual(replayed['communication'],
                answers[0][1]['communication'])
            self.assertEqual(replayed['notified'], [])
            # a transaction retried (the race of a replayed call, the
            # database restarted) reads the same body again
            from trytond import backend
            Communication = pool.get('crm.communication')
            incoming_call = Communication.incoming_call
            tries = []

            def retried(*args, **kwargs):
                tries.append(kwargs)
                if len(tries) == 1:
                    raise backend.DatabaseOperationalError('retry')
                return incoming_call(*args, **kwargs)
            with patch.object(Communication, 'incoming_call',
                    side_effect=retried):
                status, result = post(json.dumps({'caller': '989129998877',
                            'extension': '101', 'call_id': 'wh3'}).encode())
            self.assertEqual(status, 200, result)
            self.assertEqual(len(tries), 2)
            self.assertEqual(result['party'], party_id)
            # the database does not answer: 503 in JSON, the PBX may retry
            with patch.object(Communication, 'incoming_call',
                    side_effect=backend.DatabaseOperationalError('down')):
                status, result = post(json.dumps({'caller': '989129998877',
                            'call_id': 'wh4'}).encode())
            self.assertEqual(
                (status, json.loads(result)), (503, {
                        'error': "database unavailable"}))
            self.assertEqual(post(b'{"caller": "0912"}', token='bad')[0], 403)
            self.assertEqual(post(b'not json')[0], 400)
            self.assertEqual(post(b'{"caller": "%s"}' % (b'9' * 70000))[0],
                413)
            # nested too deep, a lone surrogate: no JSON
            for body in [b'[' * 30000 + b']' * 30000, b'{"a":' * 5000,
                    b'{"caller": "0912\\ud800", "call_id": "wh5"}']:
                self.assertEqual(post(body), (400, b'{"error": "invalid JSON"}'))
            # PostgreSQL refuses the NUL character: no caller, no call
            with refuse_nul():
                for name in ['caller', 'extension', 'call_id']:
                    body = dict({'caller': '989129998877',
                            'call_id': 'wh5'}, **{name: '101\x00'})
                    status, result = post(json.dumps(body).encode())
                    self.assertEqual((status, json.loads(result)), (400, {
                                'error': 'invalid ' + name}))
        finally:
            server.server_close()
        with Transaction().start(DB_NAME, 0):
            Communication = pool.get('crm.communication')
            call, = Communication.search([('call_id', '=', 'wh1')])
            self.assertEqual(call.party.id, party_id)
            self.assertEqual(Communication.search_count(
                    [('call_id', 'in', ['wh1', 'wh2'])]), 2)
            self.assertFalse(Communication.search([('call_id', '=', 'wh5')]))

    def test_originate_variables(self):
        "Originate sends every channel variable, each on its own line"
        import socket

        from ..ami import AMIClient
        ours, pbx = socket.socketpair()
        received = []

        def answer():
            data = b''
            while b'\r\n\r\n' not in data:
                data += pbx.recv(4096)
            received.append(data.decode())
            pbx.sendall(b'Event: Newchannel\r\n\r\n'
                b'Response: Success\r\nActionID: 1\r\n\r\n')
        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        client = AMIClient('127.0.0.1')
        client.sock = ours
        response = client.originate('PJSIP/101', '+989121234567',
            'from-internal', variables={'CUSTOMER': '42', 'LANG': 'fa'})
        thread.join(5)
        ours.close()
        pbx.close()
        self.assertEqual(response['Response'], 'Success')
        self.assertIn('Variable: CUSTOMER=42\r\n', received[0])
        self.assertIn('Variable: LANG=fa\r\n', received[0])

    @with_transaction()
    def test_group_crm_user_telephony(self):
        "A CRM user logs calls and sends SMS; managers set the gateways"
        self.assertGroupAccess('crm_fin.group_crm_user', {
                'crm.communication': 'rwc',
                'crm.sms': 'rc',
                'crm.sms.gateway': 'r',
                'crm.telephony.configuration': 'r',
                }, menus={'crm_telephony.menu_communication_form': True})
        self.assertGroupAccess('crm_fin.group_crm_manager', {
                'crm.communication': 'rwcd',
                'crm.sms.gateway': 'rwcd',
                'crm.telephony.configuration': 'rw',
                })


del ModuleTestCase
