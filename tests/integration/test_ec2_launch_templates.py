"""EC2 launch templates and their versions, through boto3 and the AWS CLI v1 and v2."""
import base64
import time
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2

USER_DATA = base64.b64encode(b"#!/bin/bash\necho ECS_CLUSTER=x >> /etc/ecs/ecs.config\n").decode()


class LaunchTemplates(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.ec2 = self.server.client("ec2")

    def create(self, name="web", **data):
        data = data or {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro", "UserData": USER_DATA}
        return self.ec2.create_launch_template(
            LaunchTemplateName=name, VersionDescription="first", LaunchTemplateData=data,
            TagSpecifications=[{"ResourceType": "launch-template", "Tags": [{"Key": "team", "Value": "blue"}]}],
        )["LaunchTemplate"]

    def test_create_versions_default_and_delete(self):
        lt = self.create()
        self.assertRegex(lt["LaunchTemplateId"], r"^lt-0[0-9a-f]{16}$")
        self.assertEqual((lt["DefaultVersionNumber"], lt["LatestVersionNumber"]), (1, 1))
        self.assertEqual(lt["CreatedBy"], f"arn:aws:iam::{ACCOUNT}:root")
        self.assertEqual(lt["Tags"], [{"Key": "team", "Value": "blue"}])
        lt_id = lt["LaunchTemplateId"]
        v2 = self.ec2.create_launch_template_version(LaunchTemplateId=lt_id, SourceVersion="1",
                                                     LaunchTemplateData={"InstanceType": "m5.large"},
                                                     VersionDescription="bigger")["LaunchTemplateVersion"]
        self.assertEqual(v2["VersionNumber"], 2)
        self.assertFalse(v2["DefaultVersion"])
        self.assertEqual(v2["LaunchTemplateData"]["InstanceType"], "m5.large")
        self.assertEqual(v2["LaunchTemplateData"]["ImageId"], "ami-0123456789abcdef0")  # from version 1
        self.assertEqual(v2["LaunchTemplateData"]["UserData"], USER_DATA)
        v3 = self.ec2.create_launch_template_version(LaunchTemplateName="web",
                                                     LaunchTemplateData={"ImageId": "ami-0fedcba9876543210"})
        self.assertNotIn("InstanceType", v3["LaunchTemplateVersion"]["LaunchTemplateData"])

        def versions(**kw):
            out = self.ec2.describe_launch_template_versions(LaunchTemplateId=lt_id, **kw)
            return [v["VersionNumber"] for v in out["LaunchTemplateVersions"]]
        self.assertEqual(versions(), [1, 2, 3])
        self.assertEqual(versions(Versions=["$Latest"]), [3])
        self.assertEqual(versions(Versions=["$Default", "2"]), [1, 2])
        self.assertEqual(versions(MinVersion="2"), [2, 3])
        self.assertEqual(versions(MaxVersion="2"), [1, 2])
        self.assertEqual(versions(Filters=[{"Name": "instance-type", "Values": ["m5.large"]}]), [2])
        self.assertEqual(versions(Filters=[{"Name": "is-default-version", "Values": ["true"]}]), [1])
        page = self.ec2.describe_launch_template_versions(LaunchTemplateId=lt_id, MaxResults=2)
        self.assertEqual(len(page["LaunchTemplateVersions"]), 2)
        rest = self.ec2.describe_launch_template_versions(LaunchTemplateId=lt_id, NextToken=page["NextToken"])
        self.assertEqual([v["VersionNumber"] for v in rest["LaunchTemplateVersions"]], [3])

        modified = self.ec2.modify_launch_template(LaunchTemplateId=lt_id, DefaultVersion="2")["LaunchTemplate"]
        self.assertEqual(modified["DefaultVersionNumber"], 2)
        self.assertEqual(versions(Versions=["$Default"]), [2])
        self.assert_error("InvalidLaunchTemplateId.VersionNotFound", self.ec2.modify_launch_template,
                          LaunchTemplateId=lt_id, DefaultVersion="9")

        out = self.ec2.delete_launch_template_versions(LaunchTemplateId=lt_id, Versions=["1", "2", "7"])
        self.assertEqual([v["VersionNumber"] for v in out["SuccessfullyDeletedLaunchTemplateVersions"]], [1])
        failed = {v["VersionNumber"]: v["ResponseError"]["Code"]
                  for v in out["UnsuccessfullyDeletedLaunchTemplateVersions"]}
        self.assertEqual(failed, {2: "unexpectedError", 7: "launchTemplateVersionDoesNotExist"})
        self.assertEqual(versions(), [2, 3])

        deleted = self.ec2.delete_launch_template(LaunchTemplateName="web")["LaunchTemplate"]
        self.assertEqual(deleted["LaunchTemplateId"], lt_id)
        self.assertEqual(self.ec2.describe_launch_templates()["LaunchTemplates"], [])

    def test_describe_filters_and_errors(self):
        a = self.create("alpha")
        self.create("beta", ImageId="ami-0123456789abcdef0")
        names = lambda **kw: [t["LaunchTemplateName"] for t in self.ec2.describe_launch_templates(**kw)
                              ["LaunchTemplates"]]
        self.assertEqual(sorted(names()), ["alpha", "beta"])
        self.assertEqual(names(LaunchTemplateNames=["beta"]), ["beta"])
        self.assertEqual(names(LaunchTemplateIds=[a["LaunchTemplateId"]]), ["alpha"])
        self.assertEqual(names(Filters=[{"Name": "launch-template-name", "Values": ["al*"]}]), ["alpha"])
        self.assertEqual(sorted(names(Filters=[{"Name": "tag:team", "Values": ["blue"]}])), ["alpha", "beta"])
        self.assertEqual(names(Filters=[{"Name": "tag-key", "Values": ["nope"]}]), [])
        page = self.ec2.describe_launch_templates(MaxResults=1)
        self.assertEqual(len(page["LaunchTemplates"]), 1)
        self.assertEqual(len(self.ec2.describe_launch_templates(NextToken=page["NextToken"])["LaunchTemplates"]), 1)

        self.assert_error("InvalidLaunchTemplateName.AlreadyExistsException", self.create, name="alpha")
        self.assert_error("InvalidParameterValue",  # the spec's length constraint
                          self.server.client("ec2", validate=False).create_launch_template, LaunchTemplateName="x",
                          LaunchTemplateData={"InstanceType": "t3.micro"})
        self.assert_error("InvalidLaunchTemplateName.MalformedException", self.create, name="bad name!")
        self.assert_error("InvalidLaunchTemplateName.NotFoundException", self.ec2.describe_launch_templates,
                          LaunchTemplateNames=["nope"])
        self.assert_error("InvalidLaunchTemplateId.NotFound", self.ec2.describe_launch_templates,
                          LaunchTemplateIds=["lt-0000000000000000a"])
        self.assert_error("InvalidLaunchTemplateId.Malformed", self.ec2.delete_launch_template,
                          LaunchTemplateId="xyz")
        self.assert_error("MissingParameter", self.ec2.describe_launch_template_versions)
        self.assert_error("InvalidParameterCombination", self.ec2.delete_launch_template, LaunchTemplateName="alpha",
                          LaunchTemplateId=a["LaunchTemplateId"])
        self.assert_error("InvalidLaunchTemplateId.VersionNotFound", self.ec2.create_launch_template_version,
                          LaunchTemplateName="alpha", SourceVersion="5",
                          LaunchTemplateData={"InstanceType": "t3.micro"})
        self.assert_error("InvalidLaunchTemplateId.VersionNotFound", self.ec2.describe_launch_template_versions,
                          LaunchTemplateName="alpha", Versions=["4"])
        self.assert_error("InvalidUserData.Malformed", self.create, name="gamma", ImageId="ami-0123456789abcdef0",
                          UserData="not base64!")
        self.assert_error("InvalidAMIID.Malformed", self.create, name="delta", ImageId="image-1")
        self.assert_error("InvalidParameterValue", self.ec2.describe_launch_templates,
                          Filters=[{"Name": "bogus", "Values": ["x"]}])
        self.assert_error("DryRunOperation", self.ec2.create_launch_template, LaunchTemplateName="dry",
                          LaunchTemplateData={"InstanceType": "t3.micro"}, DryRun=True)

    def test_get_launch_template_data_from_an_instance(self):
        subnet = self.ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]
        inst = self.ec2.run_instances(ImageId="ami-0123456789abcdef0", InstanceType="t3.micro", MinCount=1,
                                      MaxCount=1, SubnetId=subnet["SubnetId"], UserData="#!/bin/bash\necho hi\n",
                                      TagSpecifications=[{"ResourceType": "instance",
                                                          "Tags": [{"Key": "Name", "Value": "web"}]}])
        instance_id = inst["Instances"][0]["InstanceId"]
        data = self.ec2.get_launch_template_data(InstanceId=instance_id)["LaunchTemplateData"]
        self.assertEqual((data["ImageId"], data["InstanceType"]), ("ami-0123456789abcdef0", "t3.micro"))
        self.assertEqual(data["Placement"]["AvailabilityZone"], subnet["AvailabilityZone"])
        self.assertEqual(base64.b64decode(data["UserData"]), b"#!/bin/bash\necho hi\n")
        self.assertEqual(data["TagSpecifications"][0]["Tags"], [{"Key": "Name", "Value": "web"}])
        # The data makes a template that launches the same kind of instance.
        lt = self.ec2.create_launch_template(LaunchTemplateName="copy", LaunchTemplateData=data)["LaunchTemplate"]
        self.assertEqual(lt["LatestVersionNumber"], 1)
        self.assert_error("InvalidInstanceID.NotFound", self.ec2.get_launch_template_data,
                          InstanceId="i-0123456789abcdef0")


class RunFromTemplate(ServerTestCase):
    """RunInstances with a LaunchTemplate: the template's values, the request's explicit members on top."""
    SERVER_ARGS = ("--runtime", "simulated")

    def setUp(self):
        super().setUp()
        self.ec2 = self.server.client("ec2")
        self.ecs.create_cluster(clusterName="tpl")
        user_data = base64.b64encode(b"#!/bin/bash\necho ECS_CLUSTER=tpl >> /etc/ecs/ecs.config\n").decode()
        self.lt = self.ec2.create_launch_template(LaunchTemplateName="tpl", LaunchTemplateData={
            "ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro", "UserData": user_data,
            "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "from-tpl"},
                                                                         {"Key": "tier", "Value": "web"}]}]},
        )["LaunchTemplate"]
        self.ec2.create_launch_template_version(LaunchTemplateName="tpl", SourceVersion="1",
                                                LaunchTemplateData={"InstanceType": "t3.small"})

    def launch(self, **kwargs):
        return self.ec2.run_instances(MinCount=1, MaxCount=1, **kwargs)["Instances"][0]

    def container_instances(self):
        arns = self.ecs.list_container_instances(cluster="tpl")["containerInstanceArns"]
        if not arns:
            return []
        return self.ecs.describe_container_instances(cluster="tpl", containerInstances=arns)["containerInstances"]

    def wait_for(self, predicate, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.2)
        self.fail("condition not reached in time")

    def test_instances_from_the_template_join_the_cluster_and_overrides_win(self):
        lt_id = self.lt["LaunchTemplateId"]
        by_name = self.launch(LaunchTemplate={"LaunchTemplateName": "tpl"})  # the default version: 1
        self.assertEqual(by_name["InstanceType"], "t3.micro")
        self.assertEqual(by_name["ImageId"], "ami-0123456789abcdef0")
        tags = {t["Key"]: t["Value"] for t in by_name["Tags"]}
        self.assertEqual(tags["Name"], "from-tpl")
        self.assertEqual(tags["aws:ec2launchtemplate:id"], lt_id)
        self.assertEqual(tags["aws:ec2launchtemplate:version"], "1")
        latest = self.launch(LaunchTemplate={"LaunchTemplateId": lt_id, "Version": "$Latest"})
        self.assertEqual(latest["InstanceType"], "t3.small")
        override = self.launch(LaunchTemplate={"LaunchTemplateId": lt_id, "Version": "1"}, InstanceType="m5.large",
                            TagSpecifications=[{"ResourceType": "instance",
                                                "Tags": [{"Key": "Name", "Value": "mine"}]}])
        self.assertEqual(override["InstanceType"], "m5.large")
        tags = {t["Key"]: t["Value"] for t in override["Tags"]}
        self.assertEqual((tags["Name"], tags["tier"]), ("mine", "web"))
        ids = sorted(i["InstanceId"] for i in (by_name, latest, override))
        found = self.wait_for(lambda: len(self.container_instances()) == 3 and self.container_instances())
        self.assertEqual(sorted(c["ec2InstanceId"] for c in found), ids)
        types = {c["ec2InstanceId"]: {a["name"]: a.get("value") for a in c["attributes"]}["ecs.instance-type"]
                 for c in found}
        self.assertEqual(types[override["InstanceId"]], "m5.large")
        self.assertEqual(types[by_name["InstanceId"]], "t3.micro")
        cpu = {c["ec2InstanceId"]: {r["name"]: r for r in c["registeredResources"]}["CPU"]["integerValue"]
               for c in found}
        self.assertEqual(cpu[override["InstanceId"]], 2048)
        described = self.ec2.describe_instances(InstanceIds=[override["InstanceId"]])["Reservations"][0]
        self.assertEqual(described["Instances"][0]["InstanceType"], "m5.large")

    def test_template_errors(self):
        self.assert_error("InvalidLaunchTemplateId.NotFound", self.launch,
                          LaunchTemplate={"LaunchTemplateId": "lt-0123456789abcdef0"})
        self.assert_error("InvalidLaunchTemplateId.Malformed", self.launch, LaunchTemplate={"LaunchTemplateId": "bad"})
        self.assert_error("InvalidLaunchTemplateName.NotFoundException", self.launch,
                          LaunchTemplate={"LaunchTemplateName": "nope"})
        self.assert_error("InvalidLaunchTemplateId.VersionNotFound", self.launch,
                          LaunchTemplate={"LaunchTemplateName": "tpl", "Version": "9"})
        self.assert_error("InvalidParameterCombination", self.launch,
                          LaunchTemplate={"LaunchTemplateName": "tpl", "LaunchTemplateId": self.lt["LaunchTemplateId"]})
        self.assert_error("MissingParameter", self.launch, LaunchTemplate={})
        # A template without an image needs ImageId in the request.
        self.ec2.create_launch_template(LaunchTemplateName="noimage", LaunchTemplateData={"InstanceType": "t3.micro"})
        self.assert_error("MissingParameter", self.launch, LaunchTemplate={"LaunchTemplateName": "noimage"})
        inst = self.launch(LaunchTemplate={"LaunchTemplateName": "noimage"}, ImageId="ami-0fedcba9876543210")
        self.assertEqual((inst["ImageId"], inst["InstanceType"]), ("ami-0fedcba9876543210", "t3.micro"))
        self.assertEqual(len(self.ec2.describe_instances()["Reservations"]), 1)

    def run_cli(self, version):
        _, out, _ = self.server.cli(version, "ec2", "run-instances", "--launch-template",
                                    "LaunchTemplateName=tpl,Version=$Latest", "--instance-type", "m5.large",
                                    "--count", "1")
        instance = out["Instances"][0]
        self.assertEqual(instance["InstanceType"], "m5.large")
        [ci] = self.wait_for(self.container_instances)
        self.assertEqual(ci["ec2InstanceId"], instance["InstanceId"])
        rc, _, err = self.server.cli(version, "ec2", "run-instances", "--launch-template", "LaunchTemplateName=nope",
                                     "--count", "1", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("InvalidLaunchTemplateName.NotFoundException", err)

    def test_cli_v1(self):
        self.run_cli(1)

    def test_cli_v2(self):
        require_cli_v2(self)
        self.run_cli(2)


class Cli(ServerTestCase):
    def run_cli(self, version):
        cli = self.server.cli
        data = '{"ImageId":"ami-0123456789abcdef0","InstanceType":"t3.micro"}'
        _, out, _ = cli(version, "ec2", "create-launch-template", "--launch-template-name", "cli",
                        "--launch-template-data", data)
        lt_id = out["LaunchTemplate"]["LaunchTemplateId"]
        _, out, _ = cli(version, "ec2", "create-launch-template-version", "--launch-template-id", lt_id,
                        "--source-version", "1", "--launch-template-data", '{"InstanceType":"t3.small"}')
        self.assertEqual(out["LaunchTemplateVersion"]["VersionNumber"], 2)
        _, out, _ = cli(version, "ec2", "describe-launch-template-versions", "--launch-template-name", "cli",
                        "--versions", "$Latest")
        self.assertEqual(out["LaunchTemplateVersions"][0]["LaunchTemplateData"]["InstanceType"], "t3.small")
        _, out, _ = cli(version, "ec2", "describe-launch-templates")
        self.assertEqual([t["LaunchTemplateName"] for t in out["LaunchTemplates"]], ["cli"])
        rc, _, err = cli(version, "ec2", "describe-launch-templates", "--launch-template-names", "none", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("InvalidLaunchTemplateName.NotFoundException", err)
        cli(version, "ec2", "delete-launch-template", "--launch-template-id", lt_id)

    def test_cli_v1(self):
        self.run_cli(1)

    def test_cli_v2(self):
        require_cli_v2(self)
        self.run_cli(2)


if __name__ == "__main__":
    unittest.main()
