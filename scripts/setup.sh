#!/usr/bin/env bash
# Install the suite in ./.venv (Python packages from requirements.txt and the
# addons in editable mode).  Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt -e . 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/python -c "import trytond, proteus, trytond.modules.crm_fin" \
    || { echo "setup: installation failed" >&2; exit 1; }
