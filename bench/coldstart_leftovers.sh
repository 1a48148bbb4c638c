#!/usr/bin/env bash
# bench/coldstart_leftovers.sh [path/to/ecsemu] [N] — start-up with the Docker runtime when N (default 20) containers
# of an ecsemu that died are left on the engine: the time to the first answer (GET /_ecsemu/health, curl polled)
# and the time until the left-overs are gone, 3 runs. ecsemu answers first and removes them afterwards.
# Only loopback; the containers it creates carry the label ecsemu=bench-leftover and are removed by ecsemu or, at
# the end, by this script; ecsemu is stopped by its PID.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN="${1:-$HERE/../build/ecsemu}"
N="${2:-20}"
IMAGE="${BENCH_IMAGE:-busybox:local}"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
dead="$(sh -c 'echo $$')"  # a process id nobody runs any more
trap 'docker ps -aq --filter label=ecsemu=bench-leftover | xargs -r docker rm -f >/dev/null' EXIT
ms() { echo $(( ($2 - $1) / 1000000 )); }
for run in 1 2 3; do
  for _ in $(seq "$N"); do
    docker create --label ecsemu=bench-leftover --label "ecsemu.pid=$dead" "$IMAGE" true >/dev/null
  done
  t0=$(date +%s%N)
  "$BIN" --port "$PORT" --log-level warn --runtime docker >/dev/null 2>&1 &
  pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$PORT/_ecsemu/health"; do sleep 0.001; done
  t1=$(date +%s%N)
  until [ -z "$(docker ps -aq --filter label=ecsemu=bench-leftover)" ]; do sleep 0.02; done
  t2=$(date +%s%N)
  echo "run $run: $N left-over containers; first answer $(ms "$t0" "$t1") ms; left-overs removed by $(ms "$t0" "$t2") ms"
  kill "$pid"
  wait "$pid" || true
done
