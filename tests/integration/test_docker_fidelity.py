"""Task-definition fidelity with real Docker (--runtime docker): every field RunTask hands to Docker is visible in
`docker inspect` or in what the container does (overrides, limits, labels, volumes, linux parameters, dependsOn
ordering, health checks)."""
import json
import os
import shutil
import tempfile
import time
import unittest


from harness import BUSYBOX, DockerTestCase, docker, docker_inspect, poll

WAIT = {"Delay": 1, "MaxAttempts": 60}
MiB = 1024 * 1024



def docker_time(stamp):
    """Docker's RFC 3339 nanosecond timestamp as epoch seconds (microsecond precision)."""
    from datetime import datetime
    head, _, frac = stamp.rstrip("Z").partition(".")
    return datetime.fromisoformat(head + "+00:00").timestamp() + float("0." + (frac or "0")[:6])


class DockerFidelity(DockerTestCase):
    INSTANCE_ID = "i-0123456789abcdef1"

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="ecsemu-fidelity-")
        os.chmod(self.tmp, 0o777)

    def tearDown(self):
        super().tearDown()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_one(self, family, containers, **kwargs):
        task_def = {"family": family, "networkMode": kwargs.pop("networkMode", "bridge"),
                    "containerDefinitions": containers}
        task_def.update(kwargs.pop("task_def", {}))
        self.ecs.register_task_definition(**task_def)
        out = self.ecs.run_task(cluster="default", taskDefinition=family, launchType="EC2", **kwargs)
        self.assertEqual(out["failures"], [])
        return out["tasks"][0]["taskArn"]

    def describe(self, arn):
        return self.ecs.describe_tasks(cluster="default", tasks=[arn])["tasks"][0]

    def wait(self, name, arn):
        self.ecs.get_waiter(name).wait(cluster="default", tasks=[arn], WaiterConfig=WAIT)

    def container(self, task, name):
        return next(c for c in task["containers"] if c["name"] == name)

    def inspect_of(self, arn, name):
        runtime_id = poll(lambda: self.container(self.describe(arn), name).get("runtimeId"), what=f"{name} runtimeId")
        info = docker_inspect(runtime_id)
        self.assertIsNotNone(info, "docker does not know the runtimeId")
        return info

    # --- overrides ------------------------------------------------------------------------------------
    def test_command_environment_cpu_and_memory_overrides_reach_docker(self):
        arn = self.run_one(
            "overrides",
            [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"], "essential": True, "memory": 64,
              "cpu": 128, "environment": [{"name": "KEEP", "value": "1"}, {"name": "CHANGE", "value": "old"}]}],
            overrides={"containerOverrides": [{
                "name": "main", "command": ["sleep", "1234"], "cpu": 256, "memory": 96, "memoryReservation": 48,
                "environment": [{"name": "CHANGE", "value": "new"}, {"name": "ADDED", "value": "2"}]}]})
        self.wait("tasks_running", arn)
        info = self.inspect_of(arn, "main")
        self.assertEqual(info["Config"]["Cmd"], ["sleep", "1234"])
        env = info["Config"]["Env"]
        for pair in ("KEEP=1", "CHANGE=new", "ADDED=2"):
            self.assertIn(pair, env)
        self.assertNotIn("CHANGE=old", env)
        self.assertEqual(info["HostConfig"]["CpuShares"], 256)
        self.assertEqual(info["HostConfig"]["Memory"], 96 * MiB)
        self.assertEqual(info["HostConfig"]["MemoryReservation"], 48 * MiB)
        # The process really runs the overridden command.
        top = docker("top", info["Id"]).stdout
        self.assertIn("sleep 1234", top)

    def test_cli_v1_task_and_container_overrides_reach_docker(self):
        self.ecs.register_task_definition(
            family="cli-overrides", networkMode="bridge", cpu="256", memory="128",
            containerDefinitions=[{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"],
                                   "essential": True}])
        overrides = {"cpu": "1024", "memory": "192",
                     "containerOverrides": [{"name": "main", "environment": [{"name": "FROM_CLI", "value": "yes"}]}]}
        _, out, _ = self.server.cli(1, "ecs", "run-task", "--cluster", "default", "--task-definition",
                                    "cli-overrides", "--launch-type", "EC2", "--overrides", json.dumps(overrides))
        arn = out["tasks"][0]["taskArn"]
        self.wait("tasks_running", arn)
        info = self.inspect_of(arn, "main")
        self.assertIn("FROM_CLI=yes", info["Config"]["Env"])
        self.assertEqual(info["HostConfig"]["Memory"], 192 * MiB)
        self.assertEqual(info["HostConfig"]["CpuQuota"] * 1024 // info["HostConfig"]["CpuPeriod"], 1024)

    def test_task_level_cpu_and_memory_limit_the_containers(self):
        arn = self.run_one("tasksize", [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"],
                                         "essential": True}],
                           task_def={"cpu": "512", "memory": "256"})
        self.wait("tasks_running", arn)
        host = self.inspect_of(arn, "main")["HostConfig"]
        self.assertEqual(host["Memory"], 256 * MiB)
        self.assertEqual(host["CpuQuota"] * 1024 // host["CpuPeriod"], 512)

    # --- container definition fields -------------------------------------------------------------------
    def test_container_definition_fields_reach_docker(self):
        arn = self.run_one("fields", [{
            "name": "main", "image": BUSYBOX, "command": ["sleep", "3600"], "essential": True, "memory": 64,
            "workingDirectory": "/tmp", "user": "1000:1000", "hostname": "web-1", "readonlyRootFilesystem": True,
            "dockerLabels": {"team": "blue"}, "stopTimeout": 9,
            "extraHosts": [{"hostname": "api.internal", "ipAddress": "10.9.8.7"}],
            "dnsSearchDomains": ["corp.example"],
            "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 2048}],
            "linuxParameters": {"initProcessEnabled": True, "capabilities": {"add": ["NET_ADMIN"], "drop": ["MKNOD"]},
                                "sharedMemorySize": 32,
                                "tmpfs": [{"containerPath": "/scratch", "size": 16, "mountOptions": ["noexec"]}]}}])
        self.wait("tasks_running", arn)
        info = self.inspect_of(arn, "main")
        cfg, host = info["Config"], info["HostConfig"]
        self.assertEqual(cfg["WorkingDir"], "/tmp")
        self.assertEqual(cfg["User"], "1000:1000")
        self.assertEqual(cfg["Hostname"], "web-1")
        self.assertEqual(cfg["StopTimeout"], 9)
        self.assertEqual(cfg["Labels"]["team"], "blue")
        self.assertEqual(cfg["Labels"]["com.amazonaws.ecs.task-arn"], arn)
        self.assertEqual(cfg["Labels"]["com.amazonaws.ecs.container-name"], "main")
        self.assertEqual(cfg["Labels"]["com.amazonaws.ecs.task-definition-family"], "fields")
        self.assertTrue(host["ReadonlyRootfs"])
        self.assertTrue(host["Init"])
        self.assertEqual(host["CapAdd"], ["NET_ADMIN"])
        self.assertEqual(host["CapDrop"], ["MKNOD"])
        self.assertEqual(host["ShmSize"], 32 * MiB)
        self.assertEqual(host["ExtraHosts"], ["api.internal:10.9.8.7"])
        self.assertEqual(host["DnsSearch"], ["corp.example"])
        self.assertEqual(host["Ulimits"], [{"Name": "nofile", "Soft": 1024, "Hard": 2048}])
        # And inside the container:
        out = docker("exec", info["Id"], "sh", "-c",
                     "id -u; hostname; pwd; ulimit -n; grep api.internal /etc/hosts; "
                     "touch /rootfs-probe 2>/dev/null && echo rw || echo ro; grep ' /scratch ' /proc/mounts").stdout
        lines = out.splitlines()
        self.assertEqual(lines[0], "1000")
        self.assertEqual(lines[1], "web-1")
        self.assertEqual(lines[2], "/tmp")
        self.assertEqual(lines[3], "1024")
        self.assertIn("10.9.8.7", lines[4])
        self.assertEqual(lines[5], "ro")
        self.assertIn("noexec", lines[6])

    # --- volumes ---------------------------------------------------------------------------------------
    def test_host_volumes_and_mount_points_with_read_only(self):
        src = os.path.join(self.tmp, "in")
        out = os.path.join(self.tmp, "out")
        os.makedirs(src)
        os.makedirs(out)
        os.chmod(out, 0o777)
        with open(os.path.join(src, "msg"), "w") as f:
            f.write("hello from the host\n")
        script = ("cp /in/msg /out/copy; touch /in/forbidden 2>/dev/null && echo writable > /out/ro "
                  "|| echo readonly > /out/ro; echo x > /shared/x && cat /shared/x > /out/volume; sleep 3600")
        arn = self.run_one(
            "volumes",
            [{"name": "main", "image": BUSYBOX, "command": ["sh", "-c", script], "essential": True, "memory": 64,
              "mountPoints": [{"sourceVolume": "in", "containerPath": "/in", "readOnly": True},
                              {"sourceVolume": "out", "containerPath": "/out"},
                              {"sourceVolume": "scratch", "containerPath": "/shared"}]}],
            task_def={"volumes": [{"name": "in", "host": {"sourcePath": src}},
                                  {"name": "out", "host": {"sourcePath": out}},
                                  {"name": "scratch"}]})
        self.wait("tasks_running", arn)
        poll(lambda: os.path.exists(os.path.join(out, "volume")), what="the container's writes")
        with open(os.path.join(out, "copy")) as f:
            self.assertEqual(f.read(), "hello from the host\n")
        with open(os.path.join(out, "ro")) as f:
            self.assertEqual(f.read().strip(), "readonly")
        self.assertFalse(os.path.exists(os.path.join(src, "forbidden")))
        mounts = {m["Destination"]: m for m in self.inspect_of(arn, "main")["Mounts"]}
        self.assertEqual(mounts["/in"]["Source"], src)
        self.assertFalse(mounts["/in"]["RW"])
        self.assertTrue(mounts["/out"]["RW"])
        self.assertEqual(mounts["/shared"]["Type"], "volume")
        self.assertTrue(mounts["/shared"]["Name"].startswith("ecs-volumes-"), mounts["/shared"]["Name"])
        self.addCleanup(docker, "volume", "rm", "-f", mounts["/shared"]["Name"], check=False)

    def test_docker_volumes_task_scoped_removed_with_the_task_shared_ones_kept(self):
        shared = f"ecsemu-fidelity-shared-{os.getpid()}"
        self.addCleanup(docker, "volume", "rm", "-f", shared, check=False)
        arn = self.run_one(
            "dockervolumes",
            [{"name": "main", "image": BUSYBOX, "command": ["sh", "-c", "echo hi > /mine/f; echo hi > /shared/f; "
                                                                        "sleep 3600"],
              "essential": True, "memory": 32, "stopTimeout": 2,
              "mountPoints": [{"sourceVolume": "mine", "containerPath": "/mine"},
                              {"sourceVolume": shared, "containerPath": "/shared"}]}],
            task_def={"volumes": [
                {"name": "mine", "dockerVolumeConfiguration": {"scope": "task", "driver": "local",
                                                               "labels": {"purpose": "scratch"}}},
                {"name": shared, "dockerVolumeConfiguration": {"scope": "shared", "autoprovision": True,
                                                               "labels": {"purpose": "cache"}}}]})
        self.wait("tasks_running", arn)
        mounts = {m["Destination"]: m for m in self.inspect_of(arn, "main")["Mounts"]}
        mine = mounts["/mine"]["Name"]
        self.assertEqual(mounts["/shared"]["Name"], shared)
        info = json.loads(docker("volume", "inspect", mine).stdout)[0]
        self.assertEqual(info["Labels"]["purpose"], "scratch")
        self.assertEqual(info["Labels"]["com.amazonaws.ecs.task-arn"], arn)
        self.assertEqual(json.loads(docker("volume", "inspect", shared).stdout)[0]["Labels"]["purpose"], "cache")
        self.ecs.stop_task(cluster="default", task=arn, reason="done")
        self.wait("tasks_stopped", arn)
        poll(lambda: docker("volume", "inspect", mine, check=False).returncode != 0, what="the task volume removed")
        self.assertEqual(docker("volume", "inspect", shared, check=False).returncode, 0)

    def test_a_missing_shared_volume_without_autoprovision_fails_the_task(self):
        missing = f"ecsemu-fidelity-missing-{os.getpid()}"
        docker("volume", "rm", "-f", missing, check=False)
        arn = self.run_one(
            "novolume",
            [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"], "essential": True, "memory": 32,
              "mountPoints": [{"sourceVolume": missing, "containerPath": "/data"}]}],
            task_def={"volumes": [{"name": missing, "dockerVolumeConfiguration": {"scope": "shared"}}]})
        self.wait("tasks_stopped", arn)
        task = self.describe(arn)
        self.assertEqual(task["stopCode"], "TaskFailedToStart")
        self.assertIn("CannotCreateVolumeError", task["stoppedReason"])
        self.assertNotEqual(docker("volume", "inspect", missing, check=False).returncode, 0)

    # --- dependsOn ---------------------------------------------------------------------------------------
    def test_depends_on_success_and_start_order_the_containers(self):
        arn = self.run_one("ordered", [
            {"name": "init", "image": BUSYBOX, "command": ["sh", "-c", "sleep 2; exit 0"], "essential": False,
             "memory": 32},
            {"name": "sidecar", "image": BUSYBOX, "command": ["sleep", "3600"], "essential": False, "memory": 32,
             "dependsOn": [{"containerName": "init", "condition": "SUCCESS"}]},
            {"name": "app", "image": BUSYBOX, "command": ["sleep", "3600"], "essential": True, "memory": 32,
             "dependsOn": [{"containerName": "sidecar", "condition": "START"},
                           {"containerName": "init", "condition": "COMPLETE"}]}])
        self.wait("tasks_running", arn)
        init = self.inspect_of(arn, "init")
        sidecar = self.inspect_of(arn, "sidecar")
        app = self.inspect_of(arn, "app")
        init_finished = docker_time(init["State"]["FinishedAt"])
        self.assertEqual(init["State"]["ExitCode"], 0)
        self.assertGreaterEqual(docker_time(sidecar["State"]["StartedAt"]), init_finished)
        self.assertGreaterEqual(docker_time(app["State"]["StartedAt"]), docker_time(sidecar["State"]["StartedAt"]))

    def test_a_success_dependency_that_fails_stops_the_task_and_the_dependent_never_starts(self):
        arn = self.run_one("broken-init", [
            {"name": "init", "image": BUSYBOX, "command": ["sh", "-c", "exit 3"], "essential": False, "memory": 32},
            {"name": "app", "image": BUSYBOX, "command": ["sleep", "3600"], "essential": True, "memory": 32,
             "dependsOn": [{"containerName": "init", "condition": "SUCCESS"}]}])
        self.wait("tasks_stopped", arn)
        task = self.describe(arn)
        self.assertEqual(self.container(task, "init")["exitCode"], 3)
        self.assertEqual(task["stopCode"], "TaskFailedToStart")
        self.assertIn("did not exit successfully", task["stoppedReason"])
        app = self.container(task, "app")
        self.assertNotIn("exitCode", app)
        self.assertEqual(app["lastStatus"], "STOPPED")

    # --- health checks -----------------------------------------------------------------------------------
    def test_health_check_drives_container_and_task_health_status(self):
        arn = self.run_one("healthy", [{
            "name": "main", "image": BUSYBOX, "command": ["sleep", "3600"], "essential": True, "memory": 32,
            "healthCheck": {"command": ["CMD-SHELL", "test -d /"], "interval": 5, "timeout": 2, "retries": 2}}])
        self.wait("tasks_running", arn)
        info = self.inspect_of(arn, "main")
        hc = info["Config"]["Healthcheck"]
        self.assertEqual(hc["Test"], ["CMD-SHELL", "test -d /"])
        self.assertEqual(hc["Interval"], 5 * 10**9)
        self.assertEqual(hc["Timeout"], 2 * 10**9)
        self.assertEqual(hc["Retries"], 2)
        task = poll(lambda: (lambda t: t if t.get("healthStatus") == "HEALTHY" else None)(self.describe(arn)),
                    timeout=40, what="task healthStatus HEALTHY")
        self.assertEqual(self.container(task, "main")["healthStatus"], "HEALTHY")

    def test_a_failing_health_check_makes_the_task_unhealthy(self):
        arn = self.run_one("sick", [{
            "name": "main", "image": BUSYBOX, "command": ["sleep", "3600"], "essential": True, "memory": 32,
            "healthCheck": {"command": ["CMD-SHELL", "exit 1"], "interval": 5, "timeout": 2, "retries": 1}}])
        self.wait("tasks_running", arn)
        poll(lambda: self.describe(arn).get("healthStatus") == "UNHEALTHY", timeout=40,
             what="task healthStatus UNHEALTHY")

    # --- awsvpc --------------------------------------------------------------------------------------------
    def test_awsvpc_containers_share_localhost(self):
        ec2 = self.server.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
        arn = self.run_one(
            "pair",
            [{"name": "server", "image": BUSYBOX, "command": ["httpd", "-f", "-p", "8080", "-h", "/etc"],
              "essential": True, "memory": 32, "portMappings": [{"containerPort": 8080}]},
             {"name": "client", "image": BUSYBOX, "essential": True, "memory": 32,
              "command": ["sh", "-c", "while ! wget -q -O /got http://127.0.0.1:8080/hostname; do sleep 0.2; "
                                      "done; sleep 3600"]}],
            networkMode="awsvpc",
            networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet]}})
        self.wait("tasks_running", arn)
        client = self.inspect_of(arn, "client")
        server = self.inspect_of(arn, "server")
        self.assertTrue(client["HostConfig"]["NetworkMode"].startswith("container:"))
        self.assertEqual(client["HostConfig"]["NetworkMode"], server["HostConfig"]["NetworkMode"])
        pause = docker_inspect(client["HostConfig"]["NetworkMode"].split(":", 1)[1])
        self.assertIsNotNone(pause, "the namespace's owner is gone")
        self.assertEqual(pause["Config"]["Labels"]["com.amazonaws.ecs.container-name"], "~internal~ecs~pause")
        self.assertEqual(pause["Config"]["Labels"]["com.amazonaws.ecs.task-arn"], arn)
        self.assertTrue(pause["Config"]["Image"].startswith("ecsemu/pause:"))
        poll(lambda: docker("exec", client["Id"], "test", "-s", "/got", check=False).returncode == 0,
             what="the client's request over localhost")


if __name__ == "__main__":
    unittest.main()
