#pragma once

#include "services/ecs/ecs_handlers.hpp"

namespace ecsemu::ecs {

// Container instances (ecs_container_instance_handlers.cpp)
aws::Operation register_container_instance, deregister_container_instance, describe_container_instances,
    list_container_instances, update_container_instances_state, update_container_agent;

// Attributes (ecs_attribute_handlers.cpp)
aws::Operation put_attributes, delete_attributes, list_attributes;

// Capacity providers (ecs_capacity_provider_handlers.cpp)
aws::Operation create_capacity_provider, update_capacity_provider, delete_capacity_provider,
    describe_capacity_providers;

// Agent-only calls and ExecuteCommand (ecs_agent_handlers.cpp)
aws::Operation discover_poll_endpoint, submit_task_state_change, submit_container_state_change,
    submit_attachment_state_changes, execute_command;

// Page limits shared by the handlers: maxResults within [1, max] (InvalidParameterException otherwise).
std::size_t page_limit(const object& input, std::size_t max, std::size_t fallback);

}  // namespace ecsemu::ecs
