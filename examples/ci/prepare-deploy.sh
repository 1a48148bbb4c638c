#!/usr/bin/env bash
# What the deploy workflow needs before the action runs: the cluster deploy-demo with an EC2 instance that joined
# it, and a service "web" on a first revision of task-definition.json. Uses the AWS CLI; the endpoint comes from
# AWS_ENDPOINT_URL (or the service-specific AWS_ENDPOINT_URL_ECS / _EC2 / _SSM).
set -euo pipefail
cd "$(dirname "$0")"
aws_() { ${AWS_CLI:-aws} --output text "$@"; }
aws_ ecs create-cluster --cluster-name deploy-demo --query cluster.clusterArn
ami=$(aws_ ssm get-parameter --name /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id \
  --query Parameter.Value)
aws_ ec2 run-instances --image-id "$ami" --instance-type t3.small --query 'Instances[0].InstanceId' \
  --user-data $'#!/bin/bash\necho ECS_CLUSTER=deploy-demo >> /etc/ecs/ecs.config'
for _ in $(seq 60); do
  [ "$(aws_ ecs list-container-instances --cluster deploy-demo --query 'length(containerInstanceArns)')" = 1 ] && break
  sleep 1
done
aws_ ecs register-task-definition --cli-input-json "file://${TASK_DEFINITION:-task-definition.json}" \
  --query taskDefinition.taskDefinitionArn
aws_ ecs create-service --cluster deploy-demo --service-name web --task-definition deploy-demo-web \
  --desired-count 1 --launch-type EC2 --query service.serviceArn
