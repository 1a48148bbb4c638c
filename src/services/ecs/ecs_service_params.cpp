#include "services/ecs/ecs_service_params.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_input.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

[[noreturn]] void invalid(std::string message) {
  throw aws::ServiceError("InvalidParameterException", std::move(message));
}

const char* const kCarried[] = {"capacityProviderStrategy", "platformVersion",
                                "networkConfiguration",     "loadBalancers",
                                "serviceRegistries",        "serviceConnectConfiguration",
                                "volumeConfigurations",     "vpcLatticeConfigurations"};

std::string_view network_mode(const TaskDefinition& td) { return string_member(td.spec, "networkMode", "bridge"); }

bool supports(const TaskDefinition& td, std::string_view compatibility) {
  const auto* list = array_member(td.spec, "requiresCompatibilities");
  if (list == nullptr || list->empty()) {
    return compatibility == "EC2";
  }
  return std::any_of(list->begin(), list->end(), [&](const json::value& v) { return v == compatibility.data(); });
}

const json::object* container(const TaskDefinition& td, std::string_view name) {
  if (const auto* defs = array_member(td.spec, "containerDefinitions")) {
    for (const auto& def : *defs) {
      if (def.is_object() && string_member(def.as_object(), "name") == name) {
        return &def.as_object();
      }
    }
  }
  return nullptr;
}

void check_network(const json::object& params, const TaskDefinition* td, std::string_view launch_type) {
  const auto* network = params.if_contains("networkConfiguration");
  const json::object* awsvpc = nullptr;
  if (network != nullptr && network->is_object()) {
    if (const auto* v = network->as_object().if_contains("awsvpcConfiguration"); v != nullptr && v->is_object()) {
      awsvpc = &v->as_object();
    }
  }
  if (awsvpc != nullptr) {
    std::vector<std::string> subnets = string_list(*awsvpc, "subnets");
    if (subnets.empty()) {
      invalid("subnets can not be empty.");
    }
    if (subnets.size() > 16) {
      invalid("At most 16 subnets can be specified.");
    }
    if (string_list(*awsvpc, "securityGroups").size() > 5) {
      invalid("At most 5 security groups can be specified.");
    }
    if (string_member(*awsvpc, "assignPublicIp") == "ENABLED" && launch_type != "FARGATE" &&
        !params.contains("capacityProviderStrategy")) {
      invalid("Assign public IP is not supported for this launch type.");
    }
  }
  if (td == nullptr) {
    return;
  }
  if (network_mode(*td) == "awsvpc" && awsvpc == nullptr) {
    invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  }
  if (network_mode(*td) != "awsvpc" && awsvpc != nullptr) {
    invalid("Network Configuration is not valid for the given networkMode of this task definition.");
  }
}

void check_load_balancers(const json::object& params, const TaskDefinition* td) {
  const auto* lbs = params.if_contains("loadBalancers");
  if (lbs == nullptr || !lbs->is_array()) {
    return;
  }
  if (lbs->as_array().size() > 5) {
    invalid("A service can be attached to at most 5 load balancers (target groups).");
  }
  for (const auto& item : lbs->as_array()) {
    const auto& lb = item.as_object();
    bool has_tg = has_member(lb, "targetGroupArn");
    bool has_name = has_member(lb, "loadBalancerName");
    if (has_tg == has_name) {
      invalid("Exactly one of loadBalancerName or targetGroupArn must be specified for a load balancer.");
    }
    std::string_view name = string_member(lb, "containerName");
    if (name.empty() || !lb.contains("containerPort")) {
      invalid("containerName and containerPort must be specified for a load balancer.");
    }
    if (td == nullptr) {
      continue;
    }
    const json::object* def = container(*td, name);
    if (def == nullptr) {
      invalid(fmt::format("The container {} does not exist in the task definition.", name));
    }
    std::int64_t port = lb.at("containerPort").to_number<std::int64_t>();
    bool found = false;
    if (const auto* mappings = array_member(*def, "portMappings")) {
      for (const auto& m : *mappings) {
        const auto* cp = m.as_object().if_contains("containerPort");
        found |= cp != nullptr && cp->is_int64() && cp->as_int64() == port;
      }
    }
    if (!found) {
      invalid(fmt::format("The container {} did not have a container port {} defined.", name, port));
    }
  }
}

}  // namespace

