#pragma once

// ELBv2 model -> output Documents: the one place that spells ELBv2's member names.
// HTTPS and TLS listeners keep their certificates and SSL policy and show them, but the ecsemu data plane does not
// terminate TLS: such listeners are served as plain HTTP (HTTPS) or TCP (TLS).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/elbv2/elbv2_model.hpp"

namespace ecsemu::elbv2 {

boost::json::object load_balancer_json(const LoadBalancer& lb);
boost::json::object target_group_json(const Elbv2State& state, const TargetGroup& group);
boost::json::object listener_json(const Elbv2State& state, const Listener& listener);
boost::json::object rule_json(const Rule& rule);
boost::json::array actions_json(const std::vector<Action>& actions);
boost::json::object target_health_json(const Elbv2State& state, const TargetGroup& group, const Target& target);
boost::json::array tags_json(const TagList& tags);
boost::json::array attributes_json(const AttributeMap& attributes);

}  // namespace ecsemu::elbv2
