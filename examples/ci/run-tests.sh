#!/usr/bin/env bash
# The CI recipe for any CI system: start ecsemu's image beside the job, wait for its health check, run the
# tests, stop it (ecsemu removes its task containers on the way out).
#   ECSEMU_IMAGE=ecsemu:local examples/ci/run-tests.sh [TEST COMMAND...]
# The default test command is this directory's boto3 tests. Needs docker and python3 with boto3.
set -euo pipefail
cd "$(dirname "$0")"
image=${ECSEMU_IMAGE:-ecsemu:local}
port=${ECSEMU_PORT:-4566}
name=ecsemu-ci-$$
docker run -d --name "$name" --network host --pid host -v /var/run/docker.sock:/var/run/docker.sock \
  -e ECSEMU_PORT="$port" -e ECSEMU_TIME_SCALE="${ECSEMU_TIME_SCALE:-0.1}" -e ECSEMU_LOG_LEVEL=warn "$image" >/dev/null
trap 'docker stop -t 30 "$name" >/dev/null; docker rm "$name" >/dev/null' EXIT
for _ in $(seq 60); do  # the image's HEALTHCHECK runs `ecsemu --healthcheck`
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$name")" = healthy ] && break
  [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || { docker logs "$name"; exit 1; }
  sleep 1
done
export AWS_ENDPOINT_URL=http://127.0.0.1:$port AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_DEFAULT_REGION=us-east-1 WAITER_DELAY=${WAITER_DELAY:-2}
if (($#)); then "$@"; else python3 -m unittest -v test_service_stable; fi
