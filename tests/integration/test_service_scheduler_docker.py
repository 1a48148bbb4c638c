"""The service scheduler against the real Docker engine: the same scenarios as test_service_scheduler.py with
`--runtime docker`, plus what only real containers can show (a `docker kill`ed task is replaced; a forced delete
leaves no container)."""
import unittest

import test_service_scheduler as base
from harness import containers_with_label, docker, require_docker


class ServiceSchedulerOnDocker(base.ServiceScheduler):
    # A tenth of AWS's delays, not a hundredth: a deployment completes once its tasks have run 15 s (scaled, and at
    # least twice as long as they took to start), and a real container that exits at once takes longer than 0.15 s
    # to be seen exiting, which would let a failing deployment complete before its circuit breaker trips.
    SERVER_ARGS = ("--runtime", "docker", "--time-scale", "0.1")
    TIMEOUT = 180
    CONTAINER = {"stopTimeout": 2}  # busybox's sleep as PID 1 ignores SIGTERM: SIGKILL after 2 s, not 30

    # Pure control-plane scenarios already covered with the simulated runtime.
    test_no_container_instance_event = None
    test_delete_after_scaling_to_zero = None
    test_circuit_breaker_without_rollback_stops_launching = None
    test_cli_v1_and_v2 = None
    test_task_sets_run_their_tasks = None
    # Run at half of AWS's delays in CircuitBreakerOnDocker below.
    test_circuit_breaker_rolls_back_a_deployment_whose_tasks_exit = None

    @classmethod
    def setUpClass(cls):
        require_docker()
        super().setUpClass()

    def containers(self, all_states=False):
        """This server's task containers (not the awsvpc pause containers)."""
        args = ["ps", "-q", "--no-trunc", "--filter", f"label=ecsemu.pid={self.server.proc.pid}",
                "--filter", "label=com.amazonaws.ecs.container-name=app"] + (["-a"] if all_states else [])
        return [line for line in docker(*args).stdout.split() if line]

    def test_killed_container_is_replaced(self):
        self.create(desired=2)
        self.wait_stable()
        victim = self.tasks()[0]
        container_id = victim["containers"][0]["runtimeId"]
        self.assertIn(container_id, self.containers())
        docker("kill", container_id)
        self.until("a replacement", lambda: len([t for t in self.tasks() if t["taskArn"] != victim["taskArn"]
                                                 and t["lastStatus"] == "RUNNING"]) == 2)
        self.assertEqual(self.wait_stable()["runningCount"], 2)
        stopped = self.ecs.describe_tasks(cluster="c", tasks=[victim["taskArn"]])["tasks"][0]
        self.assertEqual(stopped["lastStatus"], "STOPPED")
        self.assertEqual(stopped["stopCode"], "EssentialContainerExited")
        self.assertEqual(stopped["containers"][0]["exitCode"], 137)
        running = {t["containers"][0]["runtimeId"] for t in self.tasks()}
        self.assertEqual(running, set(self.containers()))

    def test_delete_force_stops_every_task(self):
        super().test_delete_force_stops_every_task()
        self.until("no container left", lambda: containers_with_label(f"ecsemu.pid={self.server.proc.pid}") == [])


class CircuitBreakerOnDocker(base.ServiceScheduler):
    """The circuit breaker and its rollback on real containers, at half of AWS's delays. A deployment completes once
    its tasks have run 15 s (scaled); a loaded Docker engine can take seconds to report that a container exited at
    once, and at a tenth of the delays (1.5 s) such a crashing deployment could complete before its circuit
    breaker saw three failures (on AWS's own delays, 15 s, the engine is never that late)."""

    SERVER_ARGS = ("--runtime", "docker", "--time-scale", "0.5")
    TIMEOUT = 240
    CONTAINER = {"stopTimeout": 2}

    @classmethod
    def setUpClass(cls):
        require_docker()
        super().setUpClass()

    def test_circuit_breaker_rolls_back_a_deployment_whose_tasks_exit(self):
        super().test_circuit_breaker_rolls_back_a_deployment_whose_tasks_exit()


for _name in dir(base.ServiceScheduler):
    if _name.startswith("test_") and _name != "test_circuit_breaker_rolls_back_a_deployment_whose_tasks_exit":
        setattr(CircuitBreakerOnDocker, _name, None)


if __name__ == "__main__":
    unittest.main()
