#!/usr/bin/env bash
# Make sure a PostgreSQL server runs on 127.0.0.1:5432 with the test role
# tryton/tryton (superuser: the tests create and drop databases), installing
# PostgreSQL with apt where it is absent.  Prints the URI to use.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
    pg_createcluster 15 main >&2
    cluster="15 main"
fi
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
    pg_ctlcluster $cluster start >&2
fi
for _ in $(seq 30); do
    su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
done
su postgres -c "psql -qAt" >&2 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tryton') THEN
    CREATE ROLE tryton LOGIN SUPERUSER PASSWORD 'tryton';
  END IF;
END $$;
SQL
# As the README recommends for production: the JIT compiler costs the
# reports more than it saves (scale.py: 0.110 s instead of 0.090 s)
su postgres -c "psql -qAt" >&2 <<'SQL'
ALTER SYSTEM SET jit = off;
SELECT pg_reload_conf();
SQL
echo "postgresql://tryton:tryton@127.0.0.1:5432/"
