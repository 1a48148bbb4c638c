// ECS Express Gateway services: CreateExpressGatewayService, UpdateExpressGatewayService,
// DeleteExpressGatewayService, DescribeExpressGatewayService.
//
// An Express service is realised with ecsemu's own resources: the `default` cluster (created with the Fargate
// capacity providers when absent), a task definition revision per configuration (family = service name) and an
// ECS service (same ARN) on Fargate. The load balancer, target group, security groups, certificate and
// Application Auto Scaling policies AWS provisions are not modelled: ingressPaths (the endpoint) are left out of
// every answer and the service runs scalingTarget.minTaskCount tasks.
#include "services/ecs/ecs_express_handlers.hpp"

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_express_model.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_model.hpp"
#include "services/ecs/ecs_service_handlers.hpp"
#include "services/ecs/ecs_task_definition_handlers.hpp"
#include "services/ecs/ecs_task_network.hpp"
#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxTags = 50;

[[noreturn]] void invalid(std::string message) {
  throw aws::ServiceError("InvalidParameterException", std::move(message));
}

unsigned random_suffix() {
  thread_local std::mt19937 engine(std::random_device{}());
  return engine();
}

Service* ecs_service_of(EcsState& state, const ExpressService& express) {
  auto it = state.services.services.find(express.arn);
  return it == state.services.services.end() ? nullptr : &it->second;
}

std::string status_code(const Service* service) { return service == nullptr ? "INACTIVE" : service->status; }

json::object configuration_view(const Service* service, const ExpressConfiguration& configuration) {
  json::object out = configuration.settings;
  out["createdAt"] = configuration.created_at;
  if (service != nullptr && !configuration.deployment_id.empty()) {
    out["serviceRevisionArn"] = service_revision_arn(*service, configuration.deployment_id);
  }
  return out;
}

json::object status_view(const Service* service) {
  std::string code = status_code(service);
  json::object out{{"statusCode", code}};
  if (code == "DRAINING") {
    out["statusReason"] = "The Express service is being deleted.";
  } else if (code == "INACTIVE") {
    out["statusReason"] = "The Express service has been deleted.";
  }
  return out;
}

json::object express_view(EcsState& state, const ExpressService& express, bool tags) {
  Service* service = ecs_service_of(state, express);
  json::object out{{"cluster", express.cluster_arn}, {"serviceName", express.name},
                   {"serviceArn", express.arn},      {"infrastructureRoleArn", express.infrastructure_role_arn},
                   {"status", status_view(service)}, {"createdAt", express.created_at},
                   {"updatedAt", express.updated_at}};
  json::array active;
  if (service != nullptr && service->status == "ACTIVE") {
    // The configurations whose deployments are still running (the new one and those it is replacing).
    for (const auto& configuration : express.configurations) {
      bool live = std::any_of(service->deployments.begin(), service->deployments.end(),
                              [&](const Deployment& d) { return d.id == configuration.deployment_id; });
      if (live) {
        active.push_back(configuration_view(service, configuration));
      }
    }
  }
  if (active.empty() && !express.configurations.empty()) {
    active.push_back(configuration_view(service, express.configurations.front()));
  }
  out["activeConfigurations"] = std::move(active);
  if (service != nullptr && !express.configurations.empty()) {
    if (const Deployment* d = find_deployment(*service, express.configurations.front().deployment_id);
        d != nullptr && !d->service_deployment_id.empty()) {
      out["currentDeployment"] = service_deployment_arn(*service, *d);
    }
  }
  if (tags && service != nullptr) {
    out["tags"] = tags_view(service->tags);
  }
  return out;
}

// The Express service `serviceArn` names. Missing: ClusterNotFoundException when its cluster does not exist,
// else `missing_code`. A malformed ARN: InvalidParameterException.
ExpressService& require_express(aws::RequestContext& ctx, const json::object& input, const char* missing_code) {
  EcsState& state = ctx.store().ecs;
  std::string_view arn = string_member(input, "serviceArn");
  std::string cluster = cluster_name_from_service_arn(arn);
  if (arn.rfind("arn:", 0) != 0 || cluster.empty() || service_name_from_identifier(arn).empty()) {
    invalid("serviceArn must be the full ARN of an Express service (arn:aws:ecs:REGION:ACCOUNT:service/CLUSTER/NAME).");
  }
  if (auto it = state.express_services.services.find(std::string(arn)); it != state.express_services.services.end()) {
    if (Service* service = ecs_service_of(state, it->second)) {
      evaluate_service(state, *service, epoch_seconds(ctx));
    }
    return it->second;
  }
  auto c = state.clusters.find(cluster);
  bool here = arn.find(fmt::format(":{}:{}:", ctx.region, ctx.account_id)) != std::string_view::npos;
  if (!here || c == state.clusters.end() || c->second.status != "ACTIVE") {
    throw aws::ServiceError("ClusterNotFoundException", "Cluster not found.");
  }
  throw aws::ServiceError(missing_code, std::string_view(missing_code) == "ResourceNotFoundException"
                                            ? "The specified Express service could not be found."
                                            : "Service not found.");
}

