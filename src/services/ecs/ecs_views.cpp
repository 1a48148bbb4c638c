#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

json::array tags_view(const Tags& tags) {
  json::array out;
  for (const auto& [key, value] : tags) {
    out.push_back(json::object{{"key", key}, {"value", value}});
  }
  return out;
}

json::object cluster_view(const Cluster& cluster, const EcsState& /*state*/, const ClusterInclude& include) {
  // Tasks, services and container instances arrive with the control-plane work; until then a cluster has
  // none, and the counts below are what the (empty) state says.
  json::object out{{"clusterArn", cluster.arn},
                   {"clusterName", cluster.name},
                   {"status", cluster.status},
                   {"registeredContainerInstancesCount", 0},
                   {"runningTasksCount", 0},
                   {"pendingTasksCount", 0},
                   {"activeServicesCount", 0},
                   {"statistics", json::array{}},
                   {"capacityProviders", cluster.capacity_providers},
                   {"defaultCapacityProviderStrategy", cluster.default_strategy}};
  if (include.statistics) {
    json::array stats;
    for (const char* name : {"runningEC2TasksCount", "runningFargateTasksCount", "pendingEC2TasksCount",
                             "pendingFargateTasksCount", "activeEC2ServiceCount", "activeFargateServiceCount",
                             "drainingEC2ServiceCount", "drainingFargateServiceCount"}) {
      stats.push_back(json::object{{"name", name}, {"value", "0"}});
    }
    out["statistics"] = std::move(stats);
  }
  if (include.settings) {
    out["settings"] = cluster.settings;
  }
  if (include.configurations && !cluster.configuration.is_null()) {
    out["configuration"] = cluster.configuration;
  }
  if (include.tags) {
    out["tags"] = tags_view(cluster.tags);
  }
  if (include.attachments) {
    out["attachments"] = json::array{};
  }
  if (!cluster.service_connect_defaults.is_null()) {
    out["serviceConnectDefaults"] = cluster.service_connect_defaults;
  }
  return out;
}

json::object failure_view(std::string_view arn, std::string_view reason, std::string_view detail) {
  json::object out{{"arn", arn}, {"reason", reason}};
  if (!detail.empty()) {
    out["detail"] = detail;
  }
  return out;
}

}  // namespace ecsemu::ecs
