#!/usr/bin/env bash
# The awslogs path under a flood of lines, next to docker logs (see bench/awslogs_flood.py).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/awslogs_flood.py "${1:-build/ecsemu}"
