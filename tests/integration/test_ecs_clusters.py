"""ECS clusters and their tags, through boto3 and the AWS CLI v1 and v2."""
import json
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, default_network, require_cli_v2


class Clusters(ServerTestCase):
    def test_create_describe_list_delete(self):
        created = self.ecs.create_cluster(clusterName="web", tags=[{"key": "team", "value": "blue"}])["cluster"]
        arn = f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/web"
        self.assertEqual(created["clusterArn"], arn)
        self.assertEqual(created["status"], "ACTIVE")
        self.assertEqual(created["settings"], [{"name": "containerInsights", "value": "disabled"}])
        self.assertEqual(created["tags"], [{"key": "team", "value": "blue"}])
        for count in ("registeredContainerInstancesCount", "runningTasksCount", "pendingTasksCount",
                      "activeServicesCount"):
            self.assertEqual(created[count], 0)
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [arn])
        plain = self.ecs.describe_clusters(clusters=["web"])
        self.assertEqual(plain["failures"], [])
        self.assertNotIn("tags", plain["clusters"][0])
        self.assertNotIn("settings", plain["clusters"][0])
        full = self.ecs.describe_clusters(clusters=[arn], include=["TAGS", "SETTINGS", "STATISTICS"])["clusters"][0]
        self.assertEqual(full["tags"], [{"key": "team", "value": "blue"}])
        self.assertEqual(full["settings"], [{"name": "containerInsights", "value": "disabled"}])
        self.assertIn({"name": "runningFargateTasksCount", "value": "0"}, full["statistics"])
        deleted = self.ecs.delete_cluster(cluster="web")["cluster"]
        self.assertEqual(deleted["status"], "INACTIVE")
        # A deleted cluster stays listed and describable as INACTIVE, as on AWS; it can no longer be tagged.
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [arn])
        self.assertEqual(self.ecs.describe_clusters(clusters=["web"])["clusters"][0]["status"], "INACTIVE")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.ecs.tag_resource(resourceArn=arn, tags=[{"key": "a", "value": "1"}])
        self.assertEqual(code(ctx.exception), "InvalidParameterException")
        self.assertEqual(self.ecs.create_cluster(clusterName="web")["cluster"]["status"], "ACTIVE")
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [arn])
        self.ecs.delete_cluster(cluster="web")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.ecs.delete_cluster(cluster="web")
        self.assertEqual(code(ctx.exception), "ClusterNotFoundException")

    def test_default_cluster_is_assumed_when_cluster_is_omitted(self):
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [])
        # Without a `default` cluster, a call that omits `cluster` finds none, before any other check.
        for call, kwargs in [(self.ecs.list_services, {}), (self.ecs.list_tasks, {}),
                             (self.ecs.describe_tasks, {"tasks": []}), (self.ecs.stop_task, {"task": "t"}),
                             (self.ecs.delete_service, {"service": "s"}),
                             (self.ecs.update_service, {"service": "s", "desiredCount": 0}),
                             (self.ecs.describe_container_instances, {"containerInstances": []})]:
            with self.assertRaises(botocore.exceptions.ClientError, msg=call.__name__) as ctx:
                call(**kwargs)
            self.assertEqual(code(ctx.exception), "ClusterNotFoundException", call.__name__)
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [])
        # The first container instance registered without a cluster creates it, as AWS documents.
        self.ecs.register_container_instance(instanceIdentityDocument=json.dumps(
            {"instanceId": "i-0d", "instanceType": "t3.small", "availabilityZone": "us-east-1a",
             "region": "us-east-1", "accountId": ACCOUNT}))
        arn = f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/default"
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [arn])
        described = self.ecs.describe_clusters()["clusters"][0]
        self.assertEqual((described["clusterName"], described["status"]), ("default", "ACTIVE"))
        self.assertEqual(self.ecs.list_services()["serviceArns"], [])
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.ecs.list_tasks(cluster="other")
        self.assertEqual(code(ctx.exception), "ClusterNotFoundException")
        # RunTask without a cluster lands in `default`, with the AWS CLI as with boto3.
        self.ecs.register_task_definition(family="d", containerDefinitions=[
            {"name": "c", "image": "busybox:local", "memory": 64}], requiresCompatibilities=["FARGATE"],
            networkMode="awsvpc", cpu="256", memory="512")
        subnet = default_network(self.server)["awsvpcConfiguration"]["subnets"][0]
        _, out, _ = self.server.cli(1, "ecs", "run-task", "--task-definition", "d", "--launch-type", "FARGATE",
                                    "--network-configuration", f"awsvpcConfiguration={{subnets=[{subnet}]}}")
        self.assertEqual(out["tasks"][0]["clusterArn"], arn)
        _, out, _ = self.server.cli(1, "ecs", "list-tasks")
        self.assertEqual(len(out["taskArns"]), 1)

    def test_create_cluster_is_idempotent_and_defaults_to_default(self):
        a = self.ecs.create_cluster()["cluster"]
        b = self.ecs.create_cluster(clusterName="default")["cluster"]
        self.assertEqual(a["clusterName"], "default")
        self.assertEqual(a["clusterArn"], b["clusterArn"])
        self.assertEqual(len(self.ecs.list_clusters()["clusterArns"]), 1)
        self.assertEqual(self.ecs.describe_clusters()["clusters"][0]["clusterName"], "default")

    def test_describe_reports_missing_clusters_as_failures(self):
        self.ecs.create_cluster(clusterName="here")
        out = self.ecs.describe_clusters(clusters=["here", "gone"])
        self.assertEqual([c["clusterName"] for c in out["clusters"]], ["here"])
        self.assertEqual(out["failures"], [{"arn": f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/gone",
                                            "reason": "MISSING"}])
        # The ARN of a cluster of the same name in another Region or account is not this cluster.
        elsewhere = [f"arn:aws:ecs:eu-west-1:{ACCOUNT}:cluster/here", "arn:aws:ecs:us-east-1:999999999999:cluster/here"]
        out = self.ecs.describe_clusters(clusters=elsewhere)
        self.assertEqual(out["clusters"], [])
        self.assertEqual(out["failures"], [{"arn": arn, "reason": "MISSING"} for arn in elsewhere])
        for arn in elsewhere:
            with self.assertRaises(botocore.exceptions.ClientError) as ctx:
                self.ecs.list_services(cluster=arn)
            self.assertEqual(code(ctx.exception), "ClusterNotFoundException")
        self.assertEqual(len(self.ecs.list_services(cluster=f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/here")
                             ["serviceArns"]), 0)

    def test_invalid_names_settings_and_providers_are_refused(self):
        for kwargs in ({"clusterName": "bad name"}, {"clusterName": "x" * 256},
                       {"clusterName": "s", "settings": [{"name": "containerInsights", "value": "maybe"}]},
                       {"clusterName": "p", "capacityProviders": ["NOPE"]},
                       {"clusterName": "q", "capacityProviders": ["FARGATE"],
                        "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT"}]},
                       {"clusterName": "t", "tags": [{"key": "aws:reserved", "value": "x"}]}):
            with self.assertRaises(botocore.exceptions.ClientError, msg=str(kwargs)) as ctx:
                self.ecs.create_cluster(**kwargs)
            self.assertEqual(code(ctx.exception), "InvalidParameterException", kwargs)
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [])

    def test_update_settings_and_capacity_providers(self):
        self.ecs.create_cluster(clusterName="c")
        out = self.ecs.update_cluster_settings(cluster="c", settings=[{"name": "containerInsights",
                                                                       "value": "enabled"}])["cluster"]
        self.assertEqual(out["settings"], [{"name": "containerInsights", "value": "enabled"}])
        out = self.ecs.put_cluster_capacity_providers(
            cluster="c", capacityProviders=["FARGATE", "FARGATE_SPOT"],
            defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1, "base": 1}])["cluster"]
        self.assertEqual(out["capacityProviders"], ["FARGATE", "FARGATE_SPOT"])
        self.assertEqual(out["defaultCapacityProviderStrategy"],
                         [{"capacityProvider": "FARGATE", "weight": 1, "base": 1}])
        conf = {"executeCommandConfiguration": {"logging": "DEFAULT"}}
        out = self.ecs.update_cluster(cluster="c", configuration=conf)["cluster"]
        self.assertEqual(out["configuration"], conf)
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.ecs.update_cluster(cluster="nothere", configuration=conf)
        self.assertEqual(code(ctx.exception), "ClusterNotFoundException")

    def test_tags_on_clusters(self):
        arn = self.ecs.create_cluster(clusterName="t")["cluster"]["clusterArn"]
        self.ecs.tag_resource(resourceArn=arn, tags=[{"key": "a", "value": "1"}, {"key": "b", "value": "2"}])
        self.ecs.tag_resource(resourceArn=arn, tags=[{"key": "a", "value": "3"}])
        self.assertEqual(self.ecs.list_tags_for_resource(resourceArn=arn)["tags"],
                         [{"key": "a", "value": "3"}, {"key": "b", "value": "2"}])
        self.ecs.untag_resource(resourceArn=arn, tagKeys=["a"])
        self.assertEqual(self.ecs.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "b", "value": "2"}])
        too_many = [{"key": f"k{i}", "value": "v"} for i in range(50)]
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.ecs.tag_resource(resourceArn=arn, tags=too_many)
        self.assertEqual(code(ctx.exception), "InvalidParameterException")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.ecs.list_tags_for_resource(resourceArn=arn.replace("/t", "/missing"))
        self.assertEqual(code(ctx.exception), "ClusterNotFoundException")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.ecs.list_tags_for_resource(resourceArn="not-an-arn")
        self.assertEqual(code(ctx.exception), "InvalidParameterException")

    def test_list_clusters_paginates_with_stable_tokens(self):
        for i in range(7):
            self.ecs.create_cluster(clusterName=f"c{i}")
        seen = []
        page = self.ecs.list_clusters(maxResults=3)
        seen += page["clusterArns"]
        self.ecs.create_cluster(clusterName="a-first")  # sorts before the token: not repeated, not skipped
        while "nextToken" in page:
            page = self.ecs.list_clusters(maxResults=3, nextToken=page["nextToken"])
            seen += page["clusterArns"]
        self.assertEqual([a.rsplit("/", 1)[1] for a in seen], [f"c{i}" for i in range(7)])
        paginated = [a for p in self.ecs.get_paginator("list_clusters").paginate(PaginationConfig={"PageSize": 2})
                     for a in p["clusterArns"]]
        self.assertEqual(len(paginated), 8)

    def test_clusters_are_isolated_per_region_and_account(self):
        self.ecs.create_cluster(clusterName="only-here")
        self.assertEqual(self.server.client("ecs", region="eu-west-1").list_clusters()["clusterArns"], [])
        self.assertEqual(self.server.client("ecs", key="210987654321", secret="x").list_clusters()["clusterArns"], [])

    def test_reset_forgets_clusters(self):
        self.ecs.create_cluster(clusterName="gone-after-reset")
        self.server.raw("POST", "/moto-api/reset")
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [])

    def test_tags_left_out_when_the_cluster_has_none(self):
        created = self.ecs.create_cluster(clusterName="bare")["cluster"]
        self.assertNotIn("tags", created)
        self.assertEqual(created["clusterName"], "bare")
        described = self.ecs.describe_clusters(clusters=["bare"], include=["TAGS"])["clusters"][0]
        self.assertNotIn("tags", described)
        self.assertEqual(described["clusterName"], "bare")
        tagged = self.ecs.create_cluster(clusterName="tagged", tags=[{"key": "k", "value": "v"}])["cluster"]
        self.assertEqual(tagged["tags"], [{"key": "k", "value": "v"}])
        self.ecs.untag_resource(resourceArn=tagged["clusterArn"], tagKeys=["k"])
        again = self.ecs.describe_clusters(clusters=["tagged"], include=["TAGS"])["clusters"][0]
        self.assertNotIn("tags", again)
        missing = self.ecs.describe_clusters(clusters=["nope"], include=["TAGS"])
        self.assertEqual(missing["clusters"], [])
        self.assertEqual(missing["failures"],
                         [{"arn": f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/nope", "reason": "MISSING"}])

    def test_cli_v1_and_v2(self):
        for v in (1, 2):
            if v == 2:
                require_cli_v2(self)
            _, out, _ = self.server.cli(v, "ecs", "create-cluster", "--cluster-name", f"cli{v}",
                                        "--tags", "key=k,value=v")
            self.assertEqual(out["cluster"]["clusterName"], f"cli{v}")
            _, out, _ = self.server.cli(v, "ecs", "describe-clusters", "--clusters", f"cli{v}", "--include", "TAGS")
            self.assertEqual(out["clusters"][0]["tags"], [{"key": "k", "value": "v"}])
            code_, _, err = self.server.cli(v, "ecs", "delete-cluster", "--cluster", "nope", check=False)
            self.assertNotEqual(code_, 0)
            self.assertIn("ClusterNotFoundException", err)


if __name__ == "__main__":
    unittest.main()
