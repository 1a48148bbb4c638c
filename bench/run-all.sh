#!/usr/bin/env bash
# bench/run-all.sh [ECSEMU_BINARY] — ecsemu and moto_server side by side, in one run.
#
# Starts each server fresh on a free 127.0.0.1 port (and stops it by its PID), then measures:
#   1. cold start: process start -> first 200 on a signed ECS ListClusters (median of N runs, servers
#      alternating), RSS right after that answer and after an idle pause;
#   2. scale test: 10 -> 10,000 task definitions, 10 -> 1,000 services (ListTaskDefinitions, DescribeServices,
#      ListServices latency, full pagination walk, RSS) — skipped with a note where a server cannot run it;
#   3. throughput and latency (req/s, p50, p99, server CPU per request) at concurrency 1 and 16 for the workloads
#      listclusters, sts, ec2regions, read, write, ec2elb — pre-signed SigV4 requests replayed by wrk over
#      keep-alive; a workload whose preflight gets a non-200 is reported "not implemented (HTTP 501)" or
#      "invalid", never as a number; servers alternate figure by figure;
#   4. cost of logging: listclusters on two fresh ecsemu servers, default log level (info) vs --log-level warn.
# Writes bench/results/latest.md (Markdown table, also printed) and latest.json (raw figures), plus a
# timestamped copy of both. Exit status 1 if something is broken (a crash, an invalid figure, an operation
# ecsemu lists as implemented that does not answer 200, moto failing a workload); 0 otherwise.
#
# ECSEMU_BINARY: default $BENCH_ECSEMU, else build/ecsemu, else the newest build*/ecsemu. Without any, moto only.
#
# Settings (environment variables; defaults suit a 2-core machine shared by wrk and the server, ~8 minutes):
#   BENCH_SERVERS=ecsemu,moto     which servers to run
#   BENCH_DURATION=10             seconds per wrk run
#   BENCH_CONCURRENCY=1,16        connections (1 = wrk -t1 -c1, exact per-request latency)
#   BENCH_WRK_THREADS=2           wrk threads for concurrency > 1
#   BENCH_WORKLOADS=listclusters,sts,ec2regions,read,write,ec2elb
#   BENCH_COLDSTART_RUNS=5        cold starts per server (median reported)
#   BENCH_IDLE_S=3                idle seconds before the second RSS reading
#   BENCH_START_TIMEOUT_S=60      a server not answering 200 by then has failed to start
#   BENCH_SCALE_LEVELS=10:10,1000:100,10000:1000   task defs:services per level; "" skips the scale test
#   BENCH_SCALE_LAT_S=3           seconds per latency probe in the scale test
#   BENCH_WRITE_POOL=4000         distinct pre-signed write requests
#   BENCH_LOGCOST=1               0 skips the info-log-level run
#   BENCH_STRICT=0                1 = also count every non-200 in wrk's Lua (costs client CPU)
#   BENCH_ECSEMU_ARGS=            extra ecsemu flags, e.g. "--threads 1"
#   BENCH_MOTO_SERVER=            moto_server entry point (default: resolved through pyenv, else PATH)
#   BENCH_WAIT_QUIET_S=0          wait up to this long for the machine to be < 10 % busy first,
#                                 and up to 30 s of it before each throughput figure
#   BENCH_REGION=us-east-1  BENCH_SCALE_REGION=us-west-2  BENCH_ACCESS_KEY_ID=test  BENCH_SECRET_ACCESS_KEY=test
#   BENCH_OUT=bench               where results/ goes (default this folder, else /tmp/bench)
# Needs: python3 with boto3, wrk (Debian package), moto_server (pip moto[server]), ss/ps (iproute2/procps).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the real interpreter (not a pyenv shim, which does not keep the PID), so signals reach bench.py
PY="$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || command -v python3)"
command -v wrk >/dev/null || { echo "run-all: wrk not found (apt-get install -y wrk)" >&2; exit 2; }
python3 -c 'import boto3' 2>/dev/null || { echo "run-all: python3 cannot import boto3" >&2; exit 2; }
ARGS=()
if [ $# -ge 1 ]; then ARGS=(--ecsemu "$1"); fi
exec "$PY" "$HERE/bench.py" all "${ARGS[@]}"
