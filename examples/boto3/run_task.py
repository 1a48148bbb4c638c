#!/usr/bin/env python3
"""A task as a real container, with boto3 and its waiters: an EC2 instance joins a cluster from its user data, a
web server task runs on it, its page is fetched through the host port ECS reports, and it is stopped. Start the
emulator first (scripts/run or docker compose up -d), then:
   python3 examples/boto3/run_task.py [ENDPOINT]        (default http://127.0.0.1:4566)"""
import sys
import time
import urllib.request

import boto3

endpoint = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:4566"
image = sys.argv[2] if len(sys.argv) > 2 else "busybox:local"
session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
ecs, ec2, ssm = (session.client(s, endpoint_url=endpoint) for s in ("ecs", "ec2", "ssm"))

ecs.create_cluster(clusterName="boto3-demo")
ami = ssm.get_parameter(Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id")
instance = ec2.run_instances(ImageId=ami["Parameter"]["Value"], InstanceType="t3.small", MinCount=1, MaxCount=1,
                             UserData="#!/bin/bash\necho ECS_CLUSTER=boto3-demo >> /etc/ecs/ecs.config"
                             )["Instances"][0]["InstanceId"]
ec2.get_waiter("instance_running").wait(InstanceIds=[instance], WaiterConfig={"Delay": 1})
deadline = time.monotonic() + 30
while not ecs.list_container_instances(cluster="boto3-demo")["containerInstanceArns"]:
    if time.monotonic() > deadline:
        sys.exit("the instance did not join the cluster")
    time.sleep(0.5)
print("instance joined:", instance)

ecs.register_task_definition(family="boto3-web", containerDefinitions=[{
    "name": "web", "image": image, "memory": 64, "essential": True,
    "command": ["sh", "-c", "mkdir -p /www && echo hello from boto3 > /www/index.html && exec httpd -f -p 80 -h /www"],
    "portMappings": [{"containerPort": 80, "hostPort": 0}]}])
task = ecs.run_task(cluster="boto3-demo", taskDefinition="boto3-web", launchType="EC2")["tasks"][0]["taskArn"]
ecs.get_waiter("tasks_running").wait(cluster="boto3-demo", tasks=[task], WaiterConfig={"Delay": 1})
port = ecs.describe_tasks(cluster="boto3-demo", tasks=[task])["tasks"][0]["containers"][0]["networkBindings"][0][
    "hostPort"]
with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as res:
    print(f"GET http://127.0.0.1:{port}/ ->", res.read().decode().strip())

ecs.stop_task(cluster="boto3-demo", task=task, reason="demo done")
ecs.get_waiter("tasks_stopped").wait(cluster="boto3-demo", tasks=[task], WaiterConfig={"Delay": 1})
stopped = ecs.describe_tasks(cluster="boto3-demo", tasks=[task])["tasks"][0]
print("task:", stopped["lastStatus"], stopped["stopCode"], stopped["stoppedReason"])
ec2.terminate_instances(InstanceIds=[instance])
