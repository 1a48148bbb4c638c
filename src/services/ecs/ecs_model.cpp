#include "services/ecs/ecs_model.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ecsemu::ecs {

std::string cluster_arn(std::string_view region, std::string_view account, std::string_view name) {
  return fmt::format("arn:aws:ecs:{}:{}:cluster/{}", region, account, name);
}

Cluster new_cluster(std::string_view region, std::string_view account, std::string_view name) {
  Cluster cluster;
  cluster.name = std::string(name);
  cluster.arn = cluster_arn(region, account, name);
  cluster.settings = boost::json::array{boost::json::object{{"name", "containerInsights"}, {"value", "disabled"}}};
  return cluster;
}

Cluster& ensure_default_cluster(EcsState& state) {
  auto it = state.clusters.find("default");
  if (it != state.clusters.end() && it->second.status == "ACTIVE") {
    return it->second;
  }
  return state.clusters["default"] = new_cluster(state.region, state.account, "default");
}

bool valid_cluster_name(std::string_view name) {
  if (name.empty() || name.size() > 255) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::string cluster_name_from_identifier(std::string_view identifier) {
  if (identifier.rfind("arn:", 0) == 0) {
    // arn:PARTITION:ecs:REGION:ACCOUNT:cluster/NAME
    auto slash = identifier.find(":cluster/");
    if (slash == std::string_view::npos || identifier.find(":ecs:") == std::string_view::npos) {
      return {};
    }
    identifier = identifier.substr(slash + 9);
  }
  return valid_cluster_name(identifier) ? std::string(identifier) : std::string();
}

ClusterCounts cluster_counts(const EcsState& state, std::string_view cluster_arn) {
  ClusterCounts counts;
  add_container_instance_counts(state, cluster_arn, counts);
  add_task_counts(state, cluster_arn, counts);
  add_service_counts(state, cluster_arn, counts);
  return counts;
}

void merge_tags(Tags& tags, const Tags& update) {
  for (const auto& [key, value] : update) {
    auto it = std::find_if(tags.begin(), tags.end(), [&](const auto& t) { return t.first == key; });
    if (it != tags.end()) {
      it->second = value;
    } else {
      tags.emplace_back(key, value);
    }
  }
}

void remove_tags(Tags& tags, const std::vector<std::string>& keys) {
  std::erase_if(tags, [&](const auto& t) { return std::find(keys.begin(), keys.end(), t.first) != keys.end(); });
}

}  // namespace ecsemu::ecs
