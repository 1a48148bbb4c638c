"""Auto Scaling: launch configurations, groups that keep their desired capacity with real EC2 instances that join
ECS clusters, instance protection, attach/detach, lifecycle hooks, tags, activities, ECS managed scaling; through
boto3 and the AWS CLI v1 and v2."""
import base64
import time
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2

IMAGE = "ami-0123456789abcdef0"


def user_data(cluster):
    return base64.b64encode(f"#!/bin/bash\necho ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config\n".encode()).decode()


class Base(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.asg = self.server.client("autoscaling")
        self.ec2 = self.server.client("ec2")

    def wait_for(self, what, fn, timeout=30):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            last = fn()
            if last:
                return last
            time.sleep(0.2)
        self.fail(f"timed out waiting for {what}; last: {last!r}")

    def subnets(self):
        out = self.ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
        return sorted(out, key=lambda s: s["AvailabilityZone"])

    def template(self, name="tmpl", cluster="x", **extra):
        data = {"ImageId": IMAGE, "InstanceType": "t3.medium", "UserData": user_data(cluster), **extra}
        return self.ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData=data)["LaunchTemplate"]

    def group(self, name="g", desired=2, min_size=0, max_size=5, subnets=2, **extra):
        ids = ",".join(s["SubnetId"] for s in self.subnets()[:subnets])
        self.asg.create_auto_scaling_group(AutoScalingGroupName=name, MinSize=min_size, MaxSize=max_size,
                                           DesiredCapacity=desired, VPCZoneIdentifier=ids, **extra)

    def describe(self, name="g"):
        return self.asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]

    def in_service(self, name="g", count=None):
        def check():
            g = self.describe(name)
            ids = sorted(i["InstanceId"] for i in g["Instances"] if i["LifecycleState"] == "InService")
            want = g["DesiredCapacity"] if count is None else count
            return ids if len(ids) == want and len(g["Instances"]) == want else None
        return self.wait_for(f"{count} InService instances in {name}", check)

    def ec2_states(self, ids):
        out = self.ec2.describe_instances(InstanceIds=ids)["Reservations"]
        return {i["InstanceId"]: i["State"]["Name"] for r in out for i in r["Instances"]}

    def active_container_instances(self, cluster):
        arns = self.ecs.list_container_instances(cluster=cluster, status="ACTIVE")["containerInstanceArns"]
        if not arns:
            return {}
        described = self.ecs.describe_container_instances(cluster=cluster, containerInstances=arns)
        return {ci["ec2InstanceId"]: ci["status"] for ci in described["containerInstances"]}

    def activities(self, name="g"):
        return self.asg.describe_scaling_activities(AutoScalingGroupName=name)["Activities"]


