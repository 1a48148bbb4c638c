#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "services/ecs/ecs_tags.hpp"

namespace ecsemu::ecs {

struct EcsState;

// Attribute name -> value (an attribute may have no value).
using Attributes = std::map<std::string, std::optional<std::string>>;

// A container instance registered with a cluster. Contract relied on by task placement: arn, id, cluster_arn,
// status, agent_connected and the registered resources; what remains is derived from the tasks placed on it
// (see reserved_on_instance in ecs_task_model.hpp).
struct ContainerInstance {
  std::string arn;
  std::string id;  // the ARN's last part (32 hex digits)
  std::string cluster_arn;
  std::string ec2_instance_id;
  std::string status = "ACTIVE";  // REGISTERING, ACTIVE, DRAINING, DEREGISTERING, INACTIVE, ...
  bool agent_connected = true;
  std::int64_t registered_cpu = 0;     // CPU units
  std::int64_t registered_memory = 0;  // MiB
  Tags tags;

  // Beyond the contract.
  std::vector<int> registered_tcp_ports;       // ports the instance itself holds (PORTS)
  std::vector<int> registered_udp_ports;       // PORTS_UDP
  boost::json::array extra_resources;          // other Resource entries (e.g. GPU), echoed as registered
  Attributes attributes;                       // agent-reported, AWS-added and custom
  std::vector<std::string> custom_attributes;  // names set through PutAttributes (count toward the limit)
  std::string status_reason;
  std::string agent_version;  // VersionInfo
  std::string agent_hash;
  std::string docker_version;
  std::string agent_update_status;  // empty until an update is requested
  boost::json::array platform_devices;
  std::string capacity_provider_name;
  std::string health_status = "INSUFFICIENT_DATA";  // nothing checks the runtime of an API-registered instance
  double registered_at = 0;                         // epoch seconds
  std::int64_t version = 1;                         // increments on each change
};

// An Auto Scaling group capacity provider (FARGATE and FARGATE_SPOT are built in and not stored).
struct CapacityProvider {
  std::string name;
  std::string arn;
  std::string status = "ACTIVE";  // ACTIVE, INACTIVE
  std::string update_status;      // empty after create; UPDATE_COMPLETE, DELETE_COMPLETE, DELETE_FAILED
  std::string update_status_reason;
  std::string auto_scaling_group_arn;  // stored as given: Auto Scaling arrives later
  // ManagedScaling, with AWS's defaults filled in.
  std::string managed_scaling_status = "DISABLED";
  std::int64_t target_capacity = 100;
  std::int64_t minimum_scaling_step_size = 1;
  std::int64_t maximum_scaling_step_size = 10000;
  std::int64_t instance_warmup_period = 300;
  std::string managed_termination_protection = "DISABLED";
  std::string managed_draining = "ENABLED";
  Tags tags;
};

struct ContainerInstanceStore {
  std::map<std::string, ContainerInstance> instances;          // by id
  std::map<std::string, CapacityProvider> capacity_providers;  // by name
};

// What an EC2 instance (or the agent's RegisterContainerInstance call) says about itself.
struct InstanceFacts {
  std::string id;  // the container instance id; empty: a random one
  std::string ec2_instance_id;
  std::string instance_type;
  std::string availability_zone;
  std::string ami_id;
  std::string cpu_architecture;  // from the identity document ("x86_64", "arm64")
  std::int64_t cpu = 0;
  std::int64_t memory = 0;
  std::vector<int> tcp_ports;
  std::vector<int> udp_ports;
  boost::json::array extra_resources;
  Attributes attributes;  // as the agent sends them
  std::string agent_version;
  std::string agent_hash;
  std::string docker_version;
  boost::json::array platform_devices;
  Tags tags;
  bool agent_connected = true;
  std::string health_status = "INSUFFICIENT_DATA";  // "OK" when ecsemu itself runs the instance's containers
  double registered_at = 0;
};

// The entry point for registering an instance (used by RegisterContainerInstance and by the EC2 work). The
// cluster must exist and be ACTIVE (the caller checks). Adds the attributes AWS adds (ecs.instance-type,
// ecs.availability-zone, ecs.ami-id when known).
ContainerInstance& register_container_instance(EcsState& state, std::string_view region, std::string_view account,
                                               std::string_view cluster_name, InstanceFacts&& facts);
// Marks an instance INACTIVE (tasks still on it are orphaned, as on AWS). Returns false when the instance
// is unknown.
bool deregister_container_instance(EcsState& state, std::string_view id);

// The instance an identifier names within a cluster: an id, or an ARN in either the long
// (container-instance/CLUSTER/ID) or the short (container-instance/ID) form. Null when unknown.
ContainerInstance* find_container_instance(EcsState& state, std::string_view cluster_arn, std::string_view identifier);

std::string container_instance_arn(std::string_view region, std::string_view account, std::string_view cluster_name,
                                   std::string_view id);
std::string random_container_instance_id();

// Tasks on an instance that are not STOPPED: {running, pending}.
std::pair<int, int> task_counts_on_instance(const EcsState& state, std::string_view instance_arn);

// Attribute name and value rules (AWS's: up to 128 characters from a fixed set).
bool valid_attribute_name(std::string_view name);
bool valid_attribute_value(std::string_view value);

// Capacity provider names: 1-255 letters, digits, '_' and '-', not prefixed with aws, ecs or fargate.
bool valid_capacity_provider_name(std::string_view name);
bool reserved_capacity_provider_prefix(std::string_view name);
std::string capacity_provider_arn(std::string_view region, std::string_view account, std::string_view name);
// An ACTIVE capacity provider of the account named by name or ARN (not FARGATE/FARGATE_SPOT). Null when none.
const CapacityProvider* find_active_capacity_provider(const EcsState& state, std::string_view identifier);

}  // namespace ecsemu::ecs
