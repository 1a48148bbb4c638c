#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <boost/json/parse.hpp>

#include "runtime/vpc_network.hpp"

using namespace ecsemu::runtime;
namespace json = boost::json;

namespace {

Ipv4Block block(std::string_view text) {
  auto b = parse_ipv4_block(text);
  REQUIRE(b);
  return *b;
}

// This machine's kind of table: a default route, the LAN and Docker's default bridge.
constexpr std::string_view kRoutes =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
    "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n"
    "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
    "wg0\t0000080A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
    "down0\t00001CAC\t00000000\t0000\t0\t0\t0\t0000FFFF\t0\t0\t0\n";

std::vector<DockerNetworkInfo> docker_networks(std::string_view instance) {
  return parse_docker_networks(json::parse(fmt::format(R"([
    {{"Name":"bridge","Id":"b815923b8a81aaaa","Driver":"bridge",
      "Options":{{"com.docker.network.bridge.name":"docker0"}},"Labels":{{}},
      "IPAM":{{"Config":[{{"Subnet":"172.17.0.0/16","Gateway":"172.17.0.1"}}]}}}},
    {{"Name":"host","Id":"h1","Driver":"host","IPAM":{{"Config":[]}}}},
    {{"Name":"ecsemu-vpc-1","Id":"0123456789abcdef","Driver":"bridge","Options":{{}},
      "Labels":{{"ecsemu":"{}","ecsemu.pid":"1"}},
      "IPAM":{{"Config":[{{"Subnet":"172.31.0.0/16","Gateway":"172.31.0.1"}}]}}}},
    {{"Name":"theirs","Id":"fedcba9876543210","Driver":"bridge","Labels":{{"ecsemu":"someone-else"}},
      "IPAM":{{"Config":[{{"Subnet":"10.99.0.5/16"}}]}}}}
  ])",
                                                       instance)));
}

}  // namespace

TEST_CASE("IPv4 blocks parse strictly and know what they overlap", "[unit][runtime]") {
  CHECK(block("10.0.0.0/16").str() == "10.0.0.0/16");
  CHECK(block("10.0.0.0/16").last() == *parse_ipv4_address("10.0.255.255"));
  CHECK_FALSE(parse_ipv4_block("10.0.0.1/16"));  // host bits
  CHECK_FALSE(parse_ipv4_block("10.0.0.0/33"));
  CHECK_FALSE(parse_ipv4_block("10.0.0/16"));
  CHECK_FALSE(parse_ipv4_block("10.0.0.256/24"));
  CHECK_FALSE(parse_ipv4_block("10.0.0.0"));
  CHECK(block("10.0.0.0/8").overlaps(block("10.20.0.0/16")));
  CHECK(block("10.20.0.0/16").overlaps(block("10.0.0.0/8")));
  CHECK_FALSE(block("10.20.0.0/16").overlaps(block("10.21.0.0/16")));
}

TEST_CASE("/proc/net/route gives the host's routes, header and down routes aside", "[unit][runtime]") {
  auto routes = parse_proc_net_route(kRoutes);
  REQUIRE(routes.size() == 4);
  CHECK(routes[0].interface == "eth0");
  CHECK(routes[0].block.str() == "0.0.0.0/0");
  CHECK(routes[1].interface == "docker0");
  CHECK(routes[1].block.str() == "172.17.0.0/16");
  CHECK(routes[2].block.str() == "192.0.2.0/24");
  CHECK(routes[3].block.str() == "10.8.0.0/24");
}

TEST_CASE("Docker's network list gives each network's blocks, bridge and owner", "[unit][runtime]") {
  auto nets = docker_networks("me");
  REQUIRE(nets.size() == 4);
  CHECK(nets[0].bridge_interface == "docker0");
  CHECK(nets[0].subnets.at(0).str() == "172.17.0.0/16");
  CHECK(nets[0].marker.empty());
  CHECK(nets[1].bridge_interface.empty());
  CHECK(nets[1].subnets.empty());
  CHECK(nets[2].bridge_interface == "br-0123456789ab");
  CHECK(nets[2].marker == "me");
  CHECK(nets[3].subnets.at(0).str() == "10.99.0.0/16");
}

