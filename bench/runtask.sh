#!/usr/bin/env bash
# bench/runtask.sh [path/to/ecsemu] — RunTask -> RUNNING latency on the Docker runtime next to `docker run -d`
# of the same image, in the same run (median of BENCH_RUNTASK_N=10). Needs Docker and busybox:local
# (scripts/setup builds it). See runtask.py.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$HERE/runtask.py" "${1:-$HERE/../build/ecsemu}"
