// Service rules: identifiers, counts derived from tasks, and the deployment evaluation.
#include "services/ecs/ecs_service_model.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_map>

#include <fmt/format.h>

#include "aws/request_id.hpp"
#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

namespace {

std::mt19937_64& rng() {
  thread_local std::mt19937_64 engine(std::random_device{}());
  return engine;
}

struct ServiceTasks {
  TaskCounts total;
  std::unordered_map<std::string, TaskCounts> by_started_by;
};

void count_task(TaskCounts& counts, const Task& task) {
  if (task.last_status == "STOPPED") {
    return;
  }
  ++counts.live;
  if (task.last_status == "RUNNING") {
    ++counts.running;
    if (task.desired_status != "STOPPED") {
      ++counts.running_wanted;
      counts.last_started_at = std::max(counts.last_started_at, task.started_at);
      counts.lb_unready += !task.lb_health.empty() && task.lb_health != "HEALTHY" ? 1 : 0;
      double launched = std::max(task.created_at, task.pull_stopped_at);
      if (task.started_at > launched) {
        counts.slowest_start = std::max(counts.slowest_start, task.started_at - launched);
      }
    }
  } else if (task.last_status == "PROVISIONING" || task.last_status == "PENDING" || task.last_status == "ACTIVATING") {
    ++counts.pending;
  }
}

ServiceTasks collect_tasks(const EcsState& state, const Service& service) {
  ServiceTasks out;
  for (const auto& id : task_ids_in_group(state.tasks, service.cluster_arn, "service:" + service.name)) {
    const Task& task = state.tasks.tasks.at(id);
    count_task(out.total, task);
    count_task(out.by_started_by[task.started_by], task);
  }
  return out;
}

TaskCounts counts_for(const ServiceTasks& tasks, const std::string& id) {
  auto it = tasks.by_started_by.find(id);
  return it == tasks.by_started_by.end() ? TaskCounts{} : it->second;
}

Deployment* find_any_deployment(Service& service, std::string_view id) {
  for (auto* list : {&service.deployments, &service.history}) {
    for (auto& d : *list) {
      if (d.id == id) {
        return &d;
      }
    }
  }
  return nullptr;
}

void retire_older_deployments(Service& service, double now) {
  while (service.deployments.size() > 1) {
    Deployment old = std::move(service.deployments.back());
    service.deployments.pop_back();
    old.status = "INACTIVE";
    old.updated_at = now;
    service.history.insert(service.history.begin(), std::move(old));
  }
}

bool evaluate_primary(EcsState& state, Service& service, const ServiceTasks& tasks, double now) {
  Deployment& primary = service.deployments.front();
  if (primary.rollout_state != "IN_PROGRESS") {
    return false;
  }
  int desired = service.scheduling_strategy == "DAEMON" ? daemon_desired_count(state, service) : primary.desired_count;
  const auto* breaker = service.deployment_configuration.if_contains("deploymentCircuitBreaker");
  bool breaker_on = breaker != nullptr && breaker->is_object() && breaker->as_object().contains("enable") &&
                    breaker->as_object().at("enable") == true;
  bool rollback_on =
      breaker_on && breaker->as_object().contains("rollback") && breaker->as_object().at("rollback") == true;
  if (breaker_on && primary.failed_tasks >= circuit_breaker_threshold(desired)) {
    primary.rollout_state = "FAILED";
    primary.rollout_state_reason = "ECS deployment circuit breaker: tasks failed to start.";
    primary.updated_at = now;
    add_service_event(service, now,
                      fmt::format("(service {}) (deployment {}) deployment failed: tasks failed to start.",
                                  service.name, primary.id));
    Deployment* rolled = primary.rollback_of.empty() ? &primary : find_any_deployment(service, primary.rollback_of);
    if (!primary.rollback_of.empty()) {
      if (rolled != nullptr) {
        rolled->sd_status = "ROLLBACK_FAILED";
        rolled->finished_at = now;
      }
      return true;
    }
    // Rollback returns to the last deployment that completed.
    const Deployment* previous = nullptr;
    for (const auto* list : {&service.deployments, &service.history}) {
      for (const auto& d : *list) {
        if (previous == nullptr && &d != &primary && d.rollout_state == "COMPLETED") {
          previous = &d;
        }
      }
    }
    if (!rollback_on || previous == nullptr) {
      primary.sd_status = "STOPPED";
      primary.sd_status_reason = "Service deployment failed: the circuit breaker threshold was reached.";
      primary.stopped_at = now;
      primary.finished_at = now;
      return true;
    }
    std::string failed_id = primary.id;
    LaunchSpec launch = previous->launch;
    std::string previous_id = previous->id;
    primary.sd_status = "ROLLBACK_IN_PROGRESS";
    primary.rollback_to = previous_id;
    primary.rollback_reason = "Circuit breaker triggered: tasks failed to start.";
    primary.rollback_started_at = now;
    Deployment& rollback = start_deployment(service, std::move(launch), now);
    rollback.rollback_of = failed_id;
    rollback.listed = false;
    rollback.rollout_state_reason =
        fmt::format("ECS deployment circuit breaker: rolling back to deploymentId {}.", previous_id);
    add_service_event(service, now,
                      fmt::format("(service {}) rolling back to deployment {}.", service.name, previous_id));
    return true;
  }
  TaskCounts mine = counts_for(tasks, primary.id);
  int older_live = 0;
  for (std::size_t i = 1; i < service.deployments.size(); ++i) {
    older_live += counts_for(tasks, service.deployments[i].id).live;
  }
  // The tasks must have run for the settle time, counted from the newest start and from the deployment's last
  // failure, and never less than twice the slowest start: an engine slow to start containers is as slow to report
  // their exit, and a crashing task must not complete its deployment before the circuit breaker sees it fail.
  double settle = std::max(service.settle_seconds, 2 * mine.slowest_start);
  double settled_at = std::max(mine.last_started_at, primary.last_failure_at) + settle;
  if (mine.running_wanted != desired || mine.live != mine.running_wanted || older_live != 0 || mine.lb_unready != 0 ||
      (mine.running_wanted > 0 && now < settled_at)) {
    return false;
  }
  primary.rollout_state = "COMPLETED";
  primary.rollout_state_reason = fmt::format("ECS deployment {} completed.", primary.id);
  primary.updated_at = now;
  primary.finished_at = now;
  if (!primary.rollback_of.empty()) {
    if (Deployment* rolled = find_any_deployment(service, primary.rollback_of)) {
      rolled->sd_status = "ROLLBACK_SUCCESSFUL";
      rolled->finished_at = now;
    }
  } else if (primary.sd_status == "IN_PROGRESS" || primary.sd_status == "PENDING") {
    primary.sd_status = "SUCCESSFUL";
  }
  retire_older_deployments(service, now);
  add_service_event(service, now,
                    fmt::format("(service {}) (deployment {}) deployment completed.", service.name, primary.id));
  return true;
}

bool evaluate_task_sets(EcsState& state, Service& service, const ServiceTasks& tasks, double now) {
  bool changed = false;
  std::erase_if(service.task_sets, [&](const TaskSet& ts) {
    bool gone = ts.status == "DRAINING" && counts_for(tasks, ts.id).live == 0;
    changed |= gone;
    return gone;
  });
  for (auto& ts : service.task_sets) {
    TaskCounts counts = counts_for(tasks, ts.id);
    bool stable = counts.running == computed_desired_count(service, ts) && counts.pending == 0;
    std::string status = stable ? "STEADY_STATE" : "STABILIZING";
    if (status != ts.stability_status) {
      ts.stability_status = status;
      ts.stability_status_at = now;
      changed = true;
    }
  }
  (void)state;
  return changed;
}

}  // namespace

