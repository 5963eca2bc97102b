# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The web UI end to end, in headless Chromium (issue 8).

Builds the demo database (SQLite, ``python -m demo``) in a temporary folder,
starts ``trytond`` on a free port of 127.0.0.1 serving sao, and drives the
Debian Chromium with Playwright as a user would: log in, create a quotation
(customer, payment term, a line), give it an installment plan of cheques,
quote it, convert it to an invoice and post it, register the first cheque
and receive it, then simulate an incoming call on the VoIP webhook and open the
notification with the caller's card; last, the clinic's calendar and the
club's members of the demo.  Screenshots of every step go to
``test-artifacts/screenshots`` (the README shows them).

Skipped where Chromium, Playwright or sao are not installed; scripts/test.sh
installs them.
"""
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
SAO = os.path.join(ROOT, '.sao', 'package', 'index.html')
SCREENSHOTS = os.path.join(
    os.environ.get('TEST_ARTIFACTS', os.path.join(ROOT, 'test-artifacts')),
    'screenshots')
DATABASE = 'e2e'
sys.path.insert(0, ROOT)
from demo.names import name  # noqa: E402 (the demo's names, Persian script)

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:
    sync_playwright = None


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@unittest.skipUnless(CHROMIUM and sync_playwright and os.path.exists(SAO),
    "needs Chromium, Playwright and sao (scripts/test.sh installs them)")
class BrowserTestCase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix='crm-e2e-')
        cls.port = free_port()
        env = {k: v for k, v in os.environ.items()
            if not k.startswith('DB_') and k != 'TRYTOND_DATABASE__URI'}
        env.update({
                'TRYTOND_DATABASE__PATH': cls.folder,
                'TRYTOND_WEB__ROOT': os.path.dirname(SAO),
                })
        config = os.path.join(cls.folder, 'trytond.conf')
        with open(os.path.join(ROOT, 'trytond.conf')) as source, \
                open(config, 'w') as target:
            target.write(source.read().replace(
                    'listen = 127.0.0.1:8000',
                    'listen = 127.0.0.1:%s' % cls.port))
        database = os.path.join(cls.folder, DATABASE + '.sqlite')
        # CRM_E2E_DEMO=<file>: keep the demo built once between runs
        kept = os.environ.get('CRM_E2E_DEMO')
        if kept and os.path.exists(kept):
            shutil.copy(kept, database)
        else:
            subprocess.run([sys.executable, '-m', 'demo', '-c', config,
                    '-d', DATABASE], cwd=ROOT, env=env, check=True,
                stdout=subprocess.DEVNULL)
            if kept:
                shutil.copy(database, kept)
        cls.log = open(os.path.join(cls.folder, 'server.log'), 'w')
        cls.server = subprocess.Popen([
                os.path.join(os.path.dirname(sys.executable), 'trytond'),
                '-c', config, '-d', DATABASE],
            cwd=ROOT, env=env, stdout=cls.log, stderr=subprocess.STDOUT)
        for _ in range(120):
            try:
                socket.create_connection(
                    ('127.0.0.1', cls.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        cls.url = 'http://127.0.0.1:%s/' % cls.port
        os.makedirs(SCREENSHOTS, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(timeout=30)
        cls.log.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def shot(self, page, name):
        page.wait_for_timeout(500)
        page.screenshot(path=os.path.join(SCREENSHOTS, name + '.png'))

    def many2one(self, page, scope, name, text, choice=None):
        "Type into a many2one and pick the completion showing choice"
        field = page.locator('%s input[name=%s]:visible' % (scope, name))
        field.click()
        field.press_sequentially(text, delay=40)
        page.locator('li.completion:visible',
            has_text=choice or text).first.click()
        page.wait_for_timeout(700)

    def type_into(self, page, scope, name, text):
        field = page.locator(
            '%s input[name=%s]:visible' % (scope, name)).first
        field.click()
        field.press('Control+a')
        field.press_sequentially(text, delay=40)
        field.press('Tab')

    def open_action(self, page, name):
        "Open a menu entry through the action search box of the header"
        search = page.locator('input[placeholder=Action]')
        search.click()
        search.press_sequentially(name, delay=40)
        page.locator('li.completion:visible', has_text=name).first.click()
        page.locator('a[role=tab]:visible', has_text=name).first.wait_for()
        page.wait_for_timeout(1500)

    def new_record(self, page, first_field):
        "Click New of the current tab and wait for its form"
        page.locator('button[title^="New"]:visible').first.click()
        page.locator('input[name=%s]:visible' % first_field).wait_for()
        page.wait_for_timeout(1000)

    def click_button(self, page, name, confirm=False):
        page.locator('button[name=%s]:visible' % name).first.click()
        if confirm:
            page.locator('.modal button:visible', has_text='OK').click()
        page.wait_for_timeout(1500)

    def save(self, page):
        page.locator('button[title^="Save"]:visible').first.click()
        page.locator('span:visible', has_text='Record saved.').first.wait_for()

    def incoming_call(self, caller):
        "What the PBX's VoIP webhook sends when the phone rings"
        connection = http.client.HTTPConnection(
            '127.0.0.1', self.port, timeout=30)
        connection.request('POST', '/%s/crm_telephony/incoming' % DATABASE,
            body=json.dumps({'caller': caller, 'extension': '101',
                    'call_id': 'e2e-1'}),
            headers={'Content-Type': 'application/json',
                'X-CRM-Token': 'demo-webhook-token'})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b'null')

    def test_quotation_invoice_cheque_caller_id(self):
        "Quotation -> invoice -> cheque -> caller ID, as a user clicks them"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=['--no-sandbox'])
            try:
                page = browser.new_page(
                    viewport={'width': 1600, 'height': 1000})
                page.set_default_timeout(30_000)
                try:
                    self._walk(page)
                except Exception:
                    self.shot(page, 'failure')
                    raise
            finally:
                browser.close()

    def _walk(self, page):
        # Log in
        page.goto(self.url)
        page.fill('input#login', 'admin')
        self.shot(page, '01-login')
        page.click('button[type=submit]')
        page.locator('input[type=password]').fill('admin')
        page.keyboard.press('Enter')
        page.locator('text=CRM').first.wait_for()
        self.shot(page, '02-home')

        # A quotation for Ali Rezaei: 2 laptops, VAT and levy computed
        page.goto(self.url + '#%s/model/sale.sale' % DATABASE)
        page.locator('text=Untaxed').first.wait_for()
        self.shot(page, '03-quotations')
        self.new_record(page, 'party')
        self.many2one(page, '', 'party', name('Ali Rezaei'))
        self.many2one(page, '', 'payment_term', 'Net 30 days')
        page.locator('.form button[title="New"]:visible').first.click()
        page.locator('.modal input[name=product]:visible').wait_for()
        self.many2one(page, '.modal', 'product', name('Laptop'))
        page.wait_for_timeout(1000)
        self.type_into(page, '.modal', 'quantity', '2')
        page.locator('.modal button#save').click()
        page.locator('.modal').wait_for(state='hidden')
        self.save(page)
        expect(page.locator('input[name=total_amount]:visible')).to_have_value(
            '565,000,000')
        self.shot(page, '04-quotation')

        # 30 % cash and three monthly cheques
        page.locator('a[role=tab]:visible', has_text='Installments').click()
        self.click_button(page, 'installment_plan')
        self.many2one(page, '.modal', 'template',
            name('30% cash + 3 monthly cheques'))
        self.shot(page, '05-installment-plan')
        page.locator('.modal button[title=Create]').click()
        page.locator('.modal').wait_for(state='hidden')
        expect(page.locator('td:visible', has_text='Cheque')).to_have_count(3)
        self.shot(page, '06-installments')

        # Quote, convert to an invoice in one click and post it
        self.click_button(page, 'quote')
        self.click_button(page, 'convert', confirm=True)
        page.locator('input[name=converted]:checked').first.wait_for(
            state='attached')
        self.shot(page, '07-converted-invoice')
        self.click_button(page, 'post', confirm=True)
        expect(page.locator('select[name=state]:visible')).to_have_value(
            '"posted"', timeout=30_000)
        self.shot(page, '08-posted-invoice')

        # Register the first cheque against its installment and receive it
        self.open_action(page, 'Cheques')
        self.new_record(page, 'number')
        self.type_into(page, '', 'number', '7001234')
        self.many2one(page, '', 'bank', name('Bank Melli'))
        self.many2one(page, '', 'party', name('Ali Rezaei'))
        self.many2one(page, '', 'installment', name('Ali Rezaei'),
            '131,833,333')
        self.type_into(page, '', 'drawer', name('Ali Rezaei'))
        self.save(page)
        self.click_button(page, 'receive')
        expect(page.locator('select[name=state]:visible')).to_have_value(
            '"received"')
        self.shot(page, '09-cheque-received')

        # The phone rings: the webhook finds Ali Rezaei by his mobile and
        # the user of extension 101 gets the caller's card
        status, answer = self.incoming_call('+989121234560')
        self.assertEqual(status, 200, answer)
        page.reload()
        page.locator('text=CRM').first.wait_for()
        page.wait_for_timeout(1500)
        page.locator('.notification-badge:visible').first.click()
        page.locator('text=Incoming call').first.wait_for()
        self.shot(page, '10-caller-id')
        page.keyboard.press('Escape')

        # The add-ons of the demo: the clinic's calendar and the club, where
        # the laptops of the invoice made Ali a gold member
        self.open_action(page, 'Appointments')
        event = page.locator(
            '.fc-event:visible', has_text=name('Maryam Hosseini')).first
        page.wait_for_timeout(1500)
        if not event.count():  # booked for the next working day: next week
            page.locator('.fc-next-button:visible').first.click()
        event.wait_for()
        self.shot(page, '11-appointments')
        self.open_action(page, 'Members')
        # Maryam from the demo, Ali from the invoice posted above
        for member in ["Maryam Hosseini", "Ali Rezaei"]:
            expect(page.locator('tr:visible', has_text=name(member)).first
                ).to_contain_text(name('Gold'))
        self.shot(page, '12-club-members')