std::string registered_arn(const json::value& registered) {
  return std::string(registered.as_object().at("taskDefinition").as_object().at("taskDefinitionArn").as_string());
}

void deregister_quietly(aws::RequestContext& ctx, const std::string& arn) {
  try {
    deregister_task_definition(ctx, json::object{{"taskDefinition", arn}});
  } catch (const aws::ServiceError&) {
  }
}

std::string primary_deployment_id(const Service& service) {
  return service.deployments.empty() ? std::string() : service.deployments.front().id;
}

}  // namespace

json::value create_express_gateway_service(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  double now = epoch_seconds(ctx);

  // Check everything before creating anything.
  std::string cluster_name = cluster_name_from_identifier(string_member(input, "cluster", "default"));
  if (cluster_name.empty()) {
    invalid("The specified cluster identifier is not valid.");
  }
  auto cluster_it = state.clusters.find(cluster_name);
  bool cluster_exists = cluster_it != state.clusters.end() && cluster_it->second.status == "ACTIVE";
  if (!cluster_exists && cluster_name != "default") {
    throw aws::ServiceError("ClusterNotFoundException", "Cluster not found.");
  }
  if (!valid_role_arn(string_member(input, "infrastructureRoleArn"))) {
    invalid("infrastructureRoleArn must be the ARN of an IAM role.");
  }
  const auto* primary = input.if_contains("primaryContainer");
  std::string_view image =
      primary != nullptr && primary->is_object() ? string_member(primary->as_object(), "image") : std::string_view{};
  std::string name = has_member(input, "serviceName") ? std::string(string_member(input, "serviceName"))
                                                      : default_express_service_name(image, random_suffix());
  if (!valid_service_name(name)) {
    invalid("Service name can have up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.");
  }
  std::string arn = service_arn(ctx.region, ctx.account_id, cluster_name, name);
  if (auto it = state.services.services.find(arn); it != state.services.services.end()) {
    evaluate_service(state, it->second, now);
    if (it->second.status == "ACTIVE") {
      invalid(fmt::format("A service named {} already exists in cluster {}.", name, cluster_name));
    }
    if (it->second.status == "DRAINING") {
      invalid("Unable to Start a service that is still Draining.");
    }
  }
  json::object settings = express_settings({}, input, cluster_name, name);
  json::object td_input = express_task_definition_input(settings, name, ctx.region);
  (void)checked_task_definition_spec(td_input);
  Tags tags = parse_tags(input);
  if (tags.size() > kMaxTags) {
    invalid(fmt::format("A resource can have at most {} tags.", kMaxTags));
  }
  json::object awsvpc = express_awsvpc_configuration(settings, ctx.region, ctx.account_id,
                                                     default_subnet_ids(ctx.store().ec2, ctx.region));
  // Checked before anything is created: the subnets and security groups must exist.
  validate_launch_network(ctx.store().ec2, ctx.region,
                          json::object{{"networkConfiguration", json::object{{"awsvpcConfiguration", awsvpc}}}});

  if (!cluster_exists) {
    create_cluster(
        ctx, json::object{{"clusterName", "default"}, {"capacityProviders", json::array{"FARGATE", "FARGATE_SPOT"}}});
  }
  std::string td_arn = registered_arn(register_task_definition(ctx, td_input));
  std::string cluster = cluster_arn(ctx.region, ctx.account_id, cluster_name);
  json::object service_input{{"cluster", cluster},
                             {"serviceName", name},
                             {"taskDefinition", td_arn},
                             {"desiredCount", express_min_tasks(settings)},
                             {"launchType", "FARGATE"},
                             {"networkConfiguration", json::object{{"awsvpcConfiguration", std::move(awsvpc)}}},
                             {"enableECSManagedTags", true},
                             {"propagateTags", "SERVICE"}};
  if (const auto* t = input.if_contains("tags"); t != nullptr && t->is_array() && !t->as_array().empty()) {
    service_input["tags"] = *t;
  }
  try {
    create_service(ctx, service_input);
  } catch (const aws::ServiceError&) {
    deregister_quietly(ctx, td_arn);
    throw;
  }
  Service& service = state.services.services.at(arn);

  ExpressService express;
  express.arn = arn;
  express.name = name;
  express.cluster_arn = cluster;
  express.infrastructure_role_arn = std::string(string_member(input, "infrastructureRoleArn"));
  express.created_at = now;
  express.updated_at = now;
  express.configurations.push_back(
      ExpressConfiguration{std::move(settings), td_arn, primary_deployment_id(service), now});
  ExpressService& stored = state.express_services.services[arn] = std::move(express);
  return json::object{{"service", express_view(state, stored, !service.tags.empty())}};
}

