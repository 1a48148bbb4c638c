"""Auto Scaling: traffic sources (ELBv2 target groups, classic load balancer names, the TrafficSources API),
SetInstanceHealth, EnterStandby/ExitStandby, groups created from an InstanceId, and the launch template and
MixedInstancesPolicy members DescribeAutoScalingGroups reports; through boto3 and the AWS CLI."""
import datetime
import time
import unittest

from harness import BothClis
from test_autoscaling import Base, IMAGE


class TrafficSources(Base):
    def setUp(self):
        super().setUp()
        self.elbv2 = self.server.client("elbv2")
        vpc = self.subnets()[0]["VpcId"]
        self.tg = self.elbv2.create_target_group(Name="tg", Protocol="HTTP", Port=8080, VpcId=vpc)[
            "TargetGroups"][0]["TargetGroupArn"]
        self.template()

    def targets(self):
        out = self.elbv2.describe_target_health(TargetGroupArn=self.tg)["TargetHealthDescriptions"]
        return sorted(t["Target"]["Id"] for t in out if t["TargetHealth"]["State"] != "draining")

    def test_target_groups_given_at_creation_register_in_service_instances(self):
        self.group(desired=2, LaunchTemplate={"LaunchTemplateName": "tmpl"}, TargetGroupARNs=[self.tg])
        ids = self.in_service()
        self.wait_for("both instances registered", lambda: self.targets() == ids)
        states = self.asg.describe_load_balancer_target_groups(AutoScalingGroupName="g")["LoadBalancerTargetGroups"]
        self.assertEqual(states, [{"LoadBalancerTargetGroupARN": self.tg, "State": "InService"}])
        g = self.describe()
        self.assertEqual(g["TargetGroupARNs"], [self.tg])
        self.assertEqual(g["TrafficSources"], [{"Identifier": self.tg, "Type": "elbv2"}])
        sources = self.asg.describe_traffic_sources(AutoScalingGroupName="g")["TrafficSources"]
        self.assertEqual(sources, [{"TrafficSource": self.tg, "Identifier": self.tg, "Type": "elbv2",
                                    "State": "InService"}])
        # Scale-in deregisters the instance that leaves.
        self.asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=1)
        kept = self.in_service(count=1)
        self.wait_for("one target left", lambda: self.targets() == kept)
        # Deleting the group takes every instance out of the target group.
        self.asg.delete_auto_scaling_group(AutoScalingGroupName="g", ForceDelete=True)
        self.wait_for("no targets", lambda: self.targets() == [])

    def test_attach_and_detach_target_groups(self):
        self.group(desired=2, LaunchTemplate={"LaunchTemplateName": "tmpl"})
        ids = self.in_service()
        self.assertEqual(self.targets(), [])
        self.asg.attach_load_balancer_target_groups(AutoScalingGroupName="g", TargetGroupARNs=[self.tg])
        self.assertEqual(self.targets(), ids)
        states = self.asg.describe_load_balancer_target_groups(AutoScalingGroupName="g")["LoadBalancerTargetGroups"]
        self.assertEqual(states, [{"LoadBalancerTargetGroupARN": self.tg, "State": "Added"}])
        self.asg.detach_load_balancer_target_groups(AutoScalingGroupName="g", TargetGroupARNs=[self.tg])
        self.assertEqual(self.targets(), [])
        self.assertEqual(
            self.asg.describe_load_balancer_target_groups(AutoScalingGroupName="g")["LoadBalancerTargetGroups"], [])
        # The TrafficSources API does the same, and detaching what is not attached changes nothing.
        self.asg.attach_traffic_sources(AutoScalingGroupName="g", TrafficSources=[{"Identifier": self.tg}])
        self.assertEqual(self.targets(), ids)
        self.assertEqual(self.describe()["TargetGroupARNs"], [self.tg])
        self.asg.detach_traffic_sources(AutoScalingGroupName="g",
                                        TrafficSources=[{"Identifier": "lb-x", "Type": "elb"}])
        self.assertEqual(self.targets(), ids)
        self.asg.detach_traffic_sources(AutoScalingGroupName="g",
                                        TrafficSources=[{"Identifier": self.tg, "Type": "elbv2"}])
        self.assertEqual(self.targets(), [])

    def test_classic_load_balancer_names(self):
        self.group(desired=0, LaunchTemplate={"LaunchTemplateName": "tmpl"}, LoadBalancerNames=["lb-a"])
        self.asg.attach_load_balancers(AutoScalingGroupName="g", LoadBalancerNames=["lb-b"])
        lbs = self.asg.describe_load_balancers(AutoScalingGroupName="g")["LoadBalancers"]
        self.assertEqual(lbs, [{"LoadBalancerName": "lb-a", "State": "InService"},
                               {"LoadBalancerName": "lb-b", "State": "Added"}])
        self.assertEqual(self.describe()["LoadBalancerNames"], ["lb-a", "lb-b"])
        only_elb = self.asg.describe_traffic_sources(AutoScalingGroupName="g", TrafficSourceType="elb")
        self.assertEqual([t["Identifier"] for t in only_elb["TrafficSources"]], ["lb-a", "lb-b"])
        page = self.asg.describe_load_balancers(AutoScalingGroupName="g", MaxRecords=1)
        self.assertEqual([lb["LoadBalancerName"] for lb in page["LoadBalancers"]], ["lb-a"])
        rest = self.asg.describe_load_balancers(AutoScalingGroupName="g", NextToken=page["NextToken"])
        self.assertEqual([lb["LoadBalancerName"] for lb in rest["LoadBalancers"]], ["lb-b"])
        self.assertNotIn("NextToken", rest)
        self.asg.detach_load_balancers(AutoScalingGroupName="g", LoadBalancerNames=["lb-a"])
        self.assertEqual(self.describe()["LoadBalancerNames"], ["lb-b"])

    def test_errors(self):
        missing = self.tg.replace("/tg/", "/nope/")
        err = self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="bad",
                                MinSize=0, MaxSize=1, LaunchTemplate={"LaunchTemplateName": "tmpl"},
                                AvailabilityZones=["us-east-1a"], TargetGroupARNs=[missing])
        self.assertIn("Provided Target Groups may not be valid", str(err))
        self.assertEqual(self.asg.describe_auto_scaling_groups(AutoScalingGroupNames=["bad"])["AutoScalingGroups"],
                         [])
        self.group(desired=0, LaunchTemplate={"LaunchTemplateName": "tmpl"})
        self.assert_error("ValidationError", self.asg.attach_load_balancer_target_groups, AutoScalingGroupName="g",
                          TargetGroupARNs=[missing])
        self.assert_error("ValidationError", self.asg.attach_traffic_sources, AutoScalingGroupName="g",
                          TrafficSources=[{"Identifier": "x", "Type": "nlb"}])
        for op in (self.asg.describe_load_balancers, self.asg.describe_load_balancer_target_groups,
                   self.asg.describe_traffic_sources):
            self.assert_error("ValidationError", op, AutoScalingGroupName="nope")
            self.assert_error("InvalidNextToken", op, AutoScalingGroupName="g", NextToken="junk")
        self.assert_error("ValidationError", self.asg.attach_load_balancers, AutoScalingGroupName="nope",
                          LoadBalancerNames=["x"])


