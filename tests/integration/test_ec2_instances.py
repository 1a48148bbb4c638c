"""EC2 instances: the state machine, filters, attributes, and instances joining ECS clusters through their user data,
through boto3 and the AWS CLI v1 and v2."""
import base64
import time
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2

WAIT = {"Delay": 1, "MaxAttempts": 30}


def user_data(text):
    return text  # boto3 and the CLI base64-encode UserData themselves


class Ec2InstanceCase(ServerTestCase):
    SERVER_ARGS = ("--runtime", "simulated")

    def setUp(self):
        super().setUp()
        self.ec2 = self.server.client("ec2")

    def ecs_ami(self, name="al2023-ami-ecs-hvm-*", arch="x86_64"):
        images = self.ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": [name]},
                                                                      {"Name": "architecture", "Values": [arch]}])
        return images["Images"][0]["ImageId"]

    def launch(self, count=1, **kwargs):
        args = dict(ImageId="ami-0123456789abcdef0", InstanceType="t3.medium", MinCount=count, MaxCount=count)
        args.update(kwargs)
        return [i["InstanceId"] for i in self.ec2.run_instances(**args)["Instances"]]

    def instance(self, instance_id):
        return self.ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]

    def wait_for(self, predicate, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.2)
        self.fail("condition not reached in time")

    def container_instances(self, cluster):
        arns = self.server.client("ecs").list_container_instances(cluster=cluster)["containerInstanceArns"]
        if not arns:
            return []
        return self.ecs.describe_container_instances(cluster=cluster, containerInstances=arns)["containerInstances"]


