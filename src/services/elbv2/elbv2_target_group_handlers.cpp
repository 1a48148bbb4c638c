// Target groups: Create/Describe/Modify/Delete and their attributes.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_network_model.hpp"
#include "services/elbv2/elbv2_handlers.hpp"
#include "services/elbv2/elbv2_plane.hpp"
#include "services/elbv2/elbv2_views.hpp"
#include "state/world.hpp"

namespace ecsemu::elbv2 {

namespace json = boost::json;
using namespace aws::members;

namespace {

bool is_http(std::string_view p) { return p == "HTTP" || p == "HTTPS"; }

bool digits_only(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// "200", "200,202", "200-299"; every code within [low, high].
void check_http_codes(std::string_view codes, int low, int high) {
  auto fail = [&]() {
    validation(
        fmt::format("Health check matcher HTTP code '{}' must be a value between {} and {}, a list of "
                    "values (200,202) or a range (200-299)",
                    codes, low, high));
  };
  auto in_range = [&](std::string_view v) {
    if (!digits_only(v) || v.size() != 3) {
      fail();
    }
    int n = std::stoi(std::string(v));
    if (n < low || n > high) {
      fail();
    }
    return n;
  };
  if (codes.empty()) {
    fail();
  }
  auto dash = codes.find('-');
  if (dash != std::string_view::npos) {
    if (in_range(codes.substr(0, dash)) > in_range(codes.substr(dash + 1))) {
      fail();
    }
    return;
  }
  std::size_t start = 0;
  while (true) {
    auto comma = codes.find(',', start);
    in_range(codes.substr(start, comma == std::string_view::npos ? codes.npos : comma - start));
    if (comma == std::string_view::npos) {
      break;
    }
    start = comma + 1;
  }
}

// Health-check members of Create/ModifyTargetGroup applied onto `hc`.
void apply_health_check(const json::object& input, const TargetGroup& g, HealthCheck& hc) {
  bool network = !g.protocol.empty() && !is_http(g.protocol);
  if (const auto* v = input.if_contains("HealthCheckEnabled"); v != nullptr && v->is_bool()) {
    if (!v->as_bool() && g.target_type != "lambda") {
      validation(
          fmt::format("Health checks cannot be disabled for target groups with target type '{}'", g.target_type));
    }
    hc.enabled = v->as_bool();
  }
  if (has_member(input, "HealthCheckProtocol")) {
    std::string p(string_member(input, "HealthCheckProtocol"));
    bool ok = network ? (p == "HTTP" || p == "HTTPS" || p == "TCP") : is_http(p);
    if (!ok) {
      validation(fmt::format("Health check protocol '{}' is not supported for target groups with protocol '{}'", p,
                             g.protocol.empty() ? "lambda" : g.protocol));
    }
    if (p != hc.protocol) {
      hc.protocol = p;
      if (is_http(p)) {
        hc.path = hc.path.empty() ? "/" : hc.path;
        hc.matcher_http = hc.matcher_http.empty() ? (network ? "200-399" : "200") : hc.matcher_http;
      } else {
        hc.path.clear();
        hc.matcher_http.clear();
      }
    }
  }
  if (has_member(input, "HealthCheckPort")) {
    std::string port(string_member(input, "HealthCheckPort"));
    if (port != "traffic-port" &&
        (!digits_only(port) || port.size() > 5 || std::stol(port) < 1 || std::stol(port) > 65535)) {
      validation(fmt::format("Health check port '{}' must be 'traffic-port' or a port between 1 and 65535", port));
    }
    hc.port = port;
  }
  if (has_member(input, "HealthCheckPath")) {
    std::string path(string_member(input, "HealthCheckPath"));
    if (!is_http(hc.protocol) && g.target_type != "lambda") {
      validation("A health check path can only be specified for HTTP and HTTPS health checks");
    }
    if (path.empty() || path.front() != '/' || path.size() > 1024) {
      validation("Health check path must begin with '/' and be at most 1024 characters");
    }
    hc.path = path;
  }
  auto bounded = [&](std::string_view name, int low, int high, int& field) {
    if (auto v = int_member(input, name)) {
      if (*v < low || *v > high) {
        validation(fmt::format("{} must be between {} and {}", name, low, high));
      }
      field = static_cast<int>(*v);
    }
  };
  bounded("HealthCheckIntervalSeconds", 5, 300, hc.interval);
  bounded("HealthCheckTimeoutSeconds", 2, 120, hc.timeout);
  bounded("HealthyThresholdCount", 2, 10, hc.healthy_threshold);
  bounded("UnhealthyThresholdCount", 2, 10, hc.unhealthy_threshold);
  // HTTP(S) groups need a timeout below the interval; Network Load Balancer groups allow it equal.
  if (network ? hc.timeout > hc.interval : hc.timeout >= hc.interval) {
    validation(fmt::format("Health check timeout '{}' must be smaller than {}the interval '{}'", hc.timeout,
                           network ? "or equal to " : "", hc.interval));
  }
  if (const auto* m = input.if_contains("Matcher"); m != nullptr && m->is_object()) {
    const auto& mo = m->as_object();
    if (has_member(mo, "GrpcCode")) {
      if (g.protocol_version != "GRPC") {
        validation("A gRPC code matcher can only be specified for target groups with protocol version GRPC");
      }
      hc.matcher_grpc = std::string(string_member(mo, "GrpcCode"));
    }
    if (has_member(mo, "HttpCode")) {
      std::string codes(string_member(mo, "HttpCode"));
      if (!is_http(hc.protocol) && g.target_type != "lambda") {
        validation("A matcher can only be specified for HTTP and HTTPS health checks");
      }
      check_http_codes(codes, 200, network ? 599 : 499);
      hc.matcher_http = codes;
    }
  }
}

std::vector<const TargetGroup*> sorted_groups(const Elbv2State& state) {
  std::vector<const TargetGroup*> out;
  for (const auto& [arn, g] : state.target_groups) {
    out.push_back(&g);
  }
  std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->seq < b->seq; });
  return out;
}

}  // namespace

