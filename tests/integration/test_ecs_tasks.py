"""ECS tasks (RunTask, StartTask, StopTask, DescribeTasks, ListTasks, task protection) on the simulated
runtime, through boto3, its waiters and the AWS CLI v1 and v2."""
import json
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, default_network, require_cli_v2

WAIT = {"Delay": 1, "MaxAttempts": 20}


def identity(instance_id, instance_type="t3.medium", az="us-east-1a"):
    return json.dumps({"instanceId": instance_id, "instanceType": instance_type, "availabilityZone": az,
                       "imageId": "ami-0abc", "region": "us-east-1", "architecture": "x86_64",
                       "accountId": ACCOUNT})


def resources(cpu=2048, memory=3904):
    return [{"name": "CPU", "type": "INTEGER", "integerValue": cpu},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": memory},
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22"]},
            {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []}]


class Tasks(ServerTestCase):
    SERVER_ARGS = ("--runtime", "simulated")

    def setUp(self):
        super().setUp()
        self.network = default_network(self.server)
        self.subnet = self.network["awsvpcConfiguration"]["subnets"][0]
        self.ecs.create_cluster(clusterName="default", capacityProviders=["FARGATE", "FARGATE_SPOT"])
        self.ecs.register_task_definition(
            family="job", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
            containerDefinitions=[{"name": "main", "image": "busybox", "command": ["sleep", "3600"],
                                   "essential": True}],
            tags=[{"key": "owner", "value": "defn"}])
        self.ecs.register_task_definition(
            family="web", networkMode="bridge",
            containerDefinitions=[{"name": "app", "image": "nginx", "cpu": 512, "memory": 1024,
                                   "portMappings": [{"containerPort": 80, "hostPort": 8080}]}])

    def run_fargate(self, **kwargs):
        args = dict(taskDefinition="job", launchType="FARGATE", networkConfiguration=self.network)
        args.update(kwargs)
        return self.ecs.run_task(**args)

    def register_instance(self, instance_id, az="us-east-1a", instance_type="t3.medium", cpu=2048, memory=3904):
        return self.ecs.register_container_instance(
            cluster="default", instanceIdentityDocument=identity(instance_id, instance_type, az),
            instanceIdentityDocumentSignature="sig", totalResources=resources(cpu, memory))["containerInstance"]

    # --- lifecycle ---------------------------------------------------------------------------------------
    def test_run_wait_running_stop_wait_stopped(self):
        out = self.run_fargate(count=2, startedBy="tester", tags=[{"key": "k", "value": "v"}])
        self.assertEqual(out["failures"], [])
        arns = [t["taskArn"] for t in out["tasks"]]
        for task in out["tasks"]:
            self.assertRegex(task["taskArn"], rf"^arn:aws:ecs:us-east-1:{ACCOUNT}:task/default/[0-9a-f]{{32}}$")
            self.assertEqual(task["lastStatus"], "PROVISIONING")
            self.assertEqual(task["desiredStatus"], "RUNNING")
        self.ecs.get_waiter("tasks_running").wait(cluster="default", tasks=arns, WaiterConfig=WAIT)
        task = self.ecs.describe_tasks(tasks=arns, include=["TAGS"])["tasks"][0]
        self.assertEqual(task["lastStatus"], "RUNNING")
        self.assertEqual(task["connectivity"], "CONNECTED")
        self.assertEqual(task["launchType"], "FARGATE")
        self.assertEqual(task["platformVersion"], "1.4.0")
        self.assertEqual(task["platformFamily"], "Linux")
        self.assertEqual(task["cpu"], "256")
        self.assertEqual(task["memory"], "512")
        self.assertEqual(task["healthStatus"], "UNKNOWN")
        self.assertEqual(task["group"], "family:job")
        self.assertEqual(task["startedBy"], "tester")
        self.assertEqual(task["tags"], [{"key": "k", "value": "v"}])
        self.assertEqual(task["ephemeralStorage"], {"sizeInGiB": 20})
        for stamp in ("createdAt", "pullStartedAt", "pullStoppedAt", "startedAt", "connectivityAt"):
            self.assertIn(stamp, task)
        eni = task["attachments"][0]
        self.assertEqual(eni["type"], "ElasticNetworkInterface")
        self.assertEqual(eni["status"], "ATTACHED")
        details = {d["name"]: d["value"] for d in eni["details"]}
        self.assertIn(details["subnetId"], self.network["awsvpcConfiguration"]["subnets"])
        self.assertTrue(details["networkInterfaceId"].startswith("eni-"))
        self.assertIn("macAddress", details)
        self.assertIn("privateIPv4Address", details)
        container = task["containers"][0]
        self.assertEqual(container["lastStatus"], "RUNNING")
        self.assertEqual(len(container["runtimeId"]), 64)

        stopped = self.ecs.stop_task(task=arns[0], reason="maintenance")["task"]
        self.assertEqual(stopped["desiredStatus"], "STOPPED")
        self.ecs.get_waiter("tasks_stopped").wait(tasks=[arns[0]], WaiterConfig=WAIT)
        task = self.ecs.describe_tasks(tasks=[arns[0]])["tasks"][0]
        self.assertEqual(task["lastStatus"], "STOPPED")
        self.assertEqual(task["stopCode"], "UserInitiated")
        self.assertEqual(task["stoppedReason"], "maintenance")
        self.assertEqual(task["containers"][0]["exitCode"], 0)
        self.assertEqual(task["attachments"][0]["status"], "DETACHED")
        for stamp in ("stoppingAt", "executionStoppedAt", "stoppedAt"):
            self.assertIn(stamp, task)
        self.assertEqual(self.ecs.list_tasks()["taskArns"], [arns[1]])
        self.assertEqual(self.ecs.list_tasks(desiredStatus="STOPPED")["taskArns"], [arns[0]])
        cluster = self.ecs.describe_clusters(clusters=["default"])["clusters"][0]
        self.assertEqual(cluster["runningTasksCount"], 1)

    def test_essential_container_exit_stops_the_task(self):
        out = self.run_fargate(overrides={"containerOverrides": [{"name": "main", "command": ["sh", "-c", "exit 3"]}]})
        arn = out["tasks"][0]["taskArn"]
        with self.assertRaises(botocore.exceptions.WaiterError):
            self.ecs.get_waiter("tasks_running").wait(tasks=[arn], WaiterConfig=WAIT)
        self.ecs.get_waiter("tasks_stopped").wait(tasks=[arn], WaiterConfig=WAIT)
        task = self.ecs.describe_tasks(tasks=[arn])["tasks"][0]
        self.assertEqual(task["stopCode"], "EssentialContainerExited")
        self.assertEqual(task["stoppedReason"], "Essential container in task exited")
        self.assertEqual(task["containers"][0]["exitCode"], 3)
        self.assertEqual(task["overrides"]["containerOverrides"][0]["command"], ["sh", "-c", "exit 3"])

    def test_waiters_fail_on_missing_tasks(self):
        missing = f"arn:aws:ecs:us-east-1:{ACCOUNT}:task/default/" + "0" * 32
        out = self.ecs.describe_tasks(tasks=[missing, "1" * 32])
        self.assertEqual(out["tasks"], [])
        self.assertEqual([f["reason"] for f in out["failures"]], ["MISSING", "MISSING"])
        self.assertEqual(out["failures"][0]["arn"], missing)
        for waiter in ("tasks_running", "tasks_stopped"):
            with self.assertRaises(botocore.exceptions.WaiterError, msg=waiter):
                self.ecs.get_waiter(waiter).wait(tasks=[missing], WaiterConfig=WAIT)

    def test_reset_stops_and_forgets_tasks(self):
        arn = self.run_fargate()["tasks"][0]["taskArn"]
        self.ecs.get_waiter("tasks_running").wait(tasks=[arn], WaiterConfig=WAIT)
        self.server.raw("POST", "/_ecsemu/reset")
        self.ecs.create_cluster(clusterName="default")
        self.assertEqual(self.ecs.list_tasks()["taskArns"], [])
        self.assertEqual(self.ecs.describe_tasks(tasks=[arn])["failures"][0]["reason"], "MISSING")

    # --- RunTask parameters ------------------------------------------------------------------------------
    def test_overrides_tags_and_capacity_providers_are_echoed(self):
        task = self.run_fargate(
            overrides={"containerOverrides": [{"name": "main", "environment": [{"name": "A", "value": "1"}],
                                               "memory": 256}],
                       "cpu": "512", "memory": "1024", "taskRoleArn": f"arn:aws:iam::{ACCOUNT}:role/task",
                       "executionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/exec"},
            propagateTags="TASK_DEFINITION", tags=[{"key": "k", "value": "v"}], enableExecuteCommand=True,
            group="batch", clientToken="abc")["tasks"][0]
        self.assertEqual(task["cpu"], "512")
        self.assertEqual(task["memory"], "1024")
        self.assertEqual(task["overrides"]["taskRoleArn"], f"arn:aws:iam::{ACCOUNT}:role/task")
        self.assertEqual(task["overrides"]["containerOverrides"][0]["environment"], [{"name": "A", "value": "1"}])
        self.assertEqual(task["containers"][0]["memory"], "256")
        self.assertEqual(task["group"], "batch")
        self.assertTrue(task["enableExecuteCommand"])
        self.assertEqual(sorted(t["key"] for t in task["tags"]), ["k", "owner"])
        again = self.run_fargate(clientToken="abc")["tasks"]
        self.assertEqual([t["taskArn"] for t in again], [task["taskArn"]])
        tags = self.ecs.list_tags_for_resource(resourceArn=task["taskArn"])["tags"]
        self.assertEqual(sorted(t["key"] for t in tags), ["k", "owner"])

        spot = self.ecs.run_task(taskDefinition="job", networkConfiguration=self.network,
                                 capacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}])
        self.assertEqual(spot["tasks"][0]["launchType"], "FARGATE")
        self.assertEqual(spot["tasks"][0]["capacityProviderName"], "FARGATE_SPOT")

    def test_awsvpc_task_gets_an_eni_in_the_ec2_model(self):
        ec2 = self.server.client("ec2")
        subnet = ec2.describe_subnets(SubnetIds=[self.subnet])["Subnets"][0]
        free_before = subnet["AvailableIpAddressCount"]
        net = {"awsvpcConfiguration": {"subnets": [self.subnet],
                                       "securityGroups": self.network["awsvpcConfiguration"]["securityGroups"]}}
        arn = self.run_fargate(networkConfiguration=net)["tasks"][0]["taskArn"]
        self.ecs.get_waiter("tasks_running").wait(tasks=[arn], WaiterConfig=WAIT)
        task = self.ecs.describe_tasks(tasks=[arn])["tasks"][0]
        details = {d["name"]: d["value"] for d in task["attachments"][0]["details"]}
        eni_id = details["networkInterfaceId"]
        eni = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]
        self.assertEqual(eni["SubnetId"], self.subnet)
        self.assertEqual(details["subnetId"], self.subnet)
        self.assertEqual(eni["PrivateIpAddress"], details["privateIPv4Address"])
        self.assertEqual(eni["MacAddress"], details["macAddress"])
        self.assertEqual(eni["PrivateDnsName"], details["privateDnsName"])
        self.assertEqual(eni["AvailabilityZone"], subnet["AvailabilityZone"])
        self.assertEqual(task["availabilityZone"], subnet["AvailabilityZone"])
        self.assertEqual(eni["Status"], "in-use")
        self.assertTrue(eni["RequesterManaged"])
        self.assertEqual(eni["Description"],
                         f"arn:aws:ecs:us-east-1:{ACCOUNT}:attachment/{task['attachments'][0]['id']}")
        self.assertEqual([g["GroupId"] for g in eni["Groups"]], net["awsvpcConfiguration"]["securityGroups"])
        self.assertEqual(ec2.describe_subnets(SubnetIds=[self.subnet])["Subnets"][0]["AvailableIpAddressCount"],
                         free_before - 1)

        self.ecs.stop_task(task=arn)
        self.ecs.get_waiter("tasks_stopped").wait(tasks=[arn], WaiterConfig=WAIT)
        task = self.ecs.describe_tasks(tasks=[arn])["tasks"][0]
        self.assertEqual(task["attachments"][0]["status"], "DETACHED")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])
        self.assertEqual(code(ctx.exception), "InvalidNetworkInterfaceID.NotFound")
        self.assertEqual(ec2.describe_subnets(SubnetIds=[self.subnet])["Subnets"][0]["AvailableIpAddressCount"],
                         free_before)

    def test_awsvpc_task_needs_existing_subnets_and_groups(self):
        err = self.assert_error("InvalidParameterException", self.run_fargate,
                                networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"]}})
        self.assertIn("Error retrieving subnet information for [subnet-0123456789abcdef0]", str(err))
        self.assertIn("InvalidSubnetID.NotFound", str(err))
        err = self.assert_error("InvalidParameterException", self.run_fargate,
                                networkConfiguration={"awsvpcConfiguration": {"subnets": [self.subnet],
                                                                              "securityGroups": ["sg-0badbadbad"]}})
        self.assertIn("InvalidGroup.NotFound", str(err))
        self.assertEqual(self.ecs.list_tasks()["taskArns"], [])
        ec2 = self.server.client("ec2")
        self.assertEqual(ec2.describe_network_interfaces(
            Filters=[{"Name": "subnet-id", "Values": [self.subnet]}])["NetworkInterfaces"], [])
        # Without a group the ENI gets the VPC's default group.
        arn = self.run_fargate(networkConfiguration={"awsvpcConfiguration": {"subnets": [self.subnet]}})[
            "tasks"][0]["taskArn"]
        task = self.ecs.describe_tasks(tasks=[arn])["tasks"][0]
        eni_id = {d["name"]: d["value"] for d in task["attachments"][0]["details"]}["networkInterfaceId"]
        eni = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]
        self.assertEqual([g["GroupId"] for g in eni["Groups"]], self.network["awsvpcConfiguration"]["securityGroups"])

    def test_run_task_errors(self):
        self.assert_error("ClusterNotFoundException", self.run_fargate, cluster="nope")
        self.assert_error("ClientException", self.run_fargate, taskDefinition="unknown")
        self.assert_error("ClientException", self.run_fargate, taskDefinition="job:9")
        err = self.assert_error("InvalidParameterException", self.run_fargate, taskDefinition="job:latest")
        self.assertIn("Invalid revision number. Number: latest", str(err))
        self.assert_error("InvalidParameterException", self.ecs.run_task, taskDefinition="job", launchType="FARGATE")
        self.assert_error("InvalidParameterException", self.run_fargate,
                          networkConfiguration={"awsvpcConfiguration": {"subnets": []}})
        self.assert_error("InvalidParameterException", self.run_fargate,
                          networkConfiguration={"awsvpcConfiguration": {"subnets": [f"s-{i}" for i in range(17)]}})
        self.assert_error("InvalidParameterException", self.run_fargate,
                          networkConfiguration={"awsvpcConfiguration": {"subnets": ["s"],
                                                                        "securityGroups": list("123456")}})
        self.assert_error("InvalidParameterException", self.run_fargate, count=11)
        self.assert_error("PlatformUnknownException", self.run_fargate, platformVersion="0.0.1")
        self.assert_error("InvalidParameterException", self.run_fargate,
                          capacityProviderStrategy=[{"capacityProvider": "FARGATE"}])
        self.assert_error("InvalidParameterException", self.run_fargate,
                          overrides={"containerOverrides": [{"name": "ghost"}]})
        self.assert_error("InvalidParameterException", self.ecs.run_task, taskDefinition="web", launchType="FARGATE")
        self.assert_error("InvalidParameterException", self.ecs.run_task, taskDefinition="web",
                          networkConfiguration=self.network)
        err = self.assert_error("InvalidParameterException", self.ecs.run_task, taskDefinition="web")
        self.assertIn("No Container Instances were found in your cluster.", str(err))
        self.ecs.deregister_task_definition(taskDefinition="job:1")
        self.assert_error("ClientException", self.run_fargate, taskDefinition="job:1")
        self.assertEqual(self.ecs.list_tasks()["taskArns"], [])

    # --- EC2 placement -----------------------------------------------------------------------------------
    def test_ec2_tasks_are_placed_by_resources_and_ports(self):
        a = self.register_instance("i-000a", cpu=1024, memory=4096)["containerInstanceArn"]
        out = self.ecs.run_task(taskDefinition="web", count=3)
        self.assertEqual(len(out["tasks"]), 1)  # host port 8080 is taken after the first
        self.assertEqual(out["tasks"][0]["containerInstanceArn"], a)
        self.assertEqual(out["tasks"][0]["launchType"], "EC2")
        self.assertEqual(out["tasks"][0]["containers"][0]["networkBindings"][0]["hostPort"], 8080)
        self.assertEqual(out["failures"], [{"arn": a, "reason": "RESOURCE:PORTS"}])
        self.ecs.register_task_definition(family="big", containerDefinitions=[{"name": "x", "image": "x",
                                                                               "memory": 8192}])
        self.assertEqual(self.ecs.run_task(taskDefinition="big")["failures"], [{"arn": a, "reason": "RESOURCE:MEMORY"}])
        self.ecs.register_task_definition(family="cpu", containerDefinitions=[{"name": "x", "image": "x",
                                                                               "memory": 16, "cpu": 4096}])
        self.assertEqual(self.ecs.run_task(taskDefinition="cpu")["failures"], [{"arn": a, "reason": "RESOURCE:CPU"}])
        listed = self.ecs.list_tasks(containerInstance=a)["taskArns"]
        self.assertEqual(listed, [out["tasks"][0]["taskArn"]])
        self.ecs.get_waiter("tasks_running").wait(tasks=listed, WaiterConfig=WAIT)

    def test_ec2_placement_constraints_and_strategies(self):
        a = self.register_instance("i-000a", az="us-east-1a", instance_type="t3.medium")["containerInstanceArn"]
        b = self.register_instance("i-000b", az="us-east-1b", instance_type="m5.large")["containerInstanceArn"]
        self.ecs.register_task_definition(family="small", containerDefinitions=[{"name": "x", "image": "x",
                                                                                 "memory": 64}])
        out = self.ecs.run_task(taskDefinition="small", count=4,
                                placementConstraints=[{"type": "memberOf",
                                                       "expression": "attribute:ecs.instance-type == m5.large"}])
        self.assertEqual({t["containerInstanceArn"] for t in out["tasks"]}, {b})
        self.assertEqual(out["tasks"][0]["availabilityZone"], "us-east-1b")
        out = self.ecs.run_task(taskDefinition="small", count=2, group="spread",
                                placementStrategy=[{"type": "spread", "field": "attribute:ecs.availability-zone"}])
        self.assertEqual({t["containerInstanceArn"] for t in out["tasks"]}, {a, b})
        out = self.ecs.run_task(taskDefinition="small", count=3, group="distinct",
                                placementConstraints=[{"type": "distinctInstance"}])
        self.assertEqual(len(out["tasks"]), 2)
        self.assertEqual(len(out["failures"]), 2)
        out = self.ecs.run_task(taskDefinition="small", count=2,
                                placementStrategy=[{"type": "binpack", "field": "memory"}])
        self.assertEqual(len({t["containerInstanceArn"] for t in out["tasks"]}), 1)
        self.assert_error("InvalidParameterException", self.ecs.run_task, taskDefinition="small",
                          placementStrategy=[{"type": "binpack", "field": "disk"}])
        self.assert_error("InvalidParameterException", self.ecs.run_task, taskDefinition="small",
                          placementConstraints=[{"type": "memberOf", "expression": "attribute:x =="}])

    def test_start_task_on_named_instances(self):
        a = self.register_instance("i-000a")["containerInstanceArn"]
        out = self.ecs.start_task(taskDefinition="web", containerInstances=[a, "f" * 32], startedBy="me")
        self.assertEqual(len(out["tasks"]), 1)
        self.assertEqual(out["tasks"][0]["containerInstanceArn"], a)
        self.assertEqual(out["failures"][0]["reason"], "MISSING")
        self.assert_error("ClusterNotFoundException", self.ecs.start_task, cluster="nope", taskDefinition="web",
                          containerInstances=[a])

    # --- listing, stopping, protection ---------------------------------------------------------------------
    def test_list_tasks_filters_and_pages(self):
        arns = [t["taskArn"] for t in self.run_fargate(count=5, startedBy="batch")["tasks"]]
        self.run_fargate(startedBy="other")
        self.assertEqual(sorted(self.ecs.list_tasks(startedBy="batch")["taskArns"]), sorted(arns))
        self.assertEqual(len(self.ecs.list_tasks(family="job")["taskArns"]), 6)
        self.assertEqual(self.ecs.list_tasks(family="web")["taskArns"], [])
        self.assertEqual(len(self.ecs.list_tasks(launchType="FARGATE")["taskArns"]), 6)
        self.assertEqual(self.ecs.list_tasks(desiredStatus="PENDING")["taskArns"], [])
        pages = list(self.ecs.get_paginator("list_tasks").paginate(PaginationConfig={"PageSize": 2}))
        self.assertEqual(len(pages), 3)
        self.assertEqual(len({a for p in pages for a in p["taskArns"]}), 6)
        self.assert_error("ServiceNotFoundException", self.ecs.list_tasks, serviceName="nope")
        self.assert_error("InvalidParameterException", self.ecs.list_tasks, nextToken="bogus")
        self.assert_error("ClusterNotFoundException", self.ecs.list_tasks, cluster="nope")

    def test_stop_task_errors(self):
        self.assert_error("InvalidParameterException", self.ecs.stop_task, task="0" * 32)
        self.assert_error("ClusterNotFoundException", self.ecs.stop_task, cluster="nope", task="0" * 32)

    def test_task_protection_is_for_service_tasks(self):
        arn = self.run_fargate()["tasks"][0]["taskArn"]
        out = self.ecs.update_task_protection(cluster="default", tasks=[arn], protectionEnabled=True)
        self.assertEqual(out["protectedTasks"], [])
        self.assertEqual(out["failures"][0]["reason"], "TASK_NOT_VALID")
        out = self.ecs.get_task_protection(cluster="default", tasks=[arn, "0" * 32])
        self.assertEqual([f["reason"] for f in out["failures"]], ["TASK_NOT_VALID", "MISSING"])
        self.assert_error("InvalidParameterException", self.ecs.update_task_protection, cluster="default",
                          tasks=[arn], protectionEnabled=True, expiresInMinutes=2881)
        self.assert_error("ClusterNotFoundException", self.ecs.get_task_protection, cluster="nope")

    # --- CLIs --------------------------------------------------------------------------------------------
    def test_cli_v1_run_describe_stop(self):
        _, out, _ = self.server.cli(1, "ecs", "run-task", "--task-definition", "job", "--launch-type", "FARGATE",
                                    "--network-configuration",
                                    f"awsvpcConfiguration={{subnets=[{self.subnet}],assignPublicIp=ENABLED}}")
        arn = out["tasks"][0]["taskArn"]
        self.server.cli(1, "ecs", "wait", "tasks-running", "--tasks", arn)
        _, out, _ = self.server.cli(1, "ecs", "describe-tasks", "--tasks", arn)
        self.assertEqual(out["tasks"][0]["lastStatus"], "RUNNING")
        _, out, _ = self.server.cli(1, "ecs", "stop-task", "--task", arn)
        self.assertEqual(out["task"]["desiredStatus"], "STOPPED")
        rc, _, err = self.server.cli(1, "ecs", "stop-task", "--task", "0" * 32, check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("InvalidParameterException", err)

    def test_cli_v2_list_and_wait(self):
        require_cli_v2(self)
        arn = self.run_fargate()["tasks"][0]["taskArn"]
        _, out, _ = self.server.cli(2, "ecs", "list-tasks", "--cluster", "default")
        self.assertEqual(out["taskArns"], [arn])
        self.server.cli(2, "ecs", "stop-task", "--task", arn, "--reason", "cli")
        self.server.cli(2, "ecs", "wait", "tasks-stopped", "--tasks", arn)
        _, out, _ = self.server.cli(2, "ecs", "describe-tasks", "--tasks", arn)
        self.assertEqual(out["tasks"][0]["stoppedReason"], "cli")


if __name__ == "__main__":
    unittest.main()
