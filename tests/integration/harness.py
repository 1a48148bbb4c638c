"""Shared helpers for the integration tests: start the real ecsemu binary on a free loopback port and
drive it with the AWS CLI v1 (python3 -m awscli), the AWS CLI v2 (/usr/bin/aws) and boto3."""
import http.client
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials
import botocore.exceptions

SOURCE_DIR = os.environ.get("ECSEMU_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("ECSEMU_BIN", os.path.join(SOURCE_DIR, "build", "ecsemu"))
CLI_V2 = "/usr/bin/aws"
ACCOUNT = "123456789012"


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Server:
    """The ecsemu process. Use as a context manager; stops it by PID with SIGTERM."""

    def __init__(self, *args, env=None):
        self.args = list(args)
        if not any(a == "--runtime" or a.startswith("--runtime=") for a in self.args):
            self.args = ["--runtime", "simulated", *self.args]  # Docker only for the tests that ask for it
        self.extra_env = env or {}
        self.proc = None
        self.port = None
        self.log = tempfile.NamedTemporaryFile(prefix="ecsemu-test-", suffix=".log", delete=False)

    def __enter__(self):
        env = dict(os.environ)
        env.update(self.extra_env)
        self.proc = subprocess.Popen([BIN, "--port", "0", *self.args], stdout=subprocess.PIPE,
                                     stderr=self.log, env=env, text=True)
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            self.stop()
            self.proc.stdout.close()
            raise RuntimeError(f"ecsemu did not start: {line!r}\n{self.read_log()}")
        self.port = int(line.strip().rsplit(":", 1)[1])
        return self

    def __exit__(self, *exc):
        self.stop()
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()
        self.log.close()
        os.unlink(self.log.name)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def read_log(self):
        with open(self.log.name) as f:
            return f.read()

    # --- clients -------------------------------------------------------------------------------------
    def client(self, service, key="test", secret="test", region="us-east-1", validate=True, token=None):
        return boto3.session.Session().client(
            service, endpoint_url=self.endpoint, region_name=region, aws_access_key_id=key,
            aws_secret_access_key=secret, aws_session_token=token,
            config=botocore.config.Config(parameter_validation=validate, retries={"max_attempts": 1}))

    def cli_env(self, key="test", secret="test", region="us-east-1"):
        env = dict(os.environ)
        env.update({"AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret, "AWS_DEFAULT_REGION": region,
                    "AWS_PAGER": "", "AWS_EC2_METADATA_DISABLED": "true",
                    "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"})
        env.pop("AWS_PROFILE", None)
        env.pop("AWS_SESSION_TOKEN", None)
        return env

    def cli(self, version, *args, key="test", secret="test", region="us-east-1", check=True):
        """Runs the AWS CLI (1 or 2) against the server; returns (returncode, parsed JSON or None, stderr)."""
        exe = [sys.executable, "-m", "awscli"] if version == 1 else [CLI_V2]
        cmd = [*exe, "--endpoint-url", self.endpoint, "--output", "json", *args]
        res = subprocess.run(cmd, capture_output=True, text=True, env=self.cli_env(key, secret, region), timeout=120)
        if check and res.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} failed ({res.returncode}): {res.stderr}")
        out = json.loads(res.stdout) if res.stdout.strip() else None
        return res.returncode, out, res.stderr

    # --- raw, signed requests ------------------------------------------------------------------------
    def signed(self, service, body, headers, key="test", secret="test", region="us-east-1", method="POST",
               path="/"):
        """Sends a request signed with SigV4 exactly as given (no client-side validation)."""
        req = botocore.awsrequest.AWSRequest(method=method, url=self.endpoint + path, data=body, headers=headers)
        botocore.auth.SigV4Auth(botocore.credentials.Credentials(key, secret), service, region).add_auth(req)
        return self.raw(method, path, body, dict(req.headers.items()))

    def raw(self, method, path, body=b"", headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read()
        finally:
            conn.close()


def require_cli_v2(test):
    if not os.path.exists(CLI_V2):
        raise unittest.SkipTest("AWS CLI v2 (/usr/bin/aws) is not installed; run scripts/setup")


class BothClis:
    """Mixin: runs the test case's run_cli(version) once with the AWS CLI v1 and once with v2 (skipped when v2 is
    not installed)."""

    def test_cli_v1(self):
        self.run_cli(1)

    def test_cli_v2(self):
        require_cli_v2(self)
        self.run_cli(2)


# --- Docker ---------------------------------------------------------------------------------------------
BUSYBOX = "busybox:local"


def docker(*args, check=True, timeout=60):
    """Runs the docker CLI; returns its CompletedProcess (text)."""
    res = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    if check and res.returncode != 0:
        raise AssertionError(f"docker {' '.join(args)} failed ({res.returncode}): {res.stderr}")
    return res


def require_docker():
    """Skips the calling test class unless a Docker engine answers (under CI=true, where scripts/setup has started
    one, a missing engine is a failure, not a skip); builds busybox:local when missing."""
    try:
        _require_docker()
    except unittest.SkipTest as skip:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            raise AssertionError(f"Docker is required under CI: {skip}") from None
        raise


def _no_docker(reason):
    # In CI (CI=true, as .ci/run runs) the engine is part of the set-up: a missing one fails instead of skipping.
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        raise RuntimeError(reason)
    raise unittest.SkipTest(reason)


def _require_docker():
    if shutil.which("docker") is None:
        _no_docker("no docker CLI installed; run scripts/setup")
    try:
        if docker("info", check=False, timeout=20).returncode != 0:
            _no_docker("no Docker engine answers (start dockerd or run scripts/setup)")
    except subprocess.TimeoutExpired:
        _no_docker("the Docker engine does not answer in time")
    if docker("image", "inspect", BUSYBOX, check=False).returncode != 0:
        ctx = tempfile.mkdtemp()
        try:
            shutil.copy("/bin/busybox", os.path.join(ctx, "busybox"))
            with open(os.path.join(ctx, "Dockerfile"), "w") as f:
                f.write('FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n'
                        'CMD ["/bin/sh"]\n')
            env = dict(os.environ, DOCKER_BUILDKIT="0")
            subprocess.run(["docker", "build", "-q", "-t", BUSYBOX, ctx], check=True, capture_output=True, env=env,
                           timeout=300)
        finally:
            shutil.rmtree(ctx, ignore_errors=True)


def containers_with_label(label, all_states=True):
    """Ids of the containers carrying `label` ("key" or "key=value")."""
    args = ["ps", "-q", "--no-trunc", "--filter", f"label={label}"]
    if all_states:
        args.insert(1, "-a")
    return [line for line in docker(*args).stdout.split() if line]


def remove_containers_with_label(label):
    ids = containers_with_label(label)
    if ids:
        docker("rm", "-f", "-v", *ids, check=False)
    return ids


def json_target(service_prefix, op):
    return {"X-Amz-Target": f"{service_prefix}.{op}", "Content-Type": "application/x-amz-json-1.1"}


ECS_PREFIX = "AmazonEC2ContainerServiceV20141113"


def poll(fn, timeout=30, what="condition"):
    """fn()'s first truthy value, asked every 0.2 s; AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def code(exc):
    """The AWS error code of a botocore ClientError."""
    return exc.response["Error"]["Code"]


def default_network(server, region="us-east-1"):
    """An awsvpcConfiguration with the region's default subnets and the default VPC's default security group,
    as a real account has them (awsvpc tasks need subnets and groups that exist)."""
    ec2 = server.client("ec2", region=region)
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    vpc = subnets[0]["VpcId"]
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                   {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]
    return {"awsvpcConfiguration": {"subnets": sorted(s["SubnetId"] for s in subnets),
                                    "securityGroups": [groups[0]["GroupId"]]}}


class ServerTestCase(unittest.TestCase):
    """One ecsemu for the whole class (started with SERVER_ARGS), its state wiped before each test;
    `self.ecs` is a boto3 ECS client. Subclasses that extend setUp call super().setUp() first."""

    SERVER_ARGS = ()

    @classmethod
    def setUpClass(cls):
        cls.server = Server(*cls.SERVER_ARGS).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def setUp(self):
        self.server.raw("POST", "/_ecsemu/reset")
        self.ecs = self.server.client("ecs")

    def assert_error(self, expected, fn, *, http_status=None, error_message=None, **kwargs):
        """fn(**kwargs) fails with the error code `expected` (and the HTTP status / message when given; keyword
        names that no operation's parameter has: ECS has `status`)."""
        with self.assertRaises(botocore.exceptions.ClientError, msg=str(kwargs)) as ctx:
            fn(**kwargs)
        self.assertEqual(code(ctx.exception), expected, kwargs)
        if http_status is not None:
            self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], http_status, kwargs)
        if error_message is not None:
            self.assertEqual(ctx.exception.response["Error"]["Message"], error_message)
        return ctx.exception