std::string service_arn(std::string_view region, std::string_view account, std::string_view cluster,
                        std::string_view name) {
  return fmt::format("arn:aws:ecs:{}:{}:service/{}/{}", region, account, cluster, name);
}

bool valid_service_name(std::string_view name) { return valid_cluster_name(name); }

std::string new_deployment_id() {
  std::uniform_int_distribution<std::uint64_t> dist(1000000000000000000ULL, 9999999999999999999ULL);
  return fmt::format("ecs-svc/{}", dist(rng()));
}

std::string new_service_deployment_id() {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  std::uniform_int_distribution<std::size_t> dist(0, kAlphabet.size() - 1);
  std::string out;
  for (int i = 0; i < 22; ++i) {
    out.push_back(kAlphabet[dist(rng())]);
  }
  return out;
}

namespace {
// "arn:aws:ecs:REGION:ACCOUNT:" + TYPE + "/CLUSTER/SERVICE/" + id, from a service ARN.
std::string service_child_arn(const Service& service, std::string_view type, std::string_view id) {
  auto pos = service.arn.find(":service/");
  return fmt::format("{}:{}/{}/{}", service.arn.substr(0, pos), type, service.arn.substr(pos + 9), id);
}
}  // namespace

std::string service_deployment_arn(const Service& service, const Deployment& deployment) {
  return service_child_arn(service, "service-deployment", deployment.service_deployment_id);
}

