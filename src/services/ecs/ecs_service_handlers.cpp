// ECS services: CreateService, UpdateService, DeleteService, DescribeServices, ListServices,
// ListServicesByNamespace; also the service hooks of ecs_model.hpp and the area's registration.
#include "services/ecs/ecs_service_handlers.hpp"

#include <chrono>

#include <fmt/format.h>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_service_params.hpp"
#include "services/ecs/ecs_service_views.hpp"
#include "services/ecs/ecs_task_definition_json.hpp"
#include "services/ecs/ecs_task_network.hpp"
#include "services/ecs/ecs_views.hpp"
#include "services/elbv2/elbv2_model.hpp"
#include "services/iam/iam_model.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

[[noreturn]] void invalid(std::string message) {
  throw aws::ServiceError("InvalidParameterException", std::move(message));
}

std::optional<bool> bool_member(const json::object& input, std::string_view name) {
  const auto* v = input.if_contains(name);
  if (v == nullptr || !v->is_bool()) {
    return std::nullopt;
  }
  return v->as_bool();
}

bool has_load_balancers(const LaunchSpec& launch) {
  const auto* lbs = launch.parameters.if_contains("loadBalancers");
  return lbs != nullptr && lbs->is_array() && !lbs->as_array().empty();
}

// The target groups a service's loadBalancers name must exist in the region, belong to a load balancer, and be
// of target type ip for awsvpc tasks.
void check_target_groups(const elbv2::Elbv2State& elb, const json::object& params, const TaskDefinition* td) {
  const auto* lbs = params.if_contains("loadBalancers");
  if (lbs == nullptr || !lbs->is_array()) {
    return;
  }
  for (const auto& item : lbs->as_array()) {
    std::string arn(string_member(item.as_object(), "targetGroupArn"));
    if (arn.empty()) {
      continue;
    }
    auto group = elb.target_groups.find(arn);
    if (group == elb.target_groups.end()) {
      invalid(fmt::format("The target group with targetGroupArn {} does not exist.", arn));
    }
    if (!elbv2::group_in_use(elb, arn)) {
      invalid(fmt::format("The target group with targetGroupArn {} does not have an associated load balancer.", arn));
    }
    if (td != nullptr && string_member(td->spec, "networkMode", "bridge") == "awsvpc" &&
        group->second.target_type != "ip") {
      invalid(
          fmt::format("The provided target group {} has target type {}, which is incompatible with the awsvpc "
                      "network mode specified in the task definition.",
                      arn, group->second.target_type));
    }
  }
}

// CreateService's `role` (name, path/name or ARN): allowed only with exactly one load balancer and tasks outside
// awsvpc (everything else uses the ECS service-linked role); the role must exist, as ECS assumes it to validate
// the target group. Returns the role's ARN.
std::string check_service_role(const aws::RequestContext& ctx, std::string_view role, const LaunchSpec& launch,
                               const TaskDefinition* td) {
  const auto* lbs = launch.parameters.if_contains("loadBalancers");
  std::size_t count = lbs != nullptr && lbs->is_array() ? lbs->as_array().size() : 0;
  bool awsvpc = td != nullptr && td_json::network_mode(td->spec) == "awsvpc";
  if (count != 1 || awsvpc) {
    invalid("You cannot specify an IAM role for services that require a service linked role.");
  }
  const iam::IamState* iam = ctx.world->find_iam(ctx.account_id);
  const iam::Role* found = nullptr;
  if (iam != nullptr && role.rfind("arn:", 0) == 0) {
    found = iam->find_role_by_arn(role);
  } else if (iam != nullptr) {
    std::size_t slash = role.rfind('/');
    std::string_view name = slash == std::string_view::npos ? role : role.substr(slash + 1);
    std::string path = slash == std::string_view::npos ? "/" : "/" + std::string(role.substr(0, slash + 1));
    if (path.size() > 1 && path[1] == '/') {
      path.erase(0, 1);  // "/path/name" given with its leading slash
    }
    found = iam->find_role(name);
    if (found != nullptr && found->path != path) {
      found = nullptr;
    }
  }
  if (found == nullptr) {
    invalid(
        "Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role "
        "being passed has the proper permissions.");
  }
  return found->arn;
}

