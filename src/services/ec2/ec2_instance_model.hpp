#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "services/ec2/ec2_network_model.hpp"

namespace ecsemu::ec2 {

// Instance states as EC2 reports them, with their codes (pending 0, running 16, shutting-down 32,
// terminated 48, stopping 64, stopped 80).
enum class InstanceStateName { Pending, Running, ShuttingDown, Terminated, Stopping, Stopped };

std::string_view state_name(InstanceStateName state);
int state_code(InstanceStateName state);

// An EBS volume (CreateVolume, or made by RunInstances from the image's root device and the block device
// mappings). At most one attachment (no Multi-Attach).
struct VolumeAttachment {
  std::string instance_id;
  std::string device;
  double attach_time = 0;
  bool delete_on_termination = false;
};

struct Volume {
  std::string id;  // vol-...
  std::string availability_zone;
  std::string volume_type = "gp3";
  int size_gib = 8;
  int iops = 0;        // 0: the type's baseline
  int throughput = 0;  // gp3 only, MiB/s; 0: baseline
  bool encrypted = false;
  std::string kms_key_id;
  std::string snapshot_id;
  double create_time = 0;
  TagMap tags;
  std::optional<VolumeAttachment> attachment;
};

// One EBS entry of an instance's block device mapping (the volume's attachment seen from the instance).
struct BlockDevice {
  std::string device;
  std::string volume_id;
  double attach_time = 0;
  bool delete_on_termination = false;
};

struct Instance {
  std::string id;  // i-...
  std::string image_id;
  std::string instance_type;
  std::string subnet_id;
  std::string vpc_id;
  std::string availability_zone;
  std::string private_ip;
  std::string public_ip;  // empty unless the subnet maps public addresses
  std::string key_name;
  std::string user_data;  // base64, as on the wire
  std::string iam_instance_profile;
  std::string architecture = "x86_64";
  std::vector<std::string> security_group_ids;
  std::string network_interface_id;
  std::string launch_template_id;
  std::string launch_template_version;
  std::string reservation_id;
  std::string client_token;
  int ami_launch_index = 0;
  bool disable_api_termination = false;
  bool disable_api_stop = false;
  bool source_dest_check = true;
  std::string shutdown_behavior = "stop";  // InstanceInitiatedShutdownBehavior
  std::string root_device_name = "/dev/xvda";
  std::vector<BlockDevice> block_devices;  // in attachment order, the root device first
  TagMap tags;
  // MetadataOptions: the instance metadata service (src/taskmeta/instance_metadata.hpp) honours the endpoint,
  // tokens and tags settings; the hop limit is stored and echoed (containers reach it without counting hops).
  std::string metadata_http_tokens = "optional";   // optional | required
  std::string metadata_http_endpoint = "enabled";  // enabled | disabled
  std::string metadata_tags = "disabled";          // InstanceMetadataTags: enabled | disabled
  std::string metadata_protocol_ipv6 = "disabled";
  long metadata_hop_limit = 1;
  // The instance profile role's credentials the metadata service last handed out.
  struct RoleCredentials {
    std::string role_arn;
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;
    double issued = 0;
    double expiration = 0;
  } role_credentials;

  InstanceStateName state = InstanceStateName::Pending;
  double launched_at = 0;         // LaunchTime (last start)
  double state_changed_at = 0;    // when `state` was entered
  std::string state_reason_code;  // e.g. Client.UserInitiatedShutdown
  std::string state_reason_message;
  std::string transition_reason;  // StateTransitionReason

  // ECS: the container instance this instance registered as ("" when none) and where.
  std::string ecs_cluster;
  std::string container_instance_id;
  std::string ecs_pending_cluster;  // the agent retries registering while this cluster does not exist
};

struct InstanceState {
  std::map<std::string, Instance> instances;  // by id
  std::map<std::string, Volume> volumes;      // by id
  bool ecs_changed = false;                   // set when ECS state changed; advance_instances reports and clears it
};

}  // namespace ecsemu::ec2
