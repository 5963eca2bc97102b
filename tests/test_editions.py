"""Editions: each one activates exactly its module set (menus of the
modules it holds exist, those of the others do not), and moving a database
up an edition with ``python -m editions`` keeps its data.  SQLite only: the
PostgreSQL pass runs the scenarios."""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

from trytond import backend

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from editions import EDITIONS, modules  # noqa: E402

# menus that tell what an edition holds: (module, xml id)
CONTACTS = ('crm_fin', 'menu_crm')
CALLS = ('crm_telephony', 'menu_communication_form')
TASKS = ('project', 'menu_project')
SALES = ('sale', 'menu_sale')
INSTALLMENTS = ('crm_installments', 'menu_installments')
EXPECTED = {
    'base1': ({CONTACTS, CALLS}, {TASKS, SALES, INSTALLMENTS}),
    'base2': ({CONTACTS, CALLS, TASKS}, {SALES, INSTALLMENTS}),
    'base3': ({CONTACTS, CALLS, SALES, INSTALLMENTS}, {TASKS}),
    'base4': ({CONTACTS, CALLS, TASKS, SALES, INSTALLMENTS}, set()),
    }


INSPECT = textwrap.dedent('''
    import json, sys
    from trytond import config
    config.update_etc(sys.argv[2])
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    database = sys.argv[1]
    Pool.start()
    pool = Pool(database)
    pool.init()
    with Transaction().start(database, 0, readonly=True):
        Module = pool.get('ir.module')
        ModelData = pool.get('ir.model.data')
        activated = sorted(m.name for m in Module.search(
            [('state', '=', 'activated')]))
        menus = [[m, i] for m, i in json.loads(sys.argv[3])
            if ModelData.search([('module', '=', m), ('fs_id', '=', i)])]
    print(json.dumps({'activated': activated, 'menus': menus}))
    ''')


class _EditionMixin:

    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.env = dict(os.environ, TRYTOND_DATABASE__PATH=directory.name)
        self.env['TRYTOND_DATABASE__URI'] = 'sqlite://'

    def run_(self, *args):
        process = subprocess.run(args, cwd=ROOT, env=self.env, text=True,
            capture_output=True)
        self.assertEqual(process.returncode, 0, process.stderr[-3000:])
        return process.stdout


@unittest.skipUnless(backend.name == 'sqlite', "SQLite pass only")
class EditionTestCase(_EditionMixin, unittest.TestCase):
    "Each edition, on a new database made by python -m editions"

    def check_edition(self, edition):
        import json
        self.run_(sys.executable, '-m', 'editions', '-d', edition, edition)
        present, absent = EXPECTED[edition]
        result = json.loads(self.run_(sys.executable, '-c', INSPECT, edition,
                'trytond.conf', json.dumps(sorted(present | absent))))
        self.assertEqual(
            {tuple(m) for m in result['menus']}, present, edition)
        for module, _ in absent:
            self.assertNotIn(module, result['activated'], edition)
        self.assertTrue(set(modules(edition)) <= set(result['activated']))

    def test_base1(self):
        "Base 1: contacts and communications, no tasks, no finance"
        self.check_edition('base1')

    def test_base2(self):
        "Base 2: + tasks, no finance"
        self.check_edition('base2')

    def test_base3(self):
        "Base 3: + finance, no tasks"
        self.check_edition('base3')

    def test_base4(self):
        "Base 4: everything"
        self.check_edition('base4')

    def test_unknown(self):
        "Unknown editions and add-ons are refused"
        with self.assertRaises(ValueError):
            modules('base9')
        with self.assertRaises(ValueError):
            modules('base1', ['casino'])
        self.assertEqual(set(modules('base5')), set(EDITIONS['base4']))


COUNT = textwrap.dedent('''
    import sys
    from proteus import Model, config
    config.set_trytond(database=sys.argv[1], config_file=sys.argv[2])
    Party = Model.get('party.party')
    if sys.argv[3] == 'create':
        Party(name="Customer of Base 1").save()
    Module = Model.get('ir.module')
    print(len(Party.find([('name', '=', "Customer of Base 1")])),
        len(Module.find([('name', '=', 'sale'), ('state', '=', 'activated')])))
    ''')


@unittest.skipUnless(backend.name == 'sqlite', "SQLite pass only")
class EditionUpgradeTestCase(_EditionMixin, unittest.TestCase):

    def test_upgrade_base1_to_base3_keeps_data(self):
        "python -m editions moves a database from Base 1 to Base 3"
        run = self.run_
        run(sys.executable, '-m', 'editions', '-d', 'shop', 'base1')
        self.assertEqual(run(sys.executable, '-c', COUNT, 'shop',
                'trytond.conf', 'create').split(), ['1', '0'])
        run(sys.executable, '-m', 'editions', '-d', 'shop', 'base3')
        self.assertEqual(run(sys.executable, '-c', COUNT, 'shop',
                'trytond.conf', 'check').split(), ['1', '1'])
