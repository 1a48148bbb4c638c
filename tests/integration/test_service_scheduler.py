"""The service scheduler: services really run tasks, replace them, roll deployments within minimumHealthyPercent /
maximumPercent, trip the circuit breaker, follow container instances; through boto3 (waiters with short delays)
and the AWS CLI v1 and v2.

The runtime is the only thing a subclass changes: SERVER_ARGS (and, for a runtime that needs one, the image)."""
import json
import re
import time
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, default_network, require_cli_v2

FAST = {"Delay": 0.2, "MaxAttempts": 300}
RESOURCES = [
    {"name": "CPU", "type": "INTEGER", "integerValue": 4096},
    {"name": "MEMORY", "type": "INTEGER", "integerValue": 8192},
    {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22"]},
    {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []},
]


class ServiceScheduler(ServerTestCase):
    SERVER_ARGS = ("--time-scale", "0.01")
    IMAGE = "busybox:local"
    TIMEOUT = 60
    CONTAINER = {}  # extra container-definition members (the Docker variant shortens stopTimeout)

    def setUp(self):
        super().setUp()
        self.network = default_network(self.server)
        self.ecs.create_cluster(clusterName="c")

    # --- helpers ---------------------------------------------------------------------------------------------
    def task_definition(self, command=("sleep", "3600"), family="web", fargate=True):
        container = {"name": "app", "image": self.IMAGE, "essential": True, "command": list(command), **self.CONTAINER}
        args = {"family": family, "containerDefinitions": [container]}
        if fargate:
            args.update(networkMode="awsvpc", cpu="256", memory="512", requiresCompatibilities=["FARGATE"])
        else:
            container["memory"] = 64
            args.update(networkMode="bridge")
        return self.ecs.register_task_definition(**args)["taskDefinition"]["taskDefinitionArn"]

    def create(self, name="s", desired=2, td=None, **kwargs):
        args = dict(cluster="c", serviceName=name, taskDefinition=td or self.task_definition(), desiredCount=desired,
                    launchType="FARGATE", networkConfiguration=self.network)
        args.update(kwargs)
        return self.ecs.create_service(**args)["service"]

    def describe(self, name="s"):
        return self.ecs.describe_services(cluster="c", services=[name])["services"][0]

    def wait_stable(self, name="s"):
        self.ecs.get_waiter("services_stable").wait(cluster="c", services=[name], WaiterConfig=FAST)
        return self.describe(name)

    def wait_completed(self, name="s"):
        """Stable, and the deployment COMPLETED (a little after its tasks run: ECS lets them settle first)."""
        self.wait_stable(name)
        return self.until("a completed deployment", lambda: (lambda s: s if s["deployments"][0]["rolloutState"]
                                                              == "COMPLETED" else None)(self.describe(name)))

    def tasks(self, name="s", desired_status="RUNNING"):
        arns = []
        for page in self.ecs.get_paginator("list_tasks").paginate(cluster="c", serviceName=name,
                                                                   desiredStatus=desired_status):
            arns += page["taskArns"]
        out = []
        for i in range(0, len(arns), 100):
            out += self.ecs.describe_tasks(cluster="c", tasks=arns[i:i + 100])["tasks"]
        return out

    def all_tasks(self, name="s"):
        return self.tasks(name, "RUNNING") + self.tasks(name, "STOPPED")

    def until(self, what, fn, timeout=None):
        deadline = time.time() + (timeout or self.TIMEOUT)
        while True:
            value = fn()
            if value:
                return value
            if time.time() > deadline:
                self.fail(f"timed out waiting for {what}; the services then: {self.state_of_services()}")
            time.sleep(0.1)

    def state_of_services(self):
        """Deployments, recent events and task stops of every service in cluster c (for failure messages)."""
        try:
            arns = self.ecs.list_services(cluster="c")["serviceArns"]
            out = []
            for s in self.ecs.describe_services(cluster="c", services=arns)["services"] if arns else []:
                deployments = [(d["id"], d["status"], d["rolloutState"], d["runningCount"], d["failedTasks"],
                                d["taskDefinition"].rsplit("/", 1)[1]) for d in s["deployments"]]
                events = [(e["createdAt"].isoformat(), e["message"]) for e in s["events"][:12]]
                stops = [(t["taskDefinitionArn"].rsplit("/", 1)[1], t.get("stopCode"), t.get("startedAt"),
                          t.get("stoppedAt")) for t in self.all_tasks(s["serviceName"]) if t["lastStatus"] == "STOPPED"]
                out.append({"service": s["serviceName"], "deployments": deployments, "events": events,
                            "stopped": stops})
            return out
        except Exception as e:  # the message must not hide the failure it explains
            return f"(could not describe: {e})"

    def messages(self, name="s"):
        return [e["message"] for e in self.describe(name)["events"]]

    def register_instance(self, instance_id, az="us-east-1a"):
        doc = json.dumps({"instanceId": instance_id, "instanceType": "t3.large", "availabilityZone": az,
                          "imageId": "ami-0abc", "region": "us-east-1", "architecture": "x86_64",
                          "accountId": ACCOUNT})
        return self.ecs.register_container_instance(
            cluster="c", instanceIdentityDocument=doc, instanceIdentityDocumentSignature="sig",
            totalResources=RESOURCES)["containerInstance"]["containerInstanceArn"]

    # --- tests -----------------------------------------------------------------------------------------------
    def test_create_service_becomes_stable(self):
        created = self.create(desired=2)
        self.assertEqual(created["runningCount"], 0)
        service = self.wait_completed()
        self.assertEqual(service["runningCount"], 2)
        self.assertEqual(service["pendingCount"], 0)
        self.assertEqual(len(service["deployments"]), 1)
        deployment = service["deployments"][0]
        self.assertEqual(deployment["rolloutState"], "COMPLETED")
        self.assertEqual(deployment["runningCount"], 2)
        tasks = self.tasks()
        self.assertEqual(len(tasks), 2)
        for task in tasks:
            self.assertEqual(task["lastStatus"], "RUNNING")
            self.assertEqual(task["group"], "service:s")
            self.assertEqual(task["startedBy"], deployment["id"])
        ids = sorted(t["taskArn"].rsplit("/", 1)[1] for t in tasks)
        messages = self.messages()
        started = [m for m in messages if m.startswith("(service s) has started 2 tasks: ")]
        self.assertEqual(len(started), 1, messages)
        self.assertEqual(sorted(re.findall(r"\(task ([0-9a-f]{32})\)", started[0])), ids)
        self.assertIn("(service s) has reached a steady state.", messages)
        self.assertIn(f"(service s) (deployment {deployment['id']}) deployment completed.", messages)

    def test_stopped_task_is_replaced(self):
        self.create(desired=2)
        self.wait_stable()
        victim = self.tasks()[0]["taskArn"]
        self.ecs.stop_task(cluster="c", task=victim, reason="chaos")
        self.until("a replacement", lambda: len([t for t in self.tasks() if t["taskArn"] != victim
                                                 and t["lastStatus"] == "RUNNING"]) == 2)
        service = self.wait_stable()
        self.assertEqual(service["runningCount"], 2)
        self.ecs.get_waiter("tasks_stopped").wait(cluster="c", tasks=[victim], WaiterConfig=FAST)
        stopped = self.ecs.describe_tasks(cluster="c", tasks=[victim])["tasks"][0]
        self.assertEqual(stopped["lastStatus"], "STOPPED")
        self.assertEqual(stopped["stopCode"], "UserInitiated")
        self.assertTrue(any(m.startswith("(service s) has started 1 tasks: (task ") for m in self.messages()))

    def test_rolling_update_never_breaks_minimum_or_maximum_percent(self):
        desired, minimum, maximum = 4, 50, 150
        self.create(desired=desired, deploymentConfiguration={"minimumHealthyPercent": minimum,
                                                               "maximumPercent": maximum})
        self.wait_stable()
        td2 = self.task_definition(command=("sleep", "3601"))
        self.ecs.update_service(cluster="c", service="s", taskDefinition=td2)
        # Each sample is one answer, so it is a consistent snapshot: RUNNING tasks from DescribeServices (its
        # deployments' runningCount), tasks not yet STOPPED from one DescribeTasks of every task seen so far.
        low, high, samples, seen = desired, 0, 0, set()
        deadline = time.time() + self.TIMEOUT
        while time.time() < deadline:
            service = self.describe()
            running = sum(d["runningCount"] for d in service["deployments"])
            for status in ("RUNNING", "STOPPED"):
                seen.update(self.ecs.list_tasks(cluster="c", serviceName="s", desiredStatus=status)["taskArns"])
            tasks = self.ecs.describe_tasks(cluster="c", tasks=sorted(seen))["tasks"]
            live = [t for t in tasks if t["lastStatus"] != "STOPPED"]
            low, high, samples = min(low, running), max(high, len(live)), samples + 1
            if len(service["deployments"]) == 1 and service["runningCount"] == desired:
                break
            time.sleep(0.01)
        self.assertGreaterEqual(low, 2, "fewer healthy tasks than ceil(4 * 50%)")
        self.assertLessEqual(high, 6, "more tasks than floor(4 * 150%)")
        service = self.wait_stable()
        self.assertEqual(service["taskDefinition"], td2)
        self.assertEqual({t["taskDefinitionArn"] for t in self.tasks()}, {td2})
        self.assertGreater(samples, 0)
        # The service deployment APIs show both deployments, the new one successful.
        listed = self.ecs.list_service_deployments(cluster="c", service="s")["serviceDeployments"]
        self.assertEqual(len(listed), 2)
        self.assertEqual(listed[0]["status"], "SUCCESSFUL")
        self.assertEqual(listed[0]["targetServiceRevisionArn"].rsplit("/", 1)[1],
                         service["deployments"][0]["id"].split("/")[1])

    def test_scale_out_and_in(self):
        self.create(desired=1)
        self.wait_stable()
        self.ecs.update_service(cluster="c", service="s", desiredCount=3)
        self.assertEqual(self.wait_stable()["runningCount"], 3)
        self.ecs.update_service(cluster="c", service="s", desiredCount=1)
        service = self.wait_stable()
        self.assertEqual(service["runningCount"], 1)
        # Both stop (SIGTERM, then SIGKILL after stopTimeout on Docker), not necessarily at the same moment.
        stopped = self.until("the scaled-in tasks", lambda: (lambda ts: ts if len(ts) >= 2 else None)(
            [t for t in self.tasks(desired_status="STOPPED") if t["lastStatus"] == "STOPPED"]))
        self.assertEqual(len(stopped), 2)
        for task in stopped:
            self.assertEqual(task["stopCode"], "ServiceSchedulerInitiated")
        self.assertTrue(any(m.startswith("(service s) has stopped 2 running tasks: (task ") for m in self.messages()))

    def test_circuit_breaker_rolls_back_a_deployment_whose_tasks_exit(self):
        good = self.task_definition()
        self.create(desired=1, td=good, deploymentConfiguration={
            "deploymentCircuitBreaker": {"enable": True, "rollback": True}})
        first = self.wait_completed()["deployments"][0]["id"]
        bad = self.task_definition(command=("sh", "-c", "exit 1"))
        self.ecs.update_service(cluster="c", service="s", taskDefinition=bad)
        self.until("the rollback", lambda: self.describe()["taskDefinition"] == good)
        service = self.wait_stable()
        self.assertEqual(service["taskDefinition"], good)
        self.assertNotEqual(service["deployments"][0]["id"], first)
        messages = self.messages()
        self.assertTrue(any("deployment failed: tasks failed to start." in m for m in messages), messages)
        self.assertTrue(any(m.startswith("(service s) rolling back to deployment ") for m in messages), messages)
        failed = [t for t in self.tasks(desired_status="STOPPED") if t["taskDefinitionArn"] == bad]
        self.assertGreaterEqual(len(failed), 3)
        self.assertTrue(all(t["stopCode"] == "EssentialContainerExited" for t in failed))
        listed = self.ecs.list_service_deployments(cluster="c", service="s")["serviceDeployments"]
        statuses = {d["status"] for d in listed}
        self.assertIn("ROLLBACK_SUCCESSFUL", statuses)

    def test_circuit_breaker_without_rollback_stops_launching(self):
        self.create(desired=1, td=self.task_definition(command=("sh", "-c", "exit 1")),
                    deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": False}})
        service = self.until("the failed deployment",
                             lambda: (lambda s: s if s["deployments"][0]["rolloutState"] == "FAILED" else None)(
                                 self.describe()))
        self.assertEqual(service["deployments"][0]["rolloutStateReason"],
                         "ECS deployment circuit breaker: tasks failed to start.")
        started = len(self.all_tasks())
        time.sleep(0.5)
        self.assertEqual(len(self.all_tasks()), started, "a FAILED deployment launches no new task")

    def test_delete_force_stops_every_task(self):
        self.create(desired=3)
        self.wait_stable()
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.ecs.delete_service(cluster="c", service="s")
        self.assertEqual(code(ctx.exception), "InvalidParameterException")
        deleted = self.ecs.delete_service(cluster="c", service="s", force=True)["service"]
        self.assertEqual(deleted["status"], "DRAINING")
        self.ecs.get_waiter("services_inactive").wait(cluster="c", services=["s"], WaiterConfig=FAST)
        tasks = self.all_tasks()
        self.assertEqual(len(tasks), 3)
        for task in tasks:
            self.assertEqual(task["lastStatus"], "STOPPED")
            self.assertEqual(task["stopCode"], "ServiceSchedulerInitiated")

    def test_delete_after_scaling_to_zero(self):
        self.create(desired=2)
        self.wait_stable()
        self.ecs.update_service(cluster="c", service="s", desiredCount=0)
        self.assertEqual(self.wait_stable()["runningCount"], 0)
        self.ecs.delete_service(cluster="c", service="s")
        self.ecs.get_waiter("services_inactive").wait(cluster="c", services=["s"], WaiterConfig=FAST)

    def test_daemon_service_follows_container_instances(self):
        first = self.register_instance("i-0001")
        second = self.register_instance("i-0002")
        td = self.task_definition(fargate=False)
        self.ecs.create_service(cluster="c", serviceName="d", taskDefinition=td, schedulingStrategy="DAEMON",
                                launchType="EC2")
        service = self.wait_stable("d")
        self.assertEqual(service["desiredCount"], 2)
        self.assertEqual(sorted(t["containerInstanceArn"] for t in self.tasks("d")), sorted([first, second]))
        third = self.register_instance("i-0003")
        self.until("a task on the new instance",
                   lambda: third in [t["containerInstanceArn"] for t in self.tasks("d") if t["lastStatus"] == "RUNNING"])
        self.assertEqual(self.wait_stable("d")["runningCount"], 3)
        self.ecs.deregister_container_instance(cluster="c", containerInstance=second, force=True)
        service = self.wait_stable("d")
        self.assertEqual(service["runningCount"], 2)
        self.assertEqual(sorted(t["containerInstanceArn"] for t in self.tasks("d")), sorted([first, third]))

    def test_draining_instance_tasks_move(self):
        a = self.register_instance("i-000a")
        td = self.task_definition(fargate=False)
        self.ecs.create_service(cluster="c", serviceName="r", taskDefinition=td, desiredCount=2, launchType="EC2")
        self.wait_stable("r")
        self.assertEqual({t["containerInstanceArn"] for t in self.tasks("r")}, {a})
        b = self.register_instance("i-000b", az="us-east-1b")
        self.ecs.update_container_instances_state(cluster="c", containerInstances=[a], status="DRAINING")
        self.until("the tasks on the other instance",
                   lambda: [t["containerInstanceArn"] for t in self.tasks("r")] == [b, b]
                   and all(t["lastStatus"] == "RUNNING" for t in self.tasks("r")))
        service = self.wait_stable("r")
        self.assertEqual(service["runningCount"], 2)
        moved = [t for t in self.tasks("r", "STOPPED") if t["containerInstanceArn"] == a]
        self.assertEqual(len(moved), 2)
        self.assertTrue(all(t["stopCode"] == "ServiceSchedulerInitiated" for t in moved))

    def test_no_container_instance_event(self):
        self.ecs.create_service(cluster="c", serviceName="r", taskDefinition=self.task_definition(fargate=False),
                                desiredCount=1, launchType="EC2")
        expected = ("(service r) was unable to place a task because no container instance met all of its "
                    "requirements. Reason: No Container Instances were found in your cluster. For more information, "
                    "see the Troubleshooting section.")
        self.until("the placement event", lambda: expected in self.messages("r"))
        self.assertEqual(self.messages("r").count(expected), 1)
        # An instance arriving lets the service place its task.
        self.register_instance("i-0001")
        self.assertEqual(self.wait_stable("r")["runningCount"], 1)

    def test_task_sets_run_their_tasks(self):
        self.ecs.create_service(cluster="c", serviceName="x", desiredCount=2,
                                deploymentController={"type": "EXTERNAL"})
        ts = self.ecs.create_task_set(cluster="c", service="x", taskDefinition=self.task_definition(),
                                      launchType="FARGATE", networkConfiguration=self.network,
                                      scale={"value": 50, "unit": "PERCENT"})["taskSet"]
        self.until("the task set's task", lambda: len([t for t in self.tasks("x") if t["lastStatus"] == "RUNNING"]) == 1)
        self.assertEqual(self.tasks("x")[0]["startedBy"], ts["id"])
        self.ecs.update_task_set(cluster="c", service="x", taskSet=ts["id"], scale={"value": 100, "unit": "PERCENT"})
        self.until("two tasks", lambda: len([t for t in self.tasks("x") if t["lastStatus"] == "RUNNING"]) == 2)
        described = self.ecs.describe_task_sets(cluster="c", service="x", taskSets=[ts["id"]])["taskSets"][0]
        self.assertEqual(described["computedDesiredCount"], 2)
        self.until("steady task set", lambda: self.ecs.describe_task_sets(
            cluster="c", service="x", taskSets=[ts["id"]])["taskSets"][0]["stabilityStatus"] == "STEADY_STATE")
        self.ecs.delete_task_set(cluster="c", service="x", taskSet=ts["id"], force=True)
        self.until("the task set's tasks stopped", lambda: self.tasks("x") == [])

    def test_force_new_deployment_replaces_tasks(self):
        self.create(desired=2)
        self.wait_stable()
        before = {t["taskArn"] for t in self.tasks()}
        self.ecs.update_service(cluster="c", service="s", forceNewDeployment=True)
        self.until("new tasks", lambda: not before & {t["taskArn"] for t in self.tasks()})
        service = self.wait_stable()
        self.assertEqual(service["runningCount"], 2)
        self.assertEqual(len(service["deployments"]), 1)

    def test_cli_v1_and_v2(self):
        require_cli_v2(self)
        td = self.task_definition()
        self.server.cli(1, "ecs", "create-service", "--cluster", "c", "--service-name", "cli", "--task-definition",
                        td, "--desired-count", "2", "--launch-type", "FARGATE", "--network-configuration",
                        json.dumps(self.network))
        self.server.cli(2, "ecs", "wait", "services-stable", "--cluster", "c", "--services", "cli")
        _, out, _ = self.server.cli(2, "ecs", "describe-services", "--cluster", "c", "--services", "cli")
        self.assertEqual(out["services"][0]["runningCount"], 2)
        self.server.cli(2, "ecs", "update-service", "--cluster", "c", "--service", "cli", "--desired-count", "1")
        self.server.cli(1, "ecs", "wait", "services-stable", "--cluster", "c", "--services", "cli")
        _, out, _ = self.server.cli(1, "ecs", "list-tasks", "--cluster", "c", "--service-name", "cli")
        self.assertEqual(len(out["taskArns"]), 1)
        self.server.cli(1, "ecs", "delete-service", "--cluster", "c", "--service", "cli", "--force")
        self.server.cli(2, "ecs", "wait", "services-inactive", "--cluster", "c", "--services", "cli")


if __name__ == "__main__":
    unittest.main()
