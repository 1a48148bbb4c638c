"""EC2 networking: the default network, VPCs, subnets, security groups, internet gateways, route tables, ENIs,
key pairs, tags, images and instance types, through boto3 and the AWS CLI v1 and v2."""
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2


class Ec2Case(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.ec2 = self.server.client("ec2")

    def default_vpc(self):
        return self.ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]


class DefaultNetwork(Ec2Case):
    def test_account_starts_with_default_vpc_subnets_group_gateway_and_routes(self):
        vpc = self.default_vpc()
        self.assertEqual(vpc["CidrBlock"], "172.31.0.0/16")
        self.assertTrue(vpc["IsDefault"])
        self.assertRegex(vpc["VpcId"], r"^vpc-[0-9a-f]{17}$")
        self.assertEqual(vpc["OwnerId"], ACCOUNT)
        subnets = self.ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
        self.assertEqual(len(subnets), 6)
        by_zone = sorted(subnets, key=lambda s: s["AvailabilityZone"])
        self.assertEqual([s["CidrBlock"] for s in by_zone[:3]], ["172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20"])
        self.assertEqual(by_zone[0]["AvailableIpAddressCount"], 4091)
        self.assertTrue(all(s["MapPublicIpOnLaunch"] for s in subnets))
        groups = self.ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]},
                                                            {"Name": "group-name", "Values": ["default"]}])
        group = groups["SecurityGroups"][0]
        self.assertEqual(group["IpPermissionsEgress"][0]["IpProtocol"], "-1")
        self.assertEqual(group["IpPermissionsEgress"][0]["IpRanges"], [{"CidrIp": "0.0.0.0/0"}])
        self.assertEqual(group["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"], group["GroupId"])
        igws = self.ec2.describe_internet_gateways(
            Filters=[{"Name": "attachment.vpc-id", "Values": [vpc["VpcId"]]}])["InternetGateways"]
        self.assertEqual(len(igws), 1)
        tables = self.ec2.describe_route_tables(Filters=[{"Name": "association.main", "Values": ["true"]}])
        routes = tables["RouteTables"][0]["Routes"]
        self.assertEqual({(r["DestinationCidrBlock"], r["GatewayId"]) for r in routes},
                         {("172.31.0.0/16", "local"), ("0.0.0.0/0", igws[0]["InternetGatewayId"])})

    def test_account_attributes_and_default_network_acl(self):
        vpc = self.default_vpc()
        attrs = {a["AttributeName"]: [v["AttributeValue"] for v in a["AttributeValues"]]
                 for a in self.ec2.describe_account_attributes()["AccountAttributes"]}
        self.assertEqual(attrs["supported-platforms"], ["VPC"])
        self.assertEqual(attrs["default-vpc"], [vpc["VpcId"]])
        only = self.ec2.describe_account_attributes(AttributeNames=["default-vpc"])["AccountAttributes"]
        self.assertEqual([a["AttributeName"] for a in only], ["default-vpc"])
        acls = self.ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["NetworkAcls"]
        self.assertEqual(len(acls), 1)
        self.assertTrue(acls[0]["IsDefault"])
        self.assertEqual(len(acls[0]["Associations"]), 6)
        self.assertEqual({(e["RuleNumber"], e["RuleAction"]) for e in acls[0]["Entries"]},
                         {(100, "allow"), (32767, "deny")})
        self.assert_error("InvalidNetworkAclID.NotFound", self.ec2.describe_network_acls,
                          NetworkAclIds=["acl-00000000000000000"])

    def test_default_vpc_can_be_deleted_and_created_again(self):
        vpc = self.default_vpc()
        self.assert_error("DefaultVpcAlreadyExists", self.ec2.create_default_vpc)
        for subnet in self.ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]:
            self.ec2.delete_subnet(SubnetId=subnet["SubnetId"])
        [igw] = self.ec2.describe_internet_gateways()["InternetGateways"]
        self.ec2.detach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc["VpcId"])
        self.ec2.delete_internet_gateway(InternetGatewayId=igw["InternetGatewayId"])
        self.ec2.delete_vpc(VpcId=vpc["VpcId"])
        self.assertEqual(self.ec2.describe_vpcs()["Vpcs"], [])
        attrs = self.ec2.describe_account_attributes(AttributeNames=["default-vpc"])["AccountAttributes"]
        self.assertEqual(attrs[0]["AttributeValues"], [{"AttributeValue": "none"}])
        self.assert_error("DryRunOperation", self.ec2.create_default_vpc, DryRun=True)
        again = self.ec2.create_default_vpc()["Vpc"]
        self.assertTrue(again["IsDefault"])
        self.assertNotEqual(again["VpcId"], vpc["VpcId"])
        self.assertEqual(len(self.ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])
                             ["Subnets"]), 6)

    def test_instance_type_offerings(self):
        region = self.ec2.describe_instance_type_offerings(
            Filters=[{"Name": "instance-type", "Values": ["t3.micro"]}])["InstanceTypeOfferings"]
        self.assertEqual(region, [{"InstanceType": "t3.micro", "LocationType": "region", "Location": "us-east-1"}])
        zones = self.ec2.describe_instance_type_offerings(
            LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": ["m5.large"]}])
        self.assertEqual(len(zones["InstanceTypeOfferings"]), 6)

    def test_regions_are_separate_and_each_gets_its_own_default(self):
        west = self.server.client("ec2", region="eu-west-1")
        subnets = west.describe_subnets()["Subnets"]
        self.assertEqual(sorted(s["AvailabilityZone"] for s in subnets), ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        self.assertNotEqual(west.describe_vpcs()["Vpcs"][0]["VpcId"], self.default_vpc()["VpcId"])

    def test_cli_v1_and_v2_describe_the_default_vpc(self):
        for version in (1, 2):
            if version == 2:
                require_cli_v2(self)
            _, out, _ = self.server.cli(version, "ec2", "describe-vpcs", "--filters", "Name=is-default,Values=true")
            self.assertEqual(out["Vpcs"][0]["CidrBlock"], "172.31.0.0/16")
            _, out, _ = self.server.cli(version, "ec2", "describe-subnets", "--filters",
                                        "Name=availability-zone,Values=us-east-1a")
            self.assertEqual([s["CidrBlock"] for s in out["Subnets"]], ["172.31.0.0/20"])


class Vpcs(Ec2Case):
    def test_create_describe_modify_delete(self):
        vpc = self.ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "lab"}]}])["Vpc"]
        self.assertFalse(vpc["IsDefault"])
        self.assertEqual(vpc["Tags"], [{"Key": "Name", "Value": "lab"}])
        vid = vpc["VpcId"]
        found = self.ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["lab"]}])["Vpcs"]
        self.assertEqual([v["VpcId"] for v in found], [vid])
        self.assertEqual(len(self.ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.0.*"]}])["Vpcs"]), 1)
        self.assertEqual(len(self.ec2.describe_vpcs(Filters=[{"Name": "tag-key", "Values": ["Name"]}])["Vpcs"]), 1)
        attr = self.ec2.describe_vpc_attribute(VpcId=vid, Attribute="enableDnsHostnames")
        self.assertFalse(attr["EnableDnsHostnames"]["Value"])
        self.ec2.modify_vpc_attribute(VpcId=vid, EnableDnsHostnames={"Value": True})
        self.assertTrue(self.ec2.describe_vpc_attribute(VpcId=vid, Attribute="enableDnsHostnames")
                        ["EnableDnsHostnames"]["Value"])
        self.assertTrue(self.ec2.describe_vpc_attribute(VpcId=vid, Attribute="enableDnsSupport")
                        ["EnableDnsSupport"]["Value"])
        # A new VPC gets its own default group and main route table.
        groups = self.ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vid]}])["SecurityGroups"]
        self.assertEqual([g["GroupName"] for g in groups], ["default"])
        self.ec2.delete_vpc(VpcId=vid)
        self.assert_error("InvalidVpcID.NotFound", self.ec2.describe_vpcs, VpcIds=[vid])

    def test_errors(self):
        self.assert_error("InvalidVpcID.NotFound", self.ec2.describe_vpcs, VpcIds=["vpc-00000000000000000"])
        self.assert_error("InvalidVpcID.NotFound", self.ec2.delete_vpc, VpcId="vpc-00000000000000000")
        self.assert_error("InvalidVpc.Range", self.ec2.create_vpc, CidrBlock="10.0.0.0/8")
        self.assert_error("InvalidParameterValue", self.ec2.create_vpc, CidrBlock="10.0.0.300/16")
        self.assert_error("InvalidParameterValue", self.ec2.describe_vpcs, Filters=[{"Name": "colour", "Values": ["x"]}])
        e = self.assert_error("DryRunOperation", self.ec2.create_vpc, CidrBlock="10.1.0.0/16", DryRun=True)
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 412)
        self.assertEqual(len(self.ec2.describe_vpcs()["Vpcs"]), 1)
        vid = self.ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        self.ec2.create_subnet(VpcId=vid, CidrBlock="10.0.1.0/24")
        self.assert_error("DependencyViolation", self.ec2.delete_vpc, VpcId=vid)

    def test_pagination(self):
        for i in range(5):
            self.ec2.create_vpc(CidrBlock=f"10.{i}.0.0/16")
        page = self.ec2.describe_vpcs(MaxResults=5)
        self.assertEqual(len(page["Vpcs"]), 5)
        rest = self.ec2.describe_vpcs(MaxResults=5, NextToken=page["NextToken"])
        self.assertEqual(len(rest["Vpcs"]), 1)
        self.assertNotIn("NextToken", rest)
        ids = {v["VpcId"] for v in page["Vpcs"] + rest["Vpcs"]}
        self.assertEqual(len(ids), 6)
        paginated = [v for p in self.ec2.get_paginator("describe_vpcs").paginate(PaginationConfig={"PageSize": 5})
                     for v in p["Vpcs"]]
        self.assertEqual(len(paginated), 6)
        self.assert_error("InvalidPaginationToken", self.ec2.describe_vpcs, MaxResults=5, NextToken="garbage")


