#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ecsemu::ec2 {

struct Ec2State;

// Tags of an EC2 resource, key -> value.
using TagMap = std::map<std::string, std::string>;

struct Vpc {
  std::string id;
  std::string cidr_block;
  std::string cidr_association_id;
  std::string dhcp_options_id;
  std::string instance_tenancy = "default";
  bool is_default = false;
  bool enable_dns_support = true;
  bool enable_dns_hostnames = false;
  std::string network_acl_id;  // the VPC's default network ACL (allow all, in and out)
  TagMap tags;
};

struct Subnet {
  std::string id;
  std::string vpc_id;
  std::string cidr_block;
  std::string availability_zone;
  std::string availability_zone_id;
  bool default_for_az = false;
  bool map_public_ip_on_launch = false;
  std::set<std::uint32_t> used_ips;  // private addresses handed out (ENIs, instances)
  TagMap tags;
};

// One rule of a security group: one protocol/port range and one source (a CIDR or a group).
struct SecurityGroupRule {
  std::string id;  // sgr-...
  bool egress = false;
  std::string ip_protocol;  // tcp, udp, icmp, -1 or a protocol number
  int from_port = -1;
  int to_port = -1;
  std::string cidr_ipv4;
  std::string referenced_group_id;
  std::string description;
  TagMap tags;
};

struct SecurityGroup {
  std::string id;
  std::string name;
  std::string description;
  std::string vpc_id;
  std::vector<SecurityGroupRule> rules;
  TagMap tags;
};

struct InternetGateway {
  std::string id;
  std::string attached_vpc_id;  // empty when detached
  TagMap tags;
};

struct Route {
  std::string destination_cidr_block;
  std::string gateway_id;  // "local" or igw-...
  std::string nat_gateway_id;
  std::string network_interface_id;
  std::string instance_id;
  std::string origin = "CreateRoute";  // CreateRouteTable (local, default routes) | CreateRoute
};

struct RouteTableAssociation {
  std::string id;  // rtbassoc-...
  std::string subnet_id;
  std::string gateway_id;
  bool main = false;
};

struct RouteTable {
  std::string id;
  std::string vpc_id;
  std::vector<Route> routes;
  std::vector<RouteTableAssociation> associations;
  TagMap tags;
};

struct NetworkInterface {
  std::string id;
  std::string subnet_id;
  std::string vpc_id;
  std::string availability_zone;
  std::string description;
  std::string interface_type = "interface";  // interface | efa | trunk | branch | ...
  std::string private_ip;
  std::string mac_address;
  std::vector<std::string> security_group_ids;
  std::string status = "available";  // available | in-use
  std::string attachment_id;         // set while attached
  std::string attached_instance_id;
  int device_index = 0;
  double attach_time = 0;
  bool delete_on_termination = false;
  bool requester_managed = false;
  TagMap tags;
};

struct KeyPair {
  std::string id;  // key-...
  std::string name;
  std::string key_type = "rsa";  // rsa | ed25519
  std::string fingerprint;
  std::string public_key;
  double created_at = 0;
  TagMap tags;
};

// An account's network in one region. Maps are keyed by id (key pairs by name), so listings are stable.
struct NetworkState {
  bool initialized = false;
  std::string region;
  std::string default_vpc_id;
  std::map<std::string, Vpc> vpcs;
  std::map<std::string, Subnet> subnets;
  std::map<std::string, SecurityGroup> security_groups;
  std::map<std::string, InternetGateway> internet_gateways;
  std::map<std::string, RouteTable> route_tables;
  std::map<std::string, NetworkInterface> network_interfaces;
  std::map<std::string, KeyPair> key_pairs;
};

// A new resource id in AWS's form: prefix + "-" + 17 hex digits.
std::string new_resource_id(std::string_view prefix);
// The outbound rule every new security group starts with: all traffic to 0.0.0.0/0, with a new rule id.
SecurityGroupRule allow_all_egress();

// The account's network, with the default VPC, subnets, security group, internet gateway and main route table
// created on first use.
NetworkState& ensure_defaults(Ec2State& state, std::string_view region);

// Creates the default VPC as AWS lays it out (172.31.0.0/16, a /20 default subnet per zone with public addresses,
// an attached internet gateway and a 0.0.0.0/0 route to it) and records it as the default.
Vpc& create_default_vpc(NetworkState& net);
// Creates a VPC with its default security group and main route table (what CreateVpc does on AWS).
Vpc& create_vpc(NetworkState& net, std::string cidr_block, bool is_default);
// Creates a subnet; the caller has validated the block and the zone.
Subnet& create_subnet(NetworkState& net, std::string_view vpc_id, std::string cidr_block, std::string zone,
                      std::string zone_id);

const Subnet* find_subnet(const NetworkState& net, std::string_view id);
Subnet* find_subnet(NetworkState& net, std::string_view id);
// The default subnets (one per zone), sorted by zone name.
std::vector<const Subnet*> default_subnets(const NetworkState& net);
// The VPC's security group named `name` (e.g. "default"); null when none.
const SecurityGroup* find_group_by_name(const NetworkState& net, std::string_view vpc_id, std::string_view name);
// The main route table of a VPC; null when none.
RouteTable* main_route_table(NetworkState& net, std::string_view vpc_id);

// The lowest free private address of a subnet (AWS keeps the first four and the last); "" when exhausted or
// when the subnet is unknown.
std::string allocate_private_ip(NetworkState& net, std::string_view subnet_id);
// Takes a specific address; false when outside the subnet, reserved or in use.
bool claim_private_ip(NetworkState& net, std::string_view subnet_id, std::string_view ip);
void release_private_ip(NetworkState& net, std::string_view subnet_id, std::string_view ip);
// Free addresses of a subnet, as AvailableIpAddressCount shows them.
std::int64_t available_ip_count(const Subnet& subnet);

// A new ENI with a private address from the subnet (throws aws::ServiceError InsufficientFreeAddressesInSubnet
// when none is left, InvalidSubnetID.NotFound when the subnet is unknown).
NetworkInterface& create_network_interface(NetworkState& net, std::string_view subnet_id,
                                           std::vector<std::string> sg_ids, std::string description,
                                           std::string interface_type);
// Removes an ENI and returns its address to the subnet; no effect when unknown.
void delete_network_interface(NetworkState& net, std::string_view eni_id);

}  // namespace ecsemu::ec2
