"""examples/classroom/walkthrough.sh runs start to end against a fresh ecsemu on the Docker runtime: VPC, Auto
Scaling group of two instances joining the cluster, ALB, a service of two tasks, a killed container replaced, a
terminated instance recovered from, a rolling update; traffic through the ALB listener at each stage."""
import os
import subprocess
import sys
import unittest

from harness import SOURCE_DIR, Server, containers_with_label, poll, require_docker
from test_container_image import free_offset

SCRIPT = os.path.join(SOURCE_DIR, "examples", "classroom", "walkthrough.sh")


class ClassroomWalkthrough(unittest.TestCase):
    def test_the_walkthrough_runs_and_shows_each_concept(self):
        require_docker()
        offset = free_offset()
        with Server("--runtime", "docker", "--time-scale", "0.1", "--elb-port-offset", str(offset)) as server:
            env = dict(server.cli_env(), AWS_CLI=f"{sys.executable} -m awscli", VPC_CIDR="10.158.0.0/16",
                       ECSEMU_ELB_PORT_OFFSET=str(offset))
            res = subprocess.run(["bash", SCRIPT, server.endpoint], capture_output=True, text=True, env=env,
                                 timeout=840)
            self.assertEqual(res.returncode, 0, res.stdout[-3000:] + res.stderr[-3000:])
            out = res.stdout
            self.assertEqual(out.count("== Step"), 12)
            self.assertEqual(out.count("   concept: "), 12)
            self.assertRegex(out, r"revision 1 from \w+\nrevision 1 from \w+\n")
            first, second = [line for line in out.splitlines() if line.startswith("revision 1 from")][:2]
            self.assertNotEqual(first, second, "the ALB spreads requests over both tasks")
            self.assertIn("has started 1 tasks", out)
            self.assertIn("Launching a new EC2 instance", out)
            self.assertIn("revision 2 from", out)
            self.assertIn("walkthrough complete", out)
            label = f"ecsemu.pid={server.proc.pid}"
            poll(lambda: containers_with_label(label) == [], timeout=60, what="the clean-up to stop every task")


if __name__ == "__main__":
    unittest.main()
