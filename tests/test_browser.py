# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The web UI end to end, in headless Chromium (issue 8).

On the demo database (tests/browser.py builds it once per run and serves a
copy of it), drives the Debian Chromium with Playwright as a user would: log
in, create a quotation (customer, payment term, a line), give it an
installment plan of cheques, quote it, convert it to an invoice and post it,
register the first cheque and receive it, then simulate an incoming call on
the VoIP webhook and open the notification with the caller's card; last,
the clinic's calendar and the club's members of the demo.  Screenshots of
every step go to ``test-artifacts/screenshots`` (the README shows them).
"""
import sys

import browser
from browser import DATABASE, expect, requires_browser

if browser.ROOT not in sys.path:
    sys.path.insert(0, browser.ROOT)
from demo.names import name  # noqa: E402 (the demo's names, Persian script)


@requires_browser
class WalkTestCase(browser.BrowserTestCase):

    def incoming_call(self, caller):
        "What the PBX's VoIP webhook sends when the phone rings"
        # the demo's token is random: the administrator reads it
        configuration, = self.server.rpc('admin', 'admin',
            'model.crm.telephony.configuration.read', [1], ['webhook_token'],
            context={'company': 1})
        return self.server.request(
            'POST', '/%s/crm_telephony/incoming' % DATABASE,
            {'caller': caller, 'extension': '101', 'call_id': 'e2e-1'},
            {'X-CRM-Token': configuration['webhook_token']})

    def test_quotation_invoice_cheque_caller_id(self):
        "Quotation -> invoice -> cheque -> caller ID, as a user clicks them"
        self.drive(self._walk, {'width': 1600, 'height': 1000})

    def _walk(self, page):
        # Log in
        page.goto(self.url)
        page.fill('input#login', 'admin')
        self.shot(page, '01-login')
        self.login(page, 'admin', 'admin')
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
        self.wait_ready(page)
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
