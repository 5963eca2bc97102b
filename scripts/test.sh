#!/usr/bin/env bash
# The whole test suite in two passes at once (one per core): every module's
# tests, the browser, edition and serve tests on SQLite; the scenarios, the
# PostgreSQL-only tests and every module's tests again on PostgreSQL 15, the
# production database (its SQL differs: a COUNT of a parameter, a NOT NULL
# that SQLite lacks failed only there).
# Modules are activated once per run thanks to Tryton's DB_CACHE.  The
# scenarios run on SQLite too when asked: bash scripts/test.sh -k scenario
# (they are not run on both in CI: the two passes would not fit in the
# hour of the CI machine's two cores).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
# The browser test (tests/test_browser.py) drives sao in Debian's Chromium.
bash scripts/sao.sh || exit 1
if ! command -v chromium >/dev/null; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
        || echo "Chromium could not be installed: the browser test is skipped" >&2
fi
# The print tests convert to PDF with LibreOffice and read it with poppler.
if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends \
        libreoffice-writer-nogui poppler-utils >/dev/null; } \
        || echo "LibreOffice or poppler could not be installed: the PDF checks are skipped" >&2
fi
export PATH="$PWD/.venv/bin:$PATH"
artifacts=${TEST_ARTIFACTS:-$PWD/test-artifacts}
mkdir -p "$artifacts"
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
status=0

# The two passes run at the same time (one per core); the SQLite pass
# writes to a log printed when both are done.
echo "== SQLite (in the background, log: $artifacts/sqlite.log) =="
# The browser tests and the serve test share one demo database per run.
DB_NAME=:memory: DB_CACHE="$cache/sqlite" CRM_E2E_DEMO="$cache/e2e-demo.sqlite" \
    pytest -q -p no:randomly -k "not scenario" \
    --junitxml="$artifacts/sqlite.xml" "$@" \
    > "$artifacts/sqlite.log" 2>&1 &
sqlite_pid=$!

echo "== PostgreSQL =="
if uri=$(bash scripts/pg.sh); then
    # Template databases of an earlier run hold an older schema: drop them.
    su postgres -c "psql -qAt -c \"select datname from pg_database where datname like 'test%'\"" \
        | while read -r db; do su postgres -c "dropdb --if-exists '$db'"; done
    TRYTOND_DATABASE__URI="$uri" DB_CACHE=postgresql:// \
        pytest -q -p no:randomly -k "scenario or postgresql or test_module" \
        --junitxml="$artifacts/postgresql.xml" "$@" || status=1
else
    echo "PostgreSQL could not be started" >&2
    status=1
fi
wait "$sqlite_pid" || status=1
echo "== SQLite =="
cat "$artifacts/sqlite.log"
python scripts/summary.py "$artifacts/sqlite.xml" "$artifacts/postgresql.xml"
exit $status
