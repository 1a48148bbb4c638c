#include "sched/task_reconciler.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "log.hpp"
#include "services/ecs/ecs_model.hpp"
#include "services/ecs/ecs_task_network.hpp"

namespace ecsemu::sched {

namespace json = boost::json;
using ecs::Task;
using ecs::TaskState;
using runtime::Observation;
using runtime::ObservationKind;

namespace {

std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t num(const json::object& o, std::string_view key, std::int64_t fallback = 0) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) {
    return fallback;
  }
  if (v->is_int64()) {
    return v->as_int64();
  }
  if (v->is_uint64()) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  if (v->is_double()) {
    return static_cast<std::int64_t>(v->as_double());
  }
  return fallback;
}

std::vector<std::string> strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* v = o.if_contains(key); v != nullptr && v->is_array()) {
    for (const auto& item : v->as_array()) {
      if (item.is_string()) {
        out.emplace_back(item.as_string());
      }
    }
  }
  return out;
}

void merge_environment(std::vector<std::pair<std::string, std::string>>& env, const json::object& o) {
  const auto* v = o.if_contains("environment");
  if (v == nullptr || !v->is_array()) {
    return;
  }
  for (const auto& item : v->as_array()) {
    if (!item.is_object()) {
      continue;
    }
    std::string name = str(item.as_object(), "name");
    std::string value = str(item.as_object(), "value");
    auto it = std::find_if(env.begin(), env.end(), [&](const auto& kv) { return kv.first == name; });
    if (it != env.end()) {
      it->second = value;
    } else {
      env.emplace_back(name, value);
    }
  }
}

const json::object* container_override(const Task& task, std::string_view name) {
  const auto* list = task.overrides.if_contains("containerOverrides");
  if (list == nullptr || !list->is_array()) {
    return nullptr;
  }
  for (const auto& item : list->as_array()) {
    if (item.is_object() && str(item.as_object(), "name") == name) {
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
  for (const auto& def_value : task.container_definitions) {
    if (!def_value.is_object()) {
      continue;
    }
    const json::object& def = def_value.as_object();
    runtime::ContainerSpec spec;
    spec.name = str(def, "name");
    spec.image = str(def, "image");
    spec.entry_point = strings(def, "entryPoint");
    spec.command = strings(def, "command");
    merge_environment(spec.environment, def);
    if (const auto* e = def.if_contains("essential"); e != nullptr && e->is_bool()) {
      spec.essential = e->as_bool();
    }
    spec.cpu = num(def, "cpu");
    spec.memory = num(def, "memory");
    spec.stop_timeout_seconds = static_cast<int>(num(def, "stopTimeout", 30));
    if (const auto* o = container_override(task, spec.name)) {
      if (o->contains("command")) {
        spec.command = strings(*o, "command");
      }
      merge_environment(spec.environment, *o);
      spec.cpu = num(*o, "cpu", spec.cpu);
      spec.memory = num(*o, "memory", spec.memory);
    }
    for (const auto& c : task.containers) {
      if (c.name == spec.name) {
        for (const auto& p : c.ports) {
          spec.ports.push_back({p.container_port, p.host_port, p.protocol});
        }
      }
    }
    spec.labels = {{"com.amazonaws.ecs.task-arn", task.arn},
                   {"com.amazonaws.ecs.container-name", spec.name},
                   {"com.amazonaws.ecs.cluster", task.cluster_arn},
                   {"com.amazonaws.ecs.task-definition-family", task.family},
                   {"com.amazonaws.ecs.task-definition-version", std::to_string(task.revision)}};
    launch.containers.push_back(std::move(spec));
  }
  return launch;
}

void request_stop(Task& task, std::string_view stop_code, std::string_view reason) {
  if (task.desired_status == "STOPPED") {
    return;
  }
  task.desired_status = "STOPPED";
  task.stop_code = stop_code;
  task.stopped_reason = reason;
  ++task.version;
}

TaskReconciler::TaskReconciler(state::World& world, runtime::ContainerRuntime& runtime, const Clock& clock)
    : world_(world), runtime_(runtime), clock_(clock) {}

double TaskReconciler::now() const { return epoch_seconds(clock_.now()); }

void TaskReconciler::reconcile(ecs::EcsState& state) {
  for (auto& [id, task] : state.tasks.tasks) {
    plan(task);
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
  runtime_.start_task(launch_of(task));
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

void TaskReconciler::apply(const Observation& obs) {
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
        ++task.version;
      }
      if (task.state == TaskState::Pending || task.state == TaskState::Provisioning) {
        bool all = std::all_of(task.containers.begin(), task.containers.end(),
                               [](const ecs::TaskContainer& c) { return c.last_status == "RUNNING"; });
        if (all) {
          // No load-balancer targets to register yet: activation completes at once.
          set_state(task, TaskState::Activating);
          task.started_at = t;
          set_state(task, TaskState::Running);
        }
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
