#pragma once

// ECS operations, one function each, named after the operation (RunTask -> run_task).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::ecs {

using boost::json::object;
using boost::json::value;

// Clusters (ecs_cluster_handlers.cpp)
value create_cluster(aws::RequestContext& ctx, const object& input);
value describe_clusters(aws::RequestContext& ctx, const object& input);
value list_clusters(aws::RequestContext& ctx, const object& input);
value update_cluster(aws::RequestContext& ctx, const object& input);
value update_cluster_settings(aws::RequestContext& ctx, const object& input);
value put_cluster_capacity_providers(aws::RequestContext& ctx, const object& input);
value delete_cluster(aws::RequestContext& ctx, const object& input);

// Tags (ecs_tag_handlers.cpp)
value tag_resource(aws::RequestContext& ctx, const object& input);
value untag_resource(aws::RequestContext& ctx, const object& input);
value list_tags_for_resource(aws::RequestContext& ctx, const object& input);

// Each area registers its own operations (ecs_register.cpp calls them all).
void register_operations(aws::OperationRegistry& registry);
void register_task_definition_operations(aws::OperationRegistry& registry);
void register_container_instance_operations(aws::OperationRegistry& registry);
void register_task_operations(aws::OperationRegistry& registry);
void register_service_operations(aws::OperationRegistry& registry);
void register_daemon_operations(aws::OperationRegistry& registry);
void register_express_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::ecs