void check_grace_period(const Service& service) {
  if (service.health_check_grace_period && !has_load_balancers(service.launch)) {
    invalid("Health check grace period is only valid for services configured to use load balancers");
  }
}

std::string fargate_or_type(const Service& service) {
  if (!service.launch.launch_type.empty()) {
    return service.launch.launch_type;
  }
  const auto* strategy = service.launch.parameters.if_contains("capacityProviderStrategy");
  if (strategy != nullptr && strategy->is_array()) {
    for (const auto& item : strategy->as_array()) {
      if (string_member(item.as_object(), "capacityProvider").rfind("FARGATE", 0) == 0) {
        return "FARGATE";
      }
    }
  }
  return "EC2";
}

std::size_t page_limit(const json::object& input, std::size_t fallback) {
  std::optional<int> max = int_member(input, "maxResults");
  if (!max) {
    return fallback;
  }
  if (*max < 1 || *max > 100) {
    invalid("maxResults must be between 1 and 100.");
  }
  return static_cast<std::size_t>(*max);
}

}  // namespace

double epoch_seconds(const aws::RequestContext& ctx) {
  return std::chrono::duration<double>(ctx.now.time_since_epoch()).count();
}

Service& require_service(aws::RequestContext& ctx, const json::object& input, Cluster** cluster_out) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  if (cluster_out != nullptr) {
    *cluster_out = &cluster;
  }
  Service* service = find_service(state, cluster.arn, string_member(input, "service"));
  if (service == nullptr) {
    throw aws::ServiceError("ServiceNotFoundException", "Service not found.");
  }
  evaluate_service(state, *service, epoch_seconds(ctx));
  return *service;
}

void request_scheduling(aws::RequestContext& ctx) { ctx.changes.services = true; }

void require_active(const Service& service) {
  if (service.status != "ACTIVE") {
    throw aws::ServiceError("ServiceNotActiveException", "Service was not ACTIVE.");
  }
}

