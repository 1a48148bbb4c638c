#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "services/autoscaling/autoscaling_model.hpp"

namespace ecsemu::autoscaling {

// The zone a new instance goes to: the group zone with the fewest in-capacity instances (ties: the first in
// the group's order), counting the ones already planned in `planned`.
std::string next_zone(const Group& group, const std::vector<std::string>& planned);

// The ids of `count` in-service instances to terminate when scaling in, per the group's termination policies
// (Default: the zone with the most instances, then the oldest launch template/configuration, then the oldest
// instance; OldestInstance; NewestInstance; OldestLaunchConfiguration; OldestLaunchTemplate). Instances
// protected from scale in are never chosen. `current_version` is the version number the group's launch template
// resolves to now (instances record the number they were launched from); empty when unknown.
std::vector<std::string> select_for_scale_in(const Group& group, long count, std::string_view current_version = {});

}  // namespace ecsemu::autoscaling
