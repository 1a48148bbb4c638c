#pragma once

// ECS operations, one function each, named after the operation (RunTask -> run_task).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::ecs {

using boost::json::object;
using boost::json::value;

// Clusters (ecs_cluster_handlers.cpp)
aws::Operation create_cluster, describe_clusters, list_clusters, update_cluster, update_cluster_settings,
    put_cluster_capacity_providers, delete_cluster;

// Tags (ecs_tag_handlers.cpp)
aws::Operation tag_resource, untag_resource, list_tags_for_resource;

// Each area registers its own operations (ecs_register.cpp calls them all).
void register_operations(aws::OperationRegistry& registry);
void register_task_definition_operations(aws::OperationRegistry& registry);
void register_container_instance_operations(aws::OperationRegistry& registry);
void register_task_operations(aws::OperationRegistry& registry);
void register_service_operations(aws::OperationRegistry& registry);
void register_daemon_operations(aws::OperationRegistry& registry);
void register_express_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::ecs
