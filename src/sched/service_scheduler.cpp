// The service scheduler: passes over services, and the REPLICA rolling-update rules.
#include "sched/service_scheduler.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "log.hpp"
#include "sched/service_pass.hpp"
#include "sched/service_rules.hpp"
#include "sched/service_targets.hpp"
#include "services/ecs/ecs_service_model.hpp"

namespace ecsemu::sched {

using ecs::Service;
using ecs::Task;

namespace {

int percent(const Service& service, std::string_view key, int fallback) {
  const auto* v = service.deployment_configuration.if_contains(key);
  return v != nullptr && v->is_int64() ? static_cast<int>(v->as_int64()) : fallback;
}

// "arn:aws:ecs:REGION:ACCOUNT:cluster/NAME" -> region, account.
ecs::LaunchEnv env_of(const ecs::Cluster& cluster, double now) {
  ecs::LaunchEnv env;
  env.now = now;
  std::string_view arn = cluster.arn;
  std::vector<std::string_view> parts;
  for (std::size_t start = 0, colon = 0; parts.size() < 6; start = colon + 1) {
    colon = arn.find(':', start);
    parts.push_back(arn.substr(start, colon == std::string_view::npos ? arn.npos : colon - start));
    if (colon == std::string_view::npos) {
      break;
    }
  }
  if (parts.size() >= 5) {
    env.region = std::string(parts[3]);
    env.account = std::string(parts[4]);
  }
  return env;
}

void schedule_service(Pass& pass, Service& service) {
  if (service.controller == "ECS") {
    if (service.scheduling_strategy == "DAEMON") {
      schedule_daemon(pass, service);
    } else {
      schedule_replica(pass, service);
    }
  } else {
    schedule_task_sets(pass, service);
  }
}

}  // namespace

void schedule_replica(Pass& pass, Service& service) {
  if (!begin_schedule(pass, service)) {
    return;
  }
  const bool active = service.status == "ACTIVE";
  const int desired = active ? service.desired_count : 0;
  ecs::Deployment& primary = service.deployments.front();
  if (active && primary.desired_count != desired) {
    primary.desired_count = desired;
    primary.updated_at = pass.now();
  }
  const RollingBounds bounds =
      rolling_bounds(desired, percent(service, "minimumHealthyPercent", 100), percent(service, "maximumPercent", 200));
  const bool primary_failed = primary.rollout_state == "FAILED";
  const std::string deployment_reason = fmt::format(fmt::runtime(kDeploymentReason), primary.id);

  // Unhealthy tasks go first: they count for nothing but maximumPercent.
  std::vector<Task*> sick;
  for (Task* t : pass.tasks) {
    if (wanted(*t) && unhealthy(pass, service, *t)) {
      sick.push_back(t);
    }
  }
  stop(pass, service, sick, kUnhealthyReason);
  // Tasks whose load-balancer targets fail their health checks, once the grace period is over.
  std::map<std::string, std::vector<Task*>> lb_sick;
  for (Task* t : pass.tasks) {
    if (wanted(*t) && lb_unhealthy(pass, service, *t)) {
      lb_sick[t->lb_health_group].push_back(t);
    }
  }
  for (const auto& [group, tasks] : lb_sick) {
    stop(pass, service, tasks, fmt::format(fmt::runtime(kElbUnhealthyReason), group));
  }

  int live_count = 0;
  int healthy_count = 0;
  std::vector<Task*> current;
  std::vector<Task*> obsolete;
  for (Task* t : pass.tasks) {
    if (!live(*t)) {
      continue;
    }
    ++live_count;
    if (!wanted(*t)) {
      continue;
    }
    healthy_count += healthy(*t) ? 1 : 0;
    (t->started_by == primary.id && !misplaced(pass, *t) ? current : obsolete).push_back(t);
  }

  // Start what the primary deployment misses, within maximumPercent and the start-failure throttle.
  if (active && !primary_failed) {
    int n = launch_allowance(desired, static_cast<int>(current.size()), live_count, bounds);
    if (n > 0 && throttle_allows(pass, service, primary.launch.task_definition_arn)) {
      launch(pass, service, primary.launch, primary.id, n);
    }
  }

  // Stop what is obsolete (older deployments, tasks on DRAINING or deregistered instances): tasks that are not
  // healthy at once, healthy ones only while minimumHealthyPercent stays met. A failed deployment (no rollback)
  // leaves the older tasks running.
  if (!active || !primary_failed) {
    std::stable_sort(obsolete.begin(), obsolete.end(), [&](const Task* a, const Task* b) {
      return std::make_tuple(healthy(*a), !misplaced(pass, *a), a->created_at) <
             std::make_tuple(healthy(*b), !misplaced(pass, *b), b->created_at);
    });
    int allowance = healthy_stop_allowance(healthy_count, bounds);
    std::map<std::string_view, std::vector<Task*>> by_reason;
    for (Task* t : obsolete) {
      if (healthy(*t)) {
        if (allowance == 0) {
          continue;
        }
        --allowance;
      }
      std::string_view reason = deployment_reason;
      if (misplaced(pass, *t)) {
        reason = pass.instances.count(t->container_instance_arn) != 0 ? kDrainingReason : kDeregisteredReason;
      }
      by_reason[reason].push_back(t);
    }
    for (const auto& [reason, tasks] : by_reason) {
      stop(pass, service, tasks, reason);
    }
  }

  // Scale in: more current tasks than desired.
  int excess = static_cast<int>(current.size()) - desired;
  if (excess > 0) {
    std::vector<Task*> chosen;
    if (!active) {
      chosen = current;  // a deleted service stops everything, protected or not
    } else {
      std::vector<StopCandidate> candidates;
      for (const Task* t : current) {
        bool is_protected =
            t->protection_enabled && (t->protection_expires_at == 0 || t->protection_expires_at > pass.now());
        candidates.push_back({t->id, t->availability_zone, t->container_instance_arn,
                              t->state == ecs::TaskState::Running, is_protected,
                              t->started_at != 0 ? t->started_at : t->created_at});
      }
      for (const auto& id : choose_scale_in(std::move(candidates), excess)) {
        chosen.push_back(&pass.state.tasks.tasks.at(id));
      }
    }
    stop(pass, service, chosen, deployment_reason);
  }

  // Older deployments' desiredCount follows the tasks they have left.
  for (std::size_t i = 1; i < service.deployments.size(); ++i) {
    auto& d = service.deployments[i];
    int left = static_cast<int>(std::count_if(pass.tasks.begin(), pass.tasks.end(),
                                              [&](const Task* t) { return t->started_by == d.id && wanted(*t); }));
    if (d.desired_count != left) {
      d.desired_count = left;
      d.updated_at = pass.now();
    }
  }
}

ServiceScheduler::ServiceScheduler(state::World& world, TaskReconciler& tasks, const Clock& clock, double time_scale)
    : world_(world), tasks_(tasks), clock_(clock), time_scale_(time_scale) {}

std::chrono::milliseconds ServiceScheduler::resync_period() const {
  auto ms = static_cast<long>(1000 * time_scale_);
  return std::chrono::milliseconds(std::clamp(ms, 20L, 1000L));
}

void ServiceScheduler::request(ecs::EcsState& state) {
  if (!post_) {
    schedule(state);
    return;
  }
  if (pass_pending_) {
    return;
  }
  pass_pending_ = true;
  post_([this] {
    pass_pending_ = false;
    resync();
  });
}

void ServiceScheduler::resync() {
  world_.for_each([this](const std::string&, const std::string&, state::RegionStore& store) { schedule(store.ecs); });
}

void ServiceScheduler::schedule(ecs::EcsState& state) {
  if (state.services.services.empty()) {
    return;
  }
  const double now = epoch_seconds(clock_.now());
  std::map<std::pair<std::string, std::string>, std::vector<Task*>> by_group;
  for (auto& [id, task] : state.tasks.tasks) {
    if (task.group.rfind("service:", 0) == 0) {
      by_group[{task.cluster_arn, task.group}].push_back(&task);
    }
  }
  std::map<std::string, const ecs::Cluster*> clusters;
  for (const auto& [name, cluster] : state.clusters) {
    clusters[cluster.arn] = &cluster;
  }
  bool any = false;
  bool targets_changed = false;
  for (auto& [arn, service] : state.services.services) {
    if (service.status == "INACTIVE") {
      continue;
    }
    auto cluster = clusters.find(service.cluster_arn);
    if (cluster == clusters.end()) {
      continue;
    }
    Pass pass{state, *cluster->second, env_of(*cluster->second, now), time_scale_, ecs::task_random(), {}, {}};
    if (state::RegionStore* store = world_.find(pass.env.account, pass.env.region)) {
      pass.env.ec2 = &store->ec2;
      pass.elbv2 = &store->elbv2;
    }
    pass.tasks = by_group[{service.cluster_arn, "service:" + service.name}];
    for (const auto& [id, instance] : state.container_instances.instances) {
      if (instance.cluster_arn == service.cluster_arn && instance.status != "INACTIVE") {
        pass.instances[instance.arn] = &instance;
      }
    }
    service.settle_seconds = kDeploymentSettleSeconds * time_scale_;
    try {
      // Targets before the pass (the rollout reads their health) and after it (tasks it stopped leave them).
      targets_changed |= sync_service_targets(pass, service);
      schedule_service(pass, service);
      targets_changed |= sync_service_targets(pass, service);
      ecs::evaluate_service(state, service, now);
    } catch (const std::exception& e) {
      log::warn("msg=\"service scheduling failed\" service={} error=\"{}\"", service.arn, e.what());
    }
    any = true;
  }
  if (any) {
    tasks_.reconcile(state);
  }
  if (targets_changed && targets_changed_) {
    targets_changed_();
  }
}

}  // namespace ecsemu::sched
