"""ECS task definitions (register, describe, list, families, deregister, delete, tags) via boto3 and the CLIs."""
import json
import time
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2


def arn(family, revision):
    return f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/{family}:{revision}"


WEB = [{"name": "web", "image": "nginx", "memory": 128, "portMappings": [{"containerPort": 80}]}]


class TaskDefinitions(ServerTestCase):
    def register(self, family="web", containers=None, **kwargs):
        return self.ecs.register_task_definition(family=family, containerDefinitions=containers or WEB,
                                                 **kwargs)["taskDefinition"]

    def refused(self, expected_code, fn, **kwargs):
        with self.assertRaises(botocore.exceptions.ClientError, msg=str(kwargs)) as ctx:
            fn(**kwargs)
        self.assertEqual(code(ctx.exception), expected_code, kwargs)
        return ctx.exception.response["Error"]["Message"]

    def test_register_returns_what_aws_computes_and_defaults(self):
        before = time.time()
        out = self.ecs.register_task_definition(family="web", containerDefinitions=WEB,
                                                tags=[{"key": "team", "value": "blue"}])
        td = out["taskDefinition"]
        self.assertEqual(out["tags"], [{"key": "team", "value": "blue"}])
        self.assertEqual(td["taskDefinitionArn"], arn("web", 1))
        self.assertEqual((td["family"], td["revision"], td["status"]), ("web", 1, "ACTIVE"))
        self.assertEqual(td["registeredBy"], f"arn:aws:iam::{ACCOUNT}:root")
        self.assertGreaterEqual(td["registeredAt"].timestamp(), before - 1)
        self.assertEqual(td["compatibilities"], ["EC2", "EXTERNAL"])
        self.assertEqual(td["volumes"], [])
        self.assertEqual(td["placementConstraints"], [])
        c = td["containerDefinitions"][0]
        self.assertEqual((c["cpu"], c["essential"], c["memory"]), (0, True, 128))
        self.assertEqual(c["portMappings"], [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}])
        self.assertEqual((c["environment"], c["mountPoints"], c["volumesFrom"]), ([], [], []))
        self.assertNotIn("tags", td)
        self.assertEqual(self.register()["revision"], 2)

    def test_every_member_is_returned_as_sent(self):
        containers = [{
            "name": "app", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1", "cpu": 256,
            "memoryReservation": 256, "essential": True, "command": ["serve", "--port", "8080"],
            "entryPoint": ["/bin/sh", "-c"], "environment": [{"name": "MODE", "value": "prod"}],
            "portMappings": [{"containerPort": 8080, "protocol": "tcp", "name": "http", "appProtocol": "http"}],
            "healthCheck": {"command": ["CMD-SHELL", "curl -f localhost:8080"], "interval": 10, "timeout": 5,
                            "retries": 3, "startPeriod": 5},
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/app"}},
            "secrets": [{"name": "DB", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/db"}],
            "dockerLabels": {"a": "b"}, "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 2048}],
            "linuxParameters": {"initProcessEnabled": True}, "stopTimeout": 30, "workingDirectory": "/srv",
            "readonlyRootFilesystem": True, "user": "1000", "mountPoints": [{"sourceVolume": "data",
                                                                            "containerPath": "/data"}],
        }, {"name": "sidecar", "image": "busybox", "essential": False,
            "dependsOn": [{"containerName": "app", "condition": "HEALTHY"}]}]
        td = self.register("full", containers, networkMode="awsvpc", cpu="1 vCPU", memory="2 GB",
                           requiresCompatibilities=["FARGATE"], taskRoleArn=f"arn:aws:iam::{ACCOUNT}:role/task",
                           executionRoleArn=f"arn:aws:iam::{ACCOUNT}:role/exec",
                           volumes=[{"name": "data"}], ephemeralStorage={"sizeInGiB": 30},
                           runtimePlatform={"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
                           pidMode="task")
        self.assertEqual((td["cpu"], td["memory"]), ("1024", "2048"))
        self.assertEqual(td["compatibilities"], ["EC2", "FARGATE"])
        self.assertEqual(td["requiresCompatibilities"], ["FARGATE"])
        self.assertEqual(td["ephemeralStorage"], {"sizeInGiB": 30})
        self.assertEqual(td["runtimePlatform"]["cpuArchitecture"], "ARM64")
        self.assertEqual(td["pidMode"], "task")
        app = td["containerDefinitions"][0]
        for key, value in containers[0].items():
            if key != "portMappings":
                self.assertEqual(app[key], value, key)
        self.assertEqual(app["portMappings"][0]["hostPort"], 8080)
        self.assertEqual(td["containerDefinitions"][1]["dependsOn"], containers[1]["dependsOn"])
        attributes = {a["name"] for a in td["requiresAttributes"]}
        for name in ("ecs.capability.task-eni", "com.amazonaws.ecs.capability.task-iam-role",
                     "ecs.capability.execution-role-awslogs", "com.amazonaws.ecs.capability.logging-driver.awslogs",
                     "ecs.capability.secrets.ssm.environment-variables", "ecs.capability.container-health-check",
                     "ecs.capability.container-ordering", "com.amazonaws.ecs.capability.ecr-auth",
                     "ecs.capability.execution-role-ecr-pull", "com.amazonaws.ecs.capability.docker-remote-api.1.21"):
            self.assertIn(name, attributes)
        described = self.ecs.describe_task_definition(taskDefinition="full:1")["taskDefinition"]
        self.assertEqual(described, td)

    def test_efs_volume_without_a_directory_mounts_the_root(self):
        td = self.register(volumes=[{"name": "a", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}},
                                    {"name": "b", "efsVolumeConfiguration": {"fileSystemId": "fs-1",
                                                                             "rootDirectory": "/data"}}])
        self.assertEqual(td["volumes"][0]["efsVolumeConfiguration"], {"fileSystemId": "fs-1", "rootDirectory": "/"})
        self.assertEqual(td["volumes"][1]["efsVolumeConfiguration"]["rootDirectory"], "/data")
        described = self.ecs.describe_task_definition(taskDefinition="web")["taskDefinition"]
        self.assertEqual(described["volumes"], td["volumes"])

    def test_describe_by_family_revision_and_arn_with_tags(self):
        self.register(tags=[{"key": "k", "value": "v"}])
        self.register()
        self.assertEqual(self.ecs.describe_task_definition(taskDefinition="web")["taskDefinition"]["revision"], 2)
        one = self.ecs.describe_task_definition(taskDefinition="web:1", include=["TAGS"])
        self.assertEqual(one["tags"], [{"key": "k", "value": "v"}])
        self.assertNotIn("tags", self.ecs.describe_task_definition(taskDefinition=arn("web", 1)))
        self.ecs.deregister_task_definition(taskDefinition="web:2")
        self.assertEqual(self.ecs.describe_task_definition(taskDefinition="web")["taskDefinition"]["revision"], 1)
        inactive = self.ecs.describe_task_definition(taskDefinition="web:2")["taskDefinition"]
        self.assertEqual(inactive["status"], "INACTIVE")
        for missing in ("nope", "web:9", "bad name", f"arn:aws:ecs:eu-west-1:{ACCOUNT}:task-definition/web:1"):
            self.refused("ClientException", self.ecs.describe_task_definition, taskDefinition=missing)
        self.ecs.deregister_task_definition(taskDefinition="web:1")
        self.refused("ClientException", self.ecs.describe_task_definition, taskDefinition="web")

    def test_register_validation_errors(self):
        cases = [
            {"family": "bad name", "containerDefinitions": WEB},
            {"family": "x" * 256, "containerDefinitions": WEB},
            {"family": "f", "containerDefinitions": []},
            {"family": "f", "containerDefinitions": [{"name": "a", "image": "x"}]},
            {"family": "f", "containerDefinitions": [{"name": "a", "memory": 64}]},
            {"family": "f", "containerDefinitions": [{"name": "a", "image": "x", "memory": 64}] * 2},
            {"family": "f", "containerDefinitions": [{"name": "a", "image": "x", "memory": 64, "essential": False}]},
            {"family": "f", "containerDefinitions": [{"name": "a", "image": "x", "memory": 64,
                                                      "memoryReservation": 65}]},
            {"family": "f", "networkMode": "awsvpc", "containerDefinitions": [
                {"name": "a", "image": "x", "memory": 64, "portMappings": [{"containerPort": 80, "hostPort": 81}]}]},
            {"family": "f", "networkMode": "awsvpc", "containerDefinitions": [
                {"name": "a", "image": "x", "memory": 64, "links": ["b"]}, {"name": "b", "image": "x", "memory": 64}]},
            {"family": "f", "containerDefinitions": [{"name": "a", "image": "x", "memory": 64,
                                                      "dependsOn": [{"containerName": "z", "condition": "START"}]}]},
            {"family": "f", "requiresCompatibilities": ["FARGATE"], "containerDefinitions": WEB},
            {"family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256",
             "containerDefinitions": WEB},
            {"family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "512",
             "memory": "512", "containerDefinitions": [{"name": "a", "image": "x"}]},
            {"family": "f", "containerDefinitions": [{"name": f"c{i}", "image": "x", "memory": 6}
                                                     for i in range(11)]},
        ]
        for kwargs in cases:
            self.refused("ClientException", self.ecs.register_task_definition, **kwargs)
        msg = self.refused("ClientException", self.ecs.register_task_definition, family="f",
                           requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="4096",
                           containerDefinitions=[{"name": "a", "image": "x"}])
        self.assertIn("No Fargate configuration exists for given values: 256 CPU, 4096 memory", msg)
        self.refused("InvalidParameterException", self.ecs.register_task_definition, family="f",
                     containerDefinitions=WEB, tags=[{"key": "aws:x", "value": "y"}])
        self.assertEqual(self.ecs.list_task_definitions()["taskDefinitionArns"], [])

    def test_fargate_table_accepts_valid_sizes(self):
        for cpu, memory in (("256", "512"), ("512", "4096"), ("4096", "30720"), ("8192", "16 GB"),
                            ("16384", "122880")):
            td = self.register("fg", [{"name": "a", "image": "x"}], requiresCompatibilities=["FARGATE"],
                               networkMode="awsvpc", cpu=cpu, memory=memory)
            self.assertIn("FARGATE", td["compatibilities"])

    def test_list_sort_status_family_and_pagination(self):
        for family in ("b", "a", "b", "c", "a"):
            self.register(family)
        all_asc = [arn("a", 1), arn("a", 2), arn("b", 1), arn("b", 2), arn("c", 1)]
        self.assertEqual(self.ecs.list_task_definitions()["taskDefinitionArns"], all_asc)
        self.assertEqual(self.ecs.list_task_definitions(sort="DESC")["taskDefinitionArns"], all_asc[::-1])
        self.assertEqual(self.ecs.list_task_definitions(familyPrefix="b")["taskDefinitionArns"], all_asc[2:4])
        self.assertEqual(self.ecs.list_task_definitions(familyPrefix="b", sort="DESC")["taskDefinitionArns"],
                         all_asc[3:1:-1])
        # familyPrefix is the full family name on ListTaskDefinitions.
        self.register("bb")
        self.assertEqual(self.ecs.list_task_definitions(familyPrefix="b")["taskDefinitionArns"], all_asc[2:4])
        with_bb = all_asc[:4] + [arn("bb", 1), arn("c", 1)]
        for sort, expected in (("ASC", with_bb), ("DESC", with_bb[::-1])):
            pages = self.ecs.get_paginator("list_task_definitions").paginate(sort=sort,
                                                                            PaginationConfig={"PageSize": 2})
            got = [a for page in pages for a in page["taskDefinitionArns"]]
            self.assertEqual(got, expected, sort)
        first = self.ecs.list_task_definitions(maxResults=2)
        self.assertEqual(len(first["taskDefinitionArns"]), 2)
        self.assertIn("nextToken", first)
        self.assertNotIn("nextToken", self.ecs.list_task_definitions(maxResults=6))
        self.ecs.deregister_task_definition(taskDefinition="a:1")
        self.assertEqual(self.ecs.list_task_definitions(status="INACTIVE")["taskDefinitionArns"], [arn("a", 1)])
        self.assertNotIn(arn("a", 1), self.ecs.list_task_definitions()["taskDefinitionArns"])
        self.refused("InvalidParameterException", self.ecs.list_task_definitions, maxResults=0)
        self.refused("InvalidParameterException", self.ecs.list_task_definitions, maxResults=101)
        self.refused("InvalidParameterException", self.ecs.list_task_definitions, nextToken="garbage")

    def test_families_by_status_prefix_and_pages(self):
        for family in ("api", "app", "web"):
            self.register(family)
        self.ecs.deregister_task_definition(taskDefinition="app:1")
        self.assertEqual(self.ecs.list_task_definition_families()["families"], ["api", "web"])
        self.assertEqual(self.ecs.list_task_definition_families(status="INACTIVE")["families"], ["app"])
        self.assertEqual(self.ecs.list_task_definition_families(status="ALL")["families"], ["api", "app", "web"])
        self.assertEqual(self.ecs.list_task_definition_families(status="ALL", familyPrefix="ap")["families"],
                         ["api", "app"])
        page = self.ecs.list_task_definition_families(status="ALL", maxResults=2)
        self.assertEqual(page["families"], ["api", "app"])
        rest = self.ecs.list_task_definition_families(status="ALL", maxResults=2, nextToken=page["nextToken"])
        self.assertEqual(rest["families"], ["web"])
        self.assertNotIn("nextToken", rest)
        self.refused("InvalidParameterException", self.ecs.list_task_definition_families, maxResults=500)

    def test_deregister_then_delete(self):
        self.register()
        self.register()
        out = self.ecs.deregister_task_definition(taskDefinition=arn("web", 1))["taskDefinition"]
        self.assertEqual(out["status"], "INACTIVE")
        self.assertIn("deregisteredAt", out)
        again = self.ecs.deregister_task_definition(taskDefinition="web:1")["taskDefinition"]
        self.assertEqual(again["deregisteredAt"], out["deregisteredAt"])
        self.assertEqual(self.refused("ClientException", self.ecs.deregister_task_definition, taskDefinition="web"),
                         "Revision is missing.")
        self.assertEqual(self.refused("InvalidParameterException", self.ecs.deregister_task_definition,
                                      taskDefinition="web:latest"), "Invalid revision number. Number: latest")
        self.assertEqual(self.refused("ClientException", self.ecs.deregister_task_definition, taskDefinition="web:7"),
                         "Unable to describe task definition.")
        res = self.ecs.delete_task_definitions(taskDefinitions=["web:1", "web:2", "ghost:1"])
        self.assertEqual([t["taskDefinitionArn"] for t in res["taskDefinitions"]], [arn("web", 1)])
        self.assertEqual(res["taskDefinitions"][0]["status"], "DELETE_IN_PROGRESS")
        self.assertIn("deleteRequestedAt", res["taskDefinitions"][0])
        reasons = {f["arn"]: f["reason"] for f in res["failures"]}
        self.assertIn("ACTIVE", reasons[arn("web", 2)])
        self.assertIn("does not exist", reasons["ghost:1"])
        self.assertEqual(self.ecs.list_task_definitions(status="DELETE_IN_PROGRESS")["taskDefinitionArns"],
                         [arn("web", 1)])
        self.refused("ClientException", self.ecs.deregister_task_definition, taskDefinition="web:1")
        self.refused("InvalidParameterException", self.ecs.delete_task_definitions,
                     taskDefinitions=[f"web:{i}" for i in range(1, 12)])
        # A deleted revision's number is never reused.
        self.ecs.deregister_task_definition(taskDefinition="web:2")
        self.ecs.delete_task_definitions(taskDefinitions=["web:2"])
        self.assertEqual(self.register()["revision"], 3)

    def test_tags_on_task_definition_arns(self):
        target = self.register()["taskDefinitionArn"]
        self.ecs.tag_resource(resourceArn=target, tags=[{"key": "a", "value": "1"}, {"key": "b", "value": "2"}])
        self.ecs.untag_resource(resourceArn=target, tagKeys=["a"])
        self.assertEqual(self.ecs.list_tags_for_resource(resourceArn=target)["tags"], [{"key": "b", "value": "2"}])
        self.assertEqual(self.refused("ClientException", self.ecs.list_tags_for_resource, resourceArn=arn("web", 5)),
                         "Unable to describe task definition.")
        self.refused("ResourceNotFoundException", self.ecs.tag_resource,
                     resourceArn=f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/web",
                     tags=[{"key": "a", "value": "1"}])

    def test_listing_stays_correct_with_many_definitions(self):
        for i in range(300):
            self.register(f"fam{i % 7}")
        pages = self.ecs.get_paginator("list_task_definitions").paginate(PaginationConfig={"PageSize": 100})
        got = [a for page in pages for a in page["taskDefinitionArns"]]
        self.assertEqual(len(got), 300)
        self.assertEqual(len(set(got)), 300)
        self.assertEqual(self.ecs.describe_task_definition(taskDefinition="fam3")["taskDefinition"]["revision"], 43)

    def test_cli_v1_register_and_describe(self):
        rc, out, _ = self.server.cli(1, "ecs", "register-task-definition", "--family", "cli1",
                                     "--container-definitions", json.dumps(WEB))
        self.assertEqual(out["taskDefinition"]["taskDefinitionArn"], arn("cli1", 1))
        rc, out, _ = self.server.cli(1, "ecs", "list-task-definitions", "--family-prefix", "cli1")
        self.assertEqual(out["taskDefinitionArns"], [arn("cli1", 1)])
        rc, _, err = self.server.cli(1, "ecs", "describe-task-definition", "--task-definition", "nope", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("ClientException", err)

    def test_cli_v2_register_deregister_delete(self):
        require_cli_v2(self)
        self.server.cli(2, "ecs", "register-task-definition", "--family", "cli2", "--network-mode", "awsvpc",
                        "--requires-compatibilities", "FARGATE", "--cpu", "256", "--memory", "512",
                        "--container-definitions", json.dumps([{"name": "a", "image": "nginx"}]))
        _, out, _ = self.server.cli(2, "ecs", "describe-task-definition", "--task-definition", "cli2")
        self.assertEqual(out["taskDefinition"]["compatibilities"], ["EC2", "FARGATE"])
        _, out, _ = self.server.cli(2, "ecs", "deregister-task-definition", "--task-definition", "cli2:1")
        self.assertEqual(out["taskDefinition"]["status"], "INACTIVE")
        _, out, _ = self.server.cli(2, "ecs", "list-task-definitions", "--status", "INACTIVE")
        self.assertEqual(out["taskDefinitionArns"], [arn("cli2", 1)])
        _, out, _ = self.server.cli(2, "ecs", "list-task-definition-families", "--status", "ALL")
        self.assertEqual(out["families"], ["cli2"])


if __name__ == "__main__":
    unittest.main()
