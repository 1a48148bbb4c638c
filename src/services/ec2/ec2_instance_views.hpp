#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "services/ec2/ec2_state.hpp"

namespace ecsemu::ec2 {

// Model -> output Document for instances.
boost::json::object instance_view(const Instance& instance, const NetworkState& net, std::string_view account,
                                  std::string_view region);
boost::json::object instance_state_view(InstanceStateName state);
boost::json::object instance_status_view(const Instance& instance, std::string_view region);
std::string instance_profile_arn(std::string_view profile, std::string_view account);
// MetadataOptions as DescribeInstances shows it (State "applied").
boost::json::object metadata_options_view(const Instance& instance);

}  // namespace ecsemu::ec2
