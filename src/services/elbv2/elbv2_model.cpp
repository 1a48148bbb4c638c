#include "services/elbv2/elbv2_model.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_task_launch.hpp"

namespace ecsemu::elbv2 {

namespace {

[[noreturn]] void validation(std::string message) { throw aws::ServiceError("ValidationError", std::move(message)); }
[[noreturn]] void invalid_config(std::string message) {
  throw aws::ServiceError("InvalidConfigurationRequestException", std::move(message));
}

void check_name(std::string_view what, std::string_view name) {
  if (name.empty() || name.size() > 32) {
    validation(fmt::format("{} name '{}' cannot be longer than '32' characters", what, name));
  }
  bool chars_ok = std::all_of(name.begin(), name.end(),
                              [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-'; });
  if (what == "Target group" && chars_ok &&
      (name.front() == '-' || name.back() == '-' || name.find("--") != std::string_view::npos)) {
    // AWS answers with the name's constraint pattern, as a failed input constraint.
    validation(
        fmt::format("1 validation error detected: Value '{}' at 'targetGroup.targetGroupArn.targetGroupName' "
                    "failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    "(?!.*--)(?!^-)(?!.*-$)^[A-Za-z0-9-]+$",
                    name));
  }
  if (!chars_ok) {
    validation(fmt::format("{} name '{}' can only contain characters that are alphanumeric characters or hyphens(-)",
                           what, name));
  }
  if (name.front() == '-' || name.back() == '-') {
    validation(fmt::format("{} name '{}' cannot begin or end with '-'", what, name));
  }
}

std::optional<long> parse_long(std::string_view text) {
  long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return v;
}

void check_bool(std::string_view key, std::string_view value) {
  if (value != "true" && value != "false") {
    invalid_config(fmt::format("The value of '{}' must be 'true' or 'false'", key));
  }
}

void check_range(std::string_view key, std::string_view value, long low, long high) {
  auto v = parse_long(value);
  if (!v || *v < low || *v > high) {
    invalid_config(fmt::format("The value of '{}' must be an integer between {} and {}", key, low, high));
  }
}

void check_one_of(std::string_view key, std::string_view value, std::initializer_list<std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    std::string list;
    for (auto a : allowed) {
      list += list.empty() ? "" : ", ";
      list += a;
    }
    invalid_config(fmt::format("The value of '{}' must be one of: {}", key, list));
  }
}

bool is_bool_key(std::string_view key) { return key.size() > 8 && key.substr(key.size() - 8) == ".enabled"; }

}  // namespace

namespace {
std::uint64_t seq_counter = 0;  // touched only on the state strand
}  // namespace

std::uint64_t next_seq() { return ++seq_counter; }

void continue_seq_after(std::uint64_t highest) { seq_counter = std::max(seq_counter, highest); }

std::string arn_id() { return ecs::random_hex(ecs::task_random(), 16); }

void check_load_balancer_name(std::string_view name) {
  check_name("Load balancer", name);
  if (name.rfind("internal-", 0) == 0) {
    validation(fmt::format("Load balancer name '{}' cannot begin with 'internal-'", name));
  }
}

void check_target_group_name(std::string_view name) { check_name("Target group", name); }

std::string_view type_segment(std::string_view type) { return type == "network" ? "net" : "app"; }

std::string canonical_hosted_zone(std::string_view region, std::string_view type) {
  // AWS's Elastic Load Balancing hosted zones (the "Route 53 Hosted Zone ID" column of the ELB endpoints table):
  // region, Application Load Balancers, Network Load Balancers.
  struct Zone {
    std::string_view region, app, net;
  };
  static constexpr Zone kZones[] = {
      {"us-east-1", "Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"},      {"us-east-2", "Z3AADJGX6KTTL2", "ZLMOA37VPKANP"},
      {"us-west-1", "Z368ELLRRE2KJ0", "Z24FKFUX50B4VW"},      {"us-west-2", "Z1H1FL5HABSF5", "Z18D5FSROUN65G"},
      {"ca-central-1", "ZQSVJUPU6J1EY", "Z2EPGBW3API2WT"},    {"eu-west-1", "Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F"},
      {"eu-west-2", "ZHURV8PSTC4K8", "ZD4D7Y8KGAS4G"},        {"eu-west-3", "Z3Q77PNBQS71R4", "Z1CMS0P5QUZ6D5"},
      {"eu-central-1", "Z215JYRZR1TBD5", "Z3F0SRJ5LGBH90"},   {"eu-north-1", "Z23TAZ7KK9CTR4", "Z1UDT6IFJ4EJM"},
      {"ap-northeast-1", "Z14GRHDCWA56QT", "Z31USIVHYNEOWT"}, {"ap-northeast-2", "ZWKZPGTI48KDX", "ZIBE1TIR4HY56"},
      {"ap-northeast-3", "Z5LXEXXYW11ES", "Z1GWIQ4HH19I5X"},  {"ap-southeast-1", "Z1LMS91P8CMLE5", "ZKVM4W9LS7TM"},
      {"ap-southeast-2", "Z1GM3OXH4ZPM65", "ZCT6FZBF4DROD"},  {"ap-south-1", "ZP97RAFLXTNZK", "ZVDDRBQ08TROA"},
      {"sa-east-1", "Z2P70J7HTTTPLU", "ZTK26PT1VY4CU"},
  };
  for (const auto& z : kZones) {
    if (z.region == region) {
      return std::string(type == "network" ? z.net : z.app);
    }
  }
  // A region without a known zone (ecsemu accepts any region name) gets us-east-1's.
  return std::string(type == "network" ? kZones[0].net : kZones[0].app);
}

LoadBalancer& require_load_balancer(Elbv2State& state, std::string_view arn) {
  auto it = state.load_balancers.find(std::string(arn));
  if (it == state.load_balancers.end()) {
    throw aws::ServiceError("LoadBalancerNotFoundException", fmt::format("Load balancer '{}' not found", arn));
  }
  return it->second;
}

TargetGroup& require_target_group(Elbv2State& state, std::string_view arn) {
  auto it = state.target_groups.find(std::string(arn));
  if (it == state.target_groups.end()) {
    throw aws::ServiceError("TargetGroupNotFoundException", "One or more target groups not found");
  }
  return it->second;
}

Listener& require_listener(Elbv2State& state, std::string_view arn) {
  auto it = state.listeners.find(std::string(arn));
  if (it == state.listeners.end()) {
    throw aws::ServiceError("ListenerNotFoundException", fmt::format("Listener '{}' not found", arn));
  }
  return it->second;
}

Rule& require_rule(Elbv2State& state, std::string_view arn) {
  auto it = state.rules.find(std::string(arn));
  if (it == state.rules.end()) {
    throw aws::ServiceError("RuleNotFoundException", "One or more rules not found");
  }
  return it->second;
}

std::vector<std::string> load_balancers_of(const Elbv2State& state, std::string_view group_arn) {
  std::set<std::string> out;
  for (const auto& [arn, rule] : state.rules) {
    for (const auto& action : rule.actions) {
      for (const auto& g : action.forward) {
        if (g.arn == group_arn) {
          auto l = state.listeners.find(rule.listener_arn);
          if (l != state.listeners.end()) {
            out.insert(l->second.load_balancer_arn);
          }
        }
      }
    }
  }
  return {out.begin(), out.end()};
}

bool group_in_use(const Elbv2State& state, std::string_view group_arn) {
  return !load_balancers_of(state, group_arn).empty();
}

std::vector<const Rule*> rules_of(const Elbv2State& state, std::string_view listener_arn) {
  std::vector<const Rule*> out;
  for (const auto& [arn, rule] : state.rules) {
    if (rule.listener_arn == listener_arn) {
      out.push_back(&rule);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Rule* a, const Rule* b) {
    if (a->is_default != b->is_default) {
      return b->is_default;
    }
    return a->priority < b->priority;
  });
  return out;
}

HealthCheck default_health_check(std::string_view protocol, std::string_view target_type) {
  HealthCheck hc;
  if (target_type == "lambda") {
    hc.enabled = false;
    hc.protocol.clear();
    hc.interval = 35;
    hc.timeout = 30;
    hc.healthy_threshold = 5;
    hc.unhealthy_threshold = 2;
    hc.path = "/";
    hc.matcher_http = "200";
    return hc;
  }
  if (protocol == "GENEVE") {
    // Gateway Load Balancer groups: TCP checks on port 80 (their traffic port 6081 carries GENEVE).
    hc.protocol = "TCP";
    hc.port = "80";
    hc.interval = 10;
    hc.timeout = 5;
    hc.healthy_threshold = 5;
    hc.unhealthy_threshold = 2;
  } else if (protocol == "HTTP" || protocol == "HTTPS") {
    hc.protocol = std::string(protocol);
    hc.path = "/";
    hc.matcher_http = "200";
    hc.interval = 30;
    hc.timeout = 5;
    hc.healthy_threshold = 5;
    hc.unhealthy_threshold = 2;
  } else {
    // TCP, TLS, UDP, TCP_UDP groups (Network Load Balancers): TCP checks.
    hc.protocol = "TCP";
    hc.interval = 30;
    hc.timeout = 10;
    hc.healthy_threshold = 5;
    hc.unhealthy_threshold = 2;
  }
  return hc;
}

AttributeMap default_target_group_attributes(std::string_view protocol, std::string_view target_type) {
  if (target_type == "lambda") {
    return {{"lambda.multi_value_headers.enabled", "false"}};
  }
  AttributeMap a{
      {"deregistration_delay.timeout_seconds", "300"},
      {"stickiness.enabled", "false"},
      {"load_balancing.cross_zone.enabled", "use_load_balancer_configuration"},
      {"target_group_health.dns_failover.minimum_healthy_targets.count", "1"},
      {"target_group_health.dns_failover.minimum_healthy_targets.percentage", "off"},
      {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1"},
      {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off"},
  };
  if (protocol == "GENEVE") {
    a.erase("load_balancing.cross_zone.enabled");
    a["stickiness.type"] = "source_ip_dest_ip_proto";
    a["target_failover.on_deregistration"] = "no_rebalance";
    a["target_failover.on_unhealthy"] = "no_rebalance";
  } else if (protocol == "HTTP" || protocol == "HTTPS") {
    a["stickiness.type"] = "lb_cookie";
    a["stickiness.lb_cookie.duration_seconds"] = "86400";
    a["stickiness.app_cookie.cookie_name"] = "";
    a["stickiness.app_cookie.duration_seconds"] = "86400";
    a["load_balancing.algorithm.type"] = "round_robin";
    a["load_balancing.algorithm.anomaly_mitigation"] = "off";
    a["slow_start.duration_seconds"] = "0";
  } else {
    a["stickiness.type"] = "source_ip";
    a["deregistration_delay.connection_termination.enabled"] = "false";
    a["preserve_client_ip.enabled"] =
        target_type == "ip" && (protocol == "TCP" || protocol == "TLS") ? "false" : "true";
    a["proxy_protocol_v2.enabled"] = "false";
    a["target_health_state.unhealthy.connection_termination.enabled"] = "true";
  }
  return a;
}

AttributeMap default_load_balancer_attributes(std::string_view type) {
  AttributeMap a{
      {"access_logs.s3.enabled", "false"},      {"access_logs.s3.bucket", ""},           {"access_logs.s3.prefix", ""},
      {"deletion_protection.enabled", "false"}, {"zonal_shift.config.enabled", "false"},
  };
  if (type == "network") {
    a["load_balancing.cross_zone.enabled"] = "false";
    a["dns_record.client_routing_policy"] = "any_availability_zone";
    a["secondary_ips.auto_assigned.per_subnet"] = "0";
    return a;
  }
  a["connection_logs.s3.enabled"] = "false";
  a["connection_logs.s3.bucket"] = "";
  a["connection_logs.s3.prefix"] = "";
  a["idle_timeout.timeout_seconds"] = "60";
  a["client_keep_alive.seconds"] = "3600";
  a["routing.http.desync_mitigation_mode"] = "defensive";
  a["routing.http.drop_invalid_header_fields.enabled"] = "false";
  a["routing.http.preserve_host_header.enabled"] = "false";
  a["routing.http.x_amzn_tls_version_and_cipher_suite.enabled"] = "false";
  a["routing.http.xff_client_port.enabled"] = "false";
  a["routing.http.xff_header_processing.mode"] = "append";
  a["routing.http2.enabled"] = "true";
  a["waf.fail_open.enabled"] = "false";
  a["load_balancing.cross_zone.enabled"] = "true";
  return a;
}

namespace {

// The stickiness types a group's protocol takes (Gateway Load Balancer groups are checked with their keys).
void check_stickiness_type(const TargetGroup& group, std::string_view type) {
  if (type != "app_cookie" && type != "lb_cookie" && type != "source_ip") {
    invalid_config("'Stickiness type' must be one of [app_cookie, lb_cookie, source_ip]");
  }
  bool http = group.protocol == "HTTP" || group.protocol == "HTTPS";
  if (http == (type == "source_ip")) {
    invalid_config(fmt::format("Stickiness type '{}' is not supported for target groups with the {} protocol", type,
                               group.protocol));
  }
}

}  // namespace

void apply_target_group_attributes(TargetGroup& group, const AttributeMap& changes) {
  AttributeMap next = group.attributes;
  if (auto it = changes.find("stickiness.type"); it != changes.end() && group.protocol != "GENEVE") {
    check_stickiness_type(group, it->second);
  }
  for (const auto& [key, value] : changes) {
    if (next.count(key) == 0) {
      invalid_config(fmt::format("Target group attribute key '{}' is not recognized", key));
    }
    if (is_bool_key(key)) {
      check_bool(key, value);
    } else if (key == "deregistration_delay.timeout_seconds") {
      check_range(key, value, 0, 3600);
    } else if (key == "stickiness.lb_cookie.duration_seconds" || key == "stickiness.app_cookie.duration_seconds") {
      check_range(key, value, 1, 604800);
    } else if (key == "slow_start.duration_seconds") {
      auto v = parse_long(value);
      if (!v || (*v != 0 && (*v < 30 || *v > 900))) {
        invalid_config("The value of 'slow_start.duration_seconds' must be 0 or between 30 and 900");
      }
    } else if (key == "stickiness.type" && group.protocol == "GENEVE") {
      if (value != "source_ip_dest_ip_proto" && value != "source_ip_dest_ip") {
        invalid_config(fmt::format("'{}' must be one of [source_ip_dest_ip_proto, source_ip_dest_ip]", value));
      }
    } else if (key == "target_failover.on_deregistration" || key == "target_failover.on_unhealthy") {
      check_one_of(key, value, {"rebalance", "no_rebalance"});
    } else if (key == "load_balancing.algorithm.type") {
      check_one_of(key, value, {"round_robin", "least_outstanding_requests", "weighted_random"});
    } else if (key == "load_balancing.algorithm.anomaly_mitigation") {
      check_one_of(key, value, {"on", "off"});
    } else if (key == "load_balancing.cross_zone.enabled") {
      check_one_of(key, value, {"true", "false", "use_load_balancer_configuration"});
    }
    next[key] = value;
  }
  // Network Load Balancers keep no sticky sessions over TLS.
  if (group.protocol == "TLS" && next["stickiness.enabled"] == "true") {
    invalid_config("You cannot enable stickiness on target groups with the TLS protocol");
  }
  group.attributes = std::move(next);
}

void apply_load_balancer_attributes(LoadBalancer& lb, const AttributeMap& changes) {
  AttributeMap next = lb.attributes;
  for (const auto& [key, value] : changes) {
    if (next.count(key) == 0) {
      invalid_config(fmt::format("Load balancer attribute key '{}' is not recognized", key));
    }
    if (is_bool_key(key)) {
      check_bool(key, value);
      if (key == "load_balancing.cross_zone.enabled" && lb.type == "application" && value != "true") {
        invalid_config("Cross-zone load balancing cannot be disabled for Application Load Balancers");
      }
    } else if (key == "idle_timeout.timeout_seconds") {
      check_range(key, value, 1, 4000);
    } else if (key == "client_keep_alive.seconds") {
      check_range(key, value, 60, 604800);
    } else if (key == "routing.http.desync_mitigation_mode") {
      check_one_of(key, value, {"monitor", "defensive", "strictest"});
    } else if (key == "routing.http.xff_header_processing.mode") {
      check_one_of(key, value, {"append", "preserve", "remove"});
    } else if (key == "dns_record.client_routing_policy") {
      check_one_of(key, value,
                   {"availability_zone_affinity", "partial_availability_zone_affinity", "any_availability_zone"});
    } else if (key == "secondary_ips.auto_assigned.per_subnet") {
      // 0 to 7 secondary addresses per subnet; once set, the number cannot go down.
      check_range(key, value, 0, 7);
      if (parse_long(value).value_or(0) < parse_long(next[key]).value_or(0)) {
        invalid_config(fmt::format("The value of '{}' cannot be decreased", key));
      }
    }
    next[key] = value;
  }
  if (next["access_logs.s3.enabled"] == "true" && next["access_logs.s3.bucket"].empty()) {
    invalid_config("The value of 'access_logs.s3.bucket' cannot be empty when access logs are enabled");
  }
  lb.attributes = std::move(next);
}

HealthView target_health(const Elbv2State& state, const TargetGroup& group, const Target& target) {
  if (target.draining) {
    return {"draining", "Target.DeregistrationInProgress", "Target deregistration is in progress"};
  }
  if (!group_in_use(state, group.arn)) {
    return {"unused", "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer"};
  }
  if (!group.health_check.enabled) {
    return {"unavailable", "Target.HealthCheckDisabled", "Health checks are disabled"};
  }
  if (target.reported_state.empty()) {
    return {"initial", "Elb.RegistrationInProgress", "Target registration is in progress"};
  }
  if (target.reported_state == "healthy") {
    return {"healthy", "", ""};
  }
  return {target.reported_state, target.reported_reason, target.reported_description};
}

double deregistration_delay(const TargetGroup& group) {
  auto it = group.attributes.find("deregistration_delay.timeout_seconds");
  if (it == group.attributes.end()) {
    return 0;
  }
  return static_cast<double>(parse_long(it->second).value_or(0));
}

void begin_draining(Elbv2State& state, TargetGroup& group, std::string_view id, int port, double now) {
  auto it = std::find_if(group.targets.begin(), group.targets.end(),
                         [&](const Target& t) { return t.id == id && t.port == port; });
  if (it == group.targets.end() || it->draining) {
    return;
  }
  if (deregistration_delay(group) <= 0 || !group_in_use(state, group.arn)) {
    group.targets.erase(it);
    return;
  }
  it->draining = true;
  it->drain_started = now;
}

void add_tags(TagList& tags, const TagList& added) {
  std::set<std::string> seen;
  for (const auto& [k, v] : added) {
    if (!seen.insert(k).second) {
      throw aws::ServiceError("DuplicateTagKeysException", fmt::format("Tag key '{}' is duplicated", k));
    }
    if (k.rfind("aws:", 0) == 0) {
      validation(fmt::format("Tag key '{}' cannot start with the reserved prefix 'aws:'", k));
    }
  }
  TagList next = tags;
  for (const auto& [k, v] : added) {
    auto it = std::find_if(next.begin(), next.end(), [&](const auto& t) { return t.first == k; });
    if (it != next.end()) {
      it->second = v;
    } else {
      next.emplace_back(k, v);
    }
  }
  if (static_cast<int>(next.size()) > kMaxTags) {
    throw aws::ServiceError("TooManyTagsException", fmt::format("A resource can have at most {} tags", kMaxTags));
  }
  tags = std::move(next);
}

void remove_tags(TagList& tags, const std::vector<std::string>& keys) {
  tags.erase(std::remove_if(tags.begin(), tags.end(),
                            [&](const auto& t) { return std::find(keys.begin(), keys.end(), t.first) != keys.end(); }),
             tags.end());
}

}  // namespace ecsemu::elbv2