class InstanceStates(Base):
    def setUp(self):
        super().setUp()
        self.template()
        self.group(desired=2, LaunchTemplate={"LaunchTemplateName": "tmpl"})
        self.ids = self.in_service()

    def test_set_instance_health_replaces_an_unhealthy_instance(self):
        sick = self.ids[0]
        self.asg.set_instance_health(InstanceId=sick, HealthStatus="Unhealthy")
        health = {i["InstanceId"]: i["HealthStatus"] for i in self.describe()["Instances"]}
        self.assertEqual(health[sick], "Unhealthy")
        self.wait_for("a replacement", lambda: sick not in self.in_service())
        self.wait_for("the unhealthy instance terminated", lambda: self.ec2_states([sick])[sick] == "terminated")
        causes = [a["Cause"] for a in self.activities() if a["Description"] == f"Terminating EC2 instance: {sick}"]
        self.assertEqual(len(causes), 1)
        self.assertIn("user health-check", causes[0])
        # Healthy again is accepted for a member; unknown instances and bad values are refused.
        healthy = self.in_service()[0]
        self.asg.set_instance_health(InstanceId=healthy, HealthStatus="Healthy", ShouldRespectGracePeriod=False)
        self.assert_error("ValidationError", self.asg.set_instance_health, InstanceId="i-0123456789abcdef0",
                          HealthStatus="Unhealthy")
        self.assert_error("ValidationError", self.asg.set_instance_health, InstanceId=healthy, HealthStatus="Sick")

    def test_grace_period_ignores_an_early_unhealthy_report(self):
        self.asg.update_auto_scaling_group(AutoScalingGroupName="g", HealthCheckGracePeriod=3600)
        self.asg.set_instance_health(InstanceId=self.ids[0], HealthStatus="Unhealthy")
        health = {i["InstanceId"]: i["HealthStatus"] for i in self.describe()["Instances"]}
        self.assertEqual(health[self.ids[0]], "Healthy")
        self.asg.set_instance_health(InstanceId=self.ids[0], HealthStatus="Unhealthy", ShouldRespectGracePeriod=False)
        health = {i["InstanceId"]: i["HealthStatus"] for i in self.describe()["Instances"]}
        self.assertEqual(health[self.ids[0]], "Unhealthy")

    def test_standby_without_and_with_decrement(self):
        first, second = self.ids
        out = self.asg.enter_standby(AutoScalingGroupName="g", InstanceIds=[first],
                                     ShouldDecrementDesiredCapacity=False)
        self.assertEqual(out["Activities"][0]["Description"], f"Moving EC2 instance to Standby: {first}")
        g = self.describe()
        self.assertEqual(g["DesiredCapacity"], 2)
        states = {i["InstanceId"]: i["LifecycleState"] for i in g["Instances"]}
        self.assertEqual(states[first], "Standby")
        self.assertEqual(len(states), 3)  # a replacement keeps the capacity
        self.wait_for("two InService besides the standby one", lambda: len(
            [i for i in self.describe()["Instances"] if i["LifecycleState"] == "InService"]) == 2)
        self.assertEqual(self.ec2_states([first])[first], "running")
        # ExitStandby brings it back (desired + 1) through Pending.
        self.asg.update_auto_scaling_group(AutoScalingGroupName="g", MaxSize=3)
        out = self.asg.exit_standby(AutoScalingGroupName="g", InstanceIds=[first])
        self.assertEqual(out["Activities"][0]["StatusCode"], "PreInService")
        self.assertEqual(self.describe()["DesiredCapacity"], 3)
        self.assertIn(first, self.in_service(count=3))
        # With the decrement the group shrinks instead of replacing.
        self.asg.enter_standby(AutoScalingGroupName="g", InstanceIds=[second], ShouldDecrementDesiredCapacity=True)
        g = self.describe()
        self.assertEqual(g["DesiredCapacity"], 2)
        self.assertEqual(len(g["Instances"]), 3)

    def test_standby_errors(self):
        first = self.ids[0]
        self.assert_error("ValidationError", self.asg.exit_standby, AutoScalingGroupName="g", InstanceIds=[first])
        self.assert_error("ValidationError", self.asg.enter_standby, AutoScalingGroupName="g",
                          InstanceIds=["i-0123456789abcdef0"], ShouldDecrementDesiredCapacity=False)
        self.asg.update_auto_scaling_group(AutoScalingGroupName="g", MinSize=2)
        self.assert_error("ValidationError", self.asg.enter_standby, AutoScalingGroupName="g", InstanceIds=[first],
                          ShouldDecrementDesiredCapacity=True)
        self.asg.enter_standby(AutoScalingGroupName="g", InstanceIds=[first], ShouldDecrementDesiredCapacity=False)
        self.assert_error("ValidationError", self.asg.enter_standby, AutoScalingGroupName="g", InstanceIds=[first],
                          ShouldDecrementDesiredCapacity=False)
        # Leaving standby must fit under MaxSize (the group is at 2 of max 5 here, so cap it first).
        self.asg.update_auto_scaling_group(AutoScalingGroupName="g", MaxSize=2)
        self.assert_error("ValidationError", self.asg.exit_standby, AutoScalingGroupName="g", InstanceIds=[first])


