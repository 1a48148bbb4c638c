#pragma once

// Creating tasks: the one code path RunTask, StartTask and the service scheduler share. Writes desired state
// only (tasks start PROVISIONING); the caller then asks the TaskReconciler to act on it.

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/ec2/ec2_state.hpp"
#include "services/ecs/ecs_model.hpp"
#include "services/ecs/ecs_placement.hpp"

namespace ecsemu::ecs {

struct LaunchEnv {
  std::string region;
  std::string account;
  double now = 0;  // epoch seconds
  // The EC2 model of the same account and region: awsvpc tasks get their ENIs there. Without it (unit tests of
  // the ECS model alone) an awsvpc task's interface is made up and its subnets are not checked.
  ec2::Ec2State* ec2 = nullptr;
};

struct CapacityProviderItem {
  std::string provider;
  int weight = 0;
  int base = 0;
};

// What to launch (RunTask's parameters, parsed; member values keep the API's spelling of enums).
struct LaunchRequest {
  std::string task_definition;  // family, family:revision or ARN
  int count = 1;
  std::string launch_type;  // empty: from the strategy or the cluster default
  std::vector<CapacityProviderItem> capacity_provider_strategy;
  bool has_capacity_provider_strategy = false;
  std::vector<PlacementConstraintSpec> constraints;
  std::vector<PlacementStrategySpec> strategies;
  std::string group;  // empty: "family:NAME"
  std::string started_by;
  Tags tags;
  std::string propagate_tags;  // TASK_DEFINITION, SERVICE, NONE or empty
  bool enable_ecs_managed_tags = false;
  bool enable_execute_command = false;
  bool has_network_configuration = false;
  std::vector<std::string> subnets;
  std::vector<std::string> security_groups;
  std::string assign_public_ip;
  std::string platform_version;
  boost::json::object overrides;  // TaskOverride as sent
  std::string client_token;
  std::vector<std::string> container_instances;  // StartTask: explicit instances (ids or ARNs)
  bool explicit_instances = false;
};

// The launch members RunTask, CreateService and CreateTaskSet share (capacityProviderStrategy, the awsvpc
// networkConfiguration, platformVersion), read from a request or from a deployment's stored parameters.
void read_launch_parameters(const boost::json::object& parameters, LaunchRequest& r);
// placementConstraints and placementStrategy as sent (either may be null).
void read_placement(const boost::json::array* constraints, const boost::json::array* strategy, LaunchRequest& r);

struct LaunchOutcome {
  std::vector<std::string> task_ids;  // created (or, for a repeated clientToken, found) tasks
  std::vector<PlacementFailure> failures;
};

// Validates (throwing the ServiceError AWS gives) and creates the tasks. Placement failures are returned.
LaunchOutcome launch_tasks(EcsState& state, const Cluster& cluster, const LaunchEnv& env, const LaunchRequest& request,
                           std::mt19937_64& rng);

// The service scheduler's entry point: launches `count` tasks for a service through the same path as RunTask,
// stamped startedBy = `started_by` (e.g. "ecs-svc/1234567890123456789") and group "service:NAME".
// Call TaskReconciler::reconcile(state) afterwards.
LaunchOutcome launch_service_tasks(EcsState& state, const Cluster& cluster, const LaunchEnv& env,
                                   std::string_view service_name, std::string_view started_by, LaunchRequest request,
                                   std::mt19937_64& rng);
// Scale-in: asks a service task to stop with stopCode ServiceSchedulerInitiated. Call reconcile afterwards.
void stop_service_task(Task& task, std::string_view reason);

// The process-wide random engine the handlers use for ids and placement ties (state strand only).
std::mt19937_64& task_random();
std::string random_hex(std::mt19937_64& rng, std::size_t digits);

}  // namespace ecsemu::ecs
