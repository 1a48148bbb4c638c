#pragma once

#include "services/ecs/ecs_handlers.hpp"

namespace ecsemu::ecs {

// Task definitions (ecs_task_definition_handlers.cpp)
value register_task_definition(aws::RequestContext& ctx, const object& input);
value describe_task_definition(aws::RequestContext& ctx, const object& input);
value list_task_definitions(aws::RequestContext& ctx, const object& input);
value list_task_definition_families(aws::RequestContext& ctx, const object& input);
value deregister_task_definition(aws::RequestContext& ctx, const object& input);
value delete_task_definitions(aws::RequestContext& ctx, const object& input);

// Account settings (ecs_account_setting_handlers.cpp)
value put_account_setting(aws::RequestContext& ctx, const object& input);
value put_account_setting_default(aws::RequestContext& ctx, const object& input);
value delete_account_setting(aws::RequestContext& ctx, const object& input);
value list_account_settings(aws::RequestContext& ctx, const object& input);

}  // namespace ecsemu::ecs
