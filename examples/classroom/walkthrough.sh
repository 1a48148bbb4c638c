#!/usr/bin/env bash
# The ECS classroom walkthrough: a highly available web service on EC2 capacity behind an Application Load
# Balancer, built step by step with the AWS CLI, then put to the test. Start ecsemu first (scripts/run, or
# docker compose up -d), then:
#   examples/classroom/walkthrough.sh [ENDPOINT]        (default http://127.0.0.1:4566)
# Environment: AWS_CLI (default aws), PAUSE=1 waits for Enter after each step, VPC_CIDR (default 10.0.0.0/16),
# ECSEMU_ELB_PORT_OFFSET (the offset ecsemu was started with, default 0), CLEANUP=0 keeps everything at the end,
# LB_ADDRESS (where the load balancer's listener is when ecsemu runs on another machine; default: its DNS name,
# which curl resolves to 127.0.0.1), SKIP_KILL=1 skips step 9 (it needs the docker CLI of ecsemu's machine).
set -euo pipefail
endpoint=${1:-http://127.0.0.1:4566}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1} AWS_PAGER=""
cidr=${VPC_CIDR:-10.0.0.0/16}
prefix=${cidr%.*.*}             # 10.0
offset=${ECSEMU_ELB_PORT_OFFSET:-0}
aws_() { ${AWS_CLI:-aws} --endpoint-url "$endpoint" --output text "$@"; }

n=0
step() {  # step TITLE LOOK CONCEPT
  if [ "${PAUSE:-0}" = 1 ] && [ "$n" -gt 0 ]; then read -r -p "(Enter for the next step) " _; fi
  n=$((n + 1))
  printf '\n== Step %d: %s\n' "$n" "$1"
}
look() { printf '   look at: %s\n' "$*"; }
concept() { printf '   concept: %s\n' "$*"; }
# wait_until DESCRIPTION SECONDS COMMAND...: runs COMMAND every second until it succeeds.
wait_until() {
  local what=$1 limit=$2; shift 2
  for _ in $(seq "$limit"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "timed out after ${limit}s waiting for $what" >&2
  return 1
}
# is WANT COMMAND...: COMMAND prints WANT (for wait_until, which runs it again each second).
is() { local want=$1; shift; [ "$("$@")" = "$want" ]; }
# What `aws ecs wait services-stable` checks: one deployment, and as many tasks running as desired.
stable() {
  [ "$(aws_ ecs describe-services --cluster classroom --services web \
        --query 'services[0].[length(deployments), runningCount, desiredCount]')" = "1	2	2" ]
}
running_tasks() { aws_ ecs list-tasks --cluster classroom --service-name web --desired-status RUNNING \
  --query 'length(taskArns)'; }
active_instances() { aws_ ecs list-container-instances --cluster classroom --status ACTIVE \
  --query 'length(containerInstanceArns)'; }
healthy_targets() { aws_ elbv2 describe-target-health --target-group-arn "$tg" \
  --query 'length(TargetHealthDescriptions[?TargetHealth.State==`healthy`])'; }
events() { aws_ ecs describe-services --cluster classroom --services web --query 'services[0].events[:4].[message]'; }
# The service's running tasks: task id, the EC2 instance it runs on, its zone.
tasks() {
  local arns
  arns=$(aws_ ecs list-tasks --cluster classroom --service-name web --desired-status RUNNING --query taskArns)
  [ -n "$arns" ] || return 0
  aws_ ecs describe-tasks --cluster classroom --tasks $arns \
    --query 'tasks[].[taskArn,containerInstanceArn,availabilityZone,lastStatus]' |
    while read -r task ci zone status; do
      printf '%s on %s (%s) %s\n' "${task##*/}" "$(aws_ ecs describe-container-instances --cluster classroom \
        --container-instances "$ci" --query 'containerInstances[0].ec2InstanceId')" "$zone" "$status"
    done
}

step "A VPC with two public subnets in two Availability Zones"
vpc=$(aws_ ec2 create-vpc --cidr-block "$cidr" --query Vpc.VpcId)
subnet_a=$(aws_ ec2 create-subnet --vpc-id "$vpc" --cidr-block "$prefix.1.0/24" --availability-zone us-east-1a \
  --query Subnet.SubnetId)
subnet_b=$(aws_ ec2 create-subnet --vpc-id "$vpc" --cidr-block "$prefix.2.0/24" --availability-zone us-east-1b \
  --query Subnet.SubnetId)
igw=$(aws_ ec2 create-internet-gateway --query InternetGateway.InternetGatewayId)
aws_ ec2 attach-internet-gateway --internet-gateway-id "$igw" --vpc-id "$vpc"
rtb=$(aws_ ec2 create-route-table --vpc-id "$vpc" --query RouteTable.RouteTableId)
aws_ ec2 create-route --route-table-id "$rtb" --destination-cidr-block 0.0.0.0/0 --gateway-id "$igw" >/dev/null
for s in "$subnet_a" "$subnet_b"; do
  aws_ ec2 associate-route-table --route-table-id "$rtb" --subnet-id "$s" >/dev/null
  aws_ ec2 modify-subnet-attribute --subnet-id "$s" --map-public-ip-on-launch
done
aws_ ec2 describe-subnets --filters "Name=vpc-id,Values=$vpc" --query 'Subnets[].[SubnetId,AvailabilityZone,CidrBlock]'
look "each subnet lives in one zone; the route 0.0.0.0/0 -> $igw makes them public"
concept "high availability starts with the network: two zones, so one zone can fail"

step "A security group that opens port 80"
sg=$(aws_ ec2 create-security-group --group-name classroom-web --description "HTTP from anywhere" --vpc-id "$vpc" \
  --query GroupId)
aws_ ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port 80 --cidr 0.0.0.0/0 >/dev/null
aws_ ec2 describe-security-groups --group-ids "$sg" --query 'SecurityGroups[0].IpPermissions[].[IpProtocol,FromPort,IpRanges[0].CidrIp]'
look "the inbound rule tcp 80 from 0.0.0.0/0"
concept "security groups are stateful firewalls attached to instances and load balancers"

step "An ECS cluster"
aws_ ecs create-cluster --cluster-name classroom --query 'cluster.[clusterName,status,registeredContainerInstancesCount]'
look "registeredContainerInstancesCount is 0: a cluster is only a name until capacity joins it"
concept "the cluster groups the capacity (EC2 instances) where tasks are placed"

step "A launch template whose user data names the cluster, and an Auto Scaling group of 2 instances"
ami=$(aws_ ssm get-parameter --name /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id \
  --query Parameter.Value)
user_data=$(printf '#!/bin/bash\necho ECS_CLUSTER=classroom >> /etc/ecs/ecs.config\n' | base64 | tr -d '\n')
aws_ ec2 create-launch-template --launch-template-name classroom-ecs --query LaunchTemplate.LaunchTemplateId \
  --launch-template-data "{\"ImageId\":\"$ami\",\"InstanceType\":\"t3.small\",\"SecurityGroupIds\":[\"$sg\"],\"UserData\":\"$user_data\"}"
aws_ autoscaling create-auto-scaling-group --auto-scaling-group-name classroom-asg \
  --launch-template LaunchTemplateName=classroom-ecs,Version='$Latest' \
  --min-size 2 --max-size 3 --desired-capacity 2 --vpc-zone-identifier "$subnet_a,$subnet_b"
wait_until "two container instances" 120 is 2 active_instances
aws_ ecs describe-container-instances --cluster classroom --container-instances \
  $(aws_ ecs list-container-instances --cluster classroom --query 'containerInstanceArns') \
  --query 'containerInstances[].[ec2InstanceId,status,attributes[?name==`ecs.availability-zone`].value|[0]]'
look "two instances, one per zone, ACTIVE in the cluster: the ECS agent read ECS_CLUSTER from the user data"
concept "the Auto Scaling group keeps the desired capacity; the agent registers each instance with the cluster"

step "A task definition: one web container with a dynamic host port"
page() { echo "mkdir -p /www && echo \"revision $1 from \$(hostname)\" > /www/index.html && exec httpd -f -p 80 -h /www"; }
register() {
  aws_ ecs register-task-definition --family web --network-mode bridge --requires-compatibilities EC2 \
    --query 'taskDefinition.[family,revision]' --container-definitions "[{
      \"name\": \"web\", \"image\": \"${IMAGE:-busybox:local}\", \"memory\": 64, \"essential\": true,
      \"command\": [\"sh\", \"-c\", \"$(page "$1" | sed 's/"/\\"/g')\"],
      \"portMappings\": [{\"containerPort\": 80, \"hostPort\": 0}]}]"
}
register 1
look "hostPort 0: each task gets a free port on its instance, so two tasks fit on one instance"
concept "the task definition is the blueprint (image, memory, ports); each revision is immutable"

step "An Application Load Balancer, a target group and a listener on port 80"
lb=$(aws_ elbv2 create-load-balancer --name classroom-alb --subnets "$subnet_a" "$subnet_b" --security-groups "$sg" \
  --query 'LoadBalancers[0].LoadBalancerArn')
dns=$(aws_ elbv2 describe-load-balancers --load-balancer-arns "$lb" --query 'LoadBalancers[0].DNSName')
tg=$(aws_ elbv2 create-target-group --name classroom-web --protocol HTTP --port 80 --vpc-id "$vpc" \
  --target-type instance --health-check-path / --health-check-interval-seconds 5 --health-check-timeout-seconds 2 \
  --healthy-threshold-count 2 --query 'TargetGroups[0].TargetGroupArn')
aws_ elbv2 create-listener --load-balancer-arn "$lb" --protocol HTTP --port 80 \
  --default-actions "Type=forward,TargetGroupArn=$tg" --query 'Listeners[0].[Protocol,Port]'
url="http://$dns:$((80 + offset))/"
curl_lb() { curl -fsS ${LB_ADDRESS:+--connect-to "::$LB_ADDRESS:"} "$url"; }
look "the DNS name $dns: clients never talk to tasks directly"
concept "the load balancer spreads requests over healthy targets and checks their health"

step "A service of 2 tasks behind the load balancer, spread across zones"
aws_ ecs create-service --cluster classroom --service-name web --task-definition web:1 --desired-count 2 \
  --launch-type EC2 --health-check-grace-period-seconds 10 \
  --placement-strategy type=spread,field=attribute:ecs.availability-zone \
  --deployment-configuration minimumHealthyPercent=50,maximumPercent=200 \
  --load-balancers "targetGroupArn=$tg,containerName=web,containerPort=80" --query 'service.[serviceName,desiredCount]'
wait_until "the service to be stable" 180 stable
tasks
wait_until "two healthy targets" 60 is 2 healthy_targets
aws_ elbv2 describe-target-health --target-group-arn "$tg" \
  --query 'TargetHealthDescriptions[].[Target.Id,Target.Port,TargetHealth.State]'
look "two targets: each task's instance and dynamic port, both healthy"
concept "desired count: the service scheduler keeps 2 tasks running and registers them with the target group"

step "Traffic through the load balancer"
for _ in 1 2 3 4; do curl_lb; done
look "the answers alternate between the two tasks (their host names differ)"
concept "load balancing: one address, several tasks"

step "Kill a container: the service replaces it"
if [ "${SKIP_KILL:-0}" != 1 ]; then
  victim=$(aws_ ecs list-tasks --cluster classroom --service-name web --query 'taskArns[0]')
  container=$(aws_ ecs describe-tasks --cluster classroom --tasks "$victim" --query 'tasks[0].containers[0].runtimeId')
  docker kill "$container" >/dev/null
  echo "killed container ${container:0:12} of task ${victim##*/}"
  task_status() { aws_ ecs describe-tasks --cluster classroom --tasks "$1" --query 'tasks[0].lastStatus'; }
  wait_until "the killed task to stop" 60 is STOPPED task_status "$victim"
  aws_ ecs describe-tasks --cluster classroom --tasks "$victim" --query 'tasks[0].[lastStatus,stoppedReason]'
  wait_until "a replacement task" 120 stable
  events
  look "the stopped task's reason, and the service event 'has started 1 tasks'"
  concept "desired state: ECS compares running tasks with the desired count and starts what is missing"
fi

step "Terminate an instance: the Auto Scaling group and the service recover"
tasks
instance=$(aws_ autoscaling describe-auto-scaling-groups --auto-scaling-group-names classroom-asg \
  --query 'AutoScalingGroups[0].Instances[0].InstanceId')
echo "terminating $instance"
aws_ ec2 terminate-instances --instance-ids "$instance" --query 'TerminatingInstances[0].CurrentState.Name'
others_in_service() { aws_ autoscaling describe-auto-scaling-groups --auto-scaling-group-names classroom-asg \
  --query "AutoScalingGroups[0].Instances[?InstanceId!='$1' && LifecycleState=='InService'] | length(@)"; }
wait_until "the group to replace $instance" 120 is 2 others_in_service "$instance"
wait_until "two container instances again" 120 is 2 active_instances
wait_until "the service to be stable again" 180 stable
aws_ autoscaling describe-scaling-activities --auto-scaling-group-name classroom-asg \
  --query 'Activities[:2].[Description]'
tasks
events
look "the task that ran on $instance was started again on the other instance, and the group launched a new instance"
concept "high availability: losing an instance (or a zone) costs capacity for a while, not the service"

step "Deploy revision 2: a rolling update"
register 2
aws_ ecs update-service --cluster classroom --service web --task-definition web:2 --query 'service.taskDefinition'
for _ in 1 2 3; do
  aws_ ecs describe-services --cluster classroom --services web \
    --query 'services[0].deployments[].[status,taskDefinition,runningCount,rolloutState]'
  echo "--"
  sleep 1
done
wait_until "the rolling update to finish" 240 stable
revision2() { curl_lb | grep -q 'revision 2'; }
wait_until "revision 2 behind the load balancer" 60 revision2
for _ in 1 2; do curl_lb; done
look "two deployments (PRIMARY with web:2, ACTIVE with web:1) while tasks are replaced, then only PRIMARY"
concept "rolling update: minimumHealthyPercent/maximumPercent bound how many tasks are replaced at once"

if [ "${CLEANUP:-1}" = 1 ]; then
  step "Clean up"
  aws_ ecs delete-service --cluster classroom --service web --force --query 'service.status'
  aws_ autoscaling delete-auto-scaling-group --auto-scaling-group-name classroom-asg --force-delete
  aws_ elbv2 delete-load-balancer --load-balancer-arn "$lb"
  wait_until "the tasks to stop" 120 is 0 running_tasks
  aws_ elbv2 delete-target-group --target-group-arn "$tg"
  aws_ ec2 delete-launch-template --launch-template-name classroom-ecs --query LaunchTemplate.LaunchTemplateName
  look "nothing left running: tasks, instances and the load balancer are gone"
  concept "deleting the service first lets ECS stop its tasks; the group then terminates its instances"
fi
echo "walkthrough complete"
