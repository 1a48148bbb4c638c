#pragma once

// The dependsOn planner (START, COMPLETE, SUCCESS, HEALTHY), as the ECS agent resolves container ordering
// (agent/engine/dependencygraph): a pure function of the task's containers and what is known of them, so the
// runtime asks it after every change and unit tests need no Docker. Links and volumesFrom imply a START
// dependency, as in the agent.

#include <optional>
#include <string>
#include <vector>

#include "ecsemu/runtime/container_runtime.hpp"

namespace ecsemu::runtime {

// What is known of one container of the task.
struct ContainerProgress {
  enum class Phase { NotStarted, Running, Exited };
  enum class Health { Unknown, Healthy, Unhealthy };
  Phase phase = Phase::NotStarted;
  Health health = Health::Unknown;
  std::optional<int> exit_code;  // when Exited (absent: it never ran)
  double started_at = 0;         // seconds, any epoch; 0 = never started
  bool ever_healthy = false;     // passed its health check at least once
};

// A container whose dependency can never be met: it never starts, and the task stops.
struct BlockedContainer {
  std::string container;
  std::string dependency;
  std::string condition;
  std::string reason;  // the ECS agent's dependency-graph error text
};

struct DependsOnPlan {
  std::vector<std::string> startable;  // not started, every dependency met: start these now (in task order)
  std::vector<BlockedContainer> blocked;
  // A container waits on a dependency with a startTimeout: ask again at this time (same epoch as started_at).
  std::optional<double> next_deadline;
};

// progress is indexed like containers. now is in the same epoch as ContainerProgress::started_at.
DependsOnPlan plan_starts(const std::vector<ContainerSpec>& containers, const std::vector<ContainerProgress>& progress,
                          double now);

// The order to stop a task's containers: a container stops before the containers it depends on (the reverse of
// dependsOn, links and volumesFrom), as the agent does. Containers in one wave may stop together.
std::vector<std::vector<std::string>> stop_waves(const std::vector<ContainerSpec>& containers);

}  // namespace ecsemu::runtime
