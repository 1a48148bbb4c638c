// Container instance, capacity provider and attribute views: the only place spelling their AWS member names.
#include "services/ecs/ecs_container_instance_views.hpp"

#include <algorithm>
#include <string>

#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

json::object integer_resource(std::string_view name, std::int64_t value) {
  return json::object{
      {"name", name}, {"type", "INTEGER"}, {"doubleValue", 0.0}, {"longValue", 0}, {"integerValue", value}};
}

json::object ports_resource(std::string_view name, std::vector<int> ports) {
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  json::array set;
  for (int port : ports) {
    set.emplace_back(std::to_string(port));
  }
  return json::object{{"name", name},   {"type", "STRINGSET"}, {"doubleValue", 0.0},
                      {"longValue", 0}, {"integerValue", 0},   {"stringSetValue", std::move(set)}};
}

json::array resources_view(const ContainerInstance& instance, std::int64_t cpu, std::int64_t memory,
                           std::vector<int> tcp, std::vector<int> udp) {
  json::array out{integer_resource("CPU", cpu), integer_resource("MEMORY", memory),
                  ports_resource("PORTS", std::move(tcp)), ports_resource("PORTS_UDP", std::move(udp))};
  for (const auto& extra : instance.extra_resources) {
    out.push_back(extra);
  }
  return out;
}

}  // namespace

json::object attribute_view(std::string_view name, const std::optional<std::string>& value,
                            std::string_view target_id) {
  json::object out{{"name", name}};
  if (value) {
    out["value"] = *value;
  }
  if (!target_id.empty()) {
    out["targetType"] = "container-instance";
    out["targetId"] = target_id;
  }
  return out;
}

json::object container_instance_view(const ContainerInstance& instance, const EcsState& state,
                                     const ContainerInstanceInclude& include) {
  json::object out;
  out["containerInstanceArn"] = instance.arn;
  if (!instance.ec2_instance_id.empty()) {
    out["ec2InstanceId"] = instance.ec2_instance_id;
  }
  if (!instance.capacity_provider_name.empty()) {
    out["capacityProviderName"] = instance.capacity_provider_name;
  }
  out["version"] = instance.version;
  json::object version_info;
  if (!instance.agent_version.empty()) {
    version_info["agentVersion"] = instance.agent_version;
  }
  if (!instance.agent_hash.empty()) {
    version_info["agentHash"] = instance.agent_hash;
  }
  if (!instance.docker_version.empty()) {
    version_info["dockerVersion"] = instance.docker_version;
  }
  out["versionInfo"] = std::move(version_info);
  Reservation reserved = reserved_on_instance(state, instance.arn);
  std::vector<int> tcp = instance.registered_tcp_ports;
  tcp.insert(tcp.end(), reserved.tcp_ports.begin(), reserved.tcp_ports.end());
  std::vector<int> udp = instance.registered_udp_ports;
  udp.insert(udp.end(), reserved.udp_ports.begin(), reserved.udp_ports.end());
  out["remainingResources"] =
      resources_view(instance, instance.registered_cpu - reserved.cpu, instance.registered_memory - reserved.memory,
                     std::move(tcp), std::move(udp));
  out["registeredResources"] = resources_view(instance, instance.registered_cpu, instance.registered_memory,
                                              instance.registered_tcp_ports, instance.registered_udp_ports);
  out["status"] = instance.status;
  if (!instance.status_reason.empty()) {
    out["statusReason"] = instance.status_reason;
  }
  out["agentConnected"] = instance.agent_connected;
  auto [running, pending] = task_counts_on_instance(state, instance.arn);
  out["runningTasksCount"] = running;
  out["pendingTasksCount"] = pending;
  if (!instance.agent_update_status.empty()) {
    out["agentUpdateStatus"] = instance.agent_update_status;
  }
  json::array attributes;
  for (const auto& [name, value] : instance.attributes) {
    attributes.push_back(attribute_view(name, value, {}));
  }
  out["attributes"] = std::move(attributes);
  out["registeredAt"] = instance.registered_at;
  out["attachments"] = json::array{};
  if (include.tags) {
    out["tags"] = tags_view(instance.tags);
  }
  if (include.health) {
    json::object detail{{"type", "CONTAINER_RUNTIME"},
                        {"status", instance.health_status},
                        {"lastUpdated", instance.registered_at},
                        {"lastStatusChange", instance.registered_at}};
    out["healthStatus"] =
        json::object{{"overallStatus", instance.health_status}, {"details", json::array{std::move(detail)}}};
  }
  return out;
}

json::object capacity_provider_view(const CapacityProvider& provider, bool include_tags) {
  json::object scaling{{"status", provider.managed_scaling_status},
                       {"targetCapacity", provider.target_capacity},
                       {"minimumScalingStepSize", provider.minimum_scaling_step_size},
                       {"maximumScalingStepSize", provider.maximum_scaling_step_size},
                       {"instanceWarmupPeriod", provider.instance_warmup_period}};
  json::object asg{{"autoScalingGroupArn", provider.auto_scaling_group_arn},
                   {"managedScaling", std::move(scaling)},
                   {"managedTerminationProtection", provider.managed_termination_protection},
                   {"managedDraining", provider.managed_draining}};
  json::object out{{"capacityProviderArn", provider.arn},
                   {"name", provider.name},
                   {"status", provider.status},
                   {"type", "EC2_AUTOSCALING"},
                   {"autoScalingGroupProvider", std::move(asg)}};
  if (!provider.update_status.empty()) {
    out["updateStatus"] = provider.update_status;
  }
  if (!provider.update_status_reason.empty()) {
    out["updateStatusReason"] = provider.update_status_reason;
  }
  if (include_tags) {
    out["tags"] = tags_view(provider.tags);
  }
  return out;
}

json::object builtin_capacity_provider_view(std::string_view region, std::string_view account, std::string_view name,
                                            bool include_tags) {
  json::object out{{"capacityProviderArn", capacity_provider_arn(region, account, name)},
                   {"name", name},
                   {"status", "ACTIVE"},
                   {"type", name}};
  if (include_tags) {
    out["tags"] = json::array{};
  }
  return out;
}

}  // namespace ecsemu::ecs
