// Listener rules: Create/Describe/Modify/Delete, SetRulePriorities.
#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/elbv2/elbv2_handlers.hpp"
#include "services/elbv2/elbv2_plane.hpp"
#include "services/elbv2/elbv2_views.hpp"
#include "state/world.hpp"

namespace ecsemu::elbv2 {

namespace json = boost::json;
using namespace aws::members;

namespace {

void check_priority(long priority) {
  if (priority < 1 || priority > 50000) {
    validation(fmt::format("Priority '{}' must be between 1 and 50000", priority));
  }
}

[[noreturn]] void priority_in_use(long priority) {
  throw aws::ServiceError("PriorityInUseException", fmt::format("Priority '{}' is currently in use", priority));
}

const LoadBalancer& load_balancer_of(Elbv2State& state, const Listener& l) {
  return require_load_balancer(state, l.load_balancer_arn);
}

void check_transforms(const json::object& input) {
  if (const auto* t = array_member(input, "Transforms"); t != nullptr && !t->empty()) {
    validation("Rule transforms are not supported by ecsemu");
  }
}

}  // namespace

json::value create_rule(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  Listener& l = require_listener(state, string_member(input, "ListenerArn"));
  const LoadBalancer& lb = load_balancer_of(state, l);
  if (lb.type != "application") {
    throw aws::ServiceError("InvalidConfigurationRequestException",
                            "Rules can only be created for listeners of Application Load Balancers");
  }
  check_transforms(input);
  long priority = int_member(input, "Priority").value_or(0);
  check_priority(priority);
  for (const auto& [arn, r] : state.rules) {
    if (r.listener_arn == l.arn && !r.is_default && r.priority == priority) {
      priority_in_use(priority);
    }
  }
  long rules = 0;
  for (const auto& [arn, r] : state.rules) {
    auto owner = state.listeners.find(r.listener_arn);
    rules += !r.is_default && owner != state.listeners.end() && owner->second.load_balancer_arn == lb.arn ? 1 : 0;
  }
  if (rules >= kMaxRulesPerLoadBalancer) {
    throw aws::ServiceError("TooManyRulesException",
                            fmt::format("A load balancer can have at most {} rules", kMaxRulesPerLoadBalancer));
  }
  Rule rule;
  rule.listener_arn = l.arn;
  rule.priority = static_cast<int>(priority);
  rule.conditions = parse_conditions(*array_member(input, "Conditions"));
  rule.actions = parse_actions(state, lb, *array_member(input, "Actions"));
  check_group_association(state, lb, rule.actions);
  add_tags(rule.tags, parse_tags(input));
  auto pos = l.arn.find(":listener/");
  rule.arn = fmt::format("arn:aws:elasticloadbalancing:{}:{}:listener-rule/{}/{}", ctx.region, ctx.account_id,
                         l.arn.substr(pos + 10), arn_id());
  const Rule& stored = state.rules.emplace(rule.arn, std::move(rule)).first->second;
  json::object out{{"Rules", json::array{rule_json(stored)}}};
  mark_snapshot_changed(ctx);
  return out;
}

json::value describe_rules(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  std::vector<std::string> arns = string_list(input, "RuleArns");
  std::string listener_arn(string_member(input, "ListenerArn"));
  if (arns.empty() == listener_arn.empty()) {
    validation("You must specify either rule ARNs or a listener ARN");
  }
  Page page = parse_page(input);
  std::vector<const Rule*> found;
  if (!arns.empty()) {
    for (const auto& arn : arns) {
      const Rule* r = &require_rule(state, arn);
      if (std::find(found.begin(), found.end(), r) == found.end()) {
        found.push_back(r);
      }
    }
  } else {
    require_listener(state, listener_arn);
    found = rules_of(state, listener_arn);
  }
  // The marker counts the rules already returned.
  json::array out;
  json::object result;
  for (std::size_t i = page.after; i < found.size(); ++i) {
    if (out.size() == page.size) {
      result["NextMarker"] = next_marker(i);
      break;
    }
    out.push_back(rule_json(*found[i]));
  }
  result["Rules"] = std::move(out);
  return result;
}

json::value modify_rule(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  Rule& rule = require_rule(state, string_member(input, "RuleArn"));
  const LoadBalancer& lb = load_balancer_of(state, require_listener(state, rule.listener_arn));
  check_transforms(input);
  Rule next = rule;
  if (const auto* conditions = array_member(input, "Conditions")) {
    if (rule.is_default) {
      throw aws::ServiceError("OperationNotPermittedException",
                              fmt::format("The conditions of the default rule '{}' cannot be modified", rule.arn));
    }
    next.conditions = parse_conditions(*conditions);
  }
  if (const auto* actions = array_member(input, "Actions")) {
    next.actions = parse_actions(state, lb, *actions);
    check_group_association(state, lb, next.actions);
  }
  rule = std::move(next);
  json::object out{{"Rules", json::array{rule_json(rule)}}};
  mark_snapshot_changed(ctx);
  return out;
}

json::value delete_rule(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  Rule& rule = require_rule(state, string_member(input, "RuleArn"));
  if (rule.is_default) {
    throw aws::ServiceError("OperationNotPermittedException",
                            fmt::format("Default rule '{}' cannot be deleted", rule.arn));
  }
  std::string arn = rule.arn;
  state.rules.erase(arn);
  mark_snapshot_changed(ctx);
  return json::object{};
}

json::value set_rule_priorities(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  std::map<std::string, int> changes;
  if (const auto* pairs = array_member(input, "RulePriorities")) {
    for (const auto& p : *pairs) {
      const auto& o = p.as_object();
      std::string arn(string_member(o, "RuleArn"));
      long priority = int_member(o, "Priority").value_or(0);
      Rule& rule = require_rule(state, arn);
      if (rule.is_default) {
        throw aws::ServiceError("OperationNotPermittedException",
                                fmt::format("The priority of the default rule '{}' cannot be changed", arn));
      }
      check_priority(priority);
      if (!changes.emplace(arn, static_cast<int>(priority)).second) {
        validation(fmt::format("Rule '{}' is specified more than once", arn));
      }
    }
  }
  if (changes.empty()) {
    validation("At least one rule priority must be specified");
  }
  // The priorities each listener would have after the change must stay unique.
  std::map<std::string, std::map<int, std::string>> taken;
  for (const auto& [arn, r] : state.rules) {
    if (r.is_default) {
      continue;
    }
    auto c = changes.find(arn);
    int priority = c == changes.end() ? r.priority : c->second;
    if (!taken[r.listener_arn].emplace(priority, arn).second) {
      priority_in_use(priority);
    }
  }
  json::array out;
  for (const auto& [arn, priority] : changes) {
    Rule& r = state.rules.at(arn);
    r.priority = priority;
    out.push_back(rule_json(r));
  }
  mark_snapshot_changed(ctx);
  return json::object{{"Rules", std::move(out)}};
}

}  // namespace ecsemu::elbv2
