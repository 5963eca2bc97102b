"""The mixed load of benchmarks/load.py in its short mode (10 s, 4 users)
on the PostgreSQL demo database the other PostgreSQL tests share (crm_fin
and crm_installments: marketers' quotations converted and posted, cashiers'
cheques received and deposited, the due-date cron): two trytond processes,
trytond-cron and trytond-worker, one trytond killed with SIGKILL and
started again in the middle; every quotation and cheque answered with
success is stored once (its invoice posted once, its receipt move once),
none lost; the cron's alarms none twice; a second run clears the
cheques the first one deposited; a second run at the same time refuses
to start; a run killed with SIGKILL leaves no service running.  Not timed
(the figures are the benchmark's).  Skipped on SQLite.

PostgreSQL itself is restarted only with CRM_LOAD_PG_RESTART=1: the server
is shared by the test run (its own pooled connections) and by whoever else
uses it at that moment."""
import fcntl
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

from trytond import backend

from pg_demo import ROOT, demo_database, pg_env

# benchmarks/load.py's: one run per machine
LOCK = os.path.join(tempfile.gettempdir(), 'crm-load.lock')


@unittest.skipUnless(backend.name == 'postgresql', "PostgreSQL only")
class LoadTestCase(unittest.TestCase):

    def test_load_short(self):
        "Short load with a killed trytond: accepted = stored, none twice"
        database = demo_database()
        command = [sys.executable, os.path.join('benchmarks', 'load.py'),
            '--database', database, '--short']
        if os.environ.get('CRM_LOAD_PG_RESTART') != '1':
            command.append('--no-pg-restart')
        process = subprocess.run(command, cwd=ROOT, env=pg_env(),
            capture_output=True, text=True, timeout=300)
        output = process.stdout
        self.assertEqual(process.returncode, 0, output + process.stderr)
        accepted_of = {}
        for name in ['quotation', 'cheque']:
            counts = re.search(name + r' \([^)]*\): accepted (\d+), '
                r'stored (\d+), duplicated (\d+), lost (\d+) '
                r'\(failed with an error answer (\d+)', output)
            self.assertTrue(counts, output)
            accepted, stored, duplicated, lost, failed = map(
                int, counts.groups())
            # a quotation is four requests of seconds each on a loaded
            # machine: the kill may cut the few of a short run
            self.assertGreater(
                accepted + (failed if name == 'quotation' else 0), 0,
                output)
            self.assertEqual(stored, accepted, output)
            accepted_of[name] = accepted
            self.assertEqual((duplicated, lost), (0, 0), output)
        self.assertRegex(output, r'due-date cron: .* duplicated 0, lost 0')
        # the worker did the run's tasks (after the PostgreSQL restart too)
        self.assertIn('tasks the run queued, left undone by the worker: 0 ',
            output)
        self.assertRegex(output, r'shipments of the converted quotations: '
            r'quotations \d+, shipped \d+, duplicated 0, lost 0')
        self.assertRegex(output,
            r'trytond killed \(SIGKILL\): the service answering again '
            r'\(through the other trytond\) after')
        self.assertRegex(output,
            r'the killed trytond started again and answering after')
        self.assertIn('correctness: OK', output)

        # a second run: the bank clears the cheques the first one
        # deposited, through the workflow, before its load
        process = subprocess.run(command + ['--no-kill'], cwd=ROOT,
            env=pg_env(), capture_output=True, text=True, timeout=300)
        output = process.stdout
        self.assertEqual(process.returncode, 0, output + process.stderr)
        cleared = re.search(r'cheques of earlier runs cleared by the bank: '
            r'(\d+)', output)
        self.assertTrue(cleared, output)
        self.assertGreaterEqual(
            int(cleared.group(1)), accepted_of['cheque'], output)
        self.assertIn('correctness: OK', output)

    def test_one_run_at_a_time(self):
        "A second run on the machine refuses to start, touching nothing"
        with open(LOCK, 'a+') as fp:
            fcntl.flock(fp, fcntl.LOCK_EX | fcntl.LOCK_NB)
            process = subprocess.run([sys.executable,
                    os.path.join('benchmarks', 'load.py'),
                    '--database', 'no-such-database', '--short'],
                cwd=ROOT, env=pg_env(), capture_output=True, text=True,
                timeout=60)
        self.assertNotEqual(process.returncode, 0, process.stdout)
        self.assertIn('another run', process.stderr)
        self.assertNotIn('started', process.stdout)

    def test_killed_run_stops_its_services(self):
        "load.py killed with SIGKILL: its services stop all the same"
        database = demo_database()
        process = subprocess.Popen([sys.executable,
                os.path.join('benchmarks', 'load.py'), '--database',
                database, '--short', '--no-kill', '--no-pg-restart'],
            cwd=ROOT, env=pg_env(), stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True)
        try:
            output = ''
            for line in process.stdout:
                output += line
                if 'started: answering' in line:
                    break
            self.assertIn('started: answering', output)
            self.assertTrue(services_of(database), output)
        finally:
            process.kill()
            process.wait()
            process.stdout.close()
        for _ in range(60):
            left = services_of(database)
            if not left:
                break
            time.sleep(1)
        self.assertEqual(left, [])


def services_of(database):
    "The trytond processes (servers, cron, worker and pools) on database"
    found = []
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as fp:
                argv = fp.read().decode(errors='replace').split('\0')
        except OSError:
            continue
        if (any('trytond' in a for a in argv[:2])
                and database in argv and '-d' in argv):
            found.append((int(pid), ' '.join(argv)))
    return found
