#!/usr/bin/env bash
# Run what production runs on one database: the trytond server (web UI and
# RPC), trytond-cron (scheduled actions) and, on PostgreSQL, trytond-worker
# (queued tasks: SMS, campaigns, invoice processing).  trytond-worker needs
# PostgreSQL's LISTEN/NOTIFY: on SQLite (the embedded demo) queued tasks run
# at the end of the request that queues them.  Ctrl+C (or SIGTERM) stops all.
#   bash scripts/serve.sh DATABASE [trytond.conf]
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
db=${1:?usage: serve.sh DATABASE [CONFIG]}
conf=${2:-trytond.conf}
pids=()
stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do
        # the process pools of cron and worker first, then their parents
        pkill -TERM -P "$pid" 2>/dev/null
        kill -TERM "$pid" 2>/dev/null
    done
    # a scheduled action in the middle of its work gets 10 s to stop
    for _ in $(seq 20); do
        alive=0
        for pid in "${pids[@]}"; do
            kill -0 "$pid" 2>/dev/null && alive=1
        done
        ((alive)) || break
        sleep 0.5
    done
    for pid in "${pids[@]}"; do
        pkill -KILL -P "$pid" 2>/dev/null
        kill -KILL "$pid" 2>/dev/null
    done
    wait "${pids[@]}" 2>/dev/null
    exit 0
}
trap stop INT TERM EXIT
# The background work at a lower CPU priority: it waits for the web
# requests, not the other way round (README, Production; nice execs, so the
# PIDs are the services')
nice -n 10 trytond-cron -c "$conf" -d "$db" -n 1 & pids+=($!)
if [[ ${TRYTOND_DATABASE__URI:-} == postgresql* ]]; then
    # Tasks go to the queue (ir.queue) for the worker instead of running
    # inside the request that creates them.
    export TRYTOND_QUEUE__WORKER=True
    nice -n 10 trytond-worker -c "$conf" -d "$db" -n 1 & pids+=($!)
fi
# -d loads the database at start-up (its pool is ready for the first login)
trytond -c "$conf" -d "$db" & pids+=($!)
# If one of them dies, stop the others: a half-running demo is misleading.
wait -n "${pids[@]}"
echo "serve.sh: a service stopped; stopping the others" >&2
stop
