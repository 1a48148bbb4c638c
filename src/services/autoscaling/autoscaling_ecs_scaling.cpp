#include "services/autoscaling/autoscaling_ecs_scaling.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "state/world.hpp"

namespace ecsemu::autoscaling {

namespace {

// The group a capacity provider's autoScalingGroupArn names (by ARN, else by the name at its end).
Group* group_of_provider(AutoScalingState& state, const std::string& arn) {
  for (auto& [name, g] : state.groups) {
    if (g.arn == arn) {
      return &g;
    }
  }
  auto slash = arn.rfind("autoScalingGroupName/");
  if (slash != std::string::npos) {
    auto it = state.groups.find(arn.substr(slash + 21));
    return it == state.groups.end() ? nullptr : &it->second;
  }
  return nullptr;
}

bool uses_provider(const ecs::Cluster& cluster, const std::string& provider) {
  return std::any_of(cluster.capacity_providers.begin(), cluster.capacity_providers.end(),
                     [&](const auto& v) { return v.is_string() && v.as_string() == provider; });
}

}  // namespace

void apply_ecs_managed_scaling(state::RegionStore& store, double now) {
  ecs::EcsState& ecs_state = store.ecs;
  for (const auto& [provider_name, provider] : ecs_state.container_instances.capacity_providers) {
    if (provider.status != "ACTIVE" || provider.managed_scaling_status != "ENABLED") {
      continue;
    }
    Group* g = group_of_provider(store.autoscaling, provider.auto_scaling_group_arn);
    if (g == nullptr || !g->status.empty()) {
      continue;
    }
    std::set<std::string> clusters;
    for (const auto& [name, cluster] : ecs_state.clusters) {
      if (cluster.status == "ACTIVE" && uses_provider(cluster, provider_name)) {
        clusters.insert(cluster.arn);
      }
    }
    // Which EC2 instances hold tasks (not stopped) of those clusters.
    std::set<std::string> busy_container_instances;
    std::map<std::string, long> service_tasks;  // "cluster\ngroup" -> tasks wanted running
    for (const auto& [id, task] : ecs_state.tasks.tasks) {
      if (clusters.count(task.cluster_arn) == 0 || task.desired_status == "STOPPED") {
        continue;
      }
      if (!task.container_instance_arn.empty()) {
        busy_container_instances.insert(task.container_instance_arn);
      }
      service_tasks[task.cluster_arn + '\n' + task.group] += 1;
    }
    std::set<std::string> busy_ec2;
    for (const auto& [id, ci] : ecs_state.container_instances.instances) {
      if (busy_container_instances.count(ci.arn) != 0) {
        busy_ec2.insert(ci.ec2_instance_id);
      }
    }
    long shortfall = 0;
    for (const auto& [arn, service] : ecs_state.services.services) {
      if (service.status == "ACTIVE" && clusters.count(service.cluster_arn) != 0) {
        long have = service_tasks[service.cluster_arn + '\n' + "service:" + service.name];
        shortfall += std::max(0L, static_cast<long>(service.desired_count) - have);
      }
    }
    long n = in_capacity(*g);
    long m = 0;
    for (auto& i : g->instances) {
      bool busy = busy_ec2.count(i.id) != 0;
      if (busy && i.lifecycle_state.rfind("Terminat", 0) != 0) {
        ++m;
      }
      if (provider.managed_termination_protection == "ENABLED" && i.lifecycle_state == "InService") {
        i.protected_from_scale_in = busy;
      }
    }
    if (shortfall > 0) {
      long step = std::clamp<long>(shortfall, provider.minimum_scaling_step_size, provider.maximum_scaling_step_size);
      // Instances still joining count as capacity being added: wait for them before stepping again.
      bool joining = std::any_of(g->instances.begin(), g->instances.end(),
                                 [](const GroupInstance& i) { return i.lifecycle_state.rfind("Pending", 0) == 0; });
      m = joining ? std::max(m, n) : std::max(m, n) + step;
    }
    long target = std::max<long>(1, provider.target_capacity);
    long desired = (m * 100 + target - 1) / target;
    desired = std::clamp(desired, g->min_size, g->max_size);
    if (desired != g->desired) {
      g->change_cause = fmt::format(
          "a user request update of AutoScalingGroup constraints to min: {}, max: {}, desired: {} changing the "
          "desired capacity from {} to {}",
          g->min_size, g->max_size, desired, g->desired, desired);
      g->change_time = now;
      g->desired = desired;
    }
  }
}

}  // namespace ecsemu::autoscaling
