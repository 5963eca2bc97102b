#!/usr/bin/env bash
# Regenerate addons/<module>/locale/{fa,pl}.po from the module's strings,
# keeping the translations already in the files.
#   bash scripts/po.sh MODULE [EXTRA_MODULE ...]
# EXTRA_MODULEs are activated too, so strings of [register extra] classes
# and <data depends="extra"> records are exported.  Then fill the empty
# msgstr entries; tests check that none is left empty.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
module=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo admin > "$work/pass"
touch "$work/po.sqlite"
TRYTOND_DATABASE__PATH=$work TRYTONPASSFILE="$work/pass" \
    trytond-admin -c trytond.conf -d po --email admin@example.com --activate-dependencies -u "$@" >/dev/null 2>&1
TRYTOND_DATABASE__PATH=$work TRYTONPASSFILE="$work/pass" \
    trytond-admin -c trytond.conf -d po -u "$module" -l fa pl --export-translations
ls -l "addons/$module/locale"
