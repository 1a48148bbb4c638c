#!/usr/bin/env bash
# bench/coldstart.sh LABEL -- SERVER_COMMAND [ARGS...] — cold start of any server command alone.
# "{port}" in the command is replaced by a free 127.0.0.1 port, e.g.
#   bench/coldstart.sh ecsemu -- build/ecsemu --port {port} --log-level warn
#   bench/coldstart.sh moto -- moto_server -H 127.0.0.1 -p {port}
# BENCH_COLDSTART_RUNS (default 5) runs: process start -> first 200 on a signed ListClusters, RSS right after
# and after BENCH_IDLE_S idle seconds; prints JSON. The command must keep the server as the started PID (exec,
# no forking wrapper), otherwise the RSS figures are those of the wrapper.
set -euo pipefail
if [ $# -lt 3 ] || [ "$2" != "--" ]; then echo "usage: $0 LABEL -- CMD [ARGS...]" >&2; exit 2; fi
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the real interpreter (not a pyenv shim, which does not keep the PID), so signals reach bench.py
PY="$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || command -v python3)"
exec "$PY" "$HERE/bench.py" coldstart "$@"
