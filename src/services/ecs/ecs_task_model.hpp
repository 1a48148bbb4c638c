#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/ecs/ecs_tags.hpp"

namespace ecsemu::ecs {

struct EcsState;

// The task lifecycle, richer than the API's lastStatus (DESIGN.md 5). Only observations move it.
enum class TaskState {
  Provisioning,  // network being set up
  Pending,       // images pulling
  Activating,    // containers started, targets registering
  Running,
  Deactivating,    // targets draining
  Stopping,        // SIGTERM, then SIGKILL after stopTimeout
  Deprovisioning,  // network being torn down
  Stopped,
};
// The one mapping to the API's lastStatus.
const char* last_status_of(TaskState state);

struct Task;
// A task's healthStatus: UNHEALTHY when an essential container with a health check is, HEALTHY when every
// essential container with one is, UNKNOWN when none has one (as ECS derives it).
const char* task_health_status(const Task& task);
// Asks a task to stop: desired state only, the task reconciler acts on it. No effect on a task already asked.
void request_stop(Task& task, std::string_view stop_code, std::string_view reason);

struct TaskPort {
  int container_port = 0;
  int host_port = 0;
  std::string protocol = "tcp";
  std::string bind_ip = "0.0.0.0";  // the address the runtime published it on, once running
};

struct TaskContainer {
  std::string name;
  std::string arn;  // arn:aws:ecs:REGION:ACCOUNT:container/CLUSTER/TASK_ID/UUID
  std::string image;
  std::string runtime_id;               // empty until the runtime reports it started
  std::string last_status = "PENDING";  // PENDING, RUNNING, STOPPED
  std::optional<int> exit_code;
  std::string reason;
  bool essential = true;
  std::int64_t cpu = 0;
  std::int64_t memory = 0;                // 0 when unset
  std::int64_t memory_reservation = 0;    // 0 when unset
  std::vector<TaskPort> ports;            // network bindings on the instance (bridge/host); the real ones once running
  std::string health_status = "UNKNOWN";  // HEALTHY, UNHEALTHY, UNKNOWN (from the container's health check)
  bool has_health_check = false;
  std::string ip_address;      // the container's address on its Docker network, once running
  std::string metadata_token;  // the unguessable path of its task metadata endpoint (set when the task starts)
};

// Where an awsvpc task's network interface lives.
struct TaskEni {
  std::string attachment_id;
  std::string status = "PRECREATED";  // PRECREATED, ATTACHED, DETACHED
  std::string subnet_id;
  std::string eni_id;
  std::string mac_address;
  std::string private_ip;
  std::string private_dns_name;  // empty: ip-A-B-C-D.ec2.internal
};

// Temporary credentials for a task's role, as the task credentials endpoint last handed them out.
struct TaskRoleCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  double expiration = 0;  // epoch seconds; 0: none issued yet
};

// A task. Contract relied on by others: arn, id, cluster_arn, task_definition_arn, container_instance_arn,
// desired_status, last_status, launch_type, group, started_by, tags.
struct Task {
  std::string arn;
  std::string id;
  std::string cluster_arn;
  std::string task_definition_arn;
  std::string container_instance_arn;  // empty for Fargate
  std::string desired_status = "RUNNING";
  std::string last_status = "PROVISIONING";  // always last_status_of(state)
  std::string launch_type;                   // EC2, FARGATE, EXTERNAL
  std::string group;
  std::string started_by;
  Tags tags;

  // Lifecycle (written by the reconciler from observations).
  TaskState state = TaskState::Provisioning;
  std::uint64_t generation = 0;  // the current runtime plan; 0 before any
  bool start_planned = false;
  bool stop_planned = false;
  std::string stop_code;
  std::string stopped_reason;
  // HEALTHY/UNHEALTHY from the runtime's container health checks; the service scheduler replaces UNHEALTHY tasks.
  std::string health_status = "UNKNOWN";
  // The worst health of the task's load-balancer targets (written by the service scheduler from ELBv2's target
  // health): empty without a load balancer, else INITIAL, HEALTHY or UNHEALTHY, with the group that is worst.
  std::string lb_health;
  std::string lb_health_group;
  std::string connectivity;  // empty, CONNECTED
  double created_at = 0;     // epoch seconds; 0 = not yet
  double connectivity_at = 0;
  double pull_started_at = 0;
  double pull_stopped_at = 0;
  double started_at = 0;
  double stopping_at = 0;
  double execution_stopped_at = 0;
  double stopped_at = 0;
  std::int64_t version = 1;  // bumped on every change a describer can see