json::value create_target_group(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  TargetGroup g;
  g.name = std::string(string_member(input, "Name"));
  check_target_group_name(g.name);
  g.target_type = std::string(string_member(input, "TargetType", "instance"));
  g.ip_address_type = std::string(string_member(input, "IpAddressType", "ipv4"));
  if (g.ip_address_type != "ipv4") {
    validation("IPv6 target groups are not supported by ecsemu (its subnets have no IPv6 CIDR blocks)");
  }
  if (g.target_type == "lambda") {
    if (has_member(input, "Protocol") || has_member(input, "Port") || has_member(input, "VpcId")) {
      validation("Protocol, port and VPC ID cannot be specified for target groups with target type 'lambda'");
    }
  } else {
    if (!has_member(input, "Protocol")) {
      validation("A protocol must be specified");
    }
    if (!has_member(input, "Port")) {
      validation("A port must be specified");
    }
    if (!has_member(input, "VpcId")) {
      validation("A VPC ID must be specified");
    }
    g.protocol = std::string(string_member(input, "Protocol"));
    if (g.protocol == "QUIC" || g.protocol == "TCP_QUIC") {
      validation(fmt::format("Protocol '{}' is not supported by ecsemu", g.protocol));
    }
    if (g.target_type == "alb" && g.protocol != "TCP") {
      validation("Target groups with target type 'alb' must use protocol TCP");
    }
    long port = int_member(input, "Port").value_or(0);
    if (port < 1 || port > 65535) {
      validation("Port must be between 1 and 65535");
    }
    g.port = static_cast<int>(port);
    g.vpc_id = std::string(string_member(input, "VpcId"));
    ec2::NetworkState& net = ec2::ensure_defaults(ctx.store().ec2, ctx.region);
    if (net.vpcs.count(g.vpc_id) == 0) {
      validation(fmt::format("The VPC ID '{}' is not found", g.vpc_id));
    }
  }
  if (has_member(input, "ProtocolVersion")) {
    std::string v(string_member(input, "ProtocolVersion"));
    if (!is_http(g.protocol)) {
      validation("A protocol version can only be specified for HTTP and HTTPS target groups");
    }
    if (v != "HTTP1" && v != "HTTP2" && v != "GRPC") {
      validation(fmt::format("Protocol version '{}' is not valid: use HTTP1, HTTP2 or GRPC", v));
    }
    g.protocol_version = v;
  } else if (is_http(g.protocol)) {
    g.protocol_version = "HTTP1";
  }
  g.health_check = default_health_check(g.protocol, g.target_type);
  if (g.protocol_version == "GRPC") {
    g.health_check.matcher_http.clear();
    g.health_check.matcher_grpc = "12";
    g.health_check.path = "/AWS.ALB/healthcheck";
  }
  apply_health_check(input, g, g.health_check);
  add_tags(g.tags, parse_tags(input));
  for (const auto& [arn, existing] : state.target_groups) {
    if (existing.name == g.name) {
      bool same = existing.protocol == g.protocol && existing.port == g.port && existing.vpc_id == g.vpc_id &&
                  existing.target_type == g.target_type;
      if (!same) {
        throw aws::ServiceError("DuplicateTargetGroupNameException",
                                fmt::format("A target group with the same name '{}' exists, but with different "
                                            "settings",
                                            g.name));
      }
      return json::object{{"TargetGroups", json::array{target_group_json(state, existing)}}};
    }
  }
  if (static_cast<int>(state.target_groups.size()) >= kMaxTargetGroups) {
    throw aws::ServiceError("TooManyTargetGroupsException",
                            fmt::format("The quota of {} target groups has been reached", kMaxTargetGroups));
  }
  g.arn =
      fmt::format("arn:aws:elasticloadbalancing:{}:{}:targetgroup/{}/{}", ctx.region, ctx.account_id, g.name, arn_id());
  g.created = now_seconds(ctx);
  g.seq = next_seq();
  g.attributes = default_target_group_attributes(g.protocol, g.target_type);
  const TargetGroup& stored = state.target_groups.emplace(g.arn, std::move(g)).first->second;
  json::object out{{"TargetGroups", json::array{target_group_json(state, stored)}}};
  mark_snapshot_changed(ctx);
  return out;
}

