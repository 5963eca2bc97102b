#!/usr/bin/env python
# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Benchmark: mixed workload on PostgreSQL, one trytond killed, the
database restarted; nothing lost, nothing stored twice.

Runs on one PostgreSQL database with the demo (``python -m demo``): two
``trytond`` processes, each on its own loopback port, ``trytond-cron`` and
``trytond-worker``.  A bounded load generator (a fixed number of threads,
each pausing between its requests) sends over JSON-RPC and the HTTP routes:

- marketers creating a customer (``party.party.create``, each with a
  unique name: the log of the generator and the database are compared);
- marketers opening a customer's form (``party.party.read``);
- the PBX posting calls to the webhook (each with a unique call id), when
  crm_telephony is activated;
- club members looking up their card on the portal, when crm_club is.

At 40 % of the run the first trytond is killed with SIGKILL (by its PID)
and started again; at 80 % PostgreSQL is restarted.  Then it checks from the
database and its own log: every request answered with success is stored
exactly once (accepted N, stored N, duplicated 0, lost 0), every failed
request got an error answer, and the service answered again within 10 s of
each fault.  It prints per action requests, throughput, p50 / p95 / p99 and
errors, and the targets (OK / MISSED).  It exits non-zero only when a count
is wrong (a request lost or stored twice) or the service never comes back.

    TRYTOND_DATABASE__URI=postgresql://tryton:tryton@127.0.0.1:5432/ \\
        python benchmarks/load.py --database DEMO [--duration 120] [--short]
