#include "services/autoscaling/autoscaling_model.hpp"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_task_launch.hpp"

namespace ecsemu::autoscaling {

bool counts_in_capacity(const GroupInstance& i) {
  const std::string& s = i.lifecycle_state;
  return s.rfind("Terminat", 0) != 0 && s.rfind("Detach", 0) != 0 && s != "Standby" && s != "EnteringStandby";
}

long in_capacity(const Group& group) {
  return std::count_if(group.instances.begin(), group.instances.end(), &counts_in_capacity);
}

std::vector<std::string> traffic_of_type(const Group& group, std::string_view type) {
  std::vector<std::string> out;
  for (const auto& t : group.traffic_sources) {
    if (t.type == type) {
      out.push_back(t.identifier);
    }
  }
  return out;
}

bool is_suspended(const Group& group, std::string_view process) {
  return std::find(group.suspended_processes.begin(), group.suspended_processes.end(), process) !=
         group.suspended_processes.end();
}

const LifecycleHook* find_hook(const Group& group, std::string_view transition) {
  for (const auto& hook : group.hooks) {
    if (hook.transition == transition) {
      return &hook;
    }
  }
  return nullptr;
}

std::string random_uuid() {
  std::string hex = ecs::random_hex(ecs::task_random(), 32);
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4), hex.substr(16, 4),
                     hex.substr(20, 12));
}

Group& require_group(AutoScalingState& state, std::string_view name) {
  auto it = state.groups.find(std::string(name));
  if (it == state.groups.end()) {
    throw aws::ServiceError("ValidationError",
                            fmt::format("AutoScalingGroup name not found - AutoScalingGroup {} not found", name));
  }
  return it->second;
}

Group* group_of_instance(AutoScalingState& state, std::string_view instance_id, GroupInstance** instance) {
  for (auto& [name, group] : state.groups) {
    for (auto& i : group.instances) {
      if (i.id == instance_id) {
        if (instance != nullptr) {
          *instance = &i;
        }
        return &group;
      }
    }
  }
  return nullptr;
}

std::string cause_time(double seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Activity& record_activity(AutoScalingState& state, const Group& group, std::string description, std::string cause,
                          double now, std::string status) {
  Activity a;
  a.id = random_uuid();
  a.group_name = group.name;
  a.description = std::move(description);
  a.cause = std::move(cause);
  a.status_code = std::move(status);
  a.start = now;
  a.end = a.status_code == "InProgress" ? 0 : now;
  a.progress = a.status_code == "InProgress" ? 0 : 100;
  a.details = "{}";
  state.activities.push_front(std::move(a));
  if (state.activities.size() > kMaxActivities) {
    state.activities.pop_back();
  }
  return state.activities.front();
}

}  // namespace ecsemu::autoscaling
