# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""What every benchmark does first: a PostgreSQL database with the modules
activated by trytond-admin, and Tryton's pool loaded in this process."""
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def postgresql_uri():
    "The server URI, or exit with how to get one"
    uri = os.environ.get('TRYTOND_DATABASE__URI', '')
    if not uri.startswith('postgresql'):
        sys.exit("Set TRYTOND_DATABASE__URI to a PostgreSQL server "
            "(bash scripts/pg.sh prints one)")
    return uri


def activate(database, modules):
    "Create the database and activate modules with trytond-admin"
    env = dict(os.environ, TRYTONPASSFILE=os.path.join(ROOT, 'var', 'pass'))
    os.makedirs(os.path.join(ROOT, 'var'), exist_ok=True)
    with open(env['TRYTONPASSFILE'], 'w') as fp:
        fp.write('admin\n')
    subprocess.run([
            'trytond-admin', '-c', os.path.join(ROOT, 'trytond.conf'),
            '-d', database, '--email', 'admin@example.com',
            '--activate-dependencies', '-u', *modules],
        check=True, env=env, stdout=subprocess.DEVNULL)


def prepare(database, modules):
    """Create database with modules unless it exists; return the pool and
    whether the database is new"""
    import psycopg
    uri = postgresql_uri()
    with psycopg.connect(uri + 'postgres', autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s",
            (database,)).fetchone()
        if not exists:
            conn.execute('CREATE DATABASE "%s"' % database)
    if not exists:
        start = time.perf_counter()
        activate(database, modules)
        print("activation: %.1f s" % (time.perf_counter() - start))

    from trytond.pool import Pool
    Pool.start()
    pool = Pool(database)
    pool.init()
    return pool, not exists


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def peak_memory_mb():
    "Peak resident memory of this process (it runs trytond), in MiB"
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
