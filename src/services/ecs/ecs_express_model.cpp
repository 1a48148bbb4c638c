// Express Gateway services: settings, defaults and the task definition they become.
#include "services/ecs/ecs_express_model.hpp"

#include <algorithm>
#include <cctype>
#include <functional>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_model.hpp"
#include "services/ecs/ecs_task_definition_model.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

[[noreturn]] void invalid(std::string message) {
  throw aws::ServiceError("InvalidParameterException", std::move(message));
}

void check_container(const json::object& container) {
  if (string_member(container, "image").empty()) {
    invalid("primaryContainer.image can not be empty.");
  }
  if (auto port = int_member(container, "containerPort"); port && (*port < 1 || *port > 65535)) {
    invalid("primaryContainer.containerPort must be between 1 and 65535.");
  }
  if (const auto* logs = container.if_contains("awsLogsConfiguration"); logs != nullptr && logs->is_object()) {
    if (string_member(logs->as_object(), "logGroup").empty() ||
        string_member(logs->as_object(), "logStreamPrefix").empty()) {
      invalid("awsLogsConfiguration.logGroup and logStreamPrefix can not be empty.");
    }
  }
  if (const auto* env = array_member(container, "environment")) {
    for (const auto& item : *env) {
      if (item.is_object() && string_member(item.as_object(), "name").empty()) {
        invalid("Environment variable names can not be empty.");
      }
    }
  }
}

void check_scaling(const json::object& scaling) {
  auto min = int_member(scaling, "minTaskCount");
  auto max = int_member(scaling, "maxTaskCount");
  if (min && *min < 1) {
    invalid("scalingTarget.minTaskCount must be at least 1.");
  }
  if (max && *max < 1) {
    invalid("scalingTarget.maxTaskCount must be at least 1.");
  }
  if (min && max && *min > *max) {
    invalid("scalingTarget.minTaskCount can not be greater than maxTaskCount.");
  }
  if (auto target = int_member(scaling, "autoScalingTargetValue"); target && *target < 1) {
    invalid("scalingTarget.autoScalingTargetValue must be greater than 0.");
  }
}

void check_network(const json::object& network) {
  if (string_list(network, "subnets").size() > 16) {
    invalid("At most 16 subnets can be specified.");
  }
  if (string_list(network, "securityGroups").size() > 5) {
    invalid("At most 5 security groups can be specified.");
  }
}

}  // namespace

bool valid_role_arn(std::string_view arn) {
  // arn:PARTITION:iam::ACCOUNT:role/NAME
  if (arn.rfind("arn:", 0) != 0) {
    return false;
  }
  auto iam = arn.find(":iam::");
  if (iam == std::string_view::npos) {
    return false;
  }
  auto account_end = arn.find(':', iam + 6);
  if (account_end == std::string_view::npos || account_end == iam + 6) {
    return false;
  }
  std::string_view resource = arn.substr(account_end + 1);
  return resource.rfind("role/", 0) == 0 && resource.size() > 5;
}

json::object express_settings(const json::object& base, const json::object& input, std::string_view cluster_name,
                              std::string_view service_name) {
  json::object settings = base;
  for (const char* member : {"cpu", "memory", "executionRoleArn", "taskRoleArn", "healthCheckPath",
                             "networkConfiguration", "primaryContainer"}) {
    if (const auto* v = input.if_contains(member); v != nullptr && !v->is_null()) {
      settings[member] = *v;
    }
  }
  // A partial scaling target updates the members it carries.
  if (const auto* v = input.if_contains("scalingTarget"); v != nullptr && v->is_object()) {
    json::object scaling = settings.contains("scalingTarget") ? settings["scalingTarget"].as_object() : json::object{};
    for (const auto& [key, value] : v->as_object()) {
      scaling[key] = value;
    }
    settings["scalingTarget"] = std::move(scaling);
  }

  if (!settings.contains("cpu")) {
    settings["cpu"] = kExpressDefaultCpu;
  }
  if (!settings.contains("memory")) {
    settings["memory"] = kExpressDefaultMemory;
  }
  auto cpu = parse_task_cpu(string_member(settings, "cpu"));
  auto memory = parse_task_memory(string_member(settings, "memory"));
  if (!cpu) {
    invalid(fmt::format("Invalid 'cpu' setting for task: {}.", string_member(settings, "cpu")));
  }
  if (!memory) {
    invalid(fmt::format("Invalid 'memory' setting for task: {}.", string_member(settings, "memory")));
  }
  settings["cpu"] = std::to_string(*cpu);
  settings["memory"] = std::to_string(*memory);
  if (!fargate_combination_supported(*cpu, *memory)) {
    throw aws::ServiceError(
        "ClientException",
        fmt::format("No Fargate configuration exists for given values: {} CPU, {} memory.", *cpu, *memory));
  }

  if (!valid_role_arn(string_member(settings, "executionRoleArn"))) {
    invalid("executionRoleArn must be the ARN of an IAM role.");
  }
  if (settings.contains("taskRoleArn") && !valid_role_arn(string_member(settings, "taskRoleArn"))) {
    invalid("taskRoleArn must be the ARN of an IAM role.");
  }
  if (!settings.contains("healthCheckPath")) {
    settings["healthCheckPath"] = kExpressDefaultHealthCheckPath;
  }
  std::string_view path = string_member(settings, "healthCheckPath");
  if (path.empty() || path.front() != '/' || path.size() > 1024) {
    invalid("healthCheckPath must start with '/' and be at most 1024 characters.");
  }

  const auto* container = settings.if_contains("primaryContainer");
  if (container == nullptr || !container->is_object()) {
    invalid("primaryContainer can not be empty.");
  }
  json::object primary = container->as_object();
  check_container(primary);
  if (!primary.contains("containerPort")) {
    primary["containerPort"] = kExpressDefaultPort;
  }
  if (!primary.contains("awsLogsConfiguration")) {
    primary["awsLogsConfiguration"] = json::object{
        {"logGroup", fmt::format("/aws/ecs/{}/{}", cluster_name, service_name)}, {"logStreamPrefix", "ecs"}};
  }
  settings["primaryContainer"] = std::move(primary);

  json::object scaling = settings.contains("scalingTarget") ? settings["scalingTarget"].as_object() : json::object{};
  if (!scaling.contains("minTaskCount")) {
    scaling["minTaskCount"] = 1;
  }
  if (!scaling.contains("maxTaskCount")) {
    scaling["maxTaskCount"] = std::max<long>(20, int_member(scaling, "minTaskCount").value_or(1));
  }
  if (!scaling.contains("autoScalingMetric")) {
    scaling["autoScalingMetric"] = "AVERAGE_CPU";
  }
  if (!scaling.contains("autoScalingTargetValue")) {
    scaling["autoScalingTargetValue"] = 60;
  }
  check_scaling(scaling);
  settings["scalingTarget"] = std::move(scaling);

  if (const auto* network = settings.if_contains("networkConfiguration"); network != nullptr && network->is_object()) {
    check_network(network->as_object());
  }
  return settings;
}

