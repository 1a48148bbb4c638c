#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "ecsemu/id_source.hpp"
#include "ecsemu/runtime/container_runtime.hpp"
#include "sched/clock.hpp"
#include "services/ecs/ecs_task_model.hpp"
#include "state/world.hpp"

namespace ecsemu::sched {

// The task lifecycle (DESIGN.md 5). Runs on the state strand: plans runtime actions for tasks whose desired and
// known status differ, and applies the runtime's observations, the only writer of a task's known status.
// Where the AWS SDKs resolve AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (the ECS agent's address, port 80).
inline constexpr std::string_view kRelativeCredentialsOrigin = "http://169.254.170.2";

// What every container of a task is told about where it runs (App sets it; unit tests may leave it empty).
struct InsideTask {
  std::string endpoint_url;   // AWS_ENDPOINT_URL: ecsemu as containers reach it; empty: not set
  std::string metadata_base;  // "http://169.254.170.2": the task metadata endpoint's origin; empty: none
  IdSource* ids = nullptr;    // mints each container's metadata path token
  // Task role credentials: their origin; when it is http://169.254.170.2 (port 80, where the SDKs look for a
  // relative URI) containers get AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, otherwise the full URL in
  // AWS_CONTAINER_CREDENTIALS_FULL_URI. Empty: no credentials endpoint.
  std::string credentials_origin;
  // The EC2 instance metadata service, when tasks cannot reach it at 169.254.169.254:80: its origin, handed to the
  // containers of tasks on container instances as AWS_EC2_METADATA_SERVICE_ENDPOINT. Empty: the standard address.
  std::string instance_metadata_origin;
};

class TaskReconciler {
 public:
  static constexpr std::chrono::seconds kStoppedRetention{3600};  // stopped tasks stay describable this long

  TaskReconciler(state::World& world, runtime::ContainerRuntime& runtime, const Clock& clock);

  // Plans actions for the tasks of one account and region (handlers call this after writing desired state).
  void reconcile(ecs::EcsState& state);
  // After a restart from a state dir (state/state_dir.hpp), for the tasks the saved world had not stopped: the
  // runtime adopts their containers (ContainerRuntime::adopt_task) and reports what they do now, so a task whose
  // containers still run goes on, one whose containers exited or are gone stops as any would. Those it cannot
  // adopt lost their containers with the earlier process: they are stopped (their services replace them). Plans
  // issued from now on are numbered after every saved one.
  void resume_restored(ecs::EcsState& state);
  // Applies one observation; drops it when its task is gone or its plan was superseded.
  void apply(const runtime::Observation& observation);
  // Removes tasks stopped longer than kStoppedRetention ago, in every account and region.
  void sweep();
  // Called on the state strand after an observation changed a task (its version moved), with the task's store:
  // the service scheduler's cue to replace stopped or unhealthy tasks and advance deployments.
  using ChangeHook = std::function<void(ecs::EcsState&, const ecs::Task&)>;
  void set_change_hook(ChangeHook hook) { change_hook_ = std::move(hook); }
  void set_inside(InsideTask inside) { inside_ = std::move(inside); }
  // Called right before the runtime is asked to create a task's containers (--state-dir makes the task durable
  // there, so that no container exists that a restarted world does not know).
  using LaunchHook = std::function<void(const ecs::Task&)>;
  void set_launch_hook(LaunchHook hook) { launch_hook_ = std::move(hook); }

 private:
  void plan(ecs::Task& task);
  void plan_start(ecs::Task& task);
  void plan_stop(ecs::Task& task);
  // Secrets and the variables ECS sets in every container; the stoppedReason when a secret cannot be read.
  std::optional<std::string> prepare_environment(ecs::Task& task, runtime::TaskLaunch& launch);
  // awslogs: creates the log groups containers ask for (awslogs-create-group); returns ECS's stoppedReason when
  // one is missing, "" when the task may start.
  void note_delivered_logs(const ecs::Task& task, runtime::TaskLaunch& launch);
  std::string prepare_awslogs(ecs::Task& task, const runtime::TaskLaunch& launch);
  // LogEvents: appends a container's output to its log stream.
  void apply_log_events(const runtime::Observation& observation);
  ecs::Task* find(const runtime::PlanId& plan, ecs::EcsState*& state);
  void set_state(ecs::Task& task, ecs::TaskState state);
  double now() const;

  state::World& world_;
  runtime::ContainerRuntime& runtime_;
  const Clock& clock_;
  std::uint64_t next_generation_ = 1;
  ChangeHook change_hook_;
  InsideTask inside_;
  LaunchHook launch_hook_;
};

// The runtime's view of a task: its containers from the task definition with the overrides applied.
runtime::TaskLaunch launch_of(const ecs::Task& task);

}  // namespace ecsemu::sched
