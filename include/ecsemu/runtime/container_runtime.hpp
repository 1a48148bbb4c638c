#pragma once

// The narrow interface between the task reconciler (state strand) and whatever runs containers (DESIGN.md 4, 5).
// The reconciler hands it plans; it reports what really happened as observations. Every status a task shows
// comes from these observations, never from the plan itself.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ecsemu::runtime {

// Identifies one plan for one task. The reconciler bumps the generation whenever it issues a new plan for a
// task; an observation carries the plan it answers, and one for a superseded plan is dropped.
struct PlanId {
  std::string task_arn;
  std::uint64_t generation = 0;
};

struct PortSpec {
  int container_port = 0;
  int host_port = 0;  // 0: any
  std::string protocol = "tcp";
};

// A dependsOn entry: START, COMPLETE, SUCCESS or HEALTHY on another container of the task.
struct DependencySpec {
  std::string container_name;
  std::string condition;
};

// A container health check (Docker Healthcheck). command is ECS's: ["CMD", ...] or ["CMD-SHELL", "..."].
struct HealthCheckSpec {
  std::vector<std::string> command;
  int interval_seconds = 30;
  int timeout_seconds = 5;
  int retries = 3;
  int start_period_seconds = 0;
};

struct UlimitSpec {
  std::string name;
  std::int64_t soft = 0;
  std::int64_t hard = 0;
};

struct TmpfsSpec {
  std::string container_path;
  std::int64_t size_mib = 0;
  std::vector<std::string> mount_options;
};

struct DeviceSpec {
  std::string host_path;
  std::string container_path;            // host_path when empty
  std::vector<std::string> permissions;  // read, write, mknod
};

struct MountSpec {
  std::string source_volume;  // a TaskLaunch volume's name
  std::string container_path;
  bool read_only = false;
};

struct VolumeFromSpec {
  std::string source_container;  // a container of the same task
  bool read_only = false;
};

// The awslogs log driver of a container (logConfiguration with logDriver awslogs). ecsemu reads the container's
// output through the Docker logs API and reports it as LogEvents observations.
struct AwsLogsSpec {
  std::string group;
  std::string region;         // awslogs-region (the task's region when absent)
  std::string stream_prefix;  // awslogs-stream-prefix: streams are PREFIX/CONTAINER/TASK_ID, else the container id
  std::string task_id;
  bool create_group = false;        // awslogs-create-group
  bool non_blocking = false;        // mode non-blocking
  std::size_t max_buffer_size = 0;  // max-buffer-size in bytes (non-blocking; 0 = Docker's 1m)
  std::string datetime_format;      // awslogs-datetime-format (strftime), starts a multi-line event
  std::string multiline_pattern;    // awslogs-multiline-pattern (regex), starts a multi-line event
  // An adopted container (--state-dir): its stream already holds events up to this time (epoch ms), the last
  // `delivered_at_last` of them at that very millisecond; its output is read again from there.
  std::optional<std::int64_t> delivered_until;
  std::size_t delivered_at_last = 0;
};

// The awslogs stream of a container: PREFIX/CONTAINER/TASK_ID with a prefix, else the container's id.
inline std::string awslogs_stream_name(const AwsLogsSpec& spec, const std::string& container_name,
                                       const std::string& container_id) {
  return spec.stream_prefix.empty() ? container_id : spec.stream_prefix + "/" + container_name + "/" + spec.task_id;
}

// One container to run: the task definition's container definition with the RunTask overrides applied.
struct ContainerSpec {
  std::string name;
  std::string image;
  std::vector<std::string> entry_point;
  std::vector<std::string> command;
  std::vector<std::pair<std::string, std::string>> environment;
  bool essential = true;
  std::int64_t cpu = 0;                 // CPU units, 0 when unset
  std::int64_t memory = 0;              // hard limit in MiB, 0 when unset
  std::int64_t memory_reservation = 0;  // soft limit in MiB, 0 when unset
  int stop_timeout_seconds = 30;        // SIGTERM, then SIGKILL after this long
  int start_timeout_seconds = 0;        // how long dependents wait on this container; 0 = forever
  std::vector<PortSpec> ports;
  std::map<std::string, std::string> labels;  // dockerLabels plus the ECS agent's com.amazonaws.ecs.* labels
  std::string working_directory;
  std::string user;
  std::vector<DependencySpec> depends_on;
  std::optional<HealthCheckSpec> health_check;
  std::vector<std::string> links;  // "name" or "name:alias"
  std::string hostname;
  std::vector<std::pair<std::string, std::string>> extra_hosts;  // hostname, ip address
  std::vector<std::string> dns_servers;
  std::vector<std::string> dns_search_domains;
  std::vector<UlimitSpec> ulimits;
  std::vector<std::string> cap_add;
  std::vector<std::string> cap_drop;
  std::optional<bool> init_process_enabled;
  std::vector<TmpfsSpec> tmpfs;
  std::int64_t shared_memory_size_mib = 0;  // 0 when unset
  std::vector<DeviceSpec> devices;
  bool readonly_root_filesystem = false;
  bool privileged = false;
  bool interactive = false;
  bool pseudo_terminal = false;
  bool disable_networking = false;
  std::vector<std::string> security_options;
  std::vector<std::pair<std::string, std::string>> sysctls;  // systemControls: namespace, value
  std::vector<MountSpec> mount_points;
  std::vector<VolumeFromSpec> volumes_from;
  std::optional<AwsLogsSpec> awslogs;
};

