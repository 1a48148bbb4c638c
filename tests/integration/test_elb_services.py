"""ECS services behind ELBv2 target groups: CreateService checks the groups it is given, and on real Docker a
service's RUNNING tasks become targets that the load balancer's listener really serves (round robin across the
tasks), whose health gates the rollout, whose failing health checks get the task replaced, and which are
deregistered when the service goes. Driven with boto3 and the AWS CLI v1 and v2."""
import json
import socket
import time
import unittest
import urllib.error
import urllib.request

import botocore.exceptions

from harness import ACCOUNT, DockerTestCase, ServerTestCase, code, default_network, poll, require_cli_v2

FAST = {"Delay": 0.5, "MaxAttempts": 240}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def until(what, fn, timeout=120):
    return poll(fn, timeout=timeout, what=what)


def get(url):
    """(status, body) of a GET; HTTP errors are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=10) as res:
            return res.status, res.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def http_server(command_tail="hostname > /w/index.html"):
    """A busybox httpd on 8080 serving /w, after `command_tail` filled it."""
    return ["sh", "-c", f"mkdir -p /w && {command_tail} && exec httpd -f -p 8080 -h /w"]


class Base:
    def make_load_balancer(self, listener_port=80, target_type="ip"):
        self.elb = self.server.client("elbv2")
        self.ec2 = self.server.client("ec2")
        self.network = default_network(self.server)
        subnets = self.network["awsvpcConfiguration"]["subnets"]
        vpc = self.ec2.describe_subnets(SubnetIds=subnets[:1])["Subnets"][0]["VpcId"]
        lb = self.elb.create_load_balancer(Name="web", Subnets=subnets[:2])["LoadBalancers"][0]
        tg = self.elb.create_target_group(Name="web", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType=target_type,
                                          HealthCheckPath="/", HealthCheckIntervalSeconds=5,
                                          HealthCheckTimeoutSeconds=2, HealthyThresholdCount=2,
                                          UnhealthyThresholdCount=2)["TargetGroups"][0]
        self.elb.modify_target_group_attributes(TargetGroupArn=tg["TargetGroupArn"], Attributes=[
            {"Key": "deregistration_delay.timeout_seconds", "Value": "0"}])
        self.elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=listener_port,
                                 DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])
        return lb, tg

    def task_definition(self, command, family="web"):
        return self.ecs.register_task_definition(
            family=family, networkMode="awsvpc", cpu="256", memory="512", requiresCompatibilities=["FARGATE"],
            containerDefinitions=[{"name": "web", "image": "busybox:local", "essential": True, "command": command,
                                   "stopTimeout": 2, "portMappings": [{"containerPort": 8080}]}],
        )["taskDefinition"]["taskDefinitionArn"]


class TargetGroupChecks(Base, ServerTestCase):
    SERVER_ARGS = ("--runtime", "simulated")

    def setUp(self):
        super().setUp()
        self.ecs.create_cluster(clusterName="default")

    def create(self, group_arn, **extra):
        args = dict(cluster="default", serviceName="s", taskDefinition=self.task_definition(http_server()),
                    desiredCount=1, launchType="FARGATE", networkConfiguration=self.network,
                    loadBalancers=[{"targetGroupArn": group_arn, "containerName": "web", "containerPort": 8080}])
        args.update(extra)
        return self.ecs.create_service(**args)

    def assert_invalid(self, message_part, fn, **kwargs):
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            fn(**kwargs)
        self.assertEqual(code(ctx.exception), "InvalidParameterException")
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertIn(message_part, ctx.exception.response["Error"]["Message"])

    def test_create_service_refuses_missing_unattached_and_mismatched_target_groups(self):
        lb, tg = self.make_load_balancer(listener_port=free_port())
        vpc = tg["VpcId"]
        missing = tg["TargetGroupArn"].rsplit("/", 2)[0] + "/nope/0123456789abcdef"
        self.assert_invalid("does not exist", self.create, group_arn=missing)
        lonely = self.elb.create_target_group(Name="lonely", Protocol="HTTP", Port=8080, VpcId=vpc,
                                              TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
        self.assert_invalid("does not have an associated load balancer", self.create, group_arn=lonely)
        by_instance = self.elb.create_target_group(Name="inst", Protocol="HTTP", Port=8080, VpcId=vpc,
                                                   TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
        self.elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=free_port(),
                                 DefaultActions=[{"Type": "forward", "TargetGroupArn": by_instance}])
        self.assert_invalid("incompatible with the awsvpc network mode", self.create, group_arn=by_instance)
        # UpdateService checks the same when it changes the load balancers.
        self.create(tg["TargetGroupArn"])
        self.assert_invalid("does not have an associated load balancer", self.ecs.update_service, cluster="default",
                            service="s", loadBalancers=[{"targetGroupArn": lonely, "containerName": "web",
                                                         "containerPort": 8080}])

    def test_a_service_role_must_exist_and_is_only_for_one_load_balancer_outside_awsvpc(self):
        lb, tg = self.make_load_balancer(listener_port=free_port(), target_type="instance")
        bridge = self.ecs.register_task_definition(family="bridge", containerDefinitions=[
            {"name": "web", "image": "busybox:local", "memory": 64, "portMappings": [{"containerPort": 8080}]}],
        )["taskDefinition"]["taskDefinitionArn"]
        balanced = [{"targetGroupArn": tg["TargetGroupArn"], "containerName": "web", "containerPort": 8080}]

        def create(**extra):
            args = dict(cluster="default", serviceName="s", taskDefinition=bridge, desiredCount=0, launchType="EC2",
                        loadBalancers=balanced)
            args.update(extra)
            return self.ecs.create_service(**args)

        unable = "Unable to assume role and validate the specified targetGroupArn"
        self.assert_invalid(unable, create, role="ecsServiceRole")
        self.assert_invalid(unable, create, role=f"arn:aws:iam::{ACCOUNT}:role/ecsServiceRole")
        iam = self.server.client("iam")
        trust = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ecs.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
        iam.create_role(RoleName="ecsServiceRole", Path="/ecs/", AssumeRolePolicyDocument=trust)
        self.assert_invalid(unable, create, role="ecsServiceRole")  # its path is /ecs/
        linked = "You cannot specify an IAM role for services that require a service linked role."
        self.assert_invalid(linked, create, role="ecs/ecsServiceRole", loadBalancers=[])
        self.assert_invalid(linked, create, role="ecs/ecsServiceRole", loadBalancers=balanced * 2)
        ip_group = self.elb.create_target_group(Name="ipg", Protocol="HTTP", Port=8080, VpcId=tg["VpcId"],
                                                TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
        self.elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=free_port(),
                                 DefaultActions=[{"Type": "forward", "TargetGroupArn": ip_group}])
        self.assert_invalid(linked, self.create, group_arn=ip_group, role="ecs/ecsServiceRole")  # awsvpc
        service = create(role="/ecs/ecsServiceRole")["service"]
        self.assertEqual(service["roleArn"], f"arn:aws:iam::{ACCOUNT}:role/ecs/ecsServiceRole")
        rc, out, _ = self.server.cli(1, "ecs", "create-service", "--cluster", "default", "--service-name", "by-arn",
                                     "--task-definition", bridge, "--desired-count", "0", "--launch-type", "EC2",
                                     "--role", f"arn:aws:iam::{ACCOUNT}:role/ecs/ecsServiceRole", "--load-balancers",
                                     f"targetGroupArn={tg['TargetGroupArn']},containerName=web,containerPort=8080")
        self.assertEqual(out["service"]["roleArn"], f"arn:aws:iam::{ACCOUNT}:role/ecs/ecsServiceRole")

    def test_the_clis_see_the_same_error(self):
        require_cli_v2(self)
        _, tg = self.make_load_balancer(listener_port=free_port())
        lonely = self.elb.create_target_group(Name="lonely", Protocol="HTTP", Port=8080, VpcId=tg["VpcId"],
                                              TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
        td = self.task_definition(http_server())
        for version in (1, 2):
            rc, _, stderr = self.server.cli(version, "ecs", "create-service", "--cluster", "default", "--service-name",
                                  f"cli{version}", "--task-definition", td, "--desired-count", "1",
                                  "--launch-type", "FARGATE", "--network-configuration", json.dumps(self.network),
                                  "--load-balancers",
                                  f"targetGroupArn={lonely},containerName=web,containerPort=8080", check=False)
            self.assertNotEqual(rc, 0)
            self.assertIn("InvalidParameterException", stderr)
            self.assertIn("does not have an associated load balancer", stderr)


class LoadBalancedServiceOnDocker(Base, DockerTestCase):
    SERVER_ARGS = ("--runtime", "docker", "--time-scale", "0.1")

    def task_ips(self):
        arns = self.ecs.list_tasks(cluster="default", serviceName="s", desiredStatus="RUNNING")["taskArns"]
        tasks = self.ecs.describe_tasks(cluster="default", tasks=arns)["tasks"] if arns else []
        ips = set()
        for t in tasks:
            for a in t["attachments"]:
                ips |= {d["value"] for d in a["details"] if d["name"] == "privateIPv4Address"}
        return ips

    def health(self, group_arn):
        return {(d["Target"]["Id"], d["Target"]["Port"]): d["TargetHealth"]["State"]
                for d in self.elb.describe_target_health(TargetGroupArn=group_arn)["TargetHealthDescriptions"]}

    def test_service_tasks_serve_through_the_listener_and_their_health_gates_the_service(self):
        port = free_port()
        _, tg = self.make_load_balancer(listener_port=port)
        group = tg["TargetGroupArn"]
        url = f"http://127.0.0.1:{port}/"
        self.assertEqual(get(url)[0], 503)  # no target yet
        self.ecs.create_service(cluster="default", serviceName="s", taskDefinition=self.task_definition(http_server()),
                                desiredCount=2, launchType="FARGATE", networkConfiguration=self.network,
                                loadBalancers=[{"targetGroupArn": group, "containerName": "web",
                                                "containerPort": 8080}])
        self.ecs.get_waiter("services_stable").wait(cluster="default", services=["s"], WaiterConfig=FAST)
        # Stable means the deployment completed, which needs its targets healthy.
        service = until("a completed deployment", lambda: (lambda s: s if s["deployments"][0]["rolloutState"] ==
                        "COMPLETED" else None)(self.ecs.describe_services(cluster="default", services=["s"])[
                            "services"][0]))
        self.assertEqual(service["runningCount"], 2)
        ips = self.task_ips()
        self.assertEqual(len(ips), 2)
        self.assertEqual(self.health(group), {(ip, 8080): "healthy" for ip in ips})
        # The listener spreads requests over both tasks (each serves its own hostname).
        answers = [get(url) for _ in range(20)]
        self.assertEqual({status for status, _ in answers}, {200})
        self.assertEqual(len({body for _, body in answers}), 2, answers)

        # A revision that answers 404 on "/": its tasks fail their ELB health checks and are replaced, and the old
        # tasks keep serving meanwhile (minimumHealthyPercent 100 counts only tasks with healthy targets).
        broken = self.task_definition(http_server("true"))
        self.ecs.update_service(cluster="default", service="s", taskDefinition=broken)

        def replaced():
            arns = self.ecs.list_tasks(cluster="default", serviceName="s", desiredStatus="STOPPED")["taskArns"]
            tasks = self.ecs.describe_tasks(cluster="default", tasks=arns)["tasks"] if arns else []
            return [t for t in tasks if t["taskDefinitionArn"] == broken and
                    t.get("stoppedReason", "").startswith("Task failed ELB health checks in (target-group ")]
        stopped = until("a task replaced for failing its ELB health checks", replaced)
        self.assertEqual(stopped[0]["stoppedReason"], f"Task failed ELB health checks in (target-group {group})")
        self.assertEqual(stopped[0]["stopCode"], "ServiceSchedulerInitiated")
        self.assertTrue(ips <= self.task_ips(), "the old tasks keep running while the new ones fail")
        answers = [get(url) for _ in range(10)]
        self.assertEqual({status for status, _ in answers}, {200}, answers)
        service = self.ecs.describe_services(cluster="default", services=["s"])["services"][0]
        self.assertEqual(len(service["deployments"]), 2)
        self.assertEqual(service["deployments"][0]["rolloutState"], "IN_PROGRESS")

        # Deleting the service deregisters every target; the listener then has none.
        self.ecs.delete_service(cluster="default", service="s", force=True)
        until("no targets left", lambda: not self.health(group))
        self.assertEqual(get(url)[0], 503)


if __name__ == "__main__":
    unittest.main()
