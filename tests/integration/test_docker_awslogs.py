"""The awslogs log driver on real Docker containers: stdout and stderr in the task's log stream (GetLogEvents,
FilterLogEvents, `aws logs tail`), awslogs-create-group, the last lines before exit, 100,000 fast lines, multi-line
events, and the start failure ECS reports for a missing group."""
import json
import subprocess
import time
import unittest

from harness import BUSYBOX, CLI_V2, DockerTestCase, poll, require_cli_v2

WAIT = {"Delay": 1, "MaxAttempts": 120}


class AwsLogs(DockerTestCase):
    def setUp(self):
        super().setUp()
        self.logs = self.server.client("logs")

    def run_logged(self, family, command, create_group="true", **options):
        opts = {"awslogs-group": f"/ecs/{family}", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app",
                "awslogs-create-group": create_group}
        opts.update(options)
        self.ecs.register_task_definition(family=family, networkMode="bridge", containerDefinitions=[{
            "name": "main", "image": BUSYBOX, "command": ["sh", "-c", command], "essential": True, "memory": 64,
            "logConfiguration": {"logDriver": "awslogs", "options": opts}}])
        out = self.ecs.run_task(cluster="default", taskDefinition=family, launchType="EC2")
        self.assertEqual(out["failures"], [])
        arn = out["tasks"][0]["taskArn"]
        return arn, f"app/main/{arn.rsplit('/', 1)[1]}"

    def stopped(self, arn):
        self.ecs.get_waiter("tasks_stopped").wait(cluster="default", tasks=[arn], WaiterConfig=WAIT)
        return self.ecs.describe_tasks(cluster="default", tasks=[arn])["tasks"][0]

    def messages(self, group, stream):
        events, token = [], None
        while True:
            kw = {"nextToken": token} if token else {}
            page = self.logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True, **kw)
            events += page["events"]
            if page["nextForwardToken"] == token:
                return [e["message"] for e in events], events
            token = page["nextForwardToken"]

    def test_stdout_and_stderr_reach_the_stream_before_stopped(self):
        started = int(time.time() * 1000) - 1000
        arn, stream = self.run_logged("echoer", "echo out-1; sleep 1; echo err-1 >&2; sleep 1; echo out-2; echo last-words")
        task = self.stopped(arn)
        self.assertEqual(task["containers"][0]["exitCode"], 0)
        # The group was created (awslogs-create-group) and the lines were there when STOPPED was reported.
        groups = [g["logGroupName"] for g in self.logs.describe_log_groups()["logGroups"]]
        self.assertIn("/ecs/echoer", groups)
        messages, events = self.messages("/ecs/echoer", stream)
        self.assertEqual(messages, ["out-1", "err-1", "out-2", "last-words"])
        for e in events:
            self.assertGreaterEqual(e["timestamp"], started)  # Docker's own timestamps
            self.assertLess(e["timestamp"], int(time.time() * 1000) + 1000)
        self.assertLessEqual(events[1]["timestamp"] + 900, events[2]["timestamp"])  # the sleep shows
        streams = self.logs.describe_log_streams(logGroupName="/ecs/echoer")["logStreams"]
        self.assertEqual([s["logStreamName"] for s in streams], [stream])
        found = self.logs.filter_log_events(logGroupName="/ecs/echoer", filterPattern="?err ?last")["events"]
        self.assertEqual([e["message"] for e in found], ["err-1", "last-words"])
        self.assertEqual({e["logStreamName"] for e in found}, {stream})

    def test_aws_logs_tail_shows_the_task_output(self):
        require_cli_v2(self)
        arn, stream = self.run_logged("tailed", "echo hello-tail; echo bye-tail")
        self.stopped(arn)
        env = self.server.cli_env()
        res = subprocess.run([CLI_V2, "--endpoint-url", self.server.endpoint, "logs", "tail", "/ecs/tailed",
                              "--since", "5m"], capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(res.returncode, 0, res.stderr)
        lines = res.stdout.splitlines()
        self.assertEqual(len(lines), 2, res.stdout)
        self.assertTrue(lines[0].endswith(f"{stream} hello-tail"), lines)
        self.assertTrue(lines[1].endswith(f"{stream} bye-tail"), lines)

    def test_a_running_task_streams_while_it_runs(self):
        arn, stream = self.run_logged("ticker", "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 0.2; done")
        poll(lambda: len(self.messages("/ecs/ticker", stream)[0]) >= 3 if self.stream_exists("/ecs/ticker", stream)
             else False, timeout=30, what="ticks while running")
        self.ecs.stop_task(cluster="default", task=arn)
        self.stopped(arn)
        messages, _ = self.messages("/ecs/ticker", stream)
        self.assertEqual(messages, [f"tick-{i}" for i in range(len(messages))])

    def stream_exists(self, group, stream):
        try:
            return any(s["logStreamName"] == stream for s in
                       self.logs.describe_log_streams(logGroupName=group)["logStreams"])
        except self.logs.exceptions.ResourceNotFoundException:
            return False

    def test_a_hundred_thousand_fast_lines_all_arrive(self):
        arn, stream = self.run_logged("flood", "seq 1 100000")
        task = self.stopped(arn)
        self.assertEqual(task["containers"][0]["exitCode"], 0)
        messages, _ = self.messages("/ecs/flood", stream)
        self.assertEqual(len(messages), 100000)
        self.assertEqual(messages[0], "1")
        self.assertEqual(messages[-1], "100000")
        self.assertEqual(messages, [str(i) for i in range(1, 100001)])

    def test_multiline_pattern_groups_a_stack_trace(self):
        arn, stream = self.run_logged("trace", "echo 'ERROR boom'; echo '  at f()'; echo '  at g()'; echo 'INFO ok'",
                                      **{"awslogs-multiline-pattern": "^(INFO|ERROR)"})
        self.stopped(arn)
        messages, _ = self.messages("/ecs/trace", stream)
        self.assertEqual(messages, ["ERROR boom\n  at f()\n  at g()\n", "INFO ok\n"])

    def test_missing_group_without_create_group_fails_the_task(self):
        arn, _ = self.run_logged("orphan", "echo never", create_group="false")
        task = self.stopped(arn)
        self.assertEqual(task["stopCode"], "TaskFailedToStart")
        self.assertEqual(task["stoppedReason"],
                         "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: "
                         "failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group "
                         "does not exist.")
        self.assertIn("The specified log group does not exist.", task["containers"][0]["reason"])
        self.assertNotIn("runtimeId", task["containers"][0])
        self.assertEqual(self.logs.describe_log_groups()["logGroups"], [])

    def test_existing_group_is_used_as_is(self):
        self.logs.create_log_group(logGroupName="/ecs/mine")
        self.logs.put_retention_policy(logGroupName="/ecs/mine", retentionInDays=3)
        arn, stream = self.run_logged("mine", "echo into-my-group", create_group="false",
                                      **{"awslogs-group": "/ecs/mine"})
        self.stopped(arn)
        self.assertEqual(self.messages("/ecs/mine", stream)[0], ["into-my-group"])
        self.assertEqual(self.logs.describe_log_groups()["logGroups"][0]["retentionInDays"], 3)


class TutorialFlow(DockerTestCase):
    """The flow ECS tutorials walk through, with the AWS CLI v2 only: the execution role with the managed policy,
    the log group, an awslogs task definition, a task on the cluster's container instance, its logs."""

    def test_execution_role_log_group_task_and_its_logs(self):
        require_cli_v2(self)
        cli = lambda *args: self.server.cli(2, *args)[1]  # noqa: E731
        trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Sid": "", "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
            "Action": "sts:AssumeRole"}]})
        role = cli("iam", "create-role", "--role-name", "ecsTaskExecutionRole",
                   "--assume-role-policy-document", trust)["Role"]
        self.assertEqual(role["Arn"], "arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
        policy = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
        cli("iam", "attach-role-policy", "--role-name", "ecsTaskExecutionRole", "--policy-arn", policy)
        attached = cli("iam", "list-attached-role-policies", "--role-name", "ecsTaskExecutionRole")
        self.assertEqual([p["PolicyArn"] for p in attached["AttachedPolicies"]], [policy])
        cli("logs", "create-log-group", "--log-group-name", "/ecs/tutorial")
        definition = {
            "family": "tutorial", "networkMode": "bridge", "executionRoleArn": role["Arn"],
            "containerDefinitions": [{
                "name": "hello", "image": BUSYBOX, "essential": True, "memory": 64,
                "command": ["sh", "-c", "echo hello from the tutorial task"],
                "logConfiguration": {"logDriver": "awslogs", "options": {
                    "awslogs-group": "/ecs/tutorial", "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "ecs"}}}]}
        registered = cli("ecs", "register-task-definition", "--cli-input-json", json.dumps(definition))
        self.assertEqual(registered["taskDefinition"]["executionRoleArn"], role["Arn"])
        cli("ecs", "create-cluster", "--cluster-name", "default")  # setUp registered its container instance
        run = cli("ecs", "run-task", "--cluster", "default", "--task-definition", "tutorial:1", "--launch-type", "EC2")
        self.assertEqual(run["failures"], [])
        arn = run["tasks"][0]["taskArn"]

        def stopped():
            task = cli("ecs", "describe-tasks", "--cluster", "default", "--tasks", arn)["tasks"][0]
            return task if task["lastStatus"] == "STOPPED" else None
        task = poll(stopped, timeout=120, what="the tutorial task to stop")
        self.assertEqual(task["containers"][0]["exitCode"], 0)
        stream = f"ecs/hello/{arn.rsplit('/', 1)[1]}"
        events = cli("logs", "get-log-events", "--log-group-name", "/ecs/tutorial", "--log-stream-name", stream,
                     "--start-from-head")["events"]
        self.assertEqual([e["message"] for e in events], ["hello from the tutorial task"])


if __name__ == "__main__":
    unittest.main()
