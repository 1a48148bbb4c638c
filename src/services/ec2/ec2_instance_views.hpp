#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "services/ec2/ec2_state.hpp"

namespace ecsemu::ec2 {

// Model -> output Document for instances.
boost::json::object instance_view(const Instance& instance, const NetworkState& net, std::string_view account,
                                  std::string_view region);
boost::json::object instance_state_view(InstanceStateName state);
boost::json::object instance_status_view(const Instance& instance, std::string_view region);
// The public DNS name of a public IPv4 address ("" for none), as EC2 names it in the region.
std::string public_dns_name(std::string_view ip, std::string_view region);
std::string instance_profile_arn(std::string_view profile, std::string_view account);
// A Volume as DescribeVolumes shows it (State "in-use" while attached, else "available").
boost::json::object volume_view(const Volume& volume, std::string_view region);
// A VolumeAttachment (AttachVolume's and DetachVolume's answer, a volume's Attachments) in `state`.
boost::json::object volume_attachment_view(const Volume& volume, std::string_view state);
// MetadataOptions as DescribeInstances shows it (State "applied").
boost::json::object metadata_options_view(const Instance& instance);

}  // namespace ecsemu::ec2
