#include "sched/task_reconciler.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "aws/input.hpp"
#include "log.hpp"
#include "sched/container_spec_of.hpp"
#include "sched/task_secrets.hpp"
#include "services/ecs/ecs_model.hpp"
#include "services/ecs/ecs_task_network.hpp"
#include "services/logs/logs_model.hpp"

namespace ecsemu::sched {

namespace json = boost::json;
using ecs::Task;
using ecs::TaskState;
using runtime::Observation;
using runtime::ObservationKind;

namespace {

const json::object* container_override(const Task& task, std::string_view name) {
  const auto* list = task.overrides.if_contains("containerOverrides");
  if (list == nullptr || !list->is_array()) {
    return nullptr;
  }
  for (const auto& item : list->as_array()) {
    if (item.is_object() && aws::string_member(item.as_object(), "name") == name) {
      return &item.as_object();
    }
  }
  return nullptr;
}

}  // namespace

runtime::TaskLaunch launch_of(const Task& task) {
  runtime::TaskLaunch launch;
  launch.plan = {task.arn, task.generation};
  launch.cluster_arn = task.cluster_arn;
  launch.family = task.family;
  launch.revision = task.revision;
  launch.network_mode = task.network_mode;
  launch.task_cpu = task_size_of(task.cpu, "vcpu");
  launch.task_memory = task_size_of(task.memory, "gb");
  launch.pid_mode = task.pid_mode;
  launch.ipc_mode = task.ipc_mode;
  for (const auto& v : task.volumes) {
    if (v.is_object()) {
      launch.volumes.push_back(volume_spec_of(v.as_object()));
    }
  }
  for (const auto& def_value : task.container_definitions) {
    if (!def_value.is_object()) {
      continue;
    }
    const json::object& def = def_value.as_object();
    runtime::ContainerSpec spec =
        container_spec_of(def, container_override(task, aws::string_member(def, "name")), task.network_mode);
    // The ECS agent's labels, over any dockerLabel of the same name.
    spec.labels["com.amazonaws.ecs.task-arn"] = task.arn;
    spec.labels["com.amazonaws.ecs.container-name"] = spec.name;
    spec.labels["com.amazonaws.ecs.cluster"] = task.cluster_arn;
    spec.labels["com.amazonaws.ecs.task-definition-family"] = task.family;
    spec.labels["com.amazonaws.ecs.task-definition-version"] = std::to_string(task.revision);
    if (spec.awslogs) {
      ecs::TaskArnParts parts;
      if (ecs::parse_task_arn(task.arn, parts)) {
        spec.awslogs->task_id = parts.id;
        if (spec.awslogs->region.empty()) {
          spec.awslogs->region = parts.region;
        }
      }
    }
    launch.containers.push_back(std::move(spec));
  }
  return launch;
}

TaskReconciler::TaskReconciler(state::World& world, runtime::ContainerRuntime& runtime, const Clock& clock)
    : world_(world), runtime_(runtime), clock_(clock) {}

double TaskReconciler::now() const { return epoch_seconds(clock_.now()); }

void TaskReconciler::reconcile(ecs::EcsState& state) {
  for (auto& [id, task] : state.tasks.tasks) {
    plan(task);
  }
}

void TaskReconciler::resume_restored(ecs::EcsState& state) {
  for (auto& [id, task] : state.tasks.tasks) {
    next_generation_ = std::max(next_generation_, task.generation + 1);
    if (task.state == TaskState::Stopped) {
      continue;
    }
    task.stop_planned = false;
    // A task past its start (or being stopped) keeps its containers: the runtime adopts them and reports what they
    // do. One still starting is not resumed halfway: it is stopped, as is one whose runtime cannot adopt it.
    if (!task.start_planned) {
      continue;  // never launched: reconcile starts (or stops) it as usual
    }
    runtime::TaskLaunch launch = launch_of(task);
    if (task.network_mode == "awsvpc") {
      if (auto vpc = ecs::task_vpc_of(world_, task)) {
        launch.awsvpc = runtime::AwsvpcNetworkSpec{vpc->vpc_id, vpc->cidr_block, vpc->private_ip};
      }
    }
    note_delivered_logs(task, launch);
    if (runtime_.adopt_task(std::move(launch))) {
      continue;
    }
    task.start_planned = false;
    request_stop(task, "EssentialContainerExited",
                 "ecsemu restarted: the task's containers stopped with the process that ran them");
  }
  reconcile(state);
}

// An adopted container's awslogs stream holds what the earlier process delivered: its output is read on from there.
void TaskReconciler::note_delivered_logs(const Task& task, runtime::TaskLaunch& launch) {
  ecs::TaskArnParts parts;
  if (!ecs::parse_task_arn(task.arn, parts)) {
    return;
  }
  for (auto& c : launch.containers) {
    auto container = std::find_if(task.containers.begin(), task.containers.end(),
                                  [&](const ecs::TaskContainer& tc) { return tc.name == c.name; });
    if (!c.awslogs || container == task.containers.end() || container->runtime_id.empty()) {
      continue;
    }
    const logs::LogsState& logs = world_.region(parts.account, c.awslogs->region).logs;
    auto group = logs.groups.find(c.awslogs->group);
    if (group == logs.groups.end()) {
      continue;
    }
    auto stream = group->second.streams.find(runtime::awslogs_stream_name(*c.awslogs, c.name, container->runtime_id));
    if (stream == group->second.streams.end() || stream->second.events.empty()) {
      continue;  // nothing delivered: all of it is read
    }
    const auto& events = stream->second.events;
    logs::Millis last = 0;
    for (const auto& e : events) {
      last = std::max(last, e.timestamp);
    }
    c.awslogs->delivered_until = last;
    c.awslogs->delivered_at_last = static_cast<std::size_t>(
        std::count_if(events.begin(), events.end(), [&](const logs::LogEvent& e) { return e.timestamp == last; }));
  }
}

void TaskReconciler::plan(Task& task) {
  if (task.state == TaskState::Stopped) {
    return;
  }
  if (task.desired_status == "STOPPED") {
    if (!task.stop_planned) {
      plan_stop(task);
    }
  } else if (!task.start_planned) {
    plan_start(task);
  }
}

void TaskReconciler::plan_start(Task& task) {
  task.start_planned = true;
  task.generation = next_generation_++;
  runtime::TaskLaunch launch = launch_of(task);
  std::optional<std::string> failure = prepare_environment(task, launch);
  if (!failure) {
    if (std::string logs_failure = prepare_awslogs(task, launch); !logs_failure.empty()) {
      failure = std::move(logs_failure);
    }
  }
  if (failure) {
    // ECS fails the task before any container is created; the runtime, which knows no such task, reports it gone.
    request_stop(task, "TaskFailedToStart", *failure);
    plan_stop(task);
    return;
  }
  if (task.network_mode == "awsvpc") {
    if (auto vpc = ecs::task_vpc_of(world_, task)) {
      launch.awsvpc = runtime::AwsvpcNetworkSpec{vpc->vpc_id, vpc->cidr_block, vpc->private_ip};
    }
  }
  if (launch_hook_) {
    launch_hook_(task);
  }
  runtime_.start_task(std::move(launch));
}

std::optional<std::string> TaskReconciler::prepare_environment(Task& task, runtime::TaskLaunch& launch) {
  ecs::TaskArnParts parts;
  if (!ecs::parse_task_arn(task.arn, parts)) {
    return std::nullopt;
  }
  auto set_default = [](Environment& env, std::string_view name, const std::string& value) {
    if (std::none_of(env.begin(), env.end(), [&](const auto& kv) { return kv.first == name; })) {
      env.emplace_back(std::string(name), value);
    }
  };
  auto set = [](Environment& env, std::string_view name, const std::string& value) {
    auto it = std::find_if(env.begin(), env.end(), [&](const auto& kv) { return kv.first == name; });
    if (it != env.end()) {
      it->second = value;
    } else {
      env.emplace_back(std::string(name), value);
    }
  };
  // One credentials id per task (as the ECS agent does), for every container of it.
  if (!task.task_role_arn.empty() && !inside_.credentials_origin.empty() && inside_.ids != nullptr) {
    task.credentials_id = inside_.ids->uuid();
    task.role_credentials = {};
  }
  for (auto& spec : launch.containers) {
    auto def = std::find_if(
        task.container_definitions.begin(), task.container_definitions.end(),
        [&](const json::value& d) { return d.is_object() && aws::string_member(d.as_object(), "name") == spec.name; });
    if (def != task.container_definitions.end()) {
      if (auto failure =
              resolve_secrets(world_, parts.account, parts.region, def->as_object(), now(), spec.environment)) {
        return failure;
      }
    }
    set_default(spec.environment, "AWS_REGION", parts.region);
    set_default(spec.environment, "AWS_DEFAULT_REGION", parts.region);
    if (!inside_.endpoint_url.empty()) {
      set_default(spec.environment, "AWS_ENDPOINT_URL", inside_.endpoint_url);
    }
    auto container = std::find_if(task.containers.begin(), task.containers.end(),
                                  [&](const ecs::TaskContainer& c) { return c.name == spec.name; });
    if (!inside_.metadata_base.empty() && inside_.ids != nullptr && container != task.containers.end()) {
      container->metadata_token = inside_.ids->hex(32);
      set(spec.environment, "ECS_CONTAINER_METADATA_URI_V4",
          inside_.metadata_base + "/v4/" + container->metadata_token);
      set(spec.environment, "ECS_CONTAINER_METADATA_URI", inside_.metadata_base + "/v3/" + container->metadata_token);
    }
    if (!inside_.instance_metadata_origin.empty() && !task.container_instance_arn.empty()) {
      set_default(spec.environment, "AWS_EC2_METADATA_SERVICE_ENDPOINT", inside_.instance_metadata_origin + "/");
    }
    if (!task.credentials_id.empty()) {
      std::string path = "/v2/credentials/" + task.credentials_id;
      if (inside_.credentials_origin == kRelativeCredentialsOrigin) {
        set(spec.environment, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", path);
      } else {
        set(spec.environment, "AWS_CONTAINER_CREDENTIALS_FULL_URI", inside_.credentials_origin + path);
      }
    }
  }
  return std::nullopt;
}

void TaskReconciler::plan_stop(Task& task) {
  task.stop_planned = true;
  task.generation = next_generation_++;  // supersedes the start plan
  runtime_.stop_task({task.arn, task.generation});
}

void TaskReconciler::set_state(Task& task, TaskState state) {
  task.state = state;
  task.last_status = ecs::last_status_of(state);
  ++task.version;
}

Task* TaskReconciler::find(const runtime::PlanId& plan, ecs::EcsState*& state) {
  ecs::TaskArnParts parts;
  if (!ecs::parse_task_arn(plan.task_arn, parts)) {
    return nullptr;
  }
  state::RegionStore* store = world_.find(parts.account, parts.region);
  if (store == nullptr) {
    return nullptr;
  }
  auto it = store->ecs.tasks.tasks.find(parts.id);
  if (it == store->ecs.tasks.tasks.end() || it->second.arn != plan.task_arn ||
      it->second.generation != plan.generation) {
    return nullptr;
  }
  state = &store->ecs;
  return &it->second;
}

std::string TaskReconciler::prepare_awslogs(Task& task, const runtime::TaskLaunch& launch) {
  ecs::TaskArnParts parts;
  if (!ecs::parse_task_arn(task.arn, parts)) {
    return {};
  }
  for (const auto& c : launch.containers) {
    if (!c.awslogs) {
      continue;
    }
    logs::LogsState& logs = world_.region(parts.account, c.awslogs->region).logs;
    if (logs.groups.contains(c.awslogs->group)) {
      continue;
    }
    if (c.awslogs->create_group && !c.awslogs->group.empty()) {
      logs::LogGroup group;
      group.name = c.awslogs->group;
      group.creation_time = logs::to_millis(clock_.now());
      logs.groups.emplace(group.name, std::move(group));
      continue;
    }
    std::string reason =
        task.launch_type == "FARGATE"
            ? "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: "
              "failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not "
              "exist. : exit status 1"
            : "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to "
              "create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist.";
    auto container = std::find_if(task.containers.begin(), task.containers.end(),
                                  [&](const ecs::TaskContainer& tc) { return tc.name == c.name; });
    if (container != task.containers.end()) {
      container->reason = reason;
    }
    return reason;
  }
  return {};
}

void TaskReconciler::apply_log_events(const Observation& obs) {
  ecs::TaskArnParts parts;
  if (!ecs::parse_task_arn(obs.plan.task_arn, parts) || obs.log_group.empty() || obs.log_stream.empty()) {
    return;
  }
  logs::LogsState& logs = world_.region(parts.account, obs.log_region.empty() ? parts.region : obs.log_region).logs;
  auto group = logs.groups.find(obs.log_group);
  if (group == logs.groups.end()) {
    log::warn("msg=\"log events dropped: the log group is gone\" group={} task={}", obs.log_group, obs.plan.task_arn);
    return;
  }
  const logs::Millis now = logs::to_millis(clock_.now());
  auto& streams = group->second.streams;
  auto stream = streams.find(obs.log_stream);
  if (stream == streams.end()) {
    logs::LogStream created;
    created.name = obs.log_stream;
    created.creation_time = now;
    stream = streams.emplace(obs.log_stream, std::move(created)).first;
  }
  // PutLogEvents' batches, as the awslogs driver sends them: at most 10,000 events and 1 MiB, within 24 hours.
  std::vector<logs::InputEvent> batch;
  std::size_t bytes = 0;
  auto flush = [&] {
    if (batch.empty()) {
      return;
    }
    std::stable_sort(batch.begin(), batch.end(),
                     [](const logs::InputEvent& a, const logs::InputEvent& b) { return a.timestamp < b.timestamp; });
    try {
      logs::put_events(logs, group->second, stream->second, std::move(batch), now);
    } catch (const std::exception& e) {
      log::warn("msg=\"log events rejected\" group={} error=\"{}\"", obs.log_group, e.what());
    }
    batch.clear();
    bytes = 0;
  };
  for (const auto& line : obs.log_events) {
    if (line.message.empty()) {
      continue;
    }
    std::string message = line.message.size() > logs::kMaxBatchBytes - logs::kEventOverheadBytes
                              ? line.message.substr(0, logs::kMaxBatchBytes - logs::kEventOverheadBytes)
                              : line.message;
    std::size_t size = message.size() + logs::kEventOverheadBytes;
    if (batch.size() == logs::kMaxBatchEvents || bytes + size > logs::kMaxBatchBytes ||
        (!batch.empty() && std::abs(line.timestamp_ms - batch.front().timestamp) > logs::kMaxBatchSpan)) {
      flush();
    }
    batch.push_back({line.timestamp_ms, std::move(message)});
    bytes += size;
  }
  flush();
}

void TaskReconciler::apply(const Observation& obs) {
  if (obs.kind == ObservationKind::LogEvents) {
    // Logs belong to the log group, not to the task's plan: they are kept even when a stop superseded the plan.
    apply_log_events(obs);
    return;
  }
  ecs::EcsState* state = nullptr;
  Task* found = find(obs.plan, state);
  if (found == nullptr) {
    log::debug("msg=\"observation dropped\" task={} generation={}", obs.plan.task_arn, obs.plan.generation);
    return;
  }
  Task& task = *found;
  if (task.state == TaskState::Stopped) {
    return;
  }
  const std::int64_t version_before = task.version;
  const double t = now();
  auto container = std::find_if(task.containers.begin(), task.containers.end(),
                                [&](const ecs::TaskContainer& c) { return c.name == obs.container_name; });
  const bool has_container = container != task.containers.end();
  switch (obs.kind) {
    case ObservationKind::LogEvents:
      break;  // handled above
    case ObservationKind::PullStarted:
      if (task.state == TaskState::Provisioning) {
        if (task.eni) {
          task.eni->status = "ATTACHED";
        }
        task.connectivity = "CONNECTED";
        task.connectivity_at = t;
        task.pull_started_at = t;
        set_state(task, TaskState::Pending);
      }
      break;
    case ObservationKind::PullStopped:
      task.pull_stopped_at = t;
      ++task.version;
      break;
    case ObservationKind::PullFailed:
      if (has_container) {
        container->reason = "CannotPullContainerError: " + obs.reason;
      }
      task.pull_stopped_at = t;
      request_stop(task, "TaskFailedToStart", "CannotPullContainerError: " + obs.reason);
      break;
    case ObservationKind::ContainerStarted:
      if (has_container) {
        container->runtime_id = obs.runtime_id;
        container->last_status = "RUNNING";
        if (!obs.network_bindings.empty()) {
          container->ports.clear();
          for (const auto& b : obs.network_bindings) {
            container->ports.push_back({b.container_port, b.host_port, b.protocol, b.bind_ip});
          }
        }
        container->ip_address = obs.ip_address;
        ++task.version;
      }
      if (task.state == TaskState::Pending || task.state == TaskState::Provisioning) {
        // Every container has started (one that already finished, e.g. an init container, counts).
        bool all = std::all_of(task.containers.begin(), task.containers.end(),
                               [](const ecs::TaskContainer& c) { return c.last_status != "PENDING"; });
        if (all) {
          // No load-balancer targets to register yet: activation completes at once.
          set_state(task, TaskState::Activating);
          task.started_at = t;
          set_state(task, TaskState::Running);
        }
      }
      break;
    case ObservationKind::StartFailed:
      if (has_container) {
        container->reason = obs.reason;
        if (!obs.runtime_id.empty()) {
          container->runtime_id = obs.runtime_id;
        }
      }
      request_stop(task, "TaskFailedToStart", obs.reason);
      break;
    case ObservationKind::ContainerHealth:
      if (has_container && container->health_status != obs.health_status) {
        container->health_status = obs.health_status;
        task.health_status = ecs::task_health_status(task);  // what the service scheduler acts on
        ++task.version;
      }
      break;
    case ObservationKind::StopSignalled:
      if (task.state != TaskState::Stopping) {
        set_state(task, TaskState::Deactivating);  // no targets to drain
        task.stopping_at = t;
        set_state(task, TaskState::Stopping);
      }
      break;
    case ObservationKind::ContainerExited:
      if (has_container) {
        container->last_status = "STOPPED";
        container->exit_code = obs.exit_code;
        if (!obs.reason.empty()) {
          container->reason = obs.reason;
        }
        if (!obs.runtime_id.empty()) {
          container->runtime_id = obs.runtime_id;
        }
        ++task.version;
        if (container->essential) {
          request_stop(task, "EssentialContainerExited", "Essential container in task exited");
        }
      }
      break;
    case ObservationKind::TaskStopped:
      for (auto& c : task.containers) {
        c.last_status = "STOPPED";
      }
      if (task.desired_status != "STOPPED") {
        request_stop(task, "EssentialContainerExited", "Essential container in task exited");
      }
      if (task.stopping_at == 0) {
        task.stopping_at = t;
      }
      task.execution_stopped_at = t;
      set_state(task, TaskState::Deprovisioning);
      if (task.eni) {
        task.eni->status = "DETACHED";
        ecs::release_task_eni(world_, task);
      }
      task.stopped_at = t;
      set_state(task, TaskState::Stopped);
      break;  // plan() leaves a stopped task alone
  }
  plan(task);
  if (change_hook_ && task.version != version_before) {
    change_hook_(*state, task);
  }
}

void TaskReconciler::sweep() {
  const double cutoff = now() - static_cast<double>(kStoppedRetention.count());
  world_.for_each([&](const std::string&, const std::string&, state::RegionStore& store) {
    auto& tasks = store.ecs.tasks.tasks;
    for (auto it = tasks.begin(); it != tasks.end();) {
      if (it->second.state == TaskState::Stopped && it->second.stopped_at <= cutoff) {
        it = ecs::erase_task(store.ecs.tasks, it);
      } else {
        ++it;
      }
    }
  });
}

}  // namespace ecsemu::sched
