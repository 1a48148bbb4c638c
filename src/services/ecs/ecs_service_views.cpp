#include "services/ecs/ecs_service_views.hpp"

#include <vector>

#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

const char* const kLaunchMembers[] = {
    "capacityProviderStrategy",    "platformVersion",      "platformFamily",
    "networkConfiguration",        "loadBalancers",        "serviceRegistries",
    "serviceConnectConfiguration", "volumeConfigurations", "vpcLatticeConfigurations"};

void put_launch(json::object& out, const LaunchSpec& launch, const std::vector<std::string_view>& members) {
  if (!launch.task_definition_arn.empty()) {
    out["taskDefinition"] = launch.task_definition_arn;
  }
  if (!launch.launch_type.empty()) {
    out["launchType"] = launch.launch_type;
  }
  for (std::string_view name : members) {
    if (const auto* v = launch.parameters.if_contains(name); v != nullptr && !v->is_null()) {
      out[name] = *v;
    }
  }
}

int desired_of(const EcsState& state, const Service& service, int stored) {
  return service.scheduling_strategy == "DAEMON" ? daemon_desired_count(state, service) : stored;
}

json::object revision_summary(const EcsState& state, const Service& service, const Deployment& d) {
  TaskCounts counts = started_by_counts(state, service, d.id);
  return json::object{{"arn", service_revision_arn(service, d.id)},
                      {"requestedTaskCount", desired_of(state, service, d.desired_count)},
                      {"runningTaskCount", counts.running},
                      {"pendingTaskCount", counts.pending}};
}

}  // namespace

json::object deployment_view(const EcsState& state, const Service& service, const Deployment& d) {
  TaskCounts counts = started_by_counts(state, service, d.id);
  json::object out{{"id", d.id},
                   {"status", d.status},
                   {"desiredCount", desired_of(state, service, d.desired_count)},
                   {"pendingCount", counts.pending},
                   {"runningCount", counts.running},
                   {"failedTasks", d.failed_tasks},
                   {"createdAt", d.created_at},
                   {"updatedAt", d.updated_at},
                   {"rolloutState", d.rollout_state},
                   {"rolloutStateReason", d.rollout_state_reason}};
  put_launch(out, d.launch,
             {"capacityProviderStrategy", "platformVersion", "platformFamily", "networkConfiguration",
              "serviceConnectConfiguration", "volumeConfigurations", "vpcLatticeConfigurations"});
  return out;
}

json::object task_set_view(const EcsState& state, const Service& service, const TaskSet& ts, bool include_tags) {
  TaskCounts counts = started_by_counts(state, service, ts.id);
  json::object out{{"id", ts.id},
                   {"taskSetArn", ts.arn},
                   {"serviceArn", service.arn},
                   {"clusterArn", service.cluster_arn},
                   {"status", ts.status},
                   {"computedDesiredCount", computed_desired_count(service, ts)},
                   {"pendingCount", counts.pending},
                   {"runningCount", counts.running},
                   {"createdAt", ts.created_at},
                   {"updatedAt", ts.updated_at},
                   {"scale", json::object{{"value", ts.scale_value}, {"unit", ts.scale_unit}}},
                   {"stabilityStatus", ts.stability_status},
                   {"stabilityStatusAt", ts.stability_status_at},
                   {"loadBalancers", json::array{}},
                   {"serviceRegistries", json::array{}}};
  if (!ts.external_id.empty()) {
    out["externalId"] = ts.external_id;
  }
  if (!ts.started_by.empty()) {
    out["startedBy"] = ts.started_by;
  }
  put_launch(out, ts.launch, std::vector<std::string_view>(std::begin(kLaunchMembers), std::end(kLaunchMembers)));
  if (include_tags) {
    out["tags"] = tags_view(ts.tags);
  }
  return out;
}