class Instances(Ec2InstanceCase):
    def test_run_pending_running_stop_start_terminate(self):
        out = self.ec2.run_instances(ImageId="ami-0123456789abcdef0", InstanceType="t3.small", MinCount=2, MaxCount=2,
                                     TagSpecifications=[{"ResourceType": "instance",
                                                         "Tags": [{"Key": "Name", "Value": "box"}]}])
        self.assertRegex(out["ReservationId"], r"^r-[0-9a-f]{17}$")
        self.assertEqual(out["OwnerId"], ACCOUNT)
        ids = [i["InstanceId"] for i in out["Instances"]]
        first = out["Instances"][0]
        self.assertRegex(first["InstanceId"], r"^i-[0-9a-f]{17}$")
        self.assertEqual(first["State"], {"Code": 0, "Name": "pending"})
        self.assertEqual(first["PrivateIpAddress"], "172.31.0.4")
        self.assertEqual(first["Placement"]["AvailabilityZone"], "us-east-1a")
        self.assertEqual(first["Tags"], [{"Key": "Name", "Value": "box"}])
        self.assertEqual(first["SecurityGroups"][0]["GroupName"], "default")
        self.assertEqual(len(first["NetworkInterfaces"]), 1)
        self.ec2.get_waiter("instance_running").wait(InstanceIds=ids, WaiterConfig=WAIT)
        running = self.instance(ids[0])
        self.assertEqual(running["State"], {"Code": 16, "Name": "running"})
        self.assertTrue(running["PublicIpAddress"])
        status = self.ec2.describe_instance_status(InstanceIds=ids)["InstanceStatuses"]
        self.assertEqual({s["InstanceStatus"]["Status"] for s in status}, {"ok"})
        self.ec2.get_waiter("instance_status_ok").wait(InstanceIds=ids, WaiterConfig=WAIT)
        stopped = self.ec2.stop_instances(InstanceIds=[ids[0]])["StoppingInstances"][0]
        self.assertEqual(stopped["PreviousState"]["Name"], "running")
        self.assertEqual(stopped["CurrentState"]["Name"], "stopping")
        self.ec2.get_waiter("instance_stopped").wait(InstanceIds=[ids[0]], WaiterConfig=WAIT)
        self.assertEqual(self.ec2.describe_instance_status(InstanceIds=[ids[0]])["InstanceStatuses"], [])
        self.assertEqual(self.ec2.describe_instance_status(InstanceIds=[ids[0]], IncludeAllInstances=True)
                         ["InstanceStatuses"][0]["InstanceState"]["Name"], "stopped")
        self.ec2.modify_instance_attribute(InstanceId=ids[0], InstanceType={"Value": "m5.large"})
        self.assertEqual(self.ec2.describe_instance_attribute(InstanceId=ids[0], Attribute="instanceType")
                         ["InstanceType"]["Value"], "m5.large")
        started = self.ec2.start_instances(InstanceIds=[ids[0]])["StartingInstances"][0]
        self.assertEqual(started["CurrentState"]["Name"], "pending")
        self.ec2.get_waiter("instance_running").wait(InstanceIds=[ids[0]], WaiterConfig=WAIT)
        self.ec2.reboot_instances(InstanceIds=[ids[0]])
        self.assertEqual(self.instance(ids[0])["State"]["Name"], "running")
        terminated = self.ec2.terminate_instances(InstanceIds=ids)["TerminatingInstances"]
        self.assertEqual({t["CurrentState"]["Name"] for t in terminated}, {"shutting-down"})
        self.ec2.get_waiter("instance_terminated").wait(InstanceIds=ids, WaiterConfig=WAIT)
        gone = self.instance(ids[0])
        self.assertEqual(gone["State"], {"Code": 48, "Name": "terminated"})
        self.assertNotIn("PrivateIpAddress", gone)
        # The addresses went back to the subnet.
        subnet = self.ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["us-east-1a"]}])
        self.assertEqual(subnet["Subnets"][0]["AvailableIpAddressCount"], 4091)

    def test_state_errors(self):
        [iid] = self.launch()
        self.assert_error("IncorrectInstanceState", self.ec2.modify_instance_attribute, InstanceId=iid,
                          InstanceType={"Value": "m5.large"})
        self.ec2.modify_instance_attribute(InstanceId=iid, DisableApiTermination={"Value": True})
        self.assert_error("OperationNotPermitted", self.ec2.terminate_instances, InstanceIds=[iid])
        self.ec2.modify_instance_attribute(InstanceId=iid, DisableApiTermination={"Value": False})
        self.ec2.terminate_instances(InstanceIds=[iid])
        self.assert_error("IncorrectInstanceState", self.ec2.stop_instances, InstanceIds=[iid])
        self.assert_error("IncorrectInstanceState", self.ec2.start_instances, InstanceIds=[iid])
        self.assert_error("InvalidInstanceID.NotFound", self.ec2.describe_instances,
                          InstanceIds=["i-0123456789abcdef0"])
        self.assert_error("InvalidInstanceID.Malformed", self.ec2.terminate_instances, InstanceIds=["i-xyz"])
        self.assert_error("DryRunOperation", self.ec2.terminate_instances, InstanceIds=[iid], DryRun=True)

    def test_run_errors(self):
        self.assert_error("InvalidAMIID.Malformed", self.launch, ImageId="ami-nothex")
        self.assert_error("InvalidParameterValue", self.launch, ImageId=self.ecs_ami(), InstanceType="t4g.small")
        self.assert_error("InvalidParameterValue", self.launch, InstanceType="t9.huge")
        self.assert_error("InvalidSubnetID.NotFound", self.launch, SubnetId="subnet-00000000000000000")
        self.assert_error("InvalidGroup.NotFound", self.launch, SecurityGroupIds=["sg-00000000000000000"])
        self.assert_error("InvalidKeyPair.NotFound", self.launch, KeyName="nope")
        self.assert_error("InvalidParameterValue", self.launch, MinCount=3, MaxCount=2)
        self.assert_error("DryRunOperation", self.launch, DryRun=True)
        self.assert_error("InvalidParameterValue", self.launch, UserData="x" * 16385)
        self.assert_error("InvalidAMIID.Malformed", self.launch, ImageId="bogus", DryRun=True)
        self.assertEqual(self.ec2.describe_instances()["Reservations"], [])
        vpc = self.ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        tiny = self.ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.0.0/28")["Subnet"]["SubnetId"]
        self.assert_error("InsufficientFreeAddressesInSubnet", self.launch, count=12, SubnetId=tiny)
        self.assertEqual(len(self.launch(count=11, SubnetId=tiny)), 11)
        # Without InstanceType AWS launches m1.small; previous generations are launchable.
        plain = self.ec2.run_instances(ImageId="ami-0123456789abcdef0", MinCount=1, MaxCount=1)["Instances"][0]
        self.assertEqual(plain["InstanceType"], "m1.small")
        self.assertEqual(self.instance(self.launch(InstanceType="c4.2xlarge")[0])["InstanceType"], "c4.2xlarge")

    def test_instance_profile_must_exist(self):
        err = self.assert_error("InvalidParameterValue", self.launch, IamInstanceProfile={"Name": "ecsInstanceRole"})
        self.assertEqual(err.response["Error"]["Message"], "Value (ecsInstanceRole) for parameter "
                         "iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name")
        missing_arn = "arn:aws:iam::123456789012:instance-profile/ecsInstanceRole"
        self.assert_error("InvalidParameterValue", self.launch, IamInstanceProfile={"Arn": missing_arn})
        self.assertEqual(self.ec2.describe_instances()["Reservations"], [])
        iam = self.server.client("iam")
        made = iam.create_instance_profile(InstanceProfileName="ecsInstanceRole")["InstanceProfile"]
        by_name = self.instance(self.launch(IamInstanceProfile={"Name": "ecsInstanceRole"})[0])
        self.assertEqual(by_name["IamInstanceProfile"]["Arn"], made["Arn"])
        by_arn = self.instance(self.launch(IamInstanceProfile={"Arn": made["Arn"]})[0])
        self.assertEqual(by_arn["IamInstanceProfile"]["Arn"], made["Arn"])

    def test_metadata_options_launch_describe_modify(self):
        [plain] = self.launch()
        self.assertEqual(self.instance(plain)["MetadataOptions"],
                         {"State": "applied", "HttpTokens": "optional", "HttpPutResponseHopLimit": 1,
                          "HttpEndpoint": "enabled", "HttpProtocolIpv6": "disabled", "InstanceMetadataTags": "disabled"})
        [strict] = self.launch(MetadataOptions={"HttpTokens": "required", "HttpPutResponseHopLimit": 2})
        options = self.instance(strict)["MetadataOptions"]
        self.assertEqual((options["HttpTokens"], options["HttpPutResponseHopLimit"]), ("required", 2))
        for bad in ({"HttpTokens": "sometimes"}, {"HttpPutResponseHopLimit": 65}, {"HttpEndpoint": "on"}):
            with self.subTest(bad=bad):
                self.assert_error("InvalidParameterValue", self.launch, MetadataOptions=bad)
                self.assert_error("InvalidParameterValue", self.ec2.modify_instance_metadata_options,
                                  InstanceId=plain, **bad)
        self.assertEqual(len(self.ec2.describe_instances()["Reservations"]), 2)  # the refused launches made none
        out = self.ec2.modify_instance_metadata_options(InstanceId=plain, InstanceMetadataTags="enabled")
        self.assertEqual(out["InstanceId"], plain)
        self.assertEqual(out["InstanceMetadataOptions"]["State"], "pending")
        self.assertEqual(out["InstanceMetadataOptions"]["InstanceMetadataTags"], "enabled")
        self.assertEqual(out["InstanceMetadataOptions"]["HttpTokens"], "optional")  # untouched
        self.assert_error("InvalidInstanceID.NotFound", self.ec2.modify_instance_metadata_options,
                          InstanceId="i-0123456789abcdef9", HttpTokens="required")
        rc, got, _ = self.server.cli(1, "ec2", "modify-instance-metadata-options", "--instance-id", strict,
                                     "--http-endpoint", "disabled")
        self.assertEqual(got["InstanceMetadataOptions"]["HttpEndpoint"], "disabled")
        self.assertEqual(self.instance(strict)["MetadataOptions"]["HttpEndpoint"], "disabled")

    def test_filters_and_pagination(self):
        self.ec2.create_key_pair(KeyName="k")
        sub_b = self.ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["us-east-1b"]}])
        sid_b = sub_b["Subnets"][0]["SubnetId"]
        a = self.launch(InstanceType="t3.micro", KeyName="k")
        b = self.launch(count=2, InstanceType="m5.large", SubnetId=sid_b,
                     TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "role", "Value": "worker"}]}])
        c = self.launch(count=4, InstanceType="t3.nano")

        def ids(filters, **kw):
            out = self.ec2.describe_instances(Filters=filters, **kw)
            return sorted(i["InstanceId"] for r in out["Reservations"] for i in r["Instances"])

        self.assertEqual(ids([{"Name": "instance-type", "Values": ["m5.large"]}]), sorted(b))
        self.assertEqual(ids([{"Name": "subnet-id", "Values": [sid_b]}]), sorted(b))
        self.assertEqual(ids([{"Name": "tag:role", "Values": ["work*"]}]), sorted(b))
        self.assertEqual(ids([{"Name": "key-name", "Values": ["k"]}]), a)
        self.assertEqual(ids([{"Name": "availability-zone", "Values": ["us-east-1a"]}]), sorted(a + c))
        self.ec2.terminate_instances(InstanceIds=a)
        self.assertEqual(ids([{"Name": "instance-state-name", "Values": ["shutting-down", "terminated"]}]), a)
        self.assertEqual(ids([{"Name": "instance-state-name", "Values": ["pending", "running"]}]), sorted(b + c))
        self.assert_error("InvalidParameterValue", self.ec2.describe_instances,
                          Filters=[{"Name": "flavour", "Values": ["x"]}])
        pages = list(self.ec2.get_paginator("describe_instances").paginate(PaginationConfig={"PageSize": 5}))
        self.assertEqual(sorted(i["InstanceId"] for p in pages for r in p["Reservations"] for i in r["Instances"]),
                         sorted(a + b + c))
        self.assertGreater(len(pages), 1)
        self.assert_error("InvalidParameterValue", self.ec2.describe_instances, MaxResults=2)
        self.assert_error("InvalidParameterCombination", self.ec2.describe_instances, InstanceIds=a, MaxResults=5)

    def test_cli_run_describe_terminate(self):
        for version in (1, 2):
            if version == 2:
                require_cli_v2(self)
            _, out, _ = self.server.cli(version, "ec2", "run-instances", "--image-id", "ami-12345678",
                                        "--instance-type", "t3.micro", "--count", "1")
            iid = out["Instances"][0]["InstanceId"]
            _, out, _ = self.server.cli(version, "ec2", "describe-instances", "--filters",
                                        f"Name=instance-id,Values={iid}")
            self.assertEqual(out["Reservations"][0]["Instances"][0]["InstanceType"], "t3.micro")
            _, out, _ = self.server.cli(version, "ec2", "terminate-instances", "--instance-ids", iid)
            self.assertEqual(out["TerminatingInstances"][0]["CurrentState"]["Name"], "shutting-down")
            rc, _, err = self.server.cli(version, "ec2", "run-instances", "--image-id", "ami-bad", "--count", "1",
                                         check=False)
            self.assertNotEqual(rc, 0)
            self.assertIn("InvalidAMIID.Malformed", err)


