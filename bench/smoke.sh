#!/usr/bin/env bash
# bench/smoke.sh [ECSEMU_BINARY] — a short smoke of the benchmark machinery, for CI.
#
# The same code as run-all.sh with tiny settings: ecsemu only (plus moto_server if BENCH_SMOKE_MOTO=1),
# 1 cold start, 1 s per workload and concurrency, a scale test of 10 task definitions / 5 services (skipped
# where not implemented), a write pool of 200. Fails (exit 1) if the machinery breaks: wrk or boto3 missing,
# the server not starting or crashing, no numbers parsed from wrk, a non-2xx during a run, or a preflight
# non-200 on an operation that `ecsemu --list-operations` lists as implemented (ListClusters, GetCallerIdentity
# and DescribeRegions at least). Never asserts timing. Takes well under a minute (about 20 s; 45 s with moto).
# Output: bench/results/smoke.md and smoke.json. Any BENCH_* variable of run-all.sh overrides a smoke default.
#
# ECSEMU_BINARY defaults to build/ecsemu (relative to the repository root).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the real interpreter (not a pyenv shim, which does not keep the PID), so signals reach bench.py
PY="$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || command -v python3)"
BIN="${1:-$(dirname "$HERE")/build/ecsemu}"
command -v wrk >/dev/null || { echo "smoke: FAIL: wrk not found (apt-get install -y wrk)" >&2; exit 1; }
python3 -c 'import boto3' 2>/dev/null || { echo "smoke: FAIL: python3 cannot import boto3" >&2; exit 1; }
[ -x "$BIN" ] || { echo "smoke: FAIL: ecsemu binary $BIN not found or not executable" >&2; exit 1; }
rc=0
timeout -k 5 110 "$PY" "$HERE/bench.py" all --smoke --ecsemu "$BIN" >/dev/null || rc=$?
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then echo "smoke: FAIL: timed out" >&2; exit 1; fi
if [ "$rc" != 0 ]; then echo "smoke: FAIL (exit $rc): see the problems above and ${BENCH_OUT:-$HERE}/results/smoke.md" >&2; exit 1; fi
echo "smoke: OK (${BENCH_OUT:-$HERE}/results/smoke.md)"
