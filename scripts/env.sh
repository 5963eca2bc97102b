# Source me: environment of the suite's commands (absolute paths, venv).
_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$_root/.venv/bin:$PATH"
export TRYTOND_DATABASE__PATH=${TRYTOND_DATABASE__PATH:-$_root/var/db}
export TRYTOND_WEB__ROOT=${TRYTOND_WEB__ROOT:-$_root/.sao/package}
mkdir -p "$TRYTOND_DATABASE__PATH"
unset _root
