#!/usr/bin/env python
# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Benchmark: mixed workload on PostgreSQL, one trytond killed, the
database restarted; nothing lost, nothing stored twice.

Runs on one PostgreSQL database with the demo (``python -m demo``): two
``trytond`` processes, each on its own loopback port, ``trytond-cron`` and
``trytond-worker``.  A bounded load generator sends over JSON-RPC (logged
in as the demo's users) and the HTTP routes:

- marketers (``marketer``, groups Marketer and Sales) creating a 5-line
  quotation (``sale.sale.create``, the customer reference unique per
  request), quoting it and converting it to an invoice (``quote``,
  ``convert``: confirm, process, invoice), which the accountant posts
  (``account.invoice.post``, as ``admin``: the demo's only user of CRM
  Finance; the club points of a member); and opening a customer's form
  (``party.party.read`` of the fields of the form view);
- cashiers (``cashier``) receiving a cheque and depositing it
  (``crm.cheque.create``, ``receive``, ``deposit``: the receipt move and
  the history), the number unique per request (before the load, the bank
  clears the cheques the earlier runs deposited: ``crm.cheque.clear``);
- the PBX posting calls to the webhook at a fixed rate (20 per second,
  an open-loop pacer: its own thread schedules each call at its time and
  a bounded pool of senders posts it; the latency counts from the
  scheduled time), each with a unique call id, to extension 101 (the
  admin is notified), when crm_telephony is activated;
- club members looking up their card on the portal (card and mobile of
  the demo's members), when crm_club is;
- the due-date cron in ``trytond-cron``: installments of the demo moved
  to today and the cron made due at the start, so it raises their alarms
  (and their SMS) under the load.

The PBX's calls go to the first trytond, the users' requests to the second
one, each failing over to the other (a load balancer routing the webhook to
its own process; ``--shared``: both serve both in turn); ``trytond-cron``
and ``trytond-worker``, the background work, run at a lower CPU priority
(nice 10).  The users pause 10 s on average between two tasks
(``--pause``; 0.2 s in the short mode, which is ``--shared``: closed loops
that load the machine fully).  At 40 s of the default 120 s (a third of the
run) the trytond of the users is killed with SIGKILL (by its PID) and
started again; at 80 s (two thirds) PostgreSQL is restarted.  Then it
checks from the database and its own log, per action: every request
answered with success is stored exactly once
(accepted N, stored N, duplicated 0, lost 0), the cheques, payments
(receipt moves), calls, notifications, alarms, SMS and points entries of
the run none twice, every failed request got an error answer, and the
service answered again after each fault.  Before it stops the services it
waits up to 60 s for ``trytond-worker`` to do the tasks the run queued
(the sales' process after a posting, the invoices' reports): a task left
undone is a failure (lost).  Each converted quotation's goods are in one
customer shipment, none twice.  It prints per action requests,
throughput, p50 / p95 / p99 and errors, the targets (OK / MISSED), and the
same percentiles measured outside the warm-up (the first twelfth of the
run, while the processes fill their caches) and the fault windows (from
each fault until the service answered again, plus 2 s).  It exits non-zero
only when a count is wrong (a request lost or stored twice) or the service
never comes back, never because of a timing.

    TRYTOND_DATABASE__URI=postgresql://tryton:tryton@127.0.0.1:5432/ \\
        python benchmarks/load.py --database DEMO [--duration 120] [--short]
"""
import argparse
import base64
import collections
import concurrent.futures
import datetime
import fcntl
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zoneinfo

from common import ROOT, percentile, postgresql_uri

PG_RESTART = "su postgres -c 'pg_ctlcluster 15 main restart'"
TARGETS = {  # p99 in seconds
    'webhook': 0.100,
    'open customer': 0.300,
    }
# a user's think time between two tasks: a marketer quoting and posting
# every 10 to 15 s, about 20 quotations and 12 cheques a minute for the
# eight users, is tens of times what such a company's staff do; the short
# mode's closed loops (0.2 s) load the machine fully (README: the pace)
PAUSE = 10
SHORT_PAUSE = 0.2
RECOVERY = 10  # seconds to answer again after a fault
# after a fault answered again, seconds still counted in its window (the
# requests queued during the fault drain)
GRACE = 2
FAULTS = {'kill': 'trytond killed (SIGKILL)', 'pg': 'PostgreSQL restarted'}
USERS = {  # the demo's logins (demo/crm_fin.py, demo/crm_installments.py)
    'marketer': 'marketer-demo-2026',
    'cashier': 'cashier-demo-2026',
    # the accountant: the demo's only user of CRM Finance
    'admin': 'admin',
    }


# A run kills processes and restarts PostgreSQL: two at once on a machine
# clear each other's cheques and faults.  The lock is the file's (flock), so
# the system releases it with the process, however that ends.
LOCK = os.path.join(tempfile.gettempdir(), 'crm-load.lock')
# The services are in their own sessions (so that a kill reaches a pool's
# processes), out of reach of the signal that ends load.py: this watchdog,
# told each process group, stops them when load.py ends without stopping them
# (killed: its pipe closes) and removes their temporary directory.
WATCHDOG = r"""
import os, shutil, signal, sys, time
groups, paths = [], []
for line in sys.stdin:
    kind, _, value = line.rstrip('\n').partition(' ')
    if kind == 'done':
        sys.exit(0)
    elif kind == 'group':
        groups.append(int(value))
    elif kind == 'path':
        paths.append(value)
for sig in [signal.SIGTERM, signal.SIGKILL]:
    for group in groups:
        try:
            os.killpg(group, sig)
        except ProcessLookupError:
            pass
    time.sleep(5 if sig == signal.SIGTERM else 0)
for path in paths:
    shutil.rmtree(path, ignore_errors=True)
"""


def lock_machine():
    "The lock of one run per machine, or exit saying who holds it"
    fp = open(LOCK, 'a+')
    try:
        fcntl.flock(fp, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fp.seek(0)
        sys.exit("load.py: another run (PID %s) is under way on this machine "
            "(%s): runs must not overlap, each kills its processes and "
            "restarts PostgreSQL" % (fp.read().strip() or '?', LOCK))
    fp.seek(0)
    fp.truncate()
    fp.write('%d\n' % os.getpid())
    fp.flush()
    return fp


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class Services:
    """trytond x 2, trytond-cron and trytond-worker on one database

    server 'trytond': each serving process is the ``trytond`` command (its
    threaded werkzeug server), the pool loaded at its start (``-d``);
    'gunicorn': each is a gunicorn of ``workers`` processes (``--preload``,
    gthread workers of ``threads`` threads) serving ``trytond.application``
    with the pool loaded once in its master (``TRYTOND_DATABASE_NAMES``),
    which forks a new worker when one dies."""

    def __init__(self, database, log, server='trytond', threads=8,
            nice=None, workers=1):
        self.database = database
        self.log = log
        self.server = server
        self.threads = threads
        self.workers = workers
        # {i: niceness of trytond i, 'cron' / 'worker': of trytond-cron /
        # trytond-worker}
        self.nice = nice or {}
        self.ports = [free_port(), free_port()]
        self.servers = [None, None]
        self.others = []
        self.env = dict(os.environ, TRYTOND_QUEUE__WORKER='True')
        # a deployment has the bytecode of its modules compiled (pip
        # compiles it at install): a machine that forbids writing it would
        # compile every module at each start
        self.env.pop('PYTHONDONTWRITEBYTECODE', None)
        self.conf = os.path.join(ROOT, 'trytond.conf')
        self.tmp = tempfile.TemporaryDirectory(prefix='load-')
        self.watchdog = subprocess.Popen(
            [sys.executable, '-c', WATCHDOG], stdin=subprocess.PIPE,
            text=True, start_new_session=True)
        self.watch('path', self.tmp.name)

    def watch(self, kind, value):
        self.watchdog.stdin.write('%s %s\n' % (kind, value))
        self.watchdog.stdin.flush()

    def start_server(self, i):
        # trytond.conf wins over the environment: a copy with the port
        with open(self.conf) as fp:
            text = fp.read().replace('listen = 127.0.0.1:8000',
                'listen = 127.0.0.1:%s' % self.ports[i])
        conf = os.path.join(self.tmp.name, 'trytond-%s.conf' % i)
        with open(conf, 'w') as fp:
            fp.write(text)
        if self.server == 'gunicorn':
            command = ['gunicorn', '--preload',
                '--workers', str(self.workers),
                '--worker-class', 'gthread', '--threads', str(self.threads),
                '--bind', '127.0.0.1:%s' % self.ports[i],
                '--no-control-socket', 'trytond.application:app']
            env = dict(self.env, TRYTOND_CONFIG=conf,
                TRYTOND_DATABASE_NAMES=self.database)
        else:
            command = ['trytond', '-c', conf, '-d', self.database]
            env = self.env
        if self.nice.get(i):
            command = ['nice', '-n', str(self.nice[i])] + command
        self.servers[i] = subprocess.Popen(command,
            env=env, stdout=self.log, stderr=self.log,
            start_new_session=True)
        self.watch('group', self.servers[i].pid)

    def serving_pid(self, i):
        """The PID of a process serving the requests of trytond i: the
        trytond command itself, or gunicorn's first worker"""
        pid = self.servers[i].pid
        if self.server != 'gunicorn':
            return pid
        with open('/proc/%s/task/%s/children' % (pid, pid)) as fp:
            children = fp.read().split()
        return int(children[0]) if children else None

    def start(self):
        for i in range(2):
            self.start_server(i)
        for name, command in [('cron', ['trytond-cron', '-n', '1']),
                ('worker', ['trytond-worker', '-n', '1'])]:
            if self.nice.get(name):
                command = ['nice', '-n', str(self.nice[name])] + command
            self.others.append(subprocess.Popen(
                    command + ['-c', self.conf, '-d', self.database],
                    env=self.env, stdout=self.log, stderr=self.log,
                    # its own process group: its pool's processes stop
                    # with it
                    start_new_session=True))
            self.watch('group', self.others[-1].pid)

    def url(self, i):
        return 'http://127.0.0.1:%s/%s/' % (self.ports[i], self.database)

    def stop(self):
        processes = [p for p in self.servers + self.others if p]
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                pass
            try:
                # the pool's processes of trytond-cron and trytond-worker
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
        self.tmp.cleanup()
        self.watch('done', '')
        self.watchdog.stdin.close()
        self.watchdog.wait()


class RPCError(Exception):
    "An error answer of trytond"


def urlopen(services, i, path, data=None, headers=None, failover=True):
    """Open path on trytond i, or on the other one when i refuses the
    connection (nothing was sent then): what a load balancer in front of
    them does (nginx's proxy_next_upstream error)"""
    for j in ([i, 1 - i] if failover else [i]):
        request = urllib.request.Request(services.url(j) + path, data=data,
            headers=headers or {})
        try:
            # sao waits for its answers: a long timeout
            return urllib.request.urlopen(request, timeout=30)
        except urllib.error.URLError as error:
            if j != i or not failover or not isinstance(
                    error.reason, ConnectionRefusedError):
                raise
            last = error
    raise last


class Client:
    """JSON-RPC of trytond i (or of the other one, see urlopen), logged in
    as a user with the context of his preferences (as sao does)"""

    def __init__(self, services, i, login='admin', password='admin',
            failover=True):
        self.services, self.i, self.failover = services, i, failover
        result = self.call('common.db.login', [login, {'password': password}],
            auth=False)
        self.user_id, session = result[:2]
        self.auth = 'Session ' + base64.b64encode(
            ('%s:%s:%s' % (login, self.user_id, session)).encode()).decode()
        self.context = self.call('model.res.user.get_preferences',
            [True, {}])

    def call(self, method, params, auth=True):
        body = json.dumps({'id': 1, 'method': method, 'params': params})
        headers = {'Content-Type': 'application/json'}
        if auth:
            headers['Authorization'] = self.auth
        with urlopen(self.services, self.i, 'rpc/', body.encode(), headers,
                self.failover) as response:
            answer = json.loads(response.read())
        if answer.get('error'):
            raise RPCError(answer['error'])
        return answer['result']

    def model(self, model, method, *args):
        """Call a method of a model with the user's context; a warning is
        answered as the user of sao does (accepted once), then retried"""
        method = 'model.%s.%s' % (model, method)
        params = list(args) + [self.context]
        try:
            return self.call(method, params)
        except RPCError as error:
            kind, args_ = (error.args[0] + [None, None])[:2]
            if kind != 'UserWarning':
                raise
            self.call('model.res.user.warning.create', [[{
                            'user': self.user_id, 'name': args_[0],
                            'always': False}], self.context])
            return self.call(method, params)


def wait_answering(services, i, failover=False, timeout=120):
    """Seconds until trytond i (or the service, with failover) answers a
    login, or None"""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            return (Client(services, i, failover=failover),
                time.perf_counter() - start)
        except Exception:
            time.sleep(0.1)
    return None, None


class Recorder:
    """The generator's own log: every request with its start, latency and
    answer; the keys of the chains of requests answered with success (and
    of those which got an error answer)"""

    def __init__(self, start):
        self.start = start
        self.lock = threading.Lock()
        self.samples = collections.defaultdict(list)
        self.errors = collections.Counter()
        self.messages = collections.defaultdict(collections.Counter)
        self.accepted = collections.defaultdict(dict)
        self.failed = collections.defaultdict(set)

    def record(self, action, begin, ok, error=None):
        "A request sent at begin (perf_counter) answered now"
        end = time.perf_counter()
        with self.lock:
            self.samples[action].append(
                (begin - self.start, end - self.start, ok))
            if not ok:
                self.errors[action] += 1
                self.messages[action][error] += 1

    def accept(self, chain, key, value=True):
        with self.lock:
            self.accepted[chain][key] = value

    def fail(self, chain, key):
        with self.lock:
            self.failed[chain].add(key)


def write_samples(recorder, path):
    "Every request of the run, to set beside the processes' own logs"
    epoch = time.time() - time.perf_counter() + recorder.start
    with open(path, 'w') as file:
        for action, samples in sorted(recorder.samples.items()):
            for sent, answered, ok in samples:
                file.write(json.dumps({
                            'action': action,
                            'sent': round(epoch + sent, 4),
                            'answered': round(epoch + answered, 4),
                            'ok': ok,
                            }) + '\n')


def describe(error):
    "A short name of an error answer (or of a refused connection)"
    if isinstance(error, RPCError):
        return str(error.args[0])[:120]
    if isinstance(error, urllib.error.HTTPError):
        body = error.read()
        try:
            body = json.loads(body).get('error', '')
        except Exception:
            # werkzeug's page: its message
            body = re.sub(r'<[^>]+>|\s+', ' ', body.decode('utf-8',
                    'replace')).strip()[-80:]
        return ('HTTP %s %s' % (error.code, body)).strip()[:120]
    if isinstance(error, urllib.error.URLError):
        return error.reason.__class__.__name__
    return error.__class__.__name__


class User(threading.Thread):
    "One closed-loop user of a role: requests one after the other"

    def __init__(self, role, seq, services, recorder, stop, options):
        super().__init__(daemon=True)
        self.role, self.seq = role, seq
        self.services, self.recorder = services, recorder
        self.stop, self.options = stop, options
        self.clients = {}
        self.random = random.Random(seq)

    def client(self, login, i):
        "The session of login on trytond i: logged in once (recorded)"
        key = (login, i)
        if key not in self.clients:
            self.clients[key] = self.step('login', Client, self.services, i,
                login, USERS[login])
        return self.clients[key]

    def step(self, action, function, *args):
        "One request, recorded; raises on its error answer"
        begin = time.perf_counter()
        try:
            result = function(*args)
        except Exception as error:
            self.recorder.record(action, begin, False, describe(error))
            raise
        self.recorder.record(action, begin, True)
        return result

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            # --pbx-process: the users on the second trytond
            i = 1 if self.options['pbx_process'] else (n + self.seq) % 2
            key = '%s-%s-%s' % (self.options['run_id'], self.seq, n)
            try:
                getattr(self, 'run_' + self.role)(i, key, n)
            except Exception:
                # a new session at the next request (its server may be
                # the one killed)
                self.clients.pop(('marketer', i), None)
                self.clients.pop(('admin', i), None)
                self.clients.pop(('cashier', i), None)
                time.sleep(0.2)
            # a think time around the pause: users with the same fixed
            # pause stay in step (at 20 s the four marketers posted at
            # once, then all waited), which is not how people work
            self.stop.wait(self.random.uniform(0.5, 1.5)
                * self.options['pause'])

    def run_marketer(self, i, key, n):
        options = self.options
        client = self.client('marketer', i)
        party = options['parties'][n % len(options['parties'])]
        # opening customers' forms between two quotations
        for _ in range(2):
            customer = self.random.choice(options['customers'])
            self.step('open customer', client.model, 'party.party', 'read',
                [customer], options['party_fields'])
        lines = []
        products = options['products']
        # 5 lines of the demo's products (3 of them: some twice)
        for j in range(5):
            product = products[(n + j) % len(products)]
            lines.append({
                    'product': product['id'],
                    'quantity': self.random.randint(1, 4),
                    'unit': product['sale_uom'],
                    'unit_price': product['list_price'],
                    'taxes': [['add', product['customer_taxes_used']]],
                    })
        chain = 'quotation'
        try:
            sale_id, = self.step('create quotation', client.model,
                'sale.sale', 'create', [{
                        'party': party['id'],
                        'invoice_address': party['address'],
                        'shipment_address': party['address'],
                        'reference': key,
                        'lines': [['create', lines]],
                        }])
            self.step('quote', client.model, 'sale.sale', 'quote',
                [sale_id])
            self.step('convert', client.model, 'sale.sale', 'convert',
                [sale_id])
            sale, = client.model('sale.sale', 'read', [sale_id],
                ['invoices'])
            accountant = self.client('admin', i)
            self.step('post invoice', accountant.model, 'account.invoice',
                'post', sale['invoices'])
        except Exception:
            self.recorder.fail(chain, key)
            raise
        self.recorder.accept(chain, key)

    def run_cashier(self, i, key, n):
        options = self.options
        client = self.client('cashier', i)
        party = options['customers'][n % len(options['customers'])]
        chain = 'cheque'
        try:
            cheque_id, = self.step('cheque create', client.model,
                'crm.cheque', 'create', [{
                        'party': party,
                        'number': key,
                        'bank': options['banks'][n % len(options['banks'])],
                        'branch': 'Tehran',
                        'account_number': 'L-%s' % self.seq,
                        'drawer': 'load',
                        'amount': '%d' % (self.random.randint(1, 90)
                            * 1000000),
                        'due_date': {'__class__': 'date',
                            'year': options['due'].year,
                            'month': options['due'].month,
                            'day': options['due'].day},
                        }])
            self.step('cheque receive', client.model, 'crm.cheque',
                'receive', [cheque_id])
            self.step('cheque deposit', client.model, 'crm.cheque',
                'deposit', [cheque_id])
        except Exception:
            self.recorder.fail(chain, key)
            raise
        self.recorder.accept(chain, key)

    def run_member(self, i, key, n):
        card, mobile = self.options['members'][
            n % len(self.options['members'])]
        path = 'crm_club/member?' + urllib.parse.urlencode(
            {'card': card, 'mobile': mobile})

        def look_up():
            with urlopen(self.services, i, path) as response:
                answer = json.loads(response.read())
            if answer.get('card') != card:
                raise RuntimeError('another card')
        self.step('member portal', look_up)


def pbx(services, recorder, stop, options):
    """The PBX: an open loop posting calls at a fixed rate whatever the
    answers take (a slow answer does not delay the next call: a bounded
    pool of senders posts them); the latency counts from the time the call
    was scheduled"""
    rate = options['rate']
    numbers = options['numbers'] or ['09120000000']

    def post(k, due):
        key = '%s-pbx-%s' % (options['run_id'], k)
        # every other call from a known customer (his card), the others
        # from unknown numbers
        caller = (numbers[k % len(numbers)] if k % 2
            else '0935%07d' % (k % 10**7))
        data = json.dumps({'caller': caller, 'extension': '101',
                'call_id': key}).encode()
        try:
            # --pbx-process: the calls on the first trytond
            with urlopen(services, 0 if options['pbx_process'] else k % 2,
                    'crm_telephony/incoming', data,
                    {'X-CRM-Token': options['token'],
                        'Content-Type': 'application/json'}) as response:
                answer = json.loads(response.read())
        except Exception as error:
            recorder.record('webhook', due, False, describe(error))
            recorder.fail('call', key)
        else:
            recorder.record('webhook', due, True)
            recorder.accept('call', key, len(answer['notified']))

    with concurrent.futures.ThreadPoolExecutor(
            max_workers=options['senders']) as executor:
        start = time.perf_counter()
        k = 0
        while True:
            due = start + k / rate
            if stop.wait(max(0, due - time.perf_counter())):
                break
            executor.submit(post, k, due)
            k += 1


def read_notifications(query, execute):
    """The pop-ups of the earlier runs read, the way their user does in the
    web client (each ringing call leaves one): Tryton counts a user's
    unread notifications on every new one, and a database that kept the
    2 400 of each run for one user would time that count, not the call;
    return how many were read"""
    count, = query("SELECT COUNT(*) FROM res_notification WHERE unread")[0]
    if count:
        execute("UPDATE res_notification SET unread = false WHERE unread")
    return count


def end_sessions(query):
    """The sessions the earlier runs' users left on 127.0.0.1 ended, as
    their logout does: Tryton checks each request's key against every
    session of its user and address (``ir.session.check``, 12 ms of CPU a
    request at the 176 sessions 44 runs had left one marketer), and a
    database that kept the 16 logins of each run would time that search,
    not the request; return how many were ended"""
    return len(query(
            "DELETE FROM ir_session s USING res_user u "
            "WHERE u.id = s.create_uid AND u.login = ANY(%s) "
            "AND s.ip_address = '127.0.0.1' RETURNING s.id", (list(USERS),)))


def company_today(query):
    "Today in the time zone of the demo's company: its cron's today"
    rows = query("SELECT timezone FROM company_company ORDER BY id LIMIT 1")
    zone = (zoneinfo.ZoneInfo(rows[0][0]) if rows and rows[0][0]
        else datetime.timezone.utc)
    return datetime.datetime.now(zone).date()


def prepare_cron(query, execute):
    """Installments of the demo due today and the due-date cron due now:
    trytond-cron raises their alarms (and SMS) under the load; return the
    ids of the installments"""
    today = company_today(query)
    # open installments without an alarm of today (a run after another
    # takes others)
    ids = [r[0] for r in query(
            "SELECT i.id FROM crm_installment i WHERE i.state = 'planned' "
            "AND NOT EXISTS (SELECT 1 FROM crm_alarm a "
            "WHERE a.origin = 'crm.installment,' || i.id AND a.date = %s) "
            "ORDER BY i.id LIMIT 5", (today,))]
    if ids:
        execute("UPDATE crm_installment SET due_date = %s WHERE id = ANY(%s)",
            (today, ids))
    execute("UPDATE ir_cron SET next_call = NULL "
        "WHERE method = 'crm.installment|cron_due_alarms'")
    return ids


def cpu_times():
    "(busy, total) jiffies of the machine's CPUs, or None off Linux"
    try:
        with open('/proc/stat') as fp:
            values = [int(v) for v in fp.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # idle and iowait
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def cpu_busy(before, after):
    "The share of the CPUs busy between two cpu_times, or None"
    if before is None or after is None or after[1] == before[1]:
        return None
    return (after[0] - before[0]) / (after[1] - before[1])


def report(recorder, elapsed, windows):
    "Print per action requests, req/s, percentiles, errors and targets"
    print("%-16s %8s %7s %8s %8s %8s %7s  %s" % ('action', 'requests',
            'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'target'))
    steady = {}
    for action in sorted(recorder.samples):
        samples = recorder.samples[action]
        values = [e - b for b, e, ok in samples if ok]
        # outside the fault windows: sent and answered out of them
        steady[action] = [e - b for b, e, ok in samples if ok and not any(
                b <= w_end and e >= w_start for w_start, w_end in windows)]
        target = TARGETS.get(action)
        verdict = ''
        if target and values:
            verdict = 'p99 <= %d ms: %s' % (target * 1000,
                'OK' if percentile(values, 0.99) <= target else 'MISSED')
        print("%-16s %8d %7.1f %8.1f %8.1f %8.1f %7d  %s" % (
                action, len(samples), len(values) / elapsed,
                *[percentile(values, p) * 1000 if values else 0
                    for p in (0.5, 0.95, 0.99)],
                recorder.errors[action], verdict))
    for action, messages in sorted(recorder.messages.items()):
        print("  errors of %s: %s" % (action, ', '.join(
                    '%s x %d' % (m, n) for m, n in messages.most_common())))
    # the course of the run: p99 of the targets per slice of time
    slice_ = max(1, round(elapsed / 12))
    for action in sorted(TARGETS):
        samples = recorder.samples.get(action)
        if not samples:
            continue
        slices = collections.defaultdict(list)
        for b, e, ok in samples:
            if ok:
                slices[int(b // slice_)].append(e - b)
        print("  %s p99 per %d s: %s" % (action, slice_, ' '.join(
                    '%d' % (percentile(slices[k], 0.99) * 1000)
                    if slices.get(k) else '-'
                    for k in range(int(elapsed // slice_) + 1))))
    print("steady state (requests sent and answered outside the warm-up "
        "and the fault windows: %s):" % ', '.join(
            '%.1f-%.1f s' % w for w in windows))
    for action in sorted(steady):
        values = steady[action]
        if not values:
            continue
        target = TARGETS.get(action)
        verdict = ''
        if target:
            verdict = 'p99 <= %d ms: %s' % (target * 1000,
                'OK' if percentile(values, 0.99) <= target else 'MISSED')
        print("%-16s %8d %7s %8.1f %8.1f %8.1f %7s  %s" % (
                action, len(values), '',
                *[percentile(values, p) * 1000 for p in (0.5, 0.95, 0.99)],
                '', verdict))


def calls_recovered(recorder, windows, elapsed):
    """Seconds from each fault until the PBX's calls were answered within
    RECOVERY again for good: the start of the first stretch of RECOVERY
    seconds in which every call sent was answered so (until the next
    fault; None when there was none).  A service that answers one login
    and then stalls (a connection pool waiting on the connections
    PostgreSQL closed) shows here, not in its first answer."""
    samples = sorted(recorder.samples.get('webhook', []))
    result = []
    for k, (fault, _) in enumerate(windows):
        end = windows[k + 1][0] if k + 1 < len(windows) else elapsed
        recovered, stretch = None, None
        for b, e, ok in samples:
            if not fault <= b < end:
                continue
            if not ok or e - b > RECOVERY:
                stretch = None
                continue
            if stretch is None:
                stretch = b
            if b - stretch >= RECOVERY:
                recovered = stretch - fault
                break
        result.append(recovered)
    return result


def drain_queue(query, started, timeout=60):
    """Wait until the worker has done the tasks queued since started:
    return how many are left and the seconds waited.

    A task that failed on the database (PostgreSQL restarting while it ran)
    stays unfinished, and the worker queues the same work again as a new
    task: a work is done when one of its tasks finished."""
    began = time.perf_counter()
    while True:
        pending = query("SELECT COUNT(DISTINCT q.data) FROM ir_queue q "
            "WHERE q.enqueued_at >= %s AND q.finished_at IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM ir_queue f "
            "WHERE f.data = q.data AND f.enqueued_at >= %s "
            "AND f.finished_at IS NOT NULL)", (started, started))[0][0]
        waited = time.perf_counter() - began
        if not pending or waited > timeout:
            return pending, waited
        time.sleep(0.5)


def counts(query, recorder, run_id, cron_ids, started, modules):
    """Compare the database with the generator's log; return whether every
    count holds"""
    ok = True

    def line(name, accepted, stored, duplicated, lost, failed,
            failed_stored, extra=''):
        nonlocal ok
        print("%s: accepted %d, stored %d, duplicated %d, lost %d "
            "(failed with an error answer %d, of which stored %d)%s" % (
                name, accepted, stored, duplicated, lost, failed,
                failed_stored, extra))
        if duplicated or lost:
            ok = False

    def compare(name, chain, stored, complete, duplicates):
        """stored: {key: number of rows}; complete: keys whose whole
        chain is in the database; duplicates: what is stored twice"""
        accepted = set(recorder.accepted[chain])
        failed = recorder.failed[chain]
        line(name, len(accepted), len(accepted & complete),
            sum(1 for n in stored.values() if n > 1) + duplicates,
            len(accepted - complete), len(failed), len(failed & set(stored)))

    like = run_id + '-%'
    # quotations: one sale per reference, processed into one posted
    # invoice, one points entry per invoice of a member
    stored = dict(query("SELECT reference, COUNT(*) FROM sale_sale "
            "WHERE reference LIKE %s GROUP BY reference", (like,)))
    invoices = query(
        "SELECT s.reference, COUNT(DISTINCT i.id), "
        "COUNT(DISTINCT i.id) FILTER (WHERE i.state = 'posted') "
        "FROM sale_sale s JOIN sale_line sl ON sl.sale = s.id "
        "JOIN account_invoice_line il ON il.origin = 'sale.line,' || sl.id "
        "JOIN account_invoice i ON i.id = il.invoice "
        "WHERE s.reference LIKE %s GROUP BY s.reference", (like,))
    complete = {r for r, _, posted in invoices if posted == 1}
    compare('quotation (create, quote, convert, post)', 'quotation',
        stored, complete, sum(1 for _, n, _ in invoices if n > 1))
    # the goods of each converted quotation in one customer shipment
    lines = query(
        "SELECT s.reference, COUNT(m.id), "
        "COUNT(DISTINCT m.shipment) FILTER (WHERE m.shipment "
        "LIKE 'stock.shipment.out,%%') "
        "FROM sale_sale s JOIN sale_line sl ON sl.sale = s.id "
        "JOIN product_product pp ON pp.id = sl.product "
        "JOIN product_template pt ON pt.id = pp.template "
        "LEFT JOIN stock_move m ON m.origin = 'sale.line,' || sl.id "
        "WHERE s.reference LIKE %s AND pt.type = 'goods' "
        "AND sl.quantity > 0 AND s.state IN ('processing', 'done') "
        "GROUP BY s.reference, sl.id", (like,))
    converted = {r for r, _, _ in lines}
    shipped = converted - {r for r, moves, shipments in lines
        if moves < 1 or shipments != 1}
    twice = {r for r, moves, _ in lines if moves > 1}
    print("shipments of the converted quotations: quotations %d, "
        "shipped %d, duplicated %d, lost %d" % (len(converted),
            len(shipped), len(twice), len(converted - shipped)))
    if twice or converted - shipped:
        ok = False
    # the quotations per day the concurrent quotations added up to
    # (crm.quotation.daily) are the sales' own counts
    days, differing = query(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE d.q IS DISTINCT FROM s.q "
        "OR d.c IS DISTINCT FROM s.c) FROM (SELECT company, date, "
        "SUM(quotations) AS q, SUM(converted) AS c "
        "FROM crm_quotation_daily GROUP BY company, date "
        "HAVING SUM(quotations) != 0 OR SUM(converted) != 0) d "
        "FULL JOIN (SELECT company, quotation_date AS date, COUNT(*) AS q, "
        # crm_fin.summary.CONVERTED_STATES
        "COUNT(*) FILTER (WHERE state IN "
        "('confirmed', 'processing', 'done')) AS c FROM sale_sale "
        "WHERE quotation_date IS NOT NULL "
        "GROUP BY company, quotation_date) s "
        "ON d.company = s.company AND d.date = s.date")[0]
    print("quotations per day against the sales: days %d, differing %d" % (
            days, differing))
    if differing:
        ok = False
    if 'crm_club' in modules:
        points = query(
            "SELECT l.origin, l.kind, COUNT(*) FROM club_points_line l "
            "WHERE l.create_date >= %s GROUP BY l.origin, l.kind "
            "HAVING COUNT(*) > 1", (started,))
        earned = query(
            "SELECT COUNT(*) FROM club_points_line l "
            "JOIN account_invoice i ON l.origin = 'account.invoice,' || i.id "
            "WHERE l.kind = 'earn' AND i.id IN (SELECT il.invoice "
            "FROM account_invoice_line il JOIN sale_line sl "
            "ON il.origin = 'sale.line,' || sl.id JOIN sale_sale s "
            "ON s.id = sl.sale WHERE s.reference LIKE %s)", (like,))[0][0]
        members = query(
            "SELECT COUNT(DISTINCT i.id) FROM account_invoice i "
            "JOIN party_party p ON p.id = i.party "
            "JOIN account_invoice_line il ON il.invoice = i.id "
            "JOIN sale_line sl ON il.origin = 'sale.line,' || sl.id "
            "JOIN sale_sale s ON s.id = sl.sale "
            "WHERE s.reference LIKE %s AND i.state = 'posted' "
            "AND COALESCE(p.club_card_number, '') != ''", (like,))[0][0]
        print("club points of the posted invoices of members: invoices %d, "
            "earned entries %d, duplicated %d, lost %d" % (
                members, earned, len(points), max(0, members - earned)))
        if points or members > earned:
            ok = False

    # cheques: one per number, deposited, received once and deposited once,
    # one receipt move
    stored = dict(query("SELECT number, COUNT(*) FROM crm_cheque "
            "WHERE number LIKE %s GROUP BY number", (like,)))
    rows = query(
        "SELECT c.number, c.state, "
        "(SELECT COUNT(*) FROM crm_cheque_event e WHERE e.cheque = c.id "
        "AND e.state = 'received'), "
        "(SELECT COUNT(*) FROM crm_cheque_event e WHERE e.cheque = c.id "
        "AND e.state = 'deposited'), "
        "(SELECT COUNT(*) FROM account_move m "
        "WHERE m.origin = 'crm.cheque,' || c.id) "
        "FROM crm_cheque c WHERE c.number LIKE %s", (like,))
    complete = {r[0] for r in rows
        if r[1] == 'deposited' and r[2:] == (1, 1, 1)}
    compare('cheque (create, receive, deposit, receipt move)', 'cheque',
        stored, complete, sum(1 for r in rows if max(r[2:]) > 1))

    # calls: one communication per call id, notified once per user
    # notified in the answer
    if 'crm_telephony' in modules:
        stored = dict(query("SELECT call_id, COUNT(*) "
                "FROM crm_communication WHERE call_id LIKE %s "
                "GROUP BY call_id", (like,)))
        # a join (hashed), not a subquery scanning the notifications of
        # every run once per call
        rows = query(
            "SELECT c.call_id, COUNT(n.id) FROM crm_communication c "
            "LEFT JOIN res_notification n "
            "ON n.model = 'crm.communication' "
            "AND n.records = '[' || c.id || ']' "
            "WHERE c.call_id LIKE %s GROUP BY c.call_id", (like,))
        notified = dict(rows)
        accepted = recorder.accepted['call']
        complete = {k for k, n in accepted.items() if notified.get(k) == n}
        compare('webhook call (logged and notified)', 'call', stored,
            complete, sum(1 for k, n in notified.items()
                if n > max(1, accepted.get(k, 1))))

    # the due-date cron: one alarm per installment and day, one SMS each
    if cron_ids:
        alarms = query(
            "SELECT origin, kind, date, COUNT(*) FROM crm_alarm "
            "WHERE origin = ANY(%s) GROUP BY origin, kind, date",
            (['crm.installment,%s' % i for i in cron_ids],))
        duplicated = sum(1 for r in alarms if r[3] > 1)
        raised = {r[0] for r in alarms
            if r[1] == 'installment_due'
            and r[2] == company_today(query)}
        sms = query("SELECT s.origin, COUNT(*) FROM crm_sms s "
            "JOIN crm_alarm a ON s.origin = 'crm.alarm,' || a.id "
            "WHERE a.origin = ANY(%s) GROUP BY s.origin",
            (['crm.installment,%s' % i for i in cron_ids],)) if (
            'crm_telephony' in modules) else []
        sms_twice = sum(1 for _, n in sms if n > 1)
        print("due-date cron: installments due today %d, alarms raised %d, "
            "duplicated %d, lost %d; SMS %d, duplicated %d" % (
                len(cron_ids), len(raised), duplicated,
                len(cron_ids) - len(raised), len(sms), sms_twice))
        if duplicated or sms_twice or len(raised) < len(cron_ids):
            ok = False
    # nothing of the run stored twice anywhere: alarms, SMS, notifications
    twice = query(
        "SELECT COUNT(*) FROM (SELECT origin, kind, date FROM crm_alarm "
        "WHERE create_date >= %s GROUP BY origin, kind, date "
        "HAVING COUNT(*) > 1) t", (started,))[0][0]
    print("alarms of the run stored twice: %d" % twice)
    if twice:
        ok = False
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--database', required=True,
        help="a PostgreSQL database with the demo (python -m demo)")
    parser.add_argument('--duration', type=float, default=120)
    parser.add_argument('--users', type=int, default=8,
        help="closed-loop users: half marketers, a quarter cashiers, a "
        "quarter club members")
    parser.add_argument('--rate', type=float, default=20,
        help="calls per second the PBX posts to the webhook")
    parser.add_argument('--pause', type=float,
        help="seconds each user waits between two of his tasks, on "
        "average (drawn between half and one and a half times it; "
        "default %s s, or %s s in the short mode: closed loops)" % (
            PAUSE, SHORT_PAUSE))
    parser.add_argument('--short', action='store_true',
        help="10 s, 4 users, 5 calls per second, %s s pauses, --shared "
        "(the test of the PostgreSQL pass)" % SHORT_PAUSE)
    parser.add_argument('--no-pg-restart', action='store_true')
    parser.add_argument('--pg-restart', default=PG_RESTART,
        help="the command restarting PostgreSQL (default: %(default)s; "
        "another cluster's when the main one serves other work)")
    parser.add_argument('--no-kill', action='store_true',
        help="no trytond killed")
    parser.add_argument('--server', choices=['trytond', 'gunicorn'],
        default='trytond',
        help="what runs each serving process: the trytond command "
        "(default) or gunicorn with the pool preloaded in its master "
        "(pip install gunicorn); the process killed is then its worker")
    parser.add_argument('--shared', action='store_true',
        help="the PBX's calls and the users on both trytond in turn; by "
        "default the calls go to the first one and the users to the "
        "second one, each failing over to the other: a load balancer "
        "routing the webhook to its own process, with trytond-cron and "
        "trytond-worker at a lower CPU priority (nice 10; README, "
        "Production)")
    parser.add_argument('--threads', type=int, default=8,
        help="threads of a gunicorn worker")
    parser.add_argument('--workers', type=int, default=1,
        help="worker processes of each gunicorn (default: %(default)s)")
    parser.add_argument('--samples', metavar='FILE',
        help="write every request to FILE, one JSON line each: action, "
        "sent and answered (Unix time), success")
    parser.add_argument('--only', choices=['webhook'],
        help="only the PBX (the profile of the webhook alone)")
    args = parser.parse_args(argv)
    lock = lock_machine()  # noqa: F841 (held until the process ends)
    if args.short:
        args.duration, args.users, args.rate = 10, 4, 5
    if args.pause is None:
        args.pause = SHORT_PAUSE if args.short else PAUSE
    # the short mode (the test, beside the other pass of the suite): no
    # process at a lower priority, whose few tasks (the due-date cron
    # checked) the other work could starve
    args.pbx_process = not (args.shared or args.short)
    uri = postgresql_uri()
    import psycopg
    dsn = uri + args.database

    def query(sql, params=()):
        for _ in range(100):
            try:
                with psycopg.connect(dsn) as conn:
                    return conn.execute(sql, params).fetchall()
            except psycopg.OperationalError:
                time.sleep(0.2)
        raise

    def execute(sql, params=()):
        with psycopg.connect(dsn) as conn:
            conn.execute(sql, params)

    modules = {r[0] for r in query(
            "SELECT name FROM ir_module WHERE state = 'activated'")}
    run_id = 'L' + uuid.uuid4().hex[:8]
    started = datetime.datetime.now() - datetime.timedelta(seconds=1)
    cron_ids = []
    read = read_notifications(query, execute)
    if read:
        print("notifications of earlier runs marked read: %s" % read)
    ended = end_sessions(query)
    if ended:
        print("sessions of earlier runs ended: %s" % ended)
    if 'crm_installments' in modules and args.only is None:
        cron_ids = prepare_cron(query, execute)
        if not cron_ids:
            print("due-date cron: every open installment of the database "
                "has its alarm of today: not checked (a new demo database "
                "has some)")
    log = open(os.path.join(ROOT, 'var', 'load-%s.log' % run_id), 'w') if (
        os.path.isdir(os.path.join(ROOT, 'var'))) else subprocess.DEVNULL
    if args.server == 'gunicorn' and not shutil.which('gunicorn'):
        sys.exit("--server gunicorn: pip install gunicorn")
    services = Services(args.database, log, args.server, args.threads,
        # the background work yields the CPU to the requests
        nice={'cron': 10, 'worker': 10} if args.pbx_process else None,
        workers=args.workers)
    began = time.perf_counter()
    services.start()
    status = 0
    recoveries, windows, faults_done = [], [], []
    stop = threading.Event()
    try:
        for i in range(2):
            client, _ = wait_answering(services, i)
            if not client:
                sys.exit("trytond did not start")
        print("trytond x 2, trytond-cron, trytond-worker started: "
            "answering after %.1f s" % (time.perf_counter() - began),
            flush=True)
        options = fixtures(client, query, modules, args)
        if options['banks'] and args.only is None:
            cleared, seconds = clear_cheques(client, query)
            if cleared:
                print("cheques of earlier runs cleared by the bank: %d "
                    "(%.1f s, before the load)" % (cleared, seconds),
                    flush=True)
        options['run_id'] = run_id
        options['pause'] = args.pause
        options['pbx_process'] = args.pbx_process
        roles = []
        if args.only is None:
            marketers = max(1, args.users // 2)
            cashiers = max(1, args.users // 4) if options['banks'] else 0
            members = (args.users - marketers - cashiers
                if options['members'] else 0)
            roles = (['marketer'] * marketers + ['cashier'] * cashiers
                + ['member'] * members)
        start = time.perf_counter()
        cpu_start = cpu_times()
        recorder = Recorder(start)
        # the first seconds the processes fill their caches: out of the
        # steady state too
        windows.append((0, args.duration / 12))
        threads = [User(role, seq, services, recorder, stop, options)
            for seq, role in enumerate(roles)]
        if options['token']:
            threads.append(threading.Thread(target=pbx,
                    args=(services, recorder, stop, options)))
        for thread in threads:
            thread.start()
        faults = [(args.duration / 3, 'kill'), (args.duration * 2 / 3, 'pg')]
        for at, fault in faults:
            if ((fault == 'kill' and args.no_kill)
                    or (fault == 'pg' and args.no_pg_restart)):
                continue
            stop.wait(max(0, start + at - time.perf_counter()))
            began = time.perf_counter()
            if fault == 'kill':
                # fault 1: a trytond that serves the users killed by its
                # PID (their postings cut), started again (gunicorn's
                # master forks a new worker itself)
                victim = 1 if args.pbx_process else 0
                if args.server == 'gunicorn':
                    os.kill(services.serving_pid(victim), signal.SIGKILL)
                else:
                    services.servers[victim].send_signal(signal.SIGKILL)
                    services.servers[victim].wait()
                    services.start_server(victim)
                _, seconds = wait_answering(services, victim, failover=True)
                recoveries.append((FAULTS[fault] + ': the service '
                        'answering again (through the other trytond)',
                        seconds and time.perf_counter() - began))
                _, seconds = wait_answering(services, victim, timeout=60)
                recoveries.append(('the killed trytond started again and '
                        'answering', seconds and time.perf_counter() - began))
            else:
                # fault 2: PostgreSQL restarted under the load
                subprocess.run(args.pg_restart, shell=True, check=True,
                    capture_output=True)
                _, seconds = wait_answering(services, 1, failover=True,
                    timeout=60)
                recoveries.append((FAULTS[fault] + ': the service '
                        'answering again',
                        seconds and time.perf_counter() - began))
            windows.append((began - start,
                    time.perf_counter() - start + GRACE))
            faults_done.append(FAULTS[fault])
        stop.wait(max(0, start + args.duration - time.perf_counter()))
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        busy = cpu_busy(cpu_start, cpu_times())
        if cron_ids:
            # the cron's work may still be committing
            time.sleep(1)
        # the tasks the run queued (the sales' process after a posting,
        # the invoices' reports) done by the worker before it stops
        drained = drain_queue(query, started)
    finally:
        stop.set()
        began = time.perf_counter()
        services.stop()
        print("stopped in %.1f s" % (time.perf_counter() - began))
        if log is not subprocess.DEVNULL:
            log.close()

    print("load: %s, pause %.1f s, %.0f s, PBX %.0f calls/s, server %s, "
        "database %s (%s)" % (
            ', '.join('%d %s' % (n, r) for r, n in sorted(
                    collections.Counter(roles).items())) or 'no user',
            args.pause, elapsed, args.rate if options['token'] else 0,
            args.server + (', the PBX on its own process'
                if args.pbx_process else ''),
            args.database,
            ', '.join(sorted(m for m in modules if m.startswith('crm_')))))
    if busy is not None:
        print("the machine's %d cores %.0f %% busy during the load "
            "(/proc/stat)" % (os.cpu_count(), busy * 100))
    report(recorder, elapsed, windows)
    if args.samples:
        write_samples(recorder, args.samples)
    pending, seconds = drained
    print("tasks the run queued, left undone by the worker: %d "
        "(waited %.1f s after the load)" % (pending, seconds))
    if pending:
        status = 1
    if not counts(query, recorder, run_id, cron_ids, started, modules):
        status = 1
    for fault, seconds in recoveries:
        if seconds is None:
            print("%s: never" % fault)
            status = 1
        else:
            print("%s after %.1f s (target <= %d s: %s)" % (
                    fault, seconds, RECOVERY,
                    'OK' if seconds <= RECOVERY else 'MISSED'))
    if 'webhook' in recorder.samples:
        # a timing, never a failure of the run
        for fault, seconds in zip(faults_done,
                calls_recovered(recorder, windows, elapsed)):
            label = '%s: every PBX call answered within %d s again' % (
                fault, RECOVERY)
            if seconds is None:
                print("%s: not within the run (target <= %d s: MISSED)" % (
                        label, RECOVERY))
            else:
                print("%s after %.1f s (target <= %d s: %s)" % (
                        label, seconds, RECOVERY,
                        'OK' if seconds <= RECOVERY else 'MISSED'))
    print("correctness:", 'OK' if not status else 'FAILED')
    return status


def clear_cheques(admin, query, batch=100):
    """The bank clears the cheques the cashiers of the earlier runs
    deposited (``crm.cheque.clear`` as the cashier: the clearing move and
    the history, as the workflow does), so that a customer's form lists the
    same few open cheques from one run to the next instead of the ~170 more
    each run leaves (a growing list slowed the form from run to run on the
    same database); return how many, and the seconds it took"""
    ids = [r[0] for r in query(
            "SELECT id FROM crm_cheque WHERE state = 'deposited' "
            r"AND number ~ '^L[0-9a-f]{8}-[0-9]+-[0-9]+$' ORDER BY id")]
    begin = time.perf_counter()
    if ids:
        cashier = Client(admin.services, admin.i, 'cashier',
            USERS['cashier'])
        for k in range(0, len(ids), batch):
            cashier.model('crm.cheque', 'clear', ids[k:k + batch])
    return len(ids), time.perf_counter() - begin


def fixtures(admin, query, modules, args):
    """What the users work on: the marketer's customers (with an address),
    the products for sale, the banks, the members' cards, the webhook token
    and the numbers of known callers"""
    marketer = Client(admin.services, admin.i, 'marketer',
        USERS['marketer'])
    customers = marketer.model('party.party', 'search', [], 0, 50, None)
    parties = [{'id': p['id'], 'address': p['addresses'][0]}
        for p in marketer.model('party.party', 'read', customers,
            ['addresses']) if p['addresses']]
    view = marketer.model('party.party', 'fields_view_get', None, 'form')
    products = admin.model('product.product', 'search_read',
        [('salable', '=', True)], 0, 20, None, ['sale_uom', 'template'])
    templates = {t['id']: t for t in admin.model(
            'product.template', 'read', [p['template'] for p in products],
            ['list_price', 'account_category'])}
    categories = {c['id']: c['customer_taxes_used'] for c in admin.model(
            'product.category', 'read', list({t['account_category']
                    for t in templates.values() if t['account_category']}),
            ['customer_taxes_used'])}
    for product in products:
        template = templates[product['template']]
        product['list_price'] = template['list_price']
        product['customer_taxes_used'] = categories.get(
            template['account_category'], [])
    products = [p for p in products if p['list_price']
        and float(p['list_price']['decimal']) > 0]
    if not products:
        sys.exit("the demo has no product for sale")
    options = {
        'customers': customers,
        'parties': parties,
        'party_fields': sorted(view['fields']),
        'products': products,
        'banks': [r[0] for r in query("SELECT id FROM bank ORDER BY id")]
        if 'crm_installments' in modules else [],
        'due': datetime.date.today() + datetime.timedelta(days=30),
        'members': [],
        'token': None,
        'numbers': [],
        'rate': args.rate,
        # enough senders for the rate with answers up to 2 s; bounded
        'senders': max(8, int(args.rate * 2)),
        }
    if 'crm_club' in modules and 'crm_telephony' in modules:
        options['members'] = query(
            "SELECT p.club_card_number, m.value FROM party_party p "
            "JOIN party_contact_mechanism m ON m.party = p.id "
            "AND m.type = 'mobile' WHERE p.club_card_number IS NOT NULL "
            "AND p.club_card_active ORDER BY p.id")
    if 'crm_telephony' in modules:
        token = query("SELECT webhook_token FROM "
            "crm_telephony_configuration_pbx "
            "WHERE webhook_token IS NOT NULL LIMIT 1")
        options['token'] = token[0][0] if token else None
        options['numbers'] = [r[0] for r in query(
                "SELECT value FROM party_contact_mechanism "
                "WHERE type = 'mobile' ORDER BY id LIMIT 20")]
    return options


if __name__ == '__main__':
    sys.exit(main())