"""
import argparse
import base64
import collections
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

from common import ROOT, percentile, postgresql_uri

PG_RESTART = ['su', 'postgres', '-c', 'pg_ctlcluster 15 main restart']
TARGETS = {  # p99 in seconds
    'webhook': 0.100,
    'open customer': 0.300,
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class Services:
    "trytond x 2, trytond-cron and trytond-worker on one database"

    def __init__(self, database, log):
        self.database = database
        self.log = log
        self.ports = [free_port(), free_port()]
        self.servers = [None, None]
        self.others = []
        self.env = dict(os.environ, TRYTOND_QUEUE__WORKER='True')
        self.conf = os.path.join(ROOT, 'trytond.conf')
        self.tmp = tempfile.TemporaryDirectory(prefix='load-')

    def start_server(self, i):
        # trytond.conf wins over the environment: a copy with the port
        with open(self.conf) as fp:
            text = fp.read().replace('listen = 127.0.0.1:8000',
                'listen = 127.0.0.1:%s' % self.ports[i])
        conf = os.path.join(self.tmp.name, 'trytond-%s.conf' % i)
        with open(conf, 'w') as fp:
            fp.write(text)
        self.servers[i] = subprocess.Popen(
            ['trytond', '-c', conf, '-d', self.database],
            env=self.env, stdout=self.log, stderr=self.log,
            start_new_session=True)

    def start(self):
        for i in range(2):
            self.start_server(i)
        for command in [['trytond-cron', '-n', '1'],
                ['trytond-worker', '-n', '1']]:
            self.others.append(subprocess.Popen(
                    command + ['-c', self.conf, '-d', self.database],
                    env=self.env, stdout=self.log, stderr=self.log,
                    # its own process group: its pool's processes stop
                    # with it
                    start_new_session=True))

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


class Client:
    "JSON-RPC and HTTP routes of one trytond, logged in as admin"

    def __init__(self, url, login='admin', password='admin'):
        self.url = url + 'rpc/'
        result = self.call('common.db.login', [login, {'password': password}],
            auth=False)
        user_id, session = result[:2]
        self.auth = 'Session ' + base64.b64encode(
            ('%s:%s:%s' % (login, user_id, session)).encode()).decode()

    def call(self, method, params, auth=True, timeout=10):
        body = json.dumps({'id': 1, 'method': method, 'params': params})
        request = urllib.request.Request(self.url, data=body.encode(),
            headers={'Content-Type': 'application/json'})
        if auth:
            request.add_header('Authorization', self.auth)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read())
        if answer.get('error'):
            raise RuntimeError(str(answer['error'])[:200])
        return answer['result']


def wait_answering(url, timeout=120):
    "Seconds until trytond answers a login at url, or None"
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            return Client(url), time.perf_counter() - start
        except Exception:
            time.sleep(0.2)
    return None, None


class Recorder:
    "The generator's own log: every request with its answer and latency"

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = collections.defaultdict(list)
        self.errors = collections.Counter()
        self.accepted = collections.defaultdict(set)
        self.failed = collections.defaultdict(set)

    def record(self, action, elapsed, ok, key=None):
        with self.lock:
            if ok:
                self.latencies[action].append(elapsed)
                if key is not None:
                    self.accepted[action].add(key)
            else:
                self.errors[action] += 1
                if key is not None:
                    self.failed[action].add(key)


def generator(services, recorder, stop, run_id, options, seq):
    "One user of the load: a bounded loop of requests over both servers"
    clients = {}
    n = 0
    while not stop.is_set():
        n += 1
        i = (n + seq) % 2
        try:
            client = clients.get(i) or Client(services.url(i))
            clients[i] = client
        except Exception:
            recorder.record('login', 0, False)
            clients.pop(i, None)
            time.sleep(0.2)
            continue
        action = options['actions'][n % len(options['actions'])]
        key = '%s-%s-%s' % (run_id, seq, n)
        start = time.perf_counter()
        try:
            if action == 'create customer':
                client.call('model.party.party.create',
                    [[{'name': 'load ' + key}], {}])
            elif action == 'open customer':
                client.call('model.party.party.read',
                    [[options['parties'][n % len(options['parties'])]],
                        ['name', 'code', 'addresses',
                            'contact_mechanisms'], {}])
            elif action == 'webhook':
                request = urllib.request.Request(
                    services.url(i) + 'crm_telephony/incoming',
                    data=json.dumps({'caller': '0912%07d' % (n % 10**7),
                            'extension': '101', 'call_id': key}).encode(),
                    headers={'X-CRM-Token': options['token'],
                        'Content-Type': 'application/json'})
                with urllib.request.urlopen(request, timeout=10) as r:
                    json.loads(r.read())
            elif action == 'member portal':
                url = services.url(i) + 'crm_club/member?' + (
                    'card=0&mobile=09120000000')
                try:
                    urllib.request.urlopen(url, timeout=10).read()
                except urllib.error.HTTPError as error:
                    # an unknown card (and too many attempts of one
                    # address) are the intended refusals
                    if error.code not in {400, 403, 404, 429}:
                        raise
            recorder.record(action, time.perf_counter() - start, True,
                key if action in {'create customer', 'webhook'} else None)
        except Exception:
            recorder.record(action, time.perf_counter() - start, False,
                key if action in {'create customer', 'webhook'} else None)
            clients.pop(i, None)
        time.sleep(options['pause'])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--database', required=True,
        help="a PostgreSQL database with the demo (python -m demo)")
    parser.add_argument('--duration', type=float, default=120)
    parser.add_argument('--users', type=int, default=8)
    parser.add_argument('--pause', type=float, default=0.05,
        help="seconds each user waits between two requests")
    parser.add_argument('--short', action='store_true',
        help="10 s and 4 users (the test of the PostgreSQL pass)")
    parser.add_argument('--no-pg-restart', action='store_true')
    args = parser.parse_args(argv)
    if args.short:
        args.duration, args.users = 10, 4
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

    modules = {r[0] for r in query(
            "SELECT name FROM ir_module WHERE state = 'activated'")}
    parties = [r[0] for r in query(
            "SELECT id FROM party_party ORDER BY id LIMIT 50")]
    actions = ['create customer', 'open customer', 'open customer']
    token = None
    if 'crm_telephony' in modules:
        token = query("SELECT webhook_token FROM "
            "crm_telephony_configuration_pbx "
            "WHERE webhook_token IS NOT NULL LIMIT 1")
        token = token[0][0] if token else None
    if token:
        actions += ['webhook', 'webhook']
    if 'crm_club' in modules:
        actions.append('member portal')
    run_id = 'L' + uuid.uuid4().hex[:8]
    log = open(os.path.join(ROOT, 'var', 'load-%s.log' % run_id), 'w') if (
        os.path.isdir(os.path.join(ROOT, 'var'))) else subprocess.DEVNULL
    services = Services(args.database, log)
    services.start()
    status = 0
    recoveries = []
    recorder = Recorder()
    stop = threading.Event()
    try:
        for i in range(2):
            client, _ = wait_answering(services.url(i))
            if not client:
                sys.exit("trytond did not start")
        options = {'actions': actions, 'parties': parties, 'token': token,
            'pause': args.pause}
        threads = [threading.Thread(target=generator,
                args=(services, recorder, stop, run_id, options, seq))
            for seq in range(args.users)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(args.duration * 0.4)
        # fault 1: the first trytond killed by its PID, started again
        services.servers[0].send_signal(signal.SIGKILL)
        services.servers[0].wait()
        services.start_server(0)
        _, seconds = wait_answering(services.url(0), timeout=60)
        recoveries.append(('trytond killed (SIGKILL) and started', seconds))
        time.sleep(max(0, start + args.duration * 0.8 - time.perf_counter()))
        if not args.no_pg_restart:
            # fault 2: PostgreSQL restarted under the load
            subprocess.run(PG_RESTART, check=True, capture_output=True)
            _, seconds = wait_answering(services.url(1), timeout=60)
            recoveries.append(('PostgreSQL restarted', seconds))
        time.sleep(max(0, start + args.duration - time.perf_counter()))
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
    finally:
        stop.set()
        services.stop()
        if log is not subprocess.DEVNULL:
            log.close()

    print("load: %d users, %.0f s, actions %s, database %s" % (
            args.users, elapsed, sorted(set(actions)), args.database))
    print("%-16s %8s %8s %8s %8s %8s %7s  %s" % ('action', 'requests',
            'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'target'))
    for action in sorted(set(actions)):
        values = recorder.latencies[action]
        target = TARGETS.get(action)
        verdict = ''
        if target and values:
            verdict = 'p99 <= %d ms: %s' % (target * 1000,
                'OK' if percentile(values, 0.99) <= target else 'MISSED')
        print("%-16s %8d %8.1f %8.1f %8.1f %8.1f %7d  %s" % (
                action, len(values) + recorder.errors[action],
                len(values) / elapsed,
                *[percentile(values, p) * 1000 if values else 0
                    for p in (0.5, 0.95, 0.99)],
                recorder.errors[action], verdict))
    checks = [('create customer',
            "SELECT substr(name, 6), COUNT(*) FROM party_party "
            "WHERE name LIKE %s GROUP BY name", 'load ' + run_id + '-%')]
    if token:
        checks.append(('webhook',
                "SELECT call_id, COUNT(*) FROM crm_communication "
                "WHERE call_id LIKE %s GROUP BY call_id", run_id + '-%'))
    for action, sql, pattern in checks:
        stored = dict(query(sql, (pattern,)))
        accepted = recorder.accepted[action]
        duplicated = sum(1 for n in stored.values() if n > 1)
        lost = len(accepted - set(stored))
        # a request that failed may still be stored (its answer was lost
        # with the killed process): never twice, and it got an error
        failed_stored = len(recorder.failed[action] & set(stored))
        print("%s: accepted %d, stored %d, duplicated %d, lost %d "
            "(failed with an error answer %d, of which stored %d)" % (
                action, len(accepted), len(set(stored) & accepted),
                duplicated, lost, len(recorder.failed[action]),
                failed_stored))
        if duplicated or lost:
            status = 1
    for fault, seconds in recoveries:
        if seconds is None:
            print("%s: the service did not answer again" % fault)
            status = 1
        else:
            print("%s: answering again after %.1f s (target <= 10 s: %s)" % (
                    fault, seconds, 'OK' if seconds <= 10 else 'MISSED'))
    print("correctness:", 'OK' if not status else 'FAILED')
    return status


if __name__ == '__main__':
    sys.exit(main())