def docker_inspect(container_id):
    """`docker inspect` of one container as a dict, or None when Docker does not know it."""
    res = docker("inspect", container_id, check=False)
    return json.loads(res.stdout)[0] if res.returncode == 0 else None


def instance_identity(instance_id):
    """An instance identity document for RegisterContainerInstance (a large c5 host in us-east-1a)."""
    return json.dumps({"instanceId": instance_id, "instanceType": "c5.4xlarge", "availabilityZone": "us-east-1a",
                       "imageId": "ami-0abc", "region": "us-east-1", "architecture": "x86_64", "accountId": ACCOUNT})


class DockerTestCase(ServerTestCase):
    """ServerTestCase on the Docker runtime: needs a Docker engine (see require_docker); each test starts with the
    `default` cluster holding one large container instance (INSTANCE_ID) and ends by removing every container
    this server started (`owner_label`)."""

    SERVER_ARGS = ("--runtime", "docker")
    INSTANCE_ID = "i-0123456789abcdef0"

    @classmethod
    def setUpClass(cls):
        require_docker()
        super().setUpClass()
        cls.owner_label = f"ecsemu.pid={cls.server.proc.pid}"

    def setUp(self):
        super().setUp()
        self.ecs.create_cluster(clusterName="default")
        self.ecs.register_container_instance(
            cluster="default", instanceIdentityDocument=instance_identity(self.INSTANCE_ID),
            instanceIdentityDocumentSignature="sig",
            totalResources=[{"name": "CPU", "type": "INTEGER", "integerValue": 65536},
                            {"name": "MEMORY", "type": "INTEGER", "integerValue": 262144}])

    def tearDown(self):
        remove_containers_with_label(self.owner_label)
