"""ELBv2 control plane: load balancers, target groups, targets, listeners, rules, tags and attributes, through boto3
and the AWS CLI v1 and v2 (the ECS tutorial's load-balancer steps), and every error code the handlers raise."""
import ipaddress
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2

WAIT = {"Delay": 1, "MaxAttempts": 20}
CERT = f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012"


class Base(ServerTestCase):
    SERVER_ARGS = ("--runtime", "simulated")

    def setUp(self):
        super().setUp()
        self.elb = self.server.client("elbv2")
        self.ec2 = self.server.client("ec2")
        subnets = self.ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
        self.subnets = sorted(subnets, key=lambda s: s["AvailabilityZone"])
        self.vpc = self.subnets[0]["VpcId"]

    def assert_error(self, expected, fn, status=400, **kwargs):
        return super().assert_error(expected, fn, http_status=status, **kwargs)

    def subnet_ids(self, count=2):
        return [s["SubnetId"] for s in self.subnets[:count]]

    def ip_in(self, subnet, offset=10):
        return str(ipaddress.ip_network(subnet["CidrBlock"]).network_address + offset)

    def alb(self, name="web", **extra):
        args = dict(Name=name, Subnets=self.subnet_ids())
        args.update(extra)
        return self.elb.create_load_balancer(**args)["LoadBalancers"][0]

    def group(self, name="tg", **extra):
        args = dict(Name=name, Protocol="HTTP", Port=80, VpcId=self.vpc, TargetType="ip")
        args.update(extra)
        return self.elb.create_target_group(**args)["TargetGroups"][0]

    def listener(self, lb_arn, group_arn, port=80, **extra):
        args = dict(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=port,
                    DefaultActions=[{"Type": "forward", "TargetGroupArn": group_arn}])
        args.update(extra)
        return self.elb.create_listener(**args)["Listeners"][0]


