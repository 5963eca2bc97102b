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
        edition = pool.get('crm.configuration')(1).edition
        menus = [[m, i] for m, i in json.loads(sys.argv[3])
            if ModelData.search([('module', '=', m), ('fs_id', '=', i)])]
    print(json.dumps(
        {'activated': activated, 'menus': menus, 'edition': edition}))
    ''')


class _EditionMixin:

    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.env = dict(os.environ, TRYTOND_DATABASE__PATH=directory.name)
        self.env['TRYTOND_DATABASE__URI'] = 'sqlite://'
        self.env['CRM_ADMIN_PASSWORD'] = 'Tolou-admin-2026'

    def run_(self, *args):
        process = subprocess.run(args, cwd=ROOT, env=self.env, text=True,
            capture_output=True)
        self.assertEqual(process.returncode, 0, process.stderr[-3000:])
        return process.stdout


class EditionModulesTestCase(unittest.TestCase):
    "The module set of each edition"

    def test_module_sets(self):
        "Each edition holds its modules and none of the next editions'"
        for edition, (present, absent) in EXPECTED.items():
            names = set(modules(edition))
            for module, _ in present - {TASKS, SALES}:
                self.assertIn(module, names, edition)
            for module, _ in absent:
                self.assertNotIn(module, names, edition)
        self.assertIn('project', modules('base2'))
        self.assertIn('sale', modules('base3'))
        self.assertEqual(set(modules('base5')),
            set(EDITIONS['base4']) | {'crm_stock'})
        self.assertNotIn('crm_stock', modules('base4'))
        self.assertIn('crm_stock', modules('base3', ['stock']))
        self.assertEqual(set(modules('base1', ['club', 'insurance'])),
            set(EDITIONS['base1']) | {'crm_club', 'crm_vertical_insurance'})

    def test_unknown(self):
        "Unknown editions and add-ons are refused"
        with self.assertRaises(ValueError):
            modules('base9')
        with self.assertRaises(ValueError):
            modules('base1', ['casino'])


class EditionPasswordTestCase(_EditionMixin, unittest.TestCase):
    "No database without a strong admin password"

    def test_password_required(self):
        "Without --password nor CRM_ADMIN_PASSWORD, nothing is created"
        del self.env['CRM_ADMIN_PASSWORD']
        for password in [None, 'admin', '1234567890', 'aaaaaaaaaaaa']:
            args = [sys.executable, '-m', 'editions', '-d', 'shop', 'base1']
            if password:
                args += ['--password', password]
            process = subprocess.run(args, cwd=ROOT, env=self.env,
                text=True, capture_output=True)
            self.assertEqual(process.returncode, 2, password)
            self.assertIn('admin password', process.stderr, password)
            self.assertFalse(os.listdir(self.env['TRYTOND_DATABASE__PATH']))


COUNT = textwrap.dedent('''
    import sys
    from proteus import Model, config
    config.set_trytond(database=sys.argv[1], config_file=sys.argv[2])
    Party = Model.get('party.party')
    if sys.argv[3] == 'create':
        Party(name="Customer of the first edition").save()
    print(len(Party.find([('name', '=', "Customer of the first edition")])))
    ''')


DEMO = textwrap.dedent('''
    import json, sys
    from proteus import Model, config
    from demo.names import name
    config.set_trytond(database=sys.argv[1], config_file=sys.argv[2])
    def count(model, domain=None):
        return len(Model.get(model).find(domain or []))
    print(json.dumps({
        'customers': count('party.party', [('name', 'in', [
                            name('Ali Rezaei'), name('Maryam Hosseini')])]),
        'persian user': count('res.user', [('login', '=', 'fa')]),
        # Dr. Karimi's: the on-call doctor's of today depends on the hour
        'appointments': count('medical.appointment', [
                ('doctor.party.name', '=', name('Dr. Karimi'))]),
        'active policies': count('insurance.policy', [
                ('state', '=', 'active')]),
        'club members': count('party.party', [
                ('club_card_number', '!=', None)]),
        'gold members': count('party.party', [
                ('club_tier.name', '=', name('Gold'))]),
        'quotations': count('sale.sale'),
        'edition': Model.get('crm.configuration')(1).edition,
        }))
    ''')


COMPANY = textwrap.dedent('''
    import json, sys
    from proteus import Model, config
    config.set_trytond(database=sys.argv[1], config_file=sys.argv[2])
    company, = Model.get('company.company').find([])
    def get(model, domain=None):
        try:
            return Model.get(model).find(domain or [])
        except KeyError:
            return []
    configurations = get('crm.installment.configuration')
    charts = get('account.account', [('parent', '=', None)])
    print(json.dumps({
        'company': company.party.name,
        'currency': company.currency.code,
        'chart': [a.name for a in charts],
        'taxes': sorted(t.description for t in get('account.tax')),
        'series': sorted({s.prefix for s in get('ir.sequence.strict', [
                        ('prefix', 'like', 'FV/%')])}),
        'kinds': (sorted(configurations[0].payment_kinds)
            if configurations and configurations[0].payment_kinds
            else None),
        }))
    ''')


@unittest.skipUnless(backend.name == 'sqlite', "SQLite pass only")
class EditionTestCase(_EditionMixin, unittest.TestCase):
    """Each edition on a database made by python -m editions: its menus are
    there and those of the other editions are not; moving the database up
    an edition keeps its data.  (Two databases: 1 -> 3 and 2 -> 4.)"""

    def check_edition(self, database, edition, *options):
        import json
        self.run_(sys.executable, '-m', 'editions', '-d', database, edition,
            *options)
        present, absent = EXPECTED[edition]
        result = json.loads(self.run_(sys.executable, '-c', INSPECT,
                database, 'trytond.conf',
                json.dumps(sorted(present | absent))))
        self.assertEqual(
            {tuple(m) for m in result['menus']}, present, edition)
        for module, _ in absent:
            self.assertNotIn(module, result['activated'], edition)
        self.assertTrue(set(modules(edition)) <= set(result['activated']))
        self.assertEqual(result['edition'], edition)

    def count(self, database, action):
        return self.run_(sys.executable, '-c', COUNT, database,
            'trytond.conf', action).split()

    def test_base1_then_base3(self):
        """Base 1: contacts and calls; up to Base 3: + finance, data kept;
        the Polish company of --country PL gets its accounting with
        finance"""
        import json
        self.check_edition(
            'shop', 'base1', '--country', 'PL', '--languages=pl')
        self.assertEqual(self.count('shop', 'create'), ['1'])
        self.assertEqual(json.loads(self.run_(
                    sys.executable, '-c', COMPANY, 'shop', 'trytond.conf')), {
                'company': "Handel Sp. z o.o.", 'currency': 'PLN',
                'chart': [], 'taxes': [], 'series': [], 'kinds': None})
        self.check_edition(
            'shop', 'base3', '--country', 'PL', '--languages=pl')
        self.assertEqual(self.count('shop', 'check'), ['1'])
        self.assertEqual(json.loads(self.run_(
                    sys.executable, '-c', COMPANY, 'shop', 'trytond.conf')), {
                'company': "Handel Sp. z o.o.", 'currency': 'PLN',
                'chart': ["Zakładowy plan kont (minimalny)"],
                'taxes': ['0%', '23%', '5%', '8%', 'zw'],
                'series': ['FV/${year}/${month}/'],
                'kinds': ['cash', 'credit', 'pos', 'transfer']})

    def test_demo_base1_with_addons(self):
        "The demo of Base 1 with every add-on: no quotations (no finance)"
        import json
        self.run_(sys.executable, '-m', 'demo', '-c', 'trytond.conf',
            '-d', 'clinic', '--edition', 'base1',
            '--with', 'club,medical,insurance',
            # its Persian user; Polish is the other edition tests' language
            '--languages=fa')
        self.assertEqual(json.loads(self.run_(
                    sys.executable, '-c', DEMO, 'clinic', 'trytond.conf')), {
                'customers': 2,
                'persian user': 1,
                'appointments': 3,
                'active policies': 4,
                'club members': 4,
                'gold members': 1,
                'quotations': 0,
                'edition': 'base1',
                })

    def test_base2_then_base4(self):
        """Base 2: + tasks; up to Base 4: everything, data kept, and the
        Iranian company's accounting in Persian"""
        import json
        self.check_edition('office', 'base2', '--languages=')
        self.assertEqual(self.count('office', 'create'), ['1'])
        self.check_edition(
            'office', 'base4', '--languages=', '--country', 'IR')
        self.assertEqual(self.count('office', 'check'), ['1'])
        # the Iranian company's chart, taxes and payment kinds are Persian
        self.assertEqual(json.loads(self.run_(
                    sys.executable, '-c', COMPANY, 'office', 'trytond.conf')), {
                'company': "Tolou Trading Co.", 'currency': 'IRR',
                'chart': ["کدینگ حساب‌ها (ایران)"],
                'taxes': ["عوارض شهرداری ۳٪", "مالیات بر ارزش افزوده ۱۰٪"],
                'series': [], 'kinds': None})