class Subnets(Ec2Case):
    def setUp(self):
        super().setUp()
        self.vid = self.ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]

    def test_create_filter_modify_delete(self):
        subnet = self.ec2.create_subnet(VpcId=self.vid, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1b")
        subnet = subnet["Subnet"]
        self.assertEqual(subnet["AvailableIpAddressCount"], 251)
        self.assertFalse(subnet["DefaultForAz"])
        self.assertFalse(subnet["MapPublicIpOnLaunch"])
        self.assertEqual(subnet["AvailabilityZoneId"], "use1-az1")
        sid = subnet["SubnetId"]
        got = self.ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [self.vid]},
                                                 {"Name": "availability-zone", "Values": ["us-east-1b"]}])["Subnets"]
        self.assertEqual([s["SubnetId"] for s in got], [sid])
        self.assertEqual(self.ec2.describe_subnets(Filters=[{"Name": "cidr-block", "Values": ["10.0.1.0/24"]}])
                         ["Subnets"][0]["SubnetId"], sid)
        self.ec2.modify_subnet_attribute(SubnetId=sid, MapPublicIpOnLaunch={"Value": True})
        self.assertTrue(self.ec2.describe_subnets(SubnetIds=[sid])["Subnets"][0]["MapPublicIpOnLaunch"])
        self.ec2.delete_subnet(SubnetId=sid)
        self.assert_error("InvalidSubnetID.NotFound", self.ec2.describe_subnets, SubnetIds=[sid])

    def test_cidr_errors(self):
        self.assert_error("InvalidSubnet.Range", self.ec2.create_subnet, VpcId=self.vid, CidrBlock="10.1.0.0/24")
        self.assert_error("InvalidSubnet.Range", self.ec2.create_subnet, VpcId=self.vid, CidrBlock="10.0.0.0/29")
        self.assert_error("InvalidSubnet.Range", self.ec2.create_subnet, VpcId=self.vid, CidrBlock="10.0.0.0/15")
        self.ec2.create_subnet(VpcId=self.vid, CidrBlock="10.0.0.0/20")
        self.assert_error("InvalidSubnet.Conflict", self.ec2.create_subnet, VpcId=self.vid, CidrBlock="10.0.8.0/24")
        self.assert_error("InvalidParameterValue", self.ec2.create_subnet, VpcId=self.vid, CidrBlock="bogus")
        self.assert_error("InvalidParameterValue", self.ec2.create_subnet, VpcId=self.vid, CidrBlock="10.0.64.0/24",
                          AvailabilityZone="us-east-1z")
        self.assert_error("InvalidVpcID.NotFound", self.ec2.create_subnet, VpcId="vpc-00000000000000000",
                          CidrBlock="10.0.64.0/24")
        self.assert_error("DryRunOperation", self.ec2.create_subnet, VpcId=self.vid, CidrBlock="10.0.64.0/24",
                          DryRun=True)

    def test_cli(self):
        for version in (1, 2):
            if version == 2:
                require_cli_v2(self)
            _, out, _ = self.server.cli(version, "ec2", "create-subnet", "--vpc-id", self.vid, "--cidr-block",
                                        f"10.0.{100 + version}.0/24")
            self.assertEqual(out["Subnet"]["VpcId"], self.vid)
            rc, _, err = self.server.cli(version, "ec2", "create-subnet", "--vpc-id", self.vid, "--cidr-block",
                                         f"10.0.{100 + version}.0/25", check=False)
            self.assertNotEqual(rc, 0)
            self.assertIn("InvalidSubnet.Conflict", err)


