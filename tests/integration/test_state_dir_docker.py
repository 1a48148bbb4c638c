"""--state-dir with the Docker runtime: the containers of running tasks outlive ecsemu and are adopted by its next
start (same container ids, the service steady without new tasks), awsvpc tasks with their pause container, ENI
address and VPC network; one killed while ecsemu was down is seen stopped, with Docker's exit code, and replaced."""
import shutil
import tempfile
import unittest
import urllib.request

from harness import (BUSYBOX, Server, containers_with_label, default_network, docker, docker_inspect,
                     instance_identity, poll, remove_containers_with_label, require_docker)

SLEEPER = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
WEB = ["sh", "-c", "mkdir -p /www; echo adopted > /www/index.html; exec httpd -f -p 8080 -h /www"]


def network_exists(name):
    return docker("network", "inspect", name, check=False).returncode == 0


def fetch(url):
    try:
        return urllib.request.urlopen(url, timeout=2).read()
    except OSError:
        return None


class StateDirDocker(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_docker()

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ecsemu-state-docker-")
        self.label = f"ecsemu.state-dir={self.dir}"
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.addCleanup(remove_containers_with_label, self.label)

    def start(self):
        server = Server("--runtime", "docker", "--state-dir", self.dir).__enter__()
        self.addCleanup(server.__exit__, None, None, None)
        return server

    def task_containers(self, server):
        """{task ARN: Docker container id} of the service's running tasks, as DescribeTasks reports them."""
        ecs = server.client("ecs")
        arns = ecs.list_tasks(cluster="default", serviceName="web", desiredStatus="RUNNING")["taskArns"]
        if not arns:
            return {}
        tasks = ecs.describe_tasks(cluster="default", tasks=arns)["tasks"]
        return {t["taskArn"]: t["containers"][0].get("runtimeId") for t in tasks if t["lastStatus"] == "RUNNING"}

    def steady(self, server, count):
        svc = server.client("ecs").describe_services(cluster="default", services=["web"])["services"][0]
        return svc["runningCount"] == count and len(svc["deployments"]) == 1 and \
            svc["deployments"][0]["rolloutState"] == "COMPLETED"

    def create_world(self, server):
        ecs = server.client("ecs")
        ecs.create_cluster(clusterName="default")
        ecs.register_container_instance(
            cluster="default", instanceIdentityDocument=instance_identity("i-0123456789abcdef0"),
            instanceIdentityDocumentSignature="sig",
            totalResources=[{"name": "CPU", "type": "INTEGER", "integerValue": 8192},
                            {"name": "MEMORY", "type": "INTEGER", "integerValue": 16384}])
        ecs.register_task_definition(family="web", networkMode="bridge", containerDefinitions=[{
            "name": "main", "image": BUSYBOX, "command": WEB, "essential": True, "memory": 64,
            "portMappings": [{"containerPort": 8080, "hostPort": 0}]}])
        ecs.create_service(cluster="default", serviceName="web", taskDefinition="web", desiredCount=2,
                           launchType="EC2")
        return poll(lambda: (lambda c: c if len(c) == 2 and all(c.values()) else None)(self.task_containers(server)),
                    timeout=120, what="two running tasks")

    def test_a_graceful_restart_adopts_the_same_containers_and_keeps_serving(self):
        server = self.start()
        before = self.create_world(server)
        ecs = server.client("ecs")
        task = ecs.describe_tasks(cluster="default", tasks=[next(iter(before))])["tasks"][0]
        port = task["containers"][0]["networkBindings"][0]["hostPort"]
        self.assertEqual(server.stop(), 0)
        # The containers outlive the process.
        for cid in before.values():
            self.assertTrue(docker_inspect(cid)["State"]["Running"], f"{cid} stopped with ecsemu")
        self.assertEqual(urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=10).read(),
                         b"adopted\n")

        server = self.start()
        poll(lambda: "task adopted" in server.read_log(), timeout=60, what="the adoption")
        poll(lambda: self.steady(server, 2), timeout=60, what="the service steady")
        self.assertEqual(self.task_containers(server), before)
        # Nothing new was started: the only containers of this world are the adopted ones.
        self.assertEqual(sorted(containers_with_label(self.label)), sorted(before.values()))
        # Adopted tasks stop as tasks this process started do.
        arn = next(iter(before))
        ecs = server.client("ecs")
        ecs.stop_task(cluster="default", task=arn)
        poll(lambda: ecs.describe_tasks(cluster="default", tasks=[arn])["tasks"][0]["lastStatus"] == "STOPPED",
             timeout=60, what="the adopted task stopped")
        poll(lambda: docker_inspect(before[arn]) is None, timeout=30, what="its container removed")

    def test_a_container_killed_while_ecsemu_was_down_is_stopped_and_replaced(self):
        server = self.start()
        before = self.create_world(server)
        server.proc.kill()
        server.proc.wait()
        victim, survivor = sorted(before)
        docker("kill", before[victim])

        server = self.start()
        ecs = server.client("ecs")

        def victim_stopped():
            t = ecs.describe_tasks(cluster="default", tasks=[victim])["tasks"][0]
            return t if t["lastStatus"] == "STOPPED" else None
        stopped = poll(victim_stopped, timeout=60, what="the killed task stopped")
        self.assertEqual(stopped["containers"][0]["exitCode"], 137)
        self.assertEqual(stopped["stopCode"], "EssentialContainerExited")

        def replaced():
            now = self.task_containers(server)
            return now if len(now) == 2 and victim not in now and all(now.values()) else None
        now = poll(replaced, timeout=120, what="a replacement task")
        self.assertEqual(now[survivor], before[survivor])  # the survivor was adopted, not replaced

    def test_an_awsvpc_task_keeps_its_containers_address_and_vpc_network_across_a_restart(self):
        server = self.start()
        ecs = server.client("ecs")
        ecs.create_cluster(clusterName="default")
        ecs.register_task_definition(
            family="web", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
            containerDefinitions=[{"name": "main", "image": BUSYBOX, "command": WEB, "essential": True,
                                   "stopTimeout": 1, "portMappings": [{"containerPort": 8080}]}])
        ecs.create_service(cluster="default", serviceName="web", taskDefinition="web", desiredCount=1,
                           launchType="FARGATE", networkConfiguration=default_network(server))
        before = poll(lambda: (lambda c: c if len(c) == 1 and all(c.values()) else None)(self.task_containers(server)),
                      timeout=120, what="the running task")
        arn = next(iter(before))

        def eni(server):
            attachment = server.client("ecs").describe_tasks(cluster="default", tasks=[arn])["tasks"][0]["attachments"][0]
            return {d["name"]: d["value"] for d in attachment["details"]}
        details = eni(server)
        ip = details["privateIPv4Address"]
        vpc = server.client("ec2").describe_subnets(SubnetIds=[details["subnetId"]])["Subnets"][0]["VpcId"]
        network = f"ecsemu-{vpc}"
        self.addCleanup(docker, "network", "rm", network, check=False)
        self.assertEqual(poll(lambda: fetch(f"http://{ip}:8080/index.html"), what="the task's answer"), b"adopted\n")
        containers = sorted(containers_with_label(self.label))
        self.assertEqual(len(containers), 2)  # the task's container and its pause container
        self.assertEqual(server.stop(), 0)
        self.assertTrue(network_exists(network), "the VPC network went with the process")
        self.assertEqual(fetch(f"http://{ip}:8080/index.html"), b"adopted\n")

        server = self.start()
        poll(lambda: "task adopted" in server.read_log(), timeout=60, what="the adoption")
        poll(lambda: self.steady(server, 1), timeout=60, what="the service steady")
        self.assertEqual(self.task_containers(server), before)
        self.assertEqual(eni(server)["privateIPv4Address"], ip)
        self.assertEqual(sorted(containers_with_label(self.label)), containers)  # nothing new, the pause kept
        self.assertIn(f"network={network}", server.read_log())  # "vpc network adopted"
        self.assertEqual(fetch(f"http://{ip}:8080/index.html"), b"adopted\n")
        # The adopted network is this process's now: it goes with the VPC's last task.
        server.client("ecs").update_service(cluster="default", service="web", desiredCount=0)
        poll(lambda: containers_with_label(self.label) == [], timeout=60, what="the task's containers removed")
        poll(lambda: not network_exists(network), timeout=30, what="the adopted VPC network removed")

    def test_awslogs_of_an_adopted_container_go_on_without_a_gap_or_a_repeat(self):
        server = self.start()
        ecs = server.client("ecs")
        logs = server.client("logs")
        ecs.create_cluster(clusterName="default")
        ecs.register_container_instance(
            cluster="default", instanceIdentityDocument=instance_identity("i-0123456789abcdef1"),
            instanceIdentityDocumentSignature="sig",
            totalResources=[{"name": "CPU", "type": "INTEGER", "integerValue": 4096},
                            {"name": "MEMORY", "type": "INTEGER", "integerValue": 8192}])
        logs.create_log_group(logGroupName="/ecs/counter")
        ecs.register_task_definition(family="counter", networkMode="bridge", containerDefinitions=[{
            "name": "count", "image": BUSYBOX, "essential": True, "memory": 64,
            "command": ["sh", "-c", "trap 'exit 0' TERM; i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.1; done"],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/ecs/counter", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app"}}}])
        arn = ecs.run_task(cluster="default", taskDefinition="counter", launchType="EC2")["tasks"][0]["taskArn"]
        stream = "app/count/" + arn.rsplit("/", 1)[1]

        def lines(server):
            client = server.client("logs")
            try:
                out = client.get_log_events(logGroupName="/ecs/counter", logStreamName=stream, startFromHead=True,
                                            limit=10000)
            except client.exceptions.ResourceNotFoundException:
                return []  # the stream comes with the container's start
            return [e["message"] for e in out["events"]]
        poll(lambda: len(lines(server)) >= 10, timeout=60, what="the first lines in the stream")
        delivered = len(lines(server))
        self.assertEqual(server.stop(), 0)
        server = self.start()
        poll(lambda: "task adopted" in server.read_log(), timeout=60, what="the adoption")
        # What the container wrote while ecsemu was down arrives too, then what it writes now; nothing twice.
        last = poll(lambda: (lambda got: got if len(got) >= delivered + 30 else None)(lines(server)), timeout=60,
                    what="the lines written after the restart")
        self.assertEqual(last, [f"line-{i}" for i in range(len(last))])
        server.client("ecs").stop_task(cluster="default", task=arn)
        poll(lambda: containers_with_label(self.label) == [], timeout=60, what="the task's containers removed")
        got = lines(server)
        self.assertEqual(got, [f"line-{i}" for i in range(len(got))])


if __name__ == "__main__":
    unittest.main()
