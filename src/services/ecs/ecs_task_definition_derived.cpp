// What AWS derives from a task definition: requiresAttributes and compatibilities.
#include <algorithm>

#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_task_definition_json.hpp"
#include "services/ecs/ecs_task_definition_model.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;
using namespace td_json;

namespace {

void add_unique(std::vector<std::string>& out, std::string name) {
  if (std::find(out.begin(), out.end(), name) == out.end()) {
    out.push_back(std::move(name));
  }
}

}  // namespace

std::vector<std::string> derive_requires_attributes(const json::object& spec) {
  std::vector<std::string> out;
  const std::string api = "com.amazonaws.ecs.capability.docker-remote-api.";
  bool execution_role = has_member(spec, "executionRoleArn");
  for (const auto& item : containers_of(spec)) {
    const auto& c = item.as_object();
    if (const auto* log = object_member(c, "logConfiguration")) {
      std::string driver(string_member(*log, "logDriver"));
      add_unique(out, "com.amazonaws.ecs.capability.logging-driver." + driver);
      if (driver == "awslogs") {
        add_unique(out, api + "1.19");
        if (execution_role) {
          add_unique(out, "ecs.capability.execution-role-awslogs");
        }
      }
      add_unique(out, api + "1.18");
      if (const auto* options = array_member(*log, "secretOptions"); options && !options->empty()) {
        add_unique(out, "ecs.capability.secrets.ssm.bootstrap.log-driver");
      }
    }
    if (has_member(c, "memoryReservation")) {
      add_unique(out, api + "1.21");
    }
    if (has_member(c, "dockerLabels") || has_member(c, "ulimits")) {
      add_unique(out, api + "1.18");
    }
    if (has_member(c, "dockerSecurityOptions") || bool_member(c, "readonlyRootFilesystem", false)) {
      add_unique(out, api + "1.17");
    }
    if (has_member(c, "healthCheck")) {
      add_unique(out, api + "1.24");
      add_unique(out, "ecs.capability.container-health-check");
    }
    if (const auto* linux = object_member(c, "linuxParameters");
        linux && bool_member(*linux, "initProcessEnabled", false)) {
      add_unique(out, api + "1.25");
    }
    if (has_member(c, "dependsOn")) {
      add_unique(out, "ecs.capability.container-ordering");
    }
    if (const auto* secrets = array_member(c, "secrets")) {
      for (const auto& s : *secrets) {
        bool asm_secret = string_member(s.as_object(), "valueFrom").find(":secretsmanager:") != std::string_view::npos;
        add_unique(out, asm_secret ? "ecs.capability.secrets.asm.environment-variables"
                                   : "ecs.capability.secrets.ssm.environment-variables");
      }
    }
    if (has_member(c, "repositoryCredentials")) {
      add_unique(out, "com.amazonaws.ecs.capability.private-registry-authentication.secretsmanager");
    }
    if (string_member(c, "image").find(".dkr.ecr.") != std::string_view::npos) {
      add_unique(out, "com.amazonaws.ecs.capability.ecr-auth");
      if (execution_role) {
        add_unique(out, "ecs.capability.execution-role-ecr-pull");
      }
    }
    if (has_member(c, "environmentFiles")) {
      add_unique(out, "ecs.capability.env-files.s3");
    }
    if (const auto* firelens = object_member(c, "firelensConfiguration")) {
      add_unique(out, "ecs.capability.firelens." + std::string(string_member(*firelens, "type")));
    }
    if (const auto* restart = object_member(c, "restartPolicy"); restart && bool_member(*restart, "enabled", false)) {
      add_unique(out, "ecs.capability.container-restart-policy");
    }
  }
  if (has_member(spec, "taskRoleArn")) {
    add_unique(out, "com.amazonaws.ecs.capability.task-iam-role");
    if (network_mode(spec) == "host") {
      add_unique(out, "com.amazonaws.ecs.capability.task-iam-role-network-host");
    }
  }
  if (network_mode(spec) == "awsvpc") {
    add_unique(out, "ecs.capability.task-eni");
  }
  if (const auto* volumes = array_member(spec, "volumes")) {
    for (const auto& item : *volumes) {
      const auto& volume = item.as_object();
      if (has_member(volume, "dockerVolumeConfiguration")) {
        add_unique(out, api + "1.25");
      }
      if (const auto* efs = object_member(volume, "efsVolumeConfiguration")) {
        add_unique(out, "ecs.capability.efs");
        if (string_member(*efs, "transitEncryption") == "ENABLED" || has_member(*efs, "authorizationConfig")) {
          add_unique(out, "ecs.capability.efsAuth");
        }
      }
      if (has_member(volume, "fsxWindowsFileServerVolumeConfiguration")) {
        add_unique(out, "ecs.capability.fsxWindowsFileServer");
      }
    }
  }
  if (has_member(spec, "proxyConfiguration")) {
    add_unique(out, "ecs.capability.aws-appmesh");
  }
  if (bool_member(spec, "enableFaultInjection", false)) {
    add_unique(out, "ecs.capability.fault-injection");
  }
  return out;
}

std::vector<std::string> derive_compatibilities(const json::object& spec) {
  std::vector<std::string> out{"EC2"};
  if (network_mode(spec) != "awsvpc") {
    out.emplace_back("EXTERNAL");
  }
  if (fargate_incompatibility(spec).empty()) {
    out.emplace_back("FARGATE");
  }
  for (const auto& compatibility : string_list(spec, "requiresCompatibilities")) {
    if (compatibility == "MANAGED_INSTANCES") {
      out.emplace_back("MANAGED_INSTANCES");
    }
  }
  return out;
}

}  // namespace ecsemu::ecs
