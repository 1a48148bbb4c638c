#pragma once

#include "services/ecs/ecs_handlers.hpp"

namespace ecsemu::ecs {

// Task definitions (ecs_task_definition_handlers.cpp)
aws::Operation register_task_definition, describe_task_definition, list_task_definitions, list_task_definition_families,
    deregister_task_definition, delete_task_definitions;

// Account settings (ecs_account_setting_handlers.cpp)
aws::Operation put_account_setting, put_account_setting_default, delete_account_setting, list_account_settings;

}  // namespace ecsemu::ecs
