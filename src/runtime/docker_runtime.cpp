// DockerRuntime: task start and stop against the Docker engine, reported as observations.
#include "runtime/docker_runtime.hpp"

#include <unistd.h>

#include <random>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "log.hpp"
#include "runtime/depends_on.hpp"
#include "runtime/docker_spec.hpp"
#include "runtime/docker_task.hpp"
#include "runtime/pause_image.hpp"

namespace ecsemu::runtime {

namespace {

std::string random_instance_id() {
  std::random_device rd;
  return fmt::format("{:08x}{:08x}", rd(), rd());
}

// Docker container names allow [a-zA-Z0-9][a-zA-Z0-9_.-]*.
std::string docker_name(const TaskLaunch& launch, const ContainerSpec& c) {
  std::string name = fmt::format("ecs-{}-{}-{}-{}", launch.family, launch.revision, c.name, task_id_of(launch));
  for (auto& ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
                    ch == '.' || ch == '-';
    ch = ok ? ch : '-';
  }
  return name;
}

// Image references go into request paths: refuse anything Docker could not take as a reference anyway.
bool plausible_image(std::string_view image) {
  if (image.empty() || image.size() > 1024) {
    return false;
  }
  for (char ch : image) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
                    ch == '.' || ch == '-' || ch == '/' || ch == ':' || ch == '@';
    if (!ok) {
      return false;
    }
  }
  return true;
}

// A pull answers 200 and then streams progress; a failure arrives as {"error": ...} in that stream.
std::string pull_error(const DockerResponse& res) {
  if (!res.ok()) {
    return res.message();
  }
  std::size_t start = 0;
  while (start < res.body.size()) {
    std::size_t end = res.body.find('\n', start);
    std::string_view line(res.body.data() + start, (end == std::string::npos ? res.body.size() : end) - start);
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (!ec && v.is_object()) {
      if (const auto* e = v.as_object().if_contains("error"); e != nullptr && e->is_string()) {
        return std::string(e->as_string());
      }
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  return {};
}

const json::object* member_object(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

std::string member_string(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

InspectedContainer parse_inspect(const json::value& inspect) {
  InspectedContainer out;
  if (!inspect.is_object()) {
    return out;
  }
  const json::object& root = inspect.as_object();
  if (const auto* state = member_object(root, "State")) {
    if (const auto* r = state->if_contains("Running"); r != nullptr && r->is_bool()) {
      out.running = r->as_bool();
    }
    if (const auto* oom = state->if_contains("OOMKilled"); oom != nullptr && oom->is_bool()) {
      out.oom_killed = oom->as_bool();
    }
    out.error = member_string(*state, "Error");
    std::string status = member_string(*state, "Status");
    if (const auto* code = state->if_contains("ExitCode"); code != nullptr && code->is_int64() && status != "created") {
      out.exit_code = static_cast<int>(code->as_int64());
    }
    if (const auto* health = member_object(*state, "Health")) {
      out.health = member_string(*health, "Status");
    }
  }
  if (const auto* net = member_object(root, "NetworkSettings")) {
    out.ip_address = member_string(*net, "IPAddress");
    if (out.ip_address.empty()) {
      if (const auto* networks = member_object(*net, "Networks")) {
        for (const auto& [name, n] : *networks) {
          if (n.is_object() && !member_string(n.as_object(), "IPAddress").empty()) {
            out.ip_address = member_string(n.as_object(), "IPAddress");
            break;
          }
        }
      }
    }
    if (const auto* ports = member_object(*net, "Ports")) {
      for (const auto& [key, list] : *ports) {
        if (!list.is_array()) {
          continue;  // exposed but not published
        }
        std::string_view k = key;
        auto slash = k.find('/');
        NetworkBinding b;
        b.container_port = std::atoi(std::string(k.substr(0, slash)).c_str());
        b.protocol = slash == std::string_view::npos ? "tcp" : std::string(k.substr(slash + 1));
        for (const auto& item : list.as_array()) {
          if (!item.is_object()) {
            continue;
          }
          NetworkBinding one = b;
          one.bind_ip = member_string(item.as_object(), "HostIp");
          one.host_port = std::atoi(member_string(item.as_object(), "HostPort").c_str());
          out.bindings.push_back(std::move(one));
        }
      }
    }
  }
  return out;
}

DockerRuntime::DockerRuntime(asio::any_io_executor executor, ObservationSink sink, DockerRuntimeOptions options,
                             std::string api_version)
    : strand_(asio::make_strand(std::move(executor))),
      sink_(std::move(sink)),
      options_(std::move(options)),
      client_(options_.endpoint),
      instance_id_(random_instance_id()),
      resync_timer_(strand_),
      adopted_(strand_) {
  adopted_.expires_at(asio::steady_timer::time_point::max());
  client_.set_api_version(std::move(api_version));
}

DockerRuntime::~DockerRuntime() = default;

std::map<std::string, std::string> DockerRuntime::owner_labels() const {
  auto labels = owner_identity_labels(this_process());
  labels[kMarkerLabel] = instance_id_;
  if (!options_.state_dir.empty()) {
    labels[kStateDirLabel] = options_.state_dir;
  }
  return labels;
}

void DockerRuntime::report(Observation observation) {
  if (sink_) {
    sink_(std::move(observation));
  }
}

void DockerRuntime::start() {
  asio::post(strand_, [this] {
    if (started_) {
      return;
    }
    started_ = true;
    spawn_logged(strand_, event_loop(), "events");
    schedule_resync();
  });
}

void DockerRuntime::start_task(TaskLaunch launch) {
  asio::post(strand_, [this, launch = std::move(launch)]() mutable {
    auto task = std::make_shared<RtTask>(strand_);
    task->plan = launch.plan;
    for (const auto& c : launch.containers) {
      task->boxes.push_back(Box{c});
    }
    task->launch = std::move(launch);
    if (auto old = tasks_.find(task->plan.task_arn); old != tasks_.end()) {
      old->second->abandoned = true;  // a new start for the same task: the old containers go
      old->second->stop_requested = true;
      spawn_logged(strand_, remove_containers(old->second), "replace");
    }
    tasks_[task->plan.task_arn] = task;
    spawn_logged(strand_, run_start(task), "start");
  });
}

void DockerRuntime::stop_task(PlanId plan) {
  asio::post(strand_,
             [this, plan = std::move(plan)]() mutable { spawn_logged(strand_, run_stop(std::move(plan)), "stop"); });
}

void DockerRuntime::stop_all(std::function<void()> done) {
  asio::post(strand_, [this, done = std::move(done)]() mutable {
    spawn_logged(strand_, run_stop_all(std::move(done)), "stop_all");
  });
}

asio::awaitable<std::string> DockerRuntime::ensure_image(const std::string& image) {
  if (!plausible_image(image)) {
    co_return fmt::format("invalid reference format: '{}'", image);
  }
  DockerResponse inspect =
      co_await client_.request(verb::get, client_.versioned("/images/" + image + "/json"), {}, options_.call_timeout);
  if (inspect.ok()) {
    co_return std::string();
  }
  if (!inspect.not_found()) {
    co_return inspect.message();
  }
  auto [from, tag] = split_image_reference(image);
  std::vector<std::pair<std::string, std::string>> query{{"fromImage", from}};
  if (!tag.empty()) {
    query.emplace_back("tag", tag);
  }
  DockerResponse pull =
      co_await client_.request(verb::post, client_.versioned("/images/create", query), {}, options_.pull_timeout);
  co_return pull_error(pull);
}

asio::awaitable<void> DockerRuntime::run_start(std::shared_ptr<RtTask> task) {
  const PlanId plan = task->launch.plan;
  report({plan, ObservationKind::PullStarted});
  bool ok = true;
  std::set<std::string> pulled;
  for (auto& box : task->boxes) {
    if (task->stop_requested) {
      ok = false;
      break;
    }
    if (!pulled.insert(box.spec.image).second) {
      continue;
    }
    std::string error = co_await ensure_image(box.spec.image);
    if (!error.empty()) {
      log::info("msg=\"image pull failed\" task={} image={} error=\"{}\"", plan.task_arn, box.spec.image, error);
      box.reason = "CannotPullContainerError: " + error;
      report({plan, ObservationKind::PullFailed, box.spec.name, {}, std::nullopt, error});
      ok = false;
      break;
    }
  }
  if (ok && !task->stop_requested) {
    report({plan, ObservationKind::PullStopped});
    ok = co_await create_volumes(task);
    if (ok && task->launch.network_mode == "awsvpc") {
      ok = co_await start_pause(task);
    }
    if (ok) {
      co_await start_in_order(task);
    }
  }
  task->starting = false;
  task->start_done.cancel();
  if (task->abandoned) {
    co_await remove_containers(task);
  }
}

namespace {
double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

// Starts containers as their dependsOn conditions allow (runtime::plan_starts), re-planning as exits and health
// reports arrive, until every container has started, one cannot, or the task is stopped.
asio::awaitable<bool> DockerRuntime::start_in_order(std::shared_ptr<RtTask> task) {
  const PlanId plan = task->launch.plan;
  std::vector<ContainerSpec> specs;
  for (const auto& b : task->boxes) {
    specs.push_back(b.spec);
  }
  asio::steady_timer wait(strand_);
  while (!task->stop_requested) {
    std::vector<ContainerProgress> progress;
    bool all_started = true;
    for (const auto& b : task->boxes) {
      ContainerProgress p;
      p.phase = !b.started ? ContainerProgress::Phase::NotStarted
                : b.exited ? ContainerProgress::Phase::Exited
                           : ContainerProgress::Phase::Running;
      p.health = b.health == "HEALTHY"     ? ContainerProgress::Health::Healthy
                 : b.health == "UNHEALTHY" ? ContainerProgress::Health::Unhealthy
                                           : ContainerProgress::Health::Unknown;
      p.exit_code = b.exit_code;
      p.started_at = b.started_at;
      p.ever_healthy = b.ever_healthy;
      progress.push_back(p);
      all_started = all_started && b.started;
    }
    if (all_started) {
      co_return true;
    }
    DependsOnPlan next = plan_starts(specs, progress, steady_seconds());
    if (!next.blocked.empty()) {
      const BlockedContainer& blocked = next.blocked.front();
      for (auto& b : task->boxes) {
        if (b.spec.name == blocked.container) {
          b.reason = blocked.reason;
        }
      }
      log::info("msg=\"container dependency cannot be met\" task={} container={} reason=\"{}\"", plan.task_arn,
                blocked.container, blocked.reason);
      report({plan, ObservationKind::StartFailed, blocked.container, {}, std::nullopt, blocked.reason});
      co_return false;
    }
    for (const auto& name : next.startable) {
      for (std::size_t i = 0; i < task->boxes.size(); ++i) {
        if (task->boxes[i].spec.name == name && !task->boxes[i].started && !task->stop_requested) {
          if (!co_await start_container(task, i)) {
            co_return false;
          }
        }
      }
    }
    if (next.startable.empty()) {
      // Waiting on an exit or a health report: the event stream updates the boxes; look again shortly.
      wait.expires_after(std::chrono::milliseconds(200));
      co_await wait.async_wait(kTuple);
      for (std::size_t i = 0; i < task->boxes.size() && !task->stop_requested; ++i) {
        co_await observe_exit(task, i);
      }
    }
  }
  co_return false;
}

// The task's Docker volumes (runtime::docker_volume_steps): task-scoped ones are created and remembered for
// removal; a shared one must exist unless autoprovisioned.
asio::awaitable<bool> DockerRuntime::create_volumes(std::shared_ptr<RtTask> task) {
  const PlanId plan = task->launch.plan;
  const std::string first = task->boxes.empty() ? std::string() : task->boxes.front().spec.name;
  for (const auto& step : docker_volume_steps(task->launch)) {
    if (task->stop_requested) {
      co_return false;
    }
    std::string reason;
    if (step.create) {
      const std::string target = client_.versioned("/volumes/create");
      const std::string body = json::serialize(step.create_body);
      DockerResponse res = co_await client_.request(verb::post, target, body, options_.call_timeout);
      if (!res.ok()) {
        reason = "CannotCreateVolumeError: " + res.message();
      } else if (step.remove_with_task) {
        task->task_volumes.push_back(step.name);
      }
    } else {
      const std::string target = client_.versioned("/volumes/" + step.name);
      DockerResponse res = co_await client_.request(verb::get, target, {}, options_.call_timeout);
      if (res.not_found()) {
        reason = step.missing_reason;
      } else if (!res.ok()) {
        reason = "CannotCreateVolumeError: " + res.message();
      }
    }
    if (!reason.empty()) {
      log::info("msg=\"volume failed\" task={} volume={} reason=\"{}\"", plan.task_arn, step.name, reason);
      report({plan, ObservationKind::StartFailed, first, {}, std::nullopt, reason});
      co_return false;
    }
  }
  co_return true;
}

asio::awaitable<std::string> DockerRuntime::ensure_pause_image() {
  const std::string inspect_target = client_.versioned("/images/" + pause_image_name() + "/json");
  DockerResponse inspect = co_await client_.request(verb::get, inspect_target, {}, options_.call_timeout);
  if (inspect.ok()) {
    co_return std::string();
  }
  PauseImportRequest import = pause_image_import_request();
  const std::string target = client_.versioned(import.path, import.query);
  DockerResponse res = co_await client_.request(verb::post, target, import.body, options_.pull_timeout);
  co_return pull_error(res);
}

// awsvpc: the pause container owns the task's network namespace; the task's containers join it.
asio::awaitable<bool> DockerRuntime::start_pause(std::shared_ptr<RtTask> task) {
  const PlanId plan = task->launch.plan;
  const std::string first = task->boxes.empty() ? std::string() : task->boxes.front().spec.name;
  auto fail = [&](std::string reason) {
    log::info("msg=\"pause container failed\" task={} reason=\"{}\"", plan.task_arn, reason);
    report({plan, ObservationKind::StartFailed, first, {}, std::nullopt, std::move(reason)});
    return false;
  };
  if (std::string error = co_await ensure_pause_image(); !error.empty()) {
    co_return fail("CannotCreateContainerError: the pause image: " + error);
  }
  DockerCreateOptions options;
  options.publish_host = options_.publish_host;
  options.extra_labels = owner_labels();
  if (std::string network = co_await ensure_vpc_network(task); !network.empty()) {
    options.network_mode = network;
    options.ipv4_address = task->launch.awsvpc->private_ip;
  }
  if (task->stop_requested) {
    co_return false;
  }
  json::object body = docker_pause_create_body(task->launch, pause_image_name(), options);
  const std::string name = fmt::format("ecs-{}-{}-internalecspause-{}", task->launch.family, task->launch.revision,
                                       task_id_of(task->launch));
  std::string safe = name;
  for (auto& ch : safe) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
                    ch == '.' || ch == '-';
    ch = ok ? ch : '-';
  }
  const std::string create_target = client_.versioned("/containers/create", {{"name", safe}});
  const std::string payload = json::serialize(body);
  DockerResponse created = co_await client_.request(verb::post, create_target, payload, options_.call_timeout);
  json::value answer = created.json();
  std::string id = created.ok() && answer.is_object() ? member_string(answer.as_object(), "Id") : std::string();
  if (id.empty()) {
    co_return fail("CannotCreateContainerError: " + created.message());
  }
  task->pause_id = id;
  const std::string start_target = client_.versioned("/containers/" + id + "/start");
  DockerResponse started = co_await client_.request(verb::post, start_target, {}, options_.call_timeout);
  if (!started.ok() && started.status != 304) {
    co_return fail("CannotStartContainerError: " + started.message());
  }
  const std::string inspect_target = client_.versioned("/containers/" + id + "/json");
  DockerResponse inspected = co_await client_.request(verb::get, inspect_target, {}, options_.call_timeout);
  task->pause_ip = parse_inspect(inspected.json()).ip_address;
  co_return !task->stop_requested;
}

asio::awaitable<bool> DockerRuntime::start_container(std::shared_ptr<RtTask> task, std::size_t index) {
  const PlanId plan = task->launch.plan;
  DockerCreateOptions options;
  options.publish_host = options_.publish_host;
  options.extra_labels = owner_labels();
  if (!task->pause_id.empty()) {
    options.network_mode = "container:" + task->pause_id;
  }
  for (const auto& b : task->boxes) {
    if (!b.id.empty()) {
      options.peer_containers[b.spec.name] = b.id;
    }
  }
  const ContainerSpec& spec = task->boxes[index].spec;
  json::object body = docker_create_body(task->launch, spec, options);
  auto fail = [&](std::string reason) {
    Box& box = task->boxes[index];
    box.reason = reason;
    log::info("msg=\"container start failed\" task={} container={} reason=\"{}\"", plan.task_arn, spec.name, reason);
    report({plan, ObservationKind::StartFailed, spec.name, box.id, std::nullopt, std::move(reason)});
  };
  const std::string create_target =
      client_.versioned("/containers/create", {{"name", docker_name(task->launch, spec)}});
  DockerResponse created =
      co_await client_.request(verb::post, create_target, json::serialize(body), options_.call_timeout);
  if (!created.ok()) {
    fail("CannotCreateContainerError: " + created.message());
    co_return false;
  }
  json::value answer = created.json();
  std::string id = answer.is_object() ? member_string(answer.as_object(), "Id") : std::string();
  if (id.empty()) {
    fail("CannotCreateContainerError: the Docker engine returned no container id");
    co_return false;
  }
  task->boxes[index].id = id;
  if (task->stop_requested) {
    co_return false;  // the stop removes it
  }
  DockerResponse started = co_await client_.request(verb::post, client_.versioned("/containers/" + id + "/start"), {},
                                                    options_.call_timeout);
  if (!started.ok() && started.status != 304) {
    fail("CannotStartContainerError: " + started.message());
    co_return false;
  }
  DockerResponse inspected =
      co_await client_.request(verb::get, client_.versioned("/containers/" + id + "/json"), {}, options_.call_timeout);
  InspectedContainer info = parse_inspect(inspected.json());
  Box& box = task->boxes[index];
  box.started = true;
  box.started_at = steady_seconds();
  if (task->stop_requested) {
    co_return false;
  }
  if (box.spec.awslogs) {
    box.logs_running = true;  // ContainerExited waits for the container's last lines
    spawn_logged(strand_, pump_logs(task, index), "awslogs");
  }
  Observation obs{plan, ObservationKind::ContainerStarted, spec.name, id};
  obs.network_bindings = info.bindings;
  obs.ip_address = info.ip_address.empty() ? task->pause_ip : info.ip_address;
  report(std::move(obs));
  if (box.pending_die || (inspected.ok() && !info.running)) {
    co_await observe_exit(task, index);
  }
  co_return true;
}

// Inspects a started container: reports its exit (or a change of health) when there is one to report.
asio::awaitable<void> DockerRuntime::observe_exit(std::shared_ptr<RtTask> task, std::size_t index) {
  if (task->stop_requested || task->boxes[index].exited || !task->boxes[index].started) {
    co_return;
  }
  const std::string id = task->boxes[index].id;
  DockerResponse res =
      co_await client_.request(verb::get, client_.versioned("/containers/" + id + "/json"), {}, options_.call_timeout);
  Box& box = task->boxes[index];
  if (task->stop_requested || box.exited) {
    co_return;
  }
  if (res.ok()) {
    InspectedContainer info = parse_inspect(res.json());
    if (info.running) {
      std::string health = info.health == "healthy" ? "HEALTHY" : info.health == "unhealthy" ? "UNHEALTHY" : "";
      if (!health.empty() && health != box.health) {
        box.health = health;
        box.ever_healthy = box.ever_healthy || health == "HEALTHY";
        Observation obs{task->plan, ObservationKind::ContainerHealth, box.spec.name, id};
        obs.health_status = health;
        report(std::move(obs));
      }
      co_return;
    }
    box.exit_code = info.exit_code;
    if (info.oom_killed) {
      box.reason = "OutOfMemoryError: Container killed due to memory usage";
    }
  } else if (res.not_found()) {
    box.reason = "DockerContainerNotFound: the container was removed outside ecsemu";
  } else {
    co_return;  // the engine did not answer: the next resync asks again
  }
  co_await wait_logs(task, index);  // its output reaches the log stream before its exit is reported
  if (task->stop_requested || box.exited) {
    co_return;
  }
  box.exited = true;
  report({task->plan, ObservationKind::ContainerExited, box.spec.name, id, box.exit_code, box.reason});
}

}  // namespace ecsemu::runtime