json::value describe_target_groups(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  std::vector<std::string> arns = string_list(input, "TargetGroupArns");
  std::vector<std::string> names = string_list(input, "Names");
  std::string lb_arn(string_member(input, "LoadBalancerArn"));
  if (int{!arns.empty()} + int{!names.empty()} + int{!lb_arn.empty()} > 1) {
    validation("Only one of target group ARNs, names or a load balancer ARN can be specified");
  }
  Page page = parse_page(input);
  std::vector<const TargetGroup*> found;
  if (!arns.empty()) {
    for (const auto& arn : arns) {
      found.push_back(&require_target_group(state, arn));
    }
  } else if (!names.empty()) {
    for (const auto& name : names) {
      auto it = std::find_if(state.target_groups.begin(), state.target_groups.end(),
                             [&](const auto& p) { return p.second.name == name; });
      if (it == state.target_groups.end()) {
        throw aws::ServiceError("TargetGroupNotFoundException", "One or more target groups not found");
      }
      found.push_back(&it->second);
    }
  } else if (!lb_arn.empty()) {
    require_load_balancer(state, lb_arn);
    for (const TargetGroup* g : sorted_groups(state)) {
      auto lbs = load_balancers_of(state, g->arn);
      if (std::find(lbs.begin(), lbs.end(), lb_arn) != lbs.end()) {
        found.push_back(g);
      }
    }
  } else {
    found = sorted_groups(state);
  }
  std::sort(found.begin(), found.end(), [](const auto* a, const auto* b) { return a->seq < b->seq; });
  found.erase(std::unique(found.begin(), found.end()), found.end());
  json::array out;
  json::object result;
  for (const TargetGroup* g : found) {
    if (g->seq <= page.after) {
      continue;
    }
    if (out.size() == page.size) {
      result["NextMarker"] = next_marker(page.after);
      break;
    }
    out.push_back(target_group_json(state, *g));
    page.after = g->seq;
  }
  result["TargetGroups"] = std::move(out);
  return result;
}

json::value modify_target_group(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  TargetGroup& g = require_target_group(state, string_member(input, "TargetGroupArn"));
  HealthCheck hc = g.health_check;
  apply_health_check(input, g, hc);
  g.health_check = hc;
  mark_snapshot_changed(ctx);
  return json::object{{"TargetGroups", json::array{target_group_json(state, g)}}};
}

json::value delete_target_group(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  std::string arn(string_member(input, "TargetGroupArn"));
  auto it = state.target_groups.find(arn);
  if (it == state.target_groups.end()) {
    return json::object{};  // AWS: deleting a target group that does not exist succeeds
  }
  if (group_in_use(state, arn)) {
    throw aws::ServiceError("ResourceInUseException",
                            fmt::format("Target group '{}' is currently in use by a listener or a rule", arn));
  }
  state.target_groups.erase(it);
  mark_snapshot_changed(ctx);
  return json::object{};
}

json::value describe_target_group_attributes(aws::RequestContext& ctx, const json::object& input) {
  TargetGroup& g = require_target_group(ctx.store().elbv2, string_member(input, "TargetGroupArn"));
  return json::object{{"Attributes", attributes_json(g.attributes)}};
}

json::value modify_target_group_attributes(aws::RequestContext& ctx, const json::object& input) {
  TargetGroup& g = require_target_group(ctx.store().elbv2, string_member(input, "TargetGroupArn"));
  AttributeMap changes = parse_attributes(input);
  if (changes.empty()) {
    validation("At least one attribute must be specified");
  }
  apply_target_group_attributes(g, changes);
  mark_snapshot_changed(ctx);
  return json::object{{"Attributes", attributes_json(g.attributes)}};
}

}  // namespace ecsemu::elbv2
