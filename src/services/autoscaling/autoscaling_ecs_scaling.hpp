#pragma once

namespace ecsemu::state {
struct RegionStore;
}

namespace ecsemu::autoscaling {

// ECS managed scaling: for every ACTIVE capacity provider with managed scaling ENABLED whose group exists, sets
// the group's desired capacity from the CapacityProviderReservation metric, as ECS documents it:
//   N = the group's instances, M = the instances needed;
//   desired = ceil(M * 100 / targetCapacity), kept within the group's min and max.
// M counts the group instances that hold at least one task of a cluster using the provider; when ACTIVE
// services of those clusters want more tasks than they have, M grows by minimumScalingStepSize beyond N
// (bounded by maximumScalingStepSize), and the next evaluation sees whether that was enough. With managed
// termination protection ENABLED, instances that hold tasks are protected from scale in.
// Limits: task sizes are not bin-packed to estimate M; RunTask requests that failed for lack of capacity are
// not remembered (only services' shortfalls drive scale out); the instance warm-up period is not applied.
void apply_ecs_managed_scaling(state::RegionStore& store, double now);

}  // namespace ecsemu::autoscaling
