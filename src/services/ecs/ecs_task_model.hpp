#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "services/ecs/ecs_tags.hpp"

namespace ecsemu::ecs {

struct EcsState;

// A task. Contract relied on by others: arn, id, cluster_arn, task_definition_arn, container_instance_arn,
// desired_status, last_status, launch_type, group, started_by.
struct Task {
  std::string arn;
  std::string id;
  std::string cluster_arn;
  std::string task_definition_arn;
  std::string container_instance_arn;  // empty for Fargate
  std::string desired_status = "RUNNING";
  std::string last_status = "PROVISIONING";
  std::string launch_type;             // EC2, FARGATE, EXTERNAL
  std::string group;
  std::string started_by;
  Tags tags;
};

struct TaskStore {
  std::map<std::string, Task> tasks;  // by id
};

// What the tasks placed on a container instance hold of it (tasks not yet STOPPED).
struct Reservation {
  std::int64_t cpu = 0;
  std::int64_t memory = 0;
  std::vector<int> tcp_ports;
  std::vector<int> udp_ports;
};
Reservation reserved_on_instance(const EcsState& state, std::string_view container_instance_arn);

}  // namespace ecsemu::ecs
