"""Backup and restore on PostgreSQL: pg_dump -> pg_restore into a new
database -> the data is there and the quotation -> invoice flow still runs
on the restored database.  Skipped on SQLite (a file copy is its backup)."""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
import uuid

from trytond import backend

from pg_demo import ROOT, demo_database, pg_env

CHECK = textwrap.dedent('''
    import sys
    from decimal import Decimal
    from proteus import Model, config
    config.set_trytond(database=sys.argv[1], config_file=sys.argv[2])
    Party = Model.get('party.party')
    Sale = Model.get('sale.sale')
    Invoice = Model.get('account.invoice')
    print(len(Party.find([])), len(Sale.find([])), len(Invoice.find([])))
    product, = Model.get('product.product').find([('code', '=', 'LAP')])
    term, = Model.get('account.invoice.payment_term').find([], limit=1)
    sale = Sale(party=Party.find([], limit=1)[0], payment_term=term)
    line = sale.lines.new()
    line.product = product
    line.quantity = 2
    sale.click('quote')
    sale.click('confirm')
    sale.reload()
    invoice, = sale.invoices
    print(sale.state, invoice.total_amount)
    ''')


@unittest.skipUnless(backend.name == 'postgresql', "PostgreSQL only")
class BackupRestoreTestCase(unittest.TestCase):

    def setUp(self):
        self.target = 'backup_dst_' + uuid.uuid4().hex[:8]
        self.env = pg_env()
        self.addCleanup(self._drop)

    def _drop(self):
        subprocess.call(
            ['dropdb', '--if-exists', self.target], env=self.env)

    def _run(self, *args):
        return subprocess.run(
            args, env=self.env, cwd=ROOT, check=True, text=True,
            capture_output=True).stdout

    def test_backup_restore_postgresql(self):
        "A pg_dump restored in a new database keeps working"
        self.source = demo_database()
        with tempfile.TemporaryDirectory() as tmp:
            dump = os.path.join(tmp, 'backup.dump')
            self._run('pg_dump', '-Fc', '-f', dump, self.source)
            self._run('createdb', self.target)
            self._run('pg_restore', '--no-owner', '-d', self.target, dump)
        source_counts = self._run(
            sys.executable, '-c', CHECK, self.source, 'trytond.conf'
            ).splitlines()[0]
        counts, result = self._run(
            sys.executable, '-c', CHECK, self.target, 'trytond.conf'
            ).splitlines()
        # The restored database had what the source had before its own
        # check added one sale.
        parties, sales, invoices = map(int, source_counts.split())
        self.assertEqual(counts, source_counts)
        self.assertGreater(parties, 5)
        self.assertGreater(sales, 5)
        state, total = result.split()
        self.assertEqual(state, 'processing')
        # 2 laptops of 250 000 000 IRR + VAT 10 % + levy 3 %
        self.assertEqual(total, '565000000')
