#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/ec2/ec2_instance_model.hpp"
#include "state/world.hpp"

namespace ecsemu::ec2 {

// What RunInstances (or an Auto Scaling group's launch) asks for.
struct InstanceLaunchSpec {
  std::string image_id, instance_type, subnet_id, availability_zone, key_name, user_data /*base64 as on the wire*/,
      iam_instance_profile;
  std::vector<std::string> security_group_ids;
  std::vector<std::pair<std::string, std::string>> tags;
  std::string launch_template_id, launch_template_version;
  boost::json::object metadata_options;      // MetadataOptions as asked (the template's, overridden member by member)
  boost::json::array block_device_mappings;  // BlockDeviceMappings as asked (the request's, else the template's)
  std::vector<std::pair<std::string, std::string>> volume_tags;  // TagSpecifications of type "volume"
};

// MetadataOptions (InstanceMetadataOptionsRequest) onto an instance; members left out keep their value.
// InvalidParameterValue for a value outside AWS's enumerations or a hop limit outside 1..64.
void apply_metadata_options(Instance& instance, const boost::json::object& options);

// Seconds each transitional state lasts (pending, stopping, shutting-down).
inline constexpr double kTransitionSeconds = 1.0;
// Terminated instances stay describable this long.
inline constexpr double kTerminatedRetentionSeconds = 3600.0;

// Validates the spec and launches `count` instances in state pending; returns their ids. Throws aws::ServiceError
// with EC2's codes (InvalidAMIID.Malformed, InvalidParameterValue, InvalidSubnetID.NotFound, InvalidGroup.NotFound,
// InvalidKeyPair.NotFound, InsufficientFreeAddressesInSubnet, ...). `now` is epoch seconds.
std::vector<std::string> launch_instances(state::RegionStore& store, std::string_view account, std::string_view region,
                                          const InstanceLaunchSpec& spec, int count, double now);

// Starts terminating an instance (shutting-down, then terminated); deregisters its container instance and asks
// its tasks to stop. No effect on an instance already shutting down, terminated or unknown.
void terminate_instance(state::RegionStore& store, std::string_view instance_id, double now);
// Stop (running/pending -> stopping -> stopped) and start (stopped -> pending -> running). Throw
// IncorrectInstanceState when the instance cannot make the move.
void stop_instance(state::RegionStore& store, std::string_view instance_id, double now);
void start_instance(state::RegionStore& store, std::string_view instance_id, double now);

const Instance* find_instance(const InstanceState& state, std::string_view id);
Instance* find_instance(InstanceState& state, std::string_view id);

// (instance id, state name) of every instance still describable, in id order.
std::vector<std::pair<std::string, std::string>> instance_states(const InstanceState& state);

// Moves instances whose transition time has passed to their next state (registering with ECS on reaching running,
// releasing addresses on reaching terminated) and forgets long-terminated ones. Returns true when ECS state
// changed (container instances registered or deregistered, tasks asked to stop) since the last call, so the caller
// should run the task reconciler for this store.
bool advance_instances(state::RegionStore& store, std::string_view account, std::string_view region, double now);

}  // namespace ecsemu::ec2
