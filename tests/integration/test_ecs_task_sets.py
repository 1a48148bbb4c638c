"""ECS task sets of EXTERNAL-controller services, through boto3 and the AWS CLI v1 and v2."""
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2


class TaskSets(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.ecs.create_cluster(clusterName="c")
        self.ecs.register_task_definition(family="web", containerDefinitions=[{"name": "app", "image": "nginx", "memory": 128}])
        self.ecs.create_service(cluster="c", serviceName="ext", desiredCount=4,
                                deploymentController={"type": "EXTERNAL"})
        self.ecs.create_service(cluster="c", serviceName="ecs", taskDefinition="web", desiredCount=0)

    def error(self, fn, **kwargs):
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            fn(**kwargs)
        return code(ctx.exception)

    def test_lifecycle(self):
        ts = self.ecs.create_task_set(cluster="c", service="ext", taskDefinition="web", externalId="blue",
                                      scale={"value": 50, "unit": "PERCENT"}, launchType="EC2",
                                      tags=[{"key": "k", "value": "v"}])["taskSet"]
        self.assertRegex(ts["id"], r"^ecs-svc/\d{19}$")
        self.assertEqual(ts["taskSetArn"], f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-set/c/ext/{ts['id']}")
        self.assertEqual(ts["status"], "ACTIVE")
        self.assertEqual(ts["computedDesiredCount"], 2)
        self.assertEqual(ts["stabilityStatus"], "STABILIZING")
        self.assertEqual(ts["externalId"], "blue")
        self.assertEqual(ts["tags"], [{"key": "k", "value": "v"}])
        self.assertEqual(self.ecs.list_tags_for_resource(resourceArn=ts["taskSetArn"])["tags"], [{"key": "k", "value": "v"}])
        primary = self.ecs.update_service_primary_task_set(cluster="c", service="ext", primaryTaskSet=ts["taskSetArn"])["taskSet"]
        self.assertEqual(primary["status"], "PRIMARY")
        svc = self.ecs.describe_services(cluster="c", services=["ext"])["services"][0]
        self.assertEqual(svc["deploymentController"], {"type": "EXTERNAL"})
        self.assertEqual([t["id"] for t in svc["taskSets"]], [ts["id"]])
        self.assertEqual(svc["taskDefinition"], f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/web:1")
        scaled = self.ecs.update_task_set(cluster="c", service="ext", taskSet=ts["id"], scale={"value": 0, "unit": "PERCENT"})["taskSet"]
        self.assertEqual(scaled["computedDesiredCount"], 0)
        self.assertEqual(scaled["stabilityStatus"], "STEADY_STATE")
        described = self.ecs.describe_task_sets(cluster="c", service="ext", taskSets=[ts["id"], "ecs-svc/1"], include=["TAGS"])
        self.assertEqual(described["taskSets"][0]["tags"], [{"key": "k", "value": "v"}])
        self.assertEqual(described["failures"][0]["reason"], "MISSING")
        self.assertEqual(self.error(self.ecs.delete_task_set, cluster="c", service="ext", taskSet=ts["id"]),
                         "InvalidParameterException")  # primary
        deleted = self.ecs.delete_task_set(cluster="c", service="ext", taskSet=ts["id"], force=True)["taskSet"]
        self.assertEqual(deleted["status"], "DRAINING")
        self.assertEqual(self.ecs.describe_task_sets(cluster="c", service="ext")["taskSets"], [])

    def test_an_external_service_takes_no_task_set_members(self):
        def message(**extra):
            with self.assertRaises(botocore.exceptions.ClientError) as ctx:
                self.ecs.create_service(cluster="c", serviceName="bad", deploymentController={"type": "EXTERNAL"},
                                        **extra)
            self.assertEqual(code(ctx.exception), "InvalidParameterException")
            return ctx.exception.response["Error"]["Message"]

        self.assertEqual(message(taskDefinition="web"), "TaskDefinition must be blank.")
        self.assertEqual(message(taskDefinition=""), "Family should not be null or empty.")
        self.assertEqual(message(launchType="EC2"), "LaunchType must be null.")
        self.assertEqual(message(networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-1"]}}),
                         "NetworkConfiguration must be null.")
        self.assertEqual(message(loadBalancers=[{"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:"
                                                 "targetgroup/t/1", "containerName": "app", "containerPort": 80}]),
                         "LoadBalancers must be null.")
        self.assertEqual(self.ecs.list_services(cluster="c")["serviceArns"].count(
            f"arn:aws:ecs:us-east-1:{ACCOUNT}:service/c/bad"), 0)

    def test_errors(self):
        self.assertEqual(self.error(self.ecs.create_task_set, cluster="c", service="ecs", taskDefinition="web"),
                         "InvalidParameterException")
        self.assertEqual(self.error(self.ecs.describe_task_sets, cluster="c", service="ecs"), "InvalidParameterException")
        self.assertEqual(self.error(self.ecs.create_task_set, cluster="c", service="nope", taskDefinition="web"),
                         "ServiceNotFoundException")
        self.assertEqual(self.error(self.ecs.create_task_set, cluster="nope", service="ext", taskDefinition="web"),
                         "ClusterNotFoundException")
        self.assertEqual(self.error(self.ecs.update_task_set, cluster="c", service="ext", taskSet="ecs-svc/1",
                                    scale={"value": 10, "unit": "PERCENT"}), "TaskSetNotFoundException")
        self.assertEqual(self.error(self.ecs.update_service_primary_task_set, cluster="c", service="ext",
                                    primaryTaskSet="ecs-svc/1"), "TaskSetNotFoundException")
        ts = self.ecs.create_task_set(cluster="c", service="ext", taskDefinition="web")["taskSet"]
        self.assertEqual(self.error(self.ecs.delete_task_set, cluster="c", service="ext", taskSet=ts["id"]),
                         "InvalidParameterException")  # still scaled above 0
        self.assertEqual(self.error(self.ecs.update_service, cluster="c", service="ext", taskDefinition="web"),
                         "InvalidParameterException")
        self.ecs.delete_service(cluster="c", service="ext", force=True)
        self.assertEqual(self.error(self.ecs.create_task_set, cluster="c", service="ext", taskDefinition="web"),
                         "ServiceNotActiveException")

    def test_cli_v1_and_v2(self):
        require_cli_v2(self)
        _, out, _ = self.server.cli(1, "ecs", "create-task-set", "--cluster", "c", "--service", "ext",
                                    "--task-definition", "web")
        ts = out["taskSet"]["id"]
        _, out, _ = self.server.cli(2, "ecs", "describe-task-sets", "--cluster", "c", "--service", "ext")
        self.assertEqual(out["taskSets"][0]["id"], ts)


if __name__ == "__main__":
    unittest.main()
