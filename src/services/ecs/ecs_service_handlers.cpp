// Services (CreateService, ...). Placeholder until implemented.
#include "services/ecs/ecs_handlers.hpp"
#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

Tags* find_service_tags(EcsState& /*state*/, std::string_view /*id*/) { return nullptr; }
Tags* find_task_set_tags(EcsState& /*state*/, std::string_view /*id*/) { return nullptr; }

void add_service_counts(const EcsState& state, std::string_view cluster_arn, ClusterCounts& counts) {
  for (const auto& [arn, service] : state.services.services) {
    if (service.cluster_arn == cluster_arn && service.status == "ACTIVE") {
      ++counts.active_services;
    }
  }
}

void register_service_operations(aws::OperationRegistry& /*registry*/) {}

}  // namespace ecsemu::ecs
