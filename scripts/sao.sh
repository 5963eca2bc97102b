#!/usr/bin/env bash
# Install the sao 8.0 web client from npm into .sao/package ([web] root).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .sao/package/dist/tryton-sao.js ] && [ -d .sao/package/node_modules ]; then
    exit 0
fi
command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
rm -rf .sao && mkdir -p .sao
(cd .sao && npm pack --silent 'tryton-sao@8.0' >/dev/null && tar xzf tryton-sao-*.tgz)
(cd .sao/package && npm install --silent --omit=dev --legacy-peer-deps --no-audit --no-fund >/dev/null)
test -f .sao/package/index.html
