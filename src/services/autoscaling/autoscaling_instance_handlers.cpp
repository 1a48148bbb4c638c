// Auto Scaling group instances: DescribeAutoScalingInstances, SetInstanceProtection, Attach/DetachInstances,
// TerminateInstanceInAutoScalingGroup, Suspend/ResumeProcesses.
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/autoscaling/autoscaling_handlers.hpp"
#include "services/autoscaling/autoscaling_instance_ops.hpp"
#include "services/autoscaling/autoscaling_reconcile.hpp"
#include "services/autoscaling/autoscaling_views.hpp"
#include "services/elbv2/elbv2_plane.hpp"
#include "state/world.hpp"

namespace ecsemu::autoscaling {

namespace json = boost::json;
using namespace aws::members;

namespace {

[[noreturn]] void validation(std::string message) { throw aws::ServiceError("ValidationError", std::move(message)); }

GroupInstance& require_member(Group& g, std::string_view id) {
  for (auto& i : g.instances) {
    if (i.id == id) {
      return i;
    }
  }
  validation(fmt::format("The instance {} is not part of Auto Scaling group {}.", id, g.name));
}

const std::vector<std::string_view> kProcesses{
    "Launch",      "Terminate",       "AddToLoadBalancer", "AlarmNotification", "AZRebalance",
    "HealthCheck", "InstanceRefresh", "ReplaceUnhealthy",  "ScheduledActions"};

std::vector<std::string> processes_of(const json::object& input) {
  std::vector<std::string> names = string_list(input, "ScalingProcesses");
  if (names.empty()) {
    return {kProcesses.begin(), kProcesses.end()};
  }
  for (const auto& n : names) {
    if (std::find(kProcesses.begin(), kProcesses.end(), n) == kProcesses.end()) {
      validation(fmt::format("Process {} is not a valid scaling process", n));
    }
  }
  return names;
}

}  // namespace

long desired_after_leaving(const Group& group, bool decrement, std::size_t count) {
  long desired = decrement ? group.desired - static_cast<long>(count) : group.desired;
  if (desired < group.min_size) {
    validation(
        fmt::format("Cannot decrement desired capacity below min size. Desired capacity:{} is less than min "
                    "size:{}",
                    desired, group.min_size));
  }
  return desired;
}

json::value describe_auto_scaling_instances(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  std::vector<std::string> ids = string_list(input, "InstanceIds");
  aws::Pager pager = pager_of(input, max_records(input, 50, 50));
  std::vector<std::pair<std::string, json::object>> rows;
  for (const auto& [name, g] : state.groups) {
    for (const auto& i : g.instances) {
      if (ids.empty() || std::find(ids.begin(), ids.end(), i.id) != ids.end()) {
        rows.emplace_back(i.id, group_instance_json(g, i, true));
      }
    }
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  json::object result{{"AutoScalingInstances",
                       pager.take(rows, aws::first_key, aws::every, [](const auto& row) { return row.second; })}};
  pager.finish(result, "NextToken");
  return result;
}

json::value set_instance_protection(aws::RequestContext& ctx, const json::object& input) {
  Group& g = require_group(ctx.store().autoscaling, string_member(input, "AutoScalingGroupName"));
  std::vector<std::string> ids = string_list(input, "InstanceIds");
  if (ids.size() > 50) {
    throw aws::ServiceError("LimitExceeded", "You can specify up to 50 instances per request.");
  }
  std::vector<GroupInstance*> members;
  for (const auto& id : ids) {
    members.push_back(&require_member(g, id));
  }
  bool value = bool_member(input, "ProtectedFromScaleIn");
  for (auto* i : members) {
    i->protected_from_scale_in = value;
  }
  return json::object{};
}

json::value attach_instances(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  Group& g = require_group(state, string_member(input, "AutoScalingGroupName"));
  std::vector<std::string> ids = string_list(input, "InstanceIds");
  if (ids.empty()) {
    return json::object{};
  }
  long desired = g.desired + static_cast<long>(ids.size());
  if (desired > g.max_size) {
    validation(fmt::format("Desired capacity:{} must be between the specified min size:{} and max size:{}", desired,
                           g.min_size, g.max_size));
  }
  double now = now_seconds(ctx);
  std::vector<GroupInstance> attached;
  for (const auto& id : ids) {
    if (group_of_instance(state, id) != nullptr) {
      validation(fmt::format("The instance {} is already part of an Auto Scaling group.", id));
    }
    attached.push_back(adopt_instance(ctx.store(), g, id, now));
  }
  g.desired = desired;
  for (auto& i : attached) {
    record_activity(state, g, fmt::format("Attaching an existing EC2 instance: {}", i.id),
                    fmt::format("At {} an instance was added in response to user request. Keeping the capacity at the "
                                "new {}.",
                                cause_time(now), desired),
                    now);
    g.instances.push_back(std::move(i));
  }
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, g, now);
  return json::object{};
}

json::value detach_instances(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  Group& g = require_group(state, string_member(input, "AutoScalingGroupName"));
  std::vector<std::string> ids = string_list(input, "InstanceIds");
  for (const auto& id : ids) {
    require_member(g, id);
  }
  bool decrement = bool_member(input, "ShouldDecrementDesiredCapacity");
  long desired = desired_after_leaving(g, decrement, ids.size());
  double now = now_seconds(ctx);
  json::array activities;
  long capacity = in_capacity(g);
  for (const auto& id : ids) {
    g.instances.erase(
        std::remove_if(g.instances.begin(), g.instances.end(), [&](const GroupInstance& i) { return i.id == id; }),
        g.instances.end());
    std::string cause =
        fmt::format("At {} instance {} was detached in response to a user request", cause_time(now), id);
    cause += decrement ? fmt::format(", shrinking the capacity from {} to {}.", capacity, capacity - 1) : ".";
    --capacity;
    Activity& a = record_activity(state, g, fmt::format("Detaching EC2 instance: {}", id), cause, now);
    activities.push_back(activity_json(a, g.arn));
  }
  if (decrement) {
    g.desired = desired;
  } else {
    g.change_cause = fmt::format("an instance was detached in response to a user request");
    g.change_time = now;
  }
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, g, now);
  return json::object{{"Activities", std::move(activities)}};
}

