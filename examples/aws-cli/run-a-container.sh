#!/usr/bin/env bash
# A real container through the ECS API: an EC2 instance joins a cluster from its user data, a task runs on it as a
# Docker container, and its published port answers. Start the emulator first (scripts/run), then:
#   examples/aws-cli/run-a-container.sh [ENDPOINT]        (default http://127.0.0.1:4566)
set -euo pipefail
endpoint=${1:-http://127.0.0.1:4566}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1} AWS_PAGER=""
aws_() { ${AWS_CLI:-aws} --endpoint-url "$endpoint" --output text "$@"; }

echo "# the ECS-optimized AMI, from SSM's public parameter"
ami=$(aws_ ssm get-parameter --name /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id \
  --query Parameter.Value)
echo "$ami"
echo "# a cluster, and an instance whose user data names it"
aws_ ecs create-cluster --cluster-name demo --query cluster.clusterArn
instance=$(aws_ ec2 run-instances --image-id "$ami" --instance-type t3.small \
  --user-data $'#!/bin/bash\necho ECS_CLUSTER=demo >> /etc/ecs/ecs.config' --query 'Instances[0].InstanceId')
aws_ ec2 wait instance-running --instance-ids "$instance"
for _ in $(seq 50); do  # the agent registers once the instance runs
  [ -n "$(aws_ ecs list-container-instances --cluster demo --query 'containerInstanceArns[0]' | grep -v None)" ] && break
  sleep 0.2
done
aws_ ecs describe-container-instances --cluster demo \
  --container-instances "$(aws_ ecs list-container-instances --cluster demo --query 'containerInstanceArns[0]')" \
  --query 'containerInstances[0].[ec2InstanceId,status,registeredResources[?name==`MEMORY`].integerValue|[0]]'
echo "# a web server task on it; hostPort 0 gets an ephemeral port on 127.0.0.1"
aws_ ecs register-task-definition --family web --query taskDefinition.taskDefinitionArn --container-definitions '[{
  "name": "web", "image": "busybox:local", "memory": 64, "essential": true,
  "command": ["sh", "-c", "mkdir -p /www && echo hello from ecsemu > /www/index.html && exec httpd -f -p 80 -h /www"],
  "portMappings": [{"containerPort": 80, "hostPort": 0}]}]'
task=$(aws_ ecs run-task --cluster demo --task-definition web --query 'tasks[0].taskArn')
aws_ ecs wait tasks-running --cluster demo --tasks "$task"
port=$(aws_ ecs describe-tasks --cluster demo --tasks "$task" --query 'tasks[0].containers[0].networkBindings[0].hostPort')
echo "# GET http://127.0.0.1:$port/"
curl -fsS "http://127.0.0.1:$port/"
echo "# stop it: the container is stopped and removed"
aws_ ecs stop-task --cluster demo --task "$task" --reason "demo done" --query task.desiredStatus
aws_ ecs wait tasks-stopped --cluster demo --tasks "$task"
aws_ ecs describe-tasks --cluster demo --tasks "$task" --query 'tasks[0].[lastStatus,stopCode,stoppedReason]'
aws_ ec2 terminate-instances --instance-ids "$instance" --query 'TerminatingInstances[0].CurrentState.Name'
