// DockerRuntime: stopping and removing tasks, the event stream, the periodic resync, and start-up clean-up.
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "log.hpp"
#include "runtime/depends_on.hpp"
#include "runtime/docker_runtime.hpp"
#include "runtime/docker_task.hpp"

namespace ecsemu::runtime {

namespace {

// Runs `count` coroutines made by `make(i)` on `executor` at once and waits for them all.
// `make` is borrowed: it outlives this coroutine, which outlives every coroutine `make` starts.
template <typename Executor, typename Make>
asio::awaitable<void> run_all(const Executor& executor, std::size_t count, const Make& make, const char* what) {
  if (count == 0) {
    co_return;
  }
  asio::steady_timer latch(executor, asio::steady_timer::time_point::max());
  auto remaining = std::make_shared<std::size_t>(count);
  for (std::size_t i = 0; i < count; ++i) {
    asio::co_spawn(executor, make(i), [&latch, remaining, what](std::exception_ptr e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          log::error("msg=\"docker runtime failure\" in={} error=\"{}\"", what, ex.what());
        }
      }
      if (--*remaining == 0) {
        latch.cancel();
      }
    });
  }
  if (*remaining > 0) {
    co_await latch.async_wait(kTuple);
  }
}

std::string label_of(const json::object& container, std::string_view key) {
  const auto* labels = container.if_contains("Labels");
  if (labels == nullptr || !labels->is_object()) {
    return {};
  }
  const auto* v = labels->as_object().if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Whether the ecsemu that labelled a container or network (owner.hpp) is still running, asked in the way its
// PID namespace allows; when that cannot be told, it counts as alive (its leftovers are kept, never a live
// ecsemu's containers removed).
asio::awaitable<bool> owner_alive(DockerClient& client, const json::object& object, std::chrono::milliseconds timeout) {
  OwnerIdentity owner{label_of(object, kOwnerPidLabel), label_of(object, kOwnerPidNamespaceLabel),
                      label_of(object, kOwnerContainerLabel)};
  switch (how_to_check(owner, this_process())) {
    case OwnerCheck::Process:
      co_return ecsemu_process_alive(std::atol(owner.pid.c_str()));
    case OwnerCheck::Dead:
      co_return false;
    case OwnerCheck::Unknown:
      log::info("msg=\"keeping a left-over of an ecsemu in another PID namespace\" owner_pid={} owner_pidns={}",
                owner.pid, owner.pid_namespace);
      co_return true;
    case OwnerCheck::Container:
      break;
  }
  DockerResponse inspect =
      co_await client.request(verb::get, client.versioned("/containers/" + owner.container + "/json"), {}, timeout);
  if (inspect.not_found()) {
    co_return false;
  }
  if (!inspect.ok()) {
    co_return true;  // the engine could not say: keep
  }
  co_return parse_inspect(inspect.json()).running;
}

// VPC networks (vpc_network.hpp) whose owning ecsemu is gone; their containers were removed first.
asio::awaitable<std::size_t> remove_leftover_networks(DockerClient& client, std::chrono::milliseconds timeout,
                                                      const PrepareOptions& prepare) {
  const std::string target = client.versioned("/networks", {{"filters", docker_filters({{"label", {kMarkerLabel}}})}});
  DockerResponse list = co_await client.request(verb::get, target, {}, timeout);
  const json::value networks = list.json();
  if (!list.ok() || !networks.is_array()) {
    log::warn("msg=\"cannot list left-over networks\" error=\"{}\"", list.message());
    co_return 0;
  }
  std::size_t removed = 0;
  for (const auto& n : networks.as_array()) {
    if (!n.is_object()) {
      continue;
    }
    // As for containers: a state dir's networks are its ecsemu's business (kept for the tasks it adopts).
    const std::string dir = label_of(n.as_object(), kStateDirLabel);
    const auto* network_name = n.as_object().if_contains("Name");
    if (!dir.empty() && dir == prepare.state_dir) {
      if (network_name != nullptr && network_name->is_string() &&
          prepare.adopt_networks.count(std::string(network_name->as_string())) != 0) {
        continue;
      }
    } else if (!dir.empty()) {
      std::error_code ec;
      if (std::filesystem::is_directory(dir, ec)) {
        continue;
      }
      if (co_await owner_alive(client, n.as_object(), timeout)) {
        continue;
      }
    } else if (co_await owner_alive(client, n.as_object(), timeout)) {
      continue;
    }
    const auto* id = n.as_object().if_contains("Id");
    if (id == nullptr || !id->is_string()) {
      continue;
    }
    const std::string network_id(id->as_string());
    DockerResponse res =
        co_await client.request(verb::delete_, client.versioned("/networks/" + network_id), {}, timeout);
    if (res.ok() || res.not_found()) {
      ++removed;
    } else {
      log::warn("msg=\"cannot remove left-over network\" id={} error=\"{}\"", network_id, res.message());
    }
  }
  co_return removed;
}

}  // namespace

