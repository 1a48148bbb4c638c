"""Secrets Manager: secrets, their versions and staging labels, deletion and recovery, tags, random passwords,
through boto3 and the AWS CLI v1 and v2, with AWS's errors."""
import re
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2

ARN_RE = re.compile(rf"^arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:(.+)-[A-Za-z0-9]{{6}}$")
TOKEN_A = "a" * 32
TOKEN_B = "b" * 32


class Secrets(ServerTestCase):
    def assert_error(self, expected, fn, message=None, **kwargs):
        return super().assert_error(expected, fn, error_message=message, **kwargs)

    def setUp(self):
        super().setUp()
        self.sm = self.server.client("secretsmanager")
        self.unchecked = self.server.client("secretsmanager", validate=False)  # for the server's own validation


    def test_create_and_read_by_name_arn_and_partial_arn(self):
        out = self.sm.create_secret(Name="app/db", SecretString='{"user":"u"}', Description="db creds",
                                    KmsKeyId="alias/mine", Tags=[{"Key": "team", "Value": "a"}])
        self.assertRegex(out["ARN"], ARN_RE)
        self.assertEqual(out["Name"], "app/db")
        self.assertEqual(len(out["VersionId"]), 36)
        partial = out["ARN"][:-7]
        for secret_id in ("app/db", out["ARN"], partial):
            value = self.sm.get_secret_value(SecretId=secret_id)
            self.assertEqual(value["SecretString"], '{"user":"u"}')
            self.assertEqual(value["VersionStages"], ["AWSCURRENT"])
            self.assertEqual(value["ARN"], out["ARN"])
            self.assertIn("CreatedDate", value)
        d = self.sm.describe_secret(SecretId="app/db")
        self.assertEqual(d["Description"], "db creds")
        self.assertEqual(d["KmsKeyId"], "alias/mine")
        self.assertEqual(d["Tags"], [{"Key": "team", "Value": "a"}])
        self.assertEqual(d["VersionIdsToStages"], {out["VersionId"]: ["AWSCURRENT"]})
        self.assertIn("CreatedDate", d)
        self.assertIn("LastChangedDate", d)
        self.assertNotIn("DeletedDate", d)
        self.assert_error("ResourceNotFoundException", self.sm.get_secret_value,
                          "Secrets Manager can't find the specified secret.", SecretId="nope")
        self.assert_error("ResourceNotFoundException", self.sm.get_secret_value, SecretId=out["ARN"] + "x")
        self.assert_error("ResourceNotFoundException", self.sm.describe_secret, SecretId="nope")

    def test_binary_secret_and_errors_of_create(self):
        out = self.sm.create_secret(Name="bin", SecretBinary=b"\x00\x01\xff")
        self.assertEqual(self.sm.get_secret_value(SecretId="bin")["SecretBinary"], b"\x00\x01\xff")
        self.assertNotIn("SecretString", self.sm.get_secret_value(SecretId="bin"))
        self.assert_error("ResourceExistsException", self.sm.create_secret,
                          "The operation failed because the secret bin already exists.", Name="bin",
                          SecretString="x")
        self.assert_error("InvalidParameterException", self.sm.create_secret, Name="both", SecretString="x",
                          SecretBinary=b"y")
        self.assert_error("InvalidParameterException", self.sm.create_secret, Name="bad name", SecretString="x")
        self.assert_error("ValidationException", self.unchecked.create_secret, Name="", SecretString="x")
        empty = self.sm.create_secret(Name="empty")
        self.assertNotIn("VersionId", empty)
        self.assert_error("ResourceNotFoundException", self.sm.get_secret_value,
                          "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
                          SecretId="empty")
        self.assertEqual(out["Name"], "bin")

    def test_client_request_token_is_idempotent(self):
        first = self.sm.create_secret(Name="t", SecretString="v", ClientRequestToken=TOKEN_A)
        self.assertEqual(first["VersionId"], TOKEN_A)
        again = self.sm.create_secret(Name="t", SecretString="v", ClientRequestToken=TOKEN_A)
        self.assertEqual(again["VersionId"], TOKEN_A)
        self.assert_error("ResourceExistsException", self.sm.create_secret,
                          "You can't modify an existing version, you can only create a new version.", Name="t",
                          SecretString="other", ClientRequestToken=TOKEN_A)
        put = self.sm.put_secret_value(SecretId="t", SecretString="v2", ClientRequestToken=TOKEN_B)
        self.assertEqual(put["VersionId"], TOKEN_B)
        self.assertEqual(self.sm.put_secret_value(SecretId="t", SecretString="v2",
                                                  ClientRequestToken=TOKEN_B)["VersionId"], TOKEN_B)
        self.assert_error("ResourceExistsException", self.sm.put_secret_value, SecretId="t", SecretString="v3",
                          ClientRequestToken=TOKEN_B)
        self.assertEqual(len(self.sm.list_secret_version_ids(SecretId="t")["Versions"]), 2)

    def test_versions_and_stages(self):
        v1 = self.sm.create_secret(Name="s", SecretString="one")["VersionId"]
        put = self.sm.put_secret_value(SecretId="s", SecretString="two")
        v2 = put["VersionId"]
        self.assertEqual(put["VersionStages"], ["AWSCURRENT"])
        self.assertEqual(self.sm.get_secret_value(SecretId="s")["SecretString"], "two")
        self.assertEqual(self.sm.get_secret_value(SecretId="s", VersionStage="AWSPREVIOUS")["SecretString"], "one")
        self.assertEqual(self.sm.get_secret_value(SecretId="s", VersionId=v1)["SecretString"], "one")
        self.assertEqual(self.sm.get_secret_value(SecretId="s", VersionId=v1,
                                                  VersionStage="AWSPREVIOUS")["VersionId"], v1)
        self.assert_error("InvalidRequestException", self.sm.get_secret_value, SecretId="s", VersionId=v1,
                          VersionStage="AWSCURRENT")
        self.assert_error("ResourceNotFoundException", self.sm.get_secret_value, SecretId="s", VersionId="c" * 32)
        self.assert_error("ResourceNotFoundException", self.sm.get_secret_value, SecretId="s",
                          VersionStage="AWSPENDING")
        v3 = self.sm.put_secret_value(SecretId="s", SecretString="three")["VersionId"]
        stages = self.sm.describe_secret(SecretId="s")["VersionIdsToStages"]
        self.assertEqual(stages, {v3: ["AWSCURRENT"], v2: ["AWSPREVIOUS"]})
        listed = self.sm.list_secret_version_ids(SecretId="s")
        self.assertEqual({v["VersionId"] for v in listed["Versions"]}, {v2, v3})
        deprecated = self.sm.list_secret_version_ids(SecretId="s", IncludeDeprecated=True)["Versions"]
        self.assertEqual([v["VersionId"] for v in deprecated], [v1, v2, v3])
        self.assertNotIn("VersionStages", deprecated[0])
        page = self.sm.list_secret_version_ids(SecretId="s", IncludeDeprecated=True, MaxResults=2)
        self.assertEqual(len(page["Versions"]), 2)
        rest = self.sm.list_secret_version_ids(SecretId="s", IncludeDeprecated=True, NextToken=page["NextToken"])
        self.assertEqual([v["VersionId"] for v in rest["Versions"]], [v3])
        self.assertNotIn("NextToken", rest)
        self.assert_error("InvalidNextTokenException", self.sm.list_secret_version_ids, SecretId="s",
                          NextToken="junk")
        pending = self.sm.put_secret_value(SecretId="s", SecretString="four", VersionStages=["AWSPENDING"])
        self.assertEqual(pending["VersionStages"], ["AWSPENDING"])
        self.assertEqual(self.sm.get_secret_value(SecretId="s")["SecretString"], "three")
        self.assert_error("InvalidRequestException", self.sm.put_secret_value,
                          "You must provide either SecretString or SecretBinary.", SecretId="s")

    def test_update_secret_version_stage(self):
        v1 = self.sm.create_secret(Name="r", SecretString="one")["VersionId"]
        v2 = self.sm.put_secret_value(SecretId="r", SecretString="two", VersionStages=["AWSPENDING"])["VersionId"]
        err = self.assert_error("InvalidParameterException", self.sm.update_secret_version_stage, SecretId="r",
                                VersionStage="AWSCURRENT", MoveToVersionId=v2)
        self.assertIn(f"currently attached to version {v1}", str(err))
        self.sm.update_secret_version_stage(SecretId="r", VersionStage="AWSCURRENT", MoveToVersionId=v2,
                                            RemoveFromVersionId=v1)
        self.assertEqual(self.sm.get_secret_value(SecretId="r")["SecretString"], "two")
        stages = self.sm.describe_secret(SecretId="r")["VersionIdsToStages"]
        self.assertEqual(stages, {v1: ["AWSPREVIOUS"], v2: ["AWSPENDING", "AWSCURRENT"]})
        self.sm.update_secret_version_stage(SecretId="r", VersionStage="AWSPENDING", RemoveFromVersionId=v2)
        self.assertEqual(self.sm.describe_secret(SecretId="r")["VersionIdsToStages"][v2], ["AWSCURRENT"])
        self.sm.update_secret_version_stage(SecretId="r", VersionStage="custom", MoveToVersionId=v1)
        self.assertEqual(self.sm.get_secret_value(SecretId="r", VersionStage="custom")["SecretString"], "one")
        self.assert_error("ResourceNotFoundException", self.sm.update_secret_version_stage, SecretId="r",
                          VersionStage="custom", MoveToVersionId="d" * 32, RemoveFromVersionId=v1)
        self.assert_error("InvalidParameterException", self.sm.update_secret_version_stage, SecretId="r",
                          VersionStage="AWSCURRENT", RemoveFromVersionId=v2)
        self.assert_error("InvalidParameterException", self.sm.update_secret_version_stage, SecretId="r",
                          VersionStage="custom", RemoveFromVersionId=v2)
        self.assert_error("ResourceNotFoundException", self.sm.update_secret_version_stage, SecretId="none",
                          VersionStage="x")

    def test_update_secret(self):
        self.sm.create_secret(Name="u", SecretString="one", Description="first")
        out = self.sm.update_secret(SecretId="u", Description="second")
        self.assertNotIn("VersionId", out)
        self.assertEqual(self.sm.describe_secret(SecretId="u")["Description"], "second")
        out = self.sm.update_secret(SecretId="u", SecretString="two", KmsKeyId="alias/k")
        self.assertIn("VersionId", out)
        self.assertEqual(self.sm.get_secret_value(SecretId="u")["SecretString"], "two")
        self.assertEqual(self.sm.get_secret_value(SecretId="u", VersionStage="AWSPREVIOUS")["SecretString"], "one")
        self.assertEqual(self.sm.describe_secret(SecretId="u")["KmsKeyId"], "alias/k")
        self.assert_error("InvalidParameterException", self.sm.update_secret, SecretId="u", SecretString="a",
                          SecretBinary=b"b")
        self.assert_error("ResourceNotFoundException", self.sm.update_secret, SecretId="none", Description="x")

    def test_delete_restore_and_force(self):
        arn = self.sm.create_secret(Name="d", SecretString="x")["ARN"]
        self.assert_error("InvalidParameterException", self.sm.delete_secret,
                          "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).", SecretId="d",
                          RecoveryWindowInDays=6)
        self.assert_error("InvalidParameterException", self.sm.delete_secret, SecretId="d", RecoveryWindowInDays=31)
        self.assert_error("InvalidParameterException", self.sm.delete_secret, SecretId="d", RecoveryWindowInDays=7,
                          ForceDeleteWithoutRecovery=True)
        out = self.sm.delete_secret(SecretId="d")
        self.assertEqual(out["ARN"], arn)
        described = self.sm.describe_secret(SecretId="d")
        self.assertIn("DeletedDate", described)
        window = (out["DeletionDate"] - described["LastChangedDate"]).total_seconds()
        self.assertAlmostEqual(window, 30 * 86400, delta=60)
        marked = "You can't perform this operation on the secret because it was marked for deletion."
        self.assert_error("InvalidRequestException", self.sm.get_secret_value, marked, SecretId="d")
        self.assert_error("InvalidRequestException", self.sm.put_secret_value, marked, SecretId="d",
                          SecretString="y")
        self.assert_error("InvalidRequestException", self.sm.update_secret, marked, SecretId="d", Description="z")
        self.assert_error("InvalidRequestException", self.sm.delete_secret, SecretId="d")
        self.assert_error("InvalidRequestException", self.sm.create_secret,
                          "You can't create this secret because a secret with this name is already scheduled for "
                          "deletion.", Name="d", SecretString="x")
        self.assertEqual(self.sm.list_secrets()["SecretList"], [])
        self.assertEqual([s["Name"] for s in self.sm.list_secrets(IncludePlannedDeletion=True)["SecretList"]],
                         ["d"])
        self.assertEqual(self.sm.restore_secret(SecretId="d")["ARN"], arn)
        self.assertEqual(self.sm.get_secret_value(SecretId="d")["SecretString"], "x")
        self.sm.delete_secret(SecretId="d", RecoveryWindowInDays=7)
        self.sm.delete_secret(SecretId="d", ForceDeleteWithoutRecovery=True)  # allowed while scheduled
        self.assert_error("ResourceNotFoundException", self.sm.describe_secret, SecretId="d")
        self.assert_error("ResourceNotFoundException", self.sm.restore_secret, SecretId="d")
        self.assert_error("ResourceNotFoundException", self.sm.delete_secret, SecretId="d")
        self.sm.create_secret(Name="d", SecretString="new")  # the name is free again
        self.assertNotEqual(self.sm.describe_secret(SecretId="d")["ARN"], arn)

    def test_list_filters_sorting_and_pages(self):
        for name, desc, tags in (("prod/db", "Database", [{"Key": "env", "Value": "prod"}]),
                                 ("prod/api", "API key", [{"Key": "env", "Value": "prod"}]),
                                 ("dev/db", "database for dev", [{"Key": "env", "Value": "dev"}]),
                                 ("other", "", [{"Key": "owner", "Value": "me"}])):
            self.sm.create_secret(Name=name, SecretString="x", Description=desc, Tags=tags)

        def names(**kw):
            return [s["Name"] for s in self.sm.list_secrets(**kw)["SecretList"]]

        self.assertEqual(names(), ["prod/db", "prod/api", "dev/db", "other"])  # by creation
        self.assertEqual(names(SortBy="name"), ["dev/db", "other", "prod/api", "prod/db"])
        self.assertEqual(names(SortBy="name", SortOrder="desc"), ["prod/db", "prod/api", "other", "dev/db"])
        self.assertEqual(names(SortOrder="desc"), ["other", "dev/db", "prod/api", "prod/db"])
        self.assertEqual(names(Filters=[{"Key": "name", "Values": ["prod/"]}]), ["prod/db", "prod/api"])
        self.assertEqual(names(Filters=[{"Key": "name", "Values": ["Prod/"]}]), [])  # case-sensitive
        self.assertEqual(names(Filters=[{"Key": "description", "Values": ["data"]}]), ["prod/db", "dev/db"])
        self.assertEqual(names(Filters=[{"Key": "tag-key", "Values": ["owner"]}]), ["other"])
        self.assertEqual(names(Filters=[{"Key": "tag-value", "Values": ["prod"]}]), ["prod/db", "prod/api"])
        self.assertEqual(names(Filters=[{"Key": "tag-value", "Values": ["!prod"]}]), ["dev/db", "other"])
        self.assertEqual(names(Filters=[{"Key": "all", "Values": ["DB"]}]), ["prod/db", "dev/db"])
        self.assertEqual(names(Filters=[{"Key": "name", "Values": ["prod"]},
                                        {"Key": "description", "Values": ["api"]}]), ["prod/api"])
        entry = self.sm.list_secrets(Filters=[{"Key": "name", "Values": ["other"]}])["SecretList"][0]
        self.assertEqual(entry["Tags"], [{"Key": "owner", "Value": "me"}])
        self.assertEqual(list(entry["SecretVersionsToStages"].values()), [["AWSCURRENT"]])
        seen, token = [], None
        while True:
            page = self.sm.list_secrets(MaxResults=3, SortBy="name", **({"NextToken": token} if token else {}))
            seen += [s["Name"] for s in page["SecretList"]]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(seen, ["dev/db", "other", "prod/api", "prod/db"])
        paginated = [s["Name"] for p in self.sm.get_paginator("list_secrets").paginate(
            PaginationConfig={"PageSize": 1}) for s in p["SecretList"]]
        self.assertEqual(len(paginated), 4)
        self.assert_error("InvalidNextTokenException", self.sm.list_secrets, NextToken="junk")
        self.assert_error("ValidationException", self.unchecked.list_secrets, MaxResults=101)
        self.assert_error("ValidationException", self.unchecked.list_secrets, Filters=[{"Key": "nope", "Values": ["x"]}])

    def test_tags(self):
        self.sm.create_secret(Name="g", SecretString="x", Tags=[{"Key": "a", "Value": "1"}])
        self.sm.tag_resource(SecretId="g", Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "3"}])
        self.assertEqual(self.sm.describe_secret(SecretId="g")["Tags"],
                         [{"Key": "a", "Value": "3"}, {"Key": "b", "Value": "2"}])
        self.sm.untag_resource(SecretId="g", TagKeys=["a", "missing"])
        self.assertEqual(self.sm.describe_secret(SecretId="g")["Tags"], [{"Key": "b", "Value": "2"}])
        self.sm.untag_resource(SecretId="g", TagKeys=["b"])
        self.assertNotIn("Tags", self.sm.describe_secret(SecretId="g"))
        self.assert_error("ResourceNotFoundException", self.sm.tag_resource, SecretId="none",
                          Tags=[{"Key": "a", "Value": "1"}])
        self.assert_error("ResourceNotFoundException", self.sm.untag_resource, SecretId="none", TagKeys=["a"])

    def test_random_password(self):
        pw = self.sm.get_random_password()["RandomPassword"]
        self.assertEqual(len(pw), 32)
        for chars in ("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"):
            self.assertTrue(any(c in chars for c in pw), pw)
        pw = self.sm.get_random_password(PasswordLength=50, ExcludePunctuation=True, ExcludeCharacters="aeiou",
                                         ExcludeUppercase=True)["RandomPassword"]
        self.assertEqual(len(pw), 50)
        self.assertTrue(re.fullmatch(r"[b-df-hj-np-tv-z0-9]+", pw), pw)
        spaced = self.sm.get_random_password(PasswordLength=4, ExcludeLowercase=True, ExcludeUppercase=True,
                                             ExcludeNumbers=True, ExcludePunctuation=True, IncludeSpace=True)
        self.assertEqual(spaced["RandomPassword"], "    ")
        self.assert_error("InvalidParameterException", self.sm.get_random_password, ExcludeLowercase=True,
                          ExcludeUppercase=True, ExcludeNumbers=True, ExcludePunctuation=True)
        self.assert_error("InvalidParameterException", self.sm.get_random_password, PasswordLength=2)
        self.assert_error("ValidationException", self.unchecked.get_random_password, PasswordLength=0)
        self.assert_error("ValidationException", self.unchecked.get_random_password, PasswordLength=4097)


