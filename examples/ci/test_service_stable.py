"""Tests a CI job runs against ecsemu: a cluster with an EC2 instance that joins it, a service of two tasks, and
boto3's ServicesStable waiter, as against AWS. The endpoint comes from AWS_ENDPOINT_URL (boto3 reads it), so the
same file runs against AWS when that variable is unset.
   AWS_ENDPOINT_URL=http://127.0.0.1:4566 python3 -m unittest -v test_service_stable"""
import os
import unittest
import urllib.request

import boto3

IMAGE = os.environ.get("TEST_IMAGE", "busybox:local")  # any image the engine has or can pull
DELAY = int(os.environ.get("WAITER_DELAY", "15"))       # the waiter's default is 15 s between polls


class ServiceStable(unittest.TestCase):
    def setUp(self):
        self.ecs = boto3.client("ecs")
        self.ec2 = boto3.client("ec2")
        self.ssm = boto3.client("ssm")
        self.cluster = f"ci-{os.getpid()}"
        self.ecs.create_cluster(clusterName=self.cluster)
        ami = self.ssm.get_parameter(Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id")
        self.instance = self.ec2.run_instances(
            ImageId=ami["Parameter"]["Value"], InstanceType="t3.medium", MinCount=1, MaxCount=1,
            UserData=f"#!/bin/bash\necho ECS_CLUSTER={self.cluster} >> /etc/ecs/ecs.config")["Instances"][0]["InstanceId"]
        self.ec2.get_waiter("instance_running").wait(InstanceIds=[self.instance], WaiterConfig={"Delay": 1})

    def tearDown(self):
        for service in self.ecs.list_services(cluster=self.cluster)["serviceArns"]:
            self.ecs.delete_service(cluster=self.cluster, service=service, force=True)
        self.ec2.terminate_instances(InstanceIds=[self.instance])

    def test_a_service_of_two_tasks_becomes_stable_and_answers(self):
        self.ecs.register_task_definition(family="ci-web", containerDefinitions=[{
            "name": "web", "image": IMAGE, "memory": 64, "essential": True,
            "command": ["sh", "-c", "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 80 -h /www"],
            "portMappings": [{"containerPort": 80, "hostPort": 0}]}])
        self.ecs.create_service(cluster=self.cluster, serviceName="web", taskDefinition="ci-web", desiredCount=2,
                                launchType="EC2")
        self.ecs.get_waiter("services_stable").wait(cluster=self.cluster, services=["web"],
                                                    WaiterConfig={"Delay": DELAY, "MaxAttempts": 40})
        service = self.ecs.describe_services(cluster=self.cluster, services=["web"])["services"][0]
        self.assertEqual(service["runningCount"], 2)
        self.assertEqual(len(service["deployments"]), 1)
        tasks = self.ecs.describe_tasks(cluster=self.cluster, tasks=self.ecs.list_tasks(
            cluster=self.cluster, serviceName="web")["taskArns"])["tasks"]
        for task in tasks:
            port = task["containers"][0]["networkBindings"][0]["hostPort"]
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as res:
                self.assertEqual(res.read(), b"ok\n")


if __name__ == "__main__":
    unittest.main()
