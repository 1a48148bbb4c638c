#pragma once

#include <string_view>

#include <boost/json/value.hpp>

#include "services/ec2/ec2_instances.hpp"
#include "services/ec2/ec2_launch_template_model.hpp"

namespace ecsemu::ec2 {

// The launch spec a launch template version describes (image, type, key, user data, security groups, IAM
// instance profile, instance tags from TagSpecifications, the first network interface's subnet and groups),
// with launch_template_id/version filled in.
InstanceLaunchSpec launch_spec_from_template(const LaunchTemplate& lt, const LaunchTemplateVersion& version);

// Resolves (id | name, version: number, "$Latest", "$Default" or empty) and returns its launch spec. Throws
// the launch template errors of require_launch_template / require_version.
InstanceLaunchSpec resolve_launch_spec(LaunchTemplateState& state, std::string_view id, std::string_view name,
                                       std::string_view version);

// The same for a LaunchTemplateSpecification as RunInstances takes it ({LaunchTemplateId | LaunchTemplateName,
// Version}); InvalidParameterValue when it is not an object.
InstanceLaunchSpec resolve_launch_spec(LaunchTemplateState& state, const boost::json::value& specification);

}  // namespace ecsemu::ec2
