# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The reach screens of crm_campaign in sao: a segment with its live count,
a bulk letter and a campaign, as ``admin`` (English) and as the Persian
user ``fa``, at 1366x768 and 390x844 (screenshots 20-*); the campaign's
Persian text, starting with a placeholder, reads right to left."""
import browser
from browser import LAPTOP, PHONE, expect, requires_browser


@requires_browser
class CampaignBrowserTestCase(browser.BrowserTestCase):

    def walk(self, page, login, password, suffix):
        self.login(page, login, password)
        for model, name in [
                ('crm.segment', 'segment'),
                ('crm.letter', 'letter'),
                ('crm.campaign', 'campaign')]:
            page.goto(self.url + '#%s/model/%s' % (browser.DATABASE, model))
            rows = page.locator(
                '#tabcontent .tab-pane.active .treeview tbody tr:visible')
            rows.first.wait_for()
            self.shot(page, '20-%s-list-%s' % (name, suffix))
            self.open_row(page, rows.first,
                page.locator('.form:visible').first)
            page.wait_for_timeout(1500)
            if name == 'segment':
                count = page.locator(
                    '.form:visible input[name=party_count]').first
                expect(count).not_to_have_value('')
            if name == 'campaign' and suffix.startswith('fa'):
                # the Persian text starting with ${name} reads right to left
                # (the first letter of a text field would make it left to
                # right)
                text = page.locator('.form:visible textarea').first
                self.assertEqual(text.evaluate(
                        "t => [getComputedStyle(t).direction, "
                        "getComputedStyle(t).unicodeBidi]"),
                    ['rtl', 'isolate'])
            self.shot(page, '20-%s-form-%s' % (name, suffix))

    def test_reach_screens(self):
        "Segments, letters and campaigns draw in both languages and sizes"
        for viewport, size in [(LAPTOP, 'laptop'), (PHONE, 'phone')]:
            self.drive(lambda page: self.walk(
                    page, 'admin', 'admin', 'en-' + size), viewport)
            self.drive(lambda page: self.walk(
                    page, 'fa', 'fa-demo-2026', 'fa-' + size), viewport,
                locale='fa-IR')
