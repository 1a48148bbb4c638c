#pragma once

// ECS daemons (one task per container instance of a cluster's capacity providers) and daemon task definitions.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/ecs/ecs_tags.hpp"

namespace ecsemu::ecs {

struct EcsState;

// One immutable revision of a daemon task definition family.
struct DaemonTaskDefinition {
  std::string family;
  int revision = 0;
  std::string arn;                // arn:aws:ecs:REGION:ACCOUNT:daemon-task-definition/FAMILY:REVISION
  std::string status = "ACTIVE";  // ACTIVE, DELETE_IN_PROGRESS (DELETED is derived: see daemon_task_definition_status)
  boost::json::object registration;  // the register request's definition members (containerDefinitions, cpu, ...)
  std::string registered_by;
  double registered_at = 0;
  double delete_requested_at = 0;  // 0 = never
  Tags tags;
};

// What a daemon runs: fixed when created by CreateDaemon/UpdateDaemon.
struct DaemonRevision {
  std::string id;
  std::string arn;  // arn:aws:ecs:REGION:ACCOUNT:daemon-revision/CLUSTER/DAEMON/ID
  std::string daemon_arn;
  std::string cluster_arn;
  std::string task_definition_arn;
  std::vector<std::string> capacity_providers;  // names
  bool enable_ecs_managed_tags = false;
  bool enable_execute_command = false;
  std::string propagate_tags = "NONE";
  boost::json::array container_images;  // DaemonContainerImage (containerName, image)
  double created_at = 0;
};

// A rollout towards a target revision (none for the deployment DeleteDaemon starts). Its status is derived
// from the tasks running (see daemon_deployment_status); STOPPED is stored when a newer deployment replaces it.
struct DaemonDeployment {
  std::string id;
  std::string arn;  // arn:aws:ecs:REGION:ACCOUNT:daemon-deployment/CLUSTER/DAEMON/ID
  std::string daemon_arn;
  std::string cluster_arn;
  std::string target_revision_arn;                // empty: removing the daemon
  std::vector<std::string> source_revision_arns;  // what ran before
  boost::json::object configuration;              // DaemonDeploymentConfiguration as in effect
  double created_at = 0;
  std::string stored_status;  // empty while derived; STOPPED, or the final status once the daemon is gone
  std::string status_reason;
  double finished_at = 0;  // recorded when first observed SUCCESSFUL
  double stopped_at = 0;
};

struct Daemon {
  std::string name;
  std::string arn;  // arn:aws:ecs:REGION:ACCOUNT:daemon/CLUSTER/NAME
  std::string cluster_arn;
  std::string cluster_name;
  std::string status = "ACTIVE";  // ACTIVE, DELETE_IN_PROGRESS
  std::string client_token;
  std::string current_revision_arn;
  std::vector<std::string> revision_arns;    // oldest first
  std::vector<std::string> deployment_arns;  // oldest first
  boost::json::object deployment_configuration;
  double created_at = 0;
  double updated_at = 0;
  Tags tags;
};

// Contract for the daemon scheduler (a later area): a task started for a daemon revision has
// group == daemon_task_group(daemon name) and started_by == the revision's id, and runs on a container instance
// of one of the revision's capacity providers.
struct DaemonStore {
  std::map<std::string, std::map<int, DaemonTaskDefinition>> task_definitions;  // family -> revision -> definition
  std::map<std::string, Daemon> daemons;                                        // by ARN
  std::map<std::string, DaemonRevision> revisions;                              // by ARN
  std::map<std::string, DaemonDeployment> deployments;                          // by ARN
};

std::string daemon_task_group(std::string_view daemon_name);

// Names: 1-255 letters, digits, '_' and '-' (daemon names and daemon task definition families).
bool valid_daemon_name(std::string_view name);

std::string daemon_task_definition_arn(std::string_view region, std::string_view account, std::string_view family,
                                       int revision);
std::string daemon_arn(std::string_view region, std::string_view account, std::string_view cluster,
                       std::string_view name);

// A daemon task definition named by "FAMILY:REVISION", "FAMILY" (latest ACTIVE revision) or an ARN of this
// account and region. Null when unknown or malformed.
DaemonTaskDefinition* find_daemon_task_definition(EcsState& state, std::string_view region, std::string_view account,
                                                  std::string_view identifier, bool require_revision = false);
// ACTIVE, DELETE_IN_PROGRESS, or DELETED once deletion was requested and no daemon still uses it.
std::string daemon_task_definition_status(const EcsState& state, const DaemonTaskDefinition& definition);

// Per-revision task counts, derived from the task store.
struct DaemonProviderCount {
  std::string capacity_provider;  // name
  int running_tasks = 0;          // RUNNING daemon tasks of the revision on that provider's instances
  int running_instances = 0;      // instances running such a task
  int draining_instances = 0;     // instances whose task of the revision is being stopped
};
std::vector<DaemonProviderCount> daemon_revision_counts(const EcsState& state, const DaemonRevision& revision);
// Non-STOPPED tasks of a daemon (any revision).
int daemon_live_tasks(const EcsState& state, const Daemon& daemon);
// ACTIVE container instances of the cluster belonging to one of the capacity providers.
int daemon_target_instances(const EcsState& state, std::string_view cluster_arn,
                            const std::vector<std::string>& capacity_providers);

// A deployment's status right now (records finishedAt the first time it is seen SUCCESSFUL).
std::string daemon_deployment_status(EcsState& state, DaemonDeployment& deployment, double now);

// True when a DELETE_IN_PROGRESS daemon has no tasks left: it no longer exists for the API.
bool daemon_gone(const EcsState& state, const Daemon& daemon);

// Looks up a daemon by ARN; throws InvalidParameterException (malformed), ClusterNotFoundException,
// or `missing_error` when there is no such daemon.
Daemon& require_daemon(EcsState& state, std::string_view region, std::string_view account, std::string_view arn,
                       const char* missing_error = "DaemonNotFoundException");

// Creates a revision and a deployment for the daemon, stopping the deployment in progress. Returns the deployment.
DaemonDeployment& start_daemon_deployment(EcsState& state, Daemon& daemon, const DaemonRevision* target, double now);

std::string random_daemon_id();

// Tags hooks (TagResource & co.) for "daemon" and "daemon-task-definition" ARNs.
Tags* find_daemon_tags(EcsState& state, std::string_view region, std::string_view account, std::string_view id);
Tags* find_daemon_task_definition_tags(EcsState& state, std::string_view region, std::string_view account,
                                       std::string_view id);

}  // namespace ecsemu::ecs
