#!/usr/bin/env bash
# Build the suite's extension of sao (client/: Jalali calendar, Persian
# digits, Vazirmatn font, branding) into sao's web root as custom.js and
# custom.css, and install the Vazirmatn font where LibreOffice (the prints)
# finds it through fontconfig.  Idempotent; scripts/sao.sh calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=${TRYTOND_WEB__ROOT:-$PWD/.sao/package}
test -f "$root/index.html" || { echo "client: no sao in $root" >&2; exit 1; }
command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
# npm packages of client/package-lock.json (jalaali-js, vazirmatn, esbuild)
if [ ! -d client/node_modules ] \
        || [ client/package-lock.json -nt client/node_modules/.package-lock.json ]; then
    (cd client && npm ci --silent --no-audit --no-fund >/dev/null)
fi
node client/build.js "$root"

# Vazirmatn for LibreOffice: system-wide when root, else the user's fonts
if [ "$(id -u)" = 0 ]; then
    fonts=/usr/local/share/fonts/vazirmatn
else
    fonts=${XDG_DATA_HOME:-$HOME/.local/share}/fonts/vazirmatn
fi
if ! cmp -s client/node_modules/vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf \
        "$fonts/Vazirmatn-Regular.ttf"; then
    mkdir -p "$fonts"
    cp client/node_modules/vazirmatn/fonts/ttf/Vazirmatn-*.ttf \
        client/node_modules/vazirmatn/OFL.txt "$fonts/"
    if ! command -v fc-cache >/dev/null; then
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends fontconfig >/dev/null; } \
            || echo "client: fontconfig could not be installed" >&2
    fi
    if command -v fc-cache >/dev/null; then fc-cache -f "$fonts"; fi
fi
