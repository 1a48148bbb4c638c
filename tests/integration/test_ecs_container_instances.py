"""ECS container instances, attributes and the agent-only calls, through boto3 and the AWS CLI v1 and v2."""
import json
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2


def identity(instance_id, instance_type="t3.medium", az="us-east-1a", arch="x86_64"):
    return json.dumps({"instanceId": instance_id, "instanceType": instance_type, "availabilityZone": az,
                       "imageId": "ami-0abc", "region": "us-east-1", "architecture": arch,
                       "accountId": ACCOUNT})


RESOURCES = [
    {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
    {"name": "MEMORY", "type": "INTEGER", "integerValue": 3904},
    {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "2375", "2376", "51678", "51679"]},
    {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []},
]


class ContainerInstances(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.ecs.create_cluster(clusterName="web")

    def register(self, instance_id="i-0001", cluster="web", **kwargs):
        args = dict(cluster=cluster, instanceIdentityDocument=identity(instance_id, **kwargs),
                    instanceIdentityDocumentSignature="sig", totalResources=RESOURCES,
                    versionInfo={"agentVersion": "1.80.0", "agentHash": "abc", "dockerVersion": "DockerVersion: 20.10"},
                    attributes=[{"name": "ecs.os-type", "value": "linux"},
                                {"name": "com.amazonaws.ecs.capability.docker-remote-api.1.17"}])
        return self.ecs.register_container_instance(**args)["containerInstance"]

    def test_without_total_resources_the_instance_type_gives_cpu_and_memory(self):
        ci = self.ecs.register_container_instance(cluster="web", instanceIdentityDocument=identity("i-0002",
                                                  instance_type="m5.large"))["containerInstance"]
        registered = {r["name"]: r.get("integerValue") for r in ci["registeredResources"]}
        # m5.large: 2 vCPUs, 8 GiB installed, of which the kernel reports 7985 MiB (what the agent registers).
        self.assertEqual(registered["CPU"], 2048)
        self.assertEqual(registered["MEMORY"], 7985)
        # A type AWS does not have: nothing to derive from, nothing registered.
        odd = self.ecs.register_container_instance(cluster="web", instanceIdentityDocument=identity(
            "i-0003", instance_type="zz9.huge"))["containerInstance"]
        self.assertEqual({r["name"]: r.get("integerValue") for r in odd["registeredResources"]}.get("CPU", 0), 0)

    def test_register_describe_list_deregister(self):
        ci = self.register()
        arn = ci["containerInstanceArn"]
        prefix = f"arn:aws:ecs:us-east-1:{ACCOUNT}:container-instance/web/"
        self.assertTrue(arn.startswith(prefix))
        ci_id = arn[len(prefix):]
        self.assertRegex(ci_id, r"^[0-9a-f]{32}$")
        self.assertEqual(ci["ec2InstanceId"], "i-0001")
        self.assertEqual(ci["status"], "ACTIVE")
        self.assertTrue(ci["agentConnected"])
        self.assertEqual(ci["versionInfo"]["agentVersion"], "1.80.0")
        registered = {r["name"]: r for r in ci["registeredResources"]}
        self.assertEqual(registered["CPU"]["integerValue"], 2048)
        self.assertEqual(registered["MEMORY"]["integerValue"], 3904)
        self.assertEqual(registered["PORTS"]["stringSetValue"], ["22", "2375", "2376", "51678", "51679"])
        remaining = {r["name"]: r for r in ci["remainingResources"]}
        self.assertEqual(remaining["CPU"]["integerValue"], 2048)
        attributes = {a["name"]: a.get("value") for a in ci["attributes"]}
        self.assertEqual(attributes["ecs.instance-type"], "t3.medium")
        self.assertEqual(attributes["ecs.availability-zone"], "us-east-1a")
        self.assertEqual(attributes["ecs.ami-id"], "ami-0abc")
        self.assertEqual(attributes["ecs.os-type"], "linux")
        self.assertIsNone(attributes["com.amazonaws.ecs.capability.docker-remote-api.1.17"])
        self.assertEqual(ci["runningTasksCount"], 0)
        self.assertEqual(ci["pendingTasksCount"], 0)
        self.assertIn("registeredAt", ci)

        cluster = self.ecs.describe_clusters(clusters=["web"])["clusters"][0]
        self.assertEqual(cluster["registeredContainerInstancesCount"], 1)
        self.assertEqual(self.ecs.list_container_instances(cluster="web")["containerInstanceArns"], [arn])
        out = self.ecs.describe_container_instances(cluster="web", containerInstances=[ci_id, "nope"],
                                                    include=["TAGS", "CONTAINER_INSTANCE_HEALTH"])
        self.assertEqual(out["containerInstances"][0]["containerInstanceArn"], arn)
        self.assertEqual(out["containerInstances"][0]["tags"], [])
        self.assertIn("overallStatus", out["containerInstances"][0]["healthStatus"])
        self.assertEqual(out["failures"], [{"arn": prefix + "nope", "reason": "MISSING"}])

        # Tags on container instances.
        self.ecs.tag_resource(resourceArn=arn, tags=[{"key": "team", "value": "blue"}])
        self.assertEqual(self.ecs.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "team", "value": "blue"}])

        self.assert_error("ClusterContainsContainerInstancesException", self.ecs.delete_cluster, cluster="web")
        gone = self.ecs.deregister_container_instance(cluster="web", containerInstance=arn)["containerInstance"]
        self.assertEqual(gone["status"], "INACTIVE")
        self.assertEqual(self.ecs.list_container_instances(cluster="web")["containerInstanceArns"], [])
        described = self.ecs.describe_container_instances(cluster="web", containerInstances=[arn])
        self.assertEqual(described["containerInstances"][0]["status"], "INACTIVE")
        self.ecs.delete_cluster(cluster="web")

    def test_errors_for_unknown_clusters_and_instances(self):
        self.assert_error("ClusterNotFoundException", self.ecs.register_container_instance, cluster="nope",
                          totalResources=RESOURCES)
        self.assert_error("ClusterNotFoundException", self.ecs.list_container_instances, cluster="nope")
        self.assert_error("InvalidParameterException", self.ecs.deregister_container_instance, cluster="web",
                          containerInstance="0" * 32)
        self.assert_error("InvalidParameterException", self.ecs.register_container_instance, cluster="web",
                          instanceIdentityDocument="{not json")
        self.assert_error("InvalidParameterException", self.ecs.register_container_instance, cluster="web",
                          totalResources=[{"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["http"]}])
        self.assert_error("InvalidParameterException", self.ecs.register_container_instance, cluster="web",
                          totalResources=[{"name": "CPU", "type": "INTEGER", "integerValue": -1}])
        self.assert_error("ClientException", self.ecs.register_container_instance, cluster="web",
                          containerInstanceArn=f"arn:aws:ecs:us-east-1:{ACCOUNT}:container-instance/web/" + "0" * 32)
        self.assert_error("ClientException", self.ecs.describe_container_instances, cluster="web",
                          containerInstances=[])
        self.assert_error("InvalidParameterException", self.ecs.describe_container_instances, cluster="web",
                          containerInstances=["0" * 32] * 101)
        self.assert_error("InvalidParameterException", self.ecs.list_container_instances, cluster="web",
                          maxResults=101)
        self.assert_error("InvalidParameterException", self.ecs.list_container_instances, cluster="web",
                          nextToken="garbage")

    def test_reregistration_keeps_the_instance(self):
        ci = self.register()
        again = self.ecs.register_container_instance(cluster="web", containerInstanceArn=ci["containerInstanceArn"],
                                                     totalResources=RESOURCES,
                                                     versionInfo={"agentVersion": "1.81.0"})["containerInstance"]
        self.assertEqual(again["containerInstanceArn"], ci["containerInstanceArn"])
        self.assertEqual(again["versionInfo"]["agentVersion"], "1.81.0")
        self.assertGreater(again["version"], ci["version"])
        self.assertEqual(len(self.ecs.list_container_instances(cluster="web")["containerInstanceArns"]), 1)

    def test_list_filters_status_and_pagination(self):
        a = self.register("i-a", instance_type="t2.micro")["containerInstanceArn"]
        b = self.register("i-b", instance_type="m5.large")["containerInstanceArn"]
        c = self.register("i-c", instance_type="t2.small", az="us-east-1b")["containerInstanceArn"]
        ls = lambda **kw: sorted(self.ecs.list_container_instances(cluster="web", **kw)["containerInstanceArns"])
        self.assertEqual(ls(filter="attribute:ecs.instance-type == t2.micro"), [a])
        self.assertEqual(ls(filter="attribute:ecs.instance-type =~ t2.*"), sorted([a, c]))
        self.assertEqual(ls(filter="attribute:ecs.instance-type != t2.micro"), sorted([b, c]))
        self.assertEqual(ls(filter="ec2InstanceId in (i-a, i-b)"), sorted([a, b]))
        self.assertEqual(ls(filter="attribute:ecs.availability-zone == us-east-1b and attribute:ecs.os-type exists"),
                         [c])
        self.assertEqual(ls(filter="attribute:ecs.instance-type == m5.large or ec2InstanceId == i-c"), sorted([b, c]))
        self.assertEqual(ls(filter="attribute:custom exists"), [])
        self.assertEqual(ls(filter="runningTasksCount == 0"), sorted([a, b, c]))
        self.assert_error("InvalidParameterException", self.ecs.list_container_instances, cluster="web",
                          filter="attribute:x ===")
        self.assert_error("InvalidParameterException", self.ecs.list_container_instances, cluster="web",
                          filter="color == red")

        drained = self.ecs.update_container_instances_state(cluster="web", containerInstances=[b, "nope"],
                                                            status="DRAINING")
        self.assertEqual(drained["containerInstances"][0]["status"], "DRAINING")
        self.assertEqual(drained["failures"][0]["reason"], "MISSING")
        self.assertEqual(ls(status="DRAINING"), [b])
        self.assertEqual(ls(status="ACTIVE"), sorted([a, c]))
        self.assertEqual(ls(), sorted([a, b, c]))
        back = self.ecs.update_container_instances_state(cluster="web", containerInstances=[b], status="ACTIVE")
        self.assertEqual(back["containerInstances"][0]["status"], "ACTIVE")
        self.assert_error("InvalidParameterException", self.ecs.update_container_instances_state, cluster="web",
                          containerInstances=[b], status="REGISTERING")
        self.assert_error("InvalidParameterException", self.ecs.update_container_instances_state, cluster="web",
                          containerInstances=[b] * 11, status="ACTIVE")

        seen = []
        page = self.ecs.list_container_instances(cluster="web", maxResults=2)
        seen += page["containerInstanceArns"]
        self.assertEqual(len(seen), 2)
        page = self.ecs.list_container_instances(cluster="web", maxResults=2, nextToken=page["nextToken"])
        seen += page["containerInstanceArns"]
        self.assertNotIn("nextToken", page)
        self.assertEqual(sorted(seen), sorted([a, b, c]))
        paginated = [arn for p in self.ecs.get_paginator("list_container_instances").paginate(
            cluster="web", PaginationConfig={"PageSize": 1}) for arn in p["containerInstanceArns"]]
        self.assertEqual(sorted(paginated), sorted([a, b, c]))

    def test_attributes(self):
        ci = self.register()
        arn = ci["containerInstanceArn"]
        ci_id = arn.rsplit("/", 1)[1]
        put = self.ecs.put_attributes(cluster="web", attributes=[
            {"name": "stack", "value": "prod", "targetId": arn},
            {"name": "flag", "targetType": "container-instance", "targetId": ci_id}])["attributes"]
        self.assertEqual(put[0], {"name": "stack", "value": "prod", "targetType": "container-instance",
                                  "targetId": arn})
        listed = self.ecs.list_attributes(cluster="web", targetType="container-instance", attributeName="stack")
        self.assertEqual(listed["attributes"], [put[0]])
        self.assertEqual(self.ecs.list_attributes(cluster="web", targetType="container-instance",
                                                  attributeName="stack", attributeValue="dev")["attributes"], [])
        everything = self.ecs.list_attributes(cluster="web", targetType="container-instance")["attributes"]
        names = {a["name"] for a in everything}
        self.assertTrue({"stack", "flag", "ecs.instance-type", "ecs.os-type"} <= names)
        self.assertEqual(self.ecs.list_container_instances(cluster="web", filter="attribute:stack == prod")
                         ["containerInstanceArns"], [arn])
        page = self.ecs.list_attributes(cluster="web", targetType="container-instance", maxResults=2)
        self.assertEqual(len(page["attributes"]), 2)
        rest = self.ecs.list_attributes(cluster="web", targetType="container-instance", nextToken=page["nextToken"])
        self.assertEqual(len(page["attributes"]) + len(rest["attributes"]), len(everything))

        self.ecs.delete_attributes(cluster="web", attributes=[{"name": "stack", "targetId": arn}])
        self.assertEqual(self.ecs.list_attributes(cluster="web", targetType="container-instance",
                                                  attributeName="stack")["attributes"], [])

        self.assert_error("TargetNotFoundException", self.ecs.put_attributes, cluster="web",
                          attributes=[{"name": "x", "value": "y", "targetType": "container-instance",
                                       "targetId": "0" * 32}])
        self.assert_error("TargetNotFoundException", self.ecs.delete_attributes, cluster="web",
                          attributes=[{"name": "x", "targetId": f"arn:aws:ecs:us-east-1:{ACCOUNT}:"
                                                                f"container-instance/web/{'0' * 32}"}])
        self.assert_error("InvalidParameterException", self.ecs.put_attributes, cluster="web",
                          attributes=[{"name": "x", "value": "y", "targetId": ci_id}])
        self.assert_error("InvalidParameterException", self.ecs.put_attributes, cluster="web",
                          attributes=[{"name": "x", "value": "y"}])
        self.assert_error("InvalidParameterException", self.ecs.put_attributes, cluster="web",
                          attributes=[{"name": "bad name", "value": "y", "targetId": arn}])
        self.assert_error("InvalidParameterException", self.ecs.put_attributes, cluster="web",
                          attributes=[{"name": "x", "value": " y", "targetId": arn}])
        self.assert_error("InvalidParameterException", self.ecs.list_attributes, cluster="web",
                          targetType="container-instance", attributeValue="prod")
        self.assert_error("ClusterNotFoundException", self.ecs.list_attributes, cluster="nope",
                          targetType="container-instance")
        many = [{"name": f"custom{i}", "value": "v", "targetId": arn} for i in range(10)]
        self.assert_error("AttributeLimitExceededException", self.ecs.put_attributes, cluster="web",
                          attributes=many)
        self.ecs.put_attributes(cluster="web", attributes=many[:9])  # 9 + "flag" = 10 custom attributes
        self.assert_error("AttributeLimitExceededException", self.ecs.put_attributes, cluster="web",
                          attributes=[{"name": "one-more", "value": "v", "targetId": arn}])

    def test_update_container_agent(self):
        ci = self.register()
        err = self.assert_error("NoUpdateAvailableException", self.ecs.update_container_agent, cluster="web",
                                containerInstance=ci["containerInstanceArn"])
        self.assertIn("1.80.0", err.response["Error"]["Message"])
        bare = self.ecs.register_container_instance(cluster="web", totalResources=RESOURCES)["containerInstance"]
        self.assert_error("MissingVersionException", self.ecs.update_container_agent, cluster="web",
                          containerInstance=bare["containerInstanceArn"])
        arm = self.register("i-arm", arch="arm64")
        self.assert_error("InvalidParameterException", self.ecs.update_container_agent, cluster="web",
                          containerInstance=arm["containerInstanceArn"])
        self.assert_error("InvalidParameterException", self.ecs.update_container_agent, cluster="web",
                          containerInstance="0" * 32)

    def test_agent_only_calls(self):
        out = self.ecs.discover_poll_endpoint(cluster="web")
        self.assertEqual(out["endpoint"], "https://ecs-a-1.us-east-1.amazonaws.com/")
        self.assertEqual(out["telemetryEndpoint"], "https://ecs-t-1.us-east-1.amazonaws.com/")
        self.assertEqual(out["serviceConnectEndpoint"], "https://ecs-sc.us-east-1.api.aws")
        # The endpoints are the Region's; the cluster is not looked up (no ClusterNotFoundException in the model).
        self.assertEqual(self.ecs.discover_poll_endpoint(cluster="nope", containerInstance="x")["endpoint"],
                         out["endpoint"])
        self.assert_error("AccessDeniedException", self.ecs.submit_task_state_change, cluster="web", task="t",
                          status="RUNNING")
        self.assert_error("AccessDeniedException", self.ecs.submit_container_state_change, cluster="web", task="t",
                          containerName="c", status="RUNNING")
        self.assert_error("AccessDeniedException", self.ecs.submit_attachment_state_changes, cluster="web",
                          attachments=[{"attachmentArn": "a", "status": "ATTACHED"}])
        self.assert_error("ClusterNotFoundException", self.ecs.submit_task_state_change, cluster="nope")
        self.assert_error("InvalidParameterException", self.ecs.execute_command, cluster="web", task="0" * 32,
                          command="/bin/sh", interactive=True)
        self.assert_error("ClusterNotFoundException", self.ecs.execute_command, cluster="nope", task="x",
                          command="/bin/sh", interactive=True)

    def test_cli_v1_and_v2(self):
        ci = self.register()
        _, out, _ = self.server.cli(1, "ecs", "list-container-instances", "--cluster", "web",
                                    "--filter", "attribute:ecs.instance-type == t3.medium")
        self.assertEqual(out["containerInstanceArns"], [ci["containerInstanceArn"]])
        require_cli_v2(self)
        _, out, _ = self.server.cli(2, "ecs", "describe-container-instances", "--cluster", "web",
                                    "--container-instances", ci["containerInstanceArn"])
        self.assertEqual(out["containerInstances"][0]["ec2InstanceId"], "i-0001")
        _, out, _ = self.server.cli(2, "ecs", "put-attributes", "--cluster", "web", "--attributes",
                                    f"name=stack,value=prod,targetId={ci['containerInstanceArn']}")
        self.assertEqual(out["attributes"][0]["name"], "stack")
        rc, _, err = self.server.cli(2, "ecs", "update-container-agent", "--cluster", "web",
                                     "--container-instance", ci["containerInstanceArn"], check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("NoUpdateAvailableException", err)


if __name__ == "__main__":
    unittest.main()