json::value create_service(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  double now = epoch_seconds(ctx);
  std::string name(string_member(input, "serviceName"));
  if (!valid_service_name(name)) {
    invalid(
        "Service name can have up to 255 letters (uppercase and lowercase), numbers, underscores, and "
        "hyphens.");
  }
  json::object request = input;
  request.erase("clientToken");
  std::string arn = service_arn(ctx.region, ctx.account_id, cluster.name, name);
  if (auto it = state.services.services.find(arn); it != state.services.services.end()) {
    Service& existing = it->second;
    evaluate_service(state, existing, now);
    if (existing.status == "ACTIVE") {
      if (existing.create_request != request) {
        invalid("Creation of service was not idempotent.");
      }
      return json::object{{"service", service_view(state, existing, true)}};
    }
    if (existing.status == "DRAINING") {
      invalid("Unable to Start a service that is still Draining.");
    }
  }

  Service service;
  service.arn = arn;
  service.name = name;
  service.cluster_arn = cluster.arn;
  service.created_at = now;
  service.created_by = fmt::format("arn:aws:iam::{}:root", ctx.account_id);
  service.create_request = std::move(request);
  service.scheduling_strategy = std::string(string_member(input, "schedulingStrategy", "REPLICA"));
  if (const auto* controller = input.if_contains("deploymentController");
      controller != nullptr && controller->is_object()) {
    service.controller = std::string(string_member(controller->as_object(), "type", "ECS"));
  }
  bool daemon = service.scheduling_strategy == "DAEMON";
  std::optional<long> desired = int_member(input, "desiredCount");
  if (daemon && desired) {
    invalid(
        "The daemon scheduling strategy does not support a desired count for services. Remove the desired "
        "count value and try again");
  }
  if (daemon && service.controller != "ECS") {
    invalid("The DAEMON scheduling strategy is supported only with the ECS deployment controller.");
  }
  if (desired && *desired < 0) {
    invalid("The desired count must be greater than or equal to 0.");
  }
  service.desired_count = daemon ? 0 : desired.value_or(1);

  const TaskDefinition* td = nullptr;
  std::string_view td_ref = string_member(input, "taskDefinition");
  if (service.controller == "EXTERNAL") {
    // Task sets carry these; ECS words the refusal per member (an empty task definition reads as a family).
    if (has_member(input, "taskDefinition")) {
      invalid(td_ref.empty() ? "Family should not be null or empty." : "TaskDefinition must be blank.");
    }
    for (auto [member, shown] : {std::pair{"launchType", "LaunchType"},
                                 {"capacityProviderStrategy", "CapacityProviderStrategy"},
                                 {"platformVersion", "PlatformVersion"},
                                 {"networkConfiguration", "NetworkConfiguration"},
                                 {"loadBalancers", "LoadBalancers"},
                                 {"serviceRegistries", "ServiceRegistries"}}) {
      if (has_member(input, member)) {
        invalid(fmt::format("{} must be null.", shown));
      }
    }
  } else if (td_ref.empty()) {
    invalid("Task Definition can not be blank.");
  } else {
    td = &require_task_definition(state, td_ref);
  }
  service.launch = build_launch(cluster, input, td, nullptr);
  validate_launch_network(ctx.store().ec2, ctx.region, service.launch.parameters);
  check_target_groups(ctx.store().elbv2, service.launch.parameters, td);
  if (service.controller == "EXTERNAL") {
    service.launch.launch_type.clear();
    service.launch.parameters.erase("capacityProviderStrategy");
  }
  if (daemon && fargate_or_type(service) == "FARGATE") {
    invalid("The DAEMON scheduling strategy is not supported with the FARGATE launch type.");
  }
  if (has_load_balancers(service.launch) && service.launch.launch_type == "EC2" &&
      service.scheduling_strategy == "DAEMON") {
    // Allowed since 2023; nothing to check.
  }
  service.deployment_configuration = deployment_configuration(input, service.scheduling_strategy, nullptr);
  if (service.controller != "ECS" && service.deployment_configuration.contains("deploymentCircuitBreaker") &&
      service.deployment_configuration.at("deploymentCircuitBreaker").as_object().at("enable") == true) {
    invalid("The deployment circuit breaker is supported only with the ECS deployment controller.");
  }
  check_placement(input, service.scheduling_strategy, fargate_or_type(service));
  if (const auto* v = array_member(input, "placementConstraints")) {
    service.placement_constraints = *v;
  }
  if (const auto* v = array_member(input, "placementStrategy")) {
    service.placement_strategy = *v;
  }
  service.health_check_grace_period = int_member(input, "healthCheckGracePeriodSeconds");
  check_grace_period(service);
  service.enable_ecs_managed_tags = bool_member(input, "enableECSManagedTags").value_or(false);
  service.enable_execute_command = bool_member(input, "enableExecuteCommand").value_or(false);
  service.propagate_tags = std::string(string_member(input, "propagateTags", "NONE"));
  service.availability_zone_rebalancing =
      std::string(string_member(input, "availabilityZoneRebalancing", daemon ? "DISABLED" : "ENABLED"));
  if (std::string_view role = string_member(input, "role"); !role.empty()) {
    service.role_arn = check_service_role(ctx, role, service.launch, td);
  }
  service.tags = parse_tags(input);
  if (service.tags.size() > 50) {
    invalid("A resource can have at most 50 tags.");
  }
  if (service.controller == "ECS") {
    start_deployment(service, service.launch, now);
  }
  Service& stored = state.services.services[arn] = std::move(service);
  evaluate_service(state, stored, now);
  request_scheduling(ctx);
  return json::object{{"service", service_view(state, stored, true)}};
}

