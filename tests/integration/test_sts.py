"""STS: GetCallerIdentity with the signer's identity, AssumeRole (temporary credentials ecsemu accepts, with their
session token, until they expire), GetSessionToken, AssumeRoleWithWebIdentity, through boto3 and the AWS CLI v1
and v2."""
import base64
import json
import time
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2

TRUST = {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                        "Action": "sts:AssumeRole"}]}


def jwt(claims):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


class StsTestCase(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.iam = self.server.client("iam")
        self.sts = self.server.client("sts")

    def make_role(self, name="app", **kwargs):
        return self.iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST), **kwargs)["Role"]

    def session_client(self, service, creds, token=True, region="us-east-1"):
        return self.server.client(service, key=creds["AccessKeyId"], secret=creds["SecretAccessKey"],
                                  token=creds["SessionToken"] if token else None, region=region)


class CallerIdentity(StsTestCase):
    def test_root_for_account_keys(self):
        ident = self.sts.get_caller_identity()
        self.assertEqual(ident, {**ident, "UserId": ACCOUNT, "Account": ACCOUNT,
                                 "Arn": f"arn:aws:iam::{ACCOUNT}:root"})
        other = self.server.client("sts", key="210987654321").get_caller_identity()
        self.assertEqual(other["Arn"], "arn:aws:iam::210987654321:root")


