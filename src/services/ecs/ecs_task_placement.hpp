#pragma once

#include <random>
#include <string>
#include <vector>

#include "services/ecs/ecs_model.hpp"
#include "services/ecs/ecs_placement.hpp"
#include "services/ecs/ecs_task_launch.hpp"

namespace ecsemu::ecs {

// Chooses a container instance for each task to launch like `proto` (RunTask: request.count tasks by the
// placement engine; StartTask: one per named instance). Appends one ARN per placed task to `placements` and the
// reasons the others did not fit to `failures`. Throws InvalidParameterException when the cluster has no
// ACTIVE container instance or a memberOf expression is malformed.
void place_on_instances(EcsState& state, const Cluster& cluster, const Task& proto, const LaunchRequest& request,
                        std::mt19937_64& rng, std::vector<std::string>& placements,
                        std::vector<PlacementFailure>& failures);

}  // namespace ecsemu::ecs
