#pragma once

// Internals of the service scheduler shared by its replica, daemon and task-set parts (not an interface).

#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "services/ecs/ecs_model.hpp"
#include "services/ecs/ecs_task_launch.hpp"
#include "services/elbv2/elbv2_model.hpp"

namespace ecsemu::sched {

// The stop reasons the scheduler gives (stopCode ServiceSchedulerInitiated).
inline constexpr std::string_view kUnhealthyReason = "Task failed container health checks";
inline constexpr std::string_view kElbUnhealthyReason = "Task failed ELB health checks in (target-group {})";
inline constexpr std::string_view kDeploymentReason = "Scaling activity initiated by (deployment {})";
inline constexpr std::string_view kDrainingReason = "Container instance is draining";
inline constexpr std::string_view kDeregisteredReason = "Container instance was deregistered";

// One scheduling pass over one service.
struct Pass {
  ecs::EcsState& state;
  const ecs::Cluster& cluster;
  ecs::LaunchEnv env;
  double time_scale = 1.0;
  std::mt19937_64& rng;
  // The service's tasks (group "service:NAME" in its cluster), stopped ones included.
  std::vector<ecs::Task*> tasks;
  // The cluster's container instances that are not INACTIVE, by ARN.
  std::map<std::string, const ecs::ContainerInstance*> instances;
  // The region's load balancers (target groups of services with loadBalancers); null when there is none.
  elbv2::Elbv2State* elbv2 = nullptr;

  double now() const { return env.now; }
};

// A task the scheduler still counts: not STOPPED and not asked to stop.
bool wanted(const ecs::Task& task);
// Not yet STOPPED (asked to stop or not): what maximumPercent counts.
bool live(const ecs::Task& task);
// Has a container with a health check in its task definition.
bool has_health_check(const ecs::Task& task);
// RUNNING, and HEALTHY when it has a health check.
bool healthy(const ecs::Task& task);
// UNHEALTHY and past the service's healthCheckGracePeriodSeconds (scaled).
bool unhealthy(const Pass& pass, const ecs::Service& service, const ecs::Task& task);
// On a container instance that is not ACTIVE (DRAINING, deregistered or gone). Fargate tasks never are.
bool misplaced(const Pass& pass, const ecs::Task& task);
// Stopped (or stopping) by itself: an essential container exited, it failed to start, or it failed its health
// checks.
bool failed(const ecs::Task& task);
// Updates each deployment's failedTasks (never decreasing) from the failed tasks it started.
void record_failed_tasks(Pass& pass, ecs::Service& service);
// What both schedulers do first: record failed tasks and settle deployments from what the tasks did so far.
// False when there is nothing to schedule (no deployment yet, or the service is INACTIVE).
bool begin_schedule(Pass& pass, ecs::Service& service);

// Launches `count` tasks of `launch` for the service (at most 10 per call to the RunTask path), on `instance` when
// given (daemons). Adds the "has started" event, or the placement / launch failure event. Returns the new task ids.
std::vector<std::string> launch(Pass& pass, ecs::Service& service, const ecs::LaunchSpec& launch,
                                const std::string& started_by, int count, const std::string& instance = {});

// Asks the tasks to stop (stopCode ServiceSchedulerInitiated) and adds the "has stopped" event.
void stop(Pass& pass, ecs::Service& service, const std::vector<ecs::Task*>& tasks, std::string_view reason);

// Adds an event unless it repeats the newest one (ECS does not repeat a standing condition on every pass).
void add_event_once(ecs::Service& service, double now, std::string message);

// Whether the start-failure throttle lets the service launch now; reports the throttle event once per streak.
bool throttle_allows(Pass& pass, ecs::Service& service, const std::string& task_definition_arn);

// The parts for each kind of service.
void schedule_replica(Pass& pass, ecs::Service& service);
void schedule_daemon(Pass& pass, ecs::Service& service);
void schedule_task_sets(Pass& pass, ecs::Service& service);

}  // namespace ecsemu::sched
