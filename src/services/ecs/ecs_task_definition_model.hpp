#pragma once

#include <map>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "services/ecs/ecs_tags.hpp"

namespace ecsemu::ecs {

// A registered task definition revision. Contract relied on by tasks and services: family, revision, arn,
// status and `spec` (the RegisterTaskDefinition input as sent, keyed by the spec's member names, tags removed).
struct TaskDefinition {
  std::string family;
  int revision = 0;
  std::string arn;
  std::string status = "ACTIVE";  // ACTIVE, INACTIVE, DELETE_IN_PROGRESS
  boost::json::object spec;
  Tags tags;
  double registered_at = 0;    // epoch seconds
  double deregistered_at = 0;  // 0 while ACTIVE
  std::string registered_by;
};

struct TaskDefinitionStore {
  std::map<std::string, std::map<int, TaskDefinition>> families;  // family -> revision -> definition
};

}  // namespace ecsemu::ecs