  // What was asked for (echoed by the views).
  std::string family;
  int revision = 0;
  std::string network_mode;
  boost::json::array container_definitions;  // the task definition's, as registered
  boost::json::object overrides;             // TaskOverride as sent (null members dropped)
  boost::json::array volumes;                // the task definition's, as registered
  std::string pid_mode;                      // the task definition's pidMode; empty when unset
  std::string ipc_mode;                      // the task definition's ipcMode; empty when unset
  std::string cpu;                           // task-level, as the API shows it ("256"); empty when unset
  std::string memory;                        // MiB as a string; empty when unset
  std::string availability_zone;
  std::string capacity_provider_name;
  std::string platform_version;
  std::string platform_family;
  bool enable_execute_command = false;
  int ephemeral_storage_gib = 0;  // Fargate: 20
  std::vector<TaskContainer> containers;
  std::optional<TaskEni> eni;
  std::string client_token;
  std::string task_role_arn;       // the override's, else the task definition's; empty: none
  std::string execution_role_arn;  // likewise
  std::string credentials_id;      // the path of its task role credentials (/v2/credentials/ID); set when it starts
  TaskRoleCredentials role_credentials;

  // Task scale-in protection.
  bool protection_enabled = false;
  double protection_expires_at = 0;
};

struct TaskStore {
  std::map<std::string, Task> tasks;  // by id
  // Secondary indexes of task ids, so that a service's or an instance's tasks are found without scanning every
  // task. Kept by insert_task / erase_task: add and remove tasks only through them.
  std::map<std::string, std::set<std::string>, std::less<>> by_group;     // cluster ARN + ' ' + group
  std::map<std::string, std::set<std::string>, std::less<>> by_instance;  // container instance ARN
};
Task& insert_task(TaskStore& store, Task&& task);
std::map<std::string, Task>::iterator erase_task(TaskStore& store, std::map<std::string, Task>::iterator it);
// Ids of the tasks of `group` ("service:NAME", "family:F", ...) in a cluster, or of a container instance.
const std::set<std::string>& task_ids_in_group(const TaskStore& store, std::string_view cluster_arn,
                                               std::string_view group);
const std::set<std::string>& task_ids_on_instance(const TaskStore& store, std::string_view container_instance_arn);

// What the tasks placed on a container instance hold of it (tasks not yet STOPPED).
struct Reservation {
  std::int64_t cpu = 0;
  std::int64_t memory = 0;
  std::vector<int> tcp_ports;
  std::vector<int> udp_ports;
};
Reservation reserved_on_instance(const EcsState& state, std::string_view container_instance_arn);

// A task's CPU units and memory (MiB) for placement: the task-level values when set, else the containers' sums
// (memory: hard limit, else reservation).
std::int64_t task_cpu_units(const Task& task);
std::int64_t task_memory_mib(const Task& task);

// The task of `cluster_arn` a DescribeTasks/StopTask identifier names (a task id or a task ARN, short or long).
Task* find_task(EcsState& state, std::string_view cluster_arn, std::string_view identifier);

// arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID
std::string task_arn(std::string_view region, std::string_view account, std::string_view cluster_name,
                     std::string_view id);
// Parses a long task ARN into its parts; false when it is not one.
struct TaskArnParts {
  std::string region;
  std::string account;
  std::string cluster_name;
  std::string id;
};
bool parse_task_arn(std::string_view arn, TaskArnParts& out);

}  // namespace ecsemu::ecs