json::object service_view(const EcsState& state, const Service& service, bool include_tags) {
  TaskCounts counts = service_task_counts(state, service);
  json::object out{{"serviceArn", service.arn},
                   {"serviceName", service.name},
                   {"clusterArn", service.cluster_arn},
                   {"status", service.status},
                   {"desiredCount", desired_of(state, service, service.desired_count)},
                   {"runningCount", counts.running},
                   {"pendingCount", counts.pending},
                   {"loadBalancers", json::array{}},
                   {"serviceRegistries", json::array{}},
                   {"deploymentConfiguration", service.deployment_configuration},
                   {"placementConstraints", service.placement_constraints},
                   {"placementStrategy", service.placement_strategy},
                   {"schedulingStrategy", service.scheduling_strategy},
                   {"deploymentController", json::object{{"type", service.controller}}},
                   {"createdAt", service.created_at},
                   {"createdBy", service.created_by},
                   {"enableECSManagedTags", service.enable_ecs_managed_tags},
                   {"propagateTags", service.propagate_tags},
                   {"enableExecuteCommand", service.enable_execute_command},
                   {"availabilityZoneRebalancing", service.availability_zone_rebalancing},
                   {"resourceManagementType", "CUSTOMER"}};
  put_launch(out, service.launch,
             {"capacityProviderStrategy", "platformVersion", "platformFamily", "networkConfiguration", "loadBalancers",
              "serviceRegistries"});
  if (!service.role_arn.empty()) {
    out["roleArn"] = service.role_arn;
  }
  if (service.health_check_grace_period) {
    out["healthCheckGracePeriodSeconds"] = *service.health_check_grace_period;
  }
  json::array deployments;
  for (const auto& d : service.deployments) {
    deployments.push_back(deployment_view(state, service, d));
  }
  out["deployments"] = std::move(deployments);
  if (service.controller != "ECS") {
    json::array sets;
    for (const auto& ts : service.task_sets) {
      sets.push_back(task_set_view(state, service, ts, false));
    }
    out["taskSets"] = std::move(sets);
  } else if (!service.deployments.empty()) {
    const Deployment& primary = service.deployments.front();
    const Deployment* listed = primary.listed ? &primary : find_deployment(service, primary.rollback_of);
    if (listed != nullptr) {
      out["currentServiceDeployment"] = service_deployment_arn(service, *listed);
    }
    json::array revisions;
    for (const auto& d : service.deployments) {
      revisions.push_back(revision_summary(state, service, d));
    }
    out["currentServiceRevisions"] = std::move(revisions);
  }
  json::array events;
  for (const auto& e : service.events) {
    events.push_back(json::object{{"id", e.id}, {"createdAt", e.created_at}, {"message", e.message}});
  }
  out["events"] = std::move(events);
  if (include_tags) {
    out["tags"] = tags_view(service.tags);
  }
  return out;
}

json::object service_deployment_brief_view(const Service& service, const Deployment& d) {
  json::object out{{"serviceDeploymentArn", service_deployment_arn(service, d)},
                   {"serviceArn", service.arn},
                   {"clusterArn", service.cluster_arn},
                   {"startedAt", d.created_at},
                   {"createdAt", d.created_at},
                   {"targetServiceRevisionArn", service_revision_arn(service, d.id)},
                   {"status", d.sd_status}};
  if (d.finished_at > 0) {
    out["finishedAt"] = d.finished_at;
  }
  if (!d.sd_status_reason.empty()) {
    out["statusReason"] = d.sd_status_reason;
  }
  return out;
}

json::object service_deployment_view(const EcsState& state, const Service& service, const Deployment& d) {
  json::object out = service_deployment_brief_view(service, d);
  out.erase("targetServiceRevisionArn");
  out["updatedAt"] = d.updated_at;
  if (d.stopped_at > 0) {
    out["stoppedAt"] = d.stopped_at;
  }
  if (d.deployment_configuration.is_object()) {
    out["deploymentConfiguration"] = d.deployment_configuration;
  }
  out["targetServiceRevision"] = revision_summary(state, service, d);
  json::array sources;
  for (const auto& id : d.source_revision_ids) {
    if (const Deployment* source = find_deployment(service, id)) {
      sources.push_back(revision_summary(state, service, *source));
    }
  }
  out["sourceServiceRevisions"] = std::move(sources);
  bool breaker = false;
  if (d.deployment_configuration.is_object()) {
    if (const auto* cb = d.deployment_configuration.as_object().if_contains("deploymentCircuitBreaker");
        cb != nullptr && cb->is_object() && cb->as_object().contains("enable")) {
      breaker = cb->as_object().at("enable") == true;
    }
  }
  json::object circuit{{"status", breaker ? (d.rollout_state == "FAILED"      ? "TRIGGERED"
                                             : d.rollout_state == "COMPLETED" ? "MONITORING_COMPLETE"
                                                                              : "MONITORING")
                                          : "DISABLED"},
                       {"failureCount", d.failed_tasks},
                       {"threshold", circuit_breaker_threshold(d.desired_count)}};
  out["deploymentCircuitBreaker"] = std::move(circuit);
  out["alarms"] = json::object{{"status", "DISABLED"}};
  if (!d.rollback_to.empty()) {
    out["rollback"] = json::object{{"reason", d.rollback_reason},
                                   {"startedAt", d.rollback_started_at},
                                   {"serviceRevisionArn", service_revision_arn(service, d.rollback_to)}};
  }
  return out;
}

json::object service_revision_view(const Service& service, const Deployment& d) {
  json::object out{{"serviceRevisionArn", service_revision_arn(service, d.id)},
                   {"serviceArn", service.arn},
                   {"clusterArn", service.cluster_arn},
                   {"createdAt", d.created_at},
                   {"guardDutyEnabled", false},
                   {"loadBalancers", json::array{}},
                   {"serviceRegistries", json::array{}}};
  put_launch(out, d.launch, std::vector<std::string_view>(std::begin(kLaunchMembers), std::end(kLaunchMembers)));
  return out;
}

}  // namespace ecsemu::ecs
