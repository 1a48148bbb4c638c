// The service scheduler's shared steps: how it sees tasks, how it launches and stops them, its events.
#include "sched/service_pass.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "sched/service_rules.hpp"
#include "sched/task_reconciler.hpp"

namespace ecsemu::sched {

namespace json = boost::json;
using ecs::Service;
using ecs::Task;
using ecs::TaskState;

namespace {

// What RunTask would be asked for this service's deployment or task set.
ecs::LaunchRequest request_of(const Service& service, const ecs::LaunchSpec& launch) {
  ecs::LaunchRequest r;
  r.task_definition = launch.task_definition_arn;
  r.launch_type = launch.launch_type;
  ecs::read_launch_parameters(launch.parameters, r);
  if (r.has_capacity_provider_strategy) {
    r.launch_type.clear();
  }
  ecs::read_placement(&service.placement_constraints, &service.placement_strategy, r);
  if (service.propagate_tags == "SERVICE") {
    r.tags = service.tags;
  } else if (service.propagate_tags == "TASK_DEFINITION") {
    r.propagate_tags = "TASK_DEFINITION";
  }
  r.enable_ecs_managed_tags = service.enable_ecs_managed_tags;
  if (service.enable_ecs_managed_tags) {
    ecs::merge_tags(r.tags, {{"aws:ecs:serviceName", service.name}});
  }
  r.enable_execute_command = service.enable_execute_command;
  return r;
}

std::string task_list(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    out += fmt::format("{}(task {})", out.empty() ? "" : " ", id);
  }
  return out;
}

std::string closest_match(const ecs::PlacementFailure& failure) {
  std::string id = failure.arn.substr(failure.arn.rfind('/') + 1);
  std::string what;
  if (failure.reason == "RESOURCE:MEMORY") {
    what = "has insufficient memory available";
  } else if (failure.reason == "RESOURCE:CPU") {
    what = "has insufficient CPU units available";
  } else if (failure.reason.rfind("RESOURCE:PORTS", 0) == 0) {
    what = "is already using a port required by your task";
  } else {
    what = fmt::format("encountered error \"{}\"", failure.reason);
  }
  return fmt::format("The closest matching (container-instance {}) {}.", id, what);
}

}  // namespace

bool wanted(const Task& task) { return task.state != TaskState::Stopped && task.desired_status != "STOPPED"; }

bool live(const Task& task) { return task.state != TaskState::Stopped; }

// Task health counts the essential containers with a health check (ecs::task_health_status).
bool has_health_check(const Task& task) {
  return std::any_of(task.containers.begin(), task.containers.end(),
                     [](const ecs::TaskContainer& c) { return c.essential && c.has_health_check; });
}

bool healthy(const Task& task) {
  if (task.state != TaskState::Running || task.desired_status == "STOPPED" || task.health_status == "UNHEALTHY") {
    return false;
  }
  if (!task.lb_health.empty() && task.lb_health != "HEALTHY") {
    return false;  // its load-balancer targets have not passed their health checks (yet)
  }
  return !has_health_check(task) || task.health_status == "HEALTHY";
}

bool unhealthy(const Pass& pass, const Service& service, const Task& task) {
  if (task.health_status != "UNHEALTHY" || task.state != TaskState::Running) {
    return false;
  }
  double grace = service.health_check_grace_period.value_or(0) * pass.time_scale;
  return task.started_at == 0 || pass.now() >= task.started_at + grace;
}

bool misplaced(const Pass& pass, const Task& task) {
  if (task.container_instance_arn.empty()) {
    return false;
  }
  auto it = pass.instances.find(task.container_instance_arn);
  return it == pass.instances.end() || it->second->status != "ACTIVE";
}

bool failed(const Task& task) {
  if (task.desired_status != "STOPPED") {
    return false;
  }
  return task.stop_code == "EssentialContainerExited" || task.stop_code == "TaskFailedToStart" ||
         task.stopped_reason == kUnhealthyReason || task.stopped_reason.rfind("Task failed ELB health checks", 0) == 0;
}

bool begin_schedule(Pass& pass, Service& service) {
  if (service.deployments.empty()) {
    return false;
  }
  record_failed_tasks(pass, service);
  // Completes, fails or rolls back deployments from what the tasks did so far.
  ecs::evaluate_service(pass.state, service, pass.now());
  return service.status != "INACTIVE";
}

