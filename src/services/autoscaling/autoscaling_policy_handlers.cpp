// Auto Scaling scaling policies: PutScalingPolicy, DescribePolicies, DeletePolicy, ExecutePolicy.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/autoscaling/autoscaling_handlers.hpp"
#include "services/autoscaling/autoscaling_reconcile.hpp"
#include "state/world.hpp"

namespace ecsemu::autoscaling {

namespace json = boost::json;
using namespace aws::members;

namespace {

// "Scaling policies per Auto Scaling group": 50 (Auto Scaling User Guide, quotas).
constexpr std::size_t kMaxPolicies = 50;

[[noreturn]] void validation(std::string message) { throw aws::ServiceError("ValidationError", std::move(message)); }

bool valid_adjustment_type(std::string_view type) {
  return type == "ChangeInCapacity" || type == "ExactCapacity" || type == "PercentChangeInCapacity";
}

std::string_view policy_type(const ScalingPolicy& policy) {
  return string_member(policy.data, "PolicyType", "SimpleScaling");
}

// The policy named by name or ARN, in the named group or (no group given) any group.
std::pair<Group*, ScalingPolicy*> find_policy(AutoScalingState& state, std::string_view group_name,
                                              std::string_view policy) {
  for (auto& [name, g] : state.groups) {
    if (!group_name.empty() && name != group_name) {
      continue;
    }
    for (auto& [policy_name, p] : g.policies) {
      if (policy_name == policy || p.arn == policy) {
        return {&g, &p};
      }
    }
  }
  return {nullptr, nullptr};
}

// The policy a request names (PolicyName, by name or ARN, in AutoScalingGroupName when given): the group must
// exist, and a policy not found is a ValidationError in AWS's words.
std::pair<Group*, ScalingPolicy*> require_policy(AutoScalingState& state, const json::object& input) {
  std::string_view group_name = string_member(input, "AutoScalingGroupName");
  if (!group_name.empty()) {
    require_group(state, group_name);
  }
  std::string_view name = string_member(input, "PolicyName");
  auto found = find_policy(state, group_name, name);
  if (found.second == nullptr) {
    validation(fmt::format("Scaling policy {} not found.", name));
  }
  return found;
}

// The new desired capacity a simple or step adjustment asks for, before the group's size limits: percentages
// round towards zero, except that a change between -1 and 1 becomes -1 or 1 (Auto Scaling User Guide, "Scaling
// adjustment types"), and MinAdjustmentMagnitude raises a smaller percentage change.
long adjusted(long desired, std::string_view type, long adjustment, long min_magnitude) {
  if (type == "ExactCapacity") {
    return adjustment;
  }
  if (type == "ChangeInCapacity") {
    return desired + adjustment;
  }
  double change = static_cast<double>(desired) * static_cast<double>(adjustment) / 100.0;
  long whole = 0;
  if (change > 0 && change < 1) {
    whole = 1;
  } else if (change < 0 && change > -1) {
    whole = -1;
  } else {
    whole = static_cast<long>(std::trunc(change));
  }
  if (min_magnitude > 0 && whole != 0 && std::labs(whole) < min_magnitude) {
    whole = whole > 0 ? min_magnitude : -min_magnitude;
  }
  return desired + whole;
}

void check_policy(const json::object& input) {
  std::string_view type = string_member(input, "PolicyType", "SimpleScaling");
  std::string_view adjustment_type = string_member(input, "AdjustmentType");
  if (!adjustment_type.empty() && !valid_adjustment_type(adjustment_type)) {
    validation(
        fmt::format("Invalid adjustment type {}. Valid values are ChangeInCapacity, ExactCapacity and "
                    "PercentChangeInCapacity.",
                    adjustment_type));
  }
  if (type == "SimpleScaling") {
    if (adjustment_type.empty()) {
      validation("AdjustmentType is required for a policy of type SimpleScaling.");
    }
    if (!int_member(input, "ScalingAdjustment")) {
      validation("ScalingAdjustment is required for a policy of type SimpleScaling.");
    }
    if (has_member(input, "StepAdjustments") || has_member(input, "TargetTrackingConfiguration")) {
      validation("StepAdjustments and TargetTrackingConfiguration are not valid for a policy of type SimpleScaling.");
    }
  } else if (type == "StepScaling") {
    const auto* steps = aws::array_member(input, "StepAdjustments");
    if (adjustment_type.empty()) {
      validation("AdjustmentType is required for a policy of type StepScaling.");
    }
    if (steps == nullptr || steps->empty()) {
      validation("StepAdjustments is required for a policy of type StepScaling.");
    }
    if (has_member(input, "ScalingAdjustment") || has_member(input, "Cooldown")) {
      validation("ScalingAdjustment and Cooldown are not valid for a policy of type StepScaling.");
    }
  } else if (type == "TargetTrackingScaling") {
    if (!has_member(input, "TargetTrackingConfiguration")) {
      validation("TargetTrackingConfiguration is required for a policy of type TargetTrackingScaling.");
    }
    if (!adjustment_type.empty() || has_member(input, "ScalingAdjustment") || has_member(input, "StepAdjustments")) {
      validation(
          "AdjustmentType, ScalingAdjustment and StepAdjustments are not valid for a policy of type "
          "TargetTrackingScaling.");
    }
  } else if (type == "PredictiveScaling") {
    if (!has_member(input, "PredictiveScalingConfiguration")) {
      validation("PredictiveScalingConfiguration is required for a policy of type PredictiveScaling.");
    }
  } else {
    validation(
        fmt::format("Invalid policy type {}. Valid values are SimpleScaling, StepScaling, "
                    "TargetTrackingScaling and PredictiveScaling.",
                    type));
  }
}

json::object policy_view(const Group& g, const ScalingPolicy& p) {
  json::object out{
      {"AutoScalingGroupName", g.name}, {"PolicyName", p.name}, {"PolicyARN", p.arn},
      {"PolicyType", policy_type(p)},   {"Alarms", p.alarms},   {"Enabled", bool_member(p.data, "Enabled", true)}};
  for (const char* member : {"AdjustmentType", "MinAdjustmentStep", "MinAdjustmentMagnitude", "ScalingAdjustment",
                             "Cooldown", "StepAdjustments", "MetricAggregationType", "EstimatedInstanceWarmup",
                             "TargetTrackingConfiguration", "PredictiveScalingConfiguration"}) {
    if (const auto* v = p.data.if_contains(member); v != nullptr && !v->is_null()) {
      out[member] = *v;
    }
  }
  return out;
}

}  // namespace

json::value put_scaling_policy(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  Group& g = require_group(state, string_member(input, "AutoScalingGroupName"));
  std::string name(string_member(input, "PolicyName"));
  check_policy(input);
  auto existing = g.policies.find(name);
  if (existing == g.policies.end() && g.policies.size() >= kMaxPolicies) {
    throw aws::ServiceError(
        "LimitExceeded",
        fmt::format("Exceeded the maximum of {} scaling policies for the group {}.", kMaxPolicies, g.name));
  }
  ScalingPolicy policy;
  policy.name = name;
  // PutScalingPolicy on an existing name replaces the policy and keeps its ARN.
  policy.arn = existing != g.policies.end()
                   ? existing->second.arn
                   : fmt::format("arn:aws:autoscaling:{}:{}:scalingPolicy:{}:autoScalingGroupName/{}:policyName/{}",
                                 ctx.region, ctx.account_id, random_uuid(), g.name, name);
  policy.data = input;
  policy.data.erase("AutoScalingGroupName");
  policy.data.erase("PolicyName");
  if (policy_type(policy) == "TargetTrackingScaling") {
    // Auto Scaling creates and manages the two CloudWatch alarms of a target tracking policy.
    std::string id = random_uuid();
    for (const char* which : {"AlarmHigh", "AlarmLow"}) {
      std::string alarm = fmt::format("TargetTracking-{}-{}-{}", g.name, which, id);
      policy.alarms.push_back(json::object{
          {"AlarmName", alarm},
          {"AlarmARN", fmt::format("arn:aws:cloudwatch:{}:{}:alarm:{}", ctx.region, ctx.account_id, alarm)}});
    }
  }
  json::object out{{"PolicyARN", policy.arn}, {"Alarms", policy.alarms}};
  g.policies[name] = std::move(policy);
  return out;
}

json::value describe_policies(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  std::string group_name(string_member(input, "AutoScalingGroupName"));
  if (!group_name.empty()) {
    require_group(state, group_name);
  }
  std::vector<std::string> names = string_list(input, "PolicyNames");
  std::vector<std::string> types = string_list(input, "PolicyTypes");
  aws::Pager pager = pager_of(input, max_records(input, 50, 100));
  // Listed by group, then policy name; the key joins them with a character neither may contain.
  std::map<std::string, std::pair<const Group*, const ScalingPolicy*>> listed;
  for (const auto& [name, g] : state.groups) {
    if (!group_name.empty() && name != group_name) {
      continue;
    }
    for (const auto& [policy_name, p] : g.policies) {
      bool named = names.empty() || std::find(names.begin(), names.end(), policy_name) != names.end() ||
                   std::find(names.begin(), names.end(), p.arn) != names.end();
      bool typed = types.empty() || std::find(types.begin(), types.end(), policy_type(p)) != types.end();
      if (named && typed) {
        listed.emplace(name + '\n' + policy_name, std::make_pair(&g, &p));
      }
    }
  }
  json::object result{{"ScalingPolicies",
                       pager.take(
                           listed, aws::first_key, [](const auto&) { return true; },
                           [](const auto& entry) { return policy_view(*entry.second.first, *entry.second.second); })}};
  pager.finish(result, "NextToken");
  return result;
}

json::value delete_policy(aws::RequestContext& ctx, const json::object& input) {
  auto [g, policy] = require_policy(ctx.store().autoscaling, input);
  std::string key = policy->name;
  g->policies.erase(key);
  return json::object{};
}

json::value execute_policy(aws::RequestContext& ctx, const json::object& input) {
  auto [g, policy] = require_policy(ctx.store().autoscaling, input);
  std::string_view type = policy_type(*policy);
  if (type != "SimpleScaling" && type != "StepScaling") {
    validation(
        fmt::format("Policy {} of type {} cannot be executed; only SimpleScaling and StepScaling policies "
                    "can.",
                    policy->name, type));
  }
  if (!bool_member(policy->data, "Enabled", true)) {
    validation(fmt::format("Policy {} is disabled.", policy->name));
  }
  std::string_view adjustment_type = string_member(policy->data, "AdjustmentType");
  long magnitude = int_member(policy->data, "MinAdjustmentMagnitude")
                       .value_or(int_member(policy->data, "MinAdjustmentStep").value_or(0));
  long wanted = g->desired;
  if (type == "SimpleScaling") {
    wanted =
        adjusted(g->desired, adjustment_type, int_member(policy->data, "ScalingAdjustment").value_or(0), magnitude);
  } else {
    const auto* metric = input.if_contains("MetricValue");
    const auto* breach = input.if_contains("BreachThreshold");
    if (metric == nullptr || !metric->is_number() || breach == nullptr || !breach->is_number()) {
      validation("MetricValue and BreachThreshold are required to execute a policy of type StepScaling.");
    }
    double difference = metric->to_number<double>() - breach->to_number<double>();
    for (const auto& step : *aws::array_member(policy->data, "StepAdjustments")) {
      if (!step.is_object()) {
        continue;
      }
      const json::object& s = step.as_object();
      const auto* lower = s.if_contains("MetricIntervalLowerBound");
      const auto* upper = s.if_contains("MetricIntervalUpperBound");
      double low = lower != nullptr && lower->is_number() ? lower->to_number<double>()
                                                          : -std::numeric_limits<double>::infinity();
      double high =
          upper != nullptr && upper->is_number() ? upper->to_number<double>() : std::numeric_limits<double>::infinity();
      if (difference >= low && difference < high) {
        wanted = adjusted(g->desired, adjustment_type, int_member(s, "ScalingAdjustment").value_or(0), magnitude);
        break;
      }
    }
  }
  double now = now_seconds(ctx);
  long cooldown = int_member(policy->data, "Cooldown").value_or(g->default_cooldown);
  if (bool_member(input, "HonorCooldown") && g->last_scaling > 0 &&
      now < g->last_scaling + static_cast<double>(cooldown)) {
    throw aws::ServiceError("ScalingActivityInProgress",
                            fmt::format("Scaling activity is in progress for {} and blocks this action (the group is "
                                        "in its {} second cooldown).",
                                        g->name, cooldown));
  }
  // A policy never takes the group outside its minimum and maximum size.
  long desired = std::clamp(wanted, g->min_size, g->max_size);
  if (desired != g->desired) {
    g->change_cause = fmt::format("a user request executed policy {} changing the desired capacity from {} to {}",
                                  policy->name, g->desired, desired);
    g->change_time = now;
    g->desired = desired;
  }
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, *g, now);
  return json::object{};
}

}  // namespace ecsemu::autoscaling
