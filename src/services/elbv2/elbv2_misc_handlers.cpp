// Tags, account limits, SSL policies, and the operation table.
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/elbv2/elbv2_handlers.hpp"
#include "services/elbv2/elbv2_views.hpp"
#include "state/world.hpp"

namespace ecsemu::elbv2 {

namespace json = boost::json;
using namespace aws::members;

namespace {

// The tags of the resource an ARN names, by its resource type; throws that type's NotFound error.
TagList& tags_of(Elbv2State& state, const std::string& arn) {
  if (arn.find(":loadbalancer/") != std::string::npos) {
    return require_load_balancer(state, arn).tags;
  }
  if (arn.find(":targetgroup/") != std::string::npos) {
    return require_target_group(state, arn).tags;
  }
  if (arn.find(":listener/") != std::string::npos) {
    return require_listener(state, arn).tags;
  }
  if (arn.find(":listener-rule/") != std::string::npos) {
    return require_rule(state, arn).tags;
  }
  validation(fmt::format("'{}' is not a valid Elastic Load Balancing resource ARN", arn));
}

struct SslPolicyInfo {
  std::string_view name;
  std::vector<std::string_view> protocols;
  std::vector<std::string_view> ciphers;
};

// A few of AWS's predefined policies, with their protocols and ciphers in AWS's priority order.
const std::vector<SslPolicyInfo>& ssl_policies() {
  static const std::vector<SslPolicyInfo> kPolicies{
      {"ELBSecurityPolicy-2016-08",
       {"TLSv1", "TLSv1.1", "TLSv1.2"},
       {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA256",
        "ECDHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA",
        "ECDHE-ECDSA-AES256-SHA", "AES128-GCM-SHA256", "AES128-SHA256", "AES128-SHA", "AES256-GCM-SHA384",
        "AES256-SHA256", "AES256-SHA"}},
      {"ELBSecurityPolicy-TLS-1-2-2017-01",
       {"TLSv1.2"},
       {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA256",
        "ECDHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384", "AES128-GCM-SHA256", "AES128-SHA256",
        "AES256-GCM-SHA384", "AES256-SHA256"}},
      {"ELBSecurityPolicy-TLS13-1-2-2021-06",
       {"TLSv1.3", "TLSv1.2"},
       {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA256",
        "ECDHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384"}},
  };
  return kPolicies;
}

}  // namespace

bool known_ssl_policy(std::string_view name) {
  const auto& p = ssl_policies();
  return std::any_of(p.begin(), p.end(), [&](const SslPolicyInfo& i) { return i.name == name; });
}

json::value add_tags(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  TagList added = parse_tags(input);
  std::vector<std::string> arns = string_list(input, "ResourceArns");
  // Check every resource first so that a failure changes nothing.
  for (const auto& arn : arns) {
    TagList copy = tags_of(state, arn);
    add_tags(copy, added);
  }
  for (const auto& arn : arns) {
    add_tags(tags_of(state, arn), added);
  }
  return json::object{};
}

json::value remove_tags(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  std::vector<std::string> arns = string_list(input, "ResourceArns");
  std::vector<std::string> keys = string_list(input, "TagKeys");
  for (const auto& arn : arns) {
    tags_of(state, arn);
  }
  for (const auto& arn : arns) {
    remove_tags(tags_of(state, arn), keys);
  }
  return json::object{};
}

json::value describe_tags(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  std::vector<std::string> arns = string_list(input, "ResourceArns");
  if (arns.size() > 20) {
    validation("At most 20 resource ARNs can be specified");
  }
  json::array out;
  for (const auto& arn : arns) {
    out.push_back(json::object{{"ResourceArn", arn}, {"Tags", tags_json(tags_of(state, arn))}});
  }
  return json::object{{"TagDescriptions", std::move(out)}};
}

json::value describe_account_limits(aws::RequestContext&, const json::object& input) {
  const std::vector<std::pair<std::string_view, int>> limits{
      {"application-load-balancers", kMaxLoadBalancersPerType},
      {"certificates-per-application-load-balancer", kMaxCertificatesPerListener},
      {"condition-values-per-alb-rule", kMaxConditionValuesPerRule},
      {"listeners-per-application-load-balancer", kMaxListenersPerLoadBalancer},
      {"listeners-per-network-load-balancer", kMaxListenersPerLoadBalancer},
      {"network-load-balancers", kMaxLoadBalancersPerType},
      {"rules-per-application-load-balancer", kMaxRulesPerLoadBalancer},
      {"target-groups", kMaxTargetGroups},
      {"target-groups-per-action-on-application-load-balancer", kMaxGroupsPerForward},
      {"target-groups-per-action-on-network-load-balancer", 1},
      {"targets-per-target-group", kMaxTargetsPerGroup},
  };
  Page page = parse_page(input);
  json::array out;
  json::object result;
  for (std::size_t i = page.after; i < limits.size(); ++i) {
    if (out.size() == page.size) {
      result["NextMarker"] = next_marker(i);
      break;
    }
    out.push_back(json::object{{"Name", limits[i].first}, {"Max", std::to_string(limits[i].second)}});
  }
  result["Limits"] = std::move(out);
  return result;
}

json::value describe_ssl_policies(aws::RequestContext&, const json::object& input) {
  std::vector<std::string> names = string_list(input, "Names");
  for (const auto& n : names) {
    if (!known_ssl_policy(n)) {
      throw aws::ServiceError("SSLPolicyNotFoundException", fmt::format("SSL policy '{}' not found", n));
    }
  }
  Page page = parse_page(input);
  std::vector<const SslPolicyInfo*> selected;
  for (const auto& p : ssl_policies()) {
    if (names.empty() || std::find(names.begin(), names.end(), p.name) != names.end()) {
      selected.push_back(&p);
    }
  }
  json::array out;
  json::object result;
  for (std::size_t i = page.after; i < selected.size(); ++i) {
    if (out.size() == page.size) {
      result["NextMarker"] = next_marker(i);
      break;
    }
    const SslPolicyInfo& p = *selected[i];
    json::array protocols;
    for (auto v : p.protocols) {
      protocols.emplace_back(v);
    }
    json::array ciphers;
    int priority = 1;
    for (auto c : p.ciphers) {
      ciphers.push_back(json::object{{"Name", c}, {"Priority", priority++}});
    }
    out.push_back(json::object{{"Name", p.name},
                               {"SslProtocols", std::move(protocols)},
                               {"Ciphers", std::move(ciphers)},
                               {"SupportedLoadBalancerTypes", json::array{"application", "network"}}});
  }
  result["SslPolicies"] = std::move(out);
  return result;
}

void register_operations(aws::OperationRegistry& registry) {
  constexpr std::string_view kService = "elbv2";
  registry.add(kService, "CreateLoadBalancer", &create_load_balancer);
  registry.add(kService, "DescribeLoadBalancers", &describe_load_balancers);
  registry.add(kService, "DeleteLoadBalancer", &delete_load_balancer);
  registry.add(kService, "DescribeLoadBalancerAttributes", &describe_load_balancer_attributes);
  registry.add(kService, "ModifyLoadBalancerAttributes", &modify_load_balancer_attributes);
  registry.add(kService, "SetSubnets", &set_subnets);
  registry.add(kService, "SetSecurityGroups", &set_security_groups);
  registry.add(kService, "SetIpAddressType", &set_ip_address_type);
  registry.add(kService, "CreateTargetGroup", &create_target_group);
  registry.add(kService, "DescribeTargetGroups", &describe_target_groups);
  registry.add(kService, "ModifyTargetGroup", &modify_target_group);
  registry.add(kService, "DeleteTargetGroup", &delete_target_group);
  registry.add(kService, "DescribeTargetGroupAttributes", &describe_target_group_attributes);
  registry.add(kService, "ModifyTargetGroupAttributes", &modify_target_group_attributes);
  registry.add(kService, "RegisterTargets", &register_targets);
  registry.add(kService, "DeregisterTargets", &deregister_targets);
  registry.add(kService, "DescribeTargetHealth", &describe_target_health);
  registry.add(kService, "CreateListener", &create_listener);
  registry.add(kService, "DescribeListeners", &describe_listeners);
  registry.add(kService, "ModifyListener", &modify_listener);
  registry.add(kService, "DeleteListener", &delete_listener);
  registry.add(kService, "AddListenerCertificates", &add_listener_certificates);
  registry.add(kService, "DescribeListenerCertificates", &describe_listener_certificates);
  registry.add(kService, "RemoveListenerCertificates", &remove_listener_certificates);
  registry.add(kService, "CreateRule", &create_rule);
  registry.add(kService, "DescribeRules", &describe_rules);
  registry.add(kService, "ModifyRule", &modify_rule);
  registry.add(kService, "DeleteRule", &delete_rule);
  registry.add(kService, "SetRulePriorities", &set_rule_priorities);
  registry.add(kService, "AddTags", &add_tags);
  registry.add(kService, "RemoveTags", &remove_tags);
  registry.add(kService, "DescribeTags", &describe_tags);
  registry.add(kService, "DescribeAccountLimits", &describe_account_limits);
  registry.add(kService, "DescribeSSLPolicies", &describe_ssl_policies);
}

}  // namespace ecsemu::elbv2