class InstancesJoinEcs(Ec2InstanceCase):
    def test_user_data_forms_register_in_the_named_cluster_with_the_type_resources(self):
        self.ecs.create_cluster(clusterName="web")
        forms = [
            "#!/bin/bash\necho ECS_CLUSTER=web >> /etc/ecs/ecs.config\n",
            "#cloud-config\nwrite_files:\n  - path: /etc/ecs/ecs.config\n    content: |\n      ECS_CLUSTER=web\n",
            "Content-Type: multipart/mixed; boundary=\"XX\"\nMIME-Version: 1.0\n\n--XX\n"
            "Content-Type: text/x-shellscript\nContent-Transfer-Encoding: base64\n\n"
            + base64.b64encode(b"#!/bin/bash\ncat <<EOF >> /etc/ecs/ecs.config\nECS_CLUSTER=web\nEOF\n").decode()
            + "\n--XX--\n",
        ]
        ids = []
        for form in forms:
            ids += self.launch(InstanceType="m5.large", UserData=user_data(form))
        found = self.wait_for(lambda: len(self.container_instances("web")) == 3 and self.container_instances("web"))
        self.assertEqual(sorted(c["ec2InstanceId"] for c in found), sorted(ids))
        ci = found[0]
        self.assertEqual(ci["status"], "ACTIVE")
        self.assertTrue(ci["agentConnected"])
        registered = {r["name"]: r for r in ci["registeredResources"]}
        self.assertEqual(registered["CPU"]["integerValue"], 2048)
        self.assertEqual(registered["MEMORY"]["integerValue"], 7985)
        attributes = {a["name"]: a.get("value") for a in ci["attributes"]}
        self.assertEqual(attributes["ecs.instance-type"], "m5.large")
        self.assertEqual(attributes["ecs.availability-zone"], "us-east-1a")
        self.assertIn("ecs.capability.task-eni", attributes)
        self.assertTrue(ci["versionInfo"]["agentVersion"])

    def test_ecs_optimized_ami_without_cluster_joins_default_and_plain_ami_does_not(self):
        self.ecs.create_cluster(clusterName="default")
        [plain] = self.launch()
        [ecs_one] = self.launch(ImageId=self.ecs_ami())
        found = self.wait_for(lambda: self.container_instances("default"))
        self.assertEqual([c["ec2InstanceId"] for c in found], [ecs_one])
        self.assertEqual(self.instance(plain)["State"]["Name"], "running")

    def test_missing_cluster_keeps_instance_running_until_the_cluster_exists(self):
        [iid] = self.launch(UserData=user_data("echo ECS_CLUSTER=ghost >> /etc/ecs/ecs.config"))
        self.ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        time.sleep(0.5)
        self.assertEqual(self.instance(iid)["State"]["Name"], "running")
        # The agent keeps retrying: once the cluster exists, the instance joins it.
        self.ecs.create_cluster(clusterName="ghost")
        [ci] = self.wait_for(lambda: self.container_instances("ghost"))
        self.assertEqual(ci["ec2InstanceId"], iid)

    def test_terminate_deregisters_and_stops_its_tasks(self):
        self.ecs.create_cluster(clusterName="web")
        self.ecs.register_task_definition(family="app", containerDefinitions=[
            {"name": "main", "image": "busybox", "command": ["sleep", "3600"], "memory": 128, "essential": True}])
        [iid] = self.launch(UserData=user_data("#!/bin/bash\necho ECS_CLUSTER=web >> /etc/ecs/ecs.config\n"))
        [ci] = self.wait_for(lambda: self.container_instances("web"))
        task = self.ecs.run_task(cluster="web", taskDefinition="app", launchType="EC2")["tasks"][0]
        self.assertEqual(task["containerInstanceArn"], ci["containerInstanceArn"])
        self.ecs.get_waiter("tasks_running").wait(cluster="web", tasks=[task["taskArn"]], WaiterConfig=WAIT)
        self.ec2.terminate_instances(InstanceIds=[iid])
        self.ecs.get_waiter("tasks_stopped").wait(cluster="web", tasks=[task["taskArn"]], WaiterConfig=WAIT)
        stopped = self.ecs.describe_tasks(cluster="web", tasks=[task["taskArn"]])["tasks"][0]
        self.assertEqual(stopped["stoppedReason"], f"Host EC2 (instance {iid}) terminated.")
        self.assertEqual(stopped["stopCode"], "TerminationNotice")
        self.assertEqual(self.container_instances("web"), [])
        self.assertEqual(self.ecs.describe_clusters(clusters=["web"])["clusters"][0]
                         ["registeredContainerInstancesCount"], 0)

    def test_service_replaces_the_task_of_a_terminated_instance_on_another_instance(self):
        self.ecs.create_cluster(clusterName="web")
        self.ecs.register_task_definition(family="app", containerDefinitions=[
            {"name": "main", "image": "busybox", "command": ["sleep", "3600"], "memory": 128, "essential": True}])
        ids = self.launch(count=2, UserData=user_data("#!/bin/bash\necho ECS_CLUSTER=web >> /etc/ecs/ecs.config\n"))
        self.wait_for(lambda: len(self.container_instances("web")) == 2)
        self.ecs.create_service(cluster="web", serviceName="svc", taskDefinition="app", desiredCount=1,
                                launchType="EC2")
        self.ecs.get_waiter("services_stable").wait(cluster="web", services=["svc"], WaiterConfig=WAIT)
        [first] = self.ecs.list_tasks(cluster="web", serviceName="svc")["taskArns"]
        task = self.ecs.describe_tasks(cluster="web", tasks=[first])["tasks"][0]
        host = {c["containerInstanceArn"]: c["ec2InstanceId"] for c in self.container_instances("web")}
        doomed = host[task["containerInstanceArn"]]
        self.ec2.terminate_instances(InstanceIds=[doomed])
        self.ecs.get_waiter("tasks_stopped").wait(cluster="web", tasks=[first], WaiterConfig=WAIT)

        def replacement():
            arns = self.ecs.list_tasks(cluster="web", serviceName="svc", desiredStatus="RUNNING")["taskArns"]
            tasks = self.ecs.describe_tasks(cluster="web", tasks=arns)["tasks"] if arns else []
            return [t for t in tasks if t["taskArn"] != first and t["lastStatus"] == "RUNNING"]

        [new] = self.wait_for(replacement, timeout=30)
        survivor = [i for i in ids if i != doomed][0]
        self.assertEqual(host[new["containerInstanceArn"]], survivor)

    def test_reason_code_source_dest_check_and_dns_filters(self):
        a, b = self.launch(count=2)
        self.ec2.modify_instance_attribute(InstanceId=a, SourceDestCheck={"Value": False})
        self.ec2.stop_instances(InstanceIds=[b])

        def ids(name, value):
            out = self.ec2.describe_instances(Filters=[{"Name": name, "Values": [value]}])["Reservations"]
            return sorted(i["InstanceId"] for r in out for i in r["Instances"])
        self.assertEqual(ids("source-dest-check", "false"), [a])
        self.assertEqual(ids("state-reason-code", "Client.UserInitiatedShutdown"), [b])
        self.assertEqual(ids("state-reason-code", ""), [a])
        dns = self.instance(a)["PrivateDnsName"]
        self.assertEqual(ids("network-interface.private-dns-name", dns), [a])
        public = self.instance(a)["PublicDnsName"]
        self.assertEqual(ids("dns-name", public), [a] if public else [])

    def test_stop_deregisters_and_start_registers_again(self):
        self.ecs.create_cluster(clusterName="web")
        [iid] = self.launch(UserData=user_data("ECS_CLUSTER=web\n"))
        self.wait_for(lambda: self.container_instances("web"))
        self.ec2.stop_instances(InstanceIds=[iid])
        self.assertEqual(self.container_instances("web"), [])
        self.assert_error("IncorrectInstanceState", self.ec2.start_instances, InstanceIds=[iid])  # still stopping
        self.ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        self.ec2.start_instances(InstanceIds=[iid])
        [ci] = self.wait_for(lambda: self.container_instances("web"))
        self.assertEqual(ci["ec2InstanceId"], iid)


if __name__ == "__main__":
    unittest.main()