class AssumeRole(StsTestCase):
    def test_assume_role_credentials_work_and_name_the_session(self):
        role = self.make_role("deploy", Path="/ci/")
        out = self.sts.assume_role(RoleArn=role["Arn"], RoleSessionName="build-42", DurationSeconds=900)
        creds = out["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        self.assertEqual(len(creds["AccessKeyId"]), 20)
        self.assertGreater(len(creds["SessionToken"]), 100)
        remaining = creds["Expiration"].timestamp() - time.time()
        self.assertTrue(800 < remaining <= 901, remaining)
        self.assertEqual(out["AssumedRoleUser"]["Arn"], f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/build-42")
        self.assertEqual(out["AssumedRoleUser"]["AssumedRoleId"], f"{role['RoleId']}:build-42")
        session_sts = self.session_client("sts", creds)
        ident = session_sts.get_caller_identity()
        self.assertEqual(ident["Arn"], f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/build-42")
        self.assertEqual(ident["UserId"], f"{role['RoleId']}:build-42")
        self.assertEqual(ident["Account"], ACCOUNT)
        # The session's credentials call ECS (JSON protocol) and EC2 (ec2 protocol) as the role's account.
        ecs = self.session_client("ecs", creds)
        cluster = ecs.create_cluster(clusterName="from-role")["cluster"]
        self.assertEqual(cluster["clusterArn"], f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/from-role")
        self.assertEqual([c["clusterName"] for c in self.ecs.describe_clusters(clusters=["from-role"])["clusters"]],
                         ["from-role"])
        self.session_client("ec2", creds).describe_vpcs()
        # RoleLastUsed is recorded.
        self.assertIn("LastUsedDate", self.iam.get_role(RoleName="deploy")["Role"]["RoleLastUsed"])

    def test_session_token_must_be_sent_and_match(self):
        role = self.make_role()
        creds = self.sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1")["Credentials"]
        no_token = self.session_client("sts", creds, token=False)
        self.assertEqual(code_of(no_token.get_caller_identity), "InvalidClientTokenId")
        wrong = self.server.client("sts", key=creds["AccessKeyId"], secret=creds["SecretAccessKey"],
                                   token=creds["SessionToken"][:-4] + "AAAA")
        self.assertEqual(code_of(wrong.get_caller_identity), "InvalidClientTokenId")
        ecs = self.session_client("ecs", creds, token=False)
        self.assertEqual(code_of(ecs.list_clusters), "UnrecognizedClientException")
        bad_secret = self.server.client("sts", key=creds["AccessKeyId"], secret="x" * 40,
                                        token=creds["SessionToken"])
        self.assertEqual(code_of(bad_secret.get_caller_identity), "SignatureDoesNotMatch")

    def test_assume_role_errors(self):
        err = self.assert_error("AccessDenied", self.sts.assume_role,
                                RoleArn=f"arn:aws:iam::{ACCOUNT}:role/missing", RoleSessionName="s1")
        self.assertIn("is not authorized to perform: sts:AssumeRole", str(err))
        self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 403)
        role = self.make_role()
        err = self.assert_error("ValidationError", self.sts.assume_role, RoleArn=role["Arn"], RoleSessionName="s1",
                                DurationSeconds=7200)
        self.assertIn("MaxSessionDuration", str(err))
        self.iam.update_role(RoleName="app", MaxSessionDuration=7200)
        self.sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", DurationSeconds=7200)
        raw = self.server.client("sts", validate=False)
        self.assert_error("ValidationError", raw.assume_role, RoleArn=role["Arn"], RoleSessionName="s1",
                          DurationSeconds=100)
        self.assert_error("ValidationError", raw.assume_role, RoleArn=role["Arn"], RoleSessionName="s")
        self.assert_error("ValidationError", raw.assume_role, RoleArn=role["Arn"], RoleSessionName="has space")
        self.assert_error("ValidationError", raw.assume_role, RoleArn="arn:aws:iam::role-without-account",
                          RoleSessionName="s1")
        self.assert_error("MalformedPolicyDocument", self.sts.assume_role, RoleArn=role["Arn"], RoleSessionName="s1",
                          Policy="{not json")

    def test_role_chaining_is_limited_to_an_hour(self):
        role = self.make_role(MaxSessionDuration=7200)
        creds = self.sts.assume_role(RoleArn=role["Arn"], RoleSessionName="first")["Credentials"]
        chained = self.session_client("sts", creds)
        err = self.assert_error("ValidationError", chained.assume_role, RoleArn=role["Arn"], RoleSessionName="second",
                                DurationSeconds=7200)
        self.assertIn("role chaining", str(err))
        second = chained.assume_role(RoleArn=role["Arn"], RoleSessionName="second")
        self.assertEqual(second["AssumedRoleUser"]["Arn"], f"arn:aws:sts::{ACCOUNT}:assumed-role/app/second")

    def test_cross_account_role(self):
        other = self.server.client("iam", key="210987654321")
        role = other.create_role(RoleName="x", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]
        creds = self.sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1")["Credentials"]
        ident = self.session_client("sts", creds).get_caller_identity()
        self.assertEqual(ident["Account"], "210987654321")
        self.assertEqual(ident["Arn"], "arn:aws:sts::210987654321:assumed-role/x/s1")


class Expiry(StsTestCase):
    """Its own server: the test moves that server's clock forward for good."""

    def test_expired_credentials_are_refused(self):
        role = self.make_role()
        creds = self.sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", DurationSeconds=900)["Credentials"]
        session_sts = self.session_client("sts", creds)
        self.assertIn("assumed-role", session_sts.get_caller_identity()["Arn"])
        status, _, _ = self.server.raw("POST", "/_ecsemu/clock/advance?seconds=901")
        self.assertEqual(status, 200)
        err = self.assert_error("ExpiredToken", session_sts.get_caller_identity)
        self.assertIn("expired", str(err))
        self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 403)
        self.assertEqual(code_of(self.session_client("ecs", creds).list_clusters), "ExpiredTokenException")
        self.assertEqual(code_of(self.session_client("ec2", creds).describe_vpcs), "RequestExpired")


class SessionToken(StsTestCase):
    def test_get_session_token_for_a_user(self):
        self.iam.create_user(UserName="u")
        key = self.iam.create_access_key(UserName="u")["AccessKey"]
        user_sts = self.server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
        creds = user_sts.get_session_token(DurationSeconds=1800)["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        session = self.session_client("sts", creds)
        self.assertEqual(session.get_caller_identity()["Arn"], f"arn:aws:iam::{ACCOUNT}:user/u")
        err = self.assert_error("AccessDenied", session.get_session_token)
        self.assertIn("session credentials", str(err))
        unchecked = self.server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"], validate=False)
        self.assert_error("ValidationError", unchecked.get_session_token, DurationSeconds=100)

    def test_root_sessions_last_an_hour_at_most(self):
        creds = self.sts.get_session_token(DurationSeconds=7200)["Credentials"]
        self.assertLessEqual(creds["Expiration"].timestamp() - time.time(), 3601)
        self.assertEqual(self.session_client("sts", creds).get_caller_identity()["Arn"],
                         f"arn:aws:iam::{ACCOUNT}:root")


class WebIdentity(StsTestCase):
    def test_any_well_formed_token_is_accepted_for_an_existing_role(self):
        role = self.make_role("web")
        token = jwt({"iss": "https://token.actions.githubusercontent.com", "sub": "repo:o/r:ref:main",
                     "aud": "sts.amazonaws.com", "exp": int(time.time()) + 600})
        out = self.sts.assume_role_with_web_identity(RoleArn=role["Arn"], RoleSessionName="gh",
                                                      WebIdentityToken=token)
        self.assertEqual(out["SubjectFromWebIdentityToken"], "repo:o/r:ref:main")
        self.assertEqual(out["Provider"], "token.actions.githubusercontent.com")
        self.assertEqual(out["Audience"], "sts.amazonaws.com")
        ident = self.session_client("sts", out["Credentials"]).get_caller_identity()
        self.assertEqual(ident["Arn"], f"arn:aws:sts::{ACCOUNT}:assumed-role/web/gh")
        self.assert_error("InvalidIdentityToken", self.sts.assume_role_with_web_identity, RoleArn=role["Arn"],
                          RoleSessionName="gh", WebIdentityToken="not-a-jwt")
        expired = jwt({"sub": "x", "exp": int(time.time()) - 10})
        self.assert_error("ExpiredTokenException", self.sts.assume_role_with_web_identity, RoleArn=role["Arn"],
                          RoleSessionName="gh", WebIdentityToken=expired)
        self.assert_error("AccessDenied", self.sts.assume_role_with_web_identity,
                          RoleArn=f"arn:aws:iam::{ACCOUNT}:role/none", RoleSessionName="gh", WebIdentityToken=token)


class Cli(StsTestCase):
    def run_cli(self, version):
        role = self.make_role(f"cli{version}")
        _, out, _ = self.server.cli(version, "sts", "assume-role", "--role-arn", role["Arn"],
                                    "--role-session-name", "cli")
        creds = out["Credentials"]
        env_cli = self.server.cli_env(creds["AccessKeyId"], creds["SecretAccessKey"])
        env_cli["AWS_SESSION_TOKEN"] = creds["SessionToken"]
        import subprocess
        import sys
        from harness import CLI_V2
        exe = [sys.executable, "-m", "awscli"] if version == 1 else [CLI_V2]
        res = subprocess.run([*exe, "--endpoint-url", self.server.endpoint, "--output", "json", "sts",
                              "get-caller-identity"], capture_output=True, text=True, env=env_cli, timeout=120)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(json.loads(res.stdout)["Arn"], f"arn:aws:sts::{ACCOUNT}:assumed-role/cli{version}/cli")
        rc, _, err = self.server.cli(version, "sts", "assume-role", "--role-arn",
                                     f"arn:aws:iam::{ACCOUNT}:role/none", "--role-session-name", "xy", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("AccessDenied", err)

    def test_cli_v1(self):
        self.run_cli(1)

    def test_cli_v2(self):
        require_cli_v2(self)
        self.run_cli(2)


def code_of(fn):
    try:
        fn()
    except botocore.exceptions.ClientError as e:
        return code(e)
    raise AssertionError("the call succeeded")


if __name__ == "__main__":
    unittest.main()