const TaskDefinition& require_task_definition(EcsState& state, std::string_view identifier) {
  std::string_view ref = identifier;
  if (ref.rfind("arn:", 0) == 0) {
    auto pos = ref.find(":task-definition/");
    if (pos == std::string_view::npos) {
      throw aws::ServiceError("InvalidParameterException", "TaskDefinition not found.");
    }
    ref = ref.substr(pos + 17);
  }
  if (auto colon = ref.find(':'); colon != std::string_view::npos) {
    std::string_view digits = ref.substr(colon + 1);
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), ::isdigit)) {
      // As ECS answers "family:latest": the revision is named, but it is not a number.
      throw aws::ServiceError("InvalidParameterException", fmt::format("Invalid revision number. Number: {}", digits));
    }
  }
  std::string family(ref.substr(0, ref.find(':')));
  auto fam = state.task_definitions.families.find(family);
  if (fam == state.task_definitions.families.end() || fam->second.empty()) {
    throw aws::ServiceError("InvalidParameterException", "TaskDefinition not found.");
  }
  const TaskDefinition* found = nullptr;
  if (auto colon = ref.find(':'); colon != std::string_view::npos) {
    int revision = 0;
    std::string digits(ref.substr(colon + 1));
    if (digits.size() > 9) {
      throw aws::ServiceError("InvalidParameterException", "TaskDefinition not found.");
    }
    revision = std::stoi(digits);
    auto it = fam->second.find(revision);
    if (it == fam->second.end()) {
      throw aws::ServiceError("InvalidParameterException", "TaskDefinition not found.");
    }
    found = &it->second;
  } else {
    for (auto it = fam->second.rbegin(); it != fam->second.rend() && found == nullptr; ++it) {
      if (it->second.status == "ACTIVE") {
        found = &it->second;
      }
    }
    if (found == nullptr) {
      throw aws::ServiceError("InvalidParameterException", "TaskDefinition not found.");
    }
  }
  if (found->status != "ACTIVE") {
    throw aws::ServiceError("ClientException", "TaskDefinition is inactive");
  }
  return *found;
}

LaunchSpec build_launch(const Cluster& cluster, const json::object& input, const TaskDefinition* td,
                        const LaunchSpec* base) {
  LaunchSpec launch;
  if (base != nullptr) {
    launch = *base;
  }
  if (td != nullptr) {
    launch.task_definition_arn = td->arn;
  }
  bool new_type = has_member(input, "launchType");
  bool new_strategy = has_member(input, "capacityProviderStrategy");
  if (new_type && new_strategy) {
    invalid(
        "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try "
        "again.");
  }
  for (const char* name : kCarried) {
    if (has_member(input, name)) {
      launch.parameters[name] = input.at(name);
    }
  }
  if (new_type) {
    launch.launch_type = std::string(string_member(input, "launchType"));
    launch.parameters.erase("capacityProviderStrategy");
  } else if (new_strategy) {
    launch.launch_type.clear();
  } else if (base == nullptr) {
    if (!cluster.default_strategy.empty()) {
      launch.parameters["capacityProviderStrategy"] = cluster.default_strategy;
    } else {
      launch.launch_type = "EC2";
    }
  }
  if (const auto* strategy = launch.parameters.if_contains("capacityProviderStrategy"); strategy != nullptr) {
    int with_base = 0;
    for (const auto& item : strategy->as_array()) {
      std::string_view name = string_member(item.as_object(), "capacityProvider");
      auto& providers = cluster.capacity_providers;
      if (std::find(providers.begin(), providers.end(), json::value(name)) == providers.end()) {
        invalid(
            fmt::format("The specified capacity provider strategy cannot contain a capacity provider that is "
                        "not associated with the cluster. Associate the capacity provider with the cluster or "
                        "specify a valid capacity provider and try again. ({})",
                        name));
      }
      if (const auto* b = item.as_object().if_contains("base"); b != nullptr && b->is_int64() && b->as_int64() > 0) {
        ++with_base;
      }
    }
    if (with_base > 1) {
      invalid("A capacity provider strategy can only have one capacity provider with a base value.");
    }
  }
  bool fargate = launch.launch_type == "FARGATE";
  if (const auto* strategy = launch.parameters.if_contains("capacityProviderStrategy"); strategy != nullptr) {
    for (const auto& item : strategy->as_array()) {
      fargate |= string_member(item.as_object(), "capacityProvider").rfind("FARGATE", 0) == 0;
    }
  }
  if (fargate) {
    std::string_view version = string_member(launch.parameters, "platformVersion", "LATEST");
    static const char* const kVersions[] = {"LATEST", "1.4.0", "1.3.0", "1.2.0", "1.1.0", "1.0.0"};
    if (std::find(std::begin(kVersions), std::end(kVersions), version) == std::end(kVersions)) {
      throw aws::ServiceError("PlatformUnknownException", "The specified platform version does not exist.");
    }
    launch.parameters["platformVersion"] = version;
    std::string_view family = "Linux";
    if (td != nullptr) {
      if (const auto* rp = td->spec.if_contains("runtimePlatform"); rp != nullptr && rp->is_object()) {
        std::string_view os = string_member(rp->as_object(), "operatingSystemFamily");
        family = os.empty() || os == "LINUX" ? "Linux" : "Windows";
      }
    }
    launch.parameters["platformFamily"] = family;
    if (td != nullptr && launch.launch_type == "FARGATE" && !supports(*td, "FARGATE")) {
      invalid("Task definition does not support launch_type FARGATE.");
    }
    if (td != nullptr && network_mode(*td) != "awsvpc") {
      invalid("Fargate only supports network mode 'awsvpc'.");
    }
  } else if (has_member(launch.parameters, "platformVersion")) {
    invalid(fmt::format("The platform version must be null when specifying an {} launch type.",
                        launch.launch_type.empty() ? "EC2" : launch.launch_type));
  }
  check_network(launch.parameters, td, launch.launch_type);
  check_load_balancers(launch.parameters, td);
  return launch;
}

