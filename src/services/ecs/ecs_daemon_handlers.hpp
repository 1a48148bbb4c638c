#pragma once

// ECS daemons and daemon task definitions (ecs_daemon_handlers.cpp, ecs_daemon_deployment_handlers.cpp,
// ecs_daemon_task_definition_handlers.cpp).

#include "services/ecs/ecs_handlers.hpp"

namespace ecsemu::ecs {

value register_daemon_task_definition(aws::RequestContext& ctx, const object& input);
value describe_daemon_task_definition(aws::RequestContext& ctx, const object& input);
value list_daemon_task_definitions(aws::RequestContext& ctx, const object& input);
value delete_daemon_task_definition(aws::RequestContext& ctx, const object& input);

value create_daemon(aws::RequestContext& ctx, const object& input);
value update_daemon(aws::RequestContext& ctx, const object& input);
value delete_daemon(aws::RequestContext& ctx, const object& input);
value describe_daemon(aws::RequestContext& ctx, const object& input);
value list_daemons(aws::RequestContext& ctx, const object& input);

value describe_daemon_deployments(aws::RequestContext& ctx, const object& input);
value list_daemon_deployments(aws::RequestContext& ctx, const object& input);
value describe_daemon_revisions(aws::RequestContext& ctx, const object& input);

// Validation of a RegisterDaemonTaskDefinition request (family, containers, volumes, cpu/memory): throws
// ClientException / InvalidParameterException.
void validate_daemon_task_definition(const object& input);
// maxResults in [1, 100] (default `fallback`), else InvalidParameterException.
std::size_t daemon_page_size(const object& input, std::size_t fallback);

}  // namespace ecsemu::ecs
