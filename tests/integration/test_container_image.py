"""ecsemu as a container: scripts/build-image builds the image offline from the binary under test, the top-level
docker-compose.yml runs it (the host's network and PID namespace, the Docker socket, ECSEMU_* variables, a health
check through `ecsemu --healthcheck`), and tasks launched through it are real containers on the host's engine that
the host reaches: a bridge task on an EC2 instance that joined its cluster (published port on 127.0.0.1), the same
behind an ALB whose listener and health checks the containerised ecsemu serves, and an awsvpc task at its address
on a VPC network. `docker-compose down` must leave no container, network or address behind."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import unittest
import urllib.request

from harness import (BIN, BUSYBOX, SOURCE_DIR, Server, docker, poll, require_docker)

# A VPC block of this test's own (the default VPC's 172.31.0.0/16 is for test_docker_awsvpc alone).
VPC_CIDR = "10.157.0.0/16"
SUBNET_CIDR = "10.157.1.0/24"
WEB = ("mkdir -p /www && echo hello from a composed ecsemu > /www/index.html && exec httpd -f -p 80 -h /www")


def compose_command():
    """The Compose CLI of this machine: the v2 plugin (`docker compose`) or the v1 `docker-compose`."""
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_offset():
    """An --elb-port-offset whose port 80 is free on 127.0.0.1."""
    for _ in range(50):
        port = free_port()
        if port > 80:
            return port - 80
    raise AssertionError("no free port for the listener")


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as res:
        return res.status, res.read().decode()


def try_get(url):
    try:
        return get(url)
    except OSError:
        return None


def build_test_image(test):
    """Builds the image of the binary under test with scripts/build-image as ecsemu:test-<its sha256>, removed at
    the end of `test`'s class (addClassCleanup); returns the tag."""
    sha = subprocess.run(["sha256sum", BIN], capture_output=True, text=True, check=True).stdout.split()[0]
    tag = f"ecsemu:test-{sha[:12]}-{os.getpid()}"
    build = subprocess.run([os.path.join(SOURCE_DIR, "scripts", "build-image"), "--binary", BIN, "--tag", tag],
                           capture_output=True, text=True, timeout=600)
    if build.returncode != 0:
        raise AssertionError(f"scripts/build-image failed: {build.stdout}{build.stderr}")
    test.addClassCleanup(lambda: docker("rmi", "-f", tag, check=False))
    return tag


class HealthcheckFlag(unittest.TestCase):
    def test_healthcheck_exits_0_for_a_running_ecsemu_and_1_when_none_answers(self):
        with Server() as server:
            ok = subprocess.run([BIN, "--healthcheck", "--port", str(server.port)], capture_output=True, text=True,
                                timeout=10)
            self.assertEqual(ok.returncode, 0, ok.stderr)
            self.assertIn("running", ok.stdout)
            env = dict(os.environ, ECSEMU_HOST="0.0.0.0", ECSEMU_PORT=str(server.port))
            self.assertEqual(subprocess.run([BIN, "--healthcheck"], env=env, capture_output=True,
                                            timeout=10).returncode, 0)
        closed = subprocess.run([BIN, "--healthcheck", "--port", str(free_port())], capture_output=True, text=True,
                                timeout=10)
        self.assertEqual(closed.returncode, 1)
        self.assertIn("refused", closed.stderr)


