#pragma once

// ECS Express Gateway services (Express Mode): a managed bundle of a cluster, a task definition and an ECS service
// (and, on AWS, a load balancer, target group, security groups, certificate and autoscaling, which ecsemu does not
// model). The Express service's ARN is its ECS service's ARN; its status and tags are the ECS service's.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace ecsemu::ecs {

// One configuration (service revision) of an Express service. `settings` holds the ExpressGatewayServiceConfiguration
// members the client controls, defaults applied, keyed by the spec's member names: cpu, memory, executionRoleArn,
// taskRoleArn, healthCheckPath, networkConfiguration, primaryContainer, scalingTarget.
struct ExpressConfiguration {
  boost::json::object settings;
  std::string task_definition_arn;
  std::string deployment_id;  // the ECS deployment ("ecs-svc/...") that rolls this configuration out
  double created_at = 0;
};

// Contract: arn (== the ECS service's ARN), name, cluster_arn.
struct ExpressService {
  std::string arn;
  std::string name;
  std::string cluster_arn;
  std::string infrastructure_role_arn;
  double created_at = 0;
  double updated_at = 0;
  std::vector<ExpressConfiguration> configurations;  // newest first
};

struct ExpressServiceStore {
  std::map<std::string, ExpressService> services;  // by ARN
};

// --- model rules (ecs_express_model.cpp) -------------------------------------------------------------------
inline constexpr std::string_view kExpressDefaultCpu = "1024";
inline constexpr std::string_view kExpressDefaultMemory = "2048";
inline constexpr int kExpressDefaultPort = 80;
inline constexpr std::string_view kExpressDefaultHealthCheckPath = "/";
inline constexpr std::string_view kExpressContainerName = "Main";

// True for IAM role ARNs ("arn:PARTITION:iam::ACCOUNT:role/NAME").
bool valid_role_arn(std::string_view arn);

// The settings of a new configuration: `base` (the current settings, or empty for a create) updated with the
// members `input` carries, defaults filled in. Throws InvalidParameterException for values AWS refuses.
boost::json::object express_settings(const boost::json::object& base, const boost::json::object& input,
                                     std::string_view cluster_name, std::string_view service_name);

// The RegisterTaskDefinition input that realises `settings` (family = the service name).
boost::json::object express_task_definition_input(const boost::json::object& settings, std::string_view family,
                                                  std::string_view region);

// The awsvpcConfiguration the service's tasks use: the settings' subnets and security groups, or the account's
// default VPC subnets (`default_subnets`; stand-ins when empty) with a public IP.
boost::json::object express_awsvpc_configuration(const boost::json::object& settings, std::string_view region,
                                                 std::string_view account,
                                                 const std::vector<std::string>& default_subnets = {});

// The tasks the service starts with: the scaling target's minimum (1 by default).
int express_min_tasks(const boost::json::object& settings);

// A service name derived from the image ("nginx:1.25" -> "nginx-<4 hex>") when the client gives none.
std::string default_express_service_name(std::string_view image, unsigned random);

}  // namespace ecsemu::ecs
