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

json::object cluster_view(const Cluster& cluster, const EcsState& state, const ClusterInclude& include) {
  ClusterCounts counts = cluster_counts(state, cluster.arn);
  json::object out{{"clusterArn", cluster.arn},
                   {"clusterName", cluster.name},
                   {"status", cluster.status},
                   {"registeredContainerInstancesCount", counts.registered_container_instances},
                   {"runningTasksCount", counts.running_tasks},
                   {"pendingTasksCount", counts.pending_tasks},
                   {"activeServicesCount", counts.active_services},
                   {"statistics", json::array{}},
                   {"capacityProviders", cluster.capacity_providers},
                   {"defaultCapacityProviderStrategy", cluster.default_strategy}};
  if (include.statistics) {
    json::array stats;
    const std::pair<const char*, int> figures[] = {{"runningEC2TasksCount", counts.running_ec2_tasks},
                                                   {"runningFargateTasksCount", counts.running_fargate_tasks},
                                                   {"pendingEC2TasksCount", counts.pending_ec2_tasks},
                                                   {"pendingFargateTasksCount", counts.pending_fargate_tasks},
                                                   {"activeEC2ServiceCount", counts.active_ec2_services},
                                                   {"activeFargateServiceCount", counts.active_fargate_services},
                                                   {"drainingEC2ServiceCount", counts.draining_ec2_services},
                                                   {"drainingFargateServiceCount", counts.draining_fargate_services}};
    for (const auto& [name, value] : figures) {
      stats.push_back(json::object{{"name", name}, {"value", std::to_string(value)}});
    }
    out["statistics"] = std::move(stats);
  }
  if (include.settings) {
    out["settings"] = cluster.settings;
  }
  if (include.configurations && !cluster.configuration.is_null()) {
    out["configuration"] = cluster.configuration;
  }
  // AWS leaves `tags` out of the cluster when it has none, even with include=TAGS.
  if (include.tags && !cluster.tags.empty()) {
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