json::value terminate_instance_in_auto_scaling_group(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  std::string id(string_member(input, "InstanceId"));
  GroupInstance* instance = nullptr;
  Group* g = group_of_instance(state, id, &instance);
  if (g == nullptr) {
    validation(fmt::format("Instance Id not found - No managed instance found for instance ID: {}", id));
  }
  bool decrement = bool_member(input, "ShouldDecrementDesiredCapacity");
  if (decrement && g->desired <= g->min_size) {
    validation(
        fmt::format("Currently, desiredSize equals minSize ({}). Terminating instance without replacement "
                    "will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag "
                    "to false or lower group's min size.",
                    g->min_size));
  }
  double now = now_seconds(ctx);
  if (instance->lifecycle_state.rfind("Terminat", 0) == 0) {
    validation(fmt::format("The instance {} is already being terminated.", id));
  }
  long capacity = in_capacity(*g);
  std::string cause =
      fmt::format("At {} instance {} was taken out of service in response to a user request", cause_time(now), id);
  cause += decrement ? fmt::format(", shrinking the capacity from {} to {}.", capacity, capacity - 1) : ".";
  if (decrement) {
    --g->desired;
  }
  Activity& a = begin_termination(ctx.store(), *g, *instance, cause, now);
  json::object out{{"Activity", activity_json(a, g->arn)}};
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, *g, now);
  return out;
}

json::value suspend_processes(aws::RequestContext& ctx, const json::object& input) {
  Group& g = require_group(ctx.store().autoscaling, string_member(input, "AutoScalingGroupName"));
  double now = now_seconds(ctx);
  for (auto& p : processes_of(input)) {
    if (!is_suspended(g, p)) {
      g.suspended_at[p] = now;
      g.suspended_processes.push_back(std::move(p));
    }
  }
  return json::object{};
}

json::value resume_processes(aws::RequestContext& ctx, const json::object& input) {
  Group& g = require_group(ctx.store().autoscaling, string_member(input, "AutoScalingGroupName"));
  for (const auto& p : processes_of(input)) {
    g.suspended_processes.erase(std::remove(g.suspended_processes.begin(), g.suspended_processes.end(), p),
                                g.suspended_processes.end());
    g.suspended_at.erase(p);
  }
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, g, now_seconds(ctx));
  return json::object{};
}

}  // namespace ecsemu::autoscaling

