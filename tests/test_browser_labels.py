# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""No English label in the web UI of a Persian or Polish user (issues 17
and 24), in Chromium.

A Persian and a Polish user with the groups of a CRM user and
administrator (``crm_fin/tests/labels.py`` SCAN_GROUPS) log in to sao on the
demo; the whole menu tree is unfolded; every entry of the CRM menu and of
the dunnings (their configuration included) is opened as a click on the
menu opens it, with the first record of its list and every page of that
form, and every wizard it starts.  The scan reads what is drawn: menu
entries, tab titles, filter tabs, column headers, form labels, pages,
group titles, buttons and the options of selections.  A text that is the
English source of a server string (``ir.translation``) or of sao's own, but
the few ``labels.ALLOWED`` words, is counted; the counts are printed and
must be 0.  Screenshots of a few screens per language.
"""
import os
import re
import sqlite3
import textwrap

import browser
import polib
from browser import LAPTOP, requires_browser, sync_playwright
from test_translations import run_on_database

from trytond.modules.crm_fin.tests.labels import (
    ALLOWED, EXTRA_MENUS)

PASSWORD = 'labels-scan-2026'

USERS = textwrap.dedent('''
    from trytond.modules.crm_fin.tests.labels import scan_user
    with Transaction().start(sys.argv[1], 0) as transaction:
        for lang in ['fa', 'pl']:
            scan_user('labels-' + lang, lang, sys.argv[3])
        transaction.commit()
    ''')

# The texts sao draws: menu entries, tab and page titles, filter tabs,
# column headers, labels, group titles, buttons, options of selections.
# textContent: the pages of a notebook the user has not opened yet too.
COLLECT = r'''(scope) => {
    const result = [];
    const roots = scope ? [...document.querySelectorAll(scope)]
        : [document.body];
    const selector = 'label, th, button, a[role=tab], legend, '
        + '.form-separator, option, #menu td';
    for (const root of roots) {
        for (const element of root.querySelectorAll(selector)) {
            for (const line of (element.textContent || '').split('\n')) {
                if (line.trim()) {
                    result.push(line.trim());
                }
            }
        }
    }
    return result;
}'''

UNFOLD_MENU = r'''async () => {
    // expand the rows of the menu tree as a click on their arrow does
    const view = Sao.main_menu_screen.current_view;
    for (let round = 0; round < 8; round++) {
        const rows = [];
        const walk = list => {
            for (const row of list) {
                rows.push(row);
                walk(row.rows || []);
            }
        };
        walk(view.rows);
        const folded = rows.filter(
            row => row.expander && !row.is_expanded());
        if (!folded.length) {
            break;
        }
        for (const row of folded) {
            row.expand_row();
        }
        do {
            await new Promise(resolve => setTimeout(resolve, 200));
        } while (jQuery.active);
    }
}'''

# The date cells of the lists the user opens (sao's date columns, dates
# and date-times): they must follow the user's convention (issue 24).  Texts
# are left out: an SMS keeps the date as its recipient read it.
CELLS = r'''() => [...document.querySelectorAll(
    '#tabs .tab-pane.active .treeview tbody td .column-date')].map(
    cell => (cell.textContent || '').trim()).filter(text => text)'''

# A date in the reader's convention: dd.mm.yyyy in Polish, Jalali in
# Persian digits in Persian; any other date drawn in a list is wrong (\d
# is any decimal digit, Persian ones included)
DATES = {
    'pl': re.compile(r'[0-9]{2}\.[0-9]{2}\.[0-9]{4}'),
    'fa': re.compile(r'[\u06f0-\u06f9]{4}/[\u06f0-\u06f9]{2}/[\u06f0-\u06f9]{2}'),
    }
ANY_DATE = re.compile(r'(?<![\w/.-])(?:\d{4}([-/.])\d{1,2}\1\d{1,2}'
    r'|\d{1,2}([-/.])\d{1,2}\2\d{4})(?![\w/.-])')

OPEN_MENU = r'''(id) => Sao.Action.exec_keyword('tree_open', {
    'model': 'ir.ui.menu', 'id': id}, null, false)'''

CLOSE_TABS = r'''() => {
    for (const tab of [...Sao.Tab.tabs]) {
        tab.close();
    }
}'''

# The width shared by the first radio button and its label's text in the
# dialog that asks which of several reports to open (sao's selection)
RADIO_OVERLAP = r'''async () => {
    Sao.common.selection('?', {'Aa': 1, 'Bb': 2}, true);
    await new Promise(resolve => setTimeout(resolve, 1000));
    const label = document.querySelector('.selection-dialog .radio label');
    const radio = label.querySelector('input').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(label.lastChild);
    const text = range.getBoundingClientRect();
    const overlap = Math.max(0, Math.min(text.right, radio.right)
        - Math.max(text.left, radio.left));
    jQuery('.selection-dialog').modal('hide');
    return overlap;
}'''


def settle(page, pause=150):
    """Wait for sao's requests to end and the screen to be drawn: a pause
    for the requests to start, their end, a pause for the ones they chain"""
    page.wait_for_timeout(pause)
    page.wait_for_function('() => !window.jQuery || jQuery.active === 0')
    page.wait_for_timeout(pause)


def _clean(text):
    return text.strip().rstrip(':*').strip()


@requires_browser
class LabelsTestCase(browser.BrowserTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the users of the scan, in the server's database
        run_on_database(cls.server.folder, USERS, PASSWORD)
        cls.sources = cls.english_sources()

    @classmethod
    def english_sources(cls):
        "The English texts of the server's and sao's strings"
        database = os.path.join(
            cls.server.folder, browser.DATABASE + '.sqlite')
        connection = sqlite3.connect(database)
        try:
            sources = {src for src, in connection.execute(
                    "SELECT DISTINCT src FROM ir_translation "
                    "WHERE lang = 'fa' AND src IS NOT NULL AND ("
                    "type IN ('field', 'view', 'selection', "
                    "'wizard_button') OR (type = 'model' AND ("
                    "name LIKE '%,string' OR name IN ('ir.ui.menu,name', "
                    "'ir.action,name', 'ir.model.button,string', "
                    "'ir.action.act_window.domain,name')))) ")}
        finally:
            connection.close()
        sao = os.path.join(os.path.dirname(browser.SAO), 'locale', 'fa.po')
        sources.update(e.msgid for e in polib.pofile(sao))
        return {_clean(s) for s in sources if _clean(s)}

    def menus(self, lang):
        "The menu entries with an action under CRM and EXTRA_MENUS"
        database = os.path.join(
            self.server.folder, browser.DATABASE + '.sqlite')
        connection = sqlite3.connect(database)
        try:
            roots = [db_id for xml_id in ['crm_fin.menu_crm'] + EXTRA_MENUS
                for db_id, in connection.execute(
                    "SELECT db_id FROM ir_model_data WHERE module = ? "
                    "AND fs_id = ?", xml_id.split('.'))]
        finally:
            connection.close()
        menus = self.server.rpc('labels-' + lang, PASSWORD,
            'model.ir.ui.menu.search_read', [('parent', 'child_of', roots)],
            0, None, [('id', 'ASC')], ['complete_name', 'action'])
        return [m for m in menus if m['action']]

    def english(self, texts, lang):
        allowed = ALLOWED.get(lang, set())
        return sorted({t for t in map(_clean, texts)
                if t in self.sources and t not in allowed
                and any(c.isalpha() for c in t)})

    def wait_language(self, page, lang):
        "Wait for sao to draw in the user's language (its catalog loaded)"
        # sao sets the locale before its catalog has arrived: wait for a
        # string of the catalog too
        page.wait_for_function(
            "lang => (Sao.i18n.getLocale() || '').startsWith(lang) "
            "&& Sao.i18n.gettext('Filters') != 'Filters'",
            arg=lang)
        settle(page, 500)

    def scan(self, page, lang, dates):
        """Return {english text: [where]} of what lang's user sees; count
        in dates the dates its lists draw: 'ok' and 'wrong' {date: [where]}
        """
        found = {}
        dates.update({'ok': 0, 'wrong': {}})

        def collect(where, scope=None):
            for text in self.english(
                    page.evaluate(COLLECT, scope), lang):
                found.setdefault(text, []).append(where)

        self.login(page, 'labels-' + lang, PASSWORD)
        self.wait_language(page, lang)
        page.evaluate(UNFOLD_MENU)
        settle(page)
        collect('menu', '#menu')
        self.shot(page, 'labels-%s-menu' % lang)
        for menu in self.menus(lang):
            where = menu['complete_name']
            if os.environ.get('LABELS_VERBOSE'):
                print(lang, where, flush=True)
            page.evaluate(OPEN_MENU, menu['id'])
            settle(page, 250)
            modal = page.locator('.modal:visible')
            if modal.count():
                # a wizard: its dialog, then start again without it
                collect(where, '.modal')
                page.reload()
                page.locator('#menu').first.wait_for()
                self.wait_language(page, lang)
                continue
            collect(where, '#tabs')
            for cell in page.evaluate(CELLS):
                for match in ANY_DATE.finditer(cell):
                    if DATES[lang].fullmatch(match.group(0)):
                        dates['ok'] += 1
                    else:
                        dates['wrong'].setdefault(
                            match.group(0), []).append(where)
            rows = page.locator(
                '#tabs .tab-pane.active .treeview tbody tr:visible')
            if rows.count() and not page.locator(
                    '#tabs .tab-pane.active .form:visible').count():
                try:
                    # the list may be drawn again meanwhile (its search):
                    # the row is then another one, or none
                    rows.first.dblclick(timeout=10_000)
                except browser.PlaywrightTimeout:
                    print("%s: %s: its form could not be opened" % (
                            lang, where))
                else:
                    settle(page)
                    collect(where + ' (form)', '#tabs')
            page.evaluate(CLOSE_TABS)
            settle(page, 50)
        return found

    def test_no_english_label(self):
        """Persian and Polish users meet no English label; the dates of
        their lists are Jalali in Persian digits and dd.mm.yyyy; a radio
        button does not cover its label"""
        counts, overlaps = {}, {}
        dates = {'fa': {}, 'pl': {}}
        with sync_playwright() as playwright:
            browser_ = self.browser(playwright)
            try:
                for lang in ['fa', 'pl']:
                    page = self.new_page(browser_, LAPTOP)
                    try:
                        found = self.scan(page, lang, dates[lang])
                        overlaps[lang] = page.evaluate(RADIO_OVERLAP)
                    except Exception:
                        self.shot(page, 'labels-%s-failure' % lang)
                        raise
                    finally:
                        page.close()
                    counts[lang] = found
            finally:
                browser_.close()
        for lang, found in counts.items():
            print("%s: %d English labels" % (lang, len(found)))
            for text, where in sorted(found.items()):
                print("  %r in %s" % (text, ', '.join(sorted(set(where)))))
        for lang, counted in dates.items():
            print("%s: %d dates in the lists as the user reads them, %d "
                "otherwise" % (lang, counted['ok'], len(counted['wrong'])))
            for text, where in sorted(counted['wrong'].items()):
                print("  %r in %s" % (text, ', '.join(sorted(set(where)))))
        for lang, found in counts.items():
            with self.subTest(lang=lang):
                self.assertEqual(sorted(found), [])
                self.assertEqual(sorted(dates[lang]['wrong']), [])
                self.assertGreater(dates[lang]['ok'], 0)
                # a radio button beside its label, not over its text
                self.assertEqual(overlaps[lang], 0)
