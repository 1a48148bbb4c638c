// Container instances, capacity providers, attributes. Placeholder until implemented.
#include "services/ecs/ecs_handlers.hpp"
#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

Tags* find_container_instance_tags(EcsState& /*state*/, std::string_view /*id*/) { return nullptr; }
Tags* find_capacity_provider_tags(EcsState& /*state*/, std::string_view /*id*/) { return nullptr; }

void add_container_instance_counts(const EcsState& state, std::string_view cluster_arn, ClusterCounts& counts) {
  for (const auto& [id, instance] : state.container_instances.instances) {
    if (instance.cluster_arn == cluster_arn && instance.status != "INACTIVE") {
      ++counts.registered_container_instances;
    }
  }
}

void register_container_instance_operations(aws::OperationRegistry& /*registry*/) {}

}  // namespace ecsemu::ecs
