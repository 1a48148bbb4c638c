// DockerRuntime: adopting the containers an earlier ecsemu on the same state dir started (--state-dir).
//
// The containers are found by the ECS agent's labels (task ARN, container name), never by name. Each one that
// runs is reported started, with the bindings and address Docker gives; one that exited while ecsemu was down is
// reported exited with Docker's exit code; one that is gone is reported exited with the reason. From then on the
// periodic resync watches them (the event stream only carries this process's own containers). An awsvpc task's
// pause container and VPC network are taken over too, and its task-scoped volumes are removed with it.
#include <map>
#include <string>

#include <fmt/format.h>

#include "log.hpp"
#include "runtime/docker_runtime.hpp"
#include "runtime/docker_spec.hpp"
#include "runtime/docker_task.hpp"
#include "runtime/vpc_network.hpp"

namespace ecsemu::runtime {

namespace {

std::string label(const json::object& container, std::string_view key) {
  const auto* labels = container.if_contains("Labels");
  if (labels == nullptr || !labels->is_object()) {
    return {};
  }
  const auto* v = labels->as_object().if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

double steady_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

bool DockerRuntime::adopt_task(const TaskLaunch& launch) {
  if (options_.state_dir.empty()) {
    return false;
  }
  asio::post(strand_, [this, launch]() mutable {
    auto task = std::make_shared<RtTask>(strand_);
    task->plan = launch.plan;
    for (const auto& c : launch.containers) {
      task->boxes.push_back(Box{c});
    }
    task->launch = std::move(launch);
    tasks_[task->plan.task_arn] = task;  // before any co_await: a stop asked meanwhile waits for the adoption
    ++adopting_;
    spawn_logged(strand_, run_adopt(task), "adopt");
  });
  return true;
}

// An awsvpc task's pause container holds its network namespace (and ENI address): the task's containers join it.
// When it sits on its VPC's network, that network is counted as this task's, as ensure_vpc_network would have.
asio::awaitable<void> DockerRuntime::adopt_pause(std::shared_ptr<RtTask> task, const std::string& id) {
  task->pause_id = id;
  DockerResponse inspected =
      co_await client_.request(verb::get, client_.versioned("/containers/" + id + "/json"), {}, options_.call_timeout);
  if (!inspected.ok()) {
    co_return;
  }
  const json::value doc = inspected.json();
  task->pause_ip = parse_inspect(doc).ip_address;
  if (!task->launch.awsvpc) {
    co_return;
  }
  const AwsvpcNetworkSpec& spec = *task->launch.awsvpc;
  const std::string name = vpc_network_name(spec.vpc_id);
  const json::value* networks = nullptr;
  if (const auto* settings = doc.is_object() ? doc.as_object().if_contains("NetworkSettings") : nullptr;
      settings != nullptr && settings->is_object()) {
    networks = settings->as_object().if_contains("Networks");
  }
  if (networks == nullptr || !networks->is_object() || !networks->as_object().contains(name)) {
    co_return;  // it fell back to the default bridge when it started
  }
  auto block = parse_ipv4_block(spec.vpc_cidr);
  auto& net = vpc_networks_[spec.vpc_id];
  if (!net) {
    net = std::make_shared<VpcNet>(strand_);
    net->name = name;
    net->cidr = block ? block->str() : spec.vpc_cidr;
    net->state = VpcNet::State::Ready;
    net->users = 0;
    log::info("msg=\"vpc network adopted\" vpc={} network={}", spec.vpc_id, name);
  }
  ++net->users;
  task->vpc_id = spec.vpc_id;
}

asio::awaitable<void> DockerRuntime::run_adopt(std::shared_ptr<RtTask> task) {
  struct Done {
    DockerRuntime& rt;
    ~Done() {
      if (--rt.adopting_ == 0) {
        rt.adopted_.cancel();
        rt.adopted_.expires_at(asio::steady_timer::time_point::max());
      }
    }
  } done{*this};
  const PlanId plan = task->plan;
  const std::string list_target = client_.versioned(
      "/containers/json", {{"all", "1"},
                           {"filters", docker_filters({{"label",
                                                        {"com.amazonaws.ecs.task-arn=" + plan.task_arn,
                                                         std::string(kStateDirLabel) + "=" + options_.state_dir}}})}});
  DockerResponse list = co_await client_.request(verb::get, list_target, {}, options_.call_timeout);
  std::map<std::string, std::string> ids;  // container name -> Docker id
  const json::value containers = list.json();
  if (list.ok() && containers.is_array()) {
    for (const auto& c : containers.as_array()) {
      if (!c.is_object()) {
        continue;
      }
      const auto* id = c.as_object().if_contains("Id");
      std::string name = label(c.as_object(), "com.amazonaws.ecs.container-name");
      if (id != nullptr && id->is_string() && !name.empty()) {
        ids[name] = std::string(id->as_string());
      }
    }
  } else {
    log::warn("msg=\"cannot list the containers to adopt\" task={} error=\"{}\"", plan.task_arn, list.message());
  }
  // Task-scoped volumes go with the task, as they would have with the process that created them.
  for (const auto& step : docker_volume_steps(task->launch)) {
    if (step.create && step.remove_with_task) {
      task->task_volumes.push_back(step.name);
    }
  }
  if (auto pause = ids.find(kPauseContainerName); pause != ids.end()) {
    co_await adopt_pause(task, pause->second);
  }
  std::size_t adopted = 0;
  for (std::size_t i = 0; i < task->boxes.size(); ++i) {
    Box& box = task->boxes[i];
    box.started = true;  // by the earlier process; what it does now is asked below
    box.started_at = steady_now();
    auto found = ids.find(box.spec.name);
    if (found == ids.end()) {
      box.exited = true;
      box.reason = "DockerContainerNotFound: the container was removed while ecsemu was down";
      report({plan, ObservationKind::ContainerExited, box.spec.name, {}, std::nullopt, box.reason});
      continue;
    }
    box.id = found->second;
    DockerResponse inspected = co_await client_.request(verb::get, client_.versioned("/containers/" + box.id + "/json"),
                                                        {}, options_.call_timeout);
    InspectedContainer info = parse_inspect(inspected.json());
    if (inspected.ok() && info.running) {
      ++adopted;
      Observation obs{plan, ObservationKind::ContainerStarted, box.spec.name, box.id};
      obs.network_bindings = info.bindings;
      obs.ip_address = info.ip_address;
      report(std::move(obs));
    }
    if (inspected.ok() && box.spec.awslogs) {
      // awslogs: read on from what the earlier process delivered (the launch says up to when).
      box.logs_running = true;
      spawn_logged(strand_, pump_logs(task, i), "awslogs");
    }
    // Exited (with Docker's exit code), gone, or a health state to report: observe_exit tells which.
    co_await observe_exit(task, i);
  }
  log::info("msg=\"task adopted\" task={} containers_running={} of={}", plan.task_arn, adopted, task->boxes.size());
  task->starting = false;
  task->start_done.cancel();
}

}  // namespace ecsemu::runtime