class GroupMembers(Base):
    def test_group_from_an_instance_id_makes_a_launch_configuration(self):
        subnet = self.subnets()[0]["SubnetId"]
        inst = self.ec2.run_instances(ImageId=IMAGE, InstanceType="t3.small", MinCount=1, MaxCount=1,
                                      SubnetId=subnet)["Instances"][0]["InstanceId"]
        self.asg.create_auto_scaling_group(AutoScalingGroupName="from-i", InstanceId=inst, MinSize=0, MaxSize=2,
                                           DesiredCapacity=1, VPCZoneIdentifier=subnet)
        lcs = self.asg.describe_launch_configurations(LaunchConfigurationNames=["from-i"])["LaunchConfigurations"]
        self.assertEqual(len(lcs), 1)
        self.assertEqual((lcs[0]["ImageId"], lcs[0]["InstanceType"]), (IMAGE, "t3.small"))
        self.assertEqual(self.describe("from-i")["LaunchConfigurationName"], "from-i")
        launched = self.in_service("from-i", count=1)
        self.assertNotIn(inst, launched)  # the instance itself is not attached
        err = self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="x",
                                InstanceId="i-00000000000000000", MinSize=0, MaxSize=1, VPCZoneIdentifier=subnet)
        self.assertEqual(err.response["Error"]["Message"], "Instance [i-00000000000000000] is invalid.")
        # A name already taken by a launch configuration is refused, and nothing is created.
        self.assert_error("AlreadyExists", self.asg.create_auto_scaling_group, AutoScalingGroupName="from-i",
                          InstanceId=inst, MinSize=0, MaxSize=1, VPCZoneIdentifier=subnet)

    def test_launch_template_version_and_mixed_policy_as_described(self):
        lt = self.template()
        self.group(name="nov", desired=1, LaunchTemplate={"LaunchTemplateName": "tmpl"})
        self.assertNotIn("Version", self.describe("nov")["LaunchTemplate"])
        self.in_service("nov", count=1)
        inst = self.asg.describe_auto_scaling_instances()["AutoScalingInstances"][0]
        self.assertEqual(inst["LaunchTemplate"]["Version"], "1")  # the version launched from
        self.group(name="mixed", desired=0, MixedInstancesPolicy={"LaunchTemplate": {
            "LaunchTemplateSpecification": {"LaunchTemplateName": "tmpl", "Version": "$Latest"}}})
        self.assertEqual(self.describe("mixed")["MixedInstancesPolicy"], {
            "LaunchTemplate": {
                "LaunchTemplateSpecification": {"LaunchTemplateId": lt["LaunchTemplateId"],
                                                "LaunchTemplateName": "tmpl", "Version": "$Latest"},
                "Overrides": []},
            "InstancesDistribution": {"OnDemandAllocationStrategy": "prioritized", "OnDemandBaseCapacity": 0,
                                      "OnDemandPercentageAboveBaseCapacity": 100,
                                      "SpotAllocationStrategy": "lowest-price", "SpotInstancePools": 2}})
        err = self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="bad",
                                MinSize=0, MaxSize=1, AvailabilityZones=["us-east-1a"],
                                LaunchTemplate={"LaunchTemplateName": "tmpl", "Version": "latest"})
        self.assertIn("either '$Default', '$Latest', or a numeric version", str(err))
        err = self.assert_error("ValidationError", self.asg.update_auto_scaling_group, AutoScalingGroupName="nope",
                                MinSize=1)
        self.assertEqual(err.response["Error"]["Message"], "AutoScalingGroup name not found - null")

    def test_suspension_reason_names_the_time_of_suspension(self):
        self.template()
        self.group(desired=0, LaunchTemplate={"LaunchTemplateName": "tmpl"})

        def reasons():
            out = {}
            for p in self.describe()["SuspendedProcesses"]:
                self.assertTrue(p["SuspensionReason"].startswith("User suspended at "), p)
                out[p["ProcessName"]] = datetime.datetime.strptime(
                    p["SuspensionReason"][len("User suspended at "):], "%Y-%m-%dT%H:%M:%SZ")
            return out

        self.asg.suspend_processes(AutoScalingGroupName="g", ScalingProcesses=["Launch"])
        first = reasons()["Launch"]
        time.sleep(1.1)  # the reason has whole seconds: the second suspension is at least one second later
        self.asg.suspend_processes(AutoScalingGroupName="g", ScalingProcesses=["Terminate"])
        both = reasons()
        self.assertEqual(both["Launch"], first)
        self.assertGreater(both["Terminate"], first)

    def test_describe_tags_propagate_filter_reads_a_boolean(self):
        self.template()
        self.group(desired=0, LaunchTemplate={"LaunchTemplateName": "tmpl"},
                   Tags=[{"Key": "a", "Value": "1", "PropagateAtLaunch": True},
                         {"Key": "b", "Value": "2", "PropagateAtLaunch": False}])
        for value in ("true", "True", "TRUE"):
            tags = self.asg.describe_tags(Filters=[{"Name": "propagate-at-launch", "Values": [value]}])["Tags"]
            self.assertEqual([t["Key"] for t in tags], ["a"], value)
        tags = self.asg.describe_tags(Filters=[{"Name": "propagate-at-launch", "Values": ["False"]}])["Tags"]
        self.assertEqual([t["Key"] for t in tags], ["b"])


