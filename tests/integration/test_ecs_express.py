"""ECS Express Gateway services (Express Mode), through boto3 and the AWS CLI v1 and v2.

ecsemu realises an Express service as a task definition revision per configuration and an ECS service of the
same ARN on Fargate, in the `default` cluster (created when absent) or the one named. The load balancer side of
Express Mode (ingressPaths / endpoint) is not modelled and never reported."""
import subprocess
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, CLI_V2, default_network, require_cli_v2

EXEC_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecsTaskExecutionRole"
INFRA_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecsInfrastructureRoleForExpressServices"
SVC_ARN = f"arn:aws:ecs:us-east-1:{ACCOUNT}:service/"
TD_ARN = f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/"
WAIT = {"Delay": 1, "MaxAttempts": 10}


class ExpressServices(ServerTestCase):
    def create(self, **kwargs):
        params = {"executionRoleArn": EXEC_ROLE, "infrastructureRoleArn": INFRA_ROLE,
                  "primaryContainer": {"image": "public.ecr.aws/nginx/nginx:1.25"}}
        params.update(kwargs)
        return self.ecs.create_express_gateway_service(**params)["service"]

    def error(self, fn, **kwargs):
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            fn(**kwargs)
        return code(ctx.exception)

    def test_create_makes_default_cluster_task_definition_and_service(self):
        created = self.create(serviceName="web", tags=[{"key": "team", "value": "blue"}])
        arn = SVC_ARN + "default/web"
        self.assertEqual(created["serviceArn"], arn)
        self.assertEqual(created["serviceName"], "web")
        self.assertEqual(created["cluster"], f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/default")
        self.assertEqual(created["infrastructureRoleArn"], INFRA_ROLE)
        self.assertEqual(created["status"]["statusCode"], "ACTIVE")
        self.assertEqual(created["tags"], [{"key": "team", "value": "blue"}])
        self.assertIn("service-deployment/default/web/", created["currentDeployment"])
        [config] = created["activeConfigurations"]
        self.assertEqual((config["cpu"], config["memory"], config["healthCheckPath"]), ("1024", "2048", "/"))
        self.assertEqual(config["primaryContainer"]["containerPort"], 80)
        self.assertEqual(config["scalingTarget"]["minTaskCount"], 1)
        self.assertIn("service-revision/default/web/", config["serviceRevisionArn"])
        self.assertNotIn("ingressPaths", config)  # no load balancer in ecsemu

        cluster = self.ecs.describe_clusters(clusters=["default"])["clusters"][0]
        self.assertEqual(cluster["status"], "ACTIVE")
        self.assertEqual(cluster["capacityProviders"], ["FARGATE", "FARGATE_SPOT"])
        td = self.ecs.describe_task_definition(taskDefinition="web")["taskDefinition"]
        self.assertEqual(td["taskDefinitionArn"], TD_ARN + "web:1")
        self.assertEqual((td["networkMode"], td["cpu"], td["memory"]), ("awsvpc", "1024", "2048"))
        self.assertEqual(td["executionRoleArn"], EXEC_ROLE)
        self.assertEqual(td["containerDefinitions"][0]["image"], "public.ecr.aws/nginx/nginx:1.25")
        self.assertEqual(td["containerDefinitions"][0]["portMappings"][0]["containerPort"], 80)
        svc = self.ecs.describe_services(cluster="default", services=["web"])["services"][0]
        self.assertEqual((svc["status"], svc["launchType"], svc["desiredCount"]), ("ACTIVE", "FARGATE", 1))
        self.assertEqual(svc["taskDefinition"], TD_ARN + "web:1")
        # Without subnets in the request, the service uses the default VPC's subnets.
        self.assertEqual(sorted(svc["networkConfiguration"]["awsvpcConfiguration"]["subnets"]),
                         default_network(self.server)["awsvpcConfiguration"]["subnets"])

        described = self.ecs.describe_express_gateway_service(serviceArn=arn)["service"]
        self.assertNotIn("tags", described)
        self.assertEqual(described["activeConfigurations"], created["activeConfigurations"])
        tagged = self.ecs.describe_express_gateway_service(serviceArn=arn, include=["TAGS"])["service"]
        self.assertEqual(tagged["tags"], [{"key": "team", "value": "blue"}])

    def test_update_deploys_a_new_revision(self):
        arn = self.create(serviceName="web", scalingTarget={"minTaskCount": 2, "maxTaskCount": 4})["serviceArn"]
        updated = self.ecs.update_express_gateway_service(
            serviceArn=arn, cpu="2048", memory="4096", primaryContainer={"image": "nginx:2", "containerPort": 8080},
            scalingTarget={"maxTaskCount": 6})["service"]
        target = updated["targetConfiguration"]
        self.assertEqual((target["cpu"], target["memory"]), ("2048", "4096"))
        self.assertEqual(target["primaryContainer"]["image"], "nginx:2")
        self.assertEqual(target["scalingTarget"]["minTaskCount"], 2)
        self.assertEqual(target["scalingTarget"]["maxTaskCount"], 6)
        self.assertEqual(updated["status"]["statusCode"], "ACTIVE")
        svc = self.ecs.describe_services(cluster="default", services=["web"])["services"][0]
        self.assertEqual(svc["taskDefinition"], TD_ARN + "web:2")
        self.assertEqual(svc["desiredCount"], 2)
        self.assertEqual(svc["deployments"][0]["taskDefinition"], TD_ARN + "web:2")
        # While the new deployment rolls out, both configurations are active (the new one first).
        described = self.ecs.describe_express_gateway_service(serviceArn=arn)["service"]
        self.assertEqual([c["cpu"] for c in described["activeConfigurations"]], ["2048", "1024"])
        self.assertEqual(described["activeConfigurations"][0]["serviceRevisionArn"], target["serviceRevisionArn"])
        # An update that changes nothing starts no deployment.
        again = self.ecs.update_express_gateway_service(serviceArn=arn, cpu="2048")["service"]
        self.assertEqual(again["targetConfiguration"]["serviceRevisionArn"], target["serviceRevisionArn"])
        self.assertEqual(self.ecs.list_task_definitions(familyPrefix="web")["taskDefinitionArns"],
                         [TD_ARN + "web:1", TD_ARN + "web:2"])

    def test_delete_drains_the_service(self):
        arn = self.create(serviceName="web")["serviceArn"]
        deleted = self.ecs.delete_express_gateway_service(serviceArn=arn)["service"]
        self.assertEqual(deleted["status"]["statusCode"], "DRAINING")
        self.ecs.get_waiter("services_inactive").wait(cluster="default", services=["web"], WaiterConfig=WAIT)
        after = self.ecs.describe_express_gateway_service(serviceArn=arn)["service"]
        self.assertEqual(after["status"]["statusCode"], "INACTIVE")
        self.assertEqual(self.error(self.ecs.delete_express_gateway_service, serviceArn=arn),
                         "ServiceNotActiveException")
        self.assertEqual(self.error(self.ecs.update_express_gateway_service, serviceArn=arn, cpu="512"),
                         "ServiceNotActiveException")
        # The name can be used again.
        self.assertEqual(self.create(serviceName="web")["status"]["statusCode"], "ACTIVE")

    def test_named_cluster_and_default_name(self):
        self.ecs.create_cluster(clusterName="prod")
        network = default_network(self.server)["awsvpcConfiguration"]
        mine = {"subnets": network["subnets"][:1], "securityGroups": network["securityGroups"]}
        created = self.create(cluster="prod", networkConfiguration=mine)
        self.assertRegex(created["serviceName"], r"^nginx-[0-9a-f]{4}$")
        self.assertTrue(created["serviceArn"].startswith(SVC_ARN + "prod/nginx-"))
        self.assertEqual(created["activeConfigurations"][0]["networkConfiguration"], mine)
        svc = self.ecs.describe_services(cluster="prod", services=[created["serviceArn"]])["services"][0]
        self.assertEqual(svc["networkConfiguration"]["awsvpcConfiguration"], {**mine, "assignPublicIp": "DISABLED"})
        # Subnets that do not exist are refused, as CreateService refuses them, before anything is created.
        families = self.ecs.list_task_definition_families(status="ALL")["families"]
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.create(cluster="prod", serviceName="bad", networkConfiguration={"subnets": ["subnet-1"]})
        self.assertEqual(code(ctx.exception), "InvalidParameterException")
        self.assertIn("Error retrieving subnet information for [subnet-1]", str(ctx.exception))
        self.assertEqual(self.ecs.list_task_definition_families(status="ALL")["families"], families)
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/prod"])

    def test_tags_follow_the_ecs_service(self):
        arn = self.create(serviceName="web")["serviceArn"]
        self.ecs.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "prod"}])
        tagged = self.ecs.describe_express_gateway_service(serviceArn=arn, include=["TAGS"])["service"]
        self.assertEqual(tagged["tags"], [{"key": "env", "value": "prod"}])
        self.assertEqual(self.ecs.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "env", "value": "prod"}])

    def test_create_errors(self):
        self.assertEqual(self.error(self.create, cluster="missing"), "ClusterNotFoundException")
        self.assertEqual(self.error(self.create, cluster="bad name!"), "InvalidParameterException")
        self.assertEqual(self.error(self.create, infrastructureRoleArn="infra"), "InvalidParameterException")
        self.assertEqual(self.error(self.create, executionRoleArn="exec"), "InvalidParameterException")
        self.assertEqual(self.error(self.create, serviceName="bad name"), "InvalidParameterException")
        self.assertEqual(self.error(self.create, healthCheckPath="health"), "InvalidParameterException")
        self.assertEqual(self.error(self.create, primaryContainer={"image": "nginx", "containerPort": 70000}),
                         "InvalidParameterException")
        self.assertEqual(self.error(self.create, scalingTarget={"minTaskCount": 3, "maxTaskCount": 1}),
                         "InvalidParameterException")
        self.assertEqual(self.error(self.create, cpu="256", memory="8192"), "ClientException")
        self.assertEqual(self.error(self.create, cpu="lots"), "InvalidParameterException")
        self.assertEqual(self.error(self.create, tags=[{"key": "aws:x", "value": "y"}]), "InvalidParameterException")
        # Nothing was left behind by the refused requests.
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [])
        self.assertEqual(self.ecs.list_task_definitions()["taskDefinitionArns"], [])
        self.create(serviceName="web")
        self.assertEqual(self.error(self.create, serviceName="web"), "InvalidParameterException")
        self.assertEqual(self.ecs.list_task_definitions()["taskDefinitionArns"], [TD_ARN + "web:1"])

    def test_unknown_and_malformed_arns(self):
        self.ecs.create_cluster(clusterName="default")
        missing = SVC_ARN + "default/nope"
        self.assertEqual(self.error(self.ecs.describe_express_gateway_service, serviceArn=missing),
                         "ResourceNotFoundException")
        self.assertEqual(self.error(self.ecs.update_express_gateway_service, serviceArn=missing, cpu="512"),
                         "ServiceNotFoundException")
        self.assertEqual(self.error(self.ecs.delete_express_gateway_service, serviceArn=missing),
                         "ServiceNotFoundException")
        self.assertEqual(self.error(self.ecs.describe_express_gateway_service, serviceArn=SVC_ARN + "gone/x"),
                         "ClusterNotFoundException")
        for bad in ("web", "arn:aws:ecs:us-east-1:1:cluster/default", SVC_ARN + "web"):
            self.assertEqual(self.error(self.ecs.describe_express_gateway_service, serviceArn=bad),
                             "InvalidParameterException", bad)
        # A plain ECS service is not an Express service.
        self.ecs.create_service(cluster="default", serviceName="plain", desiredCount=0, taskDefinition=self.ecs.register_task_definition(
            family="p", containerDefinitions=[{"name": "a", "image": "nginx", "memory": 64}])["taskDefinition"]["taskDefinitionArn"])
        self.assertEqual(self.error(self.ecs.describe_express_gateway_service, serviceArn=SVC_ARN + "default/plain"),
                         "ResourceNotFoundException")
        self.assertEqual(self.error(self.ecs.delete_express_gateway_service, serviceArn=SVC_ARN + "default/plain"),
                         "ServiceNotFoundException")

    def test_cli_v1(self):
        _, out, _ = self.server.cli(1, "ecs", "create-express-gateway-service", "--service-name", "cli",
                                    "--execution-role-arn", EXEC_ROLE, "--infrastructure-role-arn", INFRA_ROLE,
                                    "--primary-container", "image=nginx,containerPort=8080")
        arn = out["service"]["serviceArn"]
        self.assertEqual(arn, SVC_ARN + "default/cli")
        _, out, _ = self.server.cli(1, "ecs", "describe-express-gateway-service", "--service-arn", arn)
        self.assertEqual(out["service"]["activeConfigurations"][0]["primaryContainer"]["containerPort"], 8080)
        _, out, _ = self.server.cli(1, "ecs", "delete-express-gateway-service", "--service-arn", arn)
        self.assertEqual(out["service"]["status"]["statusCode"], "DRAINING")
        rc, _, err = self.server.cli(1, "ecs", "delete-express-gateway-service", "--service-arn", arn, check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("ServiceNotActiveException", err)

    def test_cli_v2_sees_the_express_service(self):
        require_cli_v2(self)
        arn = self.create(serviceName="web")["serviceArn"]
        _, out, _ = self.server.cli(2, "ecs", "describe-services", "--services", arn)
        self.assertEqual(out["services"][0]["taskDefinition"], TD_ARN + "web:1")
        _, out, _ = self.server.cli(2, "ecs", "list-tags-for-resource", "--resource-arn", arn)
        self.assertEqual(out["tags"], [])

    def test_cli_v2_express_commands(self):
        require_cli_v2(self)
        known = subprocess.run([CLI_V2, "ecs", "describe-express-gateway-service", "help"], capture_output=True,
                               timeout=60).returncode == 0
        if not known:
            raise unittest.SkipTest("the installed AWS CLI v2 predates Express Gateway services")
        arn = self.create(serviceName="web")["serviceArn"]
        _, out, _ = self.server.cli(2, "ecs", "describe-express-gateway-service", "--service-arn", arn)
        self.assertEqual(out["service"]["serviceName"], "web")


if __name__ == "__main__":
    unittest.main()