void record_failed_tasks(Pass& pass, Service& service) {
  for (auto& d : service.deployments) {
    int failures = static_cast<int>(std::count_if(pass.tasks.begin(), pass.tasks.end(),
                                                  [&](const Task* t) { return t->started_by == d.id && failed(*t); }));
    if (failures > d.failed_tasks) {
      d.failed_tasks = failures;
      d.last_failure_at = pass.now();
    }
  }
}

void add_event_once(Service& service, double now, std::string message) {
  if (!service.events.empty() && service.events.front().message == message) {
    return;
  }
  ecs::add_service_event(service, now, std::move(message));
}

std::vector<std::string> launch(Pass& pass, Service& service, const ecs::LaunchSpec& spec,
                                const std::string& started_by, int count, const std::string& instance) {
  std::vector<std::string> started;
  if (count <= 0) {
    return started;
  }
  ecs::LaunchRequest request = request_of(service, spec);
  if (!instance.empty()) {
    request.explicit_instances = true;
    request.container_instances = {instance};
  }
  std::string problem;
  while (count > 0) {
    request.count = std::min(count, 10);
    ecs::LaunchOutcome outcome;
    try {
      outcome =
          ecs::launch_service_tasks(pass.state, pass.cluster, pass.env, service.name, started_by, request, pass.rng);
    } catch (const aws::ServiceError& e) {
      if (e.message() == "No Container Instances were found in your cluster.") {
        problem = fmt::format(
            "(service {}) was unable to place a task because no container instance met all of its requirements. "
            "Reason: No Container Instances were found in your cluster. For more information, see the "
            "Troubleshooting section.",
            service.name);
      } else {
        problem = fmt::format("(service {}) failed to launch a task with (error {}).", service.name, e.message());
      }
      break;
    }
    started.insert(started.end(), outcome.task_ids.begin(), outcome.task_ids.end());
    if (static_cast<int>(outcome.task_ids.size()) < request.count) {
      problem = fmt::format(
          "(service {}) was unable to place a task because no container instance met all of its requirements. {} "
          "For more information, see the Troubleshooting section.",
          service.name,
          outcome.failures.empty() ? std::string("Reason: No Container Instances were found in your cluster.")
                                   : closest_match(outcome.failures.front()));
      break;
    }
    count -= request.count;
  }
  if (!started.empty()) {
    ecs::add_service_event(
        service, pass.now(),
        fmt::format("(service {}) has started {} tasks: {}.", service.name, started.size(), task_list(started)));
    for (const auto& id : started) {
      pass.tasks.push_back(&pass.state.tasks.tasks.at(id));
    }
  }
  if (!problem.empty()) {
    add_event_once(service, pass.now(), std::move(problem));
  }
  return started;
}

void stop(Pass& pass, Service& service, const std::vector<Task*>& tasks, std::string_view reason) {
  std::vector<std::string> ids;
  for (Task* task : tasks) {
    if (task->desired_status != "STOPPED") {
      ecs::stop_service_task(*task, reason);
      ids.push_back(task->id);
    }
  }
  if (!ids.empty()) {
    ecs::add_service_event(
        service, pass.now(),
        fmt::format("(service {}) has stopped {} running tasks: {}.", service.name, ids.size(), task_list(ids)));
  }
}

bool throttle_allows(Pass& pass, Service& service, const std::string& task_definition_arn) {
  std::vector<TaskRecord> records;
  for (const Task* task : pass.tasks) {
    if (task->task_definition_arn == task_definition_arn) {
      // A task asked to stop counts from that moment (its replacement may start before it has stopped).
      double ended = 0;
      if (task->state == TaskState::Stopped) {
        ended = task->stopped_at;
      } else if (task->desired_status == "STOPPED") {
        ended = task->stopping_at != 0 ? task->stopping_at : pass.now();
      }
      records.push_back({task->started_at, ended, failed(*task)});
    }
  }
  ThrottleState throttle = throttle_state(records, pass.now(), pass.time_scale);
  if (throttle.failures >= kThrottleEventFailures && service.throttle_event_streak != throttle.streak_started) {
    service.throttle_event_streak = throttle.streak_started;
    ecs::add_service_event(
        service, pass.now(),
        fmt::format("(service {}) is unable to consistently start tasks successfully.", service.name));
  }
  return pass.now() >= throttle.next_launch_at;
}

}  // namespace ecsemu::sched
