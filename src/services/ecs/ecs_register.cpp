#include "services/ecs/ecs_handlers.hpp"

namespace ecsemu::ecs {

void register_operations(aws::OperationRegistry& registry) {
  registry.add("ecs", "CreateCluster", &create_cluster);
  registry.add("ecs", "DescribeClusters", &describe_clusters);
  registry.add("ecs", "ListClusters", &list_clusters);
  registry.add("ecs", "UpdateCluster", &update_cluster);
  registry.add("ecs", "UpdateClusterSettings", &update_cluster_settings);
  registry.add("ecs", "PutClusterCapacityProviders", &put_cluster_capacity_providers);
  registry.add("ecs", "DeleteCluster", &delete_cluster);
  registry.add("ecs", "TagResource", &tag_resource);
  registry.add("ecs", "UntagResource", &untag_resource);
  registry.add("ecs", "ListTagsForResource", &list_tags_for_resource);
  register_task_definition_operations(registry);
  register_container_instance_operations(registry);
  register_task_operations(registry);
  register_service_operations(registry);
  register_daemon_operations(registry);
  register_express_operations(registry);
}

}  // namespace ecsemu::ecs
