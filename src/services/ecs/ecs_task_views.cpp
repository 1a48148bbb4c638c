// Task -> the API's Task shape: the only place task members get their AWS names.
#include "services/ecs/ecs_task_views.hpp"

#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

void put_time(json::object& out, std::string_view name, double t) {
  if (t != 0) {
    out[name] = t;
  }
}

json::object container_view(const Task& task, const TaskContainer& c) {
  json::object out;
  out["containerArn"] = c.arn;
  out["taskArn"] = task.arn;
  out["name"] = c.name;
  out["image"] = c.image;
  if (!c.runtime_id.empty()) {
    out["runtimeId"] = c.runtime_id;
  }
  out["lastStatus"] = c.last_status;
  if (c.exit_code) {
    out["exitCode"] = *c.exit_code;
  }
  if (!c.reason.empty()) {
    out["reason"] = c.reason;
  }
  json::array bindings;
  for (const auto& p : c.ports) {
    bindings.push_back(json::object{{"bindIP", p.bind_ip},
                                    {"containerPort", p.container_port},
                                    {"hostPort", p.host_port},
                                    {"protocol", p.protocol}});
  }
  out["networkBindings"] = std::move(bindings);
  json::array interfaces;
  if (task.eni) {
    interfaces.push_back(
        json::object{{"attachmentId", task.eni->attachment_id}, {"privateIpv4Address", task.eni->private_ip}});
  }
  out["networkInterfaces"] = std::move(interfaces);
  out["healthStatus"] = c.health_status;
  out["cpu"] = std::to_string(c.cpu);
  if (c.memory != 0) {
    out["memory"] = std::to_string(c.memory);
  }
  if (c.memory_reservation != 0) {
    out["memoryReservation"] = std::to_string(c.memory_reservation);
  }
  return out;
}

json::object overrides_view(const Task& task) {
  json::object out = task.overrides;
  if (!out.contains("containerOverrides")) {
    json::array list;
    for (const auto& c : task.containers) {
      list.push_back(json::object{{"name", c.name}});
    }
    out["containerOverrides"] = std::move(list);
  }
  if (!out.contains("inferenceAcceleratorOverrides")) {
    out["inferenceAcceleratorOverrides"] = json::array();
  }
  return out;
}

// The ENI's DNS name (recorded when it was created in the EC2 model, else made from its address).
std::string private_dns_name(const TaskEni& eni) {
  if (!eni.private_dns_name.empty()) {
    return eni.private_dns_name;
  }
  std::string ip = eni.private_ip;
  for (auto& ch : ip) {
    ch = ch == '.' ? '-' : ch;
  }
  return "ip-" + ip + ".ec2.internal";
}

}  // namespace

json::object task_view(const Task& task, bool include_tags) {
  json::object out;
  json::array attachments;
  if (task.eni) {
    const TaskEni& eni = *task.eni;
    attachments.push_back(json::object{
        {"id", eni.attachment_id},
        {"type", "ElasticNetworkInterface"},
        {"status", eni.status},
        {"details", json::array{json::object{{"name", "subnetId"}, {"value", eni.subnet_id}},
                                json::object{{"name", "networkInterfaceId"}, {"value", eni.eni_id}},
                                json::object{{"name", "macAddress"}, {"value", eni.mac_address}},
                                json::object{{"name", "privateDnsName"}, {"value", private_dns_name(eni)}},
                                json::object{{"name", "privateIPv4Address"}, {"value", eni.private_ip}}}}});
  }
  out["attachments"] = std::move(attachments);
  json::array attributes;
  attributes.push_back(json::object{{"name", "ecs.cpu-architecture"}, {"value", "x86_64"}});
  out["attributes"] = std::move(attributes);
  out["availabilityZone"] = task.availability_zone;
  if (!task.capacity_provider_name.empty()) {
    out["capacityProviderName"] = task.capacity_provider_name;
  }
  out["clusterArn"] = task.cluster_arn;
  if (!task.connectivity.empty()) {
    out["connectivity"] = task.connectivity;
  }
  put_time(out, "connectivityAt", task.connectivity_at);
  if (!task.container_instance_arn.empty()) {
    out["containerInstanceArn"] = task.container_instance_arn;
  }
  json::array containers;
  for (const auto& c : task.containers) {
    containers.push_back(container_view(task, c));
  }
  out["containers"] = std::move(containers);
  if (!task.cpu.empty()) {
    out["cpu"] = task.cpu;
  }
  put_time(out, "createdAt", task.created_at);
  out["desiredStatus"] = task.desired_status;
  out["enableExecuteCommand"] = task.enable_execute_command;
  if (task.ephemeral_storage_gib != 0) {
    out["ephemeralStorage"] = json::object{{"sizeInGiB", task.ephemeral_storage_gib}};
  }
  put_time(out, "executionStoppedAt", task.execution_stopped_at);
  out["group"] = task.group;
  out["healthStatus"] = task.health_status;  // kept by the reconciler from its containers' health
  out["lastStatus"] = task.last_status;
  out["launchType"] = task.launch_type;
  if (!task.memory.empty()) {
    out["memory"] = task.memory;
  }
  out["overrides"] = overrides_view(task);
  if (!task.platform_version.empty()) {
    out["platformVersion"] = task.platform_version;
  }
  if (!task.platform_family.empty()) {
    out["platformFamily"] = task.platform_family;
  }
  put_time(out, "pullStartedAt", task.pull_started_at);
  put_time(out, "pullStoppedAt", task.pull_stopped_at);
  put_time(out, "startedAt", task.started_at);
  if (!task.started_by.empty()) {
    out["startedBy"] = task.started_by;
  }
  if (!task.stop_code.empty()) {
    out["stopCode"] = task.stop_code;
  }
  put_time(out, "stoppedAt", task.stopped_at);
  if (!task.stopped_reason.empty()) {
    out["stoppedReason"] = task.stopped_reason;
  }
  put_time(out, "stoppingAt", task.stopping_at);
  if (include_tags) {
    out["tags"] = tags_view(task.tags);
  }
  out["taskArn"] = task.arn;
  out["taskDefinitionArn"] = task.task_definition_arn;
  out["version"] = task.version;
  return out;
}

json::object protected_task_view(const Task& task) {
  json::object out{{"taskArn", task.arn}, {"protectionEnabled", task.protection_enabled}};
  if (task.protection_enabled && task.protection_expires_at != 0) {
    out["expirationDate"] = task.protection_expires_at;
  }
  return out;
}

}  // namespace ecsemu::ecs