asio::awaitable<void> DockerRuntime::run_stop(PlanId plan) {
  auto it = tasks_.find(plan.task_arn);
  if (it == tasks_.end()) {
    report({plan, ObservationKind::TaskStopped});
    co_return;
  }
  std::shared_ptr<RtTask> task = it->second;
  task->plan = plan;
  if (task->stop_requested) {
    co_return;  // a stop is under way: it reports under the newest plan
  }
  task->stop_requested = true;
  if (task->starting) {
    co_await task->start_done.async_wait(kTuple);
  }
  report({task->plan, ObservationKind::StopSignalled});
  // Dependents stop before what they depend on (runtime::stop_waves); each wave's containers stop together.
  std::vector<ContainerSpec> specs;
  for (const auto& b : task->boxes) {
    specs.push_back(b.spec);
  }
  std::vector<std::vector<std::size_t>> waves;
  std::vector<bool> covered(task->boxes.size(), false);
  const std::vector<std::vector<std::string>> named_waves = stop_waves(specs);
  for (const auto& names : named_waves) {
    std::vector<std::size_t> wave;
    for (const auto& name : names) {
      for (std::size_t i = 0; i < task->boxes.size(); ++i) {
        if (task->boxes[i].spec.name == name && !covered[i]) {
          covered[i] = true;
          wave.push_back(i);
        }
      }
    }
    waves.push_back(std::move(wave));
  }
  waves.emplace_back();  // and anything no wave named
  for (std::size_t i = 0; i < task->boxes.size(); ++i) {
    if (!covered[i]) {
      waves.back().push_back(i);
    }
  }
  for (const auto& wave : waves) {
    auto stop_one = [this, task, &wave](std::size_t i) { return stop_container(task, wave[i]); };
    co_await run_all(strand_, wave.size(), stop_one, "stop_container");
  }
  for (std::size_t i = 0; i < task->boxes.size(); ++i) {
    co_await wait_logs(task, i);
  }
  for (const auto& box : task->boxes) {
    report({task->plan, ObservationKind::ContainerExited, box.spec.name, box.id, box.exit_code, box.reason});
  }
  if (!options_.keep_stopped_containers) {
    co_await remove_containers(task);
  }
  report({task->plan, ObservationKind::TaskStopped});
  if (auto now = tasks_.find(plan.task_arn); now != tasks_.end() && now->second == task) {
    tasks_.erase(now);
  }
}

// SIGTERM, SIGKILL after the container's stop timeout (Docker's stop does both), then records how it ended.
asio::awaitable<void> DockerRuntime::stop_container(std::shared_ptr<RtTask> task, std::size_t index) {
  const std::string id = task->boxes[index].id;
  if (id.empty()) {
    co_return;  // never created
  }
  const int timeout = std::max(0, task->boxes[index].spec.stop_timeout_seconds);
  if (!task->boxes[index].exited) {
    const std::string stop_target = client_.versioned("/containers/" + id + "/stop", {{"t", std::to_string(timeout)}});
    DockerResponse stopped =
        co_await client_.request(verb::post, stop_target, {}, std::chrono::seconds(timeout) + options_.call_timeout);
    if (!stopped.ok() && stopped.status != 304 && !stopped.not_found()) {
      log::warn("msg=\"container stop failed, killing\" id={} error=\"{}\"", id, stopped.message());
      co_await client_.request(verb::post, client_.versioned("/containers/" + id + "/kill"), {}, options_.call_timeout);
    }
  }
  DockerResponse res =
      co_await client_.request(verb::get, client_.versioned("/containers/" + id + "/json"), {}, options_.call_timeout);
  Box& box = task->boxes[index];
  if (res.ok()) {
    InspectedContainer info = parse_inspect(res.json());
    if (!box.exited) {
      box.exit_code = info.exit_code;
      if (info.oom_killed) {
        box.reason = "OutOfMemoryError: Container killed due to memory usage";
      }
    }
  }
  box.exited = true;
}