namespace ecsemu::autoscaling {

namespace {

// The instances named by InstanceIds, each a member of the group in `state` (ValidationError otherwise).
std::vector<GroupInstance*> members_in_state(Group& g, const std::vector<std::string>& ids, std::string_view state) {
  std::vector<GroupInstance*> out;
  for (const auto& id : ids) {
    GroupInstance* found = nullptr;
    for (auto& i : g.instances) {
      if (i.id == id) {
        found = &i;
      }
    }
    if (found == nullptr) {
      throw aws::ServiceError("ValidationError",
                              fmt::format("The instance {} is not part of Auto Scaling group {}.", id, g.name));
    }
    if (found->lifecycle_state != state) {
      throw aws::ServiceError("ValidationError", fmt::format("The instance {} is not in {}.", id, state));
    }
    out.push_back(found);
  }
  return out;
}

}  // namespace

json::value set_instance_health(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  std::string id(string_member(input, "InstanceId"));
  std::string health(string_member(input, "HealthStatus"));
  if (health != "Healthy" && health != "Unhealthy") {
    throw aws::ServiceError("ValidationError", "Valid values for HealthStatus are Healthy and Unhealthy.");
  }
  GroupInstance* instance = nullptr;
  Group* g = group_of_instance(state, id, &instance);
  if (g == nullptr) {
    throw aws::ServiceError("ValidationError",
                            fmt::format("Instance Id not found - No managed instance found for instance ID: {}", id));
  }
  const auto* respect = input.if_contains("ShouldRespectGracePeriod");
  bool respecting = respect == nullptr || !respect->is_bool() || respect->as_bool();
  double now = now_seconds(ctx);
  if (health == "Unhealthy" && respecting &&
      now < instance->launched + static_cast<double>(g->health_check_grace_period)) {
    return json::object{};  // still in its health check grace period: the report is ignored
  }
  instance->health_status = health;
  return json::object{};
}

json::value enter_standby(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  Group& g = require_group(state, string_member(input, "AutoScalingGroupName"));
  std::vector<std::string> ids = string_list(input, "InstanceIds");
  std::vector<GroupInstance*> members = members_in_state(g, ids, "InService");
  bool decrement = bool_member(input, "ShouldDecrementDesiredCapacity");
  long desired = desired_after_leaving(g, decrement, members.size());
  double now = now_seconds(ctx);
  long capacity = in_capacity(g);
  json::array activities;
  for (GroupInstance* i : members) {
    std::string cause =
        fmt::format("At {} instance {} was moved to standby in response to a user request", cause_time(now), i->id);
    cause += decrement ? fmt::format(", shrinking the capacity from {} to {}.", capacity, capacity - 1) : ".";
    --capacity;
    Activity& a = record_activity(state, g, fmt::format("Moving EC2 instance to Standby: {}", i->id), cause, now);
    i->lifecycle_state = "EnteringStandby";
    activities.push_back(activity_json(a, g.arn));
  }
  if (decrement) {
    g.desired = desired;
  } else {
    g.change_cause = "an instance was moved to standby in response to a user request";
    g.change_time = now;
  }
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, g, now);
  elbv2::mark_snapshot_changed(ctx);
  return json::object{{"Activities", std::move(activities)}};
}

json::value exit_standby(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  Group& g = require_group(state, string_member(input, "AutoScalingGroupName"));
  std::vector<std::string> ids = string_list(input, "InstanceIds");
  std::vector<GroupInstance*> members = members_in_state(g, ids, "Standby");
  long desired = g.desired + static_cast<long>(members.size());
  if (desired > g.max_size) {
    validation(fmt::format("Desired capacity:{} must be between the specified min size:{} and max size:{}", desired,
                           g.min_size, g.max_size));
  }
  double now = now_seconds(ctx);
  long capacity = in_capacity(g);
  json::array activities;
  for (GroupInstance* i : members) {
    std::string cause = fmt::format(
        "At {} instance {} was moved out of standby in response to a user request, increasing the capacity from {} "
        "to {}.",
        cause_time(now), i->id, capacity, capacity + 1);
    ++capacity;
    Activity& a = record_activity(state, g, fmt::format("Moving EC2 instance out of Standby: {}", i->id), cause, now,
                                  "PreInService");
    a.progress = 30;
    i->lifecycle_state = "Pending";
    i->activity_id = a.id;
    activities.push_back(activity_json(a, g.arn));
  }
  g.desired = desired;
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, g, now);
  elbv2::mark_snapshot_changed(ctx);
  return json::object{{"Activities", std::move(activities)}};
}

}  // namespace ecsemu::autoscaling
