// The account's network: default resources, VPC and subnet creation, private addresses and ENIs.
#include "services/ec2/ec2_network_model.hpp"

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_cidr.hpp"
#include "services/ec2/ec2_regions.hpp"
#include "services/ec2/ec2_state.hpp"

namespace ecsemu::ec2 {

namespace {

std::uint64_t random_u64() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine();
}

void add_default_group(NetworkState& net, const Vpc& vpc) {
  SecurityGroup group;
  group.id = new_resource_id("sg");
  group.name = "default";
  group.description = "default VPC security group";
  group.vpc_id = vpc.id;
  SecurityGroupRule self;
  self.id = new_resource_id("sgr");
  self.ip_protocol = "-1";
  self.referenced_group_id = group.id;
  group.rules.push_back(self);
  group.rules.push_back(allow_all_egress());
  std::string id = group.id;
  net.security_groups[id] = std::move(group);
}

void add_main_route_table(NetworkState& net, const Vpc& vpc) {
  RouteTable table;
  table.id = new_resource_id("rtb");
  table.vpc_id = vpc.id;
  Route local;
  local.destination_cidr_block = vpc.cidr_block;
  local.gateway_id = "local";
  local.origin = "CreateRouteTable";
  table.routes.push_back(local);
  RouteTableAssociation main;
  main.id = new_resource_id("rtbassoc");
  main.main = true;
  table.associations.push_back(main);
  std::string id = table.id;
  net.route_tables[id] = std::move(table);
}

}  // namespace

std::string new_resource_id(std::string_view prefix) { return fmt::format("{}-0{:016x}", prefix, random_u64()); }

Vpc& create_vpc(NetworkState& net, std::string cidr_block, bool is_default) {
  Vpc vpc;
  vpc.id = new_resource_id("vpc");
  vpc.cidr_block = std::move(cidr_block);
  vpc.cidr_association_id = new_resource_id("vpc-cidr-assoc");
  vpc.dhcp_options_id = "dopt-" + vpc.id.substr(4, 8);
  vpc.is_default = is_default;
  vpc.enable_dns_hostnames = is_default;
  vpc.network_acl_id = new_resource_id("acl");
  std::string id = vpc.id;
  Vpc& stored = net.vpcs[id] = std::move(vpc);
  add_default_group(net, stored);
  add_main_route_table(net, stored);
  return stored;
}

SecurityGroupRule allow_all_egress() {
  SecurityGroupRule rule;
  rule.id = new_resource_id("sgr");
  rule.egress = true;
  rule.ip_protocol = "-1";
  rule.cidr_ipv4 = "0.0.0.0/0";
  return rule;
}

Subnet& create_subnet(NetworkState& net, std::string_view vpc_id, std::string cidr_block, std::string zone,
                      std::string zone_id) {
  Subnet subnet;
  subnet.id = new_resource_id("subnet");
  subnet.vpc_id = std::string(vpc_id);
  subnet.cidr_block = std::move(cidr_block);
  subnet.availability_zone = std::move(zone);
  subnet.availability_zone_id = std::move(zone_id);
  std::string id = subnet.id;
  return net.subnets[id] = std::move(subnet);
}

Vpc& create_default_vpc(NetworkState& net) {
  Vpc& vpc = create_vpc(net, "172.31.0.0/16", true);
  net.default_vpc_id = vpc.id;
  int index = 0;
  for (auto& [zone, zone_id] : zones_for(net.region)) {
    // AWS lays default subnets out as consecutive /20 blocks: 172.31.0.0/20, 172.31.16.0/20, ...
    Subnet& subnet = create_subnet(net, vpc.id, fmt::format("172.31.{}.0/20", 16 * index), zone, zone_id);
    subnet.default_for_az = true;
    subnet.map_public_ip_on_launch = true;
    if (++index == 16) {
      break;
    }
  }
  InternetGateway igw;
  igw.id = new_resource_id("igw");
  igw.attached_vpc_id = vpc.id;
  if (RouteTable* main = main_route_table(net, vpc.id)) {
    Route out;
    out.destination_cidr_block = "0.0.0.0/0";
    out.gateway_id = igw.id;
    out.origin = "CreateRoute";
    main->routes.push_back(out);
  }
  std::string igw_id = igw.id;
  net.internet_gateways[igw_id] = std::move(igw);
  return vpc;
}

NetworkState& ensure_defaults(Ec2State& state, std::string_view region) {
  NetworkState& net = state.network;
  if (net.initialized) {
    return net;
  }
  net.initialized = true;
  net.region = std::string(region);
  create_default_vpc(net);
  return net;
}

const Subnet* find_subnet(const NetworkState& net, std::string_view id) {
  auto it = net.subnets.find(std::string(id));
  return it == net.subnets.end() ? nullptr : &it->second;
}

Subnet* find_subnet(NetworkState& net, std::string_view id) {
  auto it = net.subnets.find(std::string(id));
  return it == net.subnets.end() ? nullptr : &it->second;
}