class TutorialFlow(Base):
    def test_load_balanced_service_setup_with_boto3(self):
        sg = self.ec2.create_security_group(GroupName="lb-sg", Description="lb", VpcId=self.vpc)["GroupId"]
        lb = self.alb(SecurityGroups=[sg], Tags=[{"Key": "env", "Value": "test"}])
        self.assertRegex(lb["LoadBalancerArn"],
                         rf"^arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:loadbalancer/app/web/[0-9a-f]{{16}}$")
        self.assertRegex(lb["DNSName"], r"^web-\d+\.us-east-1\.elb\.localhost$")
        self.assertEqual(lb["CanonicalHostedZoneId"], "Z35SXDOTRQ7X7K")
        self.assertEqual(lb["State"]["Code"], "active")
        self.assertEqual(lb["Scheme"], "internet-facing")
        self.assertEqual(lb["Type"], "application")
        self.assertEqual(lb["VpcId"], self.vpc)
        self.assertEqual(lb["SecurityGroups"], [sg])
        self.assertEqual(sorted(z["SubnetId"] for z in lb["AvailabilityZones"]), sorted(self.subnet_ids()))
        self.elb.get_waiter("load_balancer_available").wait(LoadBalancerArns=[lb["LoadBalancerArn"]],
                                                            WaiterConfig=WAIT)

        tg = self.group(HealthCheckPath="/health", Matcher={"HttpCode": "200-299"})
        self.assertEqual(tg["HealthCheckProtocol"], "HTTP")
        self.assertEqual(tg["HealthCheckPath"], "/health")
        self.assertEqual(tg["HealthCheckIntervalSeconds"], 30)
        self.assertEqual(tg["HealthCheckTimeoutSeconds"], 5)
        self.assertEqual(tg["Matcher"], {"HttpCode": "200-299"})
        self.assertEqual(tg["LoadBalancerArns"], [])
        self.assertEqual(tg["ProtocolVersion"], "HTTP1")

        ip1, ip2 = self.ip_in(self.subnets[0]), self.ip_in(self.subnets[1])
        self.elb.register_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[{"Id": ip1}, {"Id": ip2, "Port": 81}])
        health = self.elb.describe_target_health(TargetGroupArn=tg["TargetGroupArn"])["TargetHealthDescriptions"]
        self.assertEqual({(h["Target"]["Id"], h["Target"]["Port"]) for h in health}, {(ip1, 80), (ip2, 81)})
        for h in health:
            self.assertEqual(h["TargetHealth"]["State"], "unused")
            self.assertEqual(h["TargetHealth"]["Reason"], "Target.NotInUse")
        self.assertEqual({h["Target"]["AvailabilityZone"] for h in health},
                         {self.subnets[0]["AvailabilityZone"], self.subnets[1]["AvailabilityZone"]})

        listener = self.listener(lb["LoadBalancerArn"], tg["TargetGroupArn"])
        self.assertEqual(listener["DefaultActions"][0]["TargetGroupArn"], tg["TargetGroupArn"])
        self.assertIn(":listener/app/web/", listener["ListenerArn"])
        health = self.elb.describe_target_health(TargetGroupArn=tg["TargetGroupArn"],
                                                 Targets=[{"Id": ip1}])["TargetHealthDescriptions"]
        self.assertEqual(len(health), 1)
        self.assertIn(health[0]["TargetHealth"]["State"], ("initial", "healthy", "unhealthy"))
        self.assertEqual(health[0]["HealthCheckPort"], "80")
        described = self.elb.describe_target_groups(LoadBalancerArn=lb["LoadBalancerArn"])["TargetGroups"]
        self.assertEqual([g["TargetGroupArn"] for g in described], [tg["TargetGroupArn"]])
        self.assertEqual(described[0]["LoadBalancerArns"], [lb["LoadBalancerArn"]])

        api = self.group(name="api")
        rule = self.elb.create_rule(
            ListenerArn=listener["ListenerArn"], Priority=10,
            Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]},
                        {"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X-Env", "Values": ["a"]}}],
            Actions=[{"Type": "forward", "ForwardConfig": {"TargetGroups": [
                {"TargetGroupArn": api["TargetGroupArn"], "Weight": 2},
                {"TargetGroupArn": tg["TargetGroupArn"], "Weight": 1}]}}])["Rules"][0]
        self.assertEqual(rule["Priority"], "10")
        self.assertFalse(rule["IsDefault"])
        self.assertEqual(rule["Conditions"][0]["PathPatternConfig"], {"Values": ["/api/*"]})
        rules = self.elb.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]
        self.assertEqual([r["Priority"] for r in rules], ["10", "default"])
        self.assertTrue(rules[1]["IsDefault"])
        self.elb.modify_rule(RuleArn=rule["RuleArn"],
                             Actions=[{"Type": "fixed-response",
                                       "FixedResponseConfig": {"StatusCode": "503", "ContentType": "text/plain",
                                                               "MessageBody": "down"}}])
        got = self.elb.describe_rules(RuleArns=[rule["RuleArn"]])["Rules"][0]
        self.assertEqual(got["Actions"][0]["FixedResponseConfig"]["MessageBody"], "down")
        self.elb.set_rule_priorities(RulePriorities=[{"RuleArn": rule["RuleArn"], "Priority": 3}])
        self.assertEqual(self.elb.describe_rules(RuleArns=[rule["RuleArn"]])["Rules"][0]["Priority"], "3")

        # Deregistration with no delay: the target is gone at once and the waiter sees it.
        self.elb.modify_target_group_attributes(
            TargetGroupArn=tg["TargetGroupArn"],
            Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "0"}])
        self.elb.deregister_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[{"Id": ip1}])
        self.elb.get_waiter("target_deregistered").wait(TargetGroupArn=tg["TargetGroupArn"], Targets=[{"Id": ip1}],
                                                        WaiterConfig=WAIT)
        # With the default delay a deregistered target drains.
        self.elb.modify_target_group_attributes(
            TargetGroupArn=tg["TargetGroupArn"],
            Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "300"}])
        self.elb.deregister_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[{"Id": ip2, "Port": 81}])
        health = self.elb.describe_target_health(TargetGroupArn=tg["TargetGroupArn"])["TargetHealthDescriptions"]
        self.assertEqual(health[0]["TargetHealth"]["State"], "draining")
        self.assertEqual(health[0]["TargetHealth"]["Reason"], "Target.DeregistrationInProgress")

        tags = self.elb.describe_tags(ResourceArns=[lb["LoadBalancerArn"]])["TagDescriptions"][0]["Tags"]
        self.assertEqual(tags, [{"Key": "env", "Value": "test"}])

        self.elb.delete_load_balancer(LoadBalancerArn=lb["LoadBalancerArn"])
        self.elb.get_waiter("load_balancers_deleted").wait(LoadBalancerArns=[lb["LoadBalancerArn"]],
                                                           WaiterConfig=WAIT)
        self.assert_error("ListenerNotFound", self.elb.describe_listeners, ListenerArns=[listener["ListenerArn"]])
        self.elb.delete_target_group(TargetGroupArn=tg["TargetGroupArn"])
        self.elb.delete_target_group(TargetGroupArn=api["TargetGroupArn"])
        self.assertEqual(self.elb.describe_target_groups()["TargetGroups"], [])

    def test_instance_targets_must_be_running_instances_of_the_vpc(self):
        tg = self.group(TargetType="instance")
        iid = self.ec2.run_instances(ImageId="ami-0123456789abcdef0", InstanceType="t3.small", MinCount=1,
                                     MaxCount=1, SubnetId=self.subnets[0]["SubnetId"])["Instances"][0]["InstanceId"]
        self.ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        self.elb.register_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[{"Id": iid}])
        health = self.elb.describe_target_health(TargetGroupArn=tg["TargetGroupArn"])["TargetHealthDescriptions"]
        self.assertEqual(health[0]["Target"], {"Id": iid, "Port": 80})
        self.ec2.stop_instances(InstanceIds=[iid])
        self.ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        health = self.elb.describe_target_health(TargetGroupArn=tg["TargetGroupArn"])["TargetHealthDescriptions"]
        self.assertEqual(health[0]["TargetHealth"], {"State": "unused", "Reason": "Target.InvalidState",
                                                     "Description": "Target is in the stopped state"})
        self.assert_error("InvalidTarget", self.elb.register_targets, TargetGroupArn=tg["TargetGroupArn"],
                          Targets=[{"Id": iid, "Port": 8080}])
        self.assert_error("InvalidTarget", self.elb.register_targets, TargetGroupArn=tg["TargetGroupArn"],
                          Targets=[{"Id": "i-0000000000000000a"}])
        # Asking about an instance that was never registered (or never existed) is no error: it is not registered.
        unknown = self.elb.describe_target_health(TargetGroupArn=tg["TargetGroupArn"],
                                                  Targets=[{"Id": "i-0000000000000000a"}])["TargetHealthDescriptions"]
        self.assertEqual(unknown[0]["TargetHealth"], {"State": "unused", "Reason": "Target.NotRegistered",
                                                      "Description": "Target is not registered to the target group"})

    def test_paging_attributes_limits_and_ssl_policies(self):
        arns = [self.alb(name=f"lb{i}")["LoadBalancerArn"] for i in range(3)]
        page = self.elb.describe_load_balancers(PageSize=2)
        self.assertEqual([lb["LoadBalancerArn"] for lb in page["LoadBalancers"]], arns[:2])
        rest = self.elb.describe_load_balancers(PageSize=2, Marker=page["NextMarker"])
        self.assertEqual([lb["LoadBalancerArn"] for lb in rest["LoadBalancers"]], arns[2:])
        self.assertNotIn("NextMarker", rest)
        paginated = self.elb.get_paginator("describe_load_balancers").paginate(PaginationConfig={"PageSize": 1})
        self.assertEqual([lb["LoadBalancerArn"] for p in paginated for lb in p["LoadBalancers"]], arns)
        by_name = self.elb.describe_load_balancers(Names=["lb1"])["LoadBalancers"]
        self.assertEqual([lb["LoadBalancerArn"] for lb in by_name], [arns[1]])

        attrs = {a["Key"]: a["Value"] for a in
                 self.elb.describe_load_balancer_attributes(LoadBalancerArn=arns[0])["Attributes"]}
        self.assertEqual(attrs["idle_timeout.timeout_seconds"], "60")
        self.assertEqual(attrs["deletion_protection.enabled"], "false")
        self.assertEqual(attrs["routing.http2.enabled"], "true")
        out = self.elb.modify_load_balancer_attributes(
            LoadBalancerArn=arns[0], Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}])
        self.assertIn({"Key": "deletion_protection.enabled", "Value": "true"}, out["Attributes"])
        self.assert_error("OperationNotPermitted", self.elb.delete_load_balancer, LoadBalancerArn=arns[0])

        tg = self.group()
        attrs = {a["Key"]: a["Value"] for a in
                 self.elb.describe_target_group_attributes(TargetGroupArn=tg["TargetGroupArn"])["Attributes"]}
        self.assertEqual(attrs["deregistration_delay.timeout_seconds"], "300")
        self.assertEqual(attrs["stickiness.enabled"], "false")
        self.assertEqual(attrs["stickiness.type"], "lb_cookie")
        self.assertEqual(attrs["load_balancing.algorithm.type"], "round_robin")

        limits = {l["Name"]: l["Max"] for l in self.elb.describe_account_limits()["Limits"]}
        self.assertEqual(limits["application-load-balancers"], "50")
        self.assertEqual(limits["target-groups"], "3000")
        policies = self.elb.describe_ssl_policies(Names=["ELBSecurityPolicy-2016-08"])["SslPolicies"]
        self.assertEqual(policies[0]["SslProtocols"], ["TLSv1", "TLSv1.1", "TLSv1.2"])
        self.assertEqual(policies[0]["Ciphers"][0], {"Name": "ECDHE-ECDSA-AES128-GCM-SHA256", "Priority": 1})

    def test_https_listener_keeps_its_certificate_and_network_load_balancers_use_tcp(self):
        lb = self.alb()
        tg = self.group()
        listener = self.listener(lb["LoadBalancerArn"], tg["TargetGroupArn"], port=443, Protocol="HTTPS",
                                 Certificates=[{"CertificateArn": CERT}])
        self.assertEqual(listener["Certificates"], [{"CertificateArn": CERT}])
        self.assertEqual(listener["SslPolicy"], "ELBSecurityPolicy-2016-08")
        changed = self.elb.modify_listener(ListenerArn=listener["ListenerArn"], Port=8443,
                                           SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06")["Listeners"][0]
        self.assertEqual((changed["Port"], changed["SslPolicy"]), (8443, "ELBSecurityPolicy-TLS13-1-2-2021-06"))
        extra = CERT[:-1] + "3"
        added = self.elb.add_listener_certificates(ListenerArn=listener["ListenerArn"],
                                                   Certificates=[{"CertificateArn": extra}])["Certificates"]
        self.assertEqual(added, [{"CertificateArn": extra, "IsDefault": False}])
        listed = self.elb.describe_listener_certificates(ListenerArn=listener["ListenerArn"])["Certificates"]
        self.assertEqual(listed, [{"CertificateArn": CERT, "IsDefault": True},
                                  {"CertificateArn": extra, "IsDefault": False}])
        described = self.elb.describe_listeners(ListenerArns=[listener["ListenerArn"]])["Listeners"][0]
        self.assertEqual(described["Certificates"], [{"CertificateArn": CERT}])
        self.assert_error("OperationNotPermitted", self.elb.remove_listener_certificates,
                          ListenerArn=listener["ListenerArn"], Certificates=[{"CertificateArn": CERT}])
        self.assert_error("CertificateNotFound", self.elb.add_listener_certificates,
                          ListenerArn=listener["ListenerArn"], Certificates=[{"CertificateArn": "nope"}])
        self.elb.remove_listener_certificates(ListenerArn=listener["ListenerArn"],
                                              Certificates=[{"CertificateArn": extra}])
        listed = self.elb.describe_listener_certificates(ListenerArn=listener["ListenerArn"])["Certificates"]
        self.assertEqual(listed, [{"CertificateArn": CERT, "IsDefault": True}])
        nlb = self.elb.create_load_balancer(Name="net", Type="network", Scheme="internal",
                                            Subnets=self.subnet_ids(1))["LoadBalancers"][0]
        self.assertIn(":loadbalancer/net/net/", nlb["LoadBalancerArn"])
        self.assertTrue(nlb["DNSName"].startswith("internal-net-"))
        self.assertEqual(nlb["CanonicalHostedZoneId"], "Z26RNL4JYFTOTI")
        tcp = self.group(name="tcp", Protocol="TCP")
        self.assertEqual(tcp["HealthCheckProtocol"], "TCP")
        self.assertEqual(tcp["HealthCheckTimeoutSeconds"], 10)
        self.assertNotIn("HealthCheckPath", tcp)
        tl = self.listener(nlb["LoadBalancerArn"], tcp["TargetGroupArn"], Protocol="TCP")
        self.assertEqual(tl["Protocol"], "TCP")
        self.assert_error("ValidationError", self.listener, lb_arn=nlb["LoadBalancerArn"],
                          group_arn=tcp["TargetGroupArn"], port=81, Protocol="HTTP")
        self.assert_error("IncompatibleProtocols", self.listener, lb_arn=nlb["LoadBalancerArn"],
                          group_arn=tg["TargetGroupArn"], port=82, Protocol="TCP")
        self.assert_error("InvalidLoadBalancerAction", self.elb.create_listener,
                          LoadBalancerArn=nlb["LoadBalancerArn"], Protocol="TCP", Port=83,
                          DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}])


