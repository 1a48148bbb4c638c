"""ECS daemons and daemon task definitions, through boto3 and the AWS CLI v1 (and v2 when it knows them)."""
import json
import subprocess
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, CLI_V2, require_cli_v2

PREFIX = f"arn:aws:ecs:us-east-1:{ACCOUNT}"
ASG = f"arn:aws:autoscaling:us-east-1:{ACCOUNT}:autoScalingGroup:1234:autoScalingGroupName/"
CONTAINERS = [{"name": "agent", "image": "public.ecr.aws/agent:1", "memory": 128}]


class Daemons(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.cp = self.ecs.create_capacity_provider(
            name="mi", autoScalingGroupProvider={"autoScalingGroupArn": ASG + "mi"})["capacityProvider"]
        self.ecs.create_cluster(clusterName="c", capacityProviders=["mi"])
        self.cluster = f"{PREFIX}:cluster/c"

    def fails(self, expected, fn, **kwargs):
        with self.assertRaises(botocore.exceptions.ClientError, msg=str(kwargs)) as ctx:
            fn(**kwargs)
        self.assertEqual(code(ctx.exception), expected, kwargs)

    def register(self, family="agent", **extra):
        return self.ecs.register_daemon_task_definition(family=family, containerDefinitions=CONTAINERS,
                                                        **extra)["daemonTaskDefinitionArn"]

    def create(self, name="log", **extra):
        args = {"daemonName": name, "clusterArn": self.cluster, "daemonTaskDefinitionArn": self.register(),
                "capacityProviderArns": [self.cp["capacityProviderArn"]]}
        args.update(extra)
        return self.ecs.create_daemon(**args)

    # --- daemon task definitions ---------------------------------------------------------------------
    def test_register_describe_list_delete_task_definitions(self):
        first = self.register(cpu="256", memory="512", tags=[{"key": "team", "value": "blue"}])
        second = self.register(volumes=[{"name": "logs", "host": {"sourcePath": "/var/log"}}])
        self.assertEqual(first, f"{PREFIX}:daemon-task-definition/agent:1")
        self.assertEqual(second, f"{PREFIX}:daemon-task-definition/agent:2")
        latest = self.ecs.describe_daemon_task_definition(daemonTaskDefinition="agent")["daemonTaskDefinition"]
        self.assertEqual(latest["revision"], 2)
        self.assertEqual(latest["status"], "ACTIVE")
        self.assertEqual(latest["registeredBy"], f"arn:aws:iam::{ACCOUNT}:root")
        self.assertEqual(latest["volumes"], [{"name": "logs", "host": {"sourcePath": "/var/log"}}])
        one = self.ecs.describe_daemon_task_definition(daemonTaskDefinition=first)["daemonTaskDefinition"]
        self.assertEqual((one["cpu"], one["memory"], one["family"]), ("256", "512", "agent"))
        self.assertEqual(one["containerDefinitions"][0]["image"], "public.ecr.aws/agent:1")
        self.assertEqual(self.ecs.list_tags_for_resource(resourceArn=first)["tags"], [{"key": "team", "value": "blue"}])
        self.register(family="other")
        listed = self.ecs.list_daemon_task_definitions()["daemonTaskDefinitions"]
        self.assertEqual([d["arn"] for d in listed], [first, second, f"{PREFIX}:daemon-task-definition/other:1"])
        desc = self.ecs.list_daemon_task_definitions(familyPrefix="ag", sort="DESC")["daemonTaskDefinitions"]
        self.assertEqual([d["arn"] for d in desc], [second, first])
        last = self.ecs.list_daemon_task_definitions(revision="LAST_REGISTERED")["daemonTaskDefinitions"]
        self.assertEqual(len(last), 2)
        deleted = self.ecs.delete_daemon_task_definition(daemonTaskDefinition="agent:1")
        self.assertEqual(deleted["daemonTaskDefinitionArn"], first)
        # Nothing uses it, so deletion completes at once.
        gone = self.ecs.describe_daemon_task_definition(daemonTaskDefinition=first)["daemonTaskDefinition"]
        self.assertEqual(gone["status"], "DELETED")
        self.assertIn("deleteRequestedAt", gone)
        self.assertEqual([d["arn"] for d in self.ecs.list_daemon_task_definitions(family="agent")
                          ["daemonTaskDefinitions"]], [second])
        self.fails("ClientException", self.ecs.delete_daemon_task_definition, daemonTaskDefinition="agent:1")
        self.fails("ClientException", self.ecs.delete_daemon_task_definition, daemonTaskDefinition="agent")
        self.fails("ClientException", self.ecs.describe_daemon_task_definition, daemonTaskDefinition="nope")

    def test_task_definition_pagination(self):
        arns = [self.register() for _ in range(5)]
        page = self.ecs.list_daemon_task_definitions(maxResults=2)
        self.assertEqual([d["arn"] for d in page["daemonTaskDefinitions"]], arns[:2])
        rest = self.ecs.list_daemon_task_definitions(maxResults=10, nextToken=page["nextToken"])
        self.assertEqual([d["arn"] for d in rest["daemonTaskDefinitions"]], arns[2:])
        self.assertNotIn("nextToken", rest)
        self.fails("InvalidParameterException", self.ecs.list_daemon_task_definitions, nextToken="garbage")
        self.fails("InvalidParameterException", self.ecs.list_daemon_task_definitions, maxResults=0)
        self.fails("InvalidParameterException", self.ecs.list_daemon_task_definitions, family="a", familyPrefix="a")

    def test_invalid_task_definitions_are_refused(self):
        for kwargs in ({"family": "bad name", "containerDefinitions": CONTAINERS},
                       {"family": "f", "containerDefinitions": []},
                       {"family": "f", "containerDefinitions": [{"image": "x"}]},
                       {"family": "f", "containerDefinitions": CONTAINERS * 2},
                       {"family": "f", "containerDefinitions": [{"name": "a", "image": "x", "essential": False}]},
                       {"family": "f", "containerDefinitions": [
                           {"name": "a", "image": "x", "mountPoints": [{"sourceVolume": "v", "containerPath": "/v"}]}]},
                       {"family": "f", "containerDefinitions": [
                           {"name": "a", "image": "x", "dependsOn": [{"containerName": "b", "condition": "START"}]}]},
                       {"family": "f", "containerDefinitions": CONTAINERS, "cpu": "lots"},
                       {"family": "f", "containerDefinitions": CONTAINERS, "memory": "-1"},
                       {"family": "f", "containerDefinitions": CONTAINERS, "volumes": [{"name": "v"}, {"name": "v"}]},
                       {"family": "f", "containerDefinitions": CONTAINERS, "tags": [{"key": "aws:x", "value": "y"}]}):
            with self.assertRaises(botocore.exceptions.ClientError, msg=str(kwargs)) as ctx:
                self.ecs.register_daemon_task_definition(**kwargs)
            self.assertIn(code(ctx.exception), ("ClientException", "InvalidParameterException"), kwargs)

    # --- daemons -------------------------------------------------------------------------------------
    def test_create_describe_update_delete(self):
        created = self.create(tags=[{"key": "team", "value": "blue"}], enableExecuteCommand=True,
                              deploymentConfiguration={"drainPercent": 50.0, "bakeTimeInMinutes": 5,
                                                       "alarms": {"alarmNames": ["a"], "enable": True}})
        arn = f"{PREFIX}:daemon/c/log"
        self.assertEqual(created["daemonArn"], arn)
        self.assertEqual(created["status"], "ACTIVE")
        self.assertTrue(created["deploymentArn"].startswith(f"{PREFIX}:daemon-deployment/c/log/"))
        daemon = self.ecs.describe_daemon(daemonArn=arn)["daemon"]
        self.assertEqual(daemon["clusterArn"], self.cluster)
        self.assertEqual(daemon["deploymentArn"], created["deploymentArn"])
        [revision] = daemon["currentRevisions"]
        self.assertEqual(revision["totalRunningCount"], 0)
        self.assertEqual(revision["capacityProviders"], [{"arn": self.cp["capacityProviderArn"], "runningCount": 0}])
        rev = self.ecs.describe_daemon_revisions(daemonRevisionArns=[revision["arn"], "nope"])
        self.assertEqual(rev["failures"], [{"arn": "nope", "reason": "MISSING"}])
        [r] = rev["daemonRevisions"]
        self.assertEqual(r["daemonTaskDefinitionArn"], f"{PREFIX}:daemon-task-definition/agent:1")
        self.assertEqual(r["containerImages"], [{"containerName": "agent", "image": "public.ecr.aws/agent:1"}])
        self.assertTrue(r["enableExecuteCommand"])
        self.assertEqual(r["propagateTags"], "NONE")
        # No container instance belongs to the provider, so there is nothing to roll out.
        [dep] = self.ecs.describe_daemon_deployments(daemonDeploymentArns=[created["deploymentArn"]])[
            "daemonDeployments"]
        self.assertEqual(dep["status"], "SUCCESSFUL")
        self.assertEqual(dep["targetDaemonRevision"]["arn"], revision["arn"])
        self.assertEqual(dep["sourceDaemonRevisions"], [])
        self.assertEqual(dep["deploymentConfiguration"]["bakeTimeInMinutes"], 5)
        self.assertEqual(dep["alarms"]["alarmNames"], ["a"])
        self.assertEqual(self.ecs.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "team", "value": "blue"}])
        self.ecs.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "dev"}])
        self.assertEqual(len(self.ecs.list_tags_for_resource(resourceArn=arn)["tags"]), 2)

        updated = self.ecs.update_daemon(daemonArn=arn, daemonTaskDefinitionArn=self.register(),
                                         capacityProviderArns=["mi"])
        self.assertNotEqual(updated["deploymentArn"], created["deploymentArn"])
        self.assertIn("updatedAt", updated)
        deployments = self.ecs.list_daemon_deployments(daemonArn=arn)["daemonDeployments"]
        self.assertEqual([d["daemonDeploymentArn"] for d in deployments],
                         [updated["deploymentArn"], created["deploymentArn"]])
        [new] = self.ecs.describe_daemon_deployments(daemonDeploymentArns=[updated["deploymentArn"]])[
            "daemonDeployments"]
        self.assertEqual(new["sourceDaemonRevisions"][0]["arn"], revision["arn"])
        new_rev = self.ecs.describe_daemon_revisions(daemonRevisionArns=[new["targetDaemonRevision"]["arn"]])[
            "daemonRevisions"][0]
        self.assertTrue(new_rev["enableExecuteCommand"])  # kept from the create call
        self.assertEqual(new_rev["daemonTaskDefinitionArn"], f"{PREFIX}:daemon-task-definition/agent:2")

        deleted = self.ecs.delete_daemon(daemonArn=arn)
        self.assertEqual(deleted["status"], "DELETE_IN_PROGRESS")
        # No task runs, so the daemon is gone once deleted.
        self.fails("DaemonNotFoundException", self.ecs.describe_daemon, daemonArn=arn)
        self.fails("DaemonNotFoundException", self.ecs.delete_daemon, daemonArn=arn)
        self.assertEqual(self.ecs.list_daemons()["daemonSummariesList"], [])
        # Deployments stay describable; the name can be reused.
        self.assertEqual(len(self.ecs.describe_daemon_deployments(daemonDeploymentArns=[deleted["deploymentArn"]])[
            "daemonDeployments"]), 1)
        self.create()

    def test_list_daemons_filters_and_pages(self):
        self.ecs.create_capacity_provider(name="mi2", autoScalingGroupProvider={"autoScalingGroupArn": ASG + "mi2"})
        self.ecs.put_cluster_capacity_providers(cluster="c", capacityProviders=["mi", "mi2"],
                                                defaultCapacityProviderStrategy=[])
        a = self.create("a")["daemonArn"]
        b = self.create("b", capacityProviderArns=["mi2"])["daemonArn"]
        self.ecs.create_cluster(clusterName="other")
        listed = self.ecs.list_daemons(clusterArn=self.cluster)["daemonSummariesList"]
        self.assertEqual([d["daemonArn"] for d in listed], [a, b])
        self.assertEqual([d["status"] for d in listed], ["ACTIVE", "ACTIVE"])
        self.assertEqual(self.ecs.list_daemons(clusterArn="other")["daemonSummariesList"], [])
        only = self.ecs.list_daemons(capacityProviderArns=["mi2"])["daemonSummariesList"]
        self.assertEqual([d["daemonArn"] for d in only], [b])
        page = self.ecs.list_daemons(maxResults=1)
        self.assertEqual([d["daemonArn"] for d in page["daemonSummariesList"]], [a])
        rest = self.ecs.list_daemons(nextToken=page["nextToken"])
        self.assertEqual([d["daemonArn"] for d in rest["daemonSummariesList"]], [b])
        self.assertNotIn("nextToken", rest)
        self.fails("ClusterNotFoundException", self.ecs.list_daemons, clusterArn="nope")
        self.fails("InvalidParameterException", self.ecs.list_daemons, nextToken="garbage")
        self.fails("InvalidParameterException", self.ecs.list_daemons, maxResults=101)

    def test_list_daemon_deployments_filters_and_pages(self):
        arn = self.create()["daemonArn"]
        for _ in range(2):
            self.ecs.update_daemon(daemonArn=arn, daemonTaskDefinitionArn="agent", capacityProviderArns=["mi"])
        all_ = self.ecs.list_daemon_deployments(daemonArn=arn)["daemonDeployments"]
        self.assertEqual(len(all_), 3)
        self.assertTrue(all(d["status"] == "SUCCESSFUL" for d in all_))
        self.assertEqual(self.ecs.list_daemon_deployments(daemonArn=arn, status=["IN_PROGRESS"])["daemonDeployments"],
                         [])
        page = self.ecs.list_daemon_deployments(daemonArn=arn, maxResults=2)
        self.assertEqual(len(page["daemonDeployments"]), 2)
        rest = self.ecs.list_daemon_deployments(daemonArn=arn, nextToken=page["nextToken"])
        self.assertEqual([d["daemonDeploymentArn"] for d in rest["daemonDeployments"]],
                         [all_[2]["daemonDeploymentArn"]])
        self.assertEqual(self.ecs.list_daemon_deployments(daemonArn=arn, createdAt={"after": 4102444800})[
            "daemonDeployments"], [])
        self.fails("ClientException", self.ecs.list_daemon_deployments, daemonArn=f"{PREFIX}:daemon/c/nope")
        self.fails("InvalidParameterException", self.ecs.list_daemon_deployments, daemonArn=arn, nextToken="x")
        self.fails("InvalidParameterException", self.ecs.describe_daemon_deployments,
                   daemonDeploymentArns=["x"] * 21)
        missing = self.ecs.describe_daemon_deployments(daemonDeploymentArns=["x"])
        self.assertEqual(missing["failures"], [{"arn": "x", "reason": "MISSING"}])

    def test_create_and_update_errors(self):
        td = self.register()
        cp = self.cp["capacityProviderArn"]
        base = {"daemonName": "log", "clusterArn": "c", "daemonTaskDefinitionArn": td, "capacityProviderArns": [cp]}
        for expected, change in (("InvalidParameterException", {"daemonName": "bad name"}),
                                 ("ClusterNotFoundException", {"clusterArn": "nope"}),
                                 ("ClientException", {"daemonTaskDefinitionArn": "missing:1"}),
                                 ("InvalidParameterException", {"capacityProviderArns": []}),
                                 ("InvalidParameterException", {"capacityProviderArns": ["FARGATE"]}),
                                 ("InvalidParameterException", {"capacityProviderArns": [cp, cp]}),
                                 ("InvalidParameterException", {"deploymentConfiguration": {"bakeTimeInMinutes": -1}}),
                                 ("InvalidParameterException", {"tags": [{"key": "aws:x", "value": "y"}]})):
            self.fails(expected, self.ecs.create_daemon, **{**base, **change})
        self.ecs.create_cluster(clusterName="bare")
        self.fails("InvalidParameterException", self.ecs.create_daemon, **{**base, "clusterArn": "bare"})
        first = self.ecs.create_daemon(**base, clientToken="tok")
        again = self.ecs.create_daemon(**base, clientToken="tok")
        self.assertEqual(first["deploymentArn"], again["deploymentArn"])
        self.fails("InvalidParameterException", self.ecs.create_daemon, **base)
        arn = first["daemonArn"]
        self.fails("InvalidParameterException", self.ecs.describe_daemon, daemonArn="log")
        self.fails("ClusterNotFoundException", self.ecs.describe_daemon, daemonArn=f"{PREFIX}:daemon/nope/log")
        self.fails("DaemonNotFoundException", self.ecs.update_daemon, daemonArn=f"{PREFIX}:daemon/c/nope",
                   daemonTaskDefinitionArn=td, capacityProviderArns=[cp])
        self.ecs.delete_daemon_task_definition(daemonTaskDefinition=td)
        self.fails("ClientException", self.ecs.update_daemon, daemonArn=arn, daemonTaskDefinitionArn=td,
                   capacityProviderArns=[cp])
        # The daemon still uses the definition being deleted.
        status = self.ecs.describe_daemon_task_definition(daemonTaskDefinition=td)["daemonTaskDefinition"]["status"]
        self.assertEqual(status, "DELETE_IN_PROGRESS")

    # --- CLIs ----------------------------------------------------------------------------------------
    def test_cli_v1(self):
        _, out, _ = self.server.cli(1, "ecs", "register-daemon-task-definition", "--family", "cli",
                                    "--container-definitions", json.dumps(CONTAINERS))
        self.assertEqual(out["daemonTaskDefinitionArn"], f"{PREFIX}:daemon-task-definition/cli:1")
        _, out, _ = self.server.cli(1, "ecs", "create-daemon", "--daemon-name", "cli", "--cluster-arn", "c",
                                    "--daemon-task-definition-arn", "cli:1", "--capacity-provider-arns", "mi")
        self.assertEqual(out["daemonArn"], f"{PREFIX}:daemon/c/cli")
        _, out, _ = self.server.cli(1, "ecs", "list-daemons")
        self.assertEqual([d["daemonArn"] for d in out["daemonSummariesList"]], [f"{PREFIX}:daemon/c/cli"])
        rc, _, err = self.server.cli(1, "ecs", "describe-daemon", "--daemon-arn", f"{PREFIX}:daemon/c/nope",
                                     check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("DaemonNotFoundException", err)

    def test_cli_v2(self):
        require_cli_v2(self)
        help_ = subprocess.run([CLI_V2, "ecs", "create-daemon", "help"], capture_output=True, text=True)
        if help_.returncode != 0:
            self.skipTest("the installed AWS CLI v2 does not know the ECS daemon operations")
        _, out, _ = self.server.cli(2, "ecs", "register-daemon-task-definition", "--family", "cli2",
                                    "--container-definitions", json.dumps(CONTAINERS))
        self.assertEqual(out["daemonTaskDefinitionArn"], f"{PREFIX}:daemon-task-definition/cli2:1")


if __name__ == "__main__":
    unittest.main()
