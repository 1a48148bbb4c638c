#!/usr/bin/env bash
# A first session with ecsemu and the AWS CLI (v1 or v2). Start the emulator first (scripts/run), then:
#   examples/aws-cli/quickstart.sh [ENDPOINT]        (default http://127.0.0.1:4566)
set -euo pipefail
endpoint=${1:-http://127.0.0.1:4566}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1} AWS_PAGER=""
aws_() { ${AWS_CLI:-aws} --endpoint-url "$endpoint" --output json "$@"; }

echo "# who am I"
aws_ sts get-caller-identity
echo "# where can I run"
aws_ ec2 describe-availability-zones --query 'AvailabilityZones[].ZoneName'
echo "# a cluster"
aws_ ecs create-cluster --cluster-name quickstart --tags key=course,value=ecs-101 --query 'cluster.clusterArn'
aws_ ecs list-clusters
aws_ ecs describe-clusters --clusters quickstart --include TAGS --query 'clusters[0].[clusterName,status,tags]'
aws_ ecs delete-cluster --cluster quickstart --query 'cluster.status'