asio::awaitable<void> DockerRuntime::remove_containers(std::shared_ptr<RtTask> task) {
  auto remove_one = [this, task](std::size_t i) -> asio::awaitable<void> {
    const std::string id = i < task->boxes.size() ? task->boxes[i].id : task->pause_id;
    if (id.empty()) {
      co_return;
    }
    const std::string target = client_.versioned("/containers/" + id, {{"force", "1"}, {"v", "1"}});
    DockerResponse res = co_await client_.request(verb::delete_, target, {}, options_.call_timeout);
    if (!res.ok() && !res.not_found()) {
      log::warn("msg=\"container remove failed\" id={} error=\"{}\"", id, res.message());
    }
  };
  co_await run_all(strand_, task->boxes.size(), remove_one, "remove_container");
  if (!task->pause_id.empty()) {
    auto remove_pause = [&](std::size_t) { return remove_one(task->boxes.size()); };
    co_await run_all(strand_, 1, remove_pause, "remove_pause");
  }
  co_await release_vpc_network(task);
  co_await remove_volumes(task);
}

asio::awaitable<void> DockerRuntime::remove_volumes(std::shared_ptr<RtTask> task) {
  std::vector<std::string> names = std::move(task->task_volumes);
  task->task_volumes.clear();
  for (const auto& name : names) {
    const std::string target = client_.versioned("/volumes/" + name);
    DockerResponse res = co_await client_.request(verb::delete_, target, {}, options_.call_timeout);
    if (!res.ok() && !res.not_found()) {
      log::warn("msg=\"volume remove failed\" volume={} error=\"{}\"", name, res.message());
    }
  }
}

asio::awaitable<void> DockerRuntime::run_stop_all(std::function<void()> done) {
  auto tasks = std::move(tasks_);
  tasks_.clear();
  for (auto& [arn, task] : tasks) {
    task->abandoned = true;  // a start still under way removes what it created when it notices
    task->stop_requested = true;
  }
  // Everything this process created, including containers of tasks whose start is still under way.
  const std::string list_target = client_.versioned(
      "/containers/json",
      {{"all", "1"}, {"filters", docker_filters({{"label", {std::string(kMarkerLabel) + "=" + instance_id_}}})}});
  DockerResponse list = co_await client_.request(verb::get, list_target, {}, options_.call_timeout);
  std::vector<std::string> ids;
  const json::value containers = list.json();
  if (list.ok() && containers.is_array()) {
    for (const auto& c : containers.as_array()) {
      if (c.is_object()) {
        if (const auto* id = c.as_object().if_contains("Id"); id != nullptr && id->is_string()) {
          ids.emplace_back(id->as_string());
        }
      }
    }
  } else {
    log::warn("msg=\"cannot list containers to stop\" error=\"{}\"", list.message());
  }
  auto remove_one = [this, &ids](std::size_t i) -> asio::awaitable<void> {
    const std::string target = client_.versioned("/containers/" + ids[i], {{"force", "1"}, {"v", "1"}});
    co_await client_.request(verb::delete_, target, {}, options_.call_timeout);
  };
  co_await run_all(strand_, ids.size(), remove_one, "stop_all");
  for (auto& [arn, task] : tasks) {
    if (!task->starting) {
      co_await remove_volumes(task);  // a start still under way removes them itself
    }
  }
  if (!ids.empty()) {
    log::info("msg=\"containers removed\" count={}", ids.size());
  }
  co_await remove_vpc_networks();
  done();
}

void DockerRuntime::on_event(const json::value& event) {
  if (!event.is_object()) {
    return;
  }
  const json::object& e = event.as_object();
  std::string action;
  if (const auto* a = e.if_contains("Action"); a != nullptr && a->is_string()) {
    action = a->as_string();
  } else if (const auto* s = e.if_contains("status"); s != nullptr && s->is_string()) {
    action = s->as_string();
  }
  std::string id;
  if (const auto* actor = e.if_contains("Actor"); actor != nullptr && actor->is_object()) {
    if (const auto* i = actor->as_object().if_contains("ID"); i != nullptr && i->is_string()) {
      id = i->as_string();
    }
  }
  if (id.empty() || (action != "die" && action.rfind("health_status", 0) != 0)) {
    return;
  }
  for (auto& [arn, task] : tasks_) {
    for (std::size_t i = 0; i < task->boxes.size(); ++i) {
      Box& box = task->boxes[i];
      if (box.id != id || task->stop_requested) {
        continue;
      }
      if (!box.started) {
        box.pending_die = box.pending_die || action == "die";  // run_start checks once it has reported the start
        return;
      }
      spawn_logged(strand_, observe_exit(task, i), "event");
      return;
    }
  }
}

