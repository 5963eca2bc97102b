# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The demo runs what production runs (scripts/serve.sh, started by
``make demo``): trytond and trytond-cron on one database (plus
trytond-worker on PostgreSQL); the scheduled actions fire while it runs,
and Ctrl+C stops them all."""
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATABASE = 'serve'


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def terminal_signals():
    """Ctrl+C reaches serve.sh as from a terminal: SIGINT handled by
    default.  Started from a background job of a script (the CI's SQLite
    pass), the test inherits SIGINT ignored, and a shell cannot trap a
    signal ignored when it starts: serve.sh then ignored Ctrl+C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def group_commands(pgid):
    output = subprocess.run(['ps', '-ww', '-o', 'args=', '-g', str(pgid)],
        capture_output=True, text=True).stdout
    return output.splitlines()


class ServeTestCase(unittest.TestCase):

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix='crm-serve-')
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.port = free_port()
        self.env = {k: v for k, v in os.environ.items()
            if not k.startswith('DB_') and k != 'TRYTOND_DATABASE__URI'}
        self.env['TRYTOND_DATABASE__PATH'] = self.folder
        self.config = os.path.join(self.folder, 'trytond.conf')
        with open(os.path.join(ROOT, 'trytond.conf')) as source, \
                open(self.config, 'w') as target:
            target.write(source.read().replace(
                    'listen = 127.0.0.1:8000',
                    'listen = 127.0.0.1:%s' % self.port))
        self.database = os.path.join(self.folder, DATABASE + '.sqlite')
        # the browser test's demo when this run built one, else a small one
        kept = os.environ.get('CRM_E2E_DEMO')
        if kept and os.path.exists(kept):
            shutil.copy(kept, self.database)
        else:
            subprocess.run([sys.executable, '-m', 'demo', '-c', self.config,
                    '-d', DATABASE, '--edition', 'base1'], cwd=ROOT,
                env=self.env, check=True, stdout=subprocess.DEVNULL)

    def cron_logs(self):
        with sqlite3.connect(self.database, timeout=30) as connection:
            return connection.execute(
                'SELECT COUNT(*) FROM ir_cron_log').fetchone()[0]

    def test_serve(self):
        "trytond, cron and worker run; scheduled actions fire; Ctrl+C stops"
        with sqlite3.connect(self.database) as connection:
            # every scheduled action is due now
            connection.execute('UPDATE ir_cron SET next_call = NULL')
        before = self.cron_logs()
        log = open(os.path.join(self.folder, 'serve.log'), 'w')
        self.addCleanup(log.close)
        process = subprocess.Popen(
            ['bash', os.path.join(ROOT, 'scripts', 'serve.sh'), DATABASE,
                self.config],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=terminal_signals)
        pgid = process.pid

        def kill():
            if group_alive(pgid):
                os.killpg(pgid, signal.SIGKILL)
        self.addCleanup(kill)

        deadline = time.monotonic() + 120
        answered = fired = False
        while time.monotonic() < deadline and not (answered and fired):
            time.sleep(1)
            self.assertIsNone(process.poll(), "serve.sh stopped")
            if not answered:
                try:
                    with urllib.request.urlopen(
                            'http://127.0.0.1:%s/' % self.port,
                            timeout=5) as response:
                        answered = response.status == 200
                except OSError:
                    pass
            if not fired:
                fired = self.cron_logs() > before
        self.assertTrue(answered, "the web server answers")
        self.assertTrue(fired, "a scheduled action ran")
        commands = '\n'.join(group_commands(pgid))
        # trytond-worker needs PostgreSQL (LISTEN/NOTIFY): not on SQLite
        for name in ['trytond-cron', 'trytond -c']:
            self.assertIn(name, commands)

        # Ctrl+C in the terminal: SIGINT to the whole foreground group
        os.killpg(pgid, signal.SIGINT)
        process.wait(timeout=60)
        deadline = time.monotonic() + 30
        while group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.5)
        self.assertFalse(group_alive(pgid),
            "left running: %s" % group_commands(pgid))
