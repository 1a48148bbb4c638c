"""The short examples in examples/aws-cli/ and examples/boto3/ run cleanly against a fresh server (so they cannot
rot). The classroom walkthrough, the CI recipes and the Testcontainers example have test_examples_*.py of their own."""
import os
import subprocess
import sys
import unittest

from harness import CLI_V2, SOURCE_DIR, Server, require_docker

EXAMPLES = os.path.join(SOURCE_DIR, "examples")


class Examples(unittest.TestCase):
    def test_cli_quickstart_with_v1_and_v2(self):
        clis = [f"{sys.executable} -m awscli"] + ([CLI_V2] if os.path.exists(CLI_V2) else [])
        for cli in clis:
            with Server() as server:
                env = dict(server.cli_env(), AWS_CLI=cli)
                res = subprocess.run(["bash", os.path.join(EXAMPLES, "aws-cli", "quickstart.sh"), server.endpoint],
                                     capture_output=True, text=True, env=env, timeout=120)
                self.assertEqual(res.returncode, 0, res.stderr)
                self.assertIn("cluster/quickstart", res.stdout)
                self.assertIn('"INACTIVE"', res.stdout)

    def test_run_a_container_with_the_cli_against_docker(self):
        require_docker()
        with Server("--runtime", "docker", "--time-scale", "0.05") as server:
            env = dict(server.cli_env(), AWS_CLI=f"{sys.executable} -m awscli")
            res = subprocess.run(["bash", os.path.join(EXAMPLES, "aws-cli", "run-a-container.sh"), server.endpoint],
                                 capture_output=True, text=True, env=env, timeout=300)
            self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
            self.assertIn("hello from ecsemu", res.stdout)
            self.assertIn("STOPPED\tUserInitiated\tdemo done", res.stdout)

    def test_boto3_quickstart(self):
        with Server() as server:
            res = subprocess.run([sys.executable, os.path.join(EXAMPLES, "boto3", "quickstart.py"), server.endpoint],
                                 capture_output=True, text=True, timeout=120)
            self.assertEqual(res.returncode, 0, res.stderr)
            self.assertIn("account: 123456789012", res.stdout)
            self.assertIn("deleted: INACTIVE", res.stdout)

    def test_boto3_run_task_against_docker(self):
        require_docker()
        with Server("--runtime", "docker", "--time-scale", "0.05") as server:
            res = subprocess.run([sys.executable, os.path.join(EXAMPLES, "boto3", "run_task.py"), server.endpoint],
                                 capture_output=True, text=True, timeout=300)
            self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
            self.assertRegex(res.stdout, r"GET http://127.0.0.1:\d+/ -> hello from boto3")
            self.assertIn("task: STOPPED UserInitiated demo done", res.stdout)


if __name__ == "__main__":
    unittest.main()
