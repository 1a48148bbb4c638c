"""IAM: roles, managed and inline policies, versions, instance profiles, users, groups, access keys, tags and the
AWS managed policies ECS uses, through boto3 and the AWS CLI v1 and v2. Access keys from CreateAccessKey sign
requests as their user."""
import json
import unittest
import urllib.parse

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2

TRUST = {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                        "Action": "sts:AssumeRole"}]}
POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}
EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"


class IamTestCase(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.iam = self.server.client("iam")
        self.unchecked = self.server.client("iam", validate=False)  # sends what botocore would refuse

    def make_role(self, name="r", **kwargs):
        return self.iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST), **kwargs)["Role"]


class Roles(IamTestCase):
    def test_create_get_list_update_delete(self):
        role = self.make_role("ecsTaskExecutionRole", Path="/service-role/", Description="exec",
                              MaxSessionDuration=7200, Tags=[{"Key": "team", "Value": "a"}])
        self.assertEqual(role["Arn"], f"arn:aws:iam::{ACCOUNT}:role/service-role/ecsTaskExecutionRole")
        self.assertTrue(role["RoleId"].startswith("AROA"))
        self.assertEqual(len(role["RoleId"]), 21)
        self.assertEqual(role["AssumeRolePolicyDocument"], TRUST)  # decoded by botocore
        got = self.iam.get_role(RoleName="ecsTaskExecutionRole")["Role"]
        self.assertEqual((got["Description"], got["MaxSessionDuration"]), ("exec", 7200))
        self.assertEqual(got["Tags"], [{"Key": "team", "Value": "a"}])
        self.assertEqual(got["AssumeRolePolicyDocument"], TRUST)
        # names are case-insensitive
        self.assertEqual(self.iam.get_role(RoleName="ECSTASKEXECUTIONROLE")["Role"]["RoleId"], role["RoleId"])
        self.assert_error("EntityAlreadyExists", self.make_role, name="ecstaskexecutionrole")
        self.iam.update_role(RoleName="ecsTaskExecutionRole", Description="new", MaxSessionDuration=3600)
        self.assertEqual(self.iam.get_role(RoleName="ecsTaskExecutionRole")["Role"]["Description"], "new")
        trust2 = dict(TRUST, Statement=[dict(TRUST["Statement"][0], Principal={"Service": "ec2.amazonaws.com"})])
        self.iam.update_assume_role_policy(RoleName="ecsTaskExecutionRole", PolicyDocument=json.dumps(trust2))
        self.assertEqual(self.iam.get_role(RoleName="ecsTaskExecutionRole")["Role"]["AssumeRolePolicyDocument"],
                         trust2)
        self.iam.delete_role(RoleName="ecsTaskExecutionRole")
        self.assert_error("NoSuchEntity", self.iam.get_role, RoleName="ecsTaskExecutionRole")
        self.assert_error("NoSuchEntity", self.iam.delete_role, RoleName="ecsTaskExecutionRole")

    def test_policy_documents_go_out_url_encoded(self):
        self.make_role("enc")
        status, _, body = self.server.signed(
            "iam", "Action=GetRole&Version=2010-05-08&RoleName=enc",
            {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 200)
        text = body.decode()
        start = text.index("<AssumeRolePolicyDocument>") + len("<AssumeRolePolicyDocument>")
        raw = text[start:text.index("</AssumeRolePolicyDocument>")]
        self.assertNotIn("{", raw)
        self.assertEqual(json.loads(urllib.parse.unquote(raw)), TRUST)

    def test_trust_policy_is_validated(self):
        for document, message in [
                ("not json", "This policy contains invalid Json"),
                (json.dumps({"Version": "2012-10-17", "Statement": []}), "Syntax errors in policy."),
                (json.dumps({"Version": "2012-10-17", "Statement": [dict(TRUST["Statement"][0], Resource="*")]}),
                 "Has prohibited field Resource."),
                (json.dumps({"Version": "2012-10-17", "Statement": [dict(TRUST["Statement"][0], Action="s3:Get")]}),
                 "Trust Policy statement actions can only be")]:
            err = self.assert_error("MalformedPolicyDocument", self.iam.create_role, RoleName="bad",
                                    AssumeRolePolicyDocument=document)
            self.assertIn(message, str(err))
            self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.make_role("good")
        self.assert_error("MalformedPolicyDocument", self.iam.update_assume_role_policy, RoleName="good",
                          PolicyDocument="{}")
        self.assert_error("NoSuchEntity", self.iam.update_assume_role_policy, RoleName="none",
                          PolicyDocument=json.dumps(TRUST))
        self.assert_error("LimitExceeded", self.iam.create_role, RoleName="huge", AssumeRolePolicyDocument=json.dumps(
            dict(TRUST, Statement=[dict(TRUST["Statement"][0], Sid=f"s{i}") for i in range(30)])))

    def test_bad_names_paths_and_durations(self):
        self.assert_error("ValidationError", self.make_role, name="has space")
        self.assert_error("ValidationError", self.make_role, name="p", Path="no-slashes")
        for duration in (100, 50000):
            self.assert_error("ValidationError", self.unchecked.create_role, RoleName="d",
                              AssumeRolePolicyDocument=json.dumps(TRUST), MaxSessionDuration=duration)
        self.assert_error("NoSuchEntity", self.make_role, name="b", PermissionsBoundary="arn:aws:iam::aws:policy/Nope")

    def test_list_roles_path_prefix_and_pagination(self):
        for i in range(5):
            self.make_role(f"role{i}", Path="/app/" if i % 2 else "/")
        names = [r["RoleName"] for r in self.iam.list_roles()["Roles"]]
        self.assertEqual(names, [f"role{i}" for i in range(5)])
        app = [r["RoleName"] for r in self.iam.list_roles(PathPrefix="/app/")["Roles"]]
        self.assertEqual(app, ["role1", "role3"])
        page = self.iam.list_roles(MaxItems=2)
        self.assertTrue(page["IsTruncated"])
        rest = self.iam.list_roles(Marker=page["Marker"])
        self.assertFalse(rest["IsTruncated"])
        self.assertEqual([r["RoleName"] for r in page["Roles"] + rest["Roles"]], names)
        paginated = [r["RoleName"] for p in self.iam.get_paginator("list_roles").paginate(PaginationConfig={
            "PageSize": 1}) for r in p["Roles"]]
        self.assertEqual(paginated, names)
        self.assert_error("ValidationError", self.iam.list_roles, Marker="garbage")

    def test_delete_role_conflicts(self):
        self.make_role("r")
        self.iam.attach_role_policy(RoleName="r", PolicyArn=EXECUTION_POLICY)
        err = self.assert_error("DeleteConflict", self.iam.delete_role, RoleName="r")
        self.assertIn("must detach all policies first", str(err))
        self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 409)
        self.iam.detach_role_policy(RoleName="r", PolicyArn=EXECUTION_POLICY)
        self.iam.put_role_policy(RoleName="r", PolicyName="inline", PolicyDocument=json.dumps(POLICY))
        self.assertIn("must delete policies first", str(self.assert_error("DeleteConflict", self.iam.delete_role,
                                                                           RoleName="r")))
        self.iam.delete_role_policy(RoleName="r", PolicyName="inline")
        self.iam.create_instance_profile(InstanceProfileName="ip")
        self.iam.add_role_to_instance_profile(InstanceProfileName="ip", RoleName="r")
        self.assertIn("instance profile", str(self.assert_error("DeleteConflict", self.iam.delete_role,
                                                                 RoleName="r")))
        self.iam.remove_role_from_instance_profile(InstanceProfileName="ip", RoleName="r")
        self.iam.delete_role(RoleName="r")

    def test_inline_policies(self):
        self.make_role("r")
        self.iam.put_role_policy(RoleName="r", PolicyName="p1", PolicyDocument=json.dumps(POLICY))
        self.iam.put_role_policy(RoleName="r", PolicyName="p0", PolicyDocument=json.dumps(POLICY))
        self.assertEqual(self.iam.list_role_policies(RoleName="r")["PolicyNames"], ["p0", "p1"])
        got = self.iam.get_role_policy(RoleName="r", PolicyName="p1")
        self.assertEqual((got["RoleName"], got["PolicyName"], got["PolicyDocument"]), ("r", "p1", POLICY))
        self.assert_error("NoSuchEntity", self.iam.get_role_policy, RoleName="r", PolicyName="none")
        self.assert_error("NoSuchEntity", self.iam.delete_role_policy, RoleName="r", PolicyName="none")
        self.assert_error("NoSuchEntity", self.iam.put_role_policy, RoleName="none", PolicyName="p",
                          PolicyDocument=json.dumps(POLICY))
        for bad, message in [({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"}]},
                              "Policy statement must contain resources."),
                             ({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]},
                              "Policy document must be version 2012-10-17 or greater."),
                             ({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",
                                                                       "Resource": "*", "Principal": "*"}]},
                              "Policy document should not specify a principal.")]:
            err = self.assert_error("MalformedPolicyDocument", self.iam.put_role_policy, RoleName="r",
                                    PolicyName="bad", PolicyDocument=json.dumps(bad))
            self.assertIn(message, str(err))
        big = {"Version": "2012-10-17",
               "Statement": [{"Effect": "Allow", "Action": f"s3:Get{i:04}", "Resource": "*"} for i in range(300)]}
        self.assert_error("LimitExceeded", self.iam.put_role_policy, RoleName="r", PolicyName="big",
                          PolicyDocument=json.dumps(big))

    def test_tags(self):
        self.make_role("r")
        self.iam.tag_role(RoleName="r", Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}])
        self.assertEqual(self.iam.list_role_tags(RoleName="r")["Tags"],
                         [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
        self.iam.untag_role(RoleName="r", TagKeys=["a"])
        self.assertEqual(self.iam.list_role_tags(RoleName="r")["Tags"], [{"Key": "b", "Value": "2"}])
        self.assert_error("InvalidInput", self.iam.tag_role, RoleName="r",
                          Tags=[{"Key": "k", "Value": "1"}, {"Key": "K", "Value": "2"}])
        self.assert_error("NoSuchEntity", self.iam.tag_role, RoleName="none", Tags=[{"Key": "k", "Value": "1"}])
        self.assert_error("NoSuchEntity", self.iam.list_role_tags, RoleName="none")

    def test_service_linked_role(self):
        role = self.iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")["Role"]
        self.assertEqual(role["RoleName"], "AWSServiceRoleForECS")
        self.assertEqual(role["Path"], "/aws-service-role/ecs.amazonaws.com/")
        self.assertEqual(role["Arn"],
                         f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS")
        attached = self.iam.list_attached_role_policies(RoleName="AWSServiceRoleForECS")["AttachedPolicies"]
        self.assertEqual(attached[0]["PolicyName"], "AmazonECSServiceRolePolicy")
        err = self.assert_error("InvalidInput", self.iam.create_service_linked_role, AWSServiceName="ecs.amazonaws.com")
        self.assertIn("has been taken", str(err))
        self.assert_error("InvalidInput", self.iam.create_service_linked_role, AWSServiceName="nothing.example.com")
        task = self.iam.delete_service_linked_role(RoleName="AWSServiceRoleForECS")["DeletionTaskId"]
        self.assertEqual(self.iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"], "SUCCEEDED")
        self.assert_error("NoSuchEntity", self.iam.get_role, RoleName="AWSServiceRoleForECS")


class ManagedPolicies(IamTestCase):
    def test_aws_managed_policies_answer_by_arn(self):
        policy = self.iam.get_policy(PolicyArn=EXECUTION_POLICY)["Policy"]
        self.assertEqual((policy["PolicyName"], policy["Path"]), ("AmazonECSTaskExecutionRolePolicy",
                                                                  "/service-role/"))
        version = self.iam.get_policy_version(PolicyArn=EXECUTION_POLICY,
                                              VersionId=policy["DefaultVersionId"])["PolicyVersion"]
        self.assertIn("ecr:GetAuthorizationToken", version["Document"]["Statement"][0]["Action"])
        self.assertTrue(version["IsDefaultVersion"])
        for name in ["service-role/AmazonEC2ContainerServiceforEC2Role", "service-role/AmazonEC2ContainerServiceRole",
                     "AmazonECS_FullAccess", "service-role/AmazonECSInfrastructureRolePolicyForVolumes",
                     "aws-service-role/AmazonECSServiceRolePolicy"]:
            self.assertEqual(self.iam.get_policy(PolicyArn=f"arn:aws:iam::aws:policy/{name}")["Policy"]["PolicyName"],
                             name.rsplit("/", 1)[-1])
        self.assert_error("NoSuchEntity", self.iam.get_policy, PolicyArn="arn:aws:iam::aws:policy/NoSuchPolicy")
        self.assert_error("NoSuchEntity", self.iam.get_policy_version, PolicyArn=EXECUTION_POLICY, VersionId="v9")
        aws_names = [p["PolicyName"] for p in self.iam.list_policies(Scope="AWS")["Policies"]]
        self.assertIn("AmazonECSTaskExecutionRolePolicy", aws_names)
        self.assertEqual(self.iam.list_policies(Scope="Local")["Policies"], [])
        self.assert_error("InvalidInput", self.iam.delete_policy, PolicyArn=EXECUTION_POLICY)

    def test_customer_policy_lifecycle_and_versions(self):
        policy = self.iam.create_policy(PolicyName="app", Path="/team/", PolicyDocument=json.dumps(POLICY),
                                        Description="d", Tags=[{"Key": "k", "Value": "v"}])["Policy"]
        arn = policy["Arn"]
        self.assertEqual(arn, f"arn:aws:iam::{ACCOUNT}:policy/team/app")
        self.assertTrue(policy["PolicyId"].startswith("ANPA"))
        self.assertEqual(policy["DefaultVersionId"], "v1")
        self.assert_error("EntityAlreadyExists", self.iam.create_policy, PolicyName="APP",
                          PolicyDocument=json.dumps(POLICY))
        self.assert_error("MalformedPolicyDocument", self.iam.create_policy, PolicyName="bad", PolicyDocument="[]")
        for _ in range(4):
            self.iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(POLICY))
        err = self.assert_error("LimitExceeded", self.iam.create_policy_version, PolicyArn=arn,
                                PolicyDocument=json.dumps(POLICY))
        self.assertIn("up to 5 versions", str(err))
        versions = self.iam.list_policy_versions(PolicyArn=arn)["Versions"]
        self.assertEqual([v["VersionId"] for v in versions], ["v5", "v4", "v3", "v2", "v1"])
        self.assert_error("DeleteConflict", self.iam.delete_policy_version, PolicyArn=arn, VersionId="v1")
        self.iam.set_default_policy_version(PolicyArn=arn, VersionId="v3")
        self.assertEqual(self.iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"], "v3")
        self.assert_error("NoSuchEntity", self.iam.set_default_policy_version, PolicyArn=arn, VersionId="v9")
        self.assert_error("DeleteConflict", self.iam.delete_policy, PolicyArn=arn)
        for v in ["v1", "v2", "v4", "v5"]:
            self.iam.delete_policy_version(PolicyArn=arn, VersionId=v)
        self.assertEqual(self.iam.list_policy_tags(PolicyArn=arn)["Tags"], [{"Key": "k", "Value": "v"}])
        self.iam.delete_policy(PolicyArn=arn)
        self.assert_error("NoSuchEntity", self.iam.get_policy, PolicyArn=arn)
        self.assert_error("InvalidInput", self.unchecked.get_policy, PolicyArn="not-an-arn-but-long-enough")

    def test_attach_detach_and_only_attached(self):
        self.make_role("r")
        arn = self.iam.create_policy(PolicyName="mine", PolicyDocument=json.dumps(POLICY))["Policy"]["Arn"]
        self.iam.attach_role_policy(RoleName="r", PolicyArn=EXECUTION_POLICY)
        self.iam.attach_role_policy(RoleName="r", PolicyArn=arn)
        self.iam.attach_role_policy(RoleName="r", PolicyArn=arn)  # twice is once
        attached = self.iam.list_attached_role_policies(RoleName="r")["AttachedPolicies"]
        self.assertEqual(sorted(p["PolicyName"] for p in attached), ["AmazonECSTaskExecutionRolePolicy", "mine"])
        only = self.iam.list_policies(OnlyAttached=True)["Policies"]
        self.assertEqual(sorted(p["PolicyName"] for p in only), ["AmazonECSTaskExecutionRolePolicy", "mine"])
        self.assertEqual(self.iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"], 1)
        entities = self.iam.list_entities_for_policy(PolicyArn=arn)
        self.assertEqual([r["RoleName"] for r in entities["PolicyRoles"]], ["r"])
        self.assert_error("DeleteConflict", self.iam.delete_policy, PolicyArn=arn)
        self.assert_error("NoSuchEntity", self.iam.attach_role_policy, RoleName="r",
                          PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/none")
        self.assert_error("NoSuchEntity", self.iam.attach_role_policy, RoleName="none", PolicyArn=arn)
        self.iam.detach_role_policy(RoleName="r", PolicyArn=arn)
        self.assert_error("NoSuchEntity", self.iam.detach_role_policy, RoleName="r", PolicyArn=arn)
        self.iam.delete_policy(PolicyArn=arn)

    def test_attachment_quota(self):
        self.make_role("r")
        for i in range(10):
            arn = self.iam.create_policy(PolicyName=f"p{i}", PolicyDocument=json.dumps(POLICY))["Policy"]["Arn"]
            self.iam.attach_role_policy(RoleName="r", PolicyArn=arn)
        arn = self.iam.create_policy(PolicyName="p10", PolicyDocument=json.dumps(POLICY))["Policy"]["Arn"]
        err = self.assert_error("LimitExceeded", self.iam.attach_role_policy, RoleName="r", PolicyArn=arn)
        self.assertIn("PoliciesPerRole: 10", str(err))


class InstanceProfiles(IamTestCase):
    def test_profiles_and_their_role(self):
        self.make_role("ecsInstanceRole")
        profile = self.iam.create_instance_profile(InstanceProfileName="ecsInstanceRole", Path="/",
                                                   Tags=[{"Key": "a", "Value": "b"}])["InstanceProfile"]
        self.assertTrue(profile["InstanceProfileId"].startswith("AIPA"))
        self.assertEqual(profile["Arn"], f"arn:aws:iam::{ACCOUNT}:instance-profile/ecsInstanceRole")
        self.assertEqual(profile["Roles"], [])
        self.assert_error("EntityAlreadyExists", self.iam.create_instance_profile, InstanceProfileName="ecsinstancerole")
        self.iam.add_role_to_instance_profile(InstanceProfileName="ecsInstanceRole", RoleName="ecsInstanceRole")
        got = self.iam.get_instance_profile(InstanceProfileName="ecsInstanceRole")["InstanceProfile"]
        self.assertEqual([r["RoleName"] for r in got["Roles"]], ["ecsInstanceRole"])
        self.make_role("other")
        err = self.assert_error("LimitExceeded", self.iam.add_role_to_instance_profile,
                                InstanceProfileName="ecsInstanceRole", RoleName="other")
        self.assertIn("InstanceSessionsPerInstanceProfile: 1", str(err))
        self.assert_error("NoSuchEntity", self.iam.add_role_to_instance_profile, InstanceProfileName="none",
                          RoleName="other")
        for_role = self.iam.list_instance_profiles_for_role(RoleName="ecsInstanceRole")["InstanceProfiles"]
        self.assertEqual([p["InstanceProfileName"] for p in for_role], ["ecsInstanceRole"])
        self.assertEqual(len(self.iam.list_instance_profiles()["InstanceProfiles"]), 1)
        self.assert_error("DeleteConflict", self.iam.delete_instance_profile, InstanceProfileName="ecsInstanceRole")
        self.assert_error("NoSuchEntity", self.iam.remove_role_from_instance_profile,
                          InstanceProfileName="ecsInstanceRole", RoleName="other")
        self.iam.remove_role_from_instance_profile(InstanceProfileName="ecsInstanceRole", RoleName="ecsInstanceRole")
        self.assertEqual(self.iam.list_instance_profile_tags(InstanceProfileName="ecsInstanceRole")["Tags"],
                         [{"Key": "a", "Value": "b"}])
        self.iam.delete_instance_profile(InstanceProfileName="ecsInstanceRole")
        self.assert_error("NoSuchEntity", self.iam.get_instance_profile, InstanceProfileName="ecsInstanceRole")
        self.assert_error("NoSuchEntity", self.iam.delete_instance_profile, InstanceProfileName="ecsInstanceRole")


class UsersGroupsKeys(IamTestCase):
    def test_users_groups_membership(self):
        user = self.iam.create_user(UserName="alice", Tags=[{"Key": "t", "Value": "1"}])["User"]
        self.assertTrue(user["UserId"].startswith("AIDA"))
        self.assertEqual(user["Arn"], f"arn:aws:iam::{ACCOUNT}:user/alice")
        self.assert_error("EntityAlreadyExists", self.iam.create_user, UserName="Alice")
        group = self.iam.create_group(GroupName="devs")["Group"]
        self.assertTrue(group["GroupId"].startswith("AGPA"))
        self.assert_error("EntityAlreadyExists", self.iam.create_group, GroupName="devs")
        self.iam.add_user_to_group(GroupName="devs", UserName="alice")
        self.assertEqual([u["UserName"] for u in self.iam.get_group(GroupName="devs")["Users"]], ["alice"])
        self.assertEqual([g["GroupName"] for g in self.iam.list_groups_for_user(UserName="alice")["Groups"]], ["devs"])
        self.assert_error("NoSuchEntity", self.iam.add_user_to_group, GroupName="devs", UserName="bob")
        self.assert_error("DeleteConflict", self.iam.delete_group, GroupName="devs")
        self.assert_error("DeleteConflict", self.iam.delete_user, UserName="alice")
        self.iam.attach_group_policy(GroupName="devs", PolicyArn=EXECUTION_POLICY)
        self.assertEqual(len(self.iam.list_attached_group_policies(GroupName="devs")["AttachedPolicies"]), 1)
        self.iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=json.dumps(POLICY))
        self.assertEqual(self.iam.get_user_policy(UserName="alice", PolicyName="p")["PolicyDocument"], POLICY)
        self.iam.remove_user_from_group(GroupName="devs", UserName="alice")
        self.assert_error("NoSuchEntity", self.iam.remove_user_from_group, GroupName="devs", UserName="alice")
        self.iam.detach_group_policy(GroupName="devs", PolicyArn=EXECUTION_POLICY)
        self.iam.delete_group(GroupName="devs")
        self.assert_error("DeleteConflict", self.iam.delete_user, UserName="alice")
        self.iam.delete_user_policy(UserName="alice", PolicyName="p")
        self.iam.update_user(UserName="alice", NewUserName="alice2", NewPath="/people/")
        self.assertEqual(self.iam.get_user(UserName="alice2")["User"]["Arn"],
                         f"arn:aws:iam::{ACCOUNT}:user/people/alice2")
        self.assertEqual(self.iam.list_user_tags(UserName="alice2")["Tags"], [{"Key": "t", "Value": "1"}])
        self.iam.delete_user(UserName="alice2")
        self.assert_error("NoSuchEntity", self.iam.get_user, UserName="alice2")

    def test_access_key_is_a_real_credential(self):
        self.iam.create_user(UserName="deployer")
        key = self.iam.create_access_key(UserName="deployer")["AccessKey"]
        self.assertTrue(key["AccessKeyId"].startswith("AKIA"))
        self.assertEqual(len(key["AccessKeyId"]), 20)
        self.assertEqual(len(key["SecretAccessKey"]), 40)
        self.assertEqual(key["Status"], "Active")
        last = self.iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
        self.assertEqual(last["AccessKeyLastUsed"]["ServiceName"], "N/A")
        sts = self.server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"], region="eu-west-1")
        ident = sts.get_caller_identity()
        self.assertEqual(ident["Arn"], f"arn:aws:iam::{ACCOUNT}:user/deployer")
        self.assertEqual(ident["Account"], ACCOUNT)
        self.assertTrue(ident["UserId"].startswith("AIDA"))
        # Signed with the user's key, ECS works in the user's account.
        ecs = self.server.client("ecs", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
        arn = ecs.create_cluster(clusterName="by-user")["cluster"]["clusterArn"]
        self.assertIn(f":{ACCOUNT}:", arn)
        last = self.iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
        self.assertEqual(last["ServiceName"], "ecs")
        self.assertIn("LastUsedDate", last)
        # The user's own GetUser needs no name.
        user_iam = self.server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
        self.assertEqual(user_iam.get_user()["User"]["UserName"], "deployer")
        # A wrong secret does not verify.
        bad = self.server.client("sts", key=key["AccessKeyId"], secret="x" * 40)
        self.assertEqual(self.error_code(bad.get_caller_identity), "SignatureDoesNotMatch")
        # Inactive keys are refused; active again, accepted.
        self.iam.update_access_key(UserName="deployer", AccessKeyId=key["AccessKeyId"], Status="Inactive")
        listed = self.iam.list_access_keys(UserName="deployer")["AccessKeyMetadata"]
        self.assertEqual([(k["AccessKeyId"], k["Status"]) for k in listed], [(key["AccessKeyId"], "Inactive")])
        self.assertEqual(self.error_code(sts.get_caller_identity), "InvalidClientTokenId")
        self.iam.update_access_key(UserName="deployer", AccessKeyId=key["AccessKeyId"], Status="Active")
        self.assertEqual(sts.get_caller_identity()["Arn"], f"arn:aws:iam::{ACCOUNT}:user/deployer")
        self.iam.create_access_key(UserName="deployer")
        self.assert_error("LimitExceeded", self.iam.create_access_key, UserName="deployer")
        self.assert_error("DeleteConflict", self.iam.delete_user, UserName="deployer")
        self.iam.delete_access_key(UserName="deployer", AccessKeyId=key["AccessKeyId"])
        self.assert_error("NoSuchEntity", self.iam.delete_access_key, UserName="deployer",
                          AccessKeyId=key["AccessKeyId"])
        self.assert_error("NoSuchEntity", self.iam.create_access_key, UserName="nobody")
        # Deleted, the key is unknown again: strict servers refuse it, open ones treat it as any unknown key.
        self.assertEqual(sts.get_caller_identity()["Arn"], f"arn:aws:iam::{ACCOUNT}:root")

    def error_code(self, fn):
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            fn()
        return code(ctx.exception)

    def test_account_summary(self):
        self.make_role("r")
        summary = self.iam.get_account_summary()["SummaryMap"]
        self.assertEqual(summary["Roles"], 1)
        self.assertEqual(summary["AccessKeysPerUserQuota"], 2)


class StrictMode(ServerTestCase):
    SERVER_ARGS = ("--auth", "strict")

    def test_created_key_works_in_strict_mode_and_unknown_keys_do_not(self):
        iam = self.server.client("iam")
        iam.create_user(UserName="u")
        key = iam.create_access_key(UserName="u")["AccessKey"]
        sts = self.server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
        self.assertEqual(sts.get_caller_identity()["Arn"], f"arn:aws:iam::{ACCOUNT}:user/u")
        iam.delete_access_key(UserName="u", AccessKeyId=key["AccessKeyId"])
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            sts.get_caller_identity()
        self.assertEqual(code(ctx.exception), "InvalidClientTokenId")


class Cli(IamTestCase):
    def run_cli(self, version):
        cli = self.server.cli
        _, out, _ = cli(version, "iam", "create-role", "--role-name", f"cli{version}",
                        "--assume-role-policy-document", json.dumps(TRUST))
        self.assertEqual(out["Role"]["AssumeRolePolicyDocument"], TRUST)
        cli(version, "iam", "attach-role-policy", "--role-name", f"cli{version}", "--policy-arn", EXECUTION_POLICY)
        _, out, _ = cli(version, "iam", "list-attached-role-policies", "--role-name", f"cli{version}")
        self.assertEqual(out["AttachedPolicies"][0]["PolicyArn"], EXECUTION_POLICY)
        _, out, _ = cli(version, "iam", "get-role", "--role-name", f"cli{version}", region="ap-south-1")
        self.assertEqual(out["Role"]["RoleName"], f"cli{version}")
        _, out, _ = cli(version, "iam", "get-policy-version", "--policy-arn", EXECUTION_POLICY, "--version-id", "v1")
        self.assertEqual(out["PolicyVersion"]["Document"]["Version"], "2012-10-17")
        rc, _, err = cli(version, "iam", "get-role", "--role-name", "missing", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("NoSuchEntity", err)
        rc, _, err = cli(version, "iam", "create-role", "--role-name", "bad", "--assume-role-policy-document",
                         "{nope", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("MalformedPolicyDocument", err)
        _, out, _ = cli(version, "iam", "create-user", "--user-name", f"u{version}")
        _, out, _ = cli(version, "iam", "create-access-key", "--user-name", f"u{version}")
        key = out["AccessKey"]
        _, ident, _ = cli(version, "sts", "get-caller-identity", key=key["AccessKeyId"],
                          secret=key["SecretAccessKey"])
        self.assertEqual(ident["Arn"], f"arn:aws:iam::{ACCOUNT}:user/u{version}")

    def test_cli_v1(self):
        self.run_cli(1)

    def test_cli_v2(self):
        require_cli_v2(self)
        self.run_cli(2)


if __name__ == "__main__":
    unittest.main()