class Errors(Base):
    def test_load_balancer_errors(self):
        lb = self.alb()
        bogus = lb["LoadBalancerArn"][:-16] + "0" * 16
        self.assert_error("LoadBalancerNotFound", self.elb.describe_load_balancers, LoadBalancerArns=[bogus])
        self.assert_error("LoadBalancerNotFound", self.elb.describe_load_balancers, Names=["nope"])
        self.elb.delete_load_balancer(LoadBalancerArn=bogus)  # deleting what does not exist succeeds
        self.assert_error("DuplicateLoadBalancerName", self.alb, Scheme="internal")
        self.assertEqual(self.alb()["LoadBalancerArn"], lb["LoadBalancerArn"])  # identical request: same one
        self.assert_error("ValidationError", self.alb, name="internal-x")
        self.assert_error("ValidationError", self.alb, name="bad_name")
        self.assert_error("ValidationError", self.alb, name="one", Subnets=self.subnet_ids(1))
        self.assert_error("SubnetNotFound", self.alb, name="x", Subnets=["subnet-00000000000000000", "subnet-1"])
        other = self.ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        foreign = self.ec2.create_subnet(VpcId=other, CidrBlock="10.9.1.0/24",
                                         AvailabilityZone=self.subnets[1]["AvailabilityZone"])["Subnet"]["SubnetId"]
        self.assert_error("InvalidSubnet", self.alb, name="x", Subnets=[self.subnet_ids(1)[0], foreign])
        self.assert_error("InvalidSubnet", self.alb, name="x", IpAddressType="dualstack")
        self.assert_error("InvalidConfigurationRequest", self.alb, name="x",
                          Subnets=[self.subnet_ids(1)[0], self.subnet_ids(1)[0]])
        self.assert_error("InvalidSecurityGroup", self.alb, name="x", SecurityGroups=["sg-00000000000000000"])
        self.assert_error("AllocationIdNotFound", self.elb.create_load_balancer, Name="x", Type="network",
                          SubnetMappings=[{"SubnetId": self.subnet_ids(1)[0], "AllocationId": "eipalloc-1"}])
        self.assert_error("DuplicateTagKeys", self.alb, name="x", Tags=[{"Key": "a"}, {"Key": "a"}])
        self.assert_error("InvalidConfigurationRequest", self.elb.modify_load_balancer_attributes,
                          LoadBalancerArn=lb["LoadBalancerArn"],
                          Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "0"}])
        self.assert_error("InvalidConfigurationRequest", self.elb.modify_load_balancer_attributes,
                          LoadBalancerArn=lb["LoadBalancerArn"], Attributes=[{"Key": "bogus", "Value": "1"}])
        self.assert_error("InvalidSubnet", self.elb.set_subnets, LoadBalancerArn=lb["LoadBalancerArn"],
                          Subnets=[self.subnet_ids(1)[0], foreign])
        out = self.elb.set_subnets(LoadBalancerArn=lb["LoadBalancerArn"], Subnets=self.subnet_ids(3))
        self.assertEqual(len(out["AvailabilityZones"]), 3)
        self.assert_error("InvalidSecurityGroup", self.elb.set_security_groups, LoadBalancerArn=lb["LoadBalancerArn"],
                          SecurityGroups=["sg-00000000000000000"])
        self.assert_error("InvalidSubnet", self.elb.set_ip_address_type, LoadBalancerArn=lb["LoadBalancerArn"],
                          IpAddressType="dualstack")
        self.assertEqual(self.elb.set_ip_address_type(LoadBalancerArn=lb["LoadBalancerArn"],
                                                      IpAddressType="ipv4")["IpAddressType"], "ipv4")

    def test_target_group_and_target_errors(self):
        tg = self.group()
        bogus = tg["TargetGroupArn"][:-16] + "0" * 16
        self.assert_error("TargetGroupNotFound", self.elb.describe_target_groups, TargetGroupArns=[bogus])
        self.assert_error("TargetGroupNotFound", self.elb.describe_target_groups, Names=["nope"])
        self.assert_error("TargetGroupNotFound", self.elb.register_targets, TargetGroupArn=bogus,
                          Targets=[{"Id": "10.0.0.1"}])
        self.assert_error("DuplicateTargetGroupName", self.group, Port=81)
        self.assert_error("ValidationError", self.group, name="x", VpcId="vpc-00000000000000000")
        self.assert_error("ValidationError", self.group, name="x", HealthCheckIntervalSeconds=5,
                          HealthCheckTimeoutSeconds=10)
        self.assert_error("ValidationError", self.group, name="x", Matcher={"HttpCode": "abc"})
        self.assert_error("ValidationError", self.group, name="x", HealthCheckEnabled=False)
        self.assert_error("ValidationError", self.elb.modify_target_group, TargetGroupArn=tg["TargetGroupArn"],
                          HealthCheckPath="no-slash")
        out = self.elb.modify_target_group(TargetGroupArn=tg["TargetGroupArn"], HealthCheckPath="/ping",
                                           HealthyThresholdCount=3)["TargetGroups"][0]
        self.assertEqual((out["HealthCheckPath"], out["HealthyThresholdCount"]), ("/ping", 3))
        self.assert_error("InvalidConfigurationRequest", self.elb.modify_target_group_attributes,
                          TargetGroupArn=tg["TargetGroupArn"],
                          Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "4000"}])
        self.assert_error("InvalidTarget", self.elb.register_targets, TargetGroupArn=tg["TargetGroupArn"],
                          Targets=[{"Id": "192.168.1.1"}])
        self.assert_error("InvalidTarget", self.elb.deregister_targets, TargetGroupArn=tg["TargetGroupArn"],
                          Targets=[{"Id": self.ip_in(self.subnets[0])}])
        lb = self.alb()
        self.listener(lb["LoadBalancerArn"], tg["TargetGroupArn"])
        self.assert_error("ResourceInUse", self.elb.delete_target_group, TargetGroupArn=tg["TargetGroupArn"])

    def test_listener_and_rule_errors(self):
        lb = self.alb()
        other = self.alb(name="other")
        tg = self.group()
        listener = self.listener(lb["LoadBalancerArn"], tg["TargetGroupArn"])
        bogus_listener = listener["ListenerArn"][:-16] + "0" * 16
        self.assert_error("ListenerNotFound", self.elb.describe_listeners, ListenerArns=[bogus_listener])
        self.assert_error("ListenerNotFound", self.elb.delete_listener, ListenerArn=bogus_listener)
        self.assert_error("LoadBalancerNotFound", self.listener, lb_arn=lb["LoadBalancerArn"][:-16] + "0" * 16,
                          group_arn=tg["TargetGroupArn"])
        self.assert_error("DuplicateListener", self.listener, lb_arn=lb["LoadBalancerArn"],
                          group_arn=tg["TargetGroupArn"])
        self.assert_error("TargetGroupAssociationLimit", self.listener, lb_arn=other["LoadBalancerArn"],
                          group_arn=tg["TargetGroupArn"])
        self.assert_error("TargetGroupNotFound", self.listener, lb_arn=lb["LoadBalancerArn"],
                          group_arn=tg["TargetGroupArn"][:-16] + "0" * 16, port=81)
        self.assert_error("InvalidConfigurationRequest", self.listener, lb_arn=lb["LoadBalancerArn"],
                          group_arn=tg["TargetGroupArn"], port=443, Protocol="HTTPS")
        self.assert_error("CertificateNotFound", self.listener, lb_arn=lb["LoadBalancerArn"],
                          group_arn=tg["TargetGroupArn"], port=443, Protocol="HTTPS",
                          Certificates=[{"CertificateArn": "not-a-certificate"}])
        self.assert_error("SSLPolicyNotFound", self.listener, lb_arn=lb["LoadBalancerArn"],
                          group_arn=tg["TargetGroupArn"], port=443, Protocol="HTTPS", SslPolicy="Nope",
                          Certificates=[{"CertificateArn": CERT}])
        self.assert_error("SSLPolicyNotFound", self.elb.describe_ssl_policies, Names=["Nope"])
        self.assert_error("InvalidLoadBalancerAction", self.elb.create_listener, LoadBalancerArn=lb["LoadBalancerArn"],
                          Protocol="HTTP", Port=82,
                          DefaultActions=[{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301"}}])
        self.assert_error("TooManyActions", self.elb.create_listener, LoadBalancerArn=lb["LoadBalancerArn"],
                          Protocol="HTTP", Port=82,
                          DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"], "Order": 1},
                                          {"Type": "fixed-response", "Order": 2,
                                           "FixedResponseConfig": {"StatusCode": "200"}}])
        groups = [self.group(name=f"g{i}")["TargetGroupArn"] for i in range(6)]
        self.assert_error("TooManyTargetGroups", self.elb.create_listener, LoadBalancerArn=lb["LoadBalancerArn"],
                          Protocol="HTTP", Port=82,
                          DefaultActions=[{"Type": "forward", "ForwardConfig": {
                              "TargetGroups": [{"TargetGroupArn": g} for g in groups]}}])

        def rule(priority, **extra):
            args = dict(ListenerArn=listener["ListenerArn"], Priority=priority,
                        Conditions=[{"Field": "host-header", "Values": ["a.example.com"]}],
                        Actions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}])
            args.update(extra)
            return self.elb.create_rule(**args)["Rules"][0]

        first = rule(5)
        self.assert_error("PriorityInUse", rule, priority=5)
        self.assert_error("ValidationError", rule, priority=6, Conditions=[{"Field": "cookie", "Values": ["x"]}])
        self.assert_error("ValidationError", rule, priority=6,
                          Conditions=[{"Field": "path-pattern", "Values": ["/1", "/2", "/3", "/4", "/5", "/6"]}])
        self.assert_error("ValidationError", rule, priority=6, Actions=[
            {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "302"}}])
        self.assert_error("ListenerNotFound", rule, priority=6, ListenerArn=bogus_listener)
        default = [r for r in self.elb.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"] if r["IsDefault"]]
        self.assert_error("OperationNotPermitted", self.elb.delete_rule, RuleArn=default[0]["RuleArn"])
        self.assert_error("OperationNotPermitted", self.elb.set_rule_priorities,
                          RulePriorities=[{"RuleArn": default[0]["RuleArn"], "Priority": 9}])
        self.assert_error("OperationNotPermitted", self.elb.modify_rule, RuleArn=default[0]["RuleArn"],
                          Conditions=[{"Field": "path-pattern", "Values": ["/x"]}])
        bogus_rule = first["RuleArn"][:-16] + "0" * 16
        self.assert_error("RuleNotFound", self.elb.describe_rules, RuleArns=[bogus_rule])
        self.assert_error("RuleNotFound", self.elb.delete_rule, RuleArn=bogus_rule)
        self.elb.delete_rule(RuleArn=first["RuleArn"])
        self.assertEqual(len(self.elb.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]), 1)
        self.elb.delete_listener(ListenerArn=listener["ListenerArn"])
        self.assert_error("ListenerNotFound", self.elb.describe_rules, ListenerArn=listener["ListenerArn"])

    def test_tag_errors(self):
        lb = self.alb()
        tg = self.group()
        self.elb.add_tags(ResourceArns=[lb["LoadBalancerArn"], tg["TargetGroupArn"]],
                          Tags=[{"Key": "a", "Value": "1"}])
        described = self.elb.describe_tags(ResourceArns=[tg["TargetGroupArn"]])["TagDescriptions"]
        self.assertEqual(described[0]["Tags"], [{"Key": "a", "Value": "1"}])
        self.assert_error("DuplicateTagKeys", self.elb.add_tags, ResourceArns=[lb["LoadBalancerArn"]],
                          Tags=[{"Key": "b"}, {"Key": "b"}])
        self.assert_error("TooManyTags", self.elb.add_tags, ResourceArns=[lb["LoadBalancerArn"]],
                          Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
        self.assert_error("LoadBalancerNotFound", self.elb.add_tags,
                          ResourceArns=[lb["LoadBalancerArn"][:-16] + "0" * 16], Tags=[{"Key": "a"}])
        self.assert_error("TargetGroupNotFound", self.elb.describe_tags,
                          ResourceArns=[tg["TargetGroupArn"][:-16] + "0" * 16])
        self.elb.remove_tags(ResourceArns=[lb["LoadBalancerArn"]], TagKeys=["a"])
        self.assertEqual(self.elb.describe_tags(ResourceArns=[lb["LoadBalancerArn"]])["TagDescriptions"][0]["Tags"], [])


class Limits(Base):
    def test_quotas_answer_their_too_many_errors(self):
        for i in range(50):
            self.elb.create_load_balancer(Name=f"n{i}", Type="network", Subnets=self.subnet_ids(1))
        self.assert_error("TooManyLoadBalancers", self.elb.create_load_balancer, Name="n50", Type="network",
                          Subnets=self.subnet_ids(1))
        lb = self.alb()
        tg = self.group()
        for port in range(1, 51):
            self.listener(lb["LoadBalancerArn"], tg["TargetGroupArn"], port=port)
        self.assert_error("TooManyListeners", self.listener, lb_arn=lb["LoadBalancerArn"],
                          group_arn=tg["TargetGroupArn"], port=51)
        listener = self.elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"][0]
        for priority in range(1, 101):
            self.elb.create_rule(ListenerArn=listener["ListenerArn"], Priority=priority,
                                 Conditions=[{"Field": "path-pattern", "Values": [f"/{priority}"]}],
                                 Actions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])
        self.assert_error("TooManyRules", self.elb.create_rule, ListenerArn=listener["ListenerArn"], Priority=101,
                          Conditions=[{"Field": "path-pattern", "Values": ["/x"]}],
                          Actions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])
        base = ipaddress.ip_network(self.subnets[0]["CidrBlock"]).network_address
        targets = [{"Id": str(base + 10 + i)} for i in range(1001)]
        self.assert_error("TooManyTargets", self.elb.register_targets, TargetGroupArn=tg["TargetGroupArn"],
                          Targets=targets)
        self.elb.register_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=targets[:1000])
        self.assertEqual(len(self.elb.describe_target_health(
            TargetGroupArn=tg["TargetGroupArn"])["TargetHealthDescriptions"]), 1000)

    def test_certificate_and_alpn_errors(self):
        lb = self.alb()
        tg = self.group()
        self.assert_error("TooManyCertificates", self.listener, lb_arn=lb["LoadBalancerArn"],
                          group_arn=tg["TargetGroupArn"], port=443, Protocol="HTTPS",
                          Certificates=[{"CertificateArn": CERT}, {"CertificateArn": CERT + "2"}])
        nlb = self.elb.create_load_balancer(Name="net", Type="network", Subnets=self.subnet_ids(1))["LoadBalancers"][0]
        tcp = self.group(name="tcp", Protocol="TCP")
        self.assert_error("ALPNPolicyNotFound", self.listener, lb_arn=nlb["LoadBalancerArn"],
                          group_arn=tcp["TargetGroupArn"], port=443, Protocol="TLS",
                          Certificates=[{"CertificateArn": CERT}], AlpnPolicy=["HTTP3"])
        tls = self.listener(nlb["LoadBalancerArn"], tcp["TargetGroupArn"], port=443, Protocol="TLS",
                            Certificates=[{"CertificateArn": CERT}], AlpnPolicy=["HTTP2Preferred"])
        self.assertEqual(tls["AlpnPolicy"], ["HTTP2Preferred"])
        self.assert_error("TooManyCertificates", self.elb.add_listener_certificates, ListenerArn=tls["ListenerArn"],
                          Certificates=[{"CertificateArn": f"{CERT[:-3]}9{i:02d}"} for i in range(26)])
        plain = self.listener(nlb["LoadBalancerArn"], tcp["TargetGroupArn"], port=80, Protocol="TCP")
        self.assert_error("ValidationError", self.elb.add_listener_certificates, ListenerArn=plain["ListenerArn"],
                          Certificates=[{"CertificateArn": CERT}])


