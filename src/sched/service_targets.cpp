#include "sched/service_targets.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace ecsemu::sched {

namespace {

using ecs::Task;

struct WantedTarget {
  std::string id;
  int port = 0;
  std::string availability_zone;
  std::string connect_host;
  Task* task = nullptr;
};

// Worse health wins: UNHEALTHY, then INITIAL, then HEALTHY.
int rank(const std::string& health) { return health == "UNHEALTHY" ? 2 : health == "INITIAL" ? 1 : 0; }

// The target a RUNNING task of the service is for one loadBalancers entry, if it has one yet.
std::optional<WantedTarget> target_of(const Pass& pass, const elbv2::TargetGroup& group, Task& task,
                                      const std::string& container_name, int container_port) {
  auto container = std::find_if(task.containers.begin(), task.containers.end(),
                                [&](const ecs::TaskContainer& c) { return c.name == container_name; });
  if (container == task.containers.end()) {
    return std::nullopt;
  }
  WantedTarget out;
  out.task = &task;
  out.availability_zone = task.availability_zone;
  if (group.target_type == "ip") {
    if (!task.eni || task.eni->private_ip.empty()) {
      return std::nullopt;
    }
    out.id = task.eni->private_ip;
    out.port = container_port;
    // The data plane reaches the task where its containers really are (its ENI's address when the runtime could
    // give it that address, else the address the runtime reported).
    if (!container->ip_address.empty() && container->ip_address != out.id) {
      out.connect_host = container->ip_address;
    }
    return out;
  }
  if (group.target_type != "instance") {
    return std::nullopt;
  }
  auto instance = pass.instances.find(task.container_instance_arn);
  if (instance == pass.instances.end() || instance->second->ec2_instance_id.empty()) {
    return std::nullopt;
  }
  auto binding = std::find_if(container->ports.begin(), container->ports.end(),
                              [&](const ecs::TaskPort& p) { return p.container_port == container_port; });
  if (binding == container->ports.end() || binding->host_port == 0) {
    return std::nullopt;
  }
  out.id = instance->second->ec2_instance_id;
  out.port = binding->host_port;
  return out;
}

std::string health_of(const elbv2::Elbv2State& elb, const elbv2::TargetGroup& group, const elbv2::Target& target) {
  elbv2::HealthView view = elbv2::target_health(elb, group, target);
  if (view.state == "unhealthy") {
    return "UNHEALTHY";
  }
  if (view.state == "initial") {
    return "INITIAL";
  }
  return "HEALTHY";  // healthy; unavailable (checks disabled) and unused count as passing
}

}  // namespace

bool sync_service_targets(Pass& pass, ecs::Service& service) {
  for (Task* t : pass.tasks) {
    t->lb_health.clear();
    t->lb_health_group.clear();
  }
  if (pass.elbv2 == nullptr || pass.elbv2->target_groups.empty()) {
    return false;  // no target group in the region: nothing to register, drain or read health from
  }
  elbv2::Elbv2State& elb = *pass.elbv2;
  const auto* lbs = service.launch.parameters.if_contains("loadBalancers");
  // Groups this service names now; its targets in any other group are deregistered.
  std::vector<std::string> named;
  bool changed = false;
  const double now = pass.now();
  if (lbs != nullptr && lbs->is_array() && service.status == "ACTIVE") {
    for (const auto& item : lbs->as_array()) {
      if (!item.is_object()) {
        continue;
      }
      const auto& entry = item.as_object();
      const auto* tg = entry.if_contains("targetGroupArn");
      const auto* name = entry.if_contains("containerName");
      const auto* port = entry.if_contains("containerPort");
      if (tg == nullptr || !tg->is_string() || name == nullptr || !name->is_string() || port == nullptr ||
          !port->is_int64()) {
        continue;
      }
      auto group_it = elb.target_groups.find(std::string(tg->as_string()));
      if (group_it == elb.target_groups.end()) {
        continue;  // the group was deleted after the service was created: nothing to register in
      }
      elbv2::TargetGroup& group = group_it->second;
      named.push_back(group.arn);
      std::vector<WantedTarget> wanted_targets;
      for (Task* t : pass.tasks) {
        if (t->state != ecs::TaskState::Running || t->desired_status == "STOPPED") {
          continue;
        }
        if (auto w = target_of(pass, group, *t, std::string(name->as_string()), static_cast<int>(port->as_int64()))) {
          wanted_targets.push_back(std::move(*w));
        }
      }
      // Register what is missing (a draining target of the same task comes back).
      for (auto& w : wanted_targets) {
        auto it = std::find_if(group.targets.begin(), group.targets.end(),
                               [&](const elbv2::Target& x) { return x.id == w.id && x.port == w.port; });
        if (it == group.targets.end()) {
          elbv2::Target target;
          target.id = w.id;
          target.port = w.port;
          target.availability_zone = w.availability_zone;
          target.registered_by = service.arn;
          target.connect_host = w.connect_host;
          group.targets.push_back(std::move(target));
          it = std::prev(group.targets.end());
          changed = true;
        } else if (it->registered_by == service.arn && (it->draining || it->connect_host != w.connect_host)) {
          it->draining = false;
          it->drain_started = 0;
          it->connect_host = w.connect_host;
          changed = true;
        }
        std::string health = health_of(elb, group, *it);
        if (w.task->lb_health.empty() || rank(health) > rank(w.task->lb_health)) {
          w.task->lb_health = health;
          w.task->lb_health_group = group.arn;
        }
      }
      // Deregister this service's targets whose task is no longer RUNNING and wanted.
      std::vector<std::pair<std::string, int>> gone;
      for (const auto& target : group.targets) {
        if (target.registered_by != service.arn || target.draining) {
          continue;
        }
        bool still = std::any_of(wanted_targets.begin(), wanted_targets.end(),
                                 [&](const WantedTarget& w) { return w.id == target.id && w.port == target.port; });
        if (!still) {
          gone.emplace_back(target.id, target.port);
        }
      }
      for (const auto& [id, p] : gone) {
        elbv2::begin_draining(elb, group, id, p, now);
        changed = true;
      }
    }
  }
  // Groups the service no longer names (or every group, once it is being deleted).
  for (auto& [arn, group] : elb.target_groups) {
    if (std::find(named.begin(), named.end(), arn) != named.end()) {
      continue;
    }
    std::vector<std::pair<std::string, int>> gone;
    for (const auto& target : group.targets) {
      if (target.registered_by == service.arn && !target.draining) {
        gone.emplace_back(target.id, target.port);
      }
    }
    for (const auto& [id, p] : gone) {
      elbv2::begin_draining(elb, group, id, p, now);
      changed = true;
    }
  }
  return changed;
}

bool lb_unhealthy(const Pass& pass, const ecs::Service& service, const ecs::Task& task) {
  if (task.lb_health != "UNHEALTHY" || task.state != ecs::TaskState::Running) {
    return false;
  }
  double grace = service.health_check_grace_period.value_or(0) * pass.time_scale;
  return task.started_at == 0 || pass.now() >= task.started_at + grace;
}

}  // namespace ecsemu::sched
