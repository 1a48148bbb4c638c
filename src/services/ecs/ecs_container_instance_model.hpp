#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "services/ecs/ecs_tags.hpp"

namespace ecsemu::ecs {

// A container instance registered with a cluster. Contract relied on by task placement: arn, id, cluster_arn,
// status, agent_connected and the registered resources; what remains is derived from the tasks placed on it
// (see reserved_on_instance in ecs_task_model.hpp).
struct ContainerInstance {
  std::string arn;
  std::string id;           // the ARN's last part
  std::string cluster_arn;
  std::string ec2_instance_id;
  std::string status = "ACTIVE";  // REGISTERING, ACTIVE, DRAINING, DEREGISTERING, INACTIVE, ...
  bool agent_connected = true;
  std::int64_t registered_cpu = 0;     // CPU units
  std::int64_t registered_memory = 0;  // MiB
  Tags tags;
};

struct ContainerInstanceStore {
  std::map<std::string, ContainerInstance> instances;  // by id
};

}  // namespace ecsemu::ecs