class Groups(Base):
    def test_group_keeps_capacity_and_instances_join_the_cluster(self):
        self.ecs.create_cluster(clusterName="x")
        lt = self.template()
        self.group(LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"], "Version": "$Latest"},
                   Tags=[{"Key": "team", "Value": "blue", "PropagateAtLaunch": True},
                         {"Key": "private", "Value": "1", "PropagateAtLaunch": False}])
        ids = self.in_service()
        g = self.describe()
        self.assertEqual(g["AutoScalingGroupARN"].split(":")[:5], ["arn", "aws", "autoscaling", "us-east-1", ACCOUNT])
        zones = sorted(i["AvailabilityZone"] for i in g["Instances"])
        self.assertEqual(len(set(zones)), 2, "instances spread across the two zones")
        self.assertEqual(set(self.ec2_states(ids).values()), {"running"})
        tags = self.ec2.describe_instances(InstanceIds=ids[:1])["Reservations"][0]["Instances"][0]["Tags"]
        tags = {t["Key"]: t["Value"] for t in tags}
        self.assertEqual(tags["team"], "blue")
        self.assertEqual(tags["aws:autoscaling:groupName"], "g")
        self.assertNotIn("private", tags)
        self.wait_for("2 ACTIVE container instances in x",
                      lambda: sorted(self.active_container_instances("x")) == ids)
        launches = [a for a in self.activities() if a["Description"].startswith("Launching a new EC2 instance: ")]
        self.assertEqual(len(launches), 2)
        self.assertEqual({a["StatusCode"] for a in launches}, {"Successful"})
        self.assertIn("an instance was started in response to a difference between desired and actual capacity, "
                      "increasing the capacity from 0 to 2", launches[0]["Cause"])

        # Terminated outside Auto Scaling: replaced, and the replacement joins the cluster.
        victim = ids[0]
        self.ec2.terminate_instances(InstanceIds=[victim])
        replaced = self.wait_for("a replacement instance", lambda: (lambda now: now if victim not in now and
                                                                     len(now) == 2 else None)(self.in_service()))
        self.wait_for("the replacement's container instance",
                      lambda: sorted(self.active_container_instances("x")) == replaced)
        causes = [a["Cause"] for a in self.activities() if a["Description"] == f"Terminating EC2 instance: {victim}"]
        self.assertEqual(len(causes), 1)
        self.assertIn("EC2 health check indicating it has been terminated or stopped", causes[0])

        # Scale out and in.
        self.asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=3)
        three = self.in_service(count=3)
        self.wait_for("3 container instances", lambda: len(self.active_container_instances("x")) == 3)
        self.asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=1)
        one = self.in_service(count=1)
        gone = [i for i in three if i not in one]
        self.wait_for("scaled-in instances terminated",
                      lambda: set(self.ec2_states(gone).values()) <= {"shutting-down", "terminated"})
        self.wait_for("1 container instance", lambda: list(self.active_container_instances("x")) == one)
        cause = [a["Cause"] for a in self.activities() if a["Description"] == f"Terminating EC2 instance: {gone[0]}"]
        self.assertIn("a user request explicitly set group desired capacity changing the desired capacity from 3 to 1",
                      cause[0])
        self.assertIn("shrinking the capacity from 3 to 1", cause[0])

        instances = self.asg.describe_auto_scaling_instances(InstanceIds=one)["AutoScalingInstances"]
        self.assertEqual(instances[0]["AutoScalingGroupName"], "g")
        self.assertEqual(instances[0]["HealthStatus"], "HEALTHY")
        self.assertEqual(instances[0]["LaunchTemplate"]["LaunchTemplateId"], lt["LaunchTemplateId"])

        self.assert_error("ResourceInUse", self.asg.delete_auto_scaling_group, AutoScalingGroupName="g")
        self.asg.delete_auto_scaling_group(AutoScalingGroupName="g", ForceDelete=True)
        self.assertEqual(self.asg.describe_auto_scaling_groups()["AutoScalingGroups"], [])
        self.wait_for("the last instance terminated",
                      lambda: set(self.ec2_states(one).values()) <= {"shutting-down", "terminated"})

    def test_validation_errors(self):
        lt = self.template()
        spec = {"LaunchTemplateId": lt["LaunchTemplateId"]}
        subnet = self.subnets()[0]["SubnetId"]
        err = self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="g",
                                MinSize=3, MaxSize=1, LaunchTemplate=spec, VPCZoneIdentifier=subnet)
        self.assertIn("Max bound, 1, must be greater than or equal to min bound, 3", str(err))
        err = self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="g",
                                MinSize=1, MaxSize=2, DesiredCapacity=5, LaunchTemplate=spec, VPCZoneIdentifier=subnet)
        self.assertIn("Desired capacity:5 must be between the specified min size:1 and max size:2", str(err))
        self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="g",
                          MinSize=0, MaxSize=1, VPCZoneIdentifier=subnet)
        self.asg.create_launch_configuration(LaunchConfigurationName="lc", ImageId=IMAGE, InstanceType="t3.micro")
        self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="g",
                          MinSize=0, MaxSize=1, VPCZoneIdentifier=subnet, LaunchTemplate=spec,
                          LaunchConfigurationName="lc")
        self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="g",
                          MinSize=0, MaxSize=1, VPCZoneIdentifier=subnet, LaunchConfigurationName="nope")
        self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="g",
                          MinSize=0, MaxSize=1, VPCZoneIdentifier=subnet,
                          LaunchTemplate={"LaunchTemplateName": "missing"})
        self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="g",
                          MinSize=0, MaxSize=1, VPCZoneIdentifier=subnet,
                          LaunchTemplate={**spec, "Version": "9"})
        self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="g",
                          MinSize=0, MaxSize=1, VPCZoneIdentifier="subnet-00000000000000000", LaunchTemplate=spec)
        self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="g",
                          MinSize=0, MaxSize=1, LaunchTemplate=spec)
        self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="g",
                          MinSize=0, MaxSize=1, LaunchTemplate=spec, AvailabilityZones=["mars-1a"])
        self.assert_error("ValidationError", self.asg.create_auto_scaling_group, AutoScalingGroupName="g",
                          MinSize=0, MaxSize=1, LaunchTemplate=spec, VPCZoneIdentifier=subnet,
                          TerminationPolicies=["Whatever"])
        self.asg.create_auto_scaling_group(AutoScalingGroupName="g", MinSize=1, MaxSize=2, DesiredCapacity=1,
                                           LaunchTemplate=spec, AvailabilityZones=["us-east-1a"])
        g = self.describe()
        self.assertEqual((g["AvailabilityZones"], g["VPCZoneIdentifier"]), (["us-east-1a"], ""))
        self.assert_error("AlreadyExists", self.asg.create_auto_scaling_group, AutoScalingGroupName="g",
                          MinSize=0, MaxSize=1, LaunchTemplate=spec, VPCZoneIdentifier=subnet)
        err = self.assert_error("ValidationError", self.asg.set_desired_capacity, AutoScalingGroupName="g",
                                DesiredCapacity=3)
        self.assertIn("New SetDesiredCapacity value 3 is above max value 2", str(err))
        self.assert_error("ValidationError", self.asg.set_desired_capacity, AutoScalingGroupName="g",
                          DesiredCapacity=0)
        self.assert_error("ValidationError", self.asg.update_auto_scaling_group, AutoScalingGroupName="g",
                          MinSize=3)
        for fn in (self.asg.set_desired_capacity, self.asg.update_auto_scaling_group):
            kw = {"DesiredCapacity": 1} if fn == self.asg.set_desired_capacity else {}
            self.assert_error("ValidationError", fn, AutoScalingGroupName="none", **kw)
        self.assert_error("ValidationError", self.asg.delete_auto_scaling_group, AutoScalingGroupName="none")
        self.assert_error("ValidationError", self.asg.terminate_instance_in_auto_scaling_group,
                          InstanceId="i-0123456789abcdef0", ShouldDecrementDesiredCapacity=False)
        # Update moves desired with a new max, and keeps it within bounds.
        self.asg.update_auto_scaling_group(AutoScalingGroupName="g", MinSize=0, MaxSize=1)
        self.assertEqual(self.describe()["DesiredCapacity"], 1)
        self.asg.update_auto_scaling_group(AutoScalingGroupName="g", MaxSize=0)
        self.assertEqual(self.describe()["DesiredCapacity"], 0)

    def test_honor_cooldown(self):
        lt = self.template()
        self.group(desired=1, LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"]}, DefaultCooldown=300)
        self.in_service()
        self.assert_error("ScalingActivityInProgress", self.asg.set_desired_capacity, AutoScalingGroupName="g",
                          DesiredCapacity=2, HonorCooldown=True)
        self.asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=2)
        self.assertEqual(self.describe()["DesiredCapacity"], 2)

    def test_protection_and_termination_policies(self):
        lt = self.template()
        self.group(desired=1, LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"]})
        first = self.in_service()[0]
        self.asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=3)
        three = self.in_service(count=3)
        # NewestInstance keeps the first one.
        self.asg.update_auto_scaling_group(AutoScalingGroupName="g", TerminationPolicies=["NewestInstance"])
        self.asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=2)
        two = self.in_service(count=2)
        self.assertIn(first, two)
        # OldestInstance would pick the first one, but it is protected.
        self.asg.update_auto_scaling_group(AutoScalingGroupName="g", TerminationPolicies=["OldestInstance"])
        self.asg.set_instance_protection(AutoScalingGroupName="g", InstanceIds=[first], ProtectedFromScaleIn=True)
        self.asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=1)
        self.assertEqual(self.in_service(count=1), [first])
        self.assertTrue(self.describe()["Instances"][0]["ProtectedFromScaleIn"])
        self.assert_error("ValidationError", self.asg.set_instance_protection, AutoScalingGroupName="g",
                          InstanceIds=[three[0] if three[0] != first else three[1]], ProtectedFromScaleIn=True)
        # Protected instances stay even at 0 desired.
        self.asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=0)
        time.sleep(1.5)  # one reconcile tick must not remove it
        self.assertEqual([i["InstanceId"] for i in self.describe()["Instances"]], [first])

    def test_detach_attach_and_terminate_in_group(self):
        lt = self.template()
        self.group(desired=2, min_size=1, LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"]})
        a, b = self.in_service()
        out = self.asg.detach_instances(AutoScalingGroupName="g", InstanceIds=[a], ShouldDecrementDesiredCapacity=True)
        self.assertEqual(out["Activities"][0]["Description"], f"Detaching EC2 instance: {a}")
        self.assertEqual(self.describe()["DesiredCapacity"], 1)
        self.assertEqual(self.ec2_states([a])[a], "running")
        self.assert_error("ValidationError", self.asg.detach_instances, AutoScalingGroupName="g", InstanceIds=[a],
                          ShouldDecrementDesiredCapacity=True)
        self.assert_error("ValidationError", self.asg.detach_instances, AutoScalingGroupName="g", InstanceIds=[b],
                          ShouldDecrementDesiredCapacity=True)  # below min size
        self.asg.attach_instances(AutoScalingGroupName="g", InstanceIds=[a])
        self.assertEqual(self.describe()["DesiredCapacity"], 2)
        self.assertEqual(sorted(self.in_service()), sorted([a, b]))
        self.assert_error("ValidationError", self.asg.attach_instances, AutoScalingGroupName="g", InstanceIds=[a])
        self.assert_error("ValidationError", self.asg.attach_instances, AutoScalingGroupName="g",
                          InstanceIds=["i-0000000000000000f"])
        out = self.asg.terminate_instance_in_auto_scaling_group(InstanceId=a, ShouldDecrementDesiredCapacity=True)
        self.assertEqual(out["Activity"]["Description"], f"Terminating EC2 instance: {a}")
        self.assertEqual(self.describe()["DesiredCapacity"], 1)
        self.assertEqual(self.in_service(), [b])
        self.assert_error("ValidationError", self.asg.terminate_instance_in_auto_scaling_group, InstanceId=b,
                          ShouldDecrementDesiredCapacity=True)  # would go below min size
        self.asg.terminate_instance_in_auto_scaling_group(InstanceId=b, ShouldDecrementDesiredCapacity=False)
        self.wait_for("a replacement for b", lambda: (lambda ids: ids if ids != [b] else None)(self.in_service()))

    def test_suspend_and_resume_launch(self):
        lt = self.template()
        self.group(desired=0, LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"]})
        self.asg.suspend_processes(AutoScalingGroupName="g", ScalingProcesses=["Launch"])
        self.assertEqual([p["ProcessName"] for p in self.describe()["SuspendedProcesses"]], ["Launch"])
        self.asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=1)
        time.sleep(1.5)
        self.assertEqual(self.describe()["Instances"], [])
        self.asg.resume_processes(AutoScalingGroupName="g")
        self.in_service(count=1)
        self.assert_error("ValidationError", self.asg.suspend_processes, AutoScalingGroupName="g",
                          ScalingProcesses=["Dance"])


class ScalingPolicies(Base):
    def setUp(self):
        super().setUp()
        lt = self.template()
        self.group(desired=2, min_size=1, max_size=6,
                   LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"], "Version": "$Latest"})

    def put(self, name, **kwargs):
        return self.asg.put_scaling_policy(AutoScalingGroupName="g", PolicyName=name, **kwargs)

    def test_put_describe_replace_delete(self):
        arn = self.put("up", AdjustmentType="ChangeInCapacity", ScalingAdjustment=1, Cooldown=60)["PolicyARN"]
        self.assertTrue(arn.startswith("arn:aws:autoscaling:") and arn.endswith(":autoScalingGroupName/g:policyName/up"))
        tracking = self.put("track", PolicyType="TargetTrackingScaling", TargetTrackingConfiguration={
            "PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
            "TargetValue": 50.0})
        self.assertEqual(len(tracking["Alarms"]), 2)
        [up] = self.asg.describe_policies(PolicyNames=["up"])["ScalingPolicies"]
        self.assertEqual((up["PolicyType"], up["ScalingAdjustment"], up["Cooldown"], up["Enabled"]),
                         ("SimpleScaling", 1, 60, True))
        self.assertEqual(self.put("up", AdjustmentType="ExactCapacity", ScalingAdjustment=3)["PolicyARN"], arn)
        [up] = self.asg.describe_policies(AutoScalingGroupName="g", PolicyTypes=["SimpleScaling"])["ScalingPolicies"]
        self.assertEqual((up["AdjustmentType"], "Cooldown" in up), ("ExactCapacity", False))
        page = self.asg.describe_policies(MaxRecords=1)
        self.assertEqual(len(page["ScalingPolicies"]), 1)
        rest = self.asg.describe_policies(MaxRecords=1, NextToken=page["NextToken"])
        self.assertNotIn("NextToken", rest)
        self.asg.delete_policy(PolicyName=arn)
        self.asg.delete_policy(AutoScalingGroupName="g", PolicyName="track")
        self.assertEqual(self.asg.describe_policies()["ScalingPolicies"], [])
        self.assert_error("ValidationError", self.asg.delete_policy, PolicyName="up")

    def test_validation(self):
        self.assert_error("ValidationError", self.asg.put_scaling_policy, AutoScalingGroupName="nope",
                          PolicyName="p", AdjustmentType="ChangeInCapacity", ScalingAdjustment=1)
        self.assert_error("ValidationError", self.put, name="p", AdjustmentType="Sideways", ScalingAdjustment=1)
        self.assert_error("ValidationError", self.put, name="p", AdjustmentType="ChangeInCapacity")
        self.assert_error("ValidationError", self.put, name="p", PolicyType="StepScaling", AdjustmentType="ChangeInCapacity")
        self.assert_error("ValidationError", self.put, name="p", PolicyType="TargetTrackingScaling")
        self.put("track", PolicyType="TargetTrackingScaling", TargetTrackingConfiguration={
            "PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
            "TargetValue": 50.0})
        self.assert_error("ValidationError", self.asg.execute_policy, PolicyName="track")
        self.assert_error("ValidationError", self.asg.execute_policy, PolicyName="missing")

    def test_execute_adjusts_within_the_size_limits(self):
        self.put("exact", AdjustmentType="ExactCapacity", ScalingAdjustment=10)
        self.put("pct", AdjustmentType="PercentChangeInCapacity", ScalingAdjustment=-10)
        self.put("step", PolicyType="StepScaling", AdjustmentType="ChangeInCapacity", StepAdjustments=[
            {"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 10, "ScalingAdjustment": 1},
            {"MetricIntervalLowerBound": 10, "ScalingAdjustment": 2}])
        self.asg.execute_policy(PolicyName="exact")
        self.assertEqual(self.describe()["DesiredCapacity"], 6)  # the maximum size
        self.asg.execute_policy(PolicyName="pct")  # -0.6 rounds to -1
        self.assertEqual(self.describe()["DesiredCapacity"], 5)
        self.assert_error("ValidationError", self.asg.execute_policy, PolicyName="step")
        self.asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=2)
        self.asg.execute_policy(PolicyName="step", MetricValue=75.0, BreachThreshold=70.0)
        self.assertEqual(self.describe()["DesiredCapacity"], 3)
        self.asg.execute_policy(PolicyName="step", MetricValue=95.0, BreachThreshold=70.0)
        self.assertEqual(self.describe()["DesiredCapacity"], 5)
        self.assert_error("ScalingActivityInProgress", self.asg.execute_policy, PolicyName="exact",
                          HonorCooldown=True)


class HooksTagsAndConfigurations(Base):
    def test_launch_configurations(self):
        self.asg.create_launch_configuration(LaunchConfigurationName="lc", ImageId=IMAGE, InstanceType="t3.micro",
                                             UserData="#!/bin/bash\necho ECS_CLUSTER=lcx >> /etc/ecs/ecs.config\n",
                                             SecurityGroups=[])
        lcs = self.asg.describe_launch_configurations()["LaunchConfigurations"]
        self.assertEqual([lc["LaunchConfigurationName"] for lc in lcs], ["lc"])
        self.assertTrue(lcs[0]["LaunchConfigurationARN"].startswith(
            f"arn:aws:autoscaling:us-east-1:{ACCOUNT}:launchConfiguration:"))
        self.assertEqual(lcs[0]["InstanceType"], "t3.micro")
        self.assert_error("AlreadyExists", self.asg.create_launch_configuration, LaunchConfigurationName="lc",
                          ImageId=IMAGE, InstanceType="t3.micro")
        self.assert_error("ValidationError", self.asg.create_launch_configuration, LaunchConfigurationName="x",
                          InstanceType="t3.micro")
        self.ecs.create_cluster(clusterName="lcx")
        self.group(desired=1, LaunchConfigurationName="lc")
        ids = self.in_service()
        self.wait_for("the instance joins lcx", lambda: list(self.active_container_instances("lcx")) == ids)
        self.assertEqual(self.describe()["Instances"][0]["LaunchConfigurationName"], "lc")
        self.assert_error("ResourceInUse", self.asg.delete_launch_configuration, LaunchConfigurationName="lc")
        self.asg.delete_auto_scaling_group(AutoScalingGroupName="g", ForceDelete=True)
        self.asg.delete_launch_configuration(LaunchConfigurationName="lc")
        self.assert_error("ValidationError", self.asg.delete_launch_configuration, LaunchConfigurationName="lc")
        limits = self.asg.describe_account_limits()
        self.assertEqual((limits["MaxNumberOfAutoScalingGroups"], limits["NumberOfLaunchConfigurations"]), (500, 0))

    def test_lifecycle_hooks(self):
        lt = self.template()
        self.group(desired=0, LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"]})
        self.asg.put_lifecycle_hook(AutoScalingGroupName="g", LifecycleHookName="launch",
                                    LifecycleTransition="autoscaling:EC2_INSTANCE_LAUNCHING", HeartbeatTimeout=300,
                                    DefaultResult="CONTINUE")
        self.asg.put_lifecycle_hook(AutoScalingGroupName="g", LifecycleHookName="stop",
                                    LifecycleTransition="autoscaling:EC2_INSTANCE_TERMINATING")
        hooks = self.asg.describe_lifecycle_hooks(AutoScalingGroupName="g")["LifecycleHooks"]
        self.assertEqual({h["LifecycleHookName"]: h["DefaultResult"] for h in hooks},
                         {"launch": "CONTINUE", "stop": "ABANDON"})
        self.assertEqual(self.asg.describe_lifecycle_hooks(AutoScalingGroupName="g", LifecycleHookNames=["stop"])
                         ["LifecycleHooks"][0]["HeartbeatTimeout"], 3600)
        self.asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=1)
        waiting = self.wait_for("Pending:Wait", lambda: [i["InstanceId"] for i in self.describe()["Instances"]
                                                         if i["LifecycleState"] == "Pending:Wait"])
        self.asg.record_lifecycle_action_heartbeat(AutoScalingGroupName="g", LifecycleHookName="launch",
                                                   InstanceId=waiting[0])
        self.asg.complete_lifecycle_action(AutoScalingGroupName="g", LifecycleHookName="launch",
                                           InstanceId=waiting[0], LifecycleActionResult="CONTINUE")
        self.assertEqual(self.in_service(count=1), waiting)
        self.assert_error("ValidationError", self.asg.complete_lifecycle_action, AutoScalingGroupName="g",
                          LifecycleHookName="launch", InstanceId=waiting[0], LifecycleActionResult="CONTINUE")
        self.asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=0)
        self.wait_for("Terminating:Wait", lambda: [i for i in self.describe()["Instances"]
                                                   if i["LifecycleState"] == "Terminating:Wait"])
        self.assertEqual(self.ec2_states(waiting)[waiting[0]], "running")
        self.asg.complete_lifecycle_action(AutoScalingGroupName="g", LifecycleHookName="stop",
                                           InstanceId=waiting[0], LifecycleActionResult="CONTINUE")
        self.wait_for("the instance leaves the group", lambda: self.describe()["Instances"] == [])
        self.asg.delete_lifecycle_hook(AutoScalingGroupName="g", LifecycleHookName="stop")
        self.assertEqual(len(self.asg.describe_lifecycle_hooks(AutoScalingGroupName="g")["LifecycleHooks"]), 1)
        self.assert_error("ValidationError", self.asg.delete_lifecycle_hook, AutoScalingGroupName="g",
                          LifecycleHookName="stop")
        self.assert_error("ValidationError", self.asg.put_lifecycle_hook, AutoScalingGroupName="g",
                          LifecycleHookName="new")
        self.assert_error("ValidationError", self.asg.put_lifecycle_hook, AutoScalingGroupName="g",
                          LifecycleHookName="new", LifecycleTransition="autoscaling:EC2_INSTANCE_LAUNCHING",
                          HeartbeatTimeout=5)
        self.assert_error("ValidationError", self.asg.describe_lifecycle_hooks, AutoScalingGroupName="none")
        types = self.asg.describe_lifecycle_hook_types()["LifecycleHookTypes"]
        self.assertEqual(sorted(types), ["autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_TERMINATING"])

    def test_tags_and_type_listings(self):
        lt = self.template()
        self.group(name="a", desired=0, LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"]})
        self.group(name="b", desired=0, LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"]},
                   Tags=[{"Key": "env", "Value": "prod", "PropagateAtLaunch": True}])
        self.asg.create_or_update_tags(Tags=[
            {"ResourceId": "a", "ResourceType": "auto-scaling-group", "Key": "env", "Value": "dev",
             "PropagateAtLaunch": False},
            {"ResourceId": "a", "ResourceType": "auto-scaling-group", "Key": "owner", "Value": "me",
             "PropagateAtLaunch": True}])
        tags = self.asg.describe_tags()["Tags"]
        self.assertEqual([(t["ResourceId"], t["Key"], t["Value"]) for t in tags],
                         [("a", "env", "dev"), ("a", "owner", "me"), ("b", "env", "prod")])
        only = self.asg.describe_tags(Filters=[{"Name": "key", "Values": ["env"]},
                                               {"Name": "value", "Values": ["prod"]}])["Tags"]
        self.assertEqual([t["ResourceId"] for t in only], ["b"])
        page = self.asg.describe_tags(MaxRecords=2)
        self.assertEqual(len(page["Tags"]), 2)
        self.assertEqual(len(self.asg.describe_tags(NextToken=page["NextToken"])["Tags"]), 1)
        self.assertEqual([g["AutoScalingGroupName"] for g in self.asg.describe_auto_scaling_groups(
            Filters=[{"Name": "tag:env", "Values": ["prod"]}])["AutoScalingGroups"]], ["b"])
        self.asg.delete_tags(Tags=[{"ResourceId": "a", "ResourceType": "auto-scaling-group", "Key": "env"}])
        self.assertEqual([t["Key"] for t in self.describe("a")["Tags"]], ["owner"])
        self.assert_error("ValidationError", self.asg.create_or_update_tags, Tags=[
            {"ResourceId": "none", "ResourceType": "auto-scaling-group", "Key": "k", "Value": "v"}])
        self.assert_error("ValidationError", self.asg.describe_tags, Filters=[{"Name": "bogus", "Values": ["x"]}])
        self.assert_error("InvalidNextToken", self.asg.describe_tags, NextToken="nope")
        self.asg.set_desired_capacity(AutoScalingGroupName="a", DesiredCapacity=1)
        ids = self.in_service("a")
        tags = self.ec2.describe_instances(InstanceIds=ids)["Reservations"][0]["Instances"][0]["Tags"]
        self.assertEqual({t["Key"]: t["Value"] for t in tags}.get("owner"), "me")

        self.assertIn("OldestInstance", self.asg.describe_termination_policy_types()["TerminationPolicyTypes"])
        self.assertEqual([t["AdjustmentType"] for t in self.asg.describe_adjustment_types()["AdjustmentTypes"]],
                         ["ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"])
        names = [p["ProcessName"] for p in self.asg.describe_scaling_process_types()["Processes"]]
        self.assertIn("Launch", names)
        acts = self.asg.describe_scaling_activities(AutoScalingGroupName="a", MaxRecords=1)
        self.assertEqual(len(acts["Activities"]), 1)
        self.assertEqual(acts["Activities"][0]["AutoScalingGroupName"], "a")


class ManagedScaling(Base):
    def test_group_follows_capacity_provider_reservation(self):
        lt = self.template(cluster="cp")
        self.group(desired=0, max_size=3, LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"]})
        arn = self.describe()["AutoScalingGroupARN"]
        self.ecs.create_capacity_provider(name="cp1", autoScalingGroupProvider={
            "autoScalingGroupArn": arn, "managedScaling": {"status": "ENABLED", "targetCapacity": 100},
            "managedTerminationProtection": "DISABLED"})
        self.ecs.create_cluster(clusterName="cp", capacityProviders=["cp1"],
                                defaultCapacityProviderStrategy=[{"capacityProvider": "cp1", "weight": 1}])
        self.ecs.register_task_definition(family="sleep", containerDefinitions=[
            {"name": "s", "image": "busybox:local", "command": ["sleep", "600"], "memory": 64, "essential": True}])
        self.ecs.create_service(cluster="cp", serviceName="svc", taskDefinition="sleep", desiredCount=1,
                                capacityProviderStrategy=[{"capacityProvider": "cp1", "weight": 1}])
        # The service cannot place its task: the group scales out and its instance joins the cluster.
        self.wait_for("scale out", lambda: self.describe()["DesiredCapacity"] == 1)
        ids = self.in_service(count=1)
        self.wait_for("container instance in cp", lambda: list(self.active_container_instances("cp")) == ids)
        # No tasks wanted: the group scales back in.
        self.ecs.update_service(cluster="cp", service="svc", desiredCount=0)
        self.wait_for("scale in", lambda: self.describe()["DesiredCapacity"] == 0, timeout=60)
        self.ecs.delete_service(cluster="cp", service="svc", force=True)


class Cli(Base):
    def run_cli(self, version):
        cli = self.server.cli
        lt = self.template(name=f"cli{version}")
        subnet = self.subnets()[0]["SubnetId"]
        cli(version, "autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "c",
            "--launch-template", f"LaunchTemplateId={lt['LaunchTemplateId']}", "--min-size", "0", "--max-size", "2",
            "--desired-capacity", "1", "--vpc-zone-identifier", subnet)
        _, out, _ = cli(version, "autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "c")
        self.assertEqual(out["AutoScalingGroups"][0]["DesiredCapacity"], 1)
        self.in_service("c", count=1)
        cli(version, "autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "c", "--desired-capacity", "2")
        self.in_service("c", count=2)
        rc, _, err = cli(version, "autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "c",
                         "--desired-capacity", "9", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("ValidationError", err)
        _, out, _ = cli(version, "autoscaling", "describe-scaling-activities", "--auto-scaling-group-name", "c")
        self.assertEqual(len(out["Activities"]), 2)
        cli(version, "autoscaling", "delete-auto-scaling-group", "--auto-scaling-group-name", "c", "--force-delete")

    def test_cli_v1(self):
        self.run_cli(1)

    def test_cli_v2(self):
        require_cli_v2(self)
        self.run_cli(2)


if __name__ == "__main__":
    unittest.main()
