"""awsvpc tasks on real Docker: each VPC gets an internal Docker network ecsemu-<vpc-id> on its CIDR block, and a
task's pause container takes its ENI's private address there, so the address DescribeTasks reports is the one the
task really answers on. A VPC block that would overlap the host's networks or another Docker network falls back to
Docker's default bridge."""
import ipaddress
import json
import subprocess
import time
import unittest
import urllib.request

from harness import (BUSYBOX, DockerTestCase, Server, containers_with_label, default_network, docker,
                     docker_inspect, poll, remove_containers_with_label, require_docker)

WAIT = {"Delay": 1, "MaxAttempts": 60}
PORT = 8080
PAUSE = "~internal~ecs~pause"


def network_inspect(name):
    res = docker("network", "inspect", name, check=False)
    return json.loads(res.stdout)[0] if res.returncode == 0 else None


def host_blocks():
    """Every IPv4 block this host routes or has an address in, and every Docker network's subnet."""
    blocks = []
    for line in subprocess.run(["ip", "-4", "-o", "addr"], capture_output=True, text=True).stdout.splitlines():
        parts = line.split()
        blocks.append(ipaddress.ip_network(parts[parts.index("inet") + 1], strict=False))
    for line in subprocess.run(["ip", "-4", "route", "show", "table", "all"], capture_output=True,
                               text=True).stdout.splitlines():
        dest = line.split()[0] if line.split() else ""
        if dest[0:1].isdigit():
            blocks.append(ipaddress.ip_network(dest if "/" in dest else dest + "/32", strict=False))
    for net in docker("network", "ls", "-q").stdout.split():
        info = network_inspect(net) or {}
        for config in (info.get("IPAM") or {}).get("Config") or []:
            if "." in config.get("Subnet", ""):
                blocks.append(ipaddress.ip_network(config["Subnet"], strict=False))
    return blocks


def free_vpc_cidrs(count):
    """`count` 10.x.0.0/16 blocks that overlap nothing on this host, picked now (test time)."""
    taken = host_blocks()
    free = []
    for x in range(40, 250):
        block = ipaddress.ip_network(f"10.{x}.0.0/16")
        if not any(block.overlaps(t) for t in taken):
            free.append(str(block))
            if len(free) == count:
                return free
    raise unittest.SkipTest("no free 10.x.0.0/16 block on this host")


def fetch(url, timeout=2):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode()