class Listings(Base):
    def test_metric_collection_and_notification_types(self):
        out = self.asg.describe_metric_collection_types()
        metrics = [m["Metric"] for m in out["Metrics"]]
        self.assertEqual(len(metrics), 20)
        self.assertEqual(metrics[:3], ["GroupMinSize", "GroupMaxSize", "GroupDesiredCapacity"])
        self.assertIn("GroupAndWarmPoolTotalCapacity", metrics)
        self.assertEqual(out["Granularities"], [{"Granularity": "1Minute"}])
        types = self.asg.describe_auto_scaling_notification_types()["AutoScalingNotificationTypes"]
        self.assertEqual(types, ["autoscaling:EC2_INSTANCE_LAUNCH", "autoscaling:EC2_INSTANCE_LAUNCH_ERROR",
                                 "autoscaling:EC2_INSTANCE_TERMINATE", "autoscaling:EC2_INSTANCE_TERMINATE_ERROR",
                                 "autoscaling:TEST_NOTIFICATION"])


class Cli(BothClis, Base):
    def run_cli(self, version):
        self.template(name=f"cli{version}")
        self.group(name="c", desired=0, LaunchTemplate={"LaunchTemplateName": f"cli{version}"})
        cli = self.server.cli
        cli(version, "autoscaling", "attach-load-balancers", "--auto-scaling-group-name", "c",
            "--load-balancer-names", "lb-1")
        _, out, _ = cli(version, "autoscaling", "describe-traffic-sources", "--auto-scaling-group-name", "c",
                        "--traffic-source-type", "elb")
        # TrafficSource (deprecated, still sent) is the member every CLI version's model knows.
        self.assertEqual([(t["TrafficSource"], t["State"]) for t in out["TrafficSources"]], [("lb-1", "Added")])
        rc, _, err = cli(version, "autoscaling", "describe-load-balancer-target-groups", "--auto-scaling-group-name",
                         "nope", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("ValidationError", err)


if __name__ == "__main__":
    unittest.main()