// A task definition volume.
struct VolumeSpec {
  enum class Kind {
    Host,    // host.sourcePath: a bind mount of that path
    Task,    // no host path and no Docker volume configuration: a Docker volume that lives as long as the task
    Docker,  // dockerVolumeConfiguration: a named Docker volume
  };
  std::string name;
  Kind kind = Kind::Task;
  std::string source_path;     // Host
  std::string scope = "task";  // Docker: task or shared
  bool autoprovision = false;  // Docker, shared scope: create it when missing
  std::string driver;          // Docker: empty = local
  std::map<std::string, std::string> driver_opts;
  std::map<std::string, std::string> labels;
};

// An awsvpc task's place in its VPC: its ENI's private address is its real address on the VPC's Docker network.
struct AwsvpcNetworkSpec {
  std::string vpc_id;
  std::string vpc_cidr;    // the VPC's CIDR block (the Docker network's subnet)
  std::string private_ip;  // the ENI's primary private IPv4 address
};

struct TaskLaunch {
  PlanId plan;
  std::string cluster_arn;
  std::string family;
  int revision = 0;
  std::string network_mode;      // bridge, host, awsvpc, none
  std::int64_t task_cpu = 0;     // task-level CPU units (overrides applied), 0 when unset
  std::int64_t task_memory = 0;  // task-level MiB (overrides applied), 0 when unset
  std::string pid_mode;          // host, task or empty
  std::string ipc_mode;          // host, task, none or empty
  std::vector<VolumeSpec> volumes;
  std::vector<ContainerSpec> containers;
  std::optional<AwsvpcNetworkSpec> awsvpc;  // awsvpc tasks with an ENI in a known VPC
};

enum class ObservationKind {
  PullStarted,       // images are being pulled
  PullStopped,       // every image is present
  PullFailed,        // container_name's image could not be pulled; reason says why
  ContainerStarted,  // container_name runs as runtime_id
  StopSignalled,     // the task's containers were told to stop (SIGTERM sent)
  ContainerExited,   // container_name exited with exit_code (reason set when it never ran or was killed)
  TaskStopped,       // no container of the task runs any more
  StartFailed,       // container_name could not be created or started; reason says why (the task cannot start)
  ContainerHealth,   // container_name's health check reports health_status
  LogEvents,         // container_name wrote log_events (awslogs), to log_group / log_stream in log_region
};

// One log event read from a container (awslogs): Docker's timestamp of its first line, in epoch milliseconds.
struct LogEventLine {
  std::int64_t timestamp_ms = 0;
  std::string message;
};

// A published port as the runtime really bound it.
struct NetworkBinding {
  std::string bind_ip;
  int container_port = 0;
  int host_port = 0;
  std::string protocol = "tcp";
};

struct Observation {
  PlanId plan;
  ObservationKind kind = ObservationKind::TaskStopped;
  std::string container_name;
  std::string runtime_id;
  std::optional<int> exit_code;
  std::string reason;
  std::vector<NetworkBinding> network_bindings;  // ContainerStarted: the ports published on the host
  std::string ip_address;                        // ContainerStarted: the container's address on its network
  std::string health_status;                     // ContainerHealth: HEALTHY, UNHEALTHY or UNKNOWN
  std::string log_group;                         // LogEvents: where they go (the stream is created if missing)
  std::string log_stream;
  std::string log_region;
  std::vector<LogEventLine> log_events;  // LogEvents, in the order the container wrote them
};

// Called from the runtime's own executor; the receiver posts it onto the state strand.
using ObservationSink = std::function<void(Observation)>;

class ContainerRuntime {
 public:
  virtual ~ContainerRuntime() = default;

  // Name shown in logs and --help ("simulated", "docker").
  virtual const char* name() const = 0;
  // Starts the task's containers. Never reports synchronously from inside this call.
  virtual void start_task(TaskLaunch launch) = 0;
  // Stops every container of plan.task_arn (SIGTERM, SIGKILL after each stop timeout), then reports StopSignalled, each
  // container's exit and TaskStopped under `plan`. A task the runtime does not know reports TaskStopped alone.
  virtual void stop_task(PlanId plan) = 0;
  // After a restart from a state dir: takes over the containers an earlier ecsemu started for launch.plan (found by
  // their labels) as if this runtime had started them, and reports what they are doing under launch.plan:
  // ContainerStarted for each that runs, ContainerExited for each that has exited or is gone. Returns false, doing
  // nothing, when this runtime cannot adopt that task (the simulated runtime's containers die with the process).
  virtual bool adopt_task(const TaskLaunch& launch) {
    (void)launch;
    return false;
  }
  // Stops everything this runtime runs without reporting, then calls `done` (from the runtime's executor).
  virtual void stop_all(std::function<void()> done) = 0;
};

}  // namespace ecsemu::runtime
