# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Every label a CRM user meets is Persian and Polish (issues 17 and 24).

On the demo database (every module of the editions and add-ons, fa and pl
loaded; built once per run by tests/browser.py), the walk of
``crm_fin/tests/labels.py`` reads, as a user of every CRM group and of the
sales, accounting, dunning and commission groups, every menu entry, window
and tab title, filter tab, form label, column, page, button, selection
value, toolbar entry and wizard button reachable from the CRM menus and the
dunnings, in English, Persian and Polish; none may read as its English
source (but the few words of ``labels.ALLOWED``).  The counts are printed.
No browser: the server answers what sao would draw.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

import browser

# Python run on a database: sys.argv[1] its name, [2] the configuration
PREAMBLE = textwrap.dedent('''
    import json, sys
    from trytond import config
    config.update_etc(sys.argv[2])
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Pool.start()
    pool = Pool(sys.argv[1])
    pool.init()
    ''')

SCAN = textwrap.dedent('''
    from trytond.modules.crm_fin.tests.labels import scan, untranslated
    with Transaction().start(sys.argv[1], 0) as transaction:
        labels = scan(['fa', 'pl'])
        result = {'labels': len(labels)}
        for lang in ['fa', 'pl']:
            result[lang] = [[l.kind, l.source, l.texts.get(lang), l.where]
                for l in untranslated(labels, lang)]
        transaction.rollback()
    print(json.dumps(result))
    ''')


def run_on_database(folder, script, *args):
    """Run script (after PREAMBLE) on the database of folder with the
    server's environment; return its output"""
    output = subprocess.run(
        [sys.executable, '-c', PREAMBLE + script, browser.DATABASE,
            os.path.join(folder, 'trytond.conf')] + list(args),
        cwd=browser.ROOT, env=browser._environment(folder),
        capture_output=True, text=True)
    if output.returncode:
        raise AssertionError(output.stderr[-3000:])
    return output.stdout


class LabelTranslationTestCase(unittest.TestCase):

    def test_labels_translated(self):
        "No label of the CRM menus reads as English in fa or pl"
        folder = tempfile.mkdtemp(prefix='crm-labels-')
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        shutil.copy(browser.demo_database(),
            os.path.join(folder, browser.DATABASE + '.sqlite'))
        browser._config(folder, browser.free_port())
        output = run_on_database(folder, SCAN)
        result = json.loads(output.splitlines()[-1])
        self.assertGreater(result['labels'], 1000)
        for lang in ['fa', 'pl']:
            print("%s: %d of %d labels read as English" % (
                    lang, len(result[lang]), result['labels']))
        for lang in ['fa', 'pl']:
            with self.subTest(lang=lang):
                self.assertEqual(result[lang], [])
