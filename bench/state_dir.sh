#!/usr/bin/env bash
# bench/state_dir.sh [path/to/ecsemu] — what --state-dir costs: RegisterTaskDefinition p50/p99 and req/s with and
# without it (moto_server beside, for reference), start-up with BENCH_STATE_DEFS task definitions and
# BENCH_STATE_SERVICES services in the state dir, and the directory's size. See state_dir.py.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$HERE/state_dir.py" "${1:-$HERE/../build/ecsemu}"
