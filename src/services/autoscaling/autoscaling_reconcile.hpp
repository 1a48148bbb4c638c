#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "services/autoscaling/autoscaling_model.hpp"

namespace ecsemu::state {
struct RegionStore;
class World;
}  // namespace ecsemu::state

namespace ecsemu::autoscaling {

// The availability zone of each subnet of a VPCZoneIdentifier list; throws ValidationError
// "The subnet ID '...' does not exist" for an unknown subnet.
std::vector<std::string> zones_of_subnets(state::RegionStore& store, const std::vector<std::string>& subnets);

// Brings one group towards its desired capacity: follows its instances' EC2 states (Pending -> InService,
// instances terminated or stopped outside Auto Scaling are replaced), launches instances balanced across its
// zones, scales in per its termination policies (protected instances kept), and applies lifecycle hooks. True when
// it changed the group's ELBv2 target registrations (the data plane then needs a new snapshot).
bool reconcile_group(state::RegionStore& store, std::string_view account, std::string_view region, Group& group,
                     double now);
// Every group of every account and region (the periodic tick), and ECS managed scaling. True when a group's
// ELBv2 target registrations changed.
bool reconcile_all(state::World& world, double now);

}  // namespace ecsemu::autoscaling
