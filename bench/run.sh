#!/usr/bin/env bash
# bench/run.sh ENDPOINT_URL LABEL — throughput + scale test against an endpoint that is already running
# (nothing is started or stopped). Writes bench/results/LABEL.md and LABEL.json. Settings: the BENCH_*
# variables of run-all.sh (BENCH_SERVER_PID sets the PID used for RSS/CPU; default: the one listening).
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 ENDPOINT_URL LABEL" >&2; exit 2; fi
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the real interpreter (not a pyenv shim, which does not keep the PID), so signals reach bench.py
PY="$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || command -v python3)"
command -v wrk >/dev/null || { echo "wrk not found (apt-get install -y wrk)" >&2; exit 2; }
exec "$PY" "$HERE/bench.py" run "$1" "$2"
