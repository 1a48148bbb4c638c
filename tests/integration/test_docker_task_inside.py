"""What a task sees from inside its containers (--runtime docker): the task metadata endpoint v4 and v3 with
Docker's stats, AWS_ENDPOINT_URL and the region, and `secrets` from SSM and Secrets Manager in the environment;
a secret that cannot be read fails the task as ECS does."""
import json
import os
import shutil
import tempfile
import unittest

import botocore.exceptions

import harness
from harness import BUSYBOX, DockerTestCase, docker

WAIT = {"Delay": 1, "MaxAttempts": 60}
SLEEPER = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
RESOURCE_INIT = "ResourceInitializationError: unable to pull secrets or registry auth: "


class TaskHelpers(DockerTestCase):
    """Starting a task of busybox:local and looking at it from inside (no tests of its own)."""

    def start(self, family, **extra):
        container = {"name": "main", "image": BUSYBOX, "command": SLEEPER, "essential": True, "memory": 64}
        container.update(extra)
        self.ecs.register_task_definition(family=family, networkMode="bridge", containerDefinitions=[container])
        out = self.ecs.run_task(cluster="default", taskDefinition=family, launchType="EC2")
        self.assertEqual(out["failures"], [])
        return out["tasks"][0]["taskArn"]

    def running(self, arn):
        self.ecs.get_waiter("tasks_running").wait(cluster="default", tasks=[arn], WaiterConfig=WAIT)
        return self.ecs.describe_tasks(cluster="default", tasks=[arn])["tasks"][0]

    def exec(self, container_id, script, check=True):
        return docker("exec", container_id, "sh", "-c", script, check=check)

    def environment(self, container_id):
        lines = self.exec(container_id, "env").stdout.splitlines()
        return dict(line.split("=", 1) for line in lines if "=" in line)

    def fetch(self, container_id, url_expression):
        out = self.exec(container_id, f'timeout 20 wget -q -O- "{url_expression}"').stdout
        return json.loads(out)


