#pragma once

#include <boost/json/object.hpp>

#include "services/ecs/ecs_task_definition_model.hpp"

namespace ecsemu::ecs {

// The TaskDefinition shape: the definition as registered plus what AWS computes and the defaults it fills.
boost::json::object task_definition_view(const TaskDefinition& definition);

}  // namespace ecsemu::ecs
