#include "services/ecs/ecs_daemon_views.hpp"

#include <fmt/format.h>

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

// arn:aws:ecs:REGION:ACCOUNT:cluster/NAME -> the provider's ARN in that account and region.
std::string provider_arn(std::string_view cluster_arn, std::string_view name) {
  auto at = cluster_arn.find(":cluster/");
  return fmt::format("{}:capacity-provider/{}", cluster_arn.substr(0, at), name);
}

json::object deployment_revision_view(const EcsState& state, const DaemonRevision& revision) {
  json::array providers;
  std::int64_t running = 0;
  std::int64_t draining = 0;
  for (const auto& count : daemon_revision_counts(state, revision)) {
    providers.push_back(json::object{{"arn", provider_arn(revision.cluster_arn, count.capacity_provider)},
                                     {"runningInstanceCount", count.running_instances},
                                     {"drainingInstanceCount", count.draining_instances}});
    running += count.running_instances;
    draining += count.draining_instances;
  }
  return json::object{{"arn", revision.arn},
                      {"capacityProviders", std::move(providers)},
                      {"totalRunningInstanceCount", running},
                      {"totalDrainingInstanceCount", draining}};
}

}  // namespace

json::object daemon_task_definition_view(const EcsState& state, const DaemonTaskDefinition& definition) {
  json::object out = definition.registration;
  out.erase("tags");
  out["daemonTaskDefinitionArn"] = definition.arn;
  out["family"] = definition.family;
  out["revision"] = definition.revision;
  out["status"] = daemon_task_definition_status(state, definition);
  out["registeredAt"] = definition.registered_at;
  out["registeredBy"] = definition.registered_by;
  if (definition.delete_requested_at != 0) {
    out["deleteRequestedAt"] = definition.delete_requested_at;
  }
  return out;
}

json::object daemon_task_definition_summary_view(const EcsState& state, const DaemonTaskDefinition& definition) {
  json::object out{{"arn", definition.arn},
                   {"status", daemon_task_definition_status(state, definition)},
                   {"registeredAt", definition.registered_at},
                   {"registeredBy", definition.registered_by}};
  if (definition.delete_requested_at != 0) {
    out["deleteRequestedAt"] = definition.delete_requested_at;
  }
  return out;
}

json::object daemon_detail_view(const EcsState& state, const Daemon& daemon) {
  json::array revisions;
  for (const auto& arn : daemon.revision_arns) {
    const auto& revision = state.daemons.revisions.at(arn);
    auto counts = daemon_revision_counts(state, revision);
    int live = 0;
    for (const auto& count : counts) {
      live += count.running_instances + count.draining_instances;
    }
    // The revision the daemon is deploying, and older ones that still have tasks.
    if (arn != daemon.current_revision_arn && live == 0) {
      continue;
    }
    if (arn == daemon.current_revision_arn && daemon.status != "ACTIVE" && live == 0) {
      continue;
    }
    json::array providers;
    std::int64_t total = 0;
    for (const auto& count : counts) {
      providers.push_back(json::object{{"arn", provider_arn(revision.cluster_arn, count.capacity_provider)},
                                       {"runningCount", count.running_tasks}});
      total += count.running_tasks;
    }
    revisions.push_back(
        json::object{{"arn", arn}, {"capacityProviders", std::move(providers)}, {"totalRunningCount", total}});
  }
  json::object out{{"daemonArn", daemon.arn},        {"clusterArn", daemon.cluster_arn},
                   {"status", daemon.status},        {"currentRevisions", std::move(revisions)},
                   {"createdAt", daemon.created_at}, {"updatedAt", daemon.updated_at}};
  if (!daemon.deployment_arns.empty()) {
    out["deploymentArn"] = daemon.deployment_arns.back();
  }
  return out;
}

json::object daemon_summary_view(const Daemon& daemon) {
  return json::object{{"daemonArn", daemon.arn},
                      {"status", daemon.status},
                      {"createdAt", daemon.created_at},
                      {"updatedAt", daemon.updated_at}};
}

json::object daemon_revision_view(const DaemonRevision& revision) {
  return json::object{{"daemonRevisionArn", revision.arn},
                      {"clusterArn", revision.cluster_arn},
                      {"daemonArn", revision.daemon_arn},
                      {"daemonTaskDefinitionArn", revision.task_definition_arn},
                      {"containerImages", revision.container_images},
                      {"createdAt", revision.created_at},
                      {"enableECSManagedTags", revision.enable_ecs_managed_tags},
                      {"enableExecuteCommand", revision.enable_execute_command},
                      {"propagateTags", revision.propagate_tags}};
}

json::object daemon_deployment_summary_view(EcsState& state, DaemonDeployment& deployment, double now) {
  std::string status = daemon_deployment_status(state, deployment, now);
  json::object out{{"daemonDeploymentArn", deployment.arn}, {"daemonArn", deployment.daemon_arn},
                   {"clusterArn", deployment.cluster_arn},  {"status", status},
                   {"createdAt", deployment.created_at},    {"startedAt", deployment.created_at}};
  if (!deployment.target_revision_arn.empty()) {
    out["targetDaemonRevisionArn"] = deployment.target_revision_arn;
  }
  if (!deployment.status_reason.empty()) {
    out["statusReason"] = deployment.status_reason;
  }
  if (status == "SUCCESSFUL" && deployment.finished_at != 0) {
    out["finishedAt"] = deployment.finished_at;
  }
  if (deployment.stopped_at != 0) {
    out["stoppedAt"] = deployment.stopped_at;
  }
  return out;
}

json::object daemon_deployment_view(EcsState& state, DaemonDeployment& deployment, double now) {
  json::object out = daemon_deployment_summary_view(state, deployment, now);
  out.erase("daemonArn");
  out.erase("targetDaemonRevisionArn");
  if (!deployment.target_revision_arn.empty()) {
    out["targetDaemonRevision"] =
        deployment_revision_view(state, state.daemons.revisions.at(deployment.target_revision_arn));
  }
  json::array sources;
  for (const auto& arn : deployment.source_revision_arns) {
    sources.push_back(deployment_revision_view(state, state.daemons.revisions.at(arn)));
  }
  out["sourceDaemonRevisions"] = std::move(sources);
  out["deploymentConfiguration"] = deployment.configuration;
  // No alarm or circuit breaker is evaluated: alarms are reported as configured, the breaker as disabled.
  const json::value* alarms = deployment.configuration.if_contains("alarms");
  json::object alarm_view{{"status", "DISABLED"}};
  if (alarms != nullptr && alarms->is_object()) {
    if (const auto* names = alarms->as_object().if_contains("alarmNames")) {
      alarm_view["alarmNames"] = *names;
    }
    const auto* enable = alarms->as_object().if_contains("enable");
    if (enable != nullptr && enable->is_bool() && enable->as_bool()) {
      alarm_view["status"] = out["status"] == "IN_PROGRESS" ? "MONITORING" : "MONITORING_COMPLETE";
    }
  }
  out["alarms"] = std::move(alarm_view);
  out["circuitBreaker"] = json::object{{"status", "DISABLED"}, {"failureCount", 0}, {"threshold", 0}};
  return out;
}

}  // namespace ecsemu::ecs
