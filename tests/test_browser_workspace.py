# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The CRM workspace in the browser (issue 19).

On the demo (tests/browser.py), in headless Chromium:

* each demo role logs in on its home dashboard and every block shows data
  (screenshots in English and Persian);
* the cash-flow forecast of the cashier draws its 12 weeks, with bars for
  the demo's cheques, and every chart of the suite draws;
* on a phone (390×844): a customer is found by his number, called (a tel:
  link), his caller card pops up, a quotation gets two lines without an
  inner scrolling box and the cashier receives a cheque;
* at 1366×768 the quotation form, the customer form and every wizard of the
  suite show all their fields: no input leaves the window or its form and
  no amount or date is cut inside its box.
"""
import re
import sys

import browser
from browser import (
    DATABASE, LAPTOP, PHONE, expect, requires_browser, sync_playwright)

if browser.ROOT not in sys.path:
    sys.path.insert(0, browser.ROOT)
from demo.names import name as demo_name  # noqa: E402 (Persian script)

if expect:
    expect.set_options(timeout=20_000)

# login, password, the blocks of the home (the ones that may be empty at
# the time the demo was built are marked False)
ROLES = [
    ('manager', 'manager-demo-2026', [
            ("Sales and Target", True),
            ("Quotation Conversion per Marketer", True),
            ("Overdue Customers", True),
            ("Top Customers", True),
            ]),
    ('marketer', 'marketer-demo-2026', [
            ("My Quotations to Follow Up", True),
            ("My Customers' Payments Due", True),
            ("My Commission This Month", True),
            ]),
    ('cashier', 'cashier-demo-2026', [
            ("Cash-Flow Forecast", True),
            ("Cheques Due This Week", True),
            ("Bounced Cheques to Follow Up", True),
            ("Today's Collections", True),
            ]),
    ('clinic', 'clinic-demo-2026', [
            # booked for later today unless the demo was built at night
            ("Today's Appointments", False),
            ("Next Appointments", True),
            ]),
    ('agent', 'agent-demo-2026', [
            ("Renewals Due", True),
            ("Premium per Type", True),
            ]),
    ('fa', 'fa-demo-2026', [
            ("My Open Alarms", False),
            ("Open Quotations", True),
            ]),
    ]

# The charts of the suite: the action, the view to switch to (its position
# in the action's views), the SVG elements that must be drawn
CHARTS = [
    ("Cash-Flow Forecast", 0, '.bb-bars path.bb-bar'),
    ("Sales per Month and Target", 0, '.bb-bars path.bb-bar'),
    ("Quotation Conversion per Marketer", 0, '.bb-bars path.bb-bar'),
    ("Customer RFM Classification", 1, '.bb-arcs path'),
    ("Calls per Day", 1, '.bb-bars path.bb-bar'),
    ("Points per Month", 0, '.bb-bars path.bb-bar'),
    ("Premium per Type", 1, '.bb-arcs path'),
    ("Commission per Month", 1, '.bb-bars path.bb-bar'),
    ]

# The labels a chart's legend must show (not the keys of a selection)
LEGENDS = {"Customer RFM Classification": "Top Tier"}

# What a field cut at 1366x768 is: an input out of the window or of its
# form, or an amount or a date whose text overflows its box
CUT_FIELDS = """(form) => {
    const root = form || document;
    const box = form ? form.getBoundingClientRect()
        : {left: 0, right: window.innerWidth};
    const cut = [];
    for (const input of root.querySelectorAll('input, select, textarea')) {
        if (!input.offsetParent || input.type == 'checkbox'
                || input.type == 'hidden') {
            continue;
        }
        const rect = input.getBoundingClientRect();
        const name = input.name || input.id || input.className;
        if (rect.left < Math.max(box.left, 0) - 1
                || rect.right > Math.min(box.right, window.innerWidth) + 1) {
            cut.push(name + ' out of the form');
        } else if (input.closest('.form-numeric, .form-float, .form-integer,'
                    + ' .form-date, .form-selection')
                && input.value
                && input.scrollWidth > input.clientWidth + 1) {
            cut.push(name + ' "' + input.value + '" cut');
        }
    }
    return cut;
}"""

# Whether the form of the current tab counts as modified at any moment of
# the next 1.5 s (sampled every 50 ms)
UNTOUCHED = r'''async () => {
    const screen = Sao.Tab.tabs.get_current().screen;
    let modified = false;
    for (let i = 0; i < 30; i++) {
        modified = modified || screen.modified();
        await new Promise(resolve => setTimeout(resolve, 50));
    }
    return modified;
}'''


@requires_browser
class WorkspaceTestCase(browser.BrowserTestCase):

    def setUp(self):
        super().setUp()
        self.playwright = sync_playwright().start()
        self.chromium = self.browser(self.playwright)

    def tearDown(self):
        self.chromium.close()
        self.playwright.stop()
        super().tearDown()

    def page(self, viewport=LAPTOP):
        return self.new_page(self.chromium, viewport)

    def login(self, page, login, password):
        "Log in and wait for the home dashboard the role opens on"
        self.enter(page, login, password)
        page.locator('#tabcontent .tab-pane .board').first.wait_for(
            timeout=60_000)
        page.wait_for_timeout(1500)

    def wait_ready(self, page):
        page.locator('#tabcontent .tab-pane').first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)

    def run_page(self, page, walk, *args):
        try:
            walk(page, *args)
        except Exception:
            self.shot(page, 'workspace-failure-%s' % walk.__name__)
            raise
        finally:
            page.close()

    def field_string(self, model, name):
        "The label of a field (in English)"
        return self.server.rpc('admin', 'admin',
            'model.%s.fields_get' % model, [name])[name]['string']

    def set_language(self, login, language):
        "Change the language of a demo user (as the administrator)"
        rpc = self.server.rpc
        user, = rpc('admin', 'admin', 'model.res.user.search',
            [('login', '=', login)], 0, None, None)
        lang, = rpc('admin', 'admin', 'model.ir.lang.search',
            [('code', '=', language)], 0, None, None)
        rpc('admin', 'admin', 'model.res.user.write',
            [user], {'language': lang})

    def wait_board(self, page, count):
        "Wait for the home dashboard and its blocks"
        blocks = page.locator('.board .board-action:visible')
        expect(blocks).to_have_count(count, timeout=60_000)
        page.wait_for_timeout(3000)
        return blocks

    def block_has_data(self, block, timeout=20):
        "A list block with rows, or a chart with its SVG marks (waited for)"
        for _ in range(timeout * 2):
            if self._block_data(block):
                return True
            block.page.wait_for_timeout(500)
        return False

    def _block_data(self, block):
        return block.evaluate("""block => {
            const rows = block.querySelectorAll('table.tree > tbody > tr');
            const marks = block.querySelectorAll(
                'svg .bb-bars path.bb-bar, svg .bb-arcs path');
            return [...rows].filter(r => r.offsetParent
                && r.textContent.trim()).length + marks.length;
            }""") > 0

    def test_role_homes(self):
        "Each demo role logs in on his home: its blocks, with data"
        for login, password, blocks in ROLES:
            for language in ['en', 'fa']:
                with self.subTest(login=login, language=language):
                    if login != 'fa':
                        self.set_language(login, language)
                    elif language == 'en':
                        continue
                    self.run_page(self.page(), self._home, login, password,
                        blocks, language)

    def _home(self, page, login, password, blocks, language):
        self.login(page, login, password)
        board = self.wait_board(page, len(blocks))
        if language == 'en':
            titles = [t.strip() for t in board.locator(
                    '.panel-heading').all_inner_texts()]
            self.assertEqual(titles, [name for name, _ in blocks])
        for (name, data), block in zip(blocks, board.all()):
            if data:
                self.assertTrue(self.block_has_data(block),
                    "%s: block %s is empty" % (login, name))
        self.shot(page, 'workspace-%s-1366-home-%s' % (language, login))

    def test_cash_flow_forecast(self):
        "The cashier's forecast: 12 weeks, bars of the demo's cheques"
        self.run_page(self.page(), self._forecast)

    def _forecast(self, page):
        # in the cashier's context, as sao reads it: the weeks start from
        # his company's today
        context = self.server.rpc('cashier', 'cashier-demo-2026',
            'model.res.user.get_preferences', True)
        weeks = self.server.rpc('cashier', 'cashier-demo-2026',
            'model.crm.installment.forecast.search_read', [], 0, None, None,
            ['cheque', 'bounced'], context=context)
        self.assertEqual(len(weeks), 12)
        with_cheques = sum(1 for w in weeks
            if float(w['cheque']['decimal']) > 0)
        self.assertGreaterEqual(with_cheques, 5)

        self.login(page, 'cashier', 'cashier-demo-2026')
        board = self.wait_board(page, 4)
        chart = board.first.locator('svg')
        expect(chart.locator('.bb-axis-x .tick')).to_have_count(12)
        cheques = chart.locator('.bb-bars-cheque path.bb-bar')
        expect(cheques).to_have_count(12)
        drawn = cheques.evaluate_all(
            "bars => bars.filter(b => b.getBBox().height > 0).length")
        self.assertEqual(drawn, with_cheques)
        # the kinds are stacked: the cheques sit on the cash
        self.assertTrue(page.evaluate("""() => {
            const chart = document.querySelector('.board svg');
            const top = kind => [...chart.querySelectorAll(
                `.bb-bars-${kind} path.bb-bar`)].map(b => b.getBBox());
            const cash = top('cash'), cheque = top('cheque');
            return cash.some((c, i) => c.height > 0 && cheque[i].height > 0
                && cheque[i].y + cheque[i].height <= c.y + 1);
            }"""))
        self.shot(page, 'workspace-en-1366-chart-forecast')

    def test_charts(self):
        "Every chart of the suite draws"
        self.run_page(self.page(), self._charts)

    def _charts(self, page):
        self.login(page, 'admin', 'admin')
        for name, switches, marks in CHARTS:
            with self.subTest(chart=name):
                self.open_action(page, name)
                for _ in range(switches):
                    page.locator(
                        'button[title^="Switch"]:visible').first.click()
                    page.wait_for_timeout(1500)
                svg = page.locator('.tab-content .graph svg:visible').first
                svg.wait_for()
                expect(svg.locator(marks).first).to_be_attached()
                if name in LEGENDS:
                    expect(svg).to_contain_text(LEGENDS[name])
                self.shot(page, 'workspace-en-1366-chart-%s' % name.lower()
                    .replace(' ', '-').replace('/', '-'))
                # close the chart's tab (sao's close button sits in or
                # beside the tab's link, depending on the width)
                close = page.locator(
                    '#tabs a[role=tab]:visible .close, #tabs li.active .close')
                if close.count():
                    close.first.click()
                    page.wait_for_timeout(500)

    def test_no_cut_fields(self):
        "The quotation and customer forms and the wizards fit 1366x768"
        self.run_page(self.page(), self._cut_fields)

    def wizard(self, page, title):
        "The dialog of the wizard titled title (not a question before it)"
        return page.locator('.modal-dialog:visible', has_text=title)

    def wizard_closed(self, page):
        """Wait for the wizard to close and its form to be reloaded (the
        form counts as modified until then: the next action asked whether
        to save it)"""
        expect(page.locator('.modal-dialog:visible')).to_have_count(0)
        page.wait_for_function(
            "() => !Sao.Tab.tabs.get_current().screen.modified()")

    def cut_fields(self, page, scope, settle=1500):
        "The cut inputs of scope, once drawn (a selector or a locator)"
        form = page.locator(scope).first if isinstance(scope, str) else scope
        form.wait_for()
        page.wait_for_timeout(settle)
        return form.evaluate(CUT_FIELDS)

    def _cut_fields(self, page):
        self.login(page, 'admin', 'admin')
        # the quotation form, the customer form (each tab)
        page.goto(self.url + '#%s/model/sale.sale/1' % DATABASE)
        self.assertEqual(
            self.cut_fields(page, '.tab-pane.active .form'), [])
        self.shot(page, 'workspace-en-1366-quotation')
        page.locator('a[role=tab]:visible', has_text='Installments').click()
        self.click_button(page, 'installment_plan')
        self.assertEqual(self.cut_fields(
                page, self.wizard(page, "Installment Plan")), [])
        self.shot(page, 'workspace-en-1366-wizard-installment-plan')
        page.locator('.modal button:visible', has_text='Cancel').click()
        self.wizard_closed(page)

        party = self.server.rpc('admin', 'admin',
            'model.party.party.search', [('name', '=', demo_name('Ali Rezaei'))],
            0, None, None)[0]
        # the customer opens in a tab of its own (closing the quotation's
        # tab through sao's promise waited for ever on a question)
        page.goto(self.url + '#%s/model/party.party/%s' % (DATABASE, party))
        form = '.tab-pane.active .form'
        page.locator(form + ' input[name=name]').first.wait_for()
        self.assertEqual(self.cut_fields(page, form), [])
        self.shot(page, 'workspace-en-1366-customer')
        # the pages of the customer's form (its outer notebook)
        tabs = page.locator(form).locator('.form-notebook').first.locator(
            ':scope > .nav-tabs > li > a')
        names = tabs.all_inner_texts()
        self.assertIn("Overview", [n.strip() for n in names])
        for i, tab_name in enumerate(names):
            with self.subTest(tab=tab_name.strip()):
                tabs.nth(i).click()
                expect(tabs.nth(i).locator('xpath=..')).to_have_class(
                    re.compile(r'\bactive\b'))
                self.assertEqual(self.cut_fields(page, form, 300), [])
        tabs.first.click()
        # the wizards of the customer: SMS and e-mail
        for action in ["Send SMS", "Send E-mail"]:
            with self.subTest(wizard=action):
                page.locator('.tab-pane.active button[title="Launch action"]'
                    ':visible').first.click()
                page.locator('.dropdown-menu:visible a',
                    has_text=action).first.click()
                expect(self.wizard(page, action)).to_be_visible()
                try:
                    cut = self.cut_fields(page, self.wizard(page, action))
                except Exception:
                    self.shot(page, 'workspace-failure-wizard')
                    raise
                self.assertEqual(cut, [])
                self.shot(page, 'workspace-en-1366-wizard-%s'
                    % action.lower().replace(' ', '-'))
                page.locator('.modal button:visible',
                    has_text='Cancel').first.click()
                # while the customer is reloaded, sao 8.0 took the form for
                # modified and the next action asked to save it
                # (client/src/reload.js)
                self.assertFalse(page.evaluate(UNTOUCHED),
                    "the untouched customer was taken for modified")
                self.wizard_closed(page)

    def test_phone_marketer(self):
        "On a phone: find, call, caller card, quotation"
        self.run_page(self.page(PHONE), self._phone_marketer)

    def test_phone_cashier(self):
        "On a phone: the cashier receives a cheque"
        self.run_page(self.page(PHONE), self._phone_cashier)

    def phone_header(self, page, expanded):
        "Open or close the header folded under its button on a phone"
        toggle = page.locator('button.navbar-toggle:visible')
        if (toggle.get_attribute('aria-expanded') == 'true') != expanded:
            toggle.click()
            page.wait_for_timeout(700)

    def phone_action(self, page, name):
        "Open an action from the search box of the folded header"
        self.phone_header(page, True)
        search = page.locator('#global-search input:visible').first
        search.click()
        search.press_sequentially(name, delay=40)
        page.locator('li.completion:visible', has_text=name).first.click()
        self.phone_header(page, False)
        page.wait_for_timeout(2000)

    def _phone_marketer(self, page):
        rpc = self.server.rpc
        # the demo customer who calls from 09121234561
        caller, = rpc('admin', 'admin', 'model.party.party.search',
            [('contact_mechanisms.value_compact', '=', '+989121234561')],
            0, None, None)
        caller_name = rpc('admin', 'admin', 'model.party.party.read',
            [caller], ['name'])[0]['name']
        marketer, = rpc('admin', 'admin', 'model.res.user.search',
            [('login', '=', 'marketer')], 0, None, None)
        rpc('admin', 'admin', 'model.res.user.write', [marketer],
            {'phone_extension': '102'})
        self.login(page, 'marketer', 'marketer-demo-2026')

        # Find the customer by the number he calls from, as it is written
        self.phone_action(page, "Contacts")
        search = page.locator('.tab-pane.active .filter-box input:visible')
        search.fill('09121234561')
        search.press('Enter')
        cards = page.locator('.tab-pane.active table.tree > tbody > tr:visible')
        expect(cards).to_have_count(1)
        self.shot(page, 'workspace-en-390-01-find')

        # His file opens on the overview: one tap calls him
        cards.first.locator('td').nth(2).dblclick()
        call = page.locator('a.crm-call:visible').first
        expect(call).to_have_attribute('href', 'tel:+989121234561')
        self.shot(page, 'workspace-en-390-02-call')

        # He calls: the marketer's phone shows his card (the demo's token
        # is random: the administrator reads it)
        configuration, = self.server.rpc('admin', 'admin',
            'model.crm.telephony.configuration.read', [1], ['webhook_token'],
            context={'company': 1})
        status, answer = self.server.request(
            'POST', '/%s/crm_telephony/incoming' % DATABASE,
            {'caller': '09121234561', 'extension': '102',
                'call_id': 'phone-1'},
            {'X-CRM-Token': configuration['webhook_token']})
        self.assertEqual(status, 200, answer)
        self.phone_header(page, True)
        page.locator('a.dropdown-toggle:has(.notification-badge):visible'
            ).first.click()
        card = page.locator('.notification-menu:visible').first
        expect(card).to_contain_text(caller_name)
        self.shot(page, 'workspace-en-390-03-caller-card')
        page.keyboard.press('Escape')

        # A quotation of two lines, the lines in the page (no inner box)
        self.phone_action(page, "Quotations")
        page.locator('button[title^="New"]:visible').first.click()
        # the new quotation focuses its party, at the top of the page (not
        # the calendar of a date further down, which scrolled the page)
        expect(page.locator('input[name=party]:visible')).to_be_focused()
        self.many2one(page, '', 'party', caller_name)
        page.locator('.form-one2many button[title="New"]:visible'
            ).first.click()
        # the products by their code (their names are in Persian script)
        for product, button in [('LAP', "Add and New"), ('INS', "Add")]:
            page.locator('.modal input[name=product]:visible').wait_for()
            self.many2one(page, '.modal', 'product', product,
                '[%s]' % product)
            self.type_into(page, '.modal', 'quantity', '1')
            page.locator('.modal .modal-footer button:visible',
                has_text=button).last.click()
            page.wait_for_timeout(1500)
        page.locator('.modal').wait_for(state='hidden')
        page.locator('button[title^="Save"]:visible').first.click()
        page.locator('span:visible', has_text='Record saved.').first.wait_for()
        sale, = rpc('admin', 'admin', 'model.sale.sale.search_read',
            [('party', '=', caller)], 0, 1, [('id', 'DESC')],
            ['lines.product.code', 'agent.party.rec_name'])
        self.assertEqual(
            sorted(l['product.']['code'] for l in sale['lines.']),
            ['INS', 'LAP'], sale)
        lines = page.locator('.form-one2many:visible').filter(
            has=page.locator('.form-one2many-menu', has_text=self.field_string(
                    'sale.sale', 'lines'))).locator('.treeview').first
        lines.scroll_into_view_if_needed()
        # the list is drawn again once the quotation is saved
        expect(lines.locator('table.tree > tbody > tr')).to_have_count(2)
        self.assertTrue(lines.evaluate(
                "el => el.scrollHeight <= el.clientHeight + 1"),
            "the lines scroll inside a box")
        lines.scroll_into_view_if_needed()
        self.shot(page, 'workspace-en-390-04-quotation')

    def _phone_cashier(self, page):
        # A cheque of the insurance premium plan, received in few taps
        self.login(page, 'cashier', 'cashier-demo-2026')
        self.phone_action(page, "Cheques")
        self.new_record(page, 'party')
        self.many2one(page, '', 'party', demo_name('Ali Rezaei'))
        # the open cheques of his insurance premium plan
        self.many2one(page, '', 'installment', demo_name('Ali Rezaei'),
            '3,125,000')
        self.type_into(page, '', 'number', '7009001')
        self.many2one(page, '', 'bank', demo_name('Bank Melli'))
        self.save(page)
        self.click_button(page, 'receive')
        expect(page.locator('select[name=state]:visible')).to_have_value(
            '"received"')
        self.shot(page, 'workspace-en-390-05-cheque')