json::value update_service(aws::RequestContext& ctx, const json::object& input) {
  Cluster* cluster = nullptr;
  Service& service = require_service(ctx, input, &cluster);
  require_active(service);
  EcsState& state = ctx.store().ecs;
  double now = epoch_seconds(ctx);
  bool daemon = service.scheduling_strategy == "DAEMON";
  std::optional<long> desired = int_member(input, "desiredCount");
  if (desired && daemon) {
    invalid(
        "The daemon scheduling strategy does not support a desired count for services. Remove the desired "
        "count value and try again");
  }
  if (desired && *desired < 0) {
    invalid("The desired count must be greater than or equal to 0.");
  }
  static const char* const kDeploying[] = {"taskDefinition",           "launchType",
                                           "capacityProviderStrategy", "platformVersion",
                                           "networkConfiguration",     "loadBalancers",
                                           "serviceRegistries",        "serviceConnectConfiguration",
                                           "volumeConfigurations",     "vpcLatticeConfigurations",
                                           "placementConstraints",     "placementStrategy"};
  bool redeploy = bool_member(input, "forceNewDeployment").value_or(false);
  for (const char* member : kDeploying) {
    redeploy |= has_member(input, member);
  }
  if (service.controller == "CODE_DEPLOY" && has_member(input, "taskDefinition")) {
    invalid(
        "Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS "
        "CodeDeploy to trigger a new deployment.");
  }
  if (service.controller != "ECS" && redeploy) {
    invalid(
        fmt::format("Only desiredCount, deploymentConfiguration, healthCheckGracePeriodSeconds and tag "
                    "settings can be updated for a service that uses the {} deployment controller.",
                    service.controller));
  }
  if (const auto* controller = input.if_contains("deploymentController");
      controller != nullptr && controller->is_object()) {
    std::string_view type = string_member(controller->as_object(), "type");
    if (type != service.controller) {
      invalid("Updating the deployment controller of a service is not supported by this emulator.");
    }
  }
  // Compute everything before changing anything, so a refused update leaves the service as it was.
  LaunchSpec launch = service.launch;
  if (redeploy) {
    const TaskDefinition* td = nullptr;
    if (has_member(input, "taskDefinition")) {
      td = &require_task_definition(state, string_member(input, "taskDefinition"));
    } else if (!service.launch.task_definition_arn.empty()) {
      td = &require_task_definition(state, service.launch.task_definition_arn);
    }
    launch = build_launch(*cluster, input, td, &service.launch);
    validate_launch_network(ctx.store().ec2, ctx.region, launch.parameters);
    check_target_groups(ctx.store().elbv2, launch.parameters, td);
    check_placement(input, service.scheduling_strategy,
                    launch.launch_type.empty() ? fargate_or_type(service) : launch.launch_type);
  }
  json::object configuration =
      deployment_configuration(input, service.scheduling_strategy, &service.deployment_configuration);
  std::optional<int> grace = service.health_check_grace_period;
  if (has_member(input, "healthCheckGracePeriodSeconds")) {
    grace = int_member(input, "healthCheckGracePeriodSeconds");
  }
  const auto* lbs = launch.parameters.if_contains("loadBalancers");
  if (grace && (lbs == nullptr || !lbs->is_array() || lbs->as_array().empty())) {
    invalid("Health check grace period is only valid for services configured to use load balancers");
  }

  service.deployment_configuration = std::move(configuration);
  service.health_check_grace_period = grace;
  if (const auto* v = array_member(input, "placementConstraints")) {
    service.placement_constraints = *v;
  }
  if (const auto* v = array_member(input, "placementStrategy")) {
    service.placement_strategy = *v;
  }
  if (auto v = bool_member(input, "enableECSManagedTags")) {
    service.enable_ecs_managed_tags = *v;
  }
  if (auto v = bool_member(input, "enableExecuteCommand")) {
    service.enable_execute_command = *v;
  }
  if (has_member(input, "propagateTags")) {
    service.propagate_tags = std::string(string_member(input, "propagateTags"));
  }
  if (has_member(input, "availabilityZoneRebalancing")) {
    service.availability_zone_rebalancing = std::string(string_member(input, "availabilityZoneRebalancing"));
  }
  if (desired) {
    service.desired_count = *desired;
    if (!service.deployments.empty() && !redeploy) {
      service.deployments.front().desired_count = *desired;
      service.deployments.front().updated_at = now;
    }
  }
  if (redeploy) {
    start_deployment(service, std::move(launch), now);
  }
  evaluate_service(state, service, now);
  request_scheduling(ctx);
  return json::object{{"service", service_view(state, service, false)}};
}