class DockerAwsvpc(DockerTestCase):

    def setUp(self):
        super().setUp()
        self.ec2 = self.server.client("ec2")

    def register_web(self, family="web"):
        self.ecs.register_task_definition(
            family=family, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
            containerDefinitions=[{
                "name": "web", "image": BUSYBOX, "stopTimeout": 1, "portMappings": [{"containerPort": PORT}],
                "command": ["sh", "-c", f"mkdir -p /www && echo awsvpc-$(hostname) > /www/index.html && "
                                        f"exec httpd -f -p {PORT} -h /www"]}])

    def run_web(self, network, family="web"):
        out = self.ecs.run_task(cluster="default", taskDefinition=family, launchType="FARGATE",
                                networkConfiguration=network)
        self.assertEqual(out["failures"], [])
        return out["tasks"][0]["taskArn"]

    def wait(self, name, arns):
        self.ecs.get_waiter(name).wait(cluster="default", tasks=arns, WaiterConfig=WAIT)

    def describe(self, arn):
        return self.ecs.describe_tasks(cluster="default", tasks=[arn])["tasks"][0]

    def eni_of(self, arn):
        """(private IPv4 address, subnet id) from the task's ElasticNetworkInterface attachment."""
        attachment = self.describe(arn)["attachments"][0]
        details = {d["name"]: d["value"] for d in attachment["details"]}
        return details["privateIPv4Address"], details["subnetId"]

    def vpc_of_subnet(self, subnet):
        return self.ec2.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["VpcId"]

    def pause_of(self, arn):
        ids = containers_with_label(f"com.amazonaws.ecs.task-arn={arn}")
        pauses = [i for i in (docker_inspect(c) for c in ids)
                  if i and i["Config"]["Labels"]["com.amazonaws.ecs.container-name"] == PAUSE]
        self.assertEqual(len(pauses), 1, "one pause container per awsvpc task")
        return pauses[0]

    def vpc_with_subnet(self, cidr):
        vpc = self.ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
        block = ipaddress.ip_network(cidr)
        subnet_block = str(next(block.subnets(new_prefix=24)))
        subnet = self.ec2.create_subnet(VpcId=vpc, CidrBlock=subnet_block)["Subnet"]["SubnetId"]
        return vpc, {"awsvpcConfiguration": {"subnets": [subnet]}}

    def assert_served(self, ip):
        body = poll(lambda: self.try_fetch(f"http://{ip}:{PORT}/"), what=f"an answer from {ip}:{PORT}")
        self.assertTrue(body.startswith("awsvpc-"), body)

    @staticmethod
    def try_fetch(url):
        try:
            return fetch(url)
        except OSError:
            return None

    # --- the default VPC -----------------------------------------------------------------------------
    def test_the_enis_address_is_the_tasks_real_address_on_its_vpcs_network(self):
        self.register_web()
        arn = self.run_web(default_network(self.server))
        self.wait("tasks_running", [arn])
        ip, subnet = self.eni_of(arn)
        vpc = self.vpc_of_subnet(subnet)
        name = f"ecsemu-{vpc}"
        net = network_inspect(name)
        self.assertIsNotNone(net, f"no Docker network {name}")
        self.assertTrue(net["Internal"], "the VPC network must keep its traffic on this machine")
        self.assertEqual(net["IPAM"]["Config"][0]["Subnet"], "172.31.0.0/16")
        self.assertEqual(net["IPAM"]["Config"][0]["Gateway"], "172.31.0.1")
        self.assertEqual(net["Labels"]["ecsemu.pid"], str(self.server.proc.pid))
        self.assertIn("ecsemu", net["Labels"])

        pause = self.pause_of(arn)
        self.assertEqual(pause["HostConfig"]["NetworkMode"], name)
        self.assertEqual(list(pause["NetworkSettings"]["Networks"]), [name])
        self.assertEqual(pause["NetworkSettings"]["Networks"][name]["IPAddress"], ip)
        container = self.describe(arn)["containers"][0]
        self.assertEqual(container["networkInterfaces"][0]["privateIpv4Address"], ip)
        web = docker_inspect(container["runtimeId"])
        self.assertEqual(web["HostConfig"]["NetworkMode"], "container:" + pause["Id"])
        # The host reaches the task at its ENI address and container port, as inside a VPC.
        self.assert_served(ip)

        self.ecs.stop_task(cluster="default", task=arn)
        self.wait("tasks_stopped", [arn])
        poll(lambda: network_inspect(name) is None, what=f"{name} to go with its last task")

    def test_tasks_of_one_vpc_reach_each_other_and_share_the_network_until_the_last_stops(self):
        self.register_web()
        network = default_network(self.server)
        first = self.run_web(network)
        second = self.run_web(network)
        self.wait("tasks_running", [first, second])
        first_ip, subnet = self.eni_of(first)
        second_ip, _ = self.eni_of(second)
        self.assertNotEqual(first_ip, second_ip)
        name = f"ecsemu-{self.vpc_of_subnet(subnet)}"
        self.assertEqual(len([n for n in docker("network", "ls", "--format", "{{.Name}}").stdout.split()
                              if n == name]), 1)
        second_web = self.describe(second)["containers"][0]["runtimeId"]

        def from_second():
            res = docker("exec", second_web, "timeout", "5", "wget", "-q", "-O-", f"http://{first_ip}:{PORT}/",
                         check=False)
            return res.stdout if res.returncode == 0 else None
        self.assertTrue(poll(from_second, what="the second task reaching the first").startswith("awsvpc-"))

        self.ecs.stop_task(cluster="default", task=first)
        self.wait("tasks_stopped", [first])
        self.assertIsNotNone(network_inspect(name), "the network went while a task still used it")
        self.assert_served(second_ip)
        self.ecs.stop_task(cluster="default", task=second)
        self.wait("tasks_stopped", [second])
        poll(lambda: network_inspect(name) is None, what=f"{name} to go with its last task")

    # --- custom VPCs -----------------------------------------------------------------------------------
    def test_a_task_in_a_custom_vpc_gets_an_address_in_its_block(self):
        cidr, = free_vpc_cidrs(1)
        vpc, network = self.vpc_with_subnet(cidr)
        self.register_web()
        arn = self.run_web(network)
        self.wait("tasks_running", [arn])
        ip, _ = self.eni_of(arn)
        self.assertIn(ipaddress.ip_address(ip), ipaddress.ip_network(cidr))
        name = f"ecsemu-{vpc}"
        self.assertEqual(network_inspect(name)["IPAM"]["Config"][0]["Subnet"], cidr)
        self.assertEqual(self.pause_of(arn)["NetworkSettings"]["Networks"][name]["IPAddress"], ip)
        self.assert_served(ip)
        self.ecs.stop_task(cluster="default", task=arn)
        self.wait("tasks_stopped", [arn])
        poll(lambda: network_inspect(name) is None, what=f"{name} to go with its task")

    # --- falling back ----------------------------------------------------------------------------------
    def assert_fell_back(self, arn, vpc, network_left=False):
        pause = self.pause_of(arn)
        self.assertEqual(pause["HostConfig"]["NetworkMode"], "bridge")
        self.assertEqual(list(pause["NetworkSettings"]["Networks"]), ["bridge"])
        if not network_left:
            self.assertIsNone(network_inspect(f"ecsemu-{vpc}"))
        poll(lambda: f"vpc={vpc}" in self.server.read_log() and "falls back" in self.server.read_log(),
             what="the fallback in the log")

    def test_a_vpc_on_dockers_default_bridge_block_falls_back_to_the_default_bridge(self):
        vpc, network = self.vpc_with_subnet("172.17.0.0/16")
        self.register_web()
        arn = self.run_web(network)
        self.wait("tasks_running", [arn])
        self.assert_fell_back(arn, vpc)
        self.assertIn("overlaps Docker network bridge", self.server.read_log())
        # The task still runs and answers on the address Docker gave it.
        pause = self.pause_of(arn)
        self.assert_served(pause["NetworkSettings"]["Networks"]["bridge"]["IPAddress"])

    def test_a_second_vpc_on_the_same_block_falls_back(self):
        cidr, = free_vpc_cidrs(1)
        first_vpc, first_network = self.vpc_with_subnet(cidr)
        second_vpc, second_network = self.vpc_with_subnet(cidr)
        self.register_web()
        first = self.run_web(first_network)
        self.wait("tasks_running", [first])
        second = self.run_web(second_network)
        self.wait("tasks_running", [second])
        self.assertIsNotNone(network_inspect(f"ecsemu-{first_vpc}"))
        self.assert_fell_back(second, second_vpc)
        self.assertIn("this ecsemu's, for another VPC", self.server.read_log())

    def test_a_network_of_the_vpcs_name_that_is_not_ecsemus_is_neither_used_nor_removed(self):
        cidr, other = free_vpc_cidrs(2)
        vpc, network = self.vpc_with_subnet(cidr)
        name = f"ecsemu-{vpc}"
        docker("network", "create", "--internal", "--subnet", other, name)
        try:
            self.register_web()
            arn = self.run_web(network)
            self.wait("tasks_running", [arn])
            self.assert_fell_back(arn, vpc, network_left=True)
            self.assertIn(f"Docker network {name} exists and is not this ecsemu's", self.server.read_log())
            self.ecs.stop_task(cluster="default", task=arn)
            self.wait("tasks_stopped", [arn])
            self.assertEqual(network_inspect(name)["IPAM"]["Config"][0]["Subnet"], other)
        finally:
            docker("network", "rm", name, check=False)


