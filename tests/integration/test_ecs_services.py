"""ECS services, their deployments and service deployments, through boto3 and the AWS CLI v1 and v2."""
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, default_network, require_cli_v2

CLUSTER_ARN = f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/c"
SVC_ARN = f"arn:aws:ecs:us-east-1:{ACCOUNT}:service/c/"


class Services(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.ecs.create_cluster(clusterName="c")
        self.ecs.register_task_definition(
            family="web", containerDefinitions=[{"name": "app", "image": "nginx", "memory": 128,
                                                 "portMappings": [{"containerPort": 80}]}])
        self.ecs.register_task_definition(
            family="vpc", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
            containerDefinitions=[{"name": "app", "image": "nginx"}])

    def error(self, fn, **kwargs):
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            fn(**kwargs)
        return code(ctx.exception), ctx.exception.response["Error"]["Message"]

    def create(self, name="s", **kwargs):
        kwargs.setdefault("taskDefinition", "web")
        kwargs.setdefault("desiredCount", 0)
        return self.ecs.create_service(cluster="c", serviceName=name, **kwargs)["service"]

    def test_create_echoes_parameters_and_defaults(self):
        svc = self.create(tags=[{"key": "team", "value": "blue"}], placementStrategy=[{"type": "spread", "field": "attribute:ecs.availability-zone"}],
                          placementConstraints=[{"type": "distinctInstance"}], enableExecuteCommand=True,
                          propagateTags="SERVICE", enableECSManagedTags=True)
        self.assertEqual(svc["serviceArn"], SVC_ARN + "s")
        self.assertEqual(svc["clusterArn"], CLUSTER_ARN)
        self.assertEqual(svc["status"], "ACTIVE")
        self.assertEqual(svc["taskDefinition"], f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/web:1")
        self.assertEqual(svc["launchType"], "EC2")
        self.assertEqual(svc["schedulingStrategy"], "REPLICA")
        self.assertEqual(svc["deploymentController"], {"type": "ECS"})
        self.assertEqual(svc["deploymentConfiguration"], {
            "deploymentCircuitBreaker": {"enable": False, "rollback": False},
            "maximumPercent": 200, "minimumHealthyPercent": 100})
        self.assertEqual(svc["tags"], [{"key": "team", "value": "blue"}])
        self.assertTrue(svc["enableExecuteCommand"])
        self.assertTrue(svc["enableECSManagedTags"])
        self.assertEqual(svc["propagateTags"], "SERVICE")
        self.assertEqual(svc["placementConstraints"], [{"type": "distinctInstance"}])
        self.assertEqual(len(svc["deployments"]), 1)
        dep = svc["deployments"][0]
        self.assertRegex(dep["id"], r"^ecs-svc/\d{19}$")
        self.assertEqual(dep["status"], "PRIMARY")
        self.assertEqual(dep["rolloutState"], "COMPLETED")
        self.assertEqual(dep["rolloutStateReason"], f"ECS deployment {dep['id']} completed.")
        self.assertEqual(svc["events"][0]["message"], "(service s) has reached a steady state.")
        # Counts cluster-wide.
        cluster = self.ecs.describe_clusters(clusters=["c"], include=["STATISTICS"])["clusters"][0]
        self.assertEqual(cluster["activeServicesCount"], 1)
        self.assertIn({"name": "activeEC2ServiceCount", "value": "1"}, cluster["statistics"])
        # Tags through the tagging API.
        self.ecs.tag_resource(resourceArn=svc["serviceArn"], tags=[{"key": "env", "value": "dev"}])
        tags = self.ecs.list_tags_for_resource(resourceArn=svc["serviceArn"])["tags"]
        self.assertEqual(tags, [{"key": "team", "value": "blue"}, {"key": "env", "value": "dev"}])

    def test_desired_count_without_tasks_stays_in_progress(self):
        svc = self.create(desiredCount=2)
        self.assertEqual(svc["desiredCount"], 2)
        self.assertEqual(svc["runningCount"], 0)
        dep = svc["deployments"][0]
        self.assertEqual(dep["rolloutState"], "IN_PROGRESS")
        self.assertEqual(dep["rolloutStateReason"], f"ECS deployment {dep['id']} in progress.")
        self.assertEqual(svc["events"], [])

    def test_idempotency_and_draining_name(self):
        a = self.create()
        b = self.create()
        self.assertEqual(a["deployments"][0]["id"], b["deployments"][0]["id"])
        self.assertEqual(self.error(self.ecs.create_service, cluster="c", serviceName="s", taskDefinition="web",
                                    desiredCount=3),
                         ("InvalidParameterException", "Creation of service was not idempotent."))

    def test_create_errors(self):
        cases = [
            (dict(taskDefinition="nope"), "InvalidParameterException"),
            (dict(taskDefinition="web:latest"), "InvalidParameterException"),  # "Invalid revision number. ..."
            (dict(launchType="EC2", capacityProviderStrategy=[{"capacityProvider": "FARGATE"}]), "InvalidParameterException"),
            (dict(healthCheckGracePeriodSeconds=30), "InvalidParameterException"),
            (dict(taskDefinition="vpc", launchType="FARGATE"), "InvalidParameterException"),  # no network config
            (dict(taskDefinition="vpc", launchType="FARGATE", platformVersion="9.9.9",
                  networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-1"]}}), "PlatformUnknownException"),
            (dict(networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-1"]}}), "InvalidParameterException"),
            (dict(taskDefinition="web", schedulingStrategy="DAEMON", desiredCount=1), "InvalidParameterException"),
            (dict(loadBalancers=[{"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1",
                                  "containerName": "nope", "containerPort": 80}]), "InvalidParameterException"),
        ]
        for kwargs, expected in cases:
            with self.subTest(kwargs=kwargs):
                kwargs.setdefault("taskDefinition", "web")
                self.assertEqual(self.error(self.ecs.create_service, cluster="c", serviceName="e", **kwargs)[0], expected)
        self.assertEqual(self.error(self.ecs.create_service, cluster="nope", serviceName="e", taskDefinition="web")[0],
                         "ClusterNotFoundException")
        self.ecs.deregister_task_definition(taskDefinition="web:1")
        self.assertEqual(self.error(self.ecs.create_service, cluster="c", serviceName="e", taskDefinition="web:1")[0],
                         "ClientException")

    def test_daemon_and_fargate(self):
        svc = self.create("d", schedulingStrategy="DAEMON", desiredCount=None) if False else \
            self.ecs.create_service(cluster="c", serviceName="d", taskDefinition="web", schedulingStrategy="DAEMON")["service"]
        self.assertEqual(svc["schedulingStrategy"], "DAEMON")
        self.assertEqual(svc["deploymentConfiguration"]["maximumPercent"], 100)
        self.assertEqual(svc["deploymentConfiguration"]["minimumHealthyPercent"], 0)
        code_, message = self.error(self.ecs.create_service, cluster="c", serviceName="d2", taskDefinition="web",
                                    schedulingStrategy="DAEMON", placementStrategy=[{"type": "spread", "field": "host"}])
        self.assertEqual(code_, "InvalidParameterException")
        self.assertEqual(message, "The daemon scheduling strategy does not support placement strategies. Remove the "
                                  "placement strategy and try again")
        self.assertEqual(self.error(self.ecs.update_service, cluster="c", service="d", desiredCount=1),
                         ("InvalidParameterException", "The daemon scheduling strategy does not support a desired "
                          "count for services. Remove the desired count value and try again"))
        subnet = default_network(self.server)["awsvpcConfiguration"]["subnets"][0]
        f = self.create("f", taskDefinition="vpc", launchType="FARGATE",
                        networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}})
        self.assertEqual(f["platformVersion"], "LATEST")
        self.assertEqual(f["platformFamily"], "Linux")
        self.assertEqual(f["networkConfiguration"]["awsvpcConfiguration"]["subnets"], [subnet])
        # The subnets and security groups must exist in the account's EC2 model.
        code_, message = self.error(self.ecs.create_service, cluster="c", serviceName="g", taskDefinition="vpc",
                                    launchType="FARGATE",
                                    networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-1"]}})
        self.assertEqual(code_, "InvalidParameterException")
        self.assertIn("Error retrieving subnet information for [subnet-1]", message)
        code_, message = self.error(self.ecs.update_service, cluster="c", service="f", networkConfiguration={
            "awsvpcConfiguration": {"subnets": [subnet], "securityGroups": ["sg-0123456789abcdef0"]}})
        self.assertEqual(code_, "InvalidParameterException")
        self.assertIn("InvalidGroup.NotFound", message)
        self.assertEqual(self.ecs.list_services(cluster="c", launchType="FARGATE")["serviceArns"], [SVC_ARN + "f"])
        self.assertEqual(self.ecs.list_services(cluster="c", schedulingStrategy="DAEMON")["serviceArns"], [SVC_ARN + "d"])

    def test_update_starts_deployments_only_when_needed(self):
        first = self.create()["deployments"][0]["id"]
        scaled = self.ecs.update_service(cluster="c", service="s", desiredCount=3)["service"]
        self.assertEqual([d["id"] for d in scaled["deployments"]], [first])
        self.assertEqual(scaled["deployments"][0]["desiredCount"], 3)
        self.ecs.register_task_definition(family="web", containerDefinitions=[{"name": "app", "image": "nginx:2", "memory": 128}])
        updated = self.ecs.update_service(cluster="c", service=SVC_ARN + "s", taskDefinition="web")["service"]
        self.assertEqual([d["status"] for d in updated["deployments"]], ["PRIMARY", "ACTIVE"])
        self.assertEqual(updated["deployments"][0]["taskDefinition"], f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/web:2")
        self.assertEqual(updated["taskDefinition"], updated["deployments"][0]["taskDefinition"])
        # Scaling back to 0: the new deployment completes and the old one is retired.
        stable = self.ecs.update_service(cluster="c", service="s", desiredCount=0)["service"]
        self.assertEqual(len(stable["deployments"]), 1)
        self.ecs.get_waiter("services_stable").wait(cluster="c", services=["s"], WaiterConfig={"Delay": 1, "MaxAttempts": 5})
        forced = self.ecs.update_service(cluster="c", service="s", forceNewDeployment=True)["service"]
        self.assertEqual(forced["deployments"][0]["rolloutState"], "COMPLETED")
        self.assertEqual(self.error(self.ecs.update_service, cluster="c", service="nope", desiredCount=1)[0],
                         "ServiceNotFoundException")
        self.assertEqual(self.error(self.ecs.update_service, cluster="c", service="s", healthCheckGracePeriodSeconds=5)[0],
                         "InvalidParameterException")

    def test_delete_drains_then_inactive(self):
        self.create(desiredCount=1)
        self.assertEqual(self.error(self.ecs.delete_service, cluster="c", service="s"),
                         ("InvalidParameterException", "The service cannot be stopped while it is scaled above 0."))
        deleted = self.ecs.delete_service(cluster="c", service="s", force=True)["service"]
        self.assertEqual(deleted["status"], "DRAINING")
        self.assertEqual(deleted["desiredCount"], 0)
        self.ecs.get_waiter("services_inactive").wait(cluster="c", services=["s"], WaiterConfig={"Delay": 1, "MaxAttempts": 5})
        self.assertEqual(self.ecs.list_services(cluster="c")["serviceArns"], [])
        self.assertEqual(self.error(self.ecs.update_service, cluster="c", service="s", desiredCount=1)[0],
                         "ServiceNotActiveException")
        self.assertEqual(self.error(self.ecs.delete_service, cluster="c", service="nope")[0], "ServiceNotFoundException")
        # The name can be used again; the cluster can be deleted once no service is active.
        self.create()
        self.assertEqual(self.error(self.ecs.delete_cluster, cluster="c")[0], "ClusterContainsServicesException")
        self.ecs.delete_service(cluster="c", service="s")
        self.ecs.describe_services(cluster="c", services=["s"])
        self.ecs.delete_cluster(cluster="c")

    def test_describe_and_list(self):
        for i in range(12):
            self.create(f"s{i:02d}")
        out = self.ecs.describe_services(cluster="c", services=["s00", SVC_ARN + "s01", "zz"], include=["TAGS"])
        self.assertEqual([s["serviceName"] for s in out["services"]], ["s00", "s01"])
        self.assertIn("tags", out["services"][0])
        # A name that matches nothing comes back in the short ARN form (no cluster), an ARN as sent.
        self.assertEqual(out["failures"], [{"arn": f"arn:aws:ecs:us-east-1:{ACCOUNT}:service/zz", "reason": "MISSING"}])
        out = self.ecs.describe_services(cluster="c", services=[SVC_ARN + "zz"])
        self.assertEqual(out["failures"], [{"arn": SVC_ARN + "zz", "reason": "MISSING"}])
        elsewhere = SVC_ARN.replace("us-east-1", "eu-west-1") + "s00"  # same names, another Region
        out = self.ecs.describe_services(cluster="c", services=[elsewhere])
        self.assertEqual((out["services"], out["failures"]), ([], [{"arn": elsewhere, "reason": "MISSING"}]))
        self.assertNotIn("tags", self.ecs.describe_services(cluster="c", services=["s00"])["services"][0])
        self.assertEqual(self.error(self.ecs.describe_services, cluster="c", services=[f"s{i}" for i in range(11)])[0],
                         "InvalidParameterException")
        page = self.ecs.list_services(cluster="c")
        self.assertEqual(len(page["serviceArns"]), 10)
        rest = self.ecs.list_services(cluster="c", nextToken=page["nextToken"])
        self.assertEqual(len(rest["serviceArns"]), 2)
        self.assertNotIn("nextToken", rest)
        everything = [a for p in self.ecs.get_paginator("list_services").paginate(cluster="c", PaginationConfig={"PageSize": 5})
                      for a in p["serviceArns"]]
        self.assertEqual(everything, [SVC_ARN + f"s{i:02d}" for i in range(12)])
        self.assertEqual(self.error(self.ecs.list_services, cluster="c", nextToken="garbage")[0], "InvalidParameterException")
        self.assertEqual(self.error(self.ecs.list_services, cluster="nope")[0], "ClusterNotFoundException")

    def test_list_services_by_namespace(self):
        self.create(serviceConnectConfiguration={"enabled": True, "namespace": "ns1"})
        self.create("other")
        self.assertEqual(self.ecs.list_services_by_namespace(namespace="ns1")["serviceArns"], [SVC_ARN + "s"])
        self.assertEqual(self.error(self.ecs.list_services_by_namespace, namespace="nope")[0], "NamespaceNotFoundException")

    def test_service_deployments_and_revisions(self):
        svc = self.create(desiredCount=2)
        first_sd = svc["currentServiceDeployment"]
        self.assertTrue(first_sd.startswith(f"arn:aws:ecs:us-east-1:{ACCOUNT}:service-deployment/c/s/"))
        self.assertEqual(self.error(self.ecs.stop_service_deployment, serviceDeploymentArn=first_sd)[0], "ConflictException")
        updated = self.ecs.update_service(cluster="c", service="s", forceNewDeployment=True)["service"]
        second_sd = updated["currentServiceDeployment"]
        listed = self.ecs.list_service_deployments(cluster="c", service="s")["serviceDeployments"]
        self.assertEqual([d["serviceDeploymentArn"] for d in listed], [second_sd, first_sd])
        self.assertEqual([d["status"] for d in listed], ["IN_PROGRESS", "STOPPED"])
        only = self.ecs.list_service_deployments(cluster="c", service="s", status=["IN_PROGRESS"])["serviceDeployments"]
        self.assertEqual(len(only), 1)
        described = self.ecs.describe_service_deployments(serviceDeploymentArns=[second_sd, first_sd[:-1] + "x"])
        self.assertEqual(described["failures"][0]["reason"], "MISSING")
        sd = described["serviceDeployments"][0]
        self.assertEqual(sd["status"], "IN_PROGRESS")
        self.assertEqual(len(sd["sourceServiceRevisions"]), 1)
        revision = sd["targetServiceRevision"]["arn"]
        self.assertRegex(revision, r"service-revision/c/s/\d{19}$")
        rev = self.ecs.describe_service_revisions(serviceRevisionArns=[revision])["serviceRevisions"][0]
        self.assertEqual(rev["taskDefinition"], f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/web:1")
        # Roll back on request; with desiredCount 0 the rollback completes at once.
        self.assertEqual(self.error(self.ecs.stop_service_deployment, serviceDeploymentArn=second_sd, stopType="ABORT")[0],
                         "InvalidParameterException")
        self.assertEqual(self.ecs.stop_service_deployment(serviceDeploymentArn=second_sd, stopType="ROLLBACK")["serviceDeploymentArn"], second_sd)
        rolled = self.ecs.describe_service_deployments(serviceDeploymentArns=[second_sd])["serviceDeployments"][0]
        self.assertEqual(rolled["status"], "ROLLBACK_IN_PROGRESS")
        self.assertIn("rollback", rolled)
        self.ecs.update_service(cluster="c", service="s", desiredCount=0)
        rolled = self.ecs.describe_service_deployments(serviceDeploymentArns=[second_sd])["serviceDeployments"][0]
        self.assertEqual(rolled["status"], "ROLLBACK_SUCCESSFUL")
        self.assertEqual(self.error(self.ecs.stop_service_deployment,
                                    serviceDeploymentArn=f"arn:aws:ecs:us-east-1:{ACCOUNT}:service-deployment/c/s/none")[0],
                         "ServiceDeploymentNotFoundException")
        self.assertEqual(self.error(self.ecs.continue_service_deployment, serviceDeploymentArn=second_sd, hookId="h")[0],
                         "InvalidParameterException")
        self.assertEqual(self.error(self.ecs.list_service_deployments, cluster="c", service="nope")[0],
                         "ServiceNotFoundException")

    def test_cli_v1_and_v2(self):
        require_cli_v2(self)
        _, out, _ = self.server.cli(1, "ecs", "create-service", "--cluster", "c", "--service-name", "cli",
                                    "--task-definition", "web", "--desired-count", "0")
        self.assertEqual(out["service"]["serviceName"], "cli")
        _, out, _ = self.server.cli(2, "ecs", "describe-services", "--cluster", "c", "--services", "cli")
        self.assertEqual(out["services"][0]["status"], "ACTIVE")
        self.server.cli(2, "ecs", "wait", "services-stable", "--cluster", "c", "--services", "cli")
        _, out, _ = self.server.cli(2, "ecs", "list-services", "--cluster", "c")
        self.assertEqual(out["serviceArns"], [SVC_ARN + "cli"])
        _, out, _ = self.server.cli(1, "ecs", "list-service-deployments", "--cluster", "c", "--service", "cli")
        self.assertEqual(out["serviceDeployments"][0]["status"], "SUCCESSFUL")
        rc, _, err = self.server.cli(1, "ecs", "delete-service", "--cluster", "c", "--service", "nope", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("ServiceNotFoundException", err)


if __name__ == "__main__":
    unittest.main()