TEST_CASE("A VPC block that would hijack a host route or another network is refused", "[unit][runtime]") {
  auto host = parse_proc_net_route(kRoutes);
  auto docker = docker_networks("me");
  auto conflict = [&](std::string_view cidr, std::string_view name = "ecsemu-vpc-2") {
    return vpc_network_conflict(block(cidr), name, "me", host, docker);
  };
  // Free blocks: the default route hijacks nothing.
  CHECK(conflict("10.20.0.0/16").empty());
  CHECK(conflict("192.168.0.0/16").empty());
  // The host's own networks: the LAN, a VPN-ish route, an address on lo.
  CHECK(conflict("192.0.2.0/26") == "the VPC CIDR 192.0.2.0/26 overlaps the host's 192.0.2.0/24 on eth0");
  CHECK(conflict("10.8.0.0/16") == "the VPC CIDR 10.8.0.0/16 overlaps the host's 10.8.0.0/24 on wg0");
  auto with_lo = host;
  with_lo.push_back({"lo", block("169.254.170.2/32")});
  CHECK_FALSE(vpc_network_conflict(block("169.254.0.0/16"), "n", "me", with_lo, docker).empty());
  // Docker's default bridge is not ours, whatever its route says.
  CHECK(conflict("172.17.0.0/16") ==
        "the VPC CIDR 172.17.0.0/16 overlaps Docker network bridge (172.17.0.0/16, not ecsemu's)");
  // Another VPC of ours on an overlapping block (two VPCs on 172.31.0.0/16), and another ecsemu's network.
  CHECK(conflict("172.31.0.0/16") ==
        "the VPC CIDR 172.31.0.0/16 overlaps Docker network ecsemu-vpc-1 "
        "(172.31.0.0/16, this ecsemu's, for another VPC)");
  CHECK(conflict("10.99.128.0/17") ==
        "the VPC CIDR 10.99.128.0/17 overlaps Docker network theirs (10.99.0.0/16, another ecsemu's)");
  // The VPC's own network is no conflict, but only when this ecsemu made it.
  CHECK(conflict("172.31.0.0/16", "ecsemu-vpc-1").empty());
  CHECK_FALSE(vpc_network_conflict(block("172.31.0.0/16"), "ecsemu-vpc-1", "other", host, docker).empty());
  // The route of one of our own networks' bridges is judged by the network, not as a host route.
  auto with_bridge = host;
  with_bridge.push_back({"br-0123456789ab", block("172.31.0.0/16")});
  CHECK(vpc_network_conflict(block("172.31.0.0/16"), "ecsemu-vpc-1", "me", with_bridge, docker).empty());
}

TEST_CASE("A task's address must be a usable host of the VPC block", "[unit][runtime]") {
  const Ipv4Block vpc = block("172.31.0.0/16");
  CHECK(vpc_address_problem(vpc, "172.31.16.4").empty());
  CHECK(vpc_address_problem(vpc, "10.0.0.4") == "10.0.0.4 is outside the VPC CIDR 172.31.0.0/16");
  CHECK_FALSE(vpc_address_problem(vpc, "172.31.0.0").empty());
  CHECK_FALSE(vpc_address_problem(vpc, "172.31.0.1").empty());  // the gateway
  CHECK_FALSE(vpc_address_problem(vpc, "172.31.255.255").empty());
  CHECK(vpc_address_problem(vpc, "nope") == "'nope' is not an IPv4 address");
  CHECK_FALSE(vpc_address_problem(block("10.0.0.0/31"), "10.0.0.1").empty());
}

TEST_CASE("The VPC network is an internal bridge on the VPC block with the gateway at its base + 1",
          "[unit][runtime]") {
  CHECK(vpc_network_name("vpc-0abc") == "ecsemu-vpc-0abc");
  json::object body =
      docker_vpc_network_create_body("ecsemu-vpc-0abc", block("10.20.0.0/16"), {{"ecsemu", "me"}, {"ecsemu.pid", "7"}});
  CHECK(body.at("Name") == "ecsemu-vpc-0abc");
  CHECK(body.at("Driver") == "bridge");
  CHECK(body.at("Internal") == true);
  CHECK(body.at("Options").at("com.docker.network.bridge.enable_ip_masquerade") == "false");
  CHECK(body.at("IPAM").at("Config") ==
        json::array{json::object{{"Subnet", "10.20.0.0/16"}, {"Gateway", "10.20.0.1"}}});
  CHECK(body.at("Labels") == json::object{{"ecsemu", "me"}, {"ecsemu.pid", "7"}});
}
