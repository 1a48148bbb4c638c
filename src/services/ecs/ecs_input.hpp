#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

// Reading validated input Documents (types are already checked against the shape).
std::string_view string_member(const boost::json::object& input, std::string_view name, std::string_view fallback = {});
const boost::json::array* array_member(const boost::json::object& input, std::string_view name);
std::vector<std::string> string_list(const boost::json::object& input, std::string_view name);
bool has_member(const boost::json::object& input, std::string_view name);
// A number member as a whole number (doubles truncated); empty when absent, null or not a number.
std::optional<long> int_member(const boost::json::object& input, std::string_view name);

// ECS Tags ([{key, value}]) -> Tags, refusing keys with the reserved "aws:" prefix.
Tags parse_tags(const boost::json::object& input, std::string_view name = "tags");

// The cluster named by `cluster` (name or ARN). When `cluster` is absent, the `default` cluster, created on first
// use as ECS does. Throws ClusterNotFoundException when
// there is no ACTIVE cluster of that name, InvalidParameterException when the identifier is malformed.
Cluster& require_cluster(EcsState& state, const boost::json::object& input);

}  // namespace ecsemu::ecs
