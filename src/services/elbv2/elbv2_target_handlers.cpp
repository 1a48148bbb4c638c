// Targets: RegisterTargets, DeregisterTargets, DescribeTargetHealth.
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_cidr.hpp"
#include "services/ec2/ec2_network_model.hpp"
#include "services/elbv2/elbv2_handlers.hpp"
#include "services/elbv2/elbv2_plane.hpp"
#include "services/elbv2/elbv2_views.hpp"
#include "state/world.hpp"

namespace ecsemu::elbv2 {

namespace json = boost::json;
using namespace aws::members;

namespace {

[[noreturn]] void invalid_target(std::string message) {
  throw aws::ServiceError("InvalidTargetException", std::move(message));
}

struct TargetInput {
  std::string id;
  std::optional<int> port;
  std::string availability_zone;
};

std::vector<TargetInput> parse_targets(const json::object& input) {
  std::vector<TargetInput> out;
  if (const auto* arr = array_member(input, "Targets")) {
    for (const auto& t : *arr) {
      const auto& o = t.as_object();
      TargetInput ti{std::string(string_member(o, "Id")), std::nullopt,
                     std::string(string_member(o, "AvailabilityZone"))};
      if (auto p = int_member(o, "Port")) {
        if (*p < 1 || *p > 65535) {
          validation("Target port must be between 1 and 65535");
        }
        ti.port = static_cast<int>(*p);
      }
      out.push_back(std::move(ti));
    }
  }
  return out;
}

// The zone of an instance target: it must be a running instance in the group's VPC.
std::string check_instance(state::RegionStore& store, const TargetGroup& g, const TargetInput& t) {
  auto it = store.ec2.instances.instances.find(t.id);
  if (it == store.ec2.instances.instances.end()) {
    invalid_target(fmt::format("The following targets are not valid instances: '{}'", t.id));
  }
  const ec2::Instance& inst = it->second;
  if (inst.state != ec2::InstanceStateName::Running) {
    invalid_target(
        fmt::format("The following targets are not in a running state and cannot be registered: '{}'", t.id));
  }
  if (inst.vpc_id != g.vpc_id) {
    invalid_target(fmt::format("The following targets are not in the target group VPC '{}': '{}'", g.vpc_id, t.id));
  }
  return inst.availability_zone;
}

// The zone of an IP target: inside the group's VPC (the subnet holding it), or "all" when the caller says so.
std::string check_ip(state::RegionStore& store, const TargetGroup& g, const TargetInput& t) {
  auto ip = ec2::parse_ipv4(t.id);
  if (!ip) {
    invalid_target(fmt::format("The IP address '{}' is not a valid IPv4 address", t.id));
  }
  const ec2::NetworkState& net = store.ec2.network;
  auto vpc = net.vpcs.find(g.vpc_id);
  auto vpc_cidr = vpc == net.vpcs.end() ? std::nullopt : ec2::parse_cidr(vpc->second.cidr_block);
  if (!vpc_cidr || !vpc_cidr->contains(*ip)) {
    if (t.availability_zone == "all") {
      return "all";
    }
    invalid_target(
        fmt::format("The IP address '{}' is not within the CIDR of VPC '{}'; register it with "
                    "AvailabilityZone 'all' to reach it from outside the VPC",
                    t.id, g.vpc_id));
  }
  for (const auto& [id, s] : net.subnets) {
    auto cidr = ec2::parse_cidr(s.cidr_block);
    if (s.vpc_id == g.vpc_id && cidr && cidr->contains(*ip)) {
      if (!t.availability_zone.empty() && t.availability_zone != s.availability_zone) {
        invalid_target(fmt::format("The IP address '{}' is in Availability Zone '{}', not '{}'", t.id,
                                   s.availability_zone, t.availability_zone));
      }
      return s.availability_zone;
    }
  }
  invalid_target(fmt::format("The IP address '{}' is not in a subnet of VPC '{}'", t.id, g.vpc_id));
}

// A registered target's health; an instance that is not running is `unused` with Target.InvalidState, as AWS
// reports stopped and terminated instances (draining still wins).
json::object health_of(state::RegionStore& store, const TargetGroup& g, const Target& t) {
  json::object out = target_health_json(store.elbv2, g, t);
  if (g.target_type != "instance" || t.draining) {
    return out;
  }
  auto it = store.ec2.instances.instances.find(t.id);
  if (it == store.ec2.instances.instances.end() || it->second.state == ec2::InstanceStateName::Running ||
      it->second.state == ec2::InstanceStateName::Pending) {
    return out;
  }
  out["TargetHealth"] =
      json::object{{"State", "unused"},
                   {"Reason", "Target.InvalidState"},
                   {"Description", fmt::format("Target is in the {} state", ec2::state_name(it->second.state))}};
  return out;
}

std::string check_alb(state::RegionStore& store, const TargetInput& t) {
  auto it = store.elbv2.load_balancers.find(t.id);
  if (it == store.elbv2.load_balancers.end() || it->second.type != "application") {
    invalid_target(fmt::format("The following targets are not valid Application Load Balancers: '{}'", t.id));
  }
  return {};
}

}  // namespace

json::value register_targets(aws::RequestContext& ctx, const json::object& input) {
  state::RegionStore& store = ctx.store();
  TargetGroup& g = require_target_group(store.elbv2, string_member(input, "TargetGroupArn"));
  std::vector<TargetInput> targets = parse_targets(input);
  if (targets.empty()) {
    validation("At least one target must be specified");
  }
  if (g.target_type == "lambda") {
    invalid_target("Lambda function targets are not supported by ecsemu");
  }
  ec2::ensure_defaults(store.ec2, ctx.region);
  std::vector<Target> adds;
  for (const auto& t : targets) {
    Target target;
    target.id = t.id;
    target.port = t.port.value_or(g.port);
    if (g.target_type == "instance") {
      target.availability_zone = check_instance(store, g, t);
    } else if (g.target_type == "ip") {
      target.availability_zone = check_ip(store, g, t);
    } else {
      target.availability_zone = check_alb(store, t);
    }
    adds.push_back(std::move(target));
  }
  std::size_t fresh = 0;
  for (const auto& t : adds) {
    bool known = std::any_of(g.targets.begin(), g.targets.end(),
                             [&](const Target& x) { return x.id == t.id && x.port == t.port; });
    fresh += known ? 0 : 1;
  }
  if (g.targets.size() + fresh > static_cast<std::size_t>(kMaxTargetsPerGroup)) {
    throw aws::ServiceError("TooManyTargetsException",
                            fmt::format("A target group can have at most {} targets", kMaxTargetsPerGroup));
  }
  for (auto& t : adds) {
    auto it = std::find_if(g.targets.begin(), g.targets.end(),
                           [&](const Target& x) { return x.id == t.id && x.port == t.port; });
    if (it == g.targets.end()) {
      g.targets.push_back(std::move(t));
    } else if (it->draining) {
      // Registered again while draining: back in service, health checks start over.
      *it = std::move(t);
    }
  }
  mark_snapshot_changed(ctx);
  return json::object{};
}

json::value deregister_targets(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  TargetGroup& g = require_target_group(state, string_member(input, "TargetGroupArn"));
  std::vector<TargetInput> targets = parse_targets(input);
  if (targets.empty()) {
    validation("At least one target must be specified");
  }
  std::vector<std::string> missing;
  for (const auto& t : targets) {
    int port = t.port.value_or(g.port);
    bool known = std::any_of(g.targets.begin(), g.targets.end(),
                             [&](const Target& x) { return x.id == t.id && x.port == port; });
    if (!known) {
      missing.push_back(t.id);
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) {
      list += fmt::format("{}'{}'", list.empty() ? "" : ", ", m);
    }
    invalid_target(fmt::format("The following targets are not registered in target group '{}': {}", g.arn, list));
  }
  double now = now_seconds(ctx);
  for (const auto& t : targets) {
    begin_draining(state, g, t.id, t.port.value_or(g.port), now);
  }
  mark_snapshot_changed(ctx);
  return json::object{};
}

json::value describe_target_health(aws::RequestContext& ctx, const json::object& input) {
  state::RegionStore& store = ctx.store();
  Elbv2State& state = store.elbv2;
  TargetGroup& g = require_target_group(state, string_member(input, "TargetGroupArn"));
  json::array out;
  if (!has_member(input, "Targets")) {
    for (const auto& t : g.targets) {
      out.push_back(health_of(store, g, t));
    }
    return json::object{{"TargetHealthDescriptions", std::move(out)}};
  }
  for (const auto& t : parse_targets(input)) {
    bool any = false;
    for (const auto& target : g.targets) {
      if (target.id == t.id && (!t.port || *t.port == target.port)) {
        out.push_back(health_of(store, g, target));
        any = true;
      }
    }
    if (any) {
      continue;
    }
    // A target that is not registered is reported so, whether or not such an instance exists.
    if (g.target_type == "ip" && !ec2::parse_ipv4(t.id)) {
      invalid_target(fmt::format("The IP address '{}' is not a valid IPv4 address", t.id));
    }
    json::object target{{"Id", t.id}, {"Port", t.port.value_or(g.port)}};
    if (!t.availability_zone.empty()) {
      target["AvailabilityZone"] = t.availability_zone;
    }
    int port = static_cast<int>(t.port.value_or(g.port));
    out.push_back(json::object{
        {"Target", std::move(target)},
        {"HealthCheckPort", g.health_check.port == "traffic-port" ? std::to_string(port) : g.health_check.port},
        {"TargetHealth", json::object{{"State", "unused"},
                                      {"Reason", "Target.NotRegistered"},
                                      {"Description", "Target is not registered to the target group"}}}});
  }
  return json::object{{"TargetHealthDescriptions", std::move(out)}};
}

}  // namespace ecsemu::elbv2