json::value delete_service(aws::RequestContext& ctx, const json::object& input) {
  Service& service = require_service(ctx, input);
  if (service.status == "INACTIVE") {
    throw aws::ServiceError("ServiceNotFoundException", "Service not found.");
  }
  if (service.status == "DRAINING") {
    throw aws::ServiceError("ServiceNotActiveException", "Service was not ACTIVE.");
  }
  bool force = bool_member(input, "force").value_or(false);
  if (service.scheduling_strategy == "REPLICA" && service.desired_count > 0 && !force) {
    invalid("The service cannot be stopped while it is scaled above 0.");
  }
  double now = epoch_seconds(ctx);
  service.desired_count = 0;
  service.status = "DRAINING";
  for (auto& d : service.deployments) {
    d.desired_count = 0;
    d.updated_at = now;
  }
  for (auto& ts : service.task_sets) {
    ts.status = "DRAINING";
    ts.updated_at = now;
  }
  request_scheduling(ctx);
  // The answer shows the service as the request left it (DRAINING); it becomes INACTIVE once no task remains,
  // which the next read evaluates.
  return json::object{{"service", service_view(ctx.store().ecs, service, false)}};
}

json::value describe_services(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  std::vector<std::string> identifiers = string_list(input, "services");
  if (identifiers.empty()) {
    invalid("Services cannot be empty.");
  }
  if (identifiers.size() > 10) {
    invalid("services can have at most 10 items.");
  }
  bool tags = false;
  for (const auto& field : string_list(input, "include")) {
    tags |= field == "TAGS";
  }
  double now = epoch_seconds(ctx);
  json::array services;
  json::array failures;
  for (const auto& identifier : identifiers) {
    Service* service = find_service(state, cluster.arn, identifier);
    if (service == nullptr) {
      // A name that matches no service is reported in the short ARN form, without the cluster (as ECS
      // answers it: "arn:aws:ecs:REGION:ACCOUNT:service/NAME is MISSING").
      std::string arn = identifier.rfind("arn:", 0) == 0
                            ? identifier
                            : fmt::format("arn:aws:ecs:{}:{}:service/{}", ctx.region, ctx.account_id, identifier);
      failures.push_back(failure_view(arn, "MISSING"));
      continue;
    }
    evaluate_service(state, *service, now);
    services.push_back(service_view(state, *service, tags));
  }
  return json::object{{"services", std::move(services)}, {"failures", std::move(failures)}};
}

json::value list_services(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  std::size_t limit = page_limit(input, 10);
  std::string_view launch_type = string_member(input, "launchType");
  std::string_view scheduling = string_member(input, "schedulingStrategy");
  std::string_view management = string_member(input, "resourceManagementType");
  std::string prefix = services_prefix(cluster.arn);
  auto& services = state.services.services;
  auto it = services.lower_bound(prefix);
  if (const auto* token = input.if_contains("nextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    if (!last || last->rfind(prefix, 0) != 0) {
      invalid("Invalid token");
    }
    it = services.upper_bound(*last);
  }
  double now = epoch_seconds(ctx);
  auto matches = [&](Service& s) {
    evaluate_service(state, s, now);
    return s.status != "INACTIVE" && (launch_type.empty() || fargate_or_type(s) == launch_type) &&
           (scheduling.empty() || s.scheduling_strategy == scheduling) &&
           (management.empty() || management == "CUSTOMER");
  };
  json::array arns;
  std::string last_key;
  for (; it != services.end() && it->first.rfind(prefix, 0) == 0 && arns.size() < limit; ++it) {
    if (matches(it->second)) {
      arns.emplace_back(it->second.arn);
      last_key = it->first;
    }
  }
  while (it != services.end() && it->first.rfind(prefix, 0) == 0 && !matches(it->second)) {
    ++it;
  }
  json::object out{{"serviceArns", std::move(arns)}};
  if (it != services.end() && it->first.rfind(prefix, 0) == 0) {
    out["nextToken"] = aws::encode_page_token(last_key);
  }
  return out;
}

