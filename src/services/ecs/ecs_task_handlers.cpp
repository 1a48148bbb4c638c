// Tasks (RunTask, ...). Placeholder until implemented.
#include "services/ecs/ecs_handlers.hpp"
#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

Tags* find_task_tags(EcsState& /*state*/, std::string_view /*id*/) { return nullptr; }

Reservation reserved_on_instance(const EcsState& /*state*/, std::string_view /*container_instance_arn*/) {
  return {};
}

void add_task_counts(const EcsState& state, std::string_view cluster_arn, ClusterCounts& counts) {
  for (const auto& [id, task] : state.tasks.tasks) {
    if (task.cluster_arn != cluster_arn) {
      continue;
    }
    if (task.last_status == "RUNNING") {
      ++counts.running_tasks;
    } else if (task.last_status != "STOPPED") {
      ++counts.pending_tasks;
    }
  }
}

void register_task_operations(aws::OperationRegistry& /*registry*/) {}

}  // namespace ecsemu::ecs
