# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""An SMS campaign of 1 000 recipients sent by trytond-worker against a fake
provider on 127.0.0.1 that refuses 5 % of the numbers and posts delivery
reports to trytond; the worker is killed (by its PID) half-way and started
again: every recipient is sent exactly once (the provider's log), the
statuses and costs are right and the opted-out parties are skipped.
PostgreSQL only (trytond-worker needs LISTEN/NOTIFY)."""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
import uuid
from decimal import Decimal

from trytond import backend

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
                os.path.abspath(__file__))), 'addons', 'crm_campaign',
        'tests'))

RECIPIENTS = 1000
OPTED_OUT = 20
PRICE = Decimal(150)

# Runs in a subprocess (proteus on the database): set up, or report
SCRIPT = textwrap.dedent('''
    import json, sys
    from decimal import Decimal
    from proteus import Model, config
    database, conf, action = sys.argv[1], sys.argv[2], sys.argv[3]
    config.set_trytond(database=database, config_file=conf)
    Campaign = Model.get('crm.campaign')
    if action == 'setup':
        url, callback, count, opted = sys.argv[4], sys.argv[5], int(
            sys.argv[6]), int(sys.argv[7])
        from trytond.modules.company.tests.tools import create_company
        from trytond.tests.tools import set_user
        create_company()
        set_user(1)
        Party = Model.get('party.party')
        Category = Model.get('party.category')
        category = Category(name="Campaign test")
        category.save()
        parties = []
        for i in range(count + opted):
            party = Party(name="Recipient %04d" % i,
                marketing_sms_opt_out=i >= count)
            party.categories.append(Category(category.id))
            party.contact_mechanisms.new(type='mobile',
                value='0935%07d' % i)
            parties.append(party)
        Party.save(parties)
        Segment = Model.get('crm.segment')
        segment = Segment(name="Campaign test")
        segment.categories.append(Category(category.id))
        segment.save()
        Gateway = Model.get('crm.sms.gateway')
        gateway = Gateway(name="Fake provider", url=url, api_key='k')
        gateway.prices.new(kind='promo', cost=Decimal('150'))
        gateway.save()
        Configuration = Model.get('crm.campaign.configuration')
        configuration = Configuration(1)
        configuration.delivery_token = 'tok'
        configuration.callback_url = callback
        configuration.batch_size = 25
        configuration.batch_interval = 0
        configuration.save()
        campaign = Campaign(name="Worker test", segment=segment,
            gateway=gateway, kind='promo', text="${name}: spring sale")
        campaign.save()
        campaign.click('prepare')
        campaign.click('send')
        print(json.dumps({'campaign': campaign.id}))
    elif action == 'resume':
        campaign = Campaign(int(sys.argv[4]))
        campaign.click('resume')
    else:
        campaign = Campaign(int(sys.argv[4]))
        Recipient = Model.get('crm.campaign.recipient')
        states = {}
        for recipient in Recipient.find([('campaign', '=', campaign.id)]):
            states[recipient.number or recipient.party.name] = [
                recipient.state, recipient.skip_reason]
        print(json.dumps({
            'state': campaign.state, 'sent': campaign.sent,
            'delivered': campaign.delivered, 'failed': campaign.failed,
            'queued': campaign.queued, 'opted_out': campaign.skipped_opt_out,
            'recipients': campaign.recipient_count,
            'cost': str(campaign.cost), 'states': states}))
''')


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def refused(number):
    "5 % of the numbers are invalid for the provider"
    return int(number[-4:]) % 20 == 7


@unittest.skipUnless(backend.name == 'postgresql',
    "trytond-worker needs PostgreSQL")
class CampaignWorkerTestCase(unittest.TestCase):

    def setUp(self):
        from pg_demo import ROOT, drop, pg_env, run
        self.root = ROOT
        self.database = 'campaign_%s' % uuid.uuid4().hex[:8]
        run('createdb', self.database)
        self.addCleanup(drop, self.database)
        self.folder = tempfile.mkdtemp(prefix='crm-campaign-')
        self.port = free_port()
        self.config = os.path.join(self.folder, 'trytond.conf')
        with open(os.path.join(ROOT, 'trytond.conf')) as source, \
                open(self.config, 'w') as target:
            target.write(source.read().replace(
                    'listen = 127.0.0.1:8000',
                    'listen = 127.0.0.1:%s' % self.port)
                + '\n[queue]\nworker = True\n')
        self.env = dict(pg_env(), **{
                k: v for k, v in os.environ.items()
                if k.startswith('TRYTOND_DATABASE')})
        self.env.pop('DB_NAME', None)
        self.processes = []
        # the suite's Base 1 (contacts, SMS) with the campaigns
        password = os.path.join(self.folder, 'password')
        with open(password, 'w') as fp:
            fp.write('Campaign-Test-2026!')
        subprocess.run([os.path.join(os.path.dirname(sys.executable),
                    'trytond-admin'), '-c', self.config, '-d', self.database,
                '--email', 'admin@example.com', '-u', 'crm_campaign',
                '--activate-dependencies'], cwd=ROOT,
            env=dict(self.env, TRYTONPASSFILE=password), check=True,
            capture_output=True)

    def tearDown(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def start(self, *args):
        process = subprocess.Popen(args, cwd=self.root, env=self.env,
            start_new_session=True, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        self.processes.append(process)
        return process

    def script(self, *args):
        process = subprocess.run([sys.executable, '-c', SCRIPT,
                self.database, self.config] + [str(a) for a in args],
            cwd=self.root, env=self.env, capture_output=True, text=True)
        self.assertEqual(process.returncode, 0, process.stderr[-3000:])
        output = process.stdout
        return json.loads(output.strip().splitlines()[-1]) if output.strip(
            ) else None

    def wait(self, condition, timeout=180):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if condition():
                return True
            time.sleep(0.2)
        return False

    def test_campaign_worker_killed_postgresql(self):
        from fake_sms import FakeSmsProvider
        bin_ = os.path.dirname(sys.executable)
        self.start(os.path.join(bin_, 'trytond'), '-c', self.config)
        callback = 'http://127.0.0.1:%s/%s/crm_campaign/delivery' % (
            self.port, self.database)
        with FakeSmsProvider(refuse=refused, callback=callback, token='tok',
                delay=0.01) as provider:
            campaign = self.script('setup', provider.url, callback,
                RECIPIENTS, OPTED_OUT)['campaign']
            worker = self.start(os.path.join(bin_, 'trytond-worker'),
                '-c', self.config, '-d', self.database)
            self.assertTrue(self.wait(
                    lambda: len(provider.sent) >= RECIPIENTS // 2),
                "the worker sent %s" % len(provider.sent))
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
            time.sleep(1)
            halfway = len(provider.sent)
            report = self.script('report', campaign)
            self.assertEqual(report['state'], 'sending')
            self.assertGreater(report['queued'], 0)
            self.assertLess(halfway, RECIPIENTS * 95 // 100)

            self.start(os.path.join(bin_, 'trytond-worker'),
                '-c', self.config, '-d', self.database)
            self.script('resume', campaign)
            expected = RECIPIENTS - RECIPIENTS // 20
            self.assertTrue(self.wait(lambda: len(provider.sent) >= expected
                    and len(provider.posted) >= len(provider.sent)),
                "sent %s, reported %s" % (
                    len(provider.sent), len(provider.posted)))
            self.assertTrue(self.wait(
                    lambda: self.script('report', campaign)['state'] == 'done',
                    timeout=60))
            report = self.script('report', campaign)

        numbers = [n for n, _, _, _ in provider.sent]
        # every recipient sent exactly once, the refused never
        self.assertEqual(len(numbers), len(set(numbers)))
        self.assertEqual(len(numbers), expected)
        self.assertFalse([n for n in numbers if refused(n)])
        self.assertGreaterEqual(provider.requests, RECIPIENTS)
        self.assertEqual(report['recipients'], RECIPIENTS)
        self.assertEqual(report['opted_out'], OPTED_OUT)
        self.assertEqual(report['sent'], expected)
        self.assertEqual(report['delivered'], expected)
        self.assertEqual(report['failed'], RECIPIENTS - expected)
        self.assertEqual(report['queued'], 0)
        self.assertEqual(Decimal(report['cost']), PRICE * expected)
        states = report['states']
        for number, (state, reason) in states.items():
            if reason:
                continue
            self.assertEqual(state,
                'failed' if refused(number) else 'delivered', number)
        self.assertEqual(sum(1 for s, r in states.values()
                if r == 'opt_out'), OPTED_OUT)