class DockerAwsvpcLifetime(unittest.TestCase):
    """Networks outlive nothing: reset and shutdown remove them, and a new ecsemu removes a dead one's."""

    @classmethod
    def setUpClass(cls):
        require_docker()

    def start_task(self, server):
        ecs = server.client("ecs")
        ecs.create_cluster(clusterName="default")
        ecs.register_task_definition(family="s", requiresCompatibilities=["FARGATE"], networkMode="awsvpc",
                                     cpu="256", memory="512",
                                     containerDefinitions=[{"name": "m", "image": BUSYBOX, "stopTimeout": 1,
                                                            "command": ["sleep", "3600"]}])
        network = default_network(server)
        arn = ecs.run_task(taskDefinition="s", launchType="FARGATE", networkConfiguration=network)["tasks"][0]
        ecs.get_waiter("tasks_running").wait(tasks=[arn["taskArn"]], WaiterConfig=WAIT)
        vpc = server.client("ec2").describe_subnets(SubnetIds=[network["awsvpcConfiguration"]["subnets"][0]])
        name = f"ecsemu-{vpc['Subnets'][0]['VpcId']}"
        self.assertIsNotNone(network_inspect(name))
        return name

    def test_reset_and_shutdown_remove_the_networks(self):
        with Server("--runtime", "docker") as server:
            label = f"ecsemu.pid={server.proc.pid}"
            try:
                name = self.start_task(server)
                status, _, _ = server.raw("POST", "/_ecsemu/reset")
                self.assertEqual(status, 200)
                self.assertIsNone(network_inspect(name), "reset left the VPC network")
                name = self.start_task(server)
                self.assertEqual(server.stop(), 0)
                self.assertIsNone(network_inspect(name), "shutdown left the VPC network")
                self.assertEqual(containers_with_label(label), [])
            finally:
                remove_containers_with_label(label)
                for n in docker("network", "ls", "-q", "--filter", f"label={label}").stdout.split():
                    docker("network", "rm", n, check=False)

    def test_a_dead_ecsemus_network_is_removed_at_start_and_a_live_programs_is_kept(self):
        gone = subprocess.Popen(["true"])
        gone.wait()  # a process id nobody runs any more
        cidr, other = free_vpc_cidrs(2)
        docker("network", "create", "--internal", "--subnet", cidr, "--label", "ecsemu=dead",
               "--label", f"ecsemu.pid={gone.pid}", "ecsemu-vpc-left0ver")
        docker("network", "create", "--internal", "--subnet", other, "ecsemu-test-not-ours")
        try:
            with Server("--runtime", "docker") as server:
                # The clean-up runs once the listener is up: the log says when it is done.
                poll(lambda: "msg=\"docker runtime ready\"" in server.read_log(), what="the start-up clean-up")
                self.assertIsNone(network_inspect("ecsemu-vpc-left0ver"), "the dead ecsemu's network is still there")
                self.assertIsNotNone(network_inspect("ecsemu-test-not-ours"), "a network not ecsemu's was removed")
                self.assertIn("leftover_networks_removed=1", server.read_log())
        finally:
            docker("network", "rm", "ecsemu-vpc-left0ver", check=False)
            docker("network", "rm", "ecsemu-test-not-ours", check=False)


if __name__ == "__main__":
    unittest.main()