class Cli(Base):
    def run_cli(self, version):
        cli = self.server.cli
        _, out, _ = cli(version, "ec2", "create-security-group", "--group-name", f"lb{version}", "--description", "lb",
                        "--vpc-id", self.vpc)
        sg = out["GroupId"]
        _, out, _ = cli(version, "elbv2", "create-load-balancer", "--name", f"cli{version}", "--subnets",
                        *self.subnet_ids(), "--security-groups", sg)
        lb = out["LoadBalancers"][0]
        self.assertEqual(lb["State"]["Code"], "active")
        self.assertEqual(lb["SecurityGroups"], [sg])
        cli(version, "elbv2", "wait", "load-balancer-available", "--load-balancer-arns", lb["LoadBalancerArn"])
        _, out, _ = cli(version, "elbv2", "create-target-group", "--name", f"tg{version}", "--protocol", "HTTP",
                        "--port", "80", "--target-type", "ip", "--vpc-id", self.vpc)
        tg = out["TargetGroups"][0]
        _, out, _ = cli(version, "elbv2", "create-listener", "--load-balancer-arn", lb["LoadBalancerArn"],
                        "--protocol", "HTTP", "--port", "80", "--default-actions",
                        f"Type=forward,TargetGroupArn={tg['TargetGroupArn']}")
        listener = out["Listeners"][0]
        _, out, _ = cli(version, "elbv2", "create-rule", "--listener-arn", listener["ListenerArn"], "--priority", "1",
                        "--conditions", "Field=path-pattern,Values=/api/*", "--actions",
                        f"Type=forward,TargetGroupArn={tg['TargetGroupArn']}")
        self.assertEqual(out["Rules"][0]["Priority"], "1")
        ip = self.ip_in(self.subnets[0])
        cli(version, "elbv2", "register-targets", "--target-group-arn", tg["TargetGroupArn"], "--targets",
            f"Id={ip},Port=8080")
        _, out, _ = cli(version, "elbv2", "describe-target-health", "--target-group-arn", tg["TargetGroupArn"])
        self.assertEqual(out["TargetHealthDescriptions"][0]["Target"]["Id"], ip)
        self.assertEqual(out["TargetHealthDescriptions"][0]["HealthCheckPort"], "8080")
        cli(version, "elbv2", "modify-target-group-attributes", "--target-group-arn", tg["TargetGroupArn"],
            "--attributes", "Key=deregistration_delay.timeout_seconds,Value=0")
        cli(version, "elbv2", "deregister-targets", "--target-group-arn", tg["TargetGroupArn"], "--targets",
            f"Id={ip},Port=8080")
        cli(version, "elbv2", "wait", "target-deregistered", "--target-group-arn", tg["TargetGroupArn"],
            "--targets", f"Id={ip},Port=8080")
        rc, _, err = cli(version, "elbv2", "describe-load-balancers", "--names", "missing", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("LoadBalancerNotFound", err)
        cli(version, "elbv2", "delete-load-balancer", "--load-balancer-arn", lb["LoadBalancerArn"])
        cli(version, "elbv2", "delete-target-group", "--target-group-arn", tg["TargetGroupArn"])

    def test_cli_v1(self):
        self.run_cli(1)

    def test_cli_v2(self):
        require_cli_v2(self)
        self.run_cli(2)


if __name__ == "__main__":
    unittest.main()
