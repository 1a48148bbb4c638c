#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "aws/input.hpp"
#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

// Reading validated input Documents: the request kit's readers (aws/input.hpp).
using namespace aws::members;

// ECS Tags ([{key, value}]) -> Tags, refusing keys with the reserved "aws:" prefix.
Tags parse_tags(const boost::json::object& input, std::string_view name = "tags");

// The cluster named by `cluster` (name or ARN); the `default` cluster when `cluster` is absent. Throws
// ClusterNotFoundException when there is no ACTIVE cluster of that name (before any check of the other
// parameters, as ECS does), InvalidParameterException when the identifier is malformed.
Cluster& require_cluster(EcsState& state, const boost::json::object& input);
// The same for RegisterContainerInstance: without `cluster`, the `default` cluster is created, as "your account
// receives a default cluster when you launch your first container instance" (CreateCluster, ECS API reference).
Cluster& require_cluster_for_work(EcsState& state, const boost::json::object& input);

}  // namespace ecsemu::ecs