std::vector<const Subnet*> default_subnets(const NetworkState& net) {
  std::vector<const Subnet*> out;
  for (const auto& [id, subnet] : net.subnets) {
    if (subnet.default_for_az) {
      out.push_back(&subnet);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Subnet* a, const Subnet* b) { return a->availability_zone < b->availability_zone; });
  return out;
}

const SecurityGroup* find_group_by_name(const NetworkState& net, std::string_view vpc_id, std::string_view name) {
  for (const auto& [id, group] : net.security_groups) {
    if (group.vpc_id == vpc_id && group.name == name) {
      return &group;
    }
  }
  return nullptr;
}

RouteTable* main_route_table(NetworkState& net, std::string_view vpc_id) {
  for (auto& [id, table] : net.route_tables) {
    if (table.vpc_id != vpc_id) {
      continue;
    }
    for (const auto& assoc : table.associations) {
      if (assoc.main) {
        return &table;
      }
    }
  }
  return nullptr;
}

std::string allocate_private_ip(NetworkState& net, std::string_view subnet_id) {
  Subnet* subnet = find_subnet(net, subnet_id);
  if (subnet == nullptr) {
    return "";
  }
  auto cidr = parse_cidr(subnet->cidr_block);
  if (!cidr) {
    return "";
  }
  std::uint32_t first = cidr->network() + 4;
  std::uint32_t last = cidr->network() + static_cast<std::uint32_t>(cidr->size() - 2);
  for (std::uint32_t ip = first; ip <= last && ip >= first; ++ip) {
    if (subnet->used_ips.insert(ip).second) {
      return format_ipv4(ip);
    }
  }
  return "";
}

bool claim_private_ip(NetworkState& net, std::string_view subnet_id, std::string_view ip) {
  Subnet* subnet = find_subnet(net, subnet_id);
  auto cidr = subnet != nullptr ? parse_cidr(subnet->cidr_block) : std::nullopt;
  auto addr = parse_ipv4(ip);
  if (!cidr || !addr || !cidr->contains(*addr)) {
    return false;
  }
  std::uint32_t offset = *addr - cidr->network();
  if (offset < 4 || offset == cidr->size() - 1) {
    return false;
  }
  return subnet->used_ips.insert(*addr).second;
}

void release_private_ip(NetworkState& net, std::string_view subnet_id, std::string_view ip) {
  Subnet* subnet = find_subnet(net, subnet_id);
  auto addr = parse_ipv4(ip);
  if (subnet != nullptr && addr) {
    subnet->used_ips.erase(*addr);
  }
}

std::int64_t available_ip_count(const Subnet& subnet) {
  auto cidr = parse_cidr(subnet.cidr_block);
  if (!cidr) {
    return 0;
  }
  return static_cast<std::int64_t>(cidr->size()) - kReservedPerSubnet -
         static_cast<std::int64_t>(subnet.used_ips.size());
}

NetworkInterface& create_network_interface(NetworkState& net, std::string_view subnet_id,
                                           std::vector<std::string> sg_ids, std::string description,
                                           std::string interface_type) {
  const Subnet* subnet = find_subnet(net, subnet_id);
  if (subnet == nullptr) {
    throw aws::ServiceError("InvalidSubnetID.NotFound", fmt::format("The subnet ID '{}' does not exist", subnet_id));
  }
  std::string ip = allocate_private_ip(net, subnet_id);
  if (ip.empty()) {
    throw aws::ServiceError("InsufficientFreeAddressesInSubnet",
                            fmt::format("There are not enough free addresses in subnet '{}' to satisfy the requested "
                                        "number of instances.",
                                        subnet_id));
  }
  NetworkInterface eni;
  eni.id = new_resource_id("eni");
  eni.subnet_id = subnet->id;
  eni.vpc_id = subnet->vpc_id;
  eni.availability_zone = subnet->availability_zone;
  eni.description = std::move(description);
  eni.interface_type = interface_type.empty() ? "interface" : std::move(interface_type);
  eni.private_ip = std::move(ip);
  std::uint64_t mac = random_u64();
  eni.mac_address = fmt::format("0e:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", mac & 0xff, (mac >> 8) & 0xff,
                                (mac >> 16) & 0xff, (mac >> 24) & 0xff, (mac >> 32) & 0xff);
  if (sg_ids.empty()) {
    if (const SecurityGroup* group = find_group_by_name(net, subnet->vpc_id, "default")) {
      sg_ids.push_back(group->id);
    }
  }
  eni.security_group_ids = std::move(sg_ids);
  std::string id = eni.id;
  return net.network_interfaces[id] = std::move(eni);
}

void delete_network_interface(NetworkState& net, std::string_view eni_id) {
  auto it = net.network_interfaces.find(std::string(eni_id));
  if (it == net.network_interfaces.end()) {
    return;
  }
  release_private_ip(net, it->second.subnet_id, it->second.private_ip);
  net.network_interfaces.erase(it);
}

}  // namespace ecsemu::ec2
