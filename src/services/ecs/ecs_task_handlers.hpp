#pragma once

// Task operations (ecs_task_handlers.cpp).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::ecs {

aws::Operation run_task, start_task, stop_task, describe_tasks, list_tasks, get_task_protection, update_task_protection;

}  // namespace ecsemu::ecs
