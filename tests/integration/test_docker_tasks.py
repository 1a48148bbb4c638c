"""Tasks as real Docker containers (--runtime docker): lifecycle, exit codes, stop timeouts, failed pulls,
published ports, many tasks at once and clean-up, driven by boto3 and the AWS CLI v1 and v2."""
import concurrent.futures
import json
import os
import subprocess
import time
import unittest
import urllib.request

from harness import (BIN, BUSYBOX, DockerTestCase, Server, containers_with_label, default_network, docker,
                     docker_inspect, poll, remove_containers_with_label, require_cli_v2, require_docker)

WAIT = {"Delay": 1, "MaxAttempts": 60}



class DockerTasks(DockerTestCase):

    def register(self, family, command, **extra):
        container = {"name": "main", "image": BUSYBOX, "command": command, "essential": True, "memory": 64}
        container.update(extra)
        self.ecs.register_task_definition(family=family, networkMode="bridge", containerDefinitions=[container])

    def run_one(self, family, **kwargs):
        out = self.ecs.run_task(cluster="default", taskDefinition=family, launchType="EC2", **kwargs)
        self.assertEqual(out["failures"], [])
        return out["tasks"][0]["taskArn"]

    def describe(self, arn):
        return self.ecs.describe_tasks(cluster="default", tasks=[arn])["tasks"][0]

    def wait(self, name, arns):
        self.ecs.get_waiter(name).wait(cluster="default", tasks=arns, WaiterConfig=WAIT)

    # --- lifecycle -----------------------------------------------------------------------------------
    def test_run_task_runs_a_real_container_and_stop_task_removes_it(self):
        require_cli_v2(self)
        self.register("sleeper", ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"])
        arn = self.run_one("sleeper")
        self.wait("tasks_running", [arn])
        task = self.describe(arn)
        self.assertEqual(task["lastStatus"], "RUNNING")
        for stamp in ("pullStartedAt", "pullStoppedAt", "startedAt"):
            self.assertIn(stamp, task)
        container = task["containers"][0]
        self.assertEqual(container["lastStatus"], "RUNNING")
        info = docker_inspect(container["runtimeId"])
        self.assertIsNotNone(info, "docker does not know the runtimeId")
        self.assertTrue(info["State"]["Running"])
        labels = info["Config"]["Labels"]
        self.assertEqual(labels["com.amazonaws.ecs.task-arn"], arn)
        self.assertEqual(labels["com.amazonaws.ecs.container-name"], "main")
        self.assertEqual(labels["com.amazonaws.ecs.cluster"], task["clusterArn"])
        self.assertEqual(labels["com.amazonaws.ecs.task-definition-family"], "sleeper")
        self.assertEqual(labels["com.amazonaws.ecs.task-definition-version"], "1")
        self.assertIn("ecsemu", labels)
        self.assertEqual(info["Config"]["Cmd"][0:2], ["sh", "-c"])

        _, out, _ = self.server.cli(2, "ecs", "stop-task", "--cluster", "default", "--task", arn,
                                    "--reason", "done for today")
        self.assertEqual(out["task"]["desiredStatus"], "STOPPED")
        self.wait("tasks_stopped", [arn])
        task = self.describe(arn)
        self.assertEqual(task["stopCode"], "UserInitiated")
        self.assertEqual(task["stoppedReason"], "done for today")
        for stamp in ("stoppingAt", "executionStoppedAt", "stoppedAt"):
            self.assertIn(stamp, task)
        self.assertEqual(task["containers"][0]["exitCode"], 0)  # its TERM trap exits 0
        self.assertIsNone(docker_inspect(container["runtimeId"]), "the stopped task's container was not removed")

    def test_essential_container_exit_reports_its_exit_code(self):
        self.register("quitter", ["sleep", "3600"])
        _, out, _ = self.server.cli(
            1, "ecs", "run-task", "--cluster", "default", "--task-definition", "quitter", "--launch-type", "EC2",
            "--overrides", json.dumps({"containerOverrides": [{"name": "main", "command": ["sh", "-c", "exit 3"]}]}))
        arn = out["tasks"][0]["taskArn"]
        self.wait("tasks_stopped", [arn])
        task = self.describe(arn)
        self.assertEqual(task["stopCode"], "EssentialContainerExited")
        self.assertEqual(task["stoppedReason"], "Essential container in task exited")
        self.assertEqual(task["containers"][0]["exitCode"], 3)
        self.assertEqual(task["containers"][0]["lastStatus"], "STOPPED")
        self.assertEqual(containers_with_label(f"com.amazonaws.ecs.task-arn={arn}"), [])

    def test_a_container_ignoring_sigterm_is_killed_after_its_stop_timeout(self):
        self.register("stubborn", ["sh", "-c", "trap '' TERM; while true; do sleep 1; done"], stopTimeout=2)
        arn = self.run_one("stubborn")
        self.wait("tasks_running", [arn])
        started = time.monotonic()
        self.ecs.stop_task(cluster="default", task=arn, reason="enough")
        deadline = started + 30
        while self.describe(arn)["lastStatus"] != "STOPPED":
            self.assertLess(time.monotonic(), deadline, "the task did not stop")
            time.sleep(0.1)
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(elapsed, 2.0, "stopped before the stop timeout: SIGTERM was not ignored")
        self.assertLess(elapsed, 10.0)
        task = self.describe(arn)
        self.assertEqual(task["containers"][0]["exitCode"], 137)  # SIGKILL
        self.assertEqual(task["stopCode"], "UserInitiated")

    def test_a_failed_pull_fails_the_task_with_cannot_pull_container_error(self):
        self.ecs.register_task_definition(
            family="ghost", networkMode="bridge",
            containerDefinitions=[{"name": "main", "image": "nonexistent.invalid/x:1", "memory": 64}])
        arn = self.run_one("ghost")
        with self.assertRaises(Exception):
            self.ecs.get_waiter("tasks_running").wait(cluster="default", tasks=[arn],
                                                      WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        task = self.describe(arn)
        self.assertEqual(task["lastStatus"], "STOPPED")
        self.assertEqual(task["stopCode"], "TaskFailedToStart")
        self.assertTrue(task["stoppedReason"].startswith("CannotPullContainerError: "), task["stoppedReason"])
        self.assertIn("nonexistent.invalid", task["stoppedReason"])
        container = task["containers"][0]
        self.assertTrue(container["reason"].startswith("CannotPullContainerError: "), container)
        self.assertNotIn("exitCode", container)
        self.assertNotIn("runtimeId", container)

    def test_a_command_that_cannot_start_fails_the_task(self):
        self.register("broken", ["/no/such/binary"])
        arn = self.run_one("broken")
        self.wait("tasks_stopped", [arn])
        task = self.describe(arn)
        self.assertEqual(task["stopCode"], "TaskFailedToStart")
        self.assertTrue(task["stoppedReason"].startswith("CannotStartContainerError: "), task["stoppedReason"])
        self.assertEqual(containers_with_label(f"com.amazonaws.ecs.task-arn={arn}"), [])

    def test_health_check_results_become_container_and_task_health(self):
        self.register("checked", ["sleep", "3600"], stopTimeout=1,
                      healthCheck={"command": ["CMD-SHELL", "test -e /bin/sh"], "interval": 5, "timeout": 2,
                                   "retries": 1})
        arn = self.run_one("checked")
        self.wait("tasks_running", [arn])
        self.assertEqual(self.describe(arn)["healthStatus"], "UNKNOWN")
        deadline = time.monotonic() + 30
        while self.describe(arn)["healthStatus"] != "HEALTHY":
            self.assertLess(time.monotonic(), deadline, "the health check never reported healthy")
            time.sleep(0.25)
        self.assertEqual(self.describe(arn)["containers"][0]["healthStatus"], "HEALTHY")

    # --- ports -----------------------------------------------------------------------------------------
    def test_bridge_host_port_zero_publishes_an_ephemeral_port_on_loopback(self):
        self.register("web", ["sh", "-c", "mkdir -p /www && echo hello-from-ecsemu > /www/index.html && "
                                          "exec httpd -f -p 80 -h /www"],
                      portMappings=[{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}])
        arn = self.run_one("web")
        self.wait("tasks_running", [arn])
        bindings = self.describe(arn)["containers"][0]["networkBindings"]
        self.assertEqual(len(bindings), 1, bindings)
        binding = bindings[0]
        self.assertEqual(binding["bindIP"], "127.0.0.1")
        self.assertEqual(binding["containerPort"], 80)
        self.assertEqual(binding["protocol"], "tcp")
        self.assertGreater(binding["hostPort"], 0)
        body, deadline = None, time.monotonic() + 20
        while body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{binding['hostPort']}/index.html", timeout=2) as r:
                    body = r.read().decode()
            except OSError:
                self.assertLess(time.monotonic(), deadline, "nothing answers on the published port")
                time.sleep(0.2)
        self.assertEqual(body.strip(), "hello-from-ecsemu")

    # --- awsvpc ------------------------------------------------------------------------------------------
    def test_awsvpc_tasks_share_a_pause_container_that_goes_with_the_task(self):
        self.ecs.register_task_definition(
            family="pair", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
            containerDefinitions=[
                {"name": "server", "image": BUSYBOX, "command": ["httpd", "-f", "-p", "8080", "-h", "/etc"],
                 "stopTimeout": 2},
                {"name": "client", "image": BUSYBOX, "stopTimeout": 2,
                 "command": ["sh", "-c", "while ! wget -q -O /got http://127.0.0.1:8080/hostname; do sleep 0.2; done;"
                                         " exec sleep 3600"]}])
        out = self.ecs.run_task(cluster="default", taskDefinition="pair", launchType="FARGATE",
                                networkConfiguration=default_network(self.server))
        arn = out["tasks"][0]["taskArn"]
        self.wait("tasks_running", [arn])
        task_label = f"com.amazonaws.ecs.task-arn={arn}"
        ids = containers_with_label(task_label)
        self.assertEqual(len(ids), 3, "two containers and the pause container")
        infos = [docker_inspect(i) for i in ids]
        pause = [i for i in infos if i["Config"]["Labels"]["com.amazonaws.ecs.container-name"] == "~internal~ecs~pause"]
        self.assertEqual(len(pause), 1)
        for info in infos:
            if info is not pause[0]:
                self.assertEqual(info["HostConfig"]["NetworkMode"], "container:" + pause[0]["Id"])
        client = [c for c in self.describe(arn)["containers"] if c["name"] == "client"][0]
        deadline = time.monotonic() + 20
        while docker("exec", client["runtimeId"], "test", "-s", "/got", check=False).returncode != 0:
            self.assertLess(time.monotonic(), deadline, "the client never reached the server over localhost")
            time.sleep(0.2)
        self.ecs.stop_task(cluster="default", task=arn)
        self.wait("tasks_stopped", [arn])
        self.assertEqual(containers_with_label(task_label), [])

    def test_a_task_scoped_volume_lives_as_long_as_its_task(self):
        self.ecs.register_task_definition(
            family="vol", networkMode="bridge", volumes=[{"name": "scratch"}],
            containerDefinitions=[{"name": "main", "image": BUSYBOX, "memory": 32, "stopTimeout": 1,
                                   "command": ["sh", "-c", "echo kept > /data/f; exec sleep 3600"],
                                   "mountPoints": [{"sourceVolume": "scratch", "containerPath": "/data"}]}])
        arn = self.run_one("vol")
        self.wait("tasks_running", [arn])
        label = f"com.amazonaws.ecs.task-arn={arn}"
        volumes = docker("volume", "ls", "-q", "--filter", f"label={label}").stdout.split()
        self.assertEqual(len(volumes), 1, "the task-scoped volume was not created")
        self.ecs.stop_task(cluster="default", task=arn)
        self.wait("tasks_stopped", [arn])
        self.assertEqual(docker("volume", "ls", "-q", "--filter", f"label={label}").stdout.split(), [],
                         "the task-scoped volume outlived its task")

    # --- many tasks and clean-up ---------------------------------------------------------------------------
    def test_fifty_concurrent_run_tasks_all_run_then_stop_without_leftovers(self):
        self.register("crowd", ["sleep", "3600"], stopTimeout=2)

        def run(_):
            client = self.server.client("ecs")
            return self.run_one_with(client)

        with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
            arns = list(pool.map(run, range(50)))
        self.assertEqual(len(set(arns)), 50)
        for i in range(0, 50, 25):  # DescribeTasks takes up to 100; stay well inside the waiter's attempts
            self.ecs.get_waiter("tasks_running").wait(cluster="default", tasks=arns[i:i + 25],
                                                      WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        self.assertEqual(len(containers_with_label(self.owner_label, all_states=False)), 50)
        for arn in arns:
            self.ecs.stop_task(cluster="default", task=arn)
        for i in range(0, 50, 25):
            self.ecs.get_waiter("tasks_stopped").wait(cluster="default", tasks=arns[i:i + 25],
                                                      WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        self.assertEqual(containers_with_label(self.owner_label), [])

    def run_one_with(self, client):
        out = client.run_task(cluster="default", taskDefinition="crowd", launchType="EC2")
        self.assertEqual(out["failures"], [])
        return out["tasks"][0]["taskArn"]

    def test_reset_removes_the_containers(self):
        self.register("sleeper", ["sleep", "3600"])
        arns = [self.run_one("sleeper") for _ in range(2)]
        self.wait("tasks_running", arns)
        self.assertEqual(len(containers_with_label(self.owner_label)), 2)
        status, _, _ = self.server.raw("POST", "/_ecsemu/reset")
        self.assertEqual(status, 200)
        self.assertEqual(containers_with_label(self.owner_label), [])


class DockerStartup(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_docker()

    def test_left_over_containers_of_a_dead_ecsemu_are_removed_at_start_up(self):
        dead = subprocess.Popen(["true"])
        dead.wait()
        with Server("--runtime", "docker") as live:
            ours = docker("run", "-d", "--label", "ecsemu=old", "--label", f"ecsemu.pid={dead.pid}",
                          BUSYBOX, "sleep", "3600").stdout.strip()
            theirs = docker("run", "-d", "--label", "ecsemu=live", "--label", f"ecsemu.pid={live.proc.pid}",
                            BUSYBOX, "sleep", "3600").stdout.strip()
            try:
                with Server("--runtime", "docker") as second:
                    # It answers before its Docker clean-up is done; the log says when that is.
                    second.client("ecs").list_clusters()
                    poll(lambda: "msg=\"docker runtime ready\"" in second.read_log(), what="the start-up clean-up")
                    self.assertIn("leftover_containers_removed=1 ", second.read_log())
                    self.assertIsNone(docker_inspect(ours), "a dead ecsemu's container survived start-up")
                    self.assertIsNotNone(docker_inspect(theirs), "a running ecsemu's container was removed")
            finally:
                docker("rm", "-f", ours, theirs, check=False)

    def test_shutdown_removes_the_containers_it_started(self):
        with Server("--runtime", "docker") as server:
            label = f"ecsemu.pid={server.proc.pid}"
            ecs = server.client("ecs")
            ecs.create_cluster(clusterName="default")
            ecs.register_task_definition(family="s", requiresCompatibilities=["FARGATE"], networkMode="awsvpc",
                                         cpu="256", memory="512",
                                         containerDefinitions=[{"name": "m", "image": BUSYBOX,
                                                                "command": ["sleep", "3600"]}])
            arn = ecs.run_task(taskDefinition="s", launchType="FARGATE",
                               networkConfiguration=default_network(server))["tasks"][0]["taskArn"]
            ecs.get_waiter("tasks_running").wait(tasks=[arn], WaiterConfig=WAIT)
            self.assertEqual(len(containers_with_label(label)), 2)  # the container and its pause container
            try:
                self.assertEqual(server.stop(), 0)
                self.assertEqual(containers_with_label(label), [])
            finally:
                remove_containers_with_label(label)

    def test_keep_stopped_containers_leaves_them_for_debugging(self):
        with Server("--runtime", "docker", "--keep-stopped-containers") as server:
            label = f"ecsemu.pid={server.proc.pid}"
            try:
                ecs = server.client("ecs")
                ecs.create_cluster(clusterName="default")
                ecs.register_task_definition(family="k", requiresCompatibilities=["FARGATE"], networkMode="awsvpc",
                                             cpu="256", memory="512",
                                             containerDefinitions=[{"name": "m", "image": BUSYBOX,
                                                                    "command": ["sh", "-c", "exit 7"]}])
                arn = ecs.run_task(taskDefinition="k", launchType="FARGATE",
                                   networkConfiguration=default_network(server))["tasks"][0]["taskArn"]
                ecs.get_waiter("tasks_stopped").wait(tasks=[arn], WaiterConfig=WAIT)
                task = ecs.describe_tasks(tasks=[arn])["tasks"][0]
                self.assertEqual(task["containers"][0]["exitCode"], 7)
                kept = docker_inspect(task["containers"][0]["runtimeId"])
                self.assertIsNotNone(kept, "--keep-stopped-containers removed the container")
                self.assertEqual(kept["State"]["ExitCode"], 7)
            finally:
                remove_containers_with_label(label)

    def test_no_docker_engine_is_a_clear_start_up_error(self):
        res = subprocess.run([BIN, "--port", "0", "--runtime", "docker", "--docker-host",
                              "unix:///nonexistent/docker.sock"], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("no Docker engine answers at unix:///nonexistent/docker.sock", res.stderr)
        self.assertIn("--runtime simulated", res.stderr)

    def test_docker_is_the_default_runtime_and_docker_host_is_honoured(self):
        env = dict(os.environ, DOCKER_HOST="unix:///nonexistent/other.sock")
        res = subprocess.run([BIN, "--port", "0"], capture_output=True, text=True, timeout=30, env=env)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("unix:///nonexistent/other.sock", res.stderr)


if __name__ == "__main__":
    unittest.main()
