# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""What the browser tests share (tests/test_browser*.py).

The demo database (SQLite, ``python -m demo``) is built once per test run:
the first test class that needs it builds it in a temporary file kept until
the process ends, or in ``CRM_E2E_DEMO`` when set (scripts/test.sh points it
into its cache, so a CI run builds it once; a developer keeps it between
runs and deletes it after changing the demo or a schema).  Each test class
gets its own copy, served by its own ``trytond`` on a free port of
127.0.0.1 with sao and the suite's client extension, and drives the Debian
Chromium with Playwright.  Screenshots go to
``test-artifacts/screenshots``.

Skipped where Chromium, Playwright or sao are not installed; scripts/test.sh
installs them.
"""
import atexit
import base64
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
LAPTOP = {'width': 1366, 'height': 768}
PHONE = {'width': 390, 'height': 844}
try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright
except ImportError:
    expect = sync_playwright = None
    PlaywrightTimeout = TimeoutError

requires_browser = unittest.skipUnless(
    CHROMIUM and sync_playwright and os.path.exists(SAO),
    "needs Chromium, Playwright and sao (scripts/test.sh installs them)")

_demo = None


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _environment(folder):
    "The server's environment: SQLite in folder, sao of the checkout"
    env = {k: v for k, v in os.environ.items()
        if not k.startswith('DB_') and k != 'TRYTOND_DATABASE__URI'}
    env.update({
            'TRYTOND_DATABASE__PATH': folder,
            'TRYTOND_WEB__ROOT': os.path.dirname(SAO),
            })
    return env


def _config(folder, port):
    config = os.path.join(folder, 'trytond.conf')
    with open(os.path.join(ROOT, 'trytond.conf')) as source, \
            open(config, 'w') as target:
        target.write(source.read().replace(
                'listen = 127.0.0.1:8000', 'listen = 127.0.0.1:%s' % port))
    return config


def demo_database():
    "The path of the demo database, built on the first call of the run"
    global _demo
    kept = os.environ.get('CRM_E2E_DEMO')
    if kept and os.path.exists(kept):
        return kept
    if _demo and os.path.exists(_demo):
        return _demo
    folder = tempfile.mkdtemp(prefix='crm-e2e-demo-')
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    config = _config(folder, free_port())
    subprocess.run([sys.executable, '-m', 'demo', '-c', config,
            '-d', DATABASE], cwd=ROOT, env=_environment(folder), check=True,
        stdout=subprocess.DEVNULL)
    _demo = os.path.join(folder, DATABASE + '.sqlite')
    if kept:
        os.makedirs(os.path.dirname(os.path.abspath(kept)), exist_ok=True)
        shutil.copy(_demo, kept)
    return _demo


class Server:
    "trytond serving sao on a copy of the demo database"

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix='crm-e2e-')
        self.port = free_port()
        config = _config(self.folder, self.port)
        shutil.copy(demo_database(),
            os.path.join(self.folder, DATABASE + '.sqlite'))
        self.log = open(os.path.join(self.folder, 'server.log'), 'w')
        self.process = subprocess.Popen([
                os.path.join(os.path.dirname(sys.executable), 'trytond'),
                '-c', config, '-d', DATABASE],
            cwd=ROOT, env=_environment(self.folder), stdout=self.log,
            stderr=subprocess.STDOUT)
        for _ in range(120):
            try:
                socket.create_connection(
                    ('127.0.0.1', self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        self.url = 'http://127.0.0.1:%s/' % self.port

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(
            '127.0.0.1', self.port, timeout=30)
        connection.request(method, path,
            body=json.dumps(body) if body is not None else None,
            headers=dict({'Content-Type': 'application/json'},
                **(headers or {})))
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b'null')

    @property
    def timezone(self):
        """The demo company's time zone: its staff's browsers are there
        (sao computes today's date, as in a domain, on the browser's
        clock; the server on the company's)"""
        if not hasattr(self, '_timezone'):
            company, = self.rpc('admin', 'admin',
                'model.company.company.search_read', [], 0, 1, None,
                ['timezone'])
            self._timezone = company['timezone'] or 'UTC'
        return self._timezone

    def rpc(self, login, password, method, *params, context=None):
        "Call method as the user over JSON-RPC; returns the result"
        status, answer = self.request('POST', '/%s/rpc/' % DATABASE, {
                'id': 1, 'method': 'common.db.login',
                'params': [login, {'password': password}, 'en']})
        user_id, session = answer['result'][:2]
        token = base64.b64encode(
            ('%s:%s:%s' % (login, user_id, session)).encode()).decode()
        status, answer = self.request('POST', '/%s/rpc/' % DATABASE, {
                'id': 2, 'method': method,
                'params': list(params) + [context or {}]},
            {'Authorization': 'Session ' + token})
        if 'error' in answer and answer['error']:
            raise AssertionError(answer['error'])
        return answer['result']


@requires_browser
class BrowserTestCase(unittest.TestCase):
    "A server on its copy of the demo, and the helpers of a user's clicks"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = Server()
        cls.url = cls.server.url
        cls.port = cls.server.port
        os.makedirs(SCREENSHOTS, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        super().tearDownClass()

    def browser(self, playwright):
        return playwright.chromium.launch(
            executable_path=CHROMIUM, args=['--no-sandbox'])

    def new_page(self, browser, viewport=LAPTOP, locale='en-US'):
        page = browser.new_page(viewport=viewport, locale=locale,
            timezone_id=self.server.timezone)
        page.set_default_timeout(30_000)
        return page

    def drive(self, walk, viewport=LAPTOP, locale='en-US', failure='failure'):
        "Run walk(page) in a new Chromium; a screenshot if it fails"
        with sync_playwright() as playwright:
            chromium = self.browser(playwright)
            try:
                page = self.new_page(chromium, viewport, locale)
                try:
                    walk(page)
                except Exception:
                    self.shot(page, failure)
                    raise
            finally:
                chromium.close()

    def shot(self, page, name):
        page.wait_for_timeout(500)
        page.screenshot(path=os.path.join(SCREENSHOTS, name + '.png'))

    def login(self, page, login, password):
        self.enter(page, login, password)
        self.wait_ready(page)

    def enter(self, page, login, password):
        """Type the login and the password into sao's login dialog.

        Under CI's load (both passes on two cores) sao's first page can take
        longer than the default timeout, and a click on a dialog not yet
        bound is lost: the dialog is opened again once before failing."""
        for attempt in range(2):
            page.goto(self.url)
            page.fill('input#login', login, timeout=60_000)
            page.click('button[type=submit]')
            try:
                page.locator('input[type=password]').fill(
                    password, timeout=30_000 * (attempt + 1))
                break
            except PlaywrightTimeout:
                if attempt:
                    raise
        page.keyboard.press('Enter')

    def wait_ready(self, page):
        """Wait for the menu: sao has logged in and loaded the preferences
        (on a phone, the menu is folded away once a home dashboard opens)"""
        page.locator('#menu tbody tr').first.wait_for(state='attached')
        page.wait_for_timeout(1000)

    def open_row(self, page, row, ready):
        """Double-click the row of a list until ready (a locator of the
        form) shows: the list is drawn again once its search is done, and a
        double click on its first drawing is lost"""
        row.wait_for()
        page.wait_for_timeout(2000)
        for attempt in range(3):
            row.dblclick()
            try:
                ready.wait_for(timeout=10_000)
                return
            except PlaywrightTimeout:
                if attempt == 2:
                    raise

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

    def open_action(self, page, name, search_text=None):
        "Open a menu entry through the action search box of the header"
        search = page.locator('#global-search input:visible').first
        search.click()
        search.press_sequentially(search_text or name, delay=40)
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