class InsideATask(TaskHelpers):
    def test_metadata_v4_and_v3_describe_the_task_from_inside(self):
        arn = self.start("inside")
        task = self.running(arn)
        cid = task["containers"][0]["runtimeId"]
        env = self.environment(cid)
        self.assertRegex(env["ECS_CONTAINER_METADATA_URI_V4"], r"^http://[0-9.]+:\d+/v4/[0-9a-f]{32}$")
        self.assertRegex(env["ECS_CONTAINER_METADATA_URI"], r"^http://[0-9.]+:\d+/v3/[0-9a-f]{32}$")

        meta = self.fetch(cid, "$ECS_CONTAINER_METADATA_URI_V4/task")
        self.assertEqual(meta["TaskARN"], arn)
        self.assertEqual(meta["Cluster"], task["clusterArn"])
        self.assertEqual((meta["Family"], meta["Revision"]), ("inside", "1"))
        self.assertEqual((meta["DesiredStatus"], meta["KnownStatus"]), ("RUNNING", "RUNNING"))
        self.assertEqual(meta["LaunchType"], "EC2")
        self.assertIn("PullStartedAt", meta)
        self.assertIn("PullStoppedAt", meta)
        self.assertEqual(meta["AvailabilityZone"], task["availabilityZone"])
        [c] = meta["Containers"]
        self.assertEqual(c["DockerId"], cid)
        self.assertEqual(c["Name"], "main")
        self.assertEqual(c["Image"], BUSYBOX)
        self.assertTrue(c["ImageID"].startswith("sha256:"), c["ImageID"])
        self.assertTrue(c["DockerName"])
        self.assertEqual(c["Labels"]["com.amazonaws.ecs.task-arn"], arn)
        self.assertEqual((c["DesiredStatus"], c["KnownStatus"], c["Type"]), ("RUNNING", "RUNNING", "NORMAL"))
        self.assertEqual(c["Limits"]["Memory"], 64)
        self.assertIn("CreatedAt", c)
        self.assertIn("StartedAt", c)
        self.assertEqual(c["ContainerARN"], task["containers"][0]["containerArn"])
        [net] = c["Networks"]
        self.assertEqual(net["NetworkMode"], "bridge")
        self.assertEqual(len(net["IPv4Addresses"]), 1)

        own = self.fetch(cid, "$ECS_CONTAINER_METADATA_URI_V4")
        self.assertEqual((own["DockerId"], own["Name"]), (cid, "main"))
        v3 = self.fetch(cid, "$ECS_CONTAINER_METADATA_URI/task")
        self.assertEqual(v3["TaskARN"], arn)
        self.assertNotIn("LaunchType", v3)
        self.assertEqual(self.fetch(cid, "$ECS_CONTAINER_METADATA_URI")["DockerId"], cid)

        # The same routes answer on ecsemu's own port; what they refuse, they refuse with a status.
        path = "/v4/" + env["ECS_CONTAINER_METADATA_URI_V4"].rsplit("/", 1)[1]
        status, _, body = self.server.raw("GET", path + "/task")
        self.assertEqual((status, json.loads(body)["TaskARN"]), (200, arn))
        self.assertEqual(self.server.raw("POST", path + "/task")[0], 405)
        self.assertEqual(self.server.raw("GET", path + "/nothing-here")[0], 404)
        self.assertEqual(self.server.raw("GET", "/v4/" + "0" * 32)[0], 404)
        status, _, body = self.server.raw("GET", "/v2/credentials/abc")
        self.assertEqual((status, json.loads(body)["code"]), (400, "InvalidIdInRequest"))
        self.assertNotIn("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", env)

        # Another token is nobody's: the endpoint answers 404 and wget fails.
        guessed = self.exec(cid, 'timeout 20 wget -q -O- "${ECS_CONTAINER_METADATA_URI_V4%/*}/'
                                 '0123456789abcdef0123456789abcdef/task"', check=False)
        self.assertNotEqual(guessed.returncode, 0)

    def test_stats_come_from_docker(self):
        arn = self.start("stats")
        cid = self.running(arn)["containers"][0]["runtimeId"]
        stats = self.fetch(cid, "$ECS_CONTAINER_METADATA_URI_V4/stats")
        self.assertIn("memory_stats", stats)
        self.assertIn("cpu_stats", stats)
        self.assertIn("read", stats)
        task_stats = self.fetch(cid, "$ECS_CONTAINER_METADATA_URI_V4/task/stats")
        self.assertEqual(list(task_stats), [cid])
        self.assertIn("memory_stats", task_stats[cid])

    def test_endpoint_url_and_region_point_an_sdk_at_ecsemu(self):
        arn = self.start("sdk", environment=[{"name": "AWS_DEFAULT_REGION", "value": "eu-west-1"}])
        cid = self.running(arn)["containers"][0]["runtimeId"]
        env = self.environment(cid)
        self.assertEqual(env["AWS_REGION"], "us-east-1")
        self.assertEqual(env["AWS_DEFAULT_REGION"], "eu-west-1")  # the task definition's own value stays
        self.assertRegex(env["AWS_ENDPOINT_URL"], r"^http://[0-9.]+:\d+$")
        health = self.fetch(cid, "$AWS_ENDPOINT_URL/_ecsemu/health")
        self.assertEqual(health["status"], "running")

    def test_secrets_from_ssm_and_secrets_manager_become_environment_variables(self):
        ssm = self.server.client("ssm")
        sm = self.server.client("secretsmanager")
        ssm.put_parameter(Name="/app/password", Value="from-ssm-secure", Type="SecureString")
        ssm.put_parameter(Name="plain", Value="from-ssm-plain", Type="String")
        param_arn = ssm.get_parameter(Name="plain")["Parameter"]["ARN"]
        secret_arn = sm.create_secret(Name="app/db", SecretString='{"user":"admin","port":5432}')["ARN"]
        sm.put_secret_value(SecretId="app/db", SecretString='{"user":"root","port":1}')
        arn = self.start("secrets", secrets=[
            {"name": "SSM_SECURE", "valueFrom": "/app/password"},
            {"name": "SSM_BY_ARN", "valueFrom": param_arn},
            {"name": "SM_WHOLE", "valueFrom": secret_arn},
            {"name": "SM_USER", "valueFrom": f"{secret_arn}:user::"},
            {"name": "SM_PREVIOUS_USER", "valueFrom": f"{secret_arn}:user:AWSPREVIOUS:"},
            {"name": "SM_PARTIAL_ARN_PORT", "valueFrom": f"{secret_arn[:-7]}:port::"},
        ])
        cid = self.running(arn)["containers"][0]["runtimeId"]
        env = self.environment(cid)
        self.assertEqual(env["SSM_SECURE"], "from-ssm-secure")
        self.assertEqual(env["SSM_BY_ARN"], "from-ssm-plain")
        self.assertEqual(env["SM_WHOLE"], '{"user":"root","port":1}')
        self.assertEqual(env["SM_USER"], "root")
        self.assertEqual(env["SM_PREVIOUS_USER"], "admin")
        self.assertEqual(env["SM_PARTIAL_ARN_PORT"], "1")

    def test_task_role_credentials_fetched_inside_are_the_roles_and_work(self):
        iam = self.server.client("iam")
        trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
        role_arn = iam.create_role(RoleName="app-task-role", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
        family = "with-role"
        self.ecs.register_task_definition(
            family=family, networkMode="bridge", taskRoleArn=role_arn,
            containerDefinitions=[{"name": "main", "image": BUSYBOX, "command": SLEEPER, "essential": True,
                                   "memory": 64}])
        arn = self.ecs.run_task(cluster="default", taskDefinition=family, launchType="EC2")["tasks"][0]["taskArn"]
        cid = self.running(arn)["containers"][0]["runtimeId"]
        env = self.environment(cid)
        # The relative URI when this ecsemu serves 169.254.170.2 port 80 (as the SDKs expect), else the full URL.
        if "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" in env:
            self.assertRegex(env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], r"^/v2/credentials/[0-9a-f-]{36}$")
            self.assertNotIn("AWS_CONTAINER_CREDENTIALS_FULL_URI", env)
            url = "http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
        else:
            self.assertRegex(env["AWS_CONTAINER_CREDENTIALS_FULL_URI"],
                             r"^http://169\.254\.170\.2:\d+/v2/credentials/[0-9a-f-]{36}$")
            url = "$AWS_CONTAINER_CREDENTIALS_FULL_URI"
        creds = self.fetch(cid, url)
        self.assertEqual(sorted(creds), ["AccessKeyId", "Expiration", "RoleArn", "SecretAccessKey", "Token"])
        self.assertEqual(creds["RoleArn"], role_arn)
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"), creds["AccessKeyId"])
        self.assertRegex(creds["Expiration"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(self.fetch(cid, url)["AccessKeyId"], creds["AccessKeyId"])  # the same until near expiry

        sts = self.server.client("sts", key=creds["AccessKeyId"], secret=creds["SecretAccessKey"],
                                 token=creds["Token"])
        task_id = arn.rsplit("/", 1)[1]
        self.assertEqual(sts.get_caller_identity()["Arn"],
                         f"arn:aws:sts::123456789012:assumed-role/app-task-role/{task_id}")
        # Without the session token the key is refused.
        with self.assertRaises(botocore.exceptions.ClientError):
            self.server.client("sts", key=creds["AccessKeyId"], secret=creds["SecretAccessKey"]).get_caller_identity()

        # Another id is nobody's: the agent's 400, from inside and on ecsemu's own port.
        full = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                       "http://169.254.170.2" + env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", ""))
        guessed = self.exec(cid, 'timeout 20 wget -q -O- "' + full.rsplit("/", 1)[0] +
                            '/00000000-0000-4000-8000-000000000000"', check=False)
        self.assertNotEqual(guessed.returncode, 0)
        status, _, body = self.server.raw("GET", "/v2/credentials/00000000-0000-4000-8000-000000000000")
        self.assertEqual((status, json.loads(body)),
                         (400, {"code": "InvalidIdInRequest", "message": "CredentialsV2Request: ID not found"}))
        status, _, body = self.server.raw("GET", "/v2/credentials/")
        self.assertEqual((status, json.loads(body)["code"]), (400, "NoIdInRequest"))

        # Once the task stopped, its id answers 400 too.
        cred_path = "/v2/credentials/" + full.rsplit("/", 1)[1]
        self.assertEqual(self.server.raw("GET", cred_path)[0], 200)
        self.ecs.stop_task(cluster="default", task=arn)
        self.ecs.get_waiter("tasks_stopped").wait(cluster="default", tasks=[arn], WaiterConfig=WAIT)
        self.assertEqual(self.server.raw("GET", cred_path)[0], 400)

    def assert_fails_to_start(self, family, secrets, reason_contains):
        arn = self.start(family, secrets=secrets)
        self.ecs.get_waiter("tasks_stopped").wait(cluster="default", tasks=[arn], WaiterConfig=WAIT)
        task = self.ecs.describe_tasks(cluster="default", tasks=[arn])["tasks"][0]
        self.assertEqual(task["stopCode"], "TaskFailedToStart")
        self.assertTrue(task["stoppedReason"].startswith(RESOURCE_INIT), task["stoppedReason"])
        self.assertIn(reason_contains, task["stoppedReason"])
        self.assertNotIn("runtimeId", task["containers"][0])  # no container was created
        return task

    def test_a_missing_ssm_parameter_fails_the_task(self):
        self.assert_fails_to_start("no-param", [{"name": "X", "valueFrom": "/does/not/exist"}],
                                   "unable to retrieve secrets from ssm: service call has been retried 1 time(s): "
                                   "invalid parameters: /does/not/exist")

    def test_a_missing_secret_or_json_key_fails_the_task(self):
        gone = "arn:aws:secretsmanager:us-east-1:123456789012:secret:gone-AbCdEf"
        self.assert_fails_to_start(
            "no-secret", [{"name": "X", "valueFrom": gone}],
            f"unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret "
            f"{gone} from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified "
            f"secret.")
        arn = self.server.client("secretsmanager").create_secret(Name="k", SecretString='{"a":"b"}')["ARN"]
        self.assert_fails_to_start("no-key", [{"name": "X", "valueFrom": f"{arn}:missing::"}],
                                   "retrieved secret from Secrets Manager did not contain json key missing")


class WithoutThePrivilegeToAddTheAddress(TaskHelpers):
    """ecsemu without CAP_NET_ADMIN cannot add 169.254.170.2: it says so and serves on the Docker bridge's
    gateway, where containers reach the metadata endpoint and the API all the same."""

    @classmethod
    def setUpClass(cls):
        if shutil.which("setpriv") is None:
            raise unittest.SkipTest("setpriv (util-linux) is needed to drop CAP_NET_ADMIN")
        cls.wrapper_dir = tempfile.mkdtemp()
        wrapper = os.path.join(cls.wrapper_dir, "ecsemu")
        with open(wrapper, "w") as f:
            f.write(f'#!/bin/sh\nexec setpriv --bounding-set -net_admin --inh-caps -net_admin "{harness.BIN}" "$@"\n')
        os.chmod(wrapper, 0o755)
        real, harness.BIN = harness.BIN, wrapper
        try:
            super().setUpClass()
        finally:
            harness.BIN = real

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.wrapper_dir, ignore_errors=True)

    def test_the_bridge_gateway_serves_metadata_and_the_api(self):
        self.assertIn("cannot add the task endpoint address to lo", self.server.read_log())
        arn = self.start("fallback")
        cid = self.running(arn)["containers"][0]["runtimeId"]
        env = self.environment(cid)
        self.assertFalse(env["ECS_CONTAINER_METADATA_URI_V4"].startswith("http://169.254.170.2:"))
        self.assertEqual(self.fetch(cid, "$ECS_CONTAINER_METADATA_URI_V4/task")["TaskARN"], arn)
        self.assertEqual(self.fetch(cid, "$AWS_ENDPOINT_URL/_ecsemu/health")["status"], "running")
        # The instance metadata service moves to the same origin, and the task is told where: the SDKs read
        # AWS_EC2_METADATA_SERVICE_ENDPOINT. (This task's instance was registered through the API: it has no EC2
        # instance behind it, so the service answers 404 - from ecsemu, not from a missing address.)
        origin = env["ECS_CONTAINER_METADATA_URI_V4"].rsplit("/v4/", 1)[0]
        self.assertEqual(env["AWS_EC2_METADATA_SERVICE_ENDPOINT"], origin + "/")
        answer = self.exec(cid, 'timeout 20 wget -q -O- "${AWS_EC2_METADATA_SERVICE_ENDPOINT}latest/meta-data/" 2>&1',
                           check=False)
        self.assertIn("404", answer.stdout)


if __name__ == "__main__":
    unittest.main()