asio::awaitable<void> DockerRuntime::event_loop() {
  const std::string target = client_.versioned(
      "/events", {{"filters", docker_filters({{"type", {"container"}},
                                              {"label", {std::string(kMarkerLabel) + "=" + instance_id_}}})}});
  asio::steady_timer backoff(strand_);
  for (;;) {
    std::string why = co_await client_.stream(
        target, [this] { spawn_logged(strand_, resync(), "resync"); },
        [this](const json::value& event) { on_event(event); }, options_.call_timeout);
    log::warn("msg=\"docker event stream ended; re-opening\" reason=\"{}\"", why);
    backoff.expires_after(std::chrono::seconds(1));
    co_await backoff.async_wait(kTuple);
  }
}

asio::awaitable<void> DockerRuntime::resync() {
  std::vector<std::pair<std::shared_ptr<RtTask>, std::size_t>> work;
  for (auto& [arn, task] : tasks_) {
    for (std::size_t i = 0; i < task->boxes.size(); ++i) {
      if (task->boxes[i].started && !task->boxes[i].exited && !task->stop_requested) {
        work.emplace_back(task, i);
      }
    }
  }
  for (auto& [task, i] : work) {
    co_await observe_exit(task, i);
  }
}

void DockerRuntime::schedule_resync() {
  resync_timer_.expires_after(options_.resync_interval);
  resync_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) {
      return;
    }
    spawn_logged(strand_, resync(), "resync");
    schedule_resync();
  });
}

bool ecsemu_process_alive(long pid) {
  if (pid <= 0) {
    return false;
  }
  if (pid == static_cast<long>(::getpid())) {
    return true;
  }
  std::ifstream comm(fmt::format("/proc/{}/comm", pid));
  std::string name;
  if (!comm || !std::getline(comm, name)) {
    return false;
  }
  return name == "ecsemu";
}

DockerStartup negotiate_docker(const DockerEndpoint& endpoint, std::chrono::milliseconds timeout) {
  asio::io_context io;
  DockerStartup out;
  DockerClient client(endpoint);
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        out.error = co_await client.negotiate(timeout);
        out.api_version = client.api_version();
      },
      asio::detached);
  io.run();
  return out;
}

DockerStartup clean_up_docker(const DockerEndpoint& endpoint, const std::string& api_version,
                              std::chrono::milliseconds timeout, const PrepareOptions& prepare) {
  asio::io_context io;
  DockerStartup out;
  out.api_version = api_version;
  DockerClient client(endpoint);
  client.set_api_version(api_version);
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        const std::string list_target = client.versioned(
            "/containers/json", {{"all", "1"}, {"filters", docker_filters({{"label", {kMarkerLabel}}})}});
        DockerResponse list = co_await client.request(verb::get, list_target, {}, timeout);
        const json::value containers = list.json();
        if (!list.ok() || !containers.is_array()) {
          log::warn("msg=\"cannot list left-over containers\" error=\"{}\"", list.message());
          co_return;
        }
        for (const auto& c : containers.as_array()) {
          if (!c.is_object()) {
            continue;
          }
          const json::object& container = c.as_object();
          const std::string dir = label_of(container, kStateDirLabel);
          if (!dir.empty() && dir == prepare.state_dir) {
            // This directory's world: adopted when its task is still to run, removed otherwise.
            if (prepare.adopt_tasks.count(label_of(container, "com.amazonaws.ecs.task-arn")) != 0) {
              ++out.kept;
              continue;
            }
          } else if (!dir.empty()) {
            std::error_code ec;
            if (std::filesystem::is_directory(dir, ec)) {
              continue;  // another state dir's: its next start adopts it
            }
            if (co_await owner_alive(client, container, timeout)) {
              continue;
            }
          } else if (co_await owner_alive(client, container, timeout)) {
            continue;  // another ecsemu, still running, owns it
          }
          const auto* id = container.if_contains("Id");
          if (id == nullptr || !id->is_string()) {
            continue;
          }
          const std::string target =
              client.versioned("/containers/" + std::string(id->as_string()), {{"force", "1"}, {"v", "1"}});
          DockerResponse removed = co_await client.request(verb::delete_, target, {}, timeout);
          if (removed.ok() || removed.not_found()) {
            ++out.removed;
          } else {
            log::warn("msg=\"cannot remove left-over container\" id={} error=\"{}\"", std::string(id->as_string()),
                      removed.message());
          }
        }
        out.removed_networks = co_await remove_leftover_networks(client, timeout, prepare);
      },
      asio::detached);
  io.run();
  return out;
}

}  // namespace ecsemu::runtime
