#!/usr/bin/env bash
# Install everything, build the demo database (SQLite) once and start the
# web UI on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/sao.sh
if ! command -v soffice >/dev/null; then
    # Prints are ODT; LibreOffice turns them into PDF when it is installed.
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui; } \
        || echo "LibreOffice could not be installed: prints stay in ODT" >&2
fi
. scripts/env.sh
DB=${DEMO_DB:-demo}
if [ ! -s "var/db/$DB.sqlite" ]; then
    rm -f "var/db/$DB.sqlite"
    python -m demo -c trytond.conf -d "$DB" "$@"
fi
cat <<MSG

  Financial CRM demo is running on http://127.0.0.1:8000
  database: $DB   login: admin   password: admin
  Persian user: fa   password: fa-demo-2026 (dates shown Jalali)
  Running: trytond (web), trytond-cron (scheduled actions) and
  trytond-worker (queued tasks).  Ctrl+C stops them all;
  rm var/db/$DB.sqlite rebuilds the demo.

MSG
exec bash scripts/serve.sh "$DB"
