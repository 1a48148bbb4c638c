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

// One container to run: the task definition's container definition with the RunTask overrides applied.
struct ContainerSpec {
  std::string name;
  std::string image;
  std::vector<std::string> entry_point;
  std::vector<std::string> command;
  std::vector<std::pair<std::string, std::string>> environment;
  bool essential = true;
  std::int64_t cpu = 0;           // CPU units, 0 when unset
  std::int64_t memory = 0;        // hard limit in MiB, 0 when unset
  int stop_timeout_seconds = 30;  // SIGTERM, then SIGKILL after this long
  std::vector<PortSpec> ports;
  std::map<std::string, std::string> labels;  // includes the ECS agent's com.amazonaws.ecs.* labels
};

struct TaskLaunch {
  PlanId plan;
  std::string cluster_arn;
  std::string family;
  int revision = 0;
  std::string network_mode;  // bridge, host, awsvpc, none
  std::vector<ContainerSpec> containers;
};

enum class ObservationKind {
  PullStarted,       // images are being pulled
  PullStopped,       // every image is present
  PullFailed,        // container_name's image could not be pulled; reason says why
  ContainerStarted,  // container_name runs as runtime_id
  StopSignalled,     // the task's containers were told to stop (SIGTERM sent)
  ContainerExited,   // container_name exited with exit_code (reason set when it never ran or was killed)
  TaskStopped,       // no container of the task runs any more
};

struct Observation {
  PlanId plan;
  ObservationKind kind = ObservationKind::TaskStopped;
  std::string container_name;
  std::string runtime_id;
  std::optional<int> exit_code;
  std::string reason;
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
  // Stops everything this runtime runs without reporting, then calls `done` (from the runtime's executor).
  virtual void stop_all(std::function<void()> done) = 0;
};

}  // namespace ecsemu::runtime
