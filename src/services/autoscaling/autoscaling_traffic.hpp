#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "services/autoscaling/autoscaling_model.hpp"

namespace ecsemu::state {
struct RegionStore;
}

namespace ecsemu::autoscaling {

// The traffic sources a request names: LoadBalancerNames (classic, "elb"), TargetGroupARNs ("elbv2") and
// TrafficSources (Identifier + Type; a missing Type is read from the identifier). Target groups must exist
// (ValidationError otherwise); classic load balancer names are kept as given (no classic ELB is emulated).
std::vector<TrafficSource> traffic_sources_of(const state::RegionStore& store, const boost::json::object& input);

// Registers the group's InService instances with its ELBv2 target groups and deregisters (drains) the others,
// including every target the group registered in a target group it no longer has. True when anything changed.
bool sync_traffic(state::RegionStore& store, const Group& group, double now);

// The attachment state AWS reports: InService when attached at creation or (ELB health checks) when a registered
// instance is healthy, else Added once every InService instance is registered.
std::string traffic_state(const state::RegionStore& store, const Group& group, const TrafficSource& source);

}  // namespace ecsemu::autoscaling
