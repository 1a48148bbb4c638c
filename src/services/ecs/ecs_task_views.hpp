#pragma once

#include <boost/json/object.hpp>

#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

// The API's Task shape; tags only when asked for (DescribeTasks include=TAGS; RunTask always shows them).
boost::json::object task_view(const Task& task, bool include_tags);
boost::json::object protected_task_view(const Task& task);

}  // namespace ecsemu::ecs