std::string service_revision_arn(const Service& service, std::string_view deployment_id) {
  auto slash = deployment_id.find('/');
  return service_child_arn(service, "service-revision",
                           slash == std::string_view::npos ? deployment_id : deployment_id.substr(slash + 1));
}

std::string task_set_arn(const Service& service, std::string_view task_set_id) {
  return service_child_arn(service, "task-set", task_set_id);
}

std::string service_name_from_identifier(std::string_view identifier) {
  if (identifier.rfind("arn:", 0) == 0) {
    auto pos = identifier.find(":service/");
    if (pos == std::string_view::npos || identifier.find(":ecs:") == std::string_view::npos) {
      return {};
    }
    identifier = identifier.substr(pos + 9);
    if (auto slash = identifier.rfind('/'); slash != std::string_view::npos) {
      identifier = identifier.substr(slash + 1);
    }
  }
  return std::string(identifier);
}

std::string cluster_name_from_service_arn(std::string_view identifier) {
  auto pos = identifier.find(":service/");
  if (identifier.rfind("arn:", 0) != 0 || pos == std::string_view::npos) {
    return {};
  }
  identifier = identifier.substr(pos + 9);
  auto slash = identifier.find('/');
  return slash == std::string_view::npos ? std::string() : std::string(identifier.substr(0, slash));
}

std::string services_prefix(std::string_view cluster_arn) {
  auto pos = cluster_arn.find(":cluster/");
  return fmt::format("{}:service/{}/", cluster_arn.substr(0, pos), cluster_arn.substr(pos + 9));
}

std::map<std::string, Service>::iterator services_begin(ServiceStore& store, std::string_view cluster_arn) {
  return store.services.lower_bound(services_prefix(cluster_arn));
}

std::map<std::string, Service>::const_iterator services_begin(const ServiceStore& store, std::string_view cluster_arn) {
  return store.services.lower_bound(services_prefix(cluster_arn));
}

Service* find_service(EcsState& state, std::string_view cluster_arn, std::string_view identifier) {
  std::string name = service_name_from_identifier(identifier);
  if (name.empty()) {
    return nullptr;
  }
  std::string cluster_part = cluster_name_from_service_arn(identifier);
  if (!cluster_part.empty() && cluster_arn.substr(cluster_arn.find(":cluster/") + 9) != cluster_part) {
    return nullptr;
  }
  // A service ARN of another account or Region never names a service here.
  if (identifier.rfind("arn:", 0) == 0 &&
      identifier.substr(0, identifier.find(":service/")) != cluster_arn.substr(0, cluster_arn.find(":cluster/"))) {
    return nullptr;
  }
  auto it = state.services.services.find(services_prefix(cluster_arn) + name);
  return it == state.services.services.end() ? nullptr : &it->second;
}

TaskCounts service_task_counts(const EcsState& state, const Service& service) {
  return collect_tasks(state, service).total;
}

TaskCounts started_by_counts(const EcsState& state, const Service& service, std::string_view id) {
  return counts_for(collect_tasks(state, service), std::string(id));
}

int daemon_desired_count(const EcsState& state, const Service& service) {
  if (service.status != "ACTIVE") {
    return 0;
  }
  int count = 0;
  for (const auto& [id, instance] : state.container_instances.instances) {
    if (instance.cluster_arn == service.cluster_arn && instance.status == "ACTIVE") {
      ++count;
    }
  }
  return count;
}

int computed_desired_count(const Service& service, const TaskSet& task_set) {
  if (task_set.status == "DRAINING") {
    return 0;
  }
  return static_cast<int>(std::ceil(service.desired_count * task_set.scale_value / 100.0 - 1e-9));
}

int circuit_breaker_threshold(int desired) { return std::clamp(static_cast<int>(std::ceil(desired * 0.5)), 3, 200); }

