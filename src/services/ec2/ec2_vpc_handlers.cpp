// VPC and subnet operations: CreateVpc, DescribeVpcs, DeleteVpc, ModifyVpcAttribute, DescribeVpcAttribute,
// CreateSubnet, DescribeSubnets, DeleteSubnet, ModifySubnetAttribute.
#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_cidr.hpp"
#include "services/ec2/ec2_filters.hpp"
#include "services/ec2/ec2_handlers.hpp"
#include "services/ec2/ec2_input.hpp"
#include "services/ec2/ec2_network_views.hpp"
#include "services/ec2/ec2_regions.hpp"
#include "services/ec2/ec2_state.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;

namespace {

NetworkState& network(aws::RequestContext& ctx) { return ensure_defaults(ctx.store().ec2, ctx.region); }

Vpc& require_vpc(NetworkState& net, std::string_view id) {
  auto it = net.vpcs.find(std::string(id));
  if (it == net.vpcs.end()) {
    throw aws::ServiceError("InvalidVpcID.NotFound", fmt::format("The vpc ID '{}' does not exist", id));
  }
  return it->second;
}

Subnet& require_subnet(NetworkState& net, std::string_view id) {
  Subnet* subnet = find_subnet(net, id);
  if (subnet == nullptr) {
    throw aws::ServiceError("InvalidSubnetID.NotFound", fmt::format("The subnet ID '{}' does not exist", id));
  }
  return *subnet;
}

std::vector<std::string> b(bool v) { return {v ? "true" : "false"}; }

json::value create_vpc_op(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  std::string cidr_text = required(input, "CidrBlock");
  TagMap tags = tag_specifications(input, "vpc");
  check_dry_run(input);
  auto cidr = parse_cidr(cidr_text);
  if (!cidr) {
    throw aws::ServiceError(
        "InvalidParameterValue",
        fmt::format("Value ({}) for parameter cidrBlock is invalid. This is not a valid CIDR block.", cidr_text));
  }
  if (cidr->prefix < 16 || cidr->prefix > 28) {
    throw aws::ServiceError("InvalidVpc.Range", fmt::format("The CIDR '{}' is invalid.", cidr_text));
  }
  std::string tenancy = string_member(input, "InstanceTenancy");
  Vpc& vpc = create_vpc(net, cidr->str(), false);
  if (!tenancy.empty()) {
    vpc.instance_tenancy = tenancy;
  }
  vpc.tags = std::move(tags);
  return json::object{{"Vpc", vpc_view(vpc, ctx.account_id)}};
}

json::value describe_vpcs(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  NetworkState& net = network(ctx);
  FilterSet filters(input,
                    {"cidr", "cidr-block-association.cidr-block", "cidr-block-association.association-id",
                     "cidr-block-association.state", "dhcp-options-id", "is-default", "owner-id", "state", "vpc-id",
                     "tag-key", "tag-value", "instance-tenancy"},
                    true);
  std::vector<std::string> ids = string_list(input, "VpcIds");
  for (const auto& id : ids) {
    require_vpc(net, id);
  }
  std::vector<const Vpc*> matched;
  for (const auto& [id, vpc] : net.vpcs) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (auto tags = tag_filter_values(vpc.tags, f)) {
        return *tags;
      }
      if (f == "cidr" || f == "cidr-block-association.cidr-block") {
        return {vpc.cidr_block};
      }
      if (f == "cidr-block-association.association-id") {
        return {vpc.cidr_association_id};
      }
      if (f == "cidr-block-association.state") {
        return {"associated"};
      }
      if (f == "dhcp-options-id") {
        return {vpc.dhcp_options_id};
      }
      if (f == "is-default") {
        return b(vpc.is_default);
      }
      if (f == "owner-id") {
        return {ctx.account_id};
      }
      if (f == "state") {
        return {"available"};
      }
      if (f == "instance-tenancy") {
        return {vpc.instance_tenancy};
      }
      return {vpc.id};
    });
    if (keep) {
      matched.push_back(&vpc);
    }
  }
  std::string next;
  auto page = paginate(
      matched, input, [](const Vpc* v) { return v->id; }, next);
  json::array out;
  for (const Vpc* vpc : page) {
    out.push_back(vpc_view(*vpc, ctx.account_id));
  }
  json::object result{{"Vpcs", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

json::value delete_vpc_op(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  Vpc& vpc = require_vpc(net, required(input, "VpcId"));
  check_dry_run(input);
  auto dependency = [&](std::string_view what) {
    throw aws::ServiceError("DependencyViolation",
                            fmt::format("The vpc '{}' has dependencies and cannot be deleted.", vpc.id));
    (void)what;
  };
  for (const auto& [id, subnet] : net.subnets) {
    if (subnet.vpc_id == vpc.id) {
      dependency("subnet");
    }
  }
  for (const auto& [id, igw] : net.internet_gateways) {
    if (igw.attached_vpc_id == vpc.id) {
      dependency("internet gateway");
    }
  }
  for (const auto& [id, group] : net.security_groups) {
    if (group.vpc_id == vpc.id && group.name != "default") {
      dependency("security group");
    }
  }
  for (const auto& [id, table] : net.route_tables) {
    if (table.vpc_id == vpc.id &&
        std::none_of(table.associations.begin(), table.associations.end(), [](const auto& a) { return a.main; })) {
      dependency("route table");
    }
  }
  for (const auto& [id, eni] : net.network_interfaces) {
    if (eni.vpc_id == vpc.id) {
      dependency("network interface");
    }
  }
  std::string vpc_id = vpc.id;
  std::erase_if(net.security_groups, [&](const auto& kv) { return kv.second.vpc_id == vpc_id; });
  std::erase_if(net.route_tables, [&](const auto& kv) { return kv.second.vpc_id == vpc_id; });
  if (net.default_vpc_id == vpc_id) {
    net.default_vpc_id.clear();
  }
  net.vpcs.erase(vpc_id);
  return json::object{};
}

json::value modify_vpc_attribute(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  Vpc& vpc = require_vpc(net, required(input, "VpcId"));
  auto support = attribute_bool(input, "EnableDnsSupport");
  auto hostnames = attribute_bool(input, "EnableDnsHostnames");
  auto metrics = attribute_bool(input, "EnableNetworkAddressUsageMetrics");
  int count = (support ? 1 : 0) + (hostnames ? 1 : 0) + (metrics ? 1 : 0);
  if (count != 1) {
    throw aws::ServiceError("InvalidParameterCombination",
                            "Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames");
  }
  if (hostnames && *hostnames && !vpc.enable_dns_support) {
    throw aws::ServiceError("InvalidParameterValue",
                            "Cannot enable DNS hostnames while DNS support is disabled for this VPC.");
  }
  if (support) {
    vpc.enable_dns_support = *support;
  }
  if (hostnames) {
    vpc.enable_dns_hostnames = *hostnames;
  }
  return json::object{};
}

json::value describe_vpc_attribute(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  std::string attribute = required(input, "Attribute");
  Vpc& vpc = require_vpc(net, required(input, "VpcId"));
  check_dry_run(input);
  json::object out{{"VpcId", vpc.id}};
  if (attribute == "enableDnsSupport") {
    out["EnableDnsSupport"] = json::object{{"Value", vpc.enable_dns_support}};
  } else if (attribute == "enableDnsHostnames") {
    out["EnableDnsHostnames"] = json::object{{"Value", vpc.enable_dns_hostnames}};
  } else if (attribute == "enableNetworkAddressUsageMetrics") {
    out["EnableNetworkAddressUsageMetrics"] = json::object{{"Value", false}};
  } else {
    throw aws::ServiceError(
        "InvalidParameterValue",
        fmt::format("Value ({}) for parameter attribute is invalid. Unknown attribute.", attribute));
  }
  return out;
}

json::value create_subnet_op(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  Vpc& vpc = require_vpc(net, required(input, "VpcId"));
  std::string cidr_text = required(input, "CidrBlock");
  TagMap tags = tag_specifications(input, "subnet");
  auto zones = zones_for(ctx.region);
  std::string zone = string_member(input, "AvailabilityZone");
  std::string zone_id = string_member(input, "AvailabilityZoneId");
  std::pair<std::string, std::string> chosen;
  if (zone.empty() && zone_id.empty()) {
    chosen = zones.front();
  } else {
    auto it = std::find_if(zones.begin(), zones.end(), [&](const auto& z) {
      return (zone.empty() || z.first == zone) && (zone_id.empty() || z.second == zone_id);
    });
    if (it == zones.end()) {
      throw aws::ServiceError("InvalidParameterValue",
                              fmt::format("Value ({}) for parameter availabilityZone is invalid. Subnets can currently "
                                          "only be created in the following availability zones: {}.",
                                          zone.empty() ? zone_id : zone, [&] {
                                            std::string list;
                                            for (const auto& z : zones) {
                                              list += (list.empty() ? "" : ", ") + z.first;
                                            }
                                            return list;
                                          }()));
    }
    chosen = *it;
  }
  auto cidr = parse_cidr(cidr_text);
  if (!cidr) {
    throw aws::ServiceError(
        "InvalidParameterValue",
        fmt::format("Value ({}) for parameter cidrBlock is invalid. This is not a valid CIDR block.", cidr_text));
  }
  auto vpc_cidr = parse_cidr(vpc.cidr_block);
  if (cidr->prefix < 16 || cidr->prefix > 28 || !vpc_cidr || !vpc_cidr->contains(*cidr)) {
    throw aws::ServiceError("InvalidSubnet.Range", fmt::format("The CIDR '{}' is invalid.", cidr_text));
  }
  for (const auto& [id, other] : net.subnets) {
    if (other.vpc_id != vpc.id) {
      continue;
    }
    auto other_cidr = parse_cidr(other.cidr_block);
    if (other_cidr && other_cidr->overlaps(*cidr)) {
      throw aws::ServiceError("InvalidSubnet.Conflict",
                              fmt::format("The CIDR '{}' conflicts with another subnet", cidr_text));
    }
  }
  check_dry_run(input);
  Subnet& subnet = create_subnet(net, vpc.id, cidr->str(), chosen.first, chosen.second);
  subnet.tags = std::move(tags);
  return json::object{{"Subnet", subnet_view(subnet, ctx.account_id, ctx.region)}};
}

json::value describe_subnets(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  NetworkState& net = network(ctx);
  FilterSet filters(input,
                    {"availability-zone", "availabilityZone", "availability-zone-id", "availabilityZoneId",
                     "available-ip-address-count", "cidr", "cidr-block", "cidrBlock", "default-for-az", "defaultForAz",
                     "map-public-ip-on-launch", "owner-id", "state", "subnet-arn", "subnet-id", "vpc-id", "vpcId",
                     "tag-key", "tag-value"},
                    true);
  std::vector<std::string> ids = string_list(input, "SubnetIds");
  for (const auto& id : ids) {
    require_subnet(net, id);
  }
  std::vector<const Subnet*> matched;
  for (const auto& [id, subnet] : net.subnets) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (auto tags = tag_filter_values(subnet.tags, f)) {
        return *tags;
      }
      if (f == "availability-zone" || f == "availabilityZone") {
        return {subnet.availability_zone};
      }
      if (f == "availability-zone-id" || f == "availabilityZoneId") {
        return {subnet.availability_zone_id};
      }
      if (f == "available-ip-address-count") {
        return {std::to_string(available_ip_count(subnet))};
      }
      if (f == "cidr" || f == "cidr-block" || f == "cidrBlock") {
        return {subnet.cidr_block};
      }
      if (f == "default-for-az" || f == "defaultForAz") {
        return b(subnet.default_for_az);
      }
      if (f == "map-public-ip-on-launch") {
        return b(subnet.map_public_ip_on_launch);
      }
      if (f == "owner-id") {
        return {ctx.account_id};
      }
      if (f == "state") {
        return {"available"};
      }
      if (f == "subnet-arn") {
        return {fmt::format("arn:aws:ec2:{}:{}:subnet/{}", ctx.region, ctx.account_id, subnet.id)};
      }
      if (f == "subnet-id") {
        return {subnet.id};
      }
      return {subnet.vpc_id};
    });
    if (keep) {
      matched.push_back(&subnet);
    }
  }
  std::string next;
  auto page = paginate(
      matched, input, [](const Subnet* s) { return s->id; }, next);
  json::array out;
  for (const Subnet* subnet : page) {
    out.push_back(subnet_view(*subnet, ctx.account_id, ctx.region));
  }
  json::object result{{"Subnets", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

json::value delete_subnet_op(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  Subnet& subnet = require_subnet(net, required(input, "SubnetId"));
  check_dry_run(input);
  for (const auto& [id, eni] : net.network_interfaces) {
    if (eni.subnet_id == subnet.id) {
      throw aws::ServiceError("DependencyViolation",
                              fmt::format("The subnet '{}' has dependencies and cannot be deleted.", subnet.id));
    }
  }
  std::string subnet_id = subnet.id;
  for (auto& [id, table] : net.route_tables) {
    std::erase_if(table.associations, [&](const auto& a) { return a.subnet_id == subnet_id; });
  }
  net.subnets.erase(subnet_id);
  return json::object{};
}

json::value modify_subnet_attribute(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  Subnet& subnet = require_subnet(net, required(input, "SubnetId"));
  if (auto map = attribute_bool(input, "MapPublicIpOnLaunch")) {
    subnet.map_public_ip_on_launch = *map;
  }
  return json::object{};
}

}  // namespace

void register_vpc_operations(aws::OperationRegistry& registry) {
  registry.add("ec2", "CreateVpc", &create_vpc_op);
  registry.add("ec2", "DescribeVpcs", &describe_vpcs);
  registry.add("ec2", "DeleteVpc", &delete_vpc_op);
  registry.add("ec2", "ModifyVpcAttribute", &modify_vpc_attribute);
  registry.add("ec2", "DescribeVpcAttribute", &describe_vpc_attribute);
  registry.add("ec2", "CreateSubnet", &create_subnet_op);
  registry.add("ec2", "DescribeSubnets", &describe_subnets);
  registry.add("ec2", "DeleteSubnet", &delete_subnet_op);
  registry.add("ec2", "ModifySubnetAttribute", &modify_subnet_attribute);
}

}  // namespace ecsemu::ec2
