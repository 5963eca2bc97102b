#!/usr/bin/env python
# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Benchmark: how long one trytond waits for the database after
PostgreSQL restarts, when its connection pool holds more connections than
its clients use at that moment.

On a PostgreSQL demo database (as load.py): one ``trytond`` on a loopback
port; a burst of concurrent PBX calls grows its pool (trytond's
``[database] maxconn``, 64 by default), then a few clients call steadily,
PostgreSQL is restarted, and the benchmark prints the longest wait of a call
sent after the restart and from when every call is answered within 2 s.

Each pooled connection PostgreSQL closed fails psycopg_pool's check when a
request takes it, and the check loop sleeps 0, 1, 2, 4, 8, 16 s between two
of them: a client that meets six or seven of them waits out the pool's 30 s
timeout (seen in load.py's full runs: every trytond silent for 30 s after
the restart).  ``--maxconn`` runs trytond with a smaller pool.  Prints
figures only; exits non-zero when trytond does not start."""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import threading
import time

from common import postgresql_uri
from load import (
    PG_RESTART, Services, lock_machine, urlopen, wait_answering)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--database', required=True,
        help="a PostgreSQL database with the demo and crm_telephony")
    parser.add_argument('--maxconn', type=int,
        help="trytond's [database] maxconn (default: trytond's, 64)")
    parser.add_argument('--burst', type=int, default=60,
        help="concurrent calls growing the pool")
    parser.add_argument('--clients', type=int, default=2,
        help="clients calling steadily through the restart")
    parser.add_argument('--after', type=float, default=40,
        help="seconds observed after the restart")
    parser.add_argument('--pg-restart', default=PG_RESTART)
    args = parser.parse_args(argv)
    # it restarts PostgreSQL as load.py does: not while a load runs
    lock = lock_machine()  # noqa: F841 (held until the process ends)

    import psycopg
    with psycopg.connect(postgresql_uri() + args.database) as conn:
        row = conn.execute("SELECT webhook_token FROM "
            "crm_telephony_configuration_pbx "
            "WHERE webhook_token IS NOT NULL LIMIT 1").fetchone()
    if not row:
        sys.exit("the database has no PBX token (crm_telephony's demo)")
    token, = row

    services = Services(args.database, subprocess.DEVNULL)
    if args.maxconn:
        # trytond.conf wins over the environment: a copy with maxconn
        with open(services.conf) as fp:
            text = fp.read().replace('[database]\n',
                '[database]\nmaxconn = %d\n' % args.maxconn, 1)
        services.conf = os.path.join(services.tmp.name, 'maxconn.conf')
        with open(services.conf, 'w') as fp:
            fp.write(text)
    services.start_server(0)
    try:
        if not wait_answering(services, 0)[0]:
            sys.exit("trytond did not start")

        def call(k):
            data = json.dumps({'caller': '0935%07d' % (k % 10**7),
                    'extension': '101',
                    'call_id': 'pg-restart-%s-%s' % (time.time(), k)})
            begin = time.perf_counter()
            try:
                with urlopen(services, 0, 'crm_telephony/incoming',
                        data.encode(), {'X-CRM-Token': token,
                            'Content-Type': 'application/json'},
                        failover=False) as response:
                    response.read()
                ok = True
            except Exception:
                ok = False
            return begin, time.perf_counter() - begin, ok

        with concurrent.futures.ThreadPoolExecutor(args.burst) as executor:
            burst = list(executor.map(call, range(args.burst * 5)))
        print("burst: %d calls, %d at once, longest %.1f s" % (
                len(burst), args.burst, max(d for _, d, _ in burst)))

        stop, results = threading.Event(), []

        def client(n):
            k = 0
            while not stop.is_set():
                results.append(call(10**6 * (n + 1) + k))
                k += 1
                time.sleep(0.05)
        threads = [threading.Thread(target=client, args=(n,))
            for n in range(args.clients)]
        for thread in threads:
            thread.start()
        time.sleep(3)
        restart = time.perf_counter()
        subprocess.run(args.pg_restart, shell=True, check=True,
            capture_output=True)
        print("PostgreSQL restarted in %.1f s" % (
                time.perf_counter() - restart))
        time.sleep(args.after)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        services.stop()

    after = [(b - restart, d, ok) for b, d, ok in results if b >= restart]
    sent, waited, _ = max(after, key=lambda r: r[1])
    failed = sum(1 for _, _, ok in after if not ok)
    good = max([b + d for b, d, ok in after if not ok or d > 2] or [0])
    print("maxconn %s, %d clients: %d calls after the restart, longest "
        "wait %.1f s (sent %.1f s after it), %d failed; every call "
        "answered within 2 s from %.1f s after the restart" % (
            args.maxconn or 'default', args.clients, len(after), waited,
            sent, failed, good))


if __name__ == '__main__':
    sys.exit(main())
