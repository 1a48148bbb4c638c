#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/ecs/ecs_tags.hpp"

namespace ecsemu::ecs {

struct EcsState;

// How a service's tasks are recognised (what the scheduler must write when it starts one):
//   Task::group      == "service:" + service name   (and Task::cluster_arn == the service's cluster)
//   Task::started_by == the deployment id ("ecs-svc/<19 digits>") or task set id that wanted the task.
// Every count (runningCount, pendingCount, ...) is derived from those tasks, never stored.

// What one deployment (or task set) asks the scheduler to run: the launch parameters as sent, keyed by the spec's
// member names (launchType, capacityProviderStrategy, platformVersion, networkConfiguration, loadBalancers,
// serviceRegistries, serviceConnectConfiguration, volumeConfigurations, vpcLatticeConfigurations, ...).
struct LaunchSpec {
  std::string task_definition_arn;
  std::string launch_type;  // EC2, FARGATE, EXTERNAL; empty when a capacity provider strategy is used
  boost::json::object parameters;
};

// A deployment of the ECS deployment controller (Service.deployments) together with its service deployment
// (the ListServiceDeployments record) and the service revision it targets.
struct Deployment {
  std::string id;                  // "ecs-svc/<19 digits>"; also the service revision id's digits
  std::string status = "PRIMARY";  // PRIMARY, ACTIVE, INACTIVE
  LaunchSpec launch;
  int desired_count = 0;
  int failed_tasks = 0;        // written by the scheduler when a task of this deployment fails to start
  double last_failure_at = 0;  // when the scheduler last saw failed_tasks grow (0: never)
  double created_at = 0;
  double updated_at = 0;
  std::string rollout_state = "IN_PROGRESS";  // IN_PROGRESS, COMPLETED, FAILED
  std::string rollout_state_reason;
  // Service deployment (ListServiceDeployments / DescribeServiceDeployments).
  std::string service_deployment_id;      // the ARN's last part
  std::string sd_status = "IN_PROGRESS";  // ServiceDeploymentStatus
  std::string sd_status_reason;
  std::vector<std::string> source_revision_ids;  // deployments this one replaced
  double finished_at = 0;
  double stopped_at = 0;
  std::string rollback_to;  // on a stopped/failed deployment: the deployment id it rolled back to
  std::string rollback_reason;
  double rollback_started_at = 0;
  std::string rollback_of;  // on the deployment that performs a rollback: the deployment rolled back
  bool listed = true;       // false for rollback deployments (their service deployment is rollback_of's)
  boost::json::value deployment_configuration;  // as in force when the deployment started
};

struct TaskSet {
  std::string id;  // "ecs-svc/<19 digits>"
  std::string arn;
  std::string status = "ACTIVE";  // PRIMARY, ACTIVE, DRAINING
  std::string external_id;
  std::string started_by;  // CODE_DEPLOY deployments carry the deployment id
  LaunchSpec launch;
  double scale_value = 100;
  std::string scale_unit = "PERCENT";
  double created_at = 0;
  double updated_at = 0;
  double stability_status_at = 0;
  std::string stability_status = "STABILIZING";  // maintained by evaluate_service
  Tags tags;
};

struct ServiceEvent {
  std::string id;
  double created_at = 0;
  std::string message;
};

// A service. Contract relied on by others: arn, name, cluster_arn, status, tags.
struct Service {
  std::string arn;
  std::string name;
  std::string cluster_arn;
  std::string status = "ACTIVE";  // ACTIVE, DRAINING, INACTIVE
  Tags tags;

