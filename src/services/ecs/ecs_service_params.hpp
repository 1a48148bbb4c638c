#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

// Reading and checking the launch-related parameters shared by CreateService, UpdateService and CreateTaskSet.

// The task definition a family, family:revision or ARN names (latest ACTIVE revision for a bare family).
// Throws ClientException when there is none, or it is not ACTIVE.
const TaskDefinition& require_task_definition(EcsState& state, std::string_view identifier);

// Builds what a deployment or task set runs from `input` (members: launchType, capacityProviderStrategy,
// platformVersion, networkConfiguration, loadBalancers, serviceRegistries, serviceConnectConfiguration,
// volumeConfigurations, vpcLatticeConfigurations), falling back to `base` for members the input leaves out,
// and validates it against the task definition as ECS does.
LaunchSpec build_launch(const Cluster& cluster, const boost::json::object& input, const TaskDefinition* definition,
                        const LaunchSpec* base);

// deploymentConfiguration with ECS's defaults filled in (and `base`'s values for what the input leaves out).
boost::json::object deployment_configuration(const boost::json::object& input, std::string_view scheduling,
                                             const boost::json::object* base);

// Placement constraints and strategies, checked.
void check_placement(const boost::json::object& input, std::string_view scheduling, std::string_view launch_type);

}  // namespace ecsemu::ecs
