#pragma once

// ECS daemons and daemon task definitions (ecs_daemon_handlers.cpp, ecs_daemon_deployment_handlers.cpp,
// ecs_daemon_task_definition_handlers.cpp).

#include "services/ecs/ecs_handlers.hpp"

namespace ecsemu::ecs {

aws::Operation register_daemon_task_definition, describe_daemon_task_definition, list_daemon_task_definitions,
    delete_daemon_task_definition;

aws::Operation create_daemon, update_daemon, delete_daemon, describe_daemon, list_daemons;

aws::Operation describe_daemon_deployments, list_daemon_deployments, describe_daemon_revisions;

// Validation of a RegisterDaemonTaskDefinition request (family, containers, volumes, cpu/memory): throws
// ClientException / InvalidParameterException.
void validate_daemon_task_definition(const object& input);
// maxResults in [1, 100] (default `fallback`), else InvalidParameterException.
std::size_t daemon_page_size(const object& input, std::size_t fallback);

}  // namespace ecsemu::ecs