class SecretsThroughTheCli(ServerTestCase):
    def run_flow(self, version):
        name = f"cli/v{version}"
        _, out, _ = self.server.cli(version, "secretsmanager", "create-secret", "--name", name, "--secret-string",
                                    "s3cr3t", "--tags", "Key=k,Value=v")
        self.assertRegex(out["ARN"], ARN_RE)
        _, value, _ = self.server.cli(version, "secretsmanager", "get-secret-value", "--secret-id", out["ARN"])
        self.assertEqual(value["SecretString"], "s3cr3t")
        self.server.cli(version, "secretsmanager", "put-secret-value", "--secret-id", name, "--secret-string", "n")
        _, desc, _ = self.server.cli(version, "secretsmanager", "describe-secret", "--secret-id", name)
        self.assertEqual(sorted(s for stages in desc["VersionIdsToStages"].values() for s in stages),
                         ["AWSCURRENT", "AWSPREVIOUS"])
        _, listed, _ = self.server.cli(version, "secretsmanager", "list-secrets")
        self.assertIn(name, [s["Name"] for s in listed["SecretList"]])
        _, deleted, _ = self.server.cli(version, "secretsmanager", "delete-secret", "--secret-id", name,
                                        "--recovery-window-in-days", "7")
        self.assertIn("DeletionDate", deleted)
        rc, _, err = self.server.cli(version, "secretsmanager", "get-secret-value", "--secret-id", name,
                                     check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("InvalidRequestException", err)
        self.server.cli(version, "secretsmanager", "restore-secret", "--secret-id", name)
        rc, _, err = self.server.cli(version, "secretsmanager", "get-secret-value", "--secret-id", "missing",
                                     check=False)
        self.assertIn("ResourceNotFoundException", err)
        self.assertIn("Secrets Manager can't find the specified secret.", err)
        _, pw, _ = self.server.cli(version, "secretsmanager", "get-random-password", "--password-length", "20")
        self.assertEqual(len(pw["RandomPassword"]), 20)

    def test_cli_v1(self):
        self.run_flow(1)

    def test_cli_v2(self):
        require_cli_v2(self)
        self.run_flow(2)


if __name__ == "__main__":
    unittest.main()
