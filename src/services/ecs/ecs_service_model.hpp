#pragma once

#include <map>
#include <string>

#include "services/ecs/ecs_tags.hpp"

namespace ecsemu::ecs {

// A service. Contract relied on by others: arn, name, cluster_arn, status.
struct Service {
  std::string arn;
  std::string name;
  std::string cluster_arn;
  std::string status = "ACTIVE";  // ACTIVE, DRAINING, INACTIVE
  Tags tags;
};

struct ServiceStore {
  std::map<std::string, Service> services;  // by ARN
};

}  // namespace ecsemu::ecs