json::value list_services_by_namespace(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  std::string_view ns = string_member(input, "namespace");
  // A namespace is named by name or Cloud Map ARN; services name it the way they were given it.
  auto same = [&](std::string_view other) {
    if (other.empty()) {
      return false;
    }
    auto tail = [](std::string_view s) {
      return s.substr(s.rfind('/') == std::string_view::npos ? 0 : s.rfind('/') + 1);
    };
    return other == ns || tail(other) == tail(ns);
  };
  std::size_t limit = page_limit(input, 10);
  bool known = false;
  for (const auto& [name, cluster] : state.clusters) {
    if (cluster.service_connect_defaults.is_object()) {
      known |= same(string_member(cluster.service_connect_defaults.as_object(), "namespace"));
    }
  }
  std::vector<const Service*> found;
  double now = epoch_seconds(ctx);
  for (auto& [arn, service] : state.services.services) {
    const auto* sc = service.launch.parameters.if_contains("serviceConnectConfiguration");
    if (sc == nullptr || !sc->is_object() || !same(string_member(sc->as_object(), "namespace"))) {
      continue;
    }
    known = true;
    evaluate_service(state, service, now);
    if (service.status == "ACTIVE") {
      found.push_back(&service);
    }
  }
  if (!known) {
    throw aws::ServiceError("NamespaceNotFoundException", "The specified namespace wasn't found.");
  }
  auto it = found.begin();
  if (const auto* token = input.if_contains("nextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    if (!last) {
      invalid("Invalid token");
    }
    it = std::upper_bound(found.begin(), found.end(), *last,
                          [](const std::string& key, const Service* s) { return key < s->arn; });
  }
  json::array arns;
  for (; it != found.end() && arns.size() < limit; ++it) {
    arns.emplace_back((*it)->arn);
  }
  json::object out{{"serviceArns", arns}};
  if (it != found.end()) {
    out["nextToken"] = aws::encode_page_token(arns.back().as_string());
  }
  return out;
}

Tags* find_service_tags(EcsState& state, std::string_view id) {
  // id: CLUSTER/NAME
  auto slash = id.find('/');
  if (slash == std::string_view::npos) {
    return nullptr;
  }
  for (auto& [arn, service] : state.services.services) {
    if (arn.size() > id.size() && arn.compare(arn.size() - id.size(), id.size(), id) == 0 &&
        arn[arn.size() - id.size() - 1] == '/' && service.status != "INACTIVE") {
      return &service.tags;
    }
  }
  return nullptr;
}

void add_service_counts(const EcsState& state, std::string_view cluster_arn, ClusterCounts& counts) {
  std::string prefix = services_prefix(cluster_arn);
  for (auto it = services_begin(state.services, cluster_arn);
       it != state.services.services.end() && it->first.rfind(prefix, 0) == 0; ++it) {
    const Service& service = it->second;
    bool fargate = fargate_or_type(service) == "FARGATE";
    if (service.status == "ACTIVE") {
      ++counts.active_services;
      ++(fargate ? counts.active_fargate_services : counts.active_ec2_services);
    } else if (service.status == "DRAINING") {
      // A draining service with no task left is INACTIVE already (evaluate_service decides it on the next read).
      if (service_task_counts(state, service).live > 0) {
        ++counts.draining_services;
        ++(fargate ? counts.draining_fargate_services : counts.draining_ec2_services);
      }
    }
  }
}

void register_service_operations(aws::OperationRegistry& registry) {
  registry.add("ecs", "CreateService", &create_service);
  registry.add("ecs", "UpdateService", &update_service);
  registry.add("ecs", "DeleteService", &delete_service);
  registry.add("ecs", "DescribeServices", &describe_services);
  registry.add("ecs", "ListServices", &list_services);
  registry.add("ecs", "ListServicesByNamespace", &list_services_by_namespace);
  registry.add("ecs", "ListServiceDeployments", &list_service_deployments);
  registry.add("ecs", "DescribeServiceDeployments", &describe_service_deployments);
  registry.add("ecs", "DescribeServiceRevisions", &describe_service_revisions);
  registry.add("ecs", "StopServiceDeployment", &stop_service_deployment);
  registry.add("ecs", "ContinueServiceDeployment", &continue_service_deployment);
  registry.add("ecs", "CreateTaskSet", &create_task_set);
  registry.add("ecs", "UpdateTaskSet", &update_task_set);
  registry.add("ecs", "DeleteTaskSet", &delete_task_set);
  registry.add("ecs", "DescribeTaskSets", &describe_task_sets);
  registry.add("ecs", "UpdateServicePrimaryTaskSet", &update_service_primary_task_set);
}

}  // namespace ecsemu::ecs
