"""--state-dir: the world survives a restart, graceful or kill -9, and a damaged state directory is handled as
README says (a cut-short journal tail dropped, a damaged snapshot refused, one process per directory)."""
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

from harness import BIN, Server, code, poll


TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def start(state_dir, *args):
    return Server("--state-dir", state_dir, *args).__enter__()


def kill9(server):
    server.proc.kill()
    server.proc.wait()
    server.__exit__(None, None, None)


class StateDirTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ecsemu-state-it-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def test_a_graceful_restart_keeps_every_resource_and_the_service_steady(self):
        server = start(self.dir)
        try:
            ecs = server.client("ecs")
            ecs.create_cluster(clusterName="web", tags=[{"key": "team", "value": "a"}])
            for _ in range(3):
                ecs.register_task_definition(
                    family="app", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256",
                    memory="512", containerDefinitions=[{"name": "c", "image": "busybox:local", "essential": True}])
            ecs.deregister_task_definition(taskDefinition="app:2")
            ec2 = server.client("ec2")
            subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]]
            vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
            group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
            ecs.create_service(cluster="web", serviceName="api", taskDefinition="app:3", desiredCount=2,
                               launchType="FARGATE",
                               networkConfiguration={"awsvpcConfiguration": {"subnets": subnets[:1]}})
            poll(lambda: ecs.describe_services(cluster="web", services=["api"])["services"][0]["runningCount"] == 2,
                 timeout=30, what="two running tasks")
            server.client("ssm").put_parameter(Name="/app/db", Value="postgres://db", Type="String")
            server.client("iam").create_role(RoleName="task-role", AssumeRolePolicyDocument=TRUST)
            server.client("logs").create_log_group(logGroupName="/ecs/app")
            server.client("logs", region="eu-west-1").create_log_group(logGroupName="/ecs/eu")
            old_tasks = set(ecs.list_tasks(cluster="web")["taskArns"])
        finally:
            self.assertEqual(server.stop(), 0)
            server.__exit__(None, None, None)

        server = start(self.dir)
        try:
            ecs = server.client("ecs")
            cluster = ecs.describe_clusters(clusters=["web"], include=["TAGS"])["clusters"][0]
            self.assertEqual(cluster["status"], "ACTIVE")
            self.assertEqual(cluster["tags"], [{"key": "team", "value": "a"}])
            arns = ecs.list_task_definitions(familyPrefix="app")["taskDefinitionArns"]
            self.assertEqual([a.rsplit(":", 1)[1] for a in arns], ["1", "3"])
            self.assertEqual(ecs.describe_task_definition(taskDefinition="app:2")["taskDefinition"]["status"],
                             "INACTIVE")
            # A revision number is never reused.
            again = ecs.register_task_definition(
                family="app", containerDefinitions=[{"name": "c", "image": "busybox:local", "memory": 64}])
            self.assertEqual(again["taskDefinition"]["revision"], 4)
            ec2 = server.client("ec2")
            self.assertEqual(ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["CidrBlock"], "10.20.0.0/16")
            self.assertEqual(ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["GroupName"], "web")
            self.assertEqual(server.client("ssm").get_parameter(Name="/app/db")["Parameter"]["Value"],
                             "postgres://db")
            self.assertEqual(server.client("iam").get_role(RoleName="task-role")["Role"]["RoleName"], "task-role")
            groups = server.client("logs").describe_log_groups()["logGroups"]
            self.assertEqual([g["logGroupName"] for g in groups], ["/ecs/app"])
            groups = server.client("logs", region="eu-west-1").describe_log_groups()["logGroups"]
            self.assertEqual([g["logGroupName"] for g in groups], ["/ecs/eu"])
            # The old tasks lost their containers with the old process: they are stopped, saying so, and the
            # service runs two new ones.
            def old_ones_stopped():
                tasks = ecs.describe_tasks(cluster="web", tasks=sorted(old_tasks))["tasks"]
                return tasks if len(tasks) == 2 and all(t["lastStatus"] == "STOPPED" for t in tasks) else None
            for task in poll(old_ones_stopped, timeout=30, what="the old tasks stopped"):
                self.assertIn("ecsemu restarted", task["stoppedReason"])
                self.assertEqual(task["stopCode"], "EssentialContainerExited")

            def steady():
                svc = ecs.describe_services(cluster="web", services=["api"])["services"][0]
                running = set(ecs.list_tasks(cluster="web", desiredStatus="RUNNING")["taskArns"])
                return svc["runningCount"] == 2 and len(svc["deployments"]) == 1 and running and \
                    not running & old_tasks
            poll(steady, timeout=60, what="the service steady with two new tasks")
        finally:
            server.stop()
            server.__exit__(None, None, None)

    def test_kill_9_during_concurrent_writes_loses_no_acknowledged_write(self):
        acknowledged = []
        lock = threading.Lock()
        for round_no in range(3):
            server = start(self.dir)
            stop = threading.Event()

            def writer(worker, server=server, round_no=round_no, stop=stop):
                ssm = server.client("ssm")
                ecs = server.client("ecs")
                i = 0
                while not stop.is_set():
                    name = f"/r{round_no}/w{worker}/{i}"
                    try:
                        if i % 2:
                            ssm.put_parameter(Name=name, Value=str(i), Type="String")
                        else:
                            ecs.create_cluster(clusterName=f"r{round_no}-w{worker}-{i}")
                    except Exception:  # the server died under the request: not acknowledged
                        return
                    with lock:
                        acknowledged.append((round_no, worker, i))
                    i += 1

            threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
            for t in threads:
                t.start()
            poll(lambda: len([a for a in acknowledged if a[0] == round_no]) >= 40, timeout=60,
                 what="writes acknowledged")
            kill9(server)
            stop.set()
            for t in threads:
                t.join(timeout=30)

        server = start(self.dir)
        try:
            ssm = server.client("ssm")
            ecs = server.client("ecs")
            clusters = set()
            for page in ecs.get_paginator("list_clusters").paginate():
                clusters.update(a.rsplit("/", 1)[1] for a in page["clusterArns"])
            params = set()
            for page in ssm.get_paginator("describe_parameters").paginate():
                params.update(p["Name"] for p in page["Parameters"])
            missing = []
            for round_no, worker, i in acknowledged:
                if i % 2:
                    if f"/r{round_no}/w{worker}/{i}" not in params:
                        missing.append(f"/r{round_no}/w{worker}/{i}")
                elif f"r{round_no}-w{worker}-{i}" not in clusters:
                    missing.append(f"r{round_no}-w{worker}-{i}")
            self.assertGreaterEqual(len(acknowledged), 120)
            self.assertEqual(missing, [], f"{len(missing)} of {len(acknowledged)} acknowledged writes lost")
        finally:
            server.stop()
            server.__exit__(None, None, None)

    def test_a_damaged_journal_tail_is_dropped_with_a_log_line(self):
        server = start(self.dir)
        ecs = server.client("ecs")
        ecs.create_cluster(clusterName="kept")
        kill9(server)  # no graceful snapshot: the cluster is in the journal alone
        with open(os.path.join(self.dir, "journal"), "ab") as f:
            f.write(b"4096 deadbeef\n{\"account\": \"1")  # a record cut short, as a crash mid-write leaves it
        server = start(self.dir)
        try:
            ecs = server.client("ecs")
            self.assertEqual(ecs.describe_clusters(clusters=["kept"])["clusters"][0]["status"], "ACTIVE")
            self.assertIn("journal tail dropped", server.read_log())
            self.assertIn("a record cut short", server.read_log())
        finally:
            server.stop()
            server.__exit__(None, None, None)

    def test_a_damaged_snapshot_stops_start_up_naming_the_file(self):
        server = start(self.dir)
        server.client("ecs").create_cluster(clusterName="precious")
        self.assertEqual(server.stop(), 0)
        server.__exit__(None, None, None)
        snapshot = os.path.join(self.dir, "snapshot")
        with open(snapshot, "r+b") as f:
            data = bytearray(f.read())
            data[-3] ^= 0x20
            f.seek(0)
            f.write(data)
        res = subprocess.run([BIN, "--runtime", "simulated", "--port", "0", "--state-dir", self.dir],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(res.returncode, 1)
        self.assertIn(snapshot, res.stderr)
        self.assertIn("checksum", res.stderr)
        self.assertIn("Restore that file from a backup", res.stderr)
        # Nothing was thrown away: the damaged file is still there for the user to deal with.
        with open(snapshot, "rb") as f:
            self.assertEqual(f.read(), bytes(data))

    def test_a_second_ecsemu_on_the_same_directory_refuses_to_start(self):
        server = start(self.dir)
        try:
            res = subprocess.run([BIN, "--runtime", "simulated", "--port", "0", "--state-dir", self.dir],
                                 capture_output=True, text=True, timeout=30)
            self.assertEqual(res.returncode, 1)
            self.assertIn(f"in use by another ecsemu (pid {server.proc.pid})", res.stderr)
            # The first one is unharmed.
            server.client("ecs").create_cluster(clusterName="still-here")
        finally:
            server.stop()
            server.__exit__(None, None, None)

    def test_reset_wipes_the_state_directory_too(self):
        server = start(self.dir)
        server.client("ecs").create_cluster(clusterName="gone")
        status, _, _ = server.raw("POST", "/_ecsemu/reset")
        self.assertEqual(status, 200)
        kill9(server)
        server = start(self.dir)
        try:
            with self.assertRaises(Exception) as ctx:
                server.client("ecs").describe_services(cluster="gone", services=["x"])
            self.assertEqual(code(ctx.exception), "ClusterNotFoundException")
        finally:
            server.stop()
            server.__exit__(None, None, None)


if __name__ == "__main__":
    unittest.main()
