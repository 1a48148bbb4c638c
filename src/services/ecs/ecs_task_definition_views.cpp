#include "services/ecs/ecs_task_definition_views.hpp"

#include <boost/json/array.hpp>

#include "services/ecs/ecs_input.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

void default_member(json::object& obj, std::string_view name, json::value fallback) {
  if (const auto* v = obj.if_contains(name); v == nullptr || v->is_null()) {
    obj[name] = std::move(fallback);
  }
}

json::object container_view(const json::object& container, std::string_view network_mode) {
  json::object out = container;
  default_member(out, "cpu", 0);
  default_member(out, "portMappings", json::array{});
  default_member(out, "essential", true);
  default_member(out, "environment", json::array{});
  default_member(out, "mountPoints", json::array{});
  default_member(out, "volumesFrom", json::array{});
  default_member(out, "systemControls", json::array{});
  for (auto& item : out["portMappings"].as_array()) {
    if (!item.is_object()) {
      continue;
    }
    auto& mapping = item.as_object();
    default_member(mapping, "protocol", "tcp");
    if (!mapping.contains("hostPort") && mapping.contains("containerPort")) {
      // awsvpc and host tasks use the container port on the host; bridge tasks get a dynamic one (0).
      mapping["hostPort"] = network_mode == "bridge" ? json::value(0) : mapping.at("containerPort");
    }
  }
  return out;
}

}  // namespace

json::object task_definition_view(const TaskDefinition& definition) {
  json::object out = definition.spec;
  std::string_view mode = string_member(definition.spec, "networkMode", "bridge");
  json::array containers;
  if (const auto* list = array_member(definition.spec, "containerDefinitions")) {
    for (const auto& item : *list) {
      containers.push_back(container_view(item.as_object(), mode));
    }
  }
  out["taskDefinitionArn"] = definition.arn;
  out["containerDefinitions"] = std::move(containers);
  out["family"] = definition.family;
  out["revision"] = definition.revision;
  out["status"] = definition.status;
  default_member(out, "volumes", json::array{});
  for (auto& volume : out["volumes"].as_array()) {
    // ECS fills in the root of the file system when an EFS volume names no directory.
    if (auto* efs = volume.is_object() ? volume.as_object().if_contains("efsVolumeConfiguration") : nullptr;
        efs != nullptr && efs->is_object()) {
      default_member(efs->as_object(), "rootDirectory", "/");
    }
  }
  default_member(out, "placementConstraints", json::array{});
  json::array attributes;
  for (const auto& name : definition.requires_attributes) {
    attributes.push_back(json::object{{"name", name}});
  }
  out["requiresAttributes"] = std::move(attributes);
  json::array compatibilities;
  for (const auto& name : definition.compatibilities) {
    compatibilities.emplace_back(name);
  }
  out["compatibilities"] = std::move(compatibilities);
  out["registeredAt"] = definition.registered_at;
  out["registeredBy"] = definition.registered_by;
  if (definition.deregistered_at > 0) {
    out["deregisteredAt"] = definition.deregistered_at;
  }
  if (definition.delete_requested_at > 0) {
    out["deleteRequestedAt"] = definition.delete_requested_at;
  }
  return out;
}

}  // namespace ecsemu::ecs
