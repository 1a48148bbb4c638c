#pragma once

#include "services/ecs/ecs_handlers.hpp"

namespace ecsemu::ecs {

// Container instances (ecs_container_instance_handlers.cpp)
value register_container_instance(aws::RequestContext& ctx, const object& input);
value deregister_container_instance(aws::RequestContext& ctx, const object& input);
value describe_container_instances(aws::RequestContext& ctx, const object& input);
value list_container_instances(aws::RequestContext& ctx, const object& input);
value update_container_instances_state(aws::RequestContext& ctx, const object& input);
value update_container_agent(aws::RequestContext& ctx, const object& input);

// Attributes (ecs_attribute_handlers.cpp)
value put_attributes(aws::RequestContext& ctx, const object& input);
value delete_attributes(aws::RequestContext& ctx, const object& input);
value list_attributes(aws::RequestContext& ctx, const object& input);

// Capacity providers (ecs_capacity_provider_handlers.cpp)
value create_capacity_provider(aws::RequestContext& ctx, const object& input);
value update_capacity_provider(aws::RequestContext& ctx, const object& input);
value delete_capacity_provider(aws::RequestContext& ctx, const object& input);
value describe_capacity_providers(aws::RequestContext& ctx, const object& input);

// Agent-only calls and ExecuteCommand (ecs_agent_handlers.cpp)
value discover_poll_endpoint(aws::RequestContext& ctx, const object& input);
value submit_task_state_change(aws::RequestContext& ctx, const object& input);
value submit_container_state_change(aws::RequestContext& ctx, const object& input);
value submit_attachment_state_changes(aws::RequestContext& ctx, const object& input);
value execute_command(aws::RequestContext& ctx, const object& input);

// Page limits shared by the handlers: maxResults within [1, max] (InvalidParameterException otherwise).
std::size_t page_limit(const object& input, std::size_t max, std::size_t fallback);

}  // namespace ecsemu::ecs
