#!/usr/bin/env bash
# bench/run.sh ENDPOINT_URL LABEL — throughput + scale test against an endpoint that is already running
# (nothing is started or stopped). Writes bench/results/LABEL.md and LABEL.json. Settings: the BENCH_*
# variables of run-all.sh (BENCH_SERVER_PID sets the PID used for RSS/CPU; default: the one listening).
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 ENDPOINT_URL LABEL" >&2; exit 2; fi
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v wrk >/dev/null || { echo "wrk not found (apt-get install -y wrk)" >&2; exit 2; }
exec python3 "$HERE/bench.py" run "$1" "$2"