void add_service_event(Service& service, double now, std::string message) {
  service.events.insert(service.events.begin(), ServiceEvent{aws::new_request_id(), now, std::move(message)});
  if (service.events.size() > kMaxServiceEvents) {
    service.events.resize(kMaxServiceEvents);
  }
}

Deployment& start_deployment(Service& service, LaunchSpec launch, double now) {
  Deployment deployment;
  deployment.id = new_deployment_id();
  deployment.service_deployment_id = new_service_deployment_id();
  deployment.launch = std::move(launch);
  deployment.desired_count = service.desired_count;
  deployment.created_at = now;
  deployment.updated_at = now;
  deployment.rollout_state_reason = fmt::format("ECS deployment {} in progress.", deployment.id);
  deployment.deployment_configuration = service.deployment_configuration;
  for (auto& old : service.deployments) {
    old.status = "ACTIVE";
    old.updated_at = now;
    deployment.source_revision_ids.push_back(old.id);
    if (old.sd_status == "IN_PROGRESS" || old.sd_status == "PENDING") {
      old.sd_status = "STOPPED";
      old.sd_status_reason = "Service deployment superseded by a newer service deployment.";
      old.stopped_at = now;
      old.finished_at = now;
    }
  }
  service.launch = deployment.launch;
  service.steady = false;
  service.deployments.insert(service.deployments.begin(), std::move(deployment));
  return service.deployments.front();
}

const Deployment* find_deployment(const Service& service, std::string_view id) {
  for (const auto* list : {&service.deployments, &service.history}) {
    for (const auto& d : *list) {
      if (d.id == id) {
        return &d;
      }
    }
  }
  return nullptr;
}

bool evaluate_service(EcsState& state, Service& service, double now) {
  if (service.status == "INACTIVE") {
    return false;
  }
  ServiceTasks tasks = collect_tasks(state, service);
  bool changed = false;
  if (service.status == "DRAINING") {
    if (tasks.total.live == 0) {
      service.status = "INACTIVE";
      for (auto& d : service.deployments) {
        d.updated_at = now;
      }
      return true;
    }
    return false;
  }
  if (!service.deployments.empty()) {
    changed |= evaluate_primary(state, service, tasks, now);
  }
  changed |= evaluate_task_sets(state, service, tasks, now);
  int desired = service.scheduling_strategy == "DAEMON" ? daemon_desired_count(state, service) : service.desired_count;
  bool steady = false;
  if (service.controller == "ECS") {
    steady = service.deployments.size() == 1 && service.deployments.front().rollout_state == "COMPLETED" &&
             tasks.total.running_wanted == desired && tasks.total.live == desired;
  } else {
    steady = !service.task_sets.empty() &&
             std::all_of(service.task_sets.begin(), service.task_sets.end(),
                         [](const TaskSet& ts) { return ts.stability_status == "STEADY_STATE"; });
  }
  if (steady && !service.steady) {
    add_service_event(service, now, fmt::format("(service {}) has reached a steady state.", service.name));
    changed = true;
  }
  service.steady = steady;
  return changed;
}

void evaluate_services(EcsState& state, double now) {
  for (auto& [arn, service] : state.services.services) {
    evaluate_service(state, service, now);
  }
}

std::vector<DeploymentWant> scheduler_wants(const EcsState& state, std::string_view cluster_arn) {
  std::vector<DeploymentWant> out;
  std::string prefix = services_prefix(cluster_arn);
  for (auto it = services_begin(state.services, cluster_arn);
       it != state.services.services.end() && it->first.rfind(prefix, 0) == 0; ++it) {
    const Service& service = it->second;
    if (service.status == "INACTIVE") {
      continue;
    }
    bool active = service.status == "ACTIVE";
    for (const auto& d : service.deployments) {
      int desired = service.scheduling_strategy == "DAEMON" ? daemon_desired_count(state, service) : d.desired_count;
      out.push_back(
          {&service, d.id, "service:" + service.name, active ? desired : 0, d.status == "PRIMARY", &d.launch});
    }
    for (const auto& ts : service.task_sets) {
      out.push_back({&service, ts.id, "service:" + service.name, active ? computed_desired_count(service, ts) : 0,
                     ts.status == "PRIMARY", &ts.launch});
    }
  }
  return out;
}

}  // namespace ecsemu::ecs
