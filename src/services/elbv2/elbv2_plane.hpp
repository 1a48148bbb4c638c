#pragma once

// Between the ELBv2 model and the load-balancer data plane (src/proxy): the snapshot the state strand publishes
// after every change, and the health results and draining expiry that come back.

#include <memory>
#include <vector>

#include "proxy/lb_snapshot.hpp"

namespace ecsemu::aws {
struct RequestContext;
}  // namespace ecsemu::aws

namespace ecsemu::state {
class World;
}  // namespace ecsemu::state

namespace ecsemu::elbv2 {

// Every listener of every account and region with its rules (priority order, default last) and every target
// group a listener or rule forwards to, with its registered targets that may get traffic (not draining; instance
// targets only while their instance is pending or running).
std::shared_ptr<const proxy::Snapshot> build_snapshot(state::World& world);

// Marks the request as one that changed what the data plane serves (ELBv2 write handlers call it): App then
// hands the data plane a fresh snapshot (aws::Changes).
void mark_snapshot_changed(aws::RequestContext& ctx);

// Records health-check results; reports for groups or targets that no longer exist are ignored.
void apply_health(state::World& world, const std::vector<proxy::TargetHealthReport>& reports);

// Drops draining targets whose deregistration delay (multiplied by time_scale) has passed; true when one was
// dropped (the caller then publishes a new snapshot).
bool expire_draining(state::World& world, double now_epoch_seconds, double time_scale);

}  // namespace ecsemu::elbv2
