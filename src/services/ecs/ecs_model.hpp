#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

namespace ecsemu::ecs {

// Resource tags in the order they were first set.
using Tags = std::vector<std::pair<std::string, std::string>>;

struct Cluster {
  std::string name;
  std::string arn;
  std::string status = "ACTIVE";  // ACTIVE, INACTIVE (deleted, still describable)
  // Client-supplied structures stored and echoed as sent (keys are the spec's member names).
  boost::json::array settings;                // ClusterSettings
  boost::json::value configuration;           // ClusterConfiguration, null when absent
  boost::json::array capacity_providers;      // names
  boost::json::array default_strategy;        // CapacityProviderStrategy
  boost::json::value service_connect_defaults;  // ClusterServiceConnectDefaults, null when absent
  Tags tags;
};

// ECS state of one account and region.
struct EcsState {
  std::map<std::string, Cluster> clusters;  // by name: listings come out in a stable order
};

std::string cluster_arn(std::string_view region, std::string_view account, std::string_view name);

// The cluster a `cluster` parameter names: a name or a cluster ARN of this account and region.
// Returns the name, or an empty string when the identifier is not a well-formed name or ARN.
std::string cluster_name_from_identifier(std::string_view identifier);

// True for names ECS accepts: 1 to 255 letters, digits, hyphens and underscores.
bool valid_cluster_name(std::string_view name);

// Sets tags (new keys appended, existing keys overwritten) / removes keys.
void merge_tags(Tags& tags, const Tags& update);
void remove_tags(Tags& tags, const std::vector<std::string>& keys);

}  // namespace ecsemu::ecs
