#!/usr/bin/env bash
# PutLogEvents and FilterLogEvents throughput, ecsemu against moto_server (see bench/logs_bench.py).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/logs_bench.py "${1:-build/ecsemu}"
