// Task definitions (RegisterTaskDefinition, ...). Placeholder until implemented.
#include "services/ecs/ecs_handlers.hpp"
#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

Tags* find_task_definition_tags(EcsState& /*state*/, std::string_view /*id*/) { return nullptr; }

void register_task_definition_operations(aws::OperationRegistry& /*registry*/) {}

}  // namespace ecsemu::ecs
