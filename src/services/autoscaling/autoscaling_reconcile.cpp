#include "services/autoscaling/autoscaling_reconcile.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/autoscaling/autoscaling_ecs_scaling.hpp"
#include "services/autoscaling/autoscaling_instance_ops.hpp"
#include "services/autoscaling/autoscaling_planning.hpp"
#include "services/autoscaling/autoscaling_traffic.hpp"
#include "services/ec2/ec2_instances.hpp"
#include "services/ec2/ec2_launch_template_model.hpp"
#include "state/world.hpp"

namespace ecsemu::autoscaling {

namespace {

// A launch EC2 refused is retried after this long (each try records a Failed activity, as AWS does).
constexpr double kLaunchRetrySeconds = 10.0;

Activity* find_activity(AutoScalingState& state, const std::string& id) {
  if (id.empty()) {
    return nullptr;
  }
  for (auto& a : state.activities) {
    if (a.id == id) {
      return &a;
    }
  }
  return nullptr;
}

void finish_activity(AutoScalingState& state, GroupInstance& instance, double now) {
  if (Activity* a = find_activity(state, instance.activity_id)) {
    a->status_code = "Successful";
    a->progress = 100;
    a->end = now;
  }
  instance.activity_id.clear();
}

// "At T <change cause>.  " when the group has a pending reason for its capacity change.
std::string cause_prefix(const Group& g) {
  return g.change_cause.empty() ? std::string{} : fmt::format("At {} {}.  ", cause_time(g.change_time), g.change_cause);
}

// Follows one instance's EC2 state and lifecycle hooks. Returns false when the instance left the group.
bool follow_instance(state::RegionStore& store, Group& g, GroupInstance& i, double now) {
  AutoScalingState& state = store.autoscaling;
  const ec2::Instance* e = ec2::find_instance(store.ec2.instances, i.id);
  bool gone = e == nullptr || e->state == ec2::InstanceStateName::Terminated;
  bool dying = gone || e->state == ec2::InstanceStateName::ShuttingDown;
  bool stopped =
      !dying && (e->state == ec2::InstanceStateName::Stopping || e->state == ec2::InstanceStateName::Stopped);
  bool running = !dying && !stopped && e->state == ec2::InstanceStateName::Running;
  const std::string& s = i.lifecycle_state;

  if (s.rfind("Terminat", 0) == 0) {
    if (s.ends_with(":Wait") && now >= i.action_deadline) {
      i.lifecycle_state = "Terminating:Proceed";  // the hook's default result; termination goes on either way
    }
    if (i.lifecycle_state == "Terminating:Proceed" || (s == "Terminating:Wait" && dying)) {
      i.lifecycle_state = "Terminating";
      ec2::terminate_instance(store, i.id, now);
    }
    if (i.lifecycle_state == "Terminating" && gone) {
      finish_activity(state, i, now);
      return false;
    }
    return true;
  }
  if (dying || stopped) {
    // Terminated or stopped outside Auto Scaling: the health check takes it out of service; a replacement follows.
    finish_activity(state, i, now);
    i.health_status = "Unhealthy";
    std::string cause = fmt::format(
        "At {} an instance was taken out of service in response to an EC2 health check indicating it has been "
        "terminated or stopped.",
        cause_time(now));
    Activity& a = begin_termination(store, g, i, cause, now);
    if (gone) {
      a.status_code = "Successful";
      a.progress = 100;
      a.end = now;
      return false;
    }
    return true;
  }
  if (s == "InService" && i.health_status == "Unhealthy" && !is_suspended(g, "ReplaceUnhealthy")) {
    // Marked unhealthy (SetInstanceHealth): Auto Scaling terminates it and launches a replacement.
    std::string cause =
        fmt::format("At {} an instance was taken out of service in response to a user health-check.", cause_time(now));
    begin_termination(store, g, i, cause, now);
    return true;
  }
  if (s == "Standby" || s == "EnteringStandby") {
    if (s == "EnteringStandby") {
      i.lifecycle_state = "Standby";
    }
    return true;
  }
  if (s == "Pending" && running) {
    if (const LifecycleHook* hook = find_hook(g, "autoscaling:EC2_INSTANCE_LAUNCHING"); hook != nullptr) {
      i.lifecycle_state = "Pending:Wait";
      i.action_hook = hook->name;
      i.action_token = random_uuid();
      i.action_deadline = now + static_cast<double>(hook->heartbeat_timeout);
      i.action_result.clear();
    } else {
      i.lifecycle_state = "InService";
      finish_activity(state, i, now);
    }
  }
  if (i.lifecycle_state == "Pending:Wait" && now >= i.action_deadline) {
    const LifecycleHook* hook = nullptr;
    for (const auto& h : g.hooks) {
      if (h.name == i.action_hook) {
        hook = &h;
      }
    }
    i.lifecycle_state = "Pending:Proceed";
    i.action_result = hook != nullptr ? hook->default_result : "CONTINUE";
  }
  if (i.lifecycle_state == "Pending:Proceed") {
    if (i.action_result == "ABANDON") {
      if (Activity* a = find_activity(state, i.activity_id)) {
        a->status_code = "Cancelled";
        a->status_message = "Instance failed to complete user's Lifecycle Action: Lifecycle Action with token " +
                            i.action_token + " was abandoned: Lifecycle Action Completed with ABANDON Result";
        a->end = now;
      }
      i.activity_id.clear();
      i.lifecycle_state = "Terminating";
      ec2::terminate_instance(store, i.id, now);
      return true;
    }
    i.lifecycle_state = "InService";
    finish_activity(state, i, now);
  }
  return true;
}

// The version number the group's launch template resolves to now (empty without a template).
std::string current_template_version(state::RegionStore& store, const Group& g) {
  if (g.launch_template.id.empty()) {
    return {};
  }
  const ec2::LaunchTemplate* lt = store.launch_templates.find_by_id(g.launch_template.id);
  const ec2::LaunchTemplateVersion* v = lt == nullptr ? nullptr : ec2::find_version(*lt, g.launch_template.version);
  return v == nullptr ? std::string{} : std::to_string(v->number);
}

}  // namespace

std::vector<std::string> zones_of_subnets(state::RegionStore& store, const std::vector<std::string>& subnets) {
  std::vector<std::string> zones;
  std::string vpc;
  for (const auto& id : subnets) {
    const ec2::Subnet* s = ec2::find_subnet(store.ec2.network, id);
    if (s == nullptr) {
      throw aws::ServiceError("ValidationError", fmt::format("The subnet ID '{}' does not exist", id));
    }
    if (!vpc.empty() && s->vpc_id != vpc) {
      throw aws::ServiceError("ValidationError",
                              "The subnets specified in VPCZoneIdentifier must all belong to the same VPC.");
    }
    vpc = s->vpc_id;
    zones.push_back(s->availability_zone);
  }
  return zones;
}

bool reconcile_group(state::RegionStore& store, std::string_view account, std::string_view region, Group& g,
                     double now) {
  std::vector<GroupInstance> kept;
  for (std::size_t n = 0; n < g.instances.size(); ++n) {
    // follow_instance may record activities but never adds instances, so indexes stay valid.
    if (follow_instance(store, g, g.instances[n], now)) {
      kept.push_back(std::move(g.instances[n]));
    }
  }
  g.instances = std::move(kept);

  long capacity = in_capacity(g);
  if (capacity < g.desired && !is_suspended(g, "Launch") && now >= g.next_launch_attempt) {
    std::string prefix = cause_prefix(g);
    std::vector<std::string> planned;
    long target = g.desired;
    for (long have = capacity; have < target; ++have) {
      std::string zone = next_zone(g, planned);
      std::string cause = prefix + fmt::format(
                                       "At {} an instance was started in response to a difference between "
                                       "desired and actual capacity, increasing the capacity from {} to {}.",
                                       cause_time(now), capacity, target);
      if (!launch_one(store, account, region, g, zone, cause, now)) {
        g.next_launch_attempt = now + kLaunchRetrySeconds;
        break;
      }
      g.last_scaling = now;
    }
    g.change_cause.clear();
  } else if (capacity > g.desired && !is_suspended(g, "Terminate")) {
    std::string prefix = cause_prefix(g);
    for (const auto& id : select_for_scale_in(g, capacity - g.desired, current_template_version(store, g))) {
      auto it = std::find_if(g.instances.begin(), g.instances.end(), [&](const auto& i) { return i.id == id; });
      std::string cause = prefix + fmt::format(
                                       "At {} an instance was taken out of service in response to a "
                                       "difference between desired and actual capacity, shrinking the "
                                       "capacity from {} to {}.  At {} instance {} was selected for "
                                       "termination.",
                                       cause_time(now), capacity, g.desired, cause_time(now), id);
      begin_termination(store, g, *it, cause, now);
      g.last_scaling = now;
    }
    g.change_cause.clear();
  } else if (capacity == g.desired) {
    g.change_cause.clear();
  }
  return sync_traffic(store, g, now);
}

bool reconcile_all(state::World& world, double now) {
  bool targets_changed = false;
  world.for_each([&](const std::string& account, const std::string& region, state::RegionStore& store) {
    if (store.autoscaling.groups.empty()) {
      return;
    }
    apply_ecs_managed_scaling(store, now);
    for (auto& [name, group] : store.autoscaling.groups) {
      targets_changed = reconcile_group(store, account, region, group, now) || targets_changed;
    }
  });
  return targets_changed;
}

}  // namespace ecsemu::autoscaling