class ComposedEcsemu(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_docker()
        cls.compose = compose_command()
        if cls.compose is None:
            raise AssertionError("neither `docker compose` nor `docker-compose` is installed (scripts/setup)")
        cls.tag = build_test_image(cls)
        cls.size = int(docker("image", "inspect", "-f", "{{.Size}}", cls.tag).stdout)

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        shutil.copy(os.path.join(SOURCE_DIR, "docker-compose.yml"), self.dir)
        self.project = f"ecsemutest{os.getpid()}"
        self.port = free_port()
        self.offset = free_offset()
        self.env = dict(os.environ, ECSEMU_IMAGE=self.tag, ECSEMU_PORT=str(self.port),
                        ECSEMU_ELB_PORT_OFFSET=str(self.offset), ECSEMU_TIME_SCALE="0.05", ECSEMU_LOG_LEVEL="info")
        self.up = False

    def tearDown(self):
        if self.up:
            self.run_compose("down", check=False)
        for kind in ("container", "network"):
            leftover = self.owned(kind)
            if kind == "container" and leftover:
                docker("rm", "-f", "-v", *leftover, check=False)
            elif leftover:
                docker("network", "rm", *leftover, check=False)
        shutil.rmtree(self.dir, ignore_errors=True)

    def run_compose(self, *args, check=True):
        res = subprocess.run([*self.compose, "-p", self.project, *args], cwd=self.dir, env=self.env,
                             capture_output=True, text=True, timeout=180)
        if check and res.returncode != 0:
            raise AssertionError(f"compose {' '.join(args)} failed: {res.stdout}{res.stderr}")
        return res

    def owned(self, kind):
        """Containers or networks labelled as created by the composed ecsemu (its container id label)."""
        cid = getattr(self, "ecsemu_id", None)
        if not cid:
            return []
        label = f"label=ecsemu.container={cid}"
        args = ["ps", "-a", "-q", "--no-trunc", "--filter", label] if kind == "container" else \
            ["network", "ls", "-q", "--filter", label]
        return docker(*args).stdout.split()

    def client(self, service):
        import boto3
        import botocore.config
        return boto3.session.Session().client(
            service, endpoint_url=f"http://127.0.0.1:{self.port}", region_name="us-east-1",
            aws_access_key_id="test", aws_secret_access_key="test",
            config=botocore.config.Config(retries={"max_attempts": 2}))

    def test_compose_runs_ecsemu_whose_tasks_the_host_reaches_and_down_leaves_nothing(self):
        self.assertLess(self.size, 40 * 1024 * 1024, "the image should stay small")
        self.run_compose("up", "-d")
        self.up = True
        self.ecsemu_id = self.run_compose("ps", "-q", "ecsemu").stdout.strip()
        self.assertTrue(self.ecsemu_id)
        # The image's health check is `ecsemu --healthcheck` against the configured port.
        poll(lambda: docker("inspect", "-f", "{{.State.Health.Status}}", self.ecsemu_id).stdout.strip() == "healthy",
             timeout=60, what="the composed ecsemu to be healthy")
        status, body = get(f"http://127.0.0.1:{self.port}/_ecsemu/health")
        self.assertEqual(json.loads(body)["status"], "running")

        ecs, ec2, elbv2, ssm = (self.client(s) for s in ("ecs", "ec2", "elbv2", "ssm"))
        # EC2 launch type: an instance joins the cluster from its user data; a bridge task runs on it.
        ecs.create_cluster(clusterName="composed")
        ami = ssm.get_parameter(Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id")
        ec2.run_instances(ImageId=ami["Parameter"]["Value"], InstanceType="t3.small", MinCount=1, MaxCount=1,
                          UserData="#!/bin/bash\necho ECS_CLUSTER=composed >> /etc/ecs/ecs.config")
        poll(lambda: ecs.list_container_instances(cluster="composed")["containerInstanceArns"], timeout=60,
             what="the instance to join the cluster")
        ecs.register_task_definition(family="web", containerDefinitions=[{
            "name": "web", "image": BUSYBOX, "memory": 64, "essential": True, "command": ["sh", "-c", WEB],
            "portMappings": [{"containerPort": 80, "hostPort": 0}]}])
        task = ecs.run_task(cluster="composed", taskDefinition="web", launchType="EC2")["tasks"][0]["taskArn"]
        ecs.get_waiter("tasks_running").wait(cluster="composed", tasks=[task],
                                             WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        described = ecs.describe_tasks(cluster="composed", tasks=[task])["tasks"][0]
        self.assertEqual(described["launchType"], "EC2")
        self.assertTrue(described["containerInstanceArn"])
        host_port = described["containers"][0]["networkBindings"][0]["hostPort"]
        self.assertEqual(get(f"http://127.0.0.1:{host_port}/")[1], "hello from a composed ecsemu\n")
        container_ids = {c["runtimeId"] for c in described["containers"]}
        labels = docker("inspect", "-f", "{{json .Config.Labels}}", *container_ids).stdout.splitlines()
        label = json.loads(labels[0])
        self.assertEqual(label["ecsemu.container"], self.ecsemu_id)  # found by the container-id label
        host_pid = docker("inspect", "-f", "{{.State.Pid}}", self.ecsemu_id).stdout.strip()
        self.assertEqual(label["ecsemu.pid"], host_pid)  # the host's PID namespace (pid: host)

        # A service behind an ALB: the containerised ecsemu health-checks the task and serves the listener.
        subnets = [s["SubnetId"] for s in ec2.describe_subnets(
            Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]][:2]
        vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        lb = elbv2.create_load_balancer(Name="composed", Subnets=subnets)["LoadBalancers"][0]
        tg = elbv2.create_target_group(Name="composed", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="instance",
                                       HealthCheckPath="/", HealthCheckIntervalSeconds=5, HealthCheckTimeoutSeconds=2,
                                       HealthyThresholdCount=2)["TargetGroups"][0]["TargetGroupArn"]
        elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                              DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
        ecs.create_service(cluster="composed", serviceName="web", taskDefinition="web", desiredCount=1,
                           launchType="EC2",
                           loadBalancers=[{"targetGroupArn": tg, "containerName": "web", "containerPort": 80}])
        poll(lambda: [t for t in elbv2.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]
                      if t["TargetHealth"]["State"] == "healthy"], timeout=90, what="a healthy target")
        listener = f"http://127.0.0.1:{80 + self.offset}/"
        self.assertEqual(poll(lambda: try_get(listener), timeout=30, what="the listener")[1],
                         "hello from a composed ecsemu\n")

        # awsvpc: a Fargate task on a VPC of its own answers at its ENI's private address.
        my_vpc = ec2.create_vpc(CidrBlock=VPC_CIDR)["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=my_vpc, CidrBlock=SUBNET_CIDR, AvailabilityZone="us-east-1a")
        group = ec2.create_security_group(GroupName="web", Description="web", VpcId=my_vpc)["GroupId"]
        ecs.register_task_definition(family="vpcweb", networkMode="awsvpc", requiresCompatibilities=["FARGATE"],
                                     cpu="256", memory="512", containerDefinitions=[{
                                         "name": "web", "image": BUSYBOX, "essential": True,
                                         "command": ["sh", "-c", WEB], "portMappings": [{"containerPort": 80}]}])
        vpc_task = ecs.run_task(cluster="composed", taskDefinition="vpcweb", launchType="FARGATE",
                                networkConfiguration={"awsvpcConfiguration": {
                                    "subnets": [subnet["Subnet"]["SubnetId"]], "securityGroups": [group]}}
                                )["tasks"][0]["taskArn"]
        ecs.get_waiter("tasks_running").wait(cluster="composed", tasks=[vpc_task],
                                             WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        ip = ecs.describe_tasks(cluster="composed", tasks=[vpc_task])["tasks"][0]["containers"][0][
            "networkInterfaces"][0]["privateIpv4Address"]
        self.assertTrue(ip.startswith("10.157.1."), ip)
        self.assertEqual(poll(lambda: try_get(f"http://{ip}/"), timeout=30, what="the awsvpc task")[1],
                         "hello from a composed ecsemu\n")
        self.assertTrue(self.owned("network"), "the VPC's Docker network carries the owner labels")

        # An ecsemu started on the host meanwhile keeps its hands off the live composed ecsemu's containers.
        with Server("--runtime", "docker"):
            pass
        self.assertTrue(all(docker("inspect", c, check=False).returncode == 0 for c in container_ids))

        # Down: ecsemu gets SIGTERM and removes every task container, its VPC network and the address with it.
        before = set(self.owned("container"))
        self.assertGreaterEqual(len(before), 4)  # two bridge tasks, the awsvpc task and its pause container
        self.run_compose("down")
        self.up = False
        self.assertEqual(self.owned("container"), [])
        self.assertEqual(self.owned("network"), [])
        self.assertEqual(docker("ps", "-a", "-q", "--filter", f"id={self.ecsemu_id}").stdout.strip(), "")
        routes = subprocess.run(["ip", "-4", "addr"], capture_output=True, text=True).stdout
        self.assertNotIn("10.157.", routes)
        self.assertIsNone(try_get(listener))


if __name__ == "__main__":
    unittest.main()
