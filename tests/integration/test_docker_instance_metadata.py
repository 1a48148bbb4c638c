"""The EC2 instance metadata service as a task on a container instance sees it (--runtime docker): IMDSv2 tokens
(required when the instance says so), the instance's own documents, and the instance profile's role credentials,
which ecsemu accepts. Nobody else (the host, an address no task holds) gets an answer."""
import json
import re
import urllib.error
import urllib.request


from harness import ACCOUNT, BUSYBOX, DockerTestCase, docker, poll

WAIT = {"Delay": 1, "MaxAttempts": 60}
SLEEPER = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
TRUST_EC2 = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


class InstanceMetadataFromATask(DockerTestCase):
    def setUp(self):
        super().setUp()
        self.ec2 = self.server.client("ec2")
        self.iam = self.server.client("iam")

    def launch_container_instance(self, cluster, **extra):
        self.ecs.create_cluster(clusterName=cluster)
        user_data = f"#!/bin/bash\necho ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config\n"
        instance_id = self.ec2.run_instances(ImageId="ami-0123456789abcdef0", InstanceType="t3.medium", MinCount=1,
                                             MaxCount=1, UserData=user_data, **extra)["Instances"][0]["InstanceId"]
        poll(lambda: self.ecs.list_container_instances(cluster=cluster)["containerInstanceArns"],
             what="the instance to join the cluster")
        return instance_id

    def run_on(self, cluster, family):
        self.ecs.register_task_definition(family=family, networkMode="bridge", containerDefinitions=[
            {"name": "main", "image": BUSYBOX, "command": SLEEPER, "essential": True, "memory": 64}])
        arn = self.ecs.run_task(cluster=cluster, taskDefinition=family, launchType="EC2")["tasks"][0]["taskArn"]
        self.ecs.get_waiter("tasks_running").wait(cluster=cluster, tasks=[arn], WaiterConfig=WAIT)
        return self.ecs.describe_tasks(cluster=cluster, tasks=[arn])["tasks"][0]["containers"][0]["runtimeId"]

    def endpoint_of(self, cid):
        """(host, port) where this container reaches the metadata service: 169.254.169.254:80, unless ecsemu
        handed it another endpoint (it could not hold that address)."""
        env = dict(line.split("=", 1) for line in self.sh(cid, "env").stdout.splitlines() if "=" in line)
        given = env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT")
        if given is None:
            return "169.254.169.254", 80
        match = re.fullmatch(r"http://([0-9.]+):(\d+)/", given)
        self.assertIsNotNone(match, given)
        return match.group(1), int(match.group(2))

    def sh(self, cid, script, check=True):
        return docker("exec", cid, "sh", "-c", script, check=check)

    def token(self, cid, where, ttl=300):
        host, port = where
        request = f"PUT /latest/api/token HTTP/1.0\\r\\nX-aws-ec2-metadata-token-ttl-seconds: {ttl}\\r\\n\\r\\n"
        out = self.sh(cid, f"printf '{request}' | timeout 20 nc {host} {port}").stdout
        # The CLI's output comes with universal newlines: the blank line ends the head.
        head, _, body = out.replace("\r\n", "\n").partition("\n\n")
        self.assertIn(" 200 ", head.splitlines()[0], out)
        self.assertIn(f"X-aws-ec2-metadata-token-ttl-seconds: {ttl}", head)
        return body

    def get(self, cid, where, path, token=None, check=True):
        host, port = where
        header = f'--header "X-aws-ec2-metadata-token: {token}" ' if token else ""
        return self.sh(cid, f'timeout 20 wget -q -O- {header}"http://{host}:{port}{path}" 2>&1', check=check)

    def test_a_task_reads_its_instance_with_a_token_and_gets_the_profile_role(self):
        self.iam.create_role(RoleName="ecsInstanceRole", AssumeRolePolicyDocument=TRUST_EC2)
        self.iam.create_instance_profile(InstanceProfileName="ecs-node")
        self.iam.add_role_to_instance_profile(InstanceProfileName="ecs-node", RoleName="ecsInstanceRole")
        instance_id = self.launch_container_instance(
            "imds", IamInstanceProfile={"Name": "ecs-node"}, MetadataOptions={"HttpTokens": "required"})
        described = self.ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
        self.assertEqual(described["MetadataOptions"]["HttpTokens"], "required")
        cid = self.run_on("imds", "imds-reader")
        where = self.endpoint_of(cid)

        # Tokens are required: a request without one is refused.
        refused = self.get(cid, where, "/latest/meta-data/instance-id", check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("401", refused.stdout)
        token = self.token(cid, where)
        self.assertEqual(self.get(cid, where, "/latest/meta-data/instance-id", token).stdout, instance_id)
        self.assertEqual(self.get(cid, where, "/latest/meta-data/placement/region", token).stdout, "us-east-1")
        self.assertEqual(self.get(cid, where, "/latest/meta-data/local-ipv4", token).stdout,
                         described["PrivateIpAddress"])
        identity = json.loads(self.get(cid, where, "/latest/dynamic/instance-identity/document", token).stdout)
        self.assertEqual((identity["instanceId"], identity["accountId"], identity["region"]),
                         (instance_id, ACCOUNT, "us-east-1"))

        # The profile's role: listed, then its credentials, which work against ecsemu as the role's session.
        path = "/latest/meta-data/iam/security-credentials/"
        self.assertEqual(self.get(cid, where, path, token).stdout, "ecsInstanceRole")
        creds = json.loads(self.get(cid, where, path + "ecsInstanceRole", token).stdout)
        self.assertEqual((creds["Code"], creds["Type"]), ("Success", "AWS-HMAC"))
        sts = self.server.client("sts", key=creds["AccessKeyId"], secret=creds["SecretAccessKey"],
                                 token=creds["Token"])
        self.assertEqual(sts.get_caller_identity()["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/ecsInstanceRole/{instance_id}")

        # IMDSv1 once the instance allows it again (CLI v2).
        self.server.cli(2, "ec2", "modify-instance-metadata-options", "--instance-id", instance_id,
                        "--http-tokens", "optional")
        self.assertEqual(self.get(cid, where, "/latest/meta-data/instance-id").stdout, instance_id)

    def test_the_host_and_tasks_without_an_instance_get_no_metadata(self):
        # The default cluster's instance was registered through the API: there is no EC2 instance behind it.
        self.ecs.register_task_definition(family="no-instance", networkMode="bridge", containerDefinitions=[
            {"name": "main", "image": BUSYBOX, "command": SLEEPER, "essential": True, "memory": 64}])
        arn = self.ecs.run_task(cluster="default", taskDefinition="no-instance", launchType="EC2")["tasks"][0]["taskArn"]
        self.ecs.get_waiter("tasks_running").wait(cluster="default", tasks=[arn], WaiterConfig=WAIT)
        cid = self.ecs.describe_tasks(cluster="default", tasks=[arn])["tasks"][0]["containers"][0]["runtimeId"]
        where = self.endpoint_of(cid)
        answer = self.get(cid, where, "/latest/meta-data/instance-id", check=False)
        self.assertNotEqual(answer.returncode, 0)
        self.assertIn("404", answer.stdout)
        # The host is nobody's instance either (it asks the API port, which serves the same paths).
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(f"{self.server.endpoint}/latest/meta-data/instance-id", timeout=10)
        self.assertEqual(ctx.exception.code, 404)


if __name__ == "__main__":
    import unittest
    unittest.main()
