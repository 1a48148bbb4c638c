"""ECS capacity providers and their use by clusters, through boto3 and the AWS CLI v1 and v2."""
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2


ASG = f"arn:aws:autoscaling:us-east-1:{ACCOUNT}:autoScalingGroup:1234:autoScalingGroupName/"


class CapacityProviders(ServerTestCase):
    def create(self, name, group=None, **provider):
        return self.ecs.create_capacity_provider(
            name=name, autoScalingGroupProvider={"autoScalingGroupArn": ASG + (group or name), **provider},
            tags=[{"key": "team", "value": "blue"}])["capacityProvider"]

    def test_create_describe_update_delete(self):
        cp = self.create("asg-one", managedScaling={"status": "ENABLED", "targetCapacity": 80},
                         managedTerminationProtection="ENABLED")
        arn = f"arn:aws:ecs:us-east-1:{ACCOUNT}:capacity-provider/asg-one"
        self.assertEqual(cp["capacityProviderArn"], arn)
        self.assertEqual(cp["status"], "ACTIVE")
        self.assertEqual(cp["type"], "EC2_AUTOSCALING")
        group = cp["autoScalingGroupProvider"]
        self.assertEqual(group["autoScalingGroupArn"], ASG + "asg-one")
        self.assertEqual(group["managedScaling"], {"status": "ENABLED", "targetCapacity": 80,
                                                   "minimumScalingStepSize": 1, "maximumScalingStepSize": 10000,
                                                   "instanceWarmupPeriod": 300})
        self.assertEqual(group["managedTerminationProtection"], "ENABLED")
        self.assertEqual(group["managedDraining"], "ENABLED")
        self.assertEqual(cp["tags"], [{"key": "team", "value": "blue"}])

        listed = self.ecs.describe_capacity_providers()
        self.assertEqual([p["name"] for p in listed["capacityProviders"]], ["FARGATE", "FARGATE_SPOT", "asg-one"])
        self.assertNotIn("tags", listed["capacityProviders"][2])
        with_tags = self.ecs.describe_capacity_providers(capacityProviders=[arn, "FARGATE", "nope"],
                                                         include=["TAGS"])
        self.assertEqual(with_tags["capacityProviders"][0]["tags"], [{"key": "team", "value": "blue"}])
        self.assertEqual(with_tags["capacityProviders"][1]["type"], "FARGATE")
        self.assertEqual(with_tags["failures"],
                         [{"arn": f"arn:aws:ecs:us-east-1:{ACCOUNT}:capacity-provider/nope", "reason": "MISSING"}])
        self.assertEqual(self.ecs.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "team", "value": "blue"}])
        self.ecs.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "prod"}])
        self.assertEqual(len(self.ecs.list_tags_for_resource(resourceArn=arn)["tags"]), 2)

        updated = self.ecs.update_capacity_provider(
            name="asg-one", autoScalingGroupProvider={"managedScaling": {"targetCapacity": 90},
                                                      "managedDraining": "DISABLED"})["capacityProvider"]
        self.assertEqual(updated["updateStatus"], "UPDATE_COMPLETE")
        self.assertEqual(updated["autoScalingGroupProvider"]["managedScaling"]["targetCapacity"], 90)
        self.assertEqual(updated["autoScalingGroupProvider"]["managedScaling"]["status"], "ENABLED")
        self.assertEqual(updated["autoScalingGroupProvider"]["managedDraining"], "DISABLED")

        deleted = self.ecs.delete_capacity_provider(capacityProvider=arn)["capacityProvider"]
        self.assertEqual(deleted["status"], "INACTIVE")
        self.assertEqual(deleted["updateStatus"], "DELETE_COMPLETE")
        self.assertEqual([p["name"] for p in self.ecs.describe_capacity_providers()["capacityProviders"]],
                         ["FARGATE", "FARGATE_SPOT"])
        self.assert_error("ClientException", self.ecs.delete_capacity_provider, capacityProvider="asg-one")
        # The name and the group can be used again.
        self.create("asg-one")

    def test_clusters_use_capacity_providers_and_block_their_deletion(self):
        self.create("asg-web")
        cluster = self.ecs.create_cluster(clusterName="web", capacityProviders=["asg-web", "FARGATE"],
                                          defaultCapacityProviderStrategy=[{"capacityProvider": "asg-web",
                                                                            "weight": 1}])["cluster"]
        self.assertEqual(cluster["capacityProviders"], ["asg-web", "FARGATE"])
        result = self.ecs.delete_capacity_provider(capacityProvider="asg-web")["capacityProvider"]
        self.assertEqual(result["status"], "ACTIVE")
        self.assertEqual(result["updateStatus"], "DELETE_FAILED")
        self.assertIn("associated with cluster: web", result["updateStatusReason"])
        self.ecs.put_cluster_capacity_providers(cluster="web", capacityProviders=["FARGATE"],
                                                defaultCapacityProviderStrategy=[])
        self.assertEqual(self.ecs.delete_capacity_provider(capacityProvider="asg-web")["capacityProvider"]["status"],
                         "INACTIVE")
        self.assert_error("InvalidParameterException", self.ecs.put_cluster_capacity_providers, cluster="web",
                          capacityProviders=["asg-web"], defaultCapacityProviderStrategy=[])

    def test_invalid_requests_are_refused(self):
        self.create("taken")
        for name in ("aws-thing", "ECSprovider", "fargate-x", "bad name", "x" * 256):
            self.assert_error("InvalidParameterException", self.ecs.create_capacity_provider, name=name,
                              autoScalingGroupProvider={"autoScalingGroupArn": ASG + "g"})
        self.assert_error("ClientException", self.ecs.create_capacity_provider, name="taken",
                          autoScalingGroupProvider={"autoScalingGroupArn": ASG + "other"})
        self.assert_error("ClientException", self.ecs.create_capacity_provider, name="second",
                          autoScalingGroupProvider={"autoScalingGroupArn": ASG + "taken"})
        self.assert_error("InvalidParameterException", self.ecs.create_capacity_provider, name="noasg")
        self.assert_error("InvalidParameterException", self.ecs.create_capacity_provider, name="mtp",
                          autoScalingGroupProvider={"autoScalingGroupArn": ASG + "mtp",
                                                    "managedTerminationProtection": "ENABLED"})
        self.assert_error("InvalidParameterException", self.ecs.create_capacity_provider, name="steps",
                          autoScalingGroupProvider={"autoScalingGroupArn": ASG + "steps",
                                                    "managedScaling": {"minimumScalingStepSize": 50,
                                                                       "maximumScalingStepSize": 10}})
        self.assert_error("UnsupportedFeatureException", self.ecs.create_capacity_provider, name="mi",
                          cluster="web", managedInstancesProvider={
                              "infrastructureRoleArn": f"arn:aws:iam::{ACCOUNT}:role/r",
                              "instanceLaunchTemplate": {"ec2InstanceProfileArn": "x",
                                                         "networkConfiguration": {"subnets": ["s"]}}})
        self.assert_error("ClientException", self.ecs.update_capacity_provider, name="nope",
                          autoScalingGroupProvider={})
        self.assert_error("InvalidParameterException", self.ecs.update_capacity_provider, name="taken")
        self.assert_error("InvalidParameterException", self.ecs.update_capacity_provider, name="FARGATE",
                          autoScalingGroupProvider={})
        self.assert_error("InvalidParameterException", self.ecs.delete_capacity_provider, capacityProvider="FARGATE")
        self.assert_error("InvalidParameterException", self.ecs.describe_capacity_providers, maxResults=11)
        self.assert_error("InvalidParameterException", self.ecs.describe_capacity_providers, nextToken="junk")
        # ListTagsForResource declares no ResourceNotFoundException: ClientException; TagResource declares it.
        self.assert_error("ClientException", self.ecs.list_tags_for_resource,
                          resourceArn=f"arn:aws:ecs:us-east-1:{ACCOUNT}:capacity-provider/nope")
        self.assert_error("ResourceNotFoundException", self.ecs.tag_resource,
                          resourceArn=f"arn:aws:ecs:us-east-1:{ACCOUNT}:capacity-provider/nope",
                          tags=[{"key": "a", "value": "1"}])

    def test_pagination(self):
        for i in range(12):
            self.create(f"cp{i:02d}")
        first = self.ecs.describe_capacity_providers()
        self.assertEqual(len(first["capacityProviders"]), 10)
        second = self.ecs.describe_capacity_providers(nextToken=first["nextToken"])
        self.assertNotIn("nextToken", second)
        names = [p["name"] for p in first["capacityProviders"] + second["capacityProviders"]]
        self.assertEqual(names, ["FARGATE", "FARGATE_SPOT"] + [f"cp{i:02d}" for i in range(12)])
        small = self.ecs.describe_capacity_providers(maxResults=1)
        self.assertEqual([p["name"] for p in small["capacityProviders"]], ["FARGATE"])
        nxt = self.ecs.describe_capacity_providers(maxResults=2, nextToken=small["nextToken"])
        self.assertEqual([p["name"] for p in nxt["capacityProviders"]], ["FARGATE_SPOT", "cp00"])

    def test_cli_v1_and_v2(self):
        _, out, _ = self.server.cli(1, "ecs", "create-capacity-provider", "--name", "cli-one",
                                    "--auto-scaling-group-provider", f"autoScalingGroupArn={ASG}cli-one")
        self.assertEqual(out["capacityProvider"]["name"], "cli-one")
        require_cli_v2(self)
        _, out, _ = self.server.cli(2, "ecs", "describe-capacity-providers", "--capacity-providers", "cli-one")
        self.assertEqual(out["capacityProviders"][0]["status"], "ACTIVE")
        _, out, _ = self.server.cli(2, "ecs", "delete-capacity-provider", "--capacity-provider", "cli-one")
        self.assertEqual(out["capacityProvider"]["status"], "INACTIVE")


if __name__ == "__main__":
    unittest.main()