json::value update_express_gateway_service(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  ExpressService& express = require_express(ctx, input, "ServiceNotFoundException");
  Service* service = ecs_service_of(state, express);
  if (service == nullptr || service->status != "ACTIVE") {
    throw aws::ServiceError("ServiceNotActiveException", "Service was not ACTIVE.");
  }
  double now = epoch_seconds(ctx);
  std::string cluster_name(cluster_name_from_service_arn(express.arn));
  const ExpressConfiguration& current = express.configurations.front();
  json::object settings = express_settings(current.settings, input, cluster_name, express.name);
  if (settings != current.settings) {
    json::object td_input = express_task_definition_input(settings, express.name, ctx.region);
    (void)checked_task_definition_spec(td_input);
    std::string td_arn = registered_arn(register_task_definition(ctx, td_input));
    const json::object& scaling = settings.at("scalingTarget").as_object();
    int min = express_min_tasks(settings);
    int max = static_cast<int>(scaling.at("maxTaskCount").to_number<std::int64_t>());
    json::object service_input{
        {"cluster", express.cluster_arn},
        {"service", express.arn},
        {"taskDefinition", td_arn},
        {"desiredCount", std::clamp(service->desired_count, min, max)},
        {"networkConfiguration",
         json::object{
             {"awsvpcConfiguration", express_awsvpc_configuration(settings, ctx.region, ctx.account_id,
                                                                  default_subnet_ids(ctx.store().ec2, ctx.region))}}}};
    try {
      update_service(ctx, service_input);
    } catch (const aws::ServiceError&) {
      deregister_quietly(ctx, td_arn);
      throw;
    }
    service = ecs_service_of(state, express);
    express.configurations.insert(
        express.configurations.begin(),
        ExpressConfiguration{std::move(settings), td_arn, primary_deployment_id(*service), now});
    express.updated_at = now;
  }
  json::object out{{"cluster", express.cluster_arn},
                   {"serviceName", express.name},
                   {"serviceArn", express.arn},
                   {"status", status_view(service)},
                   {"targetConfiguration", configuration_view(service, express.configurations.front())},
                   {"createdAt", express.created_at},
                   {"updatedAt", express.updated_at}};
  return json::object{{"service", std::move(out)}};
}

json::value delete_express_gateway_service(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  ExpressService& express = require_express(ctx, input, "ServiceNotFoundException");
  Service* service = ecs_service_of(state, express);
  if (service == nullptr || service->status != "ACTIVE") {
    throw aws::ServiceError("ServiceNotActiveException", "Service was not ACTIVE.");
  }
  delete_service(ctx, json::object{{"cluster", express.cluster_arn}, {"service", express.arn}, {"force", true}});
  express.updated_at = epoch_seconds(ctx);
  return json::object{{"service", express_view(state, express, false)}};
}

json::value describe_express_gateway_service(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  ExpressService& express = require_express(ctx, input, "ResourceNotFoundException");
  std::vector<std::string> include = string_list(input, "include");
  bool tags = std::find(include.begin(), include.end(), "TAGS") != include.end();
  return json::object{{"service", express_view(state, express, tags)}};
}

void register_express_operations(aws::OperationRegistry& registry) {
  registry.add("ecs", "CreateExpressGatewayService", &create_express_gateway_service);
  registry.add("ecs", "UpdateExpressGatewayService", &update_express_gateway_service);
  registry.add("ecs", "DeleteExpressGatewayService", &delete_express_gateway_service);
  registry.add("ecs", "DescribeExpressGatewayService", &describe_express_gateway_service);
}

}  // namespace ecsemu::ecs
