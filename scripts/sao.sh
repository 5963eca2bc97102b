#!/usr/bin/env bash
# Install the sao 8.0 web client from npm into .sao/package ([web] root) and
# the suite's extension of it (scripts/client.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f .sao/package/dist/tryton-sao.js ] || [ ! -d .sao/package/node_modules ]; then
    command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
    rm -rf .sao && mkdir -p .sao
    (cd .sao && npm pack --silent 'tryton-sao@8.0' >/dev/null && tar xzf tryton-sao-*.tgz)
    (cd .sao/package && npm install --silent --omit=dev --legacy-peer-deps --no-audit --no-fund >/dev/null)
    test -f .sao/package/index.html
fi
TRYTOND_WEB__ROOT=$PWD/.sao/package bash scripts/client.sh