  std::string scheduling_strategy = "REPLICA";  // REPLICA, DAEMON
  std::string controller = "ECS";               // ECS, CODE_DEPLOY, EXTERNAL
  int desired_count = 0;                        // DAEMON: derived from the cluster's instances when read
  LaunchSpec launch;                            // the service's current definition (its PRIMARY deployment's)
  boost::json::object deployment_configuration;
  boost::json::array placement_constraints;
  boost::json::array placement_strategy;
  std::optional<int> health_check_grace_period;
  bool enable_ecs_managed_tags = false;
  bool enable_execute_command = false;
  std::string propagate_tags = "NONE";
  std::string availability_zone_rebalancing = "DISABLED";
  std::string role_arn;
  std::string created_by;
  double created_at = 0;
  boost::json::object create_request;   // CreateService input (minus clientToken): the idempotency check
  std::vector<Deployment> deployments;  // newest first; the first is PRIMARY (ECS controller only)
  std::vector<Deployment> history;      // finished deployments, for the service deployment APIs (newest first)
  std::vector<TaskSet> task_sets;       // EXTERNAL / CODE_DEPLOY controllers
  std::vector<ServiceEvent> events;     // newest first, at most kMaxServiceEvents
  bool steady = false;                  // last evaluation found the service at steady state
  double throttle_event_streak = 0;     // the start-failure streak already reported (its first failure's time)
  double settle_seconds = 0;            // a deployment completes once its newest task has run this long
};

inline constexpr std::size_t kMaxServiceEvents = 100;

struct ServiceStore {
  // By ARN. ARNs are "...:service/CLUSTER/NAME", so one cluster's services are one contiguous range: see
  // services_of_cluster.
  std::map<std::string, Service> services;
};

// --- names and identifiers ------------------------------------------------------------------------
std::string service_arn(std::string_view region, std::string_view account, std::string_view cluster,
                        std::string_view name);
bool valid_service_name(std::string_view name);
// "ecs-svc/" + 19 random digits (deployment and task set ids).
std::string new_deployment_id();
// 22 characters of [A-Za-z0-9_-] (service deployment ids).
std::string new_service_deployment_id();
std::string service_deployment_arn(const Service& service, const Deployment& deployment);
// A deployment of the service by id, current or finished; null when there is none.
const Deployment* find_deployment(const Service& service, std::string_view id);
std::string service_revision_arn(const Service& service, std::string_view deployment_id);
std::string task_set_arn(const Service& service, std::string_view task_set_id);
// The name part of a service name or ARN ("" when an ARN is not a service ARN).
std::string service_name_from_identifier(std::string_view identifier);
// The cluster name part of a service ARN, "" for a plain name or a service ARN in the short (old) format.
std::string cluster_name_from_service_arn(std::string_view identifier);

// The services of one cluster, in ARN (= name) order: [first, last).
std::map<std::string, Service>::iterator services_begin(ServiceStore& store, std::string_view cluster_arn);
std::map<std::string, Service>::const_iterator services_begin(const ServiceStore& store, std::string_view cluster_arn);
std::string services_prefix(std::string_view cluster_arn);

// The service named by `identifier` (name or ARN) in a cluster, or null.
Service* find_service(EcsState& state, std::string_view cluster_arn, std::string_view identifier);

// --- counts derived from tasks --------------------------------------------------------------------------
struct TaskCounts {
  int running = 0;
  int pending = 0;             // PROVISIONING, PENDING, ACTIVATING
  int live = 0;                // not yet STOPPED (includes DEACTIVATING/STOPPING/DEPROVISIONING)
  int running_wanted = 0;      // RUNNING and not asked to stop (what deployments and steady state count)
  double last_started_at = 0;  // the newest such task's startedAt
  double slowest_start = 0;    // the longest a running_wanted task took from launch (or its pull) to RUNNING
  int lb_unready = 0;          // running_wanted tasks whose load-balancer targets are not (yet) healthy
};
// Tasks of the service (group "service:NAME" in its cluster).
TaskCounts service_task_counts(const EcsState& state, const Service& service);
// Tasks started by one deployment or task set (Task::started_by == id) of the service.
TaskCounts started_by_counts(const EcsState& state, const Service& service, std::string_view id);
// DAEMON services want one task per ACTIVE container instance of the cluster.
int daemon_desired_count(const EcsState& state, const Service& service);
// A task set's computedDesiredCount: ceil(service desiredCount * scale% / 100).
int computed_desired_count(const Service& service, const TaskSet& task_set);

// --- the deployment rules -------------------------------------------------------------------------------
// Re-derives deployment rollout states, steady state and events from the tasks that exist. Pure in the sense
// that it depends only on the service, the tasks and `now`; call it whenever a service is read or its tasks
// change. Returns true when something changed.
bool evaluate_service(EcsState& state, Service& service, double now);
void evaluate_services(EcsState& state, double now);

void add_service_event(Service& service, double now, std::string message);

// The circuit breaker's failure threshold for a deployment of `desired` tasks: 0.5 * desired, clamped to [3, 200].
int circuit_breaker_threshold(int desired);

// Starts a new PRIMARY deployment of `launch` (the previous ones become ACTIVE).
Deployment& start_deployment(Service& service, LaunchSpec launch, double now);

// What the scheduler needs: for each deployment (newest first) of each ACTIVE/DRAINING service of a cluster.
struct DeploymentWant {
  const Service* service = nullptr;
  std::string started_by;  // deployment or task set id to stamp on its tasks
  std::string group;       // "service:NAME"
  int desired_count = 0;
  bool primary = false;  // PRIMARY deployment / task set; the others are to be drained
  const LaunchSpec* launch = nullptr;
};
std::vector<DeploymentWant> scheduler_wants(const EcsState& state, std::string_view cluster_arn);

}  // namespace ecsemu::ecs
