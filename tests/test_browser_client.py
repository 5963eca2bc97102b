# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The suite's extension of sao (client/, issues 17 and 19) in Chromium.

As the demo's Persian user ``fa``: the login page and the title bar carry
the product's name and logo; quotations show Jalali dates in Persian digits
(the same days jdatetime computes on the server side); a Jalali validity
date typed in Latin or Persian digits, an amount typed in Arabic-Indic
digits and a day picked in the Jalali date picker are stored as the
expected Gregorian date and number (read back over RPC); an impossible
Jalali date is refused and the field keeps its value; the appointments
calendar shows a Persian month, from Saturday, Friday the weekend; the Rial
sign renders with the project's font (``document.fonts.check`` and the
font Chromium really used).  As ``admin`` (English): the same screens stay
Gregorian.  Screenshots fa and en at 1366x768 and 390x844.

At phone size (crm_stock, issue 23): the ``fa`` user scans the laptop's
EAN into a quotation as a wedge scanner types it (a line more) and an
unknown code (refused); ``admin`` picks a customer shipment: a printer not
on it is refused, the laptop is counted once typed and once read by the
camera button from Chromium's fake camera showing its EAN-13.
"""
import datetime
import os
import re

import browser
import jdatetime
from browser import LAPTOP, PHONE, expect, requires_browser

# The EAN of the demo's laptop (demo/crm_stock.py)
LAPTOP_EAN = '5901234123457'
PERSIAN_MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور',
    'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند']
PERSIAN_DIGITS = str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹')
ARABIC_DIGITS = str.maketrans('0123456789', '٠١٢٣٤٥٦٧٨٩')


def jalali(date, digits=PERSIAN_DIGITS):
    "The day as the client writes it for Persian users: ۱۴۰۵/۰۹/۱۰"
    return jdatetime.date.fromgregorian(date=date).strftime(
        '%Y/%m/%d').translate(digits)


def gregorian(jy, jm, jd):
    return jdatetime.date(jy, jm, jd).togregorian()


def rpc_date(value):
    return value and datetime.date(
        value['year'], value['month'], value['day'])


@requires_browser
class ClientTestCase(browser.BrowserTestCase):

    def quotations(self):
        "The demo's quotations still editable, first first"
        return self.server.rpc('admin', 'admin',
            'model.sale.sale.search_read', [('state', '=', 'quotation')],
            0, None, [('id', 'ASC')], ['number', 'party.rec_name',
                'validity_start', 'validity_end'])

    def read_sale(self, sale_id, *names):
        sale, = self.server.rpc('admin', 'admin', 'model.sale.sale.read',
            [sale_id], list(names))
        return sale

    def open_quotation(self, page, sale):
        "The quotations list, then the form of sale"
        page.goto(self.url + '#%s/model/sale.sale' % browser.DATABASE)
        row = page.locator('tr:visible', has_text=sale['party.']['rec_name'])
        self.open_row(page, row.first,
            page.locator('input[name=validity_end]:visible'))
        page.wait_for_timeout(1000)

    def save(self, page, message):
        page.locator('button#save:visible').first.click()
        page.locator('span:visible', has_text=message).first.wait_for()
        page.wait_for_timeout(500)

    def date_input(self, page, name):
        return page.locator('input[name=%s]:visible' % name).first

    def type_date(self, page, name, text):
        field = self.date_input(page, name)
        field.click()
        field.press('Control+a')
        field.press_sequentially(text, delay=30)
        field.press('Tab')
        page.wait_for_timeout(500)

    def open_calendar(self, page, name):
        self.open_action(page, name)
        page.locator('.fc-toolbar h2:visible').first.wait_for()
        page.wait_for_timeout(1500)

    def appointments_name(self, language):
        "The name of the appointments' action in the language"
        action, = self.server.rpc('admin', 'admin',
            'model.ir.action.act_window.search_read',
            [('res_model', '=', 'medical.appointment')],
            0, 1, [('id', 'ASC')], ['name'], context={'language': language})
        return action['name']

    def join_clinic(self, login):
        "Put the user in the clinic's staff (to see the appointments)"
        rpc = self.server.rpc
        group, = rpc('admin', 'admin', 'model.res.group.search',
            [('name', '=', 'Clinic Staff')], 0, None, None)
        user, = rpc('admin', 'admin', 'model.res.user.search',
            [('login', '=', login)], 0, None, None)
        rpc('admin', 'admin', 'model.res.user.write',
            [user], {'groups': [('add', [group])]})

    def test_persian_user(self):
        "Jalali, Persian digits, the Rial in Vazirmatn for the fa user"
        sale = self.quotations()[0]
        # back to draft: the shipping cost is typed (readonly on quotations)
        self.server.rpc('admin', 'admin', 'model.sale.sale.draft',
            [sale['id']])
        self.join_clinic('fa')
        self.drive(lambda page: self._persian(page, sale), LAPTOP, 'fa-IR',
            'client-fa-failure')

    def _persian(self, page, sale):
        # The login page in Persian with the product's name and logo
        page.goto(self.url)
        page.locator('.crm-brand-login').wait_for()
        expect(page.locator('.crm-brand-name')).to_have_text('CRM مالی')
        self.assertTrue(page.evaluate("""() => [...document.querySelectorAll(
            '.crm-brand-logo')].every(img => img.complete
                && img.naturalWidth > 0)"""))
        self.shot(page, 'client-fa-1366-01-login')
        self.login(page, 'fa', 'fa-demo-2026')
        expect(page.locator('#title')).to_have_text('CRM مالی')
        self.assertIn('CRM مالی', page.title())
        self.assertNotIn('Tryton', page.title())

        # Quotations: Jalali dates in Persian digits, in the list and form
        end = rpc_date(sale['validity_end'])
        self.open_quotation(page, sale)
        expect(self.date_input(page, 'validity_end')).to_have_value(
            jalali(end))

        # Typed Jalali dates (Latin and Persian digits), an amount in
        # Arabic-Indic digits: stored Gregorian, as numbers
        self.type_date(page, 'validity_start', '1405/09/01')
        self.type_date(page, 'validity_end', '۱۴۰۵/۰۹/۱۰')
        self.type_date(page, 'shipping_cost', '250000'.translate(
                ARABIC_DIGITS))
        expect(self.date_input(page, 'validity_start')).to_have_value(
            '۱۴۰۵/۰۹/۰۱')
        self.save(page, 'پرونده ذخیره شد.')
        saved = self.read_sale(sale['id'],
            'validity_start', 'validity_end', 'shipping_cost')
        self.assertEqual(rpc_date(saved['validity_start']),
            datetime.date(2026, 11, 22))
        self.assertEqual(rpc_date(saved['validity_end']),
            datetime.date(2026, 12, 1))
        self.assertEqual(float(saved['shipping_cost']['decimal']), 250000)
        self.shot(page, 'client-fa-1366-02-quotation')

        # The Rial sign is drawn with Vazirmatn, served by the client
        self.assertTrue(page.evaluate("""async () => {
            await document.fonts.load('16px Vazirmatn', '\\uFDFC');
            return document.fonts.check('16px Vazirmatn', '\\uFDFC');
            }"""))
        rial = page.locator('.symbol:visible', has_text='\ufdfc').first
        self.assertEqual(self.used_fonts(page, rial), {'Vazirmatn'})
        # Every number reads in Persian digits, also those sao writes
        # itself (the relate buttons' counts) and the number fields: their
        # digits drawn with Vazirmatn's Farsi-digits cut, their text left
        # in Latin digits (copied, searched and saved as they are)
        self.assertTrue(page.evaluate("""async () => {
            await document.fonts.load('16px "Vazirmatn Digits"', '0');
            return document.fonts.check('16px "Vazirmatn Digits"', '0');
            }"""))
        count = page.locator('.form-link .badge:visible').first
        expect(count).to_have_text(re.compile(r'^[0-9]+$'))
        number = page.locator('input[name=number]:visible').first
        expect(number).to_have_value(re.compile(r'[0-9]'))
        for element in [count, number]:
            family = element.evaluate("el => getComputedStyle(el).fontFamily")
            self.assertTrue(family.startswith('"Vazirmatn Digits"'), family)

        # The Jalali date picker: Azar 1405, from Saturday, the 15th
        page.locator('.form-date:has(input[name=validity_end]:visible) '
            '.icon-input').first.click()
        picker = page.locator('.crm-jdp')
        expect(picker.locator('.crm-jdp-title')).to_have_text('آذر ۱۴۰۵')
        expect(picker.locator('th').first).to_have_text('ش')
        expect(picker.locator('.crm-jdp-day.active')).to_have_attribute(
            'data-jalali', '1405/9/10')
        self.shot(page, 'client-fa-1366-03-date-picker')
        picker.locator('[data-jalali="1405/9/15"]').click()
        expect(picker).to_have_count(0)
        expect(self.date_input(page, 'validity_end')).to_have_value(
            '۱۴۰۵/۰۹/۱۵')
        self.save(page, 'پرونده ذخیره شد.')
        self.assertEqual(rpc_date(self.read_sale(
                    sale['id'], 'validity_end')['validity_end']),
            gregorian(1405, 9, 15))

        # 1404 is not a leap year: Esfand 1404 has 29 days
        self.type_date(page, 'validity_end', '۱۴۰۴/۱۲/۳۰')
        dialog = page.locator('.modal:visible', has_text='اسفند')
        expect(dialog).to_contain_text('۲۹')
        self.shot(page, 'client-fa-1366-04-impossible-date')
        dialog.locator('button').last.click()
        expect(self.date_input(page, 'validity_end')).to_have_value(
            '۱۴۰۴/۱۲/۳۰')
        page.locator('button#save:visible').first.click()
        page.wait_for_timeout(1500)
        self.assertEqual(rpc_date(self.read_sale(
                    sale['id'], 'validity_end')['validity_end']),
            gregorian(1405, 9, 15))
        page.keyboard.press('Escape')

        # The search filter reads Jalali dates too
        self.filter_sale_date(page)

        # The appointments: a Persian month, Saturday first, Friday off
        self.open_calendar(page, self.appointments_name('fa'))
        title = page.locator('.fc-toolbar h2:visible').first.inner_text()
        self.assertTrue(any(m in title for m in PERSIAN_MONTHS), title)
        # the week "۱۴ تا ۲۰ آذر ۱۴۰۵" reads right to left (a dash between
        # the days, left to right, put the year before the month)
        self.assertIn(' تا ', title)
        self.assertEqual(page.evaluate("""() => getComputedStyle(
            document.querySelector('.fc-toolbar h2')).direction"""), 'rtl')
        # right to left: Saturday on the right, Friday on the left
        headers = page.evaluate("""() => [
            ...document.querySelectorAll('.fc-day-header')]
            .filter(th => th.offsetParent)
            .sort((a, b) => b.getBoundingClientRect().left
                - a.getBoundingClientRect().left)
            .map(th => th.textContent.trim())""")
        self.assertTrue(headers[0].startswith('شنبه'), headers)
        self.assertTrue(headers[-1].startswith('جمعه'), headers)
        self.shot(page, 'client-fa-1366-05-appointments')
        page.locator('.fc-month-button:visible').first.click()
        page.wait_for_timeout(1000)
        month = page.locator('.fc-toolbar h2:visible').first.inner_text()
        self.assertRegex(month, r'^(%s) [۰-۹]{4}$' % '|'.join(PERSIAN_MONTHS))
        # the month starts on its 1st (the day with the month's name)
        days = page.locator('.fc-day-top:not(.fc-other-month) '
            '.fc-day-number:visible')
        expect(days.filter(has_text='۱ ' + month.split()[0])).to_have_count(1)
        self.assertIn(days.count(), {29, 30, 31})
        self.shot(page, 'client-fa-1366-06-appointments-month')

        # sao's Preferences dialog is titled in the user's language (sao
        # wrote "Preferences" itself)
        page.evaluate(
            "() => { new Sao.Window.Preferences(() => {}); return 1; }")
        expect(page.locator('.modal:visible .modal-title').first).to_have_text(
            'تنظیمات کاربر')
        page.locator('.modal:visible .modal-footer .btn-link').first.click()

        # The phone
        self.phone(page.context.browser, 'fa', 'fa-demo-2026', sale,
            self.appointments_name('fa'))

    def phone(self, chromium, login, password, sale, appointments):
        "The quotation, its date picker and the calendar on a phone"
        language = 'fa' if login == 'fa' else 'en'
        page = chromium.new_page(viewport=PHONE,
            locale='fa-IR' if language == 'fa' else 'en-US',
            timezone_id=self.server.timezone)
        page.set_default_timeout(30_000)
        try:
            self.login(page, login, password)
            self.shot(page, 'client-%s-390-00-menu' % language)
            self.open_quotation(page, sale)
            self.shot(page, 'client-%s-390-02-quotation' % language)
            if language == 'fa':
                page.locator('.form-date:has(input[name=validity_end]:visible)'
                    ' .icon-input').first.click()
                page.locator('.crm-jdp').wait_for()
                self.shot(page, 'client-fa-390-03-date-picker')
                page.keyboard.press('Escape')
            page.locator('.navbar-toggle:visible').first.click()
            self.open_calendar(page, appointments)
            page.locator('.navbar-toggle:visible').first.click()
            page.wait_for_timeout(500)
            self.shot(page, 'client-%s-390-05-appointments' % language)
        except Exception:
            self.shot(page, 'client-%s-390-failure' % language)
            raise
        finally:
            page.close()

    def filter_sale_date(self, page):
        "Search the quotations of a sale date typed in Jalali"
        rpc = self.server.rpc
        sold = rpc('admin', 'admin', 'model.sale.sale.search_read',
            [('sale_date', '!=', None)], 0, 1, None, ['sale_date'])
        date = rpc_date(sold[0]['sale_date'])
        count = rpc('admin', 'admin', 'model.sale.sale.search_count',
            [('sale_date', '=', sold[0]['sale_date'])])
        label = rpc('admin', 'admin', 'model.sale.sale.fields_get',
            ['sale_date'], context={'language': 'fa'})['sale_date']['string']
        total = rpc('admin', 'admin', 'model.sale.sale.search_count', [])
        self.assertNotEqual(count, total)  # else the filter shows nothing
        for close in page.locator('.infobar .close:visible').all():
            close.click()  # the message "saved" covers the toolbar
        page.locator('button#switch_:visible').first.click()  # to the list
        rows = page.locator('#tabs .treeview tbody tr:visible')
        # the list's own load must be over before the search, else it
        # answers after the filtered one and shows every quotation
        expect(rows).to_have_count(total)
        page.wait_for_load_state('networkidle')
        search = page.locator('.filter-box input.form-control:visible').first
        search.fill('%s: %s' % (label, jalali(date)))
        search.press('Enter')
        page.wait_for_timeout(2000)
        expect(rows).to_have_count(count)
        self.shot(page, 'client-fa-1366-07-search-date')

        # A number typed on a Persian keyboard finds the quotations stored
        # with Latin digits; the counter reads Persian digits (sao wrote
        # the position in Latin ones: "1/۷")
        number, = rpc('admin', 'admin', 'model.sale.sale.search_read',
            [('number', '!=', None)], 0, 1, [('id', 'ASC')], ['number'])
        label = rpc('admin', 'admin', 'model.sale.sale.fields_get',
            ['number'], context={'language': 'fa'})['number']['string']
        search.fill('%s: %s' % (label, number['number'].translate(
                    PERSIAN_DIGITS)))
        search.press('Enter')
        page.wait_for_timeout(2000)
        found = rpc('admin', 'admin', 'model.sale.sale.search_count',
            [('number', 'ilike', '%%%s%%' % number['number'])])
        self.assertNotEqual(found, total)
        expect(rows).to_have_count(found)
        # the numbers in Persian digits, as the dates and amounts beside
        expect(rows.first.locator('.column-char').first).to_have_text(
            re.compile(r'^[۰-۹]+$'))
        # a row selected by its last cell (the party's is a link)
        rows.first.locator('td:visible').last.click()
        counter = page.locator('#tabs .navbar-text .badge:visible').first
        expect(counter).to_have_text(
            ('1/%s' % found).translate(PERSIAN_DIGITS))
        self.shot(page, 'client-fa-1366-08-search-number')
        # each cell in the direction of its text, aligned on the page's
        # side: the customer's name right to left, the number left to right
        # (a number "1405/0002" read "0002/1405" right to left)
        for column, direction in [
                ('.column-many2one', 'rtl'), ('.column-char', 'ltr')]:
            cell = rows.first.locator(column).first
            self.assertEqual(cell.evaluate("el => [getComputedStyle(el)"
                    ".direction, getComputedStyle(el).textAlign]"),
                [direction, 'right'], column)
        # and typed alone, in Persian digits, without the field's name
        search.fill(number['number'].translate(PERSIAN_DIGITS))
        search.press('Enter')
        page.wait_for_timeout(2000)
        expect(rows).to_have_count(rpc('admin', 'admin',
                'model.sale.sale.search_count',
                [('rec_name', 'ilike', '%%%s%%' % number['number'])]))

        # A search that finds nothing says so
        search.fill('%s: %s' % (label, 'ZZ-404'))
        search.press('Enter')
        expect(rows).to_have_count(0)
        empty = page.locator('#tabs .treeview.crm-empty:visible').first
        expect(empty).to_have_attribute('data-empty', 'موردی یافت نشد')
        page.wait_for_timeout(600)
        self.assertEqual(empty.evaluate(
                "el => getComputedStyle(el, '::after').opacity"), '1')
        self.shot(page, 'client-fa-1366-09-search-nothing')
        search.fill('')
        search.press('Enter')
        page.wait_for_timeout(1500)
        expect(empty).to_have_count(0)

        # A list's sums say what they are in Persian
        page.goto(self.url + '#%s/model/crm.party.overdue'
            % browser.DATABASE)
        expect(page.locator('#tabs tfoot th.crm-total-label:visible').first
            ).to_have_text('جمع')
        # the sum of the amounts with their currency (the Rial sign, drawn
        # ریال by Vazirmatn), as the amounts above it
        expect(page.locator('#tabs tfoot div.value:visible').first
            ).to_have_text(re.compile('^[0-9۰-۹,٬]+ \ufdfc$'))
        self.shot(page, 'client-fa-1366-10-totals')

    def used_fonts(self, page, locator):
        "The families of the fonts Chromium drew the element's text with"
        cdp = page.context.new_cdp_session(page)
        locator.evaluate("el => el.setAttribute('data-crm-font-probe', '1')")
        cdp.send('DOM.enable')
        cdp.send('CSS.enable')
        root = cdp.send('DOM.getDocument', {'depth': 0})['root']['nodeId']
        node = cdp.send('DOM.querySelector', {
                'nodeId': root, 'selector': '[data-crm-font-probe]'})['nodeId']
        fonts = cdp.send('CSS.getPlatformFontsForNode', {'nodeId': node})
        return {f['familyName'] for f in fonts['fonts']}

    def test_english_user(self):
        "Gregorian dates and the product's name for the English admin"
        sale = self.quotations()[1]
        self.drive(lambda page: self._english(page, sale), LAPTOP, 'en-US',
            'client-en-failure')

    def _english(self, page, sale):
        page.goto(self.url)
        page.locator('.crm-brand-login').wait_for()
        expect(page.locator('.crm-brand-name')).to_have_text('CRM Fin')
        self.shot(page, 'client-en-1366-01-login')
        self.login(page, 'admin', 'admin')
        expect(page.locator('#title')).to_have_text('CRM Fin')
        self.shot(page, 'client-en-1366-00-home')

        end = rpc_date(sale['validity_end'])
        self.open_quotation(page, sale)
        expect(self.date_input(page, 'validity_end')).to_have_value(
            end.strftime('%m/%d/%Y'))
        # ten days after its start (the demo's quotations start the day the
        # demo is built), a day more if it is already its end
        new_end = (rpc_date(sale['validity_start'])
            or datetime.date.today()) + datetime.timedelta(10)
        if new_end == end:
            new_end += datetime.timedelta(1)
        self.type_date(page, 'validity_end', new_end.strftime('%m/%d/%Y'))
        self.save(page, 'Record saved.')
        self.assertEqual(rpc_date(self.read_sale(
                    sale['id'], 'validity_end')['validity_end']), new_end)
        self.shot(page, 'client-en-1366-02-quotation')
        # the browser's own (Gregorian) picker, not the Jalali one
        page.locator('.form-date:has(input[name=validity_end]:visible) '
            '.icon-input').first.click()
        page.wait_for_timeout(500)
        expect(page.locator('.crm-jdp')).to_have_count(0)

        self.open_calendar(page, 'Appointments')
        title = page.locator('.fc-toolbar h2:visible').first.inner_text()
        self.assertFalse(any(m in title for m in PERSIAN_MONTHS), title)
        self.assertRegex(title, r'20\d\d')
        self.shot(page, 'client-en-1366-05-appointments')

        self.phone(page.context.browser, 'admin', 'admin', sale,
            'Appointments')

    # Scanning (crm_stock, issue 23) at phone size: the scan field typed as
    # a wedge scanner types (a code, then Enter), and the camera button read
    # by Chromium's fake camera showing the EAN-13 of the demo's laptop

    def camera_video(self, code):
        "A Y4M video (Chromium's fake camera) of the EAN-13 of code"
        import io

        import barcode
        from barcode.writer import ImageWriter
        from PIL import Image
        image = io.BytesIO()
        barcode.get('ean13', code, writer=ImageWriter()).write(image, {
                'module_width': 0.4, 'module_height': 18, 'quiet_zone': 8})
        frame = Image.new('L', (640, 480), 255)
        label = Image.open(image).convert('L')
        label.thumbnail((600, 440))
        frame.paste(label, ((640 - label.width) // 2,
                (480 - label.height) // 2))
        path = os.path.join(self.server.folder, 'camera.y4m')
        with open(path, 'wb') as video:
            video.write(b'YUV4MPEG2 W640 H480 F5:1 Ip A1:1 C420jpeg\n')
            for _ in range(5):
                video.write(b'FRAME\n' + frame.tobytes()
                    + bytes([128]) * (320 * 240 * 2))
        return path

    def scan(self, page, code):
        field = page.locator('input[name=scan_code]:visible').first
        field.click()
        field.press_sequentially(code, delay=20)
        field.press('Enter')
        page.wait_for_timeout(1500)

    def test_phone_scan(self):
        "Scan into a quotation (fa) and pick a customer shipment (en)"
        rpc = self.server.rpc
        laptop, = rpc('admin', 'admin', 'model.product.product.search',
            [('identifiers.code', '=', LAPTOP_EAN)], 0, None, None)
        draft, = rpc('admin', 'admin', 'model.sale.sale.copy',
            [self.quotations()[-1]['id']], {})
        shipment = rpc('admin', 'admin',
            'model.stock.shipment.out.search', [
                ('state', '=', 'waiting'),
                ('moves.product', '=', laptop)],
            0, 1, None)[0]
        self.join_stock('fa')

        def laptops(sale_id):
            lines = rpc('admin', 'admin', 'model.sale.line.search_read',
                [('sale', '=', sale_id), ('product', '=', laptop)],
                0, None, None, ['quantity'])
            return sum(line['quantity'] for line in lines)
        before = laptops(draft)

        def quotation(page):
            self.login(page, 'fa', 'fa-demo-2026')
            page.goto(self.url + '#%s/model/sale.sale/%s'
                % (browser.DATABASE, draft))
            page.locator('input[name=scan_code]:visible').wait_for()
            self.scan(page, LAPTOP_EAN)
            self.scan(page, '4006381333931')  # no such product: refused
            expect(page.locator('.modal:visible')).to_contain_text(
                '4006381333931')
            self.shot(page, 'stock-fa-390-01-quotation-refused')
            page.locator('.modal:visible button:visible').last.click()
            self.save(page, 'ذخیره شد')
            self.shot(page, 'stock-fa-390-02-quotation-scanned')
        self.drive(quotation, PHONE, 'fa-IR', 'stock-fa-failure')
        self.assertEqual(laptops(draft), before + 1)

        video = self.camera_video(LAPTOP_EAN)

        def picking(page):
            self.login(page, 'admin', 'admin')
            page.goto(self.url + '#%s/model/stock.shipment.out/%s'
                % (browser.DATABASE, shipment))
            page.locator('input[name=scan_code]:visible').wait_for()
            self.scan(page, 'PRN')  # the printer is not on the shipment
            expect(page.locator('.modal:visible')).to_contain_text(
                'is not on this shipment')
            self.shot(page, 'stock-en-390-03-shipment-refused')
            page.locator('.modal:visible button:visible').last.click()
            self.scan(page, LAPTOP_EAN)
            # the camera: Chromium's fake camera shows the laptop's EAN-13
            page.locator('.crm-scan-camera:visible').first.click()
            page.locator('.crm-scanner video').wait_for()
            # no wait: the code is read within the first frames
            page.screenshot(path=os.path.join(
                    browser.SCREENSHOTS, 'stock-en-390-04-camera.png'))
            page.locator('.crm-scanner').wait_for(
                state='detached', timeout=30_000)
            page.wait_for_timeout(1500)
            self.shot(page, 'stock-en-390-05-shipment-scanned')
            self.save(page, 'Record saved.')

        with browser.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=browser.CHROMIUM, args=[
                    '--no-sandbox', '--use-fake-ui-for-media-stream',
                    '--use-fake-device-for-media-stream',
                    '--use-file-for-fake-video-capture=' + video])
            try:
                page = self.new_page(chromium, PHONE, 'en-US')
                page.context.grant_permissions(['camera'])
                try:
                    picking(page)
                except Exception:
                    self.shot(page, 'stock-en-failure')
                    raise
            finally:
                chromium.close()
        moves = rpc('admin', 'admin', 'model.stock.move.search_read', [
                ('shipment', '=', 'stock.shipment.out,%s' % shipment),
                ('product', '=', laptop),
                ('to_location.type', '=', 'storage')], 0, None, None,
            ['scanned_quantity'])
        self.assertEqual(sum(m['scanned_quantity'] or 0 for m in moves), 2)

    def join_stock(self, login):
        "The demo's Persian user sells: Sales and Stock groups for the scans"
        rpc = self.server.rpc
        groups = rpc('admin', 'admin', 'model.res.group.search',
            [('name', 'in', ['Sales', 'Stock'])], 0, None, None)
        user, = rpc('admin', 'admin', 'model.res.user.search',
            [('login', '=', login)], 0, None, None)
        rpc('admin', 'admin', 'model.res.user.write',
            [user], {'groups': [('add', groups)]})
