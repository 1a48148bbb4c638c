#pragma once

#include <string>
#include <string_view>

#include "services/autoscaling/autoscaling_model.hpp"

namespace ecsemu::state {
struct RegionStore;
}

namespace ecsemu::autoscaling {

// An existing EC2 instance joining a group (AttachInstances): it must be pending or running and in one of the
// group's zones. Throws ValidationError otherwise.
GroupInstance adopt_instance(state::RegionStore& store, const Group& group, std::string_view instance_id, double now);

// Starts an instance's termination: records the "Terminating EC2 instance" activity (in progress until EC2 reports
// the instance terminated), then waits on a termination lifecycle hook if the group has one, else asks EC2 to
// terminate it.
Activity& begin_termination(state::RegionStore& store, Group& group, GroupInstance& instance, std::string cause,
                            double now);

// Launches one instance of the group in `zone`; returns false (after recording a Failed activity) when EC2
// refused the launch.
bool launch_one(state::RegionStore& store, std::string_view account, std::string_view region, Group& group,
                const std::string& zone, const std::string& cause, double now);

}  // namespace ecsemu::autoscaling
