"""examples/ci/: the shell recipe runs the boto3 ServicesStable tests against ecsemu's image; the two GitHub
Actions workflows are read and their service container started as a runner starts it (the service's image, ports,
volumes and env; the runner's wait for its health check), then their `run` steps run with the job's env. The one
`uses:` step that needs GitHub (aws-actions/amazon-ecs-deploy-task-definition) is replaced by the calls it makes,
sent with only AWS_ENDPOINT_URL_ECS pointing at ecsemu. Offline, task images are busybox:local instead of the
public.ecr.aws image the workflows name."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

import boto3
import yaml

from harness import BUSYBOX, SOURCE_DIR, docker, poll, require_docker
from test_container_image import build_test_image, free_port

CI = os.path.join(SOURCE_DIR, "examples", "ci")


def owned_by(container_id):
    label = f"label=ecsemu.container={container_id}"
    return docker("ps", "-a", "-q", "--filter", label).stdout.split() + \
        docker("network", "ls", "-q", "--filter", label).stdout.split()


class CiRecipes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_docker()
        cls.tag = build_test_image(cls)

    def test_the_shell_recipe_runs_the_service_stable_tests(self):
        env = dict(os.environ, ECSEMU_IMAGE=self.tag, ECSEMU_PORT=str(free_port()), TEST_IMAGE=BUSYBOX)
        res = subprocess.run([os.path.join(CI, "run-tests.sh")], capture_output=True, text=True, env=env,
                             timeout=300)
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertIn("test_a_service_of_two_tasks_becomes_stable_and_answers", res.stderr)
        self.assertIn("OK", res.stderr)

    def start_service(self, workflow, job):
        """The job's ecsemu service container as the runner starts it; returns (container id, job env)."""
        with open(os.path.join(CI, workflow)) as f:
            spec = yaml.safe_load(f)["jobs"][job]
        service = spec["services"]["ecsemu"]
        self.assertEqual(service["image"], "${{ vars.ECSEMU_IMAGE }}")
        port = free_port()
        args = ["run", "-d"]
        for mapping in service["ports"]:
            self.assertEqual(mapping, "4566:4566")
            args += ["-p", f"127.0.0.1:{port}:4566"]
        for volume in service["volumes"]:
            args += ["-v", volume]
        for key, value in service["env"].items():
            args += ["-e", f"{key}={value}"]
        cid = docker(*args, self.tag).stdout.strip()
        self.addCleanup(self.stop_service, cid)
        poll(lambda: docker("inspect", "-f", "{{.State.Health.Status}}", cid).stdout.strip() == "healthy",
             timeout=60, what="the service container's health check")
        env = {k: str(v).replace(":4566", f":{port}") for k, v in spec["env"].items()}
        return cid, spec, env

    def stop_service(self, cid):
        docker("stop", "-t", "30", cid, check=False, timeout=60)
        docker("rm", "-f", cid, check=False)
        self.assertEqual(owned_by(cid), [], "the service container's ecsemu left containers or networks")

    def run_steps(self, spec, env):
        for step in spec["steps"]:
            if "run" not in step or step["run"].startswith("pip "):
                continue  # actions/checkout, and boto3 is installed here
            cwd = os.path.join(SOURCE_DIR, step.get("working-directory", "."))
            res = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True,
                                 text=True, timeout=300)
            self.assertEqual(res.returncode, 0, f"step {step.get('name', step['run'])}: {res.stdout}{res.stderr}")

    def test_the_github_actions_workflow_runs_its_tests_against_the_service_container(self):
        cid, spec, job_env = self.start_service("github-actions.yml", "ecs-tests")
        env = dict(os.environ, **dict(job_env, TEST_IMAGE=BUSYBOX))
        self.run_steps(spec, env)

    def test_the_deploy_action_workflow_reaches_ecsemu_through_aws_endpoint_url_ecs(self):
        cid, spec, job_env = self.start_service("deploy-task-definition.yml", "deploy")
        work = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, work, True)
        with open(os.path.join(CI, "task-definition.json")) as f:
            task_definition = json.load(f)
        task_definition["containerDefinitions"][0]["image"] = BUSYBOX
        path = os.path.join(work, "task-definition.json")
        with open(path, "w") as f:
            json.dump(task_definition, f)
        env = dict(os.environ, **job_env, TASK_DEFINITION=path, AWS_CLI=f"{sys.executable} -m awscli",
                   AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
        self.run_steps(spec, env)
        action = next(s for s in spec["steps"] if s.get("uses", "").startswith(
            "aws-actions/amazon-ecs-deploy-task-definition"))
        self.assertEqual(action["with"]["wait-for-service-stability"], True)
        # What the action does: RegisterTaskDefinition from the file, UpdateService, then the ServicesStable wait.
        only_ecs = {k: v for k, v in job_env.items() if k != "AWS_ENDPOINT_URL"}
        with mock.patch.dict(os.environ, only_ecs, clear=False):
            os.environ.pop("AWS_ENDPOINT_URL", None)
            ecs = boto3.client("ecs")
        self.assertTrue(ecs.meta.endpoint_url.startswith("http://127.0.0.1:"))
        arn = ecs.register_task_definition(**task_definition)["taskDefinition"]["taskDefinitionArn"]
        self.assertTrue(arn.endswith(":2"), arn)  # prepare-deploy.sh registered revision 1
        ecs.update_service(cluster=action["with"]["cluster"], service=action["with"]["service"], taskDefinition=arn)
        ecs.get_waiter("services_stable").wait(cluster=action["with"]["cluster"], services=[action["with"]["service"]],
                                               WaiterConfig={"Delay": 2, "MaxAttempts": 60})
        service = ecs.describe_services(cluster="deploy-demo", services=["web"])["services"][0]
        self.assertEqual(service["taskDefinition"], arn)
        self.assertEqual(service["runningCount"], 1)


if __name__ == "__main__":
    unittest.main()
