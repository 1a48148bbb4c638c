"""SSM Parameter Store: the account's own parameters and the public /aws/service parameters, through boto3
and the AWS CLI v1 and v2."""
import json
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2


class Parameters(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.ssm = self.server.client("ssm")

    def test_put_get_overwrite_history(self):
        out = self.ssm.put_parameter(Name="/app/db/host", Value="db1", Type="String", Description="the host")
        self.assertEqual(out["Version"], 1)
        self.assertEqual(out["Tier"], "Standard")
        p = self.ssm.get_parameter(Name="/app/db/host")["Parameter"]
        self.assertEqual(p["Value"], "db1")
        self.assertEqual(p["Type"], "String")
        self.assertEqual(p["Version"], 1)
        self.assertEqual(p["DataType"], "text")
        self.assertEqual(p["ARN"], f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/app/db/host")
        err = self.assert_error("ParameterAlreadyExists", self.ssm.put_parameter, Name="/app/db/host", Value="x",
                                Type="String")
        self.assertIn("overwrite", str(err))
        self.assertEqual(self.ssm.put_parameter(Name="/app/db/host", Value="db2", Overwrite=True)["Version"], 2)
        self.assertEqual(self.ssm.get_parameter(Name="/app/db/host")["Parameter"]["Value"], "db2")
        old = self.ssm.get_parameter(Name="/app/db/host:1")["Parameter"]
        self.assertEqual((old["Value"], old["Selector"]), ("db1", ":1"))
        by_arn = self.ssm.get_parameter(Name=f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/app/db/host")
        self.assertEqual(by_arn["Parameter"]["Value"], "db2")
        self.assert_error("ParameterVersionNotFound", self.ssm.get_parameter, Name="/app/db/host:7")
        history = self.ssm.get_parameter_history(Name="/app/db/host")["Parameters"]
        self.assertEqual([h["Value"] for h in history], ["db1", "db2"])
        self.assertEqual(history[1]["Description"], "the host")  # kept from the earlier version
        page = self.ssm.get_parameter_history(Name="/app/db/host", MaxResults=1)
        self.assertEqual([h["Version"] for h in page["Parameters"]], [1])
        rest = self.ssm.get_parameter_history(Name="/app/db/host", NextToken=page["NextToken"])
        self.assertEqual([h["Version"] for h in rest["Parameters"]], [2])
        self.assertNotIn("NextToken", rest)
        self.assert_error("InvalidNextToken", self.ssm.get_parameter_history, Name="/app/db/host", NextToken="junk")
        self.assert_error("ParameterNotFound", self.ssm.get_parameter_history, Name="/nope")

    def test_labels(self):
        self.ssm.put_parameter(Name="/l", Value="one", Type="String")
        self.ssm.put_parameter(Name="/l", Value="two", Type="String", Overwrite=True)
        out = self.ssm.label_parameter_version(Name="/l", ParameterVersion=1, Labels=["prod", "aws-x", "12"])
        self.assertEqual((out["ParameterVersion"], sorted(out["InvalidLabels"])), (1, ["12", "aws-x"]))
        self.assertEqual(self.ssm.get_parameter(Name="/l:prod")["Parameter"]["Value"], "one")
        self.assertEqual(self.ssm.label_parameter_version(Name="/l", Labels=["prod"])["ParameterVersion"], 2)
        self.assertEqual(self.ssm.get_parameter(Name="/l:prod")["Parameter"]["Value"], "two")  # the label moved
        history = self.ssm.get_parameter_history(Name="/l")["Parameters"]
        self.assertEqual([h["Labels"] for h in history], [[], ["prod"]])
        self.assertEqual([p["Name"] for p in self.ssm.get_parameters_by_path(Path="/", ParameterFilters=[
            {"Key": "Label", "Values": ["prod"]}])["Parameters"]], ["/l"])
        out = self.ssm.unlabel_parameter_version(Name="/l", ParameterVersion=2, Labels=["prod", "none"])
        self.assertEqual((out["RemovedLabels"], out["InvalidLabels"]), (["prod"], ["none"]))
        self.assert_error("ParameterVersionNotFound", self.ssm.get_parameter, Name="/l:prod")
        self.assert_error("ParameterVersionNotFound", self.ssm.label_parameter_version, Name="/l",
                          ParameterVersion=9, Labels=["x"])
        self.assert_error("ParameterNotFound", self.ssm.label_parameter_version, Name="/none", Labels=["x"])
        self.assert_error("ValidationException", self.ssm.label_parameter_version, Name="/l",
                          Labels=[f"l{i}" for i in range(11)])  # the spec's list limit
        self.ssm.label_parameter_version(Name="/l", Labels=[f"l{i}" for i in range(6)])
        self.assert_error("ParameterVersionLabelLimitExceeded", self.ssm.label_parameter_version, Name="/l",
                          Labels=[f"m{i}" for i in range(5)])

    def test_secure_string_and_string_list(self):
        self.ssm.put_parameter(Name="secret", Value="hunter2", Type="SecureString")
        hidden = self.ssm.get_parameter(Name="secret")["Parameter"]
        self.assertEqual(hidden["Type"], "SecureString")
        self.assertNotEqual(hidden["Value"], "hunter2")
        self.assertEqual(self.ssm.get_parameter(Name="secret", WithDecryption=True)["Parameter"]["Value"], "hunter2")
        meta = self.ssm.describe_parameters()["Parameters"][0]
        self.assertEqual((meta["Name"], meta["KeyId"]), ("secret", "alias/aws/ssm"))
        self.assertEqual(meta["ARN"], f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/secret")
        self.ssm.put_parameter(Name="list", Value="a,b,c", Type="StringList")
        self.assertEqual(self.ssm.get_parameter(Name="list")["Parameter"]["Value"], "a,b,c")
        self.assert_error("ValidationException", self.ssm.put_parameter, Name="plain", Value="x", Type="String",
                          KeyId="alias/aws/ssm")

    def test_validation_errors(self):
        for name in ("aws-thing", "/ssm/x", "/AWS/x", "bad name", "/a//b", "a/b"):
            self.assert_error("ValidationException", self.ssm.put_parameter, Name=name, Value="v", Type="String")
        deep = "/" + "/".join(f"l{i}" for i in range(16))
        self.assert_error("HierarchyLevelLimitExceededException", self.ssm.put_parameter, Name=deep, Value="v",
                          Type="String")
        self.assert_error("ValidationException", self.ssm.put_parameter, Name="untyped", Value="v")
        self.assert_error("ValidationException", self.ssm.put_parameter, Name="big", Value="x" * 4097, Type="String")
        self.assertEqual(self.ssm.put_parameter(Name="big", Value="x" * 4097, Type="String",
                                                Tier="Advanced")["Tier"], "Advanced")
        self.assert_error("ValidationException", self.ssm.put_parameter, Name="big", Value="y", Overwrite=True,
                          Tier="Standard")
        self.assert_error("ParameterPatternMismatchException", self.ssm.put_parameter, Name="num", Value="abc",
                          Type="String", AllowedPattern="^[0-9]+$")
        self.ssm.put_parameter(Name="num", Value="42", Type="String", AllowedPattern="^[0-9]+$")
        self.assert_error("ValidationException", self.ssm.put_parameter, Name="img", Value="not-an-ami",
                          Type="String", DataType="aws:ec2:image")
        self.assert_error("ValidationException", self.ssm.put_parameter, Name="dt", Value="v", Type="String",
                          DataType="json")
        self.assert_error("ValidationException", self.ssm.put_parameter, Name="tagged", Value="v", Type="String",
                          Overwrite=True, Tags=[{"Key": "a", "Value": "b"}])
        self.assert_error("ParameterNotFound", self.ssm.get_parameter, Name="/missing")
        self.assert_error("ValidationException", self.ssm.get_parameter, Name="a/b")
        self.assert_error("ParameterNotFound", self.ssm.delete_parameter, Name="/missing")

    def test_get_parameters_and_delete_parameters(self):
        self.ssm.put_parameter(Name="/a", Value="1", Type="String")
        self.ssm.put_parameter(Name="/b", Value="2", Type="String")
        out = self.ssm.get_parameters(Names=["/a", "/b", "/c", "/a:9"])
        self.assertEqual(sorted(p["Value"] for p in out["Parameters"]), ["1", "2"])
        self.assertEqual(sorted(out["InvalidParameters"]), ["/a:9", "/c"])
        self.assert_error("ValidationException", self.ssm.get_parameters, Names=[f"/n{i}" for i in range(11)])
        out = self.ssm.delete_parameters(Names=["/a", "/zzz"])
        self.assertEqual((out["DeletedParameters"], out["InvalidParameters"]), (["/a"], ["/zzz"]))
        self.ssm.delete_parameter(Name="/b")
        self.assertEqual(self.ssm.describe_parameters()["Parameters"], [])

    def test_by_path_recursive_filters_and_pages(self):
        for name, typ in (("/app/a", "String"), ("/app/b", "SecureString"), ("/app/sub/c", "String"),
                          ("/other/d", "String")):
            self.ssm.put_parameter(Name=name, Value=name, Type=typ)
        one = self.ssm.get_parameters_by_path(Path="/app")["Parameters"]
        self.assertEqual([p["Name"] for p in one], ["/app/a", "/app/b"])
        deep = self.ssm.get_parameters_by_path(Path="/app/", Recursive=True, WithDecryption=True)["Parameters"]
        self.assertEqual([p["Name"] for p in deep], ["/app/a", "/app/b", "/app/sub/c"])
        self.assertEqual(deep[1]["Value"], "/app/b")
        typed = self.ssm.get_parameters_by_path(Path="/app", Recursive=True, ParameterFilters=[
            {"Key": "Type", "Option": "Equals", "Values": ["SecureString"]}])["Parameters"]
        self.assertEqual([p["Name"] for p in typed], ["/app/b"])
        page = self.ssm.get_parameters_by_path(Path="/", Recursive=True, MaxResults=2)
        self.assertEqual(len(page["Parameters"]), 2)
        names = [p["Name"] for p in page["Parameters"]]
        while "NextToken" in page:
            page = self.ssm.get_parameters_by_path(Path="/", Recursive=True, MaxResults=2,
                                                   NextToken=page["NextToken"])
            names += [p["Name"] for p in page["Parameters"]]
        self.assertEqual([n for n in names if not n.startswith("/aws/")],
                         ["/app/a", "/app/b", "/app/sub/c", "/other/d"])
        self.assert_error("ValidationException", self.ssm.get_parameters_by_path, Path="app")
        self.assert_error("InvalidFilterKey", self.ssm.get_parameters_by_path, Path="/app",
                          ParameterFilters=[{"Key": "Name", "Values": ["x"]}])
        self.assert_error("InvalidFilterOption", self.ssm.get_parameters_by_path, Path="/app",
                          ParameterFilters=[{"Key": "Type", "Option": "Contains", "Values": ["x"]}])
        self.assert_error("InvalidNextToken", self.ssm.get_parameters_by_path, Path="/app", NextToken="bad")

    def test_describe_filters_and_tags(self):
        self.ssm.put_parameter(Name="/team/one", Value="1", Type="String", Tags=[{"Key": "env", "Value": "prod"}])
        self.ssm.put_parameter(Name="/team/two", Value="2", Type="StringList")
        self.ssm.put_parameter(Name="solo", Value="3", Type="String", Tier="Advanced")

        def names(**kw):
            return [p["Name"] for p in self.ssm.describe_parameters(**kw)["Parameters"]]
        self.assertEqual(names(), ["/team/one", "/team/two", "solo"])
        self.assertEqual(names(ParameterFilters=[{"Key": "Name", "Option": "BeginsWith", "Values": ["/team"]}]),
                         ["/team/one", "/team/two"])
        self.assertEqual(names(ParameterFilters=[{"Key": "Name", "Values": ["solo"]}]), ["solo"])
        self.assertEqual(names(ParameterFilters=[{"Key": "Type", "Values": ["StringList"]}]), ["/team/two"])
        self.assertEqual(names(ParameterFilters=[{"Key": "Tier", "Values": ["Advanced"]}]), ["solo"])
        self.assertEqual(names(ParameterFilters=[{"Key": "Path", "Option": "OneLevel", "Values": ["/team"]}]),
                         ["/team/one", "/team/two"])
        self.assertEqual(names(ParameterFilters=[{"Key": "tag:env", "Values": ["prod"]}]), ["/team/one"])
        self.assertEqual(names(Filters=[{"Key": "Type", "Values": ["String"]}]), ["/team/one", "solo"])
        page = self.ssm.describe_parameters(MaxResults=2)
        self.assertEqual(len(page["Parameters"]), 2)
        self.assertEqual([p["Name"] for p in self.ssm.describe_parameters(NextToken=page["NextToken"])["Parameters"]],
                         ["solo"])
        self.assert_error("InvalidFilterOption", self.ssm.describe_parameters,
                          ParameterFilters=[{"Key": "Path", "Option": "Equals", "Values": ["/team"]}])
        self.assert_error("ValidationException", self.ssm.describe_parameters,
                          ParameterFilters=[{"Key": "Type", "Values": ["String"]}],
                          Filters=[{"Key": "Type", "Values": ["String"]}])

        tags = self.ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/team/one")["TagList"]
        self.assertEqual(tags, [{"Key": "env", "Value": "prod"}])
        self.ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId="/team/one",
                                      Tags=[{"Key": "env", "Value": "dev"}, {"Key": "owner", "Value": "me"}])
        self.ssm.remove_tags_from_resource(ResourceType="Parameter", ResourceId="/team/one", TagKeys=["owner"])
        tags = self.ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/team/one")["TagList"]
        self.assertEqual(tags, [{"Key": "env", "Value": "dev"}])
        self.assert_error("InvalidResourceId", self.ssm.list_tags_for_resource, ResourceType="Parameter",
                          ResourceId="/nope")
        self.assert_error("InvalidResourceType", self.ssm.list_tags_for_resource, ResourceType="Document",
                          ResourceId="/team/one")
        self.assert_error("TooManyTagsError", self.ssm.add_tags_to_resource, ResourceType="Parameter",
                          ResourceId="solo", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])

    def test_public_parameters(self):
        base = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended"
        doc = json.loads(self.ssm.get_parameter(Name=base)["Parameter"]["Value"])
        image_id = self.ssm.get_parameter(Name=base + "/image_id")["Parameter"]["Value"]
        self.assertRegex(image_id, r"^ami-0[0-9a-f]{16}$")
        self.assertEqual(doc["image_id"], image_id)
        p = self.ssm.get_parameter(Name=base + "/image_id")["Parameter"]
        self.assertEqual(p["ARN"], "arn:aws:ssm:us-east-1::parameter" + base + "/image_id")
        al2 = self.ssm.get_parameters(Names=["/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id",
                                             "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
                                             "/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2",
                                             "/aws/service/nothing"])
        self.assertEqual(len(al2["Parameters"]), 3)
        self.assertEqual(al2["InvalidParameters"], ["/aws/service/nothing"])
        # The same ids DescribeImages would list, and different per region.
        other = self.server.client("ssm", region="eu-west-1").get_parameter(Name=base + "/image_id")["Parameter"]
        self.assertNotEqual(other["Value"], image_id)
        listed = self.ssm.get_parameters_by_path(Path="/aws/service/ecs/optimized-ami/amazon-linux-2023",
                                                 Recursive=True, MaxResults=10)
        self.assertIn(base + "/image_id", [q["Name"] for q in listed["Parameters"]])
        self.assert_error("ParameterNotFound", self.ssm.get_parameter, Name="/aws/service/ecs/none")
        self.assert_error("ValidationException", self.ssm.put_parameter, Name=base, Value="x", Type="String",
                          Overwrite=True)
        self.assertEqual(self.ssm.describe_parameters()["Parameters"], [])


class Cli(ServerTestCase):
    def run_cli(self, version):
        cli = self.server.cli
        _, out, _ = cli(version, "ssm", "put-parameter", "--name", "/cli/p", "--value", "v1", "--type", "String")
        self.assertEqual(out["Version"], 1)
        _, out, _ = cli(version, "ssm", "get-parameter", "--name", "/cli/p")
        self.assertEqual(out["Parameter"]["Value"], "v1")
        _, out, _ = cli(version, "ssm", "get-parameters-by-path", "--path", "/cli")
        self.assertEqual([p["Name"] for p in out["Parameters"]], ["/cli/p"])
        rc, _, err = cli(version, "ssm", "get-parameter", "--name", "/cli/none", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("ParameterNotFound", err)
        cli(version, "ssm", "delete-parameter", "--name", "/cli/p")

    def test_cli_v1(self):
        self.run_cli(1)

    def test_cli_v2(self):
        require_cli_v2(self)
        self.run_cli(2)


if __name__ == "__main__":
    unittest.main()