class SecurityGroups(Ec2Case):
    def setUp(self):
        super().setUp()
        self.vid = self.default_vpc()["VpcId"]
        self.gid = self.ec2.create_security_group(GroupName="web", Description="web tier", VpcId=self.vid)["GroupId"]

    def group(self, gid=None):
        return self.ec2.describe_security_groups(GroupIds=[gid or self.gid])["SecurityGroups"][0]

    def test_rules_authorize_describe_revoke(self):
        other = self.ec2.create_security_group(GroupName="lb", Description="lb")["GroupId"]
        out = self.ec2.authorize_security_group_ingress(GroupId=self.gid, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "web"}]},
            {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": other}]}])
        self.assertTrue(out["Return"])
        self.assertEqual(len(out["SecurityGroupRules"]), 2)
        group = self.group()
        perms = {p["FromPort"]: p for p in group["IpPermissions"]}
        self.assertEqual(perms[80]["IpRanges"], [{"CidrIp": "0.0.0.0/0", "Description": "web"}])
        self.assertEqual(perms[8080]["UserIdGroupPairs"][0]["GroupId"], other)
        self.assertEqual(group["IpPermissionsEgress"][0]["IpProtocol"], "-1")
        found = self.ec2.describe_security_groups(Filters=[{"Name": "ip-permission.from-port", "Values": ["8080"]}])
        self.assertEqual([g["GroupId"] for g in found["SecurityGroups"]], [self.gid])
        rules = self.ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [self.gid]}])
        self.assertEqual(len(rules["SecurityGroupRules"]), 3)
        self.assert_error("InvalidPermission.Duplicate", self.ec2.authorize_security_group_ingress, GroupId=self.gid,
                          IpPermissions=[{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
                                          "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        # The referenced group cannot go while referenced.
        self.assert_error("DependencyViolation", self.ec2.delete_security_group, GroupId=other)
        self.ec2.revoke_security_group_ingress(GroupId=self.gid, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": other}]}])
        self.ec2.delete_security_group(GroupId=other)
        self.assert_error("InvalidPermission.NotFound", self.ec2.revoke_security_group_ingress, GroupId=self.gid,
                          IpPermissions=[{"IpProtocol": "tcp", "FromPort": 81, "ToPort": 81,
                                          "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        egress = self.ec2.authorize_security_group_egress(GroupId=self.gid, IpPermissions=[
            {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
        rule_id = egress["SecurityGroupRules"][0]["SecurityGroupRuleId"]
        self.assertTrue(egress["SecurityGroupRules"][0]["IsEgress"])
        revoked = self.ec2.revoke_security_group_egress(GroupId=self.gid, SecurityGroupRuleIds=[rule_id])
        self.assertEqual(revoked["RevokedSecurityGroupRules"][0]["SecurityGroupRuleId"], rule_id)
        self.assertEqual(len(self.group()["IpPermissionsEgress"]), 1)

    def test_errors(self):
        self.assert_error("InvalidGroup.Duplicate", self.ec2.create_security_group, GroupName="web",
                          Description="again", VpcId=self.vid)
        self.assert_error("InvalidGroup.NotFound", self.ec2.describe_security_groups,
                          GroupIds=["sg-00000000000000000"])
        self.assert_error("InvalidGroup.NotFound", self.ec2.delete_security_group, GroupId="sg-00000000000000000")
        self.assert_error("InvalidGroup.NotFound", self.ec2.authorize_security_group_ingress, GroupId=self.gid,
                          IpPermissions=[{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 2,
                                          "UserIdGroupPairs": [{"GroupId": "sg-00000000000000000"}]}])
        self.assert_error("InvalidParameterValue", self.ec2.authorize_security_group_ingress, GroupId=self.gid,
                          IpPermissions=[{"IpProtocol": "tcp", "FromPort": 90, "ToPort": 80,
                                          "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        self.assert_error("InvalidParameterValue", self.ec2.authorize_security_group_ingress, GroupId=self.gid,
                          IpPermissions=[{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
                                          "IpRanges": [{"CidrIp": "300.0.0.0/0"}]}])
        self.assert_error("InvalidParameterValue", self.ec2.authorize_security_group_ingress, GroupId=self.gid,
                          IpPermissions=[{"IpProtocol": "bogus", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        self.assert_error("DryRunOperation", self.ec2.authorize_security_group_ingress, GroupId=self.gid, DryRun=True,
                          IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                                          "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        self.assertEqual(self.group()["IpPermissions"], [])
        default = self.ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]},
                                                             {"Name": "vpc-id", "Values": [self.vid]}])
        self.assert_error("CannotDelete", self.ec2.delete_security_group,
                          GroupId=default["SecurityGroups"][0]["GroupId"])

    def test_cli_authorize_with_flat_arguments(self):
        for version in (1, 2):
            if version == 2:
                require_cli_v2(self)
            port = str(1000 + version)
            self.server.cli(version, "ec2", "authorize-security-group-ingress", "--group-id", self.gid,
                            "--protocol", "tcp", "--port", port, "--cidr", "192.168.0.0/16")
            _, out, _ = self.server.cli(version, "ec2", "describe-security-groups", "--group-ids", self.gid)
            ports = [p["FromPort"] for p in out["SecurityGroups"][0]["IpPermissions"]]
            self.assertIn(int(port), ports)
        # By name, in the default VPC.
        self.server.cli(1, "ec2", "authorize-security-group-ingress", "--group-name", "web", "--protocol", "-1",
                        "--cidr", "10.0.0.0/8")
        self.assertTrue(any(p["IpProtocol"] == "-1" for p in self.group()["IpPermissions"]))


class GatewaysAndRoutes(Ec2Case):
    def test_internet_gateway_and_route_table_lifecycle(self):
        vid = self.ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        sid = self.ec2.create_subnet(VpcId=vid, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
        igw = self.ec2.create_internet_gateway(TagSpecifications=[
            {"ResourceType": "internet-gateway", "Tags": [{"Key": "Name", "Value": "gw"}]}])["InternetGateway"]
        gid = igw["InternetGatewayId"]
        self.assertEqual(igw["Attachments"], [])
        self.ec2.attach_internet_gateway(InternetGatewayId=gid, VpcId=vid)
        self.assert_error("Resource.AlreadyAssociated", self.ec2.attach_internet_gateway, InternetGatewayId=gid,
                          VpcId=vid)
        got = self.ec2.describe_internet_gateways(InternetGatewayIds=[gid])["InternetGateways"][0]
        self.assertEqual(got["Attachments"], [{"State": "available", "VpcId": vid}])
        rtb = self.ec2.create_route_table(VpcId=vid)["RouteTable"]
        rid = rtb["RouteTableId"]
        self.assertEqual(rtb["Routes"][0]["GatewayId"], "local")
        self.ec2.create_route(RouteTableId=rid, DestinationCidrBlock="0.0.0.0/0", GatewayId=gid)
        self.assert_error("RouteAlreadyExists", self.ec2.create_route, RouteTableId=rid,
                          DestinationCidrBlock="0.0.0.0/0", GatewayId=gid)
        assoc = self.ec2.associate_route_table(RouteTableId=rid, SubnetId=sid)
        self.assertEqual(assoc["AssociationState"]["State"], "associated")
        self.assert_error("Resource.AlreadyAssociated", self.ec2.associate_route_table, RouteTableId=rid, SubnetId=sid)
        found = self.ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": [sid]}])
        self.assertEqual([t["RouteTableId"] for t in found["RouteTables"]], [rid])
        self.assertEqual(found["RouteTables"][0]["Routes"][1]["State"], "active")
        self.assert_error("DependencyViolation", self.ec2.delete_route_table, RouteTableId=rid)
        self.assert_error("DependencyViolation", self.ec2.delete_internet_gateway, InternetGatewayId=gid)
        self.ec2.replace_route(RouteTableId=rid, DestinationCidrBlock="0.0.0.0/0", GatewayId=gid)
        self.assert_error("InvalidRoute.NotFound", self.ec2.delete_route, RouteTableId=rid,
                          DestinationCidrBlock="1.2.3.0/24")
        self.assert_error("InvalidParameterValue", self.ec2.delete_route, RouteTableId=rid,
                          DestinationCidrBlock="10.0.0.0/16")
        self.ec2.delete_route(RouteTableId=rid, DestinationCidrBlock="0.0.0.0/0")
        self.ec2.disassociate_route_table(AssociationId=assoc["AssociationId"])
        self.assert_error("InvalidAssociationID.NotFound", self.ec2.disassociate_route_table,
                          AssociationId=assoc["AssociationId"])
        self.ec2.delete_route_table(RouteTableId=rid)
        self.assert_error("InvalidRouteTableID.NotFound", self.ec2.describe_route_tables, RouteTableIds=[rid])
        self.assert_error("Gateway.NotAttached", self.ec2.detach_internet_gateway, InternetGatewayId=gid,
                          VpcId=self.default_vpc()["VpcId"])
        self.ec2.detach_internet_gateway(InternetGatewayId=gid, VpcId=vid)
        self.ec2.delete_internet_gateway(InternetGatewayId=gid)
        self.assert_error("InvalidInternetGatewayID.NotFound", self.ec2.describe_internet_gateways,
                          InternetGatewayIds=[gid])
        self.assert_error("InvalidVpcID.NotFound", self.ec2.create_route_table, VpcId="vpc-00000000000000000")
        self.assert_error("DryRunOperation", self.ec2.create_internet_gateway, DryRun=True)


class InterfacesAndKeys(Ec2Case):
    def test_network_interfaces(self):
        subnet = self.ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["us-east-1a"]}])
        sid = subnet["Subnets"][0]["SubnetId"]
        eni = self.ec2.create_network_interface(SubnetId=sid, Description="task eni")["NetworkInterface"]
        self.assertEqual(eni["PrivateIpAddress"], "172.31.0.4")
        self.assertEqual(eni["Status"], "available")
        self.assertEqual(eni["Groups"][0]["GroupName"], "default")
        fixed = self.ec2.create_network_interface(SubnetId=sid, PrivateIpAddress="172.31.0.77")["NetworkInterface"]
        self.assertEqual(fixed["PrivateIpAddress"], "172.31.0.77")
        self.assert_error("InvalidIPAddress.InUse", self.ec2.create_network_interface, SubnetId=sid,
                          PrivateIpAddress="172.31.0.77")
        found = self.ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["task*"]}])
        self.assertEqual([e["NetworkInterfaceId"] for e in found["NetworkInterfaces"]], [eni["NetworkInterfaceId"]])
        self.assertEqual(self.ec2.describe_subnets(SubnetIds=[sid])["Subnets"][0]["AvailableIpAddressCount"], 4089)
        self.ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
        self.assert_error("InvalidNetworkInterfaceID.NotFound", self.ec2.delete_network_interface,
                          NetworkInterfaceId=eni["NetworkInterfaceId"])
        self.assert_error("InvalidSubnetID.NotFound", self.ec2.create_network_interface,
                          SubnetId="subnet-00000000000000000")
        self.assert_error("InvalidGroup.NotFound", self.ec2.create_network_interface, SubnetId=sid,
                          Groups=["sg-00000000000000000"])

    def test_key_pairs(self):
        created = self.ec2.create_key_pair(KeyName="lab")
        self.assertIn("BEGIN RSA PRIVATE KEY", created["KeyMaterial"])
        self.assertRegex(created["KeyPairId"], r"^key-[0-9a-f]{17}$")
        self.assert_error("InvalidKeyPair.Duplicate", self.ec2.create_key_pair, KeyName="lab")
        imported = self.ec2.import_key_pair(KeyName="mine", PublicKeyMaterial=b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB me")
        self.assertEqual(imported["KeyName"], "mine")
        self.assert_error("InvalidKey.Format", self.ec2.import_key_pair, KeyName="bad", PublicKeyMaterial=b"nope")
        pairs = self.ec2.describe_key_pairs()["KeyPairs"]
        self.assertEqual(sorted(k["KeyName"] for k in pairs), ["lab", "mine"])
        self.assertEqual({k["KeyName"]: k["KeyType"] for k in pairs}, {"lab": "rsa", "mine": "ed25519"})
        one = self.ec2.describe_key_pairs(KeyNames=["mine"], IncludePublicKey=True)["KeyPairs"][0]
        self.assertTrue(one["PublicKey"].startswith("ssh-ed25519 "))
        self.assert_error("InvalidKeyPair.NotFound", self.ec2.describe_key_pairs, KeyNames=["nope"])
        self.ec2.delete_key_pair(KeyName="lab")
        self.ec2.delete_key_pair(KeyName="lab")  # deleting a missing key pair succeeds, as on AWS
        self.assertEqual([k["KeyName"] for k in self.ec2.describe_key_pairs()["KeyPairs"]], ["mine"])
        for version in (1, 2):
            if version == 2:
                require_cli_v2(self)
            _, out, _ = self.server.cli(version, "ec2", "create-key-pair", "--key-name", f"cli{version}")
            self.assertEqual(out["KeyName"], f"cli{version}")


class Tags(Ec2Case):
    def test_create_describe_delete_tags(self):
        vid = self.default_vpc()["VpcId"]
        sid = self.ec2.describe_subnets()["Subnets"][0]["SubnetId"]
        self.ec2.create_tags(Resources=[vid, sid], Tags=[{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "a"}])
        tags = self.ec2.describe_tags(Filters=[{"Name": "key", "Values": ["env"]}])["Tags"]
        self.assertEqual(sorted((t["ResourceType"], t["ResourceId"]) for t in tags),
                         sorted([("vpc", vid), ("subnet", sid)]))
        self.assertEqual(len(self.ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [vid]}])["Tags"]), 2)
        self.assertEqual(len(self.ec2.describe_tags(Filters=[{"Name": "resource-type", "Values": ["subnet"]}])["Tags"]), 2)
        page = self.ec2.describe_tags(MaxResults=5)
        self.assertEqual(len(page["Tags"]), 4)
        self.ec2.delete_tags(Resources=[vid], Tags=[{"Key": "env", "Value": "other"}])  # value differs: kept
        self.assertEqual(len(self.ec2.describe_vpcs(VpcIds=[vid])["Vpcs"][0]["Tags"]), 2)
        self.ec2.delete_tags(Resources=[vid], Tags=[{"Key": "env"}])
        self.assertEqual(self.ec2.describe_vpcs(VpcIds=[vid])["Vpcs"][0]["Tags"], [{"Key": "team", "Value": "a"}])
        self.assertEqual(len(self.ec2.describe_subnets(Filters=[{"Name": "tag:env", "Values": ["dev"]}])["Subnets"]), 1)
        self.assert_error("InvalidVpcID.NotFound", self.ec2.create_tags, Resources=["vpc-00000000000000000"],
                          Tags=[{"Key": "a", "Value": "b"}])
        self.assert_error("InvalidID", self.ec2.create_tags, Resources=["thing-1"], Tags=[{"Key": "a", "Value": "b"}])
        self.assert_error("InvalidParameterValue", self.ec2.create_tags, Resources=[vid],
                          Tags=[{"Key": "aws:x", "Value": "b"}])
        self.assert_error("DryRunOperation", self.ec2.create_tags, Resources=[vid], Tags=[{"Key": "a", "Value": "b"}],
                          DryRun=True)
        for version in (1, 2):
            if version == 2:
                require_cli_v2(self)
            self.server.cli(version, "ec2", "create-tags", "--resources", vid, "--tags", f"Key=v{version},Value=x")
            _, out, _ = self.server.cli(version, "ec2", "describe-tags", "--filters", f"Name=key,Values=v{version}")
            self.assertEqual(out["Tags"][0]["ResourceId"], vid)


class ImagesAndTypes(Ec2Case):
    def test_own_images_create_share_copy_deregister(self):
        instance = self.ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
        image_id = self.ec2.create_image(InstanceId=instance, Name="web-v1", Description="first", TagSpecifications=[
            {"ResourceType": "image", "Tags": [{"Key": "app", "Value": "web"}]}])["ImageId"]
        image = self.ec2.describe_images(ImageIds=[image_id])["Images"][0]
        self.assertEqual((image["Name"], image["SourceInstanceId"], image["OwnerId"], image["Public"]),
                         ("web-v1", instance, ACCOUNT, False))
        snapshot = image["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]
        snap = self.ec2.describe_snapshots(SnapshotIds=[snapshot])["Snapshots"][0]
        self.assertEqual(snap["Description"], f"Created by CreateImage({instance}) for {image_id}")
        self.assertEqual([i["ImageId"] for i in self.ec2.describe_images(Owners=["self"])["Images"]], [image_id])
        self.assertEqual(len(self.ec2.describe_images(Filters=[{"Name": "tag:app", "Values": ["web"]}])["Images"]), 1)
        self.ec2.modify_image_attribute(ImageId=image_id, LaunchPermission={"Add": [{"Group": "all"},
                                                                                   {"UserId": "111122223333"}]})
        perms = self.ec2.describe_image_attribute(ImageId=image_id, Attribute="launchPermission")["LaunchPermissions"]
        self.assertEqual(perms, [{"Group": "all"}, {"UserId": "111122223333"}])
        self.ec2.reset_image_attribute(ImageId=image_id, Attribute="launchPermission")
        self.assertEqual(self.ec2.describe_image_attribute(ImageId=image_id, Attribute="launchPermission")
                         ["LaunchPermissions"], [])
        self.assert_error("InvalidAMIAttributeItemValue", self.ec2.modify_image_attribute, ImageId=image_id,
                          LaunchPermission={"Add": [{"UserId": "not-an-account"}]})
        self.assert_error("InvalidAMIName.Duplicate", self.ec2.create_image, InstanceId=instance, Name="web-v1")
        self.assert_error("InvalidAMIName.Malformed", self.ec2.create_image, InstanceId=instance, Name="bad#name")
        self.assert_error("InvalidInstanceID.NotFound", self.ec2.create_image, InstanceId="i-0123456789abcdef0",
                          Name="web-v2")
        self.assert_error("InvalidSnapshot.InUse", self.ec2.delete_snapshot, SnapshotId=snapshot)
        west = self.server.client("ec2", region="us-west-2")
        copy = west.copy_image(SourceImageId=image_id, SourceRegion="us-east-1", Name="web-v1-copy")["ImageId"]
        self.assertEqual(west.describe_images(ImageIds=[copy])["Images"][0]["Name"], "web-v1-copy")
        self.assert_error("InvalidAMIID.NotFound", west.copy_image, SourceImageId=image_id, SourceRegion="eu-west-1",
                          Name="nope")
        self.assert_error("DryRunOperation", self.ec2.deregister_image, ImageId=image_id, DryRun=True)
        self.ec2.deregister_image(ImageId=image_id)
        self.assert_error("InvalidAMIID.Unavailable", self.ec2.deregister_image, ImageId=image_id)
        self.assert_error("InvalidAMIID.NotFound", self.ec2.deregister_image, ImageId="ami-0123456789abcdef0")
        self.assert_error("InvalidAMIID.Malformed", self.ec2.deregister_image, ImageId="ami-nope")
        self.ec2.delete_snapshot(SnapshotId=snapshot)
        self.assert_error("InvalidSnapshot.NotFound", self.ec2.delete_snapshot, SnapshotId=snapshot)
        registered = self.ec2.register_image(Name="raw-image", Architecture="arm64", RootDeviceName="/dev/xvda")
        self.assertEqual(self.ec2.describe_images(ImageIds=[registered["ImageId"]])["Images"][0]["Architecture"],
                         "arm64")

    def test_describe_images_of_amazon(self):
        images = self.ec2.describe_images(Owners=["amazon"], Filters=[
            {"Name": "name", "Values": ["al2023-ami-ecs-hvm-*"]}, {"Name": "architecture", "Values": ["x86_64"]}])
        self.assertEqual(len(images["Images"]), 1)
        image = images["Images"][0]
        self.assertRegex(image["ImageId"], r"^ami-0[0-9a-f]{16}$")
        self.assertEqual(image["OwnerId"], "591542846629")
        self.assertEqual(image["ImageOwnerAlias"], "amazon")
        amzn2 = self.ec2.describe_images(Filters=[{"Name": "name", "Values": ["amzn2-ami-ecs-hvm-2.0.*"]}])["Images"]
        self.assertEqual(sorted(i["Architecture"] for i in amzn2), ["arm64", "x86_64"])
        plain = self.ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023.*"]}])["Images"]
        self.assertEqual(len(plain), 2)
        self.assertEqual(self.ec2.describe_images(ImageIds=[image["ImageId"]])["Images"][0]["Name"], image["Name"])
        self.assertEqual(self.ec2.describe_images(Owners=["self"])["Images"], [])
        self.assert_error("InvalidAMIID.NotFound", self.ec2.describe_images, ImageIds=["ami-0123456789abcdef0"])
        self.assert_error("InvalidAMIID.Malformed", self.ec2.describe_images, ImageIds=["ami-zz"])
        other = self.server.client("ec2", region="eu-west-1").describe_images(
            Filters=[{"Name": "name", "Values": [image["Name"]]}])["Images"][0]
        self.assertNotEqual(other["ImageId"], image["ImageId"])

    def test_describe_instance_types(self):
        types = self.ec2.describe_instance_types(InstanceTypes=["t3.medium", "m5.large"])["InstanceTypes"]
        by_name = {t["InstanceType"]: t for t in types}
        self.assertEqual(by_name["t3.medium"]["VCpuInfo"]["DefaultVCpus"], 2)
        self.assertEqual(by_name["t3.medium"]["MemoryInfo"]["SizeInMiB"], 4096)
        self.assertEqual(by_name["m5.large"]["MemoryInfo"]["SizeInMiB"], 8192)
        arm = [t for p in self.ec2.get_paginator("describe_instance_types").paginate(Filters=[
            {"Name": "processor-info.supported-architecture", "Values": ["arm64"]}]) for t in p["InstanceTypes"]]
        self.assertIn("t4g.micro", {t["InstanceType"] for t in arm})
        self.assertTrue(all(t["ProcessorInfo"]["SupportedArchitectures"] == ["arm64"] for t in arm))
        # Every type of the model's InstanceType enum is one AWS has, old generations included.
        old = self.ec2.describe_instance_types(InstanceTypes=["m1.small", "c4.8xlarge", "p5.48xlarge"])
        sizes = {t["InstanceType"]: (t["VCpuInfo"]["DefaultVCpus"], t["MemoryInfo"]["SizeInMiB"],
                                     t["CurrentGeneration"]) for t in old["InstanceTypes"]}
        self.assertEqual(sizes, {"m1.small": (1, 1740, False), "c4.8xlarge": (36, 61440, True),
                                 "p5.48xlarge": (192, 2097152, True)})
        self.assert_error("InvalidInstanceType", self.ec2.describe_instance_types, InstanceTypes=["t9.huge"])
        all_types = [t for p in self.ec2.get_paginator("describe_instance_types").paginate(
            PaginationConfig={"PageSize": 10}) for t in p["InstanceTypes"]]
        self.assertEqual(len(all_types), len({t["InstanceType"] for t in all_types}))
        self.assertGreaterEqual(len(all_types), 40)
        for version in (1, 2):
            if version == 2:
                require_cli_v2(self)
            _, out, _ = self.server.cli(version, "ec2", "describe-instance-types", "--instance-types", "c5.xlarge")
            self.assertEqual(out["InstanceTypes"][0]["VCpuInfo"]["DefaultVCpus"], 4)


if __name__ == "__main__":
    unittest.main()