json::object express_task_definition_input(const json::object& settings, std::string_view family,
                                           std::string_view region) {
  const json::object& primary = settings.at("primaryContainer").as_object();
  json::object container{{"name", kExpressContainerName},
                         {"image", primary.at("image")},
                         {"essential", true},
                         {"portMappings", json::array{json::object{{"containerPort", primary.at("containerPort")},
                                                                   {"protocol", "tcp"},
                                                                   {"appProtocol", "http"}}}}};
  for (const char* member : {"command", "environment", "secrets", "repositoryCredentials"}) {
    if (const auto* v = primary.if_contains(member); v != nullptr && !v->is_null()) {
      container[member] = *v;
    }
  }
  const json::object& logs = primary.at("awsLogsConfiguration").as_object();
  container["logConfiguration"] =
      json::object{{"logDriver", "awslogs"},
                   {"options", json::object{{"awslogs-group", logs.at("logGroup")},
                                            {"awslogs-region", region},
                                            {"awslogs-stream-prefix", logs.at("logStreamPrefix")},
                                            {"awslogs-create-group", "true"}}}};
  json::object input{
      {"family", family},
      {"networkMode", "awsvpc"},
      {"requiresCompatibilities", json::array{"FARGATE"}},
      {"cpu", settings.at("cpu")},
      {"memory", settings.at("memory")},
      {"executionRoleArn", settings.at("executionRoleArn")},
      {"runtimePlatform", json::object{{"operatingSystemFamily", "LINUX"}, {"cpuArchitecture", "X86_64"}}},
      {"containerDefinitions", json::array{std::move(container)}}};
  if (const auto* role = settings.if_contains("taskRoleArn")) {
    input["taskRoleArn"] = *role;
  }
  return input;
}

json::object express_awsvpc_configuration(const json::object& settings, std::string_view region,
                                          std::string_view account, const std::vector<std::string>& default_subnets) {
  std::vector<std::string> subnets;
  std::vector<std::string> groups;
  if (const auto* network = settings.if_contains("networkConfiguration"); network != nullptr && network->is_object()) {
    subnets = string_list(network->as_object(), "subnets");
    groups = string_list(network->as_object(), "securityGroups");
  }
  json::object out;
  bool public_ip = subnets.empty();
  if (subnets.empty()) {
    subnets = default_subnets;
  }
  if (subnets.empty()) {
    // Stand-ins for the default VPC's public subnets, one per availability zone, stable per account and region.
    for (char zone : {'a', 'b', 'c'}) {
      auto h = std::hash<std::string>{}(fmt::format("{}/{}/{}", account, region, zone));
      subnets.push_back(fmt::format("subnet-{:017x}", h & 0xfffffffffffffffULL));
    }
  }
  json::array subnet_array;
  for (auto& s : subnets) {
    subnet_array.emplace_back(s);
  }
  out["subnets"] = std::move(subnet_array);
  if (!groups.empty()) {
    json::array group_array;
    for (auto& g : groups) {
      group_array.emplace_back(g);
    }
    out["securityGroups"] = std::move(group_array);
  }
  out["assignPublicIp"] = public_ip ? "ENABLED" : "DISABLED";
  return out;
}

int express_min_tasks(const json::object& settings) {
  if (const auto* scaling = settings.if_contains("scalingTarget"); scaling != nullptr && scaling->is_object()) {
    return static_cast<int>(int_member(scaling->as_object(), "minTaskCount").value_or(1));
  }
  return 1;
}

std::string default_express_service_name(std::string_view image, unsigned random) {
  // Repository part of the image: after the last '/', before a tag or digest.
  std::string_view repo = image;
  if (auto slash = repo.rfind('/'); slash != std::string_view::npos) {
    repo = repo.substr(slash + 1);
  }
  repo = repo.substr(0, repo.find_first_of(":@"));
  std::string name;
  for (char c : repo) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') {
      name += c;
    } else {
      name += '-';
    }
  }
  if (name.empty()) {
    name = "express";
  }
  if (name.size() > 200) {
    name.resize(200);
  }
  return fmt::format("{}-{:04x}", name, random & 0xffffU);
}

}  // namespace ecsemu::ecs
