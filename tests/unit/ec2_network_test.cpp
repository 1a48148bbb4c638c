#include <catch2/catch.hpp>

#include <set>

#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_cidr.hpp"
#include "services/ec2/ec2_state.hpp"

using namespace ecsemu::ec2;

TEST_CASE("IPv4 addresses parse strictly and print back", "[ec2]") {
  CHECK(parse_ipv4("10.0.0.1") == 0x0a000001u);
  CHECK(parse_ipv4("255.255.255.255") == 0xffffffffu);
  CHECK_FALSE(parse_ipv4("256.0.0.1"));
  CHECK_FALSE(parse_ipv4("10.0.0"));
  CHECK_FALSE(parse_ipv4("10.0.0.1.2"));
  CHECK_FALSE(parse_ipv4("10.0.0.01"));
  CHECK_FALSE(parse_ipv4("10.0.0.a"));
  CHECK_FALSE(parse_ipv4(""));
  CHECK(format_ipv4(0xac1f1005u) == "172.31.16.5");
}

TEST_CASE("CIDR blocks parse, contain and overlap as IPv4 arithmetic says", "[ec2]") {
  auto vpc = parse_cidr("10.0.0.0/16");
  REQUIRE(vpc);
  CHECK(vpc->size() == 65536);
  CHECK(vpc->contains(*parse_cidr("10.0.255.0/24")));
  CHECK_FALSE(vpc->contains(*parse_cidr("10.1.0.0/24")));
  CHECK_FALSE(vpc->contains(*parse_cidr("10.0.0.0/8")));  // larger than the VPC
  CHECK(parse_cidr("10.0.1.0/24")->overlaps(*parse_cidr("10.0.0.0/23")));
  CHECK_FALSE(parse_cidr("10.0.1.0/24")->overlaps(*parse_cidr("10.0.2.0/24")));
  CHECK(parse_cidr("10.0.1.7/24")->str() == "10.0.1.0/24");
  CHECK(parse_cidr("0.0.0.0/0")->contains(0x01020304u));
  CHECK_FALSE(parse_cidr("10.0.0.0/33"));
  CHECK_FALSE(parse_cidr("10.0.0.0/"));
  CHECK_FALSE(parse_cidr("10.0.0.0"));
  CHECK_FALSE(parse_cidr("10.0.0.0/1a"));
}

TEST_CASE("An account starts with AWS's default network", "[ec2]") {
  Ec2State state;
  NetworkState& net = ensure_defaults(state, "us-east-1");
  REQUIRE(net.vpcs.size() == 1);
  const Vpc& vpc = net.vpcs.begin()->second;
  CHECK(vpc.is_default);
  CHECK(vpc.cidr_block == "172.31.0.0/16");
  CHECK(vpc.id.size() == 21);
  auto subnets = default_subnets(net);
  REQUIRE(subnets.size() == 6);
  CHECK(subnets[0]->availability_zone == "us-east-1a");
  CHECK(subnets[0]->cidr_block == "172.31.0.0/20");
  CHECK(subnets[1]->cidr_block == "172.31.16.0/20");
  CHECK(subnets[0]->map_public_ip_on_launch);
  const SecurityGroup* group = find_group_by_name(net, vpc.id, "default");
  REQUIRE(group != nullptr);
  CHECK(group->rules.size() == 2);
  REQUIRE(net.internet_gateways.size() == 1);
  CHECK(net.internet_gateways.begin()->second.attached_vpc_id == vpc.id);
  RouteTable* main = main_route_table(net, vpc.id);
  REQUIRE(main != nullptr);
  REQUIRE(main->routes.size() == 2);
  CHECK(main->routes[0].gateway_id == "local");
  CHECK(main->routes[1].destination_cidr_block == "0.0.0.0/0");
  CHECK(&ensure_defaults(state, "us-east-1") == &net);
  CHECK(net.vpcs.size() == 1);
}

TEST_CASE("Private addresses skip AWS's reserved ones and run out", "[ec2]") {
  Ec2State state;
  NetworkState& net = ensure_defaults(state, "eu-west-1");
  Vpc& vpc = create_vpc(net, "10.0.0.0/16", false);
  Subnet& subnet = create_subnet(net, vpc.id, "10.0.0.0/28", "eu-west-1a", "euw1-az3");
  CHECK(available_ip_count(subnet) == 11);
  // Neither by allocation nor on request: the VPC's base + 1 is the gateway of its Docker network.
  CHECK_FALSE(claim_private_ip(net, subnet.id, "10.0.0.1"));
  CHECK_FALSE(claim_private_ip(net, subnet.id, "10.0.0.3"));
  std::set<std::string> ips;
  for (int i = 0; i < 11; ++i) {
    ips.insert(allocate_private_ip(net, subnet.id));
  }
  CHECK(ips.size() == 11);
  CHECK(ips.count("10.0.0.4") == 1);
  CHECK(ips.count("10.0.0.14") == 1);
  CHECK(ips.count("10.0.0.15") == 0);  // broadcast
  CHECK(allocate_private_ip(net, subnet.id).empty());
  CHECK(available_ip_count(subnet) == 0);
  release_private_ip(net, subnet.id, "10.0.0.9");
  CHECK(allocate_private_ip(net, subnet.id) == "10.0.0.9");
  CHECK(allocate_private_ip(net, "subnet-00000000000000000").empty());
  CHECK_THROWS_AS(create_network_interface(net, subnet.id, {}, "", ""), ecsemu::aws::ServiceError);
}

TEST_CASE("ENIs take an address and the VPC's default group, and give the address back", "[ec2]") {
  Ec2State state;
  NetworkState& net = ensure_defaults(state, "us-west-2");
  const Subnet* subnet = default_subnets(net).front();
  NetworkInterface& eni = create_network_interface(net, subnet->id, {}, "task eni", "");
  CHECK(eni.private_ip == "172.31.0.4");
  CHECK(eni.interface_type == "interface");
  REQUIRE(eni.security_group_ids.size() == 1);
  CHECK(eni.security_group_ids[0] == find_group_by_name(net, subnet->vpc_id, "default")->id);
  std::string id = eni.id;
  CHECK(id.rfind("eni-", 0) == 0);
  delete_network_interface(net, id);
  CHECK(net.network_interfaces.empty());
  CHECK(allocate_private_ip(net, subnet->id) == "172.31.0.4");
}
