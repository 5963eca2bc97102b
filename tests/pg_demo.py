"""One demo database on PostgreSQL shared by the PostgreSQL-only tests of
the repository (built once per test run with ``python -m demo``)."""
import atexit
import os
import subprocess
import sys
import uuid
from pathlib import Path

from trytond import config

ROOT = Path(__file__).resolve().parent.parent
_DATABASES = {}


def pg_env():
    uri = config.parse_uri(config.get('database', 'uri'))
    env = dict(os.environ)
    env.update({
            'PGHOST': uri.hostname or '127.0.0.1',
            'PGPORT': str(uri.port or 5432),
            'PGUSER': uri.username or '',
            'PGPASSWORD': uri.password or '',
            })
    return env


def run(*args, **kwargs):
    return subprocess.run(
        args, env=pg_env(), cwd=ROOT, check=True, text=True,
        capture_output=True, **kwargs).stdout


def drop(name):
    subprocess.call(['dropdb', '--if-exists', name], env=pg_env())


def demo_database(modules='crm_fin,crm_installments'):
    "Return the name of a demo database with modules, created once"
    if modules not in _DATABASES:
        name = 'demo_%s' % uuid.uuid4().hex[:8]
        run('createdb', name)
        atexit.register(drop, name)
        # Persian only (its demo user): loading the Polish translations of
        # every module too is minutes of the PostgreSQL pass
        run(sys.executable, '-m', 'demo', '-c', 'trytond.conf', '-d', name,
            '--modules', modules, '--languages=fa')
        _DATABASES[modules] = name
    return _DATABASES[modules]