json::object deployment_configuration(const json::object& input, std::string_view scheduling,
                                      const json::object* base) {
  json::object out;
  if (base != nullptr) {
    out = *base;
  } else {
    bool daemon = scheduling == "DAEMON";
    out["deploymentCircuitBreaker"] = json::object{{"enable", false}, {"rollback", false}};
    out["maximumPercent"] = daemon ? 100 : 200;
    out["minimumHealthyPercent"] = daemon ? 0 : 100;
  }
  if (const auto* v = input.if_contains("deploymentConfiguration"); v != nullptr && v->is_object()) {
    for (const auto& [key, value] : v->as_object()) {
      if (!value.is_null()) {
        out[key] = value;
      }
    }
  }
  auto number = [&](std::string_view key) { return out.contains(key) ? out.at(key).to_number<std::int64_t>() : 0; };
  if (number("maximumPercent") < 0 || number("minimumHealthyPercent") < 0) {
    invalid("maximumPercent and minimumHealthyPercent must not be negative.");
  }
  if (scheduling != "DAEMON" && number("maximumPercent") < 100 && number("minimumHealthyPercent") >= 100) {
    invalid("The maximumPercent must be greater than or equal to 100 when minimumHealthyPercent is 100.");
  }
  if (number("minimumHealthyPercent") > number("maximumPercent")) {
    invalid("minimumHealthyPercent must be less than or equal to maximumPercent.");
  }
  return out;
}

void check_placement(const json::object& input, std::string_view scheduling, std::string_view launch_type) {
  const auto* strategies = array_member(input, "placementStrategy");
  const auto* constraints = array_member(input, "placementConstraints");
  if (strategies != nullptr && !strategies->empty()) {
    if (scheduling == "DAEMON") {
      invalid(
          "The daemon scheduling strategy does not support placement strategies. Remove the placement "
          "strategy and try again");
    }
    if (launch_type == "FARGATE") {
      invalid("Placement strategies are not supported with the FARGATE launch type.");
    }
    if (strategies->size() > 5) {
      invalid("A service can have at most 5 placement strategies.");
    }
    for (const auto& s : *strategies) {
      std::string_view type = string_member(s.as_object(), "type");
      std::string_view field = string_member(s.as_object(), "field");
      if (type == "binpack" && field != "cpu" && field != "memory") {
        invalid("Invalid placement strategy field for binpack: use cpu or memory.");
      }
      if (type == "spread" && field.empty()) {
        invalid("A spread placement strategy requires a field.");
      }
    }
  }
  if (constraints != nullptr && !constraints->empty()) {
    if (launch_type == "FARGATE") {
      invalid("Placement constraints are not supported with the FARGATE launch type.");
    }
    if (constraints->size() > 10) {
      invalid("A service can have at most 10 placement constraints.");
    }
    for (const auto& c : *constraints) {
      std::string_view type = string_member(c.as_object(), "type");
      bool has_expression = has_member(c.as_object(), "expression");
      if (type == "distinctInstance" && has_expression) {
        invalid("An expression is not valid for the distinctInstance placement constraint.");
      }
      if (type == "memberOf" && !has_expression) {
        invalid("An expression is required for the memberOf placement constraint.");
      }
    }
  }
}

}  // namespace ecsemu::ecs
