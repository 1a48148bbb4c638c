// Load balancers: Create/Describe/Delete, attributes, subnets, security groups, IP address type.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_network_model.hpp"
#include "services/ecs/ecs_task_launch.hpp"
#include "services/elbv2/elbv2_handlers.hpp"
#include "services/elbv2/elbv2_plane.hpp"
#include "services/elbv2/elbv2_views.hpp"
#include "state/world.hpp"

namespace ecsemu::elbv2 {

namespace json = boost::json;
using namespace aws::members;

namespace {

[[noreturn]] void invalid_config(std::string message) {
  throw aws::ServiceError("InvalidConfigurationRequestException", std::move(message));
}

// Subnets or SubnetMappings -> zones (one subnet per zone), all in one VPC; returns the VPC.
std::string resolve_subnets(aws::RequestContext& ctx, const json::object& input, const std::string& type,
                            const std::string& scheme, std::vector<LoadBalancerZone>& zones) {
  bool has_subnets = has_member(input, "Subnets");
  bool has_mappings = has_member(input, "SubnetMappings");
  if (has_subnets && has_mappings) {
    validation("You can specify subnets or subnet mappings, not both");
  }
  std::vector<std::string> ids;
  if (has_mappings) {
    for (const auto& m : *array_member(input, "SubnetMappings")) {
      const auto& o = m.as_object();
      if (has_member(o, "AllocationId")) {
        throw aws::ServiceError("AllocationIdNotFoundException",
                                fmt::format("The allocation ID '{}' was not found", string_member(o, "AllocationId")));
      }
      if (has_member(o, "PrivateIPv4Address") && (type != "network" || scheme != "internal")) {
        validation("A private IPv4 address can only be specified for internal Network Load Balancers");
      }
      if (has_member(o, "IPv6Address")) {
        throw aws::ServiceError("InvalidSubnetException", "ecsemu subnets have no IPv6 CIDR blocks");
      }
      ids.emplace_back(string_member(o, "SubnetId"));
    }
  } else {
    ids = string_list(input, "Subnets");
  }
  ec2::NetworkState& net = ec2::ensure_defaults(ctx.store().ec2, ctx.region);
  std::string vpc;
  zones.clear();
  for (const auto& id : ids) {
    const ec2::Subnet* s = ec2::find_subnet(net, id);
    if (s == nullptr) {
      throw aws::ServiceError("SubnetNotFoundException", fmt::format("The subnet ID '{}' is not valid", id));
    }
    if (!vpc.empty() && s->vpc_id != vpc) {
      throw aws::ServiceError("InvalidSubnetException", "All subnets must belong to the same VPC");
    }
    vpc = s->vpc_id;
    bool same_zone =
        std::any_of(zones.begin(), zones.end(), [&](const auto& z) { return z.zone_name == s->availability_zone; });
    if (same_zone) {
      invalid_config(
          fmt::format("A load balancer cannot be attached to multiple subnets in the same Availability Zone ({})",
                      s->availability_zone));
    }
    zones.push_back({s->availability_zone, s->id});
  }
  if (type == "application" && zones.size() < 2) {
    validation("At least two subnets in two different Availability Zones must be specified");
  }
  if (zones.empty()) {
    validation("At least one subnet must be specified");
  }
  std::sort(zones.begin(), zones.end(), [](const auto& a, const auto& b) { return a.zone_name < b.zone_name; });
  return vpc;
}

std::vector<std::string> resolve_security_groups(aws::RequestContext& ctx, const std::vector<std::string>& ids,
                                                 const std::string& vpc) {
  ec2::NetworkState& net = ec2::ensure_defaults(ctx.store().ec2, ctx.region);
  std::vector<std::string> out;
  for (const auto& id : ids) {
    auto it = net.security_groups.find(id);
    if (it == net.security_groups.end() || it->second.vpc_id != vpc) {
      throw aws::ServiceError("InvalidSecurityGroupException",
                              fmt::format("Security group '{}' does not exist in VPC '{}'", id, vpc));
    }
    if (std::find(out.begin(), out.end(), id) == out.end()) {
      out.push_back(id);
    }
  }
  return out;
}

void check_ip_address_type(std::string_view type) {
  if (type != "ipv4") {
    throw aws::ServiceError("InvalidSubnetException",
                            fmt::format("IP address type '{}' needs subnets with IPv6 CIDR blocks, which ecsemu "
                                        "subnets do not have",
                                        type));
  }
}

std::vector<std::string> zone_subnets(const LoadBalancer& lb) {
  std::vector<std::string> out;
  for (const auto& z : lb.zones) {
    out.push_back(z.subnet_id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

json::value create_load_balancer(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  LoadBalancer lb;
  lb.name = std::string(string_member(input, "Name"));
  check_load_balancer_name(lb.name);
  lb.type = std::string(string_member(input, "Type", "application"));
  if (lb.type == "gateway") {
    throw aws::ServiceError("InvalidConfigurationRequestException",
                            "Gateway Load Balancers are not supported by ecsemu (application and network are)");
  }
  lb.scheme = std::string(string_member(input, "Scheme", "internet-facing"));
  lb.ip_address_type = std::string(string_member(input, "IpAddressType", "ipv4"));
  check_ip_address_type(lb.ip_address_type);
  if (has_member(input, "CustomerOwnedIpv4Pool") || has_member(input, "IpamPools")) {
    invalid_config("Customer-owned and IPAM address pools are not supported by ecsemu");
  }
  lb.vpc_id = resolve_subnets(ctx, input, lb.type, lb.scheme, lb.zones);
  std::vector<std::string> groups = string_list(input, "SecurityGroups");
  if (groups.empty() && lb.type == "application") {
    const ec2::SecurityGroup* def = ec2::find_group_by_name(ctx.store().ec2.network, lb.vpc_id, "default");
    if (def != nullptr) {
      groups.push_back(def->id);
    }
  }
  lb.security_groups = resolve_security_groups(ctx, groups, lb.vpc_id);
  TagList tags = parse_tags(input);
  add_tags(lb.tags, tags);
  for (const auto& [arn, existing] : state.load_balancers) {
    if (existing.name == lb.name) {
      bool same = existing.type == lb.type && existing.scheme == lb.scheme &&
                  zone_subnets(existing) == zone_subnets(lb) && existing.security_groups == lb.security_groups;
      if (!same) {
        throw aws::ServiceError("DuplicateLoadBalancerNameException",
                                fmt::format("A load balancer with the same name '{}' exists, but with different "
                                            "settings",
                                            lb.name));
      }
      // AWS answers a repeated identical request with the existing load balancer.
      return json::object{{"LoadBalancers", json::array{load_balancer_json(existing)}}};
    }
  }
  long same_type = std::count_if(state.load_balancers.begin(), state.load_balancers.end(),
                                 [&](const auto& p) { return p.second.type == lb.type; });
  if (same_type >= kMaxLoadBalancersPerType) {
    throw aws::ServiceError(
        "TooManyLoadBalancersException",
        fmt::format("The quota of {} load balancers of type '{}' has been reached", kMaxLoadBalancersPerType, lb.type));
  }
  lb.arn = fmt::format("arn:aws:elasticloadbalancing:{}:{}:loadbalancer/{}/{}/{}", ctx.region, ctx.account_id,
                       type_segment(lb.type), lb.name, arn_id());
  std::string digits = std::to_string(ecs::task_random()() % 9000000000ULL + 1000000000ULL);
  lb.dns_name =
      fmt::format("{}{}-{}.{}.elb.localhost", lb.scheme == "internal" ? "internal-" : "", lb.name, digits, ctx.region);
  lb.canonical_hosted_zone_id = canonical_hosted_zone(ctx.region, lb.type);
  lb.created = now_seconds(ctx);
  lb.seq = next_seq();
  lb.attributes = default_load_balancer_attributes(lb.type);
  const LoadBalancer& stored = state.load_balancers.emplace(lb.arn, std::move(lb)).first->second;
  json::object out{{"LoadBalancers", json::array{load_balancer_json(stored)}}};
  mark_snapshot_changed(ctx);
  return out;
}

json::value describe_load_balancers(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  std::vector<std::string> arns = string_list(input, "LoadBalancerArns");
  std::vector<std::string> names = string_list(input, "Names");
  if (!arns.empty() && !names.empty()) {
    validation("Load balancer names and load balancer ARNs cannot be specified at the same time");
  }
  Page page = parse_page(input);
  std::vector<const LoadBalancer*> found;
  if (!arns.empty()) {
    for (const auto& arn : arns) {
      found.push_back(&require_load_balancer(state, arn));
    }
  } else if (!names.empty()) {
    for (const auto& name : names) {
      auto it = std::find_if(state.load_balancers.begin(), state.load_balancers.end(),
                             [&](const auto& p) { return p.second.name == name; });
      if (it == state.load_balancers.end()) {
        throw aws::ServiceError("LoadBalancerNotFoundException", fmt::format("Load balancers '[{}]' not found", name));
      }
      found.push_back(&it->second);
    }
  } else {
    for (const auto& [arn, lb] : state.load_balancers) {
      found.push_back(&lb);
    }
  }
  std::sort(found.begin(), found.end(), [](const auto* a, const auto* b) { return a->seq < b->seq; });
  found.erase(std::unique(found.begin(), found.end()), found.end());
  json::array out;
  json::object result;
  for (const LoadBalancer* lb : found) {
    if (lb->seq <= page.after) {
      continue;
    }
    if (out.size() == page.size) {
      result["NextMarker"] = next_marker(page.after);
      break;
    }
    out.push_back(load_balancer_json(*lb));
    page.after = lb->seq;
  }
  result["LoadBalancers"] = std::move(out);
  return result;
}

json::value delete_load_balancer(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  std::string arn(string_member(input, "LoadBalancerArn"));
  if (arn.rfind("arn:", 0) != 0) {
    validation(fmt::format("'{}' is not a valid load balancer ARN", arn));
  }
  auto it = state.load_balancers.find(arn);
  if (it == state.load_balancers.end()) {
    return json::object{};  // AWS: deleting a load balancer that does not exist succeeds
  }
  if (it->second.attributes["deletion_protection.enabled"] == "true") {
    throw aws::ServiceError(
        "OperationNotPermittedException",
        fmt::format("Load balancer '{}' cannot be deleted because deletion protection is enabled", arn));
  }
  for (auto l = state.listeners.begin(); l != state.listeners.end();) {
    if (l->second.load_balancer_arn == arn) {
      std::string listener_arn = l->first;
      std::erase_if(state.rules, [&](const auto& r) { return r.second.listener_arn == listener_arn; });
      l = state.listeners.erase(l);
    } else {
      ++l;
    }
  }
  state.load_balancers.erase(it);
  mark_snapshot_changed(ctx);
  return json::object{};
}

json::value describe_load_balancer_attributes(aws::RequestContext& ctx, const json::object& input) {
  LoadBalancer& lb = require_load_balancer(ctx.store().elbv2, string_member(input, "LoadBalancerArn"));
  return json::object{{"Attributes", attributes_json(lb.attributes)}};
}

json::value modify_load_balancer_attributes(aws::RequestContext& ctx, const json::object& input) {
  LoadBalancer& lb = require_load_balancer(ctx.store().elbv2, string_member(input, "LoadBalancerArn"));
  AttributeMap changes = parse_attributes(input);
  if (changes.empty()) {
    validation("At least one attribute must be specified");
  }
  apply_load_balancer_attributes(lb, changes);
  mark_snapshot_changed(ctx);
  return json::object{{"Attributes", attributes_json(lb.attributes)}};
}

json::value set_subnets(aws::RequestContext& ctx, const json::object& input) {
  LoadBalancer& lb = require_load_balancer(ctx.store().elbv2, string_member(input, "LoadBalancerArn"));
  if (has_member(input, "IpAddressType")) {
    check_ip_address_type(string_member(input, "IpAddressType"));
  }
  std::vector<LoadBalancerZone> zones;
  std::string vpc = resolve_subnets(ctx, input, lb.type, lb.scheme, zones);
  if (vpc != lb.vpc_id) {
    throw aws::ServiceError("InvalidSubnetException",
                            fmt::format("The subnets must belong to the load balancer's VPC '{}'", lb.vpc_id));
  }
  if (lb.type == "network") {
    for (const auto& z : lb.zones) {
      bool kept = std::any_of(zones.begin(), zones.end(), [&](const auto& n) { return n.subnet_id == z.subnet_id; });
      if (!kept) {
        invalid_config("Subnets cannot be removed from a Network Load Balancer");
      }
    }
  }
  lb.zones = std::move(zones);
  json::array out;
  for (const auto& z : lb.zones) {
    out.push_back(
        json::object{{"ZoneName", z.zone_name}, {"SubnetId", z.subnet_id}, {"LoadBalancerAddresses", json::array{}}});
  }
  mark_snapshot_changed(ctx);
  return json::object{{"AvailabilityZones", std::move(out)}, {"IpAddressType", lb.ip_address_type}};
}

json::value set_security_groups(aws::RequestContext& ctx, const json::object& input) {
  LoadBalancer& lb = require_load_balancer(ctx.store().elbv2, string_member(input, "LoadBalancerArn"));
  std::vector<std::string> groups = string_list(input, "SecurityGroups");
  if (lb.type == "network" && lb.security_groups.empty()) {
    invalid_config("You cannot set security groups on a Network Load Balancer which was created without any");
  }
  if (lb.type == "application" && groups.empty()) {
    invalid_config("An Application Load Balancer must have at least one security group");
  }
  lb.security_groups = resolve_security_groups(ctx, groups, lb.vpc_id);
  json::array ids;
  for (const auto& g : lb.security_groups) {
    ids.emplace_back(g);
  }
  mark_snapshot_changed(ctx);
  return json::object{{"SecurityGroupIds", std::move(ids)}};
}

json::value set_ip_address_type(aws::RequestContext& ctx, const json::object& input) {
  LoadBalancer& lb = require_load_balancer(ctx.store().elbv2, string_member(input, "LoadBalancerArn"));
  std::string type(string_member(input, "IpAddressType"));
  check_ip_address_type(type);
  lb.ip_address_type = type;
  mark_snapshot_changed(ctx);
  return json::object{{"IpAddressType", lb.ip_address_type}};
}

}  // namespace ecsemu::elbv2
