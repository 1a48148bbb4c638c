#include "runtime/simulated_runtime.hpp"

#include <charconv>
#include <utility>

#include <fmt/format.h>
#include <boost/asio/post.hpp>

namespace ecsemu::runtime {

namespace asio = boost::asio;

std::optional<int> simulated_exit_code(const ContainerSpec& container) {
  if (container.command.empty()) {
    return std::nullopt;
  }
  std::string_view last = container.command.back();
  std::string_view number;
  if (last.rfind("exit ", 0) == 0) {
    number = last.substr(5);
  } else if (last == "exit") {
    return 0;
  } else if (container.command.size() >= 2 && container.command[container.command.size() - 2] == "exit") {
    number = last;
  } else {
    return std::nullopt;
  }
  int code = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), code);
  if (ec != std::errc() || ptr != number.data() + number.size() || code < 0 || code > 255) {
    return std::nullopt;
  }
  return code;
}

SimulatedRuntime::SimulatedRuntime(asio::any_io_executor executor, ObservationSink sink)
    : strand_(asio::make_strand(std::move(executor))), sink_(std::move(sink)) {}

void SimulatedRuntime::start_task(TaskLaunch launch) {
  asio::post(strand_, [this, launch = std::move(launch)] { run_start(launch); });
}

void SimulatedRuntime::stop_task(PlanId plan) {
  asio::post(strand_, [this, plan = std::move(plan)] { run_stop(plan); });
}

void SimulatedRuntime::stop_all(std::function<void()> done) {
  asio::post(strand_, [this, done = std::move(done)] {
    tasks_.clear();
    done();
  });
}

void SimulatedRuntime::report(Observation observation) {
  if (sink_) {
    sink_(std::move(observation));
  }
}

void SimulatedRuntime::run_start(const TaskLaunch& launch) {
  SimTask& task = tasks_[launch.plan.task_arn];
  report({launch.plan, ObservationKind::PullStarted});
  report({launch.plan, ObservationKind::PullStopped});
  for (const auto& spec : launch.containers) {
    SimContainer& container = task.containers[spec.name];
    container.runtime_id = fmt::format("{:016x}{:016x}{:016x}{:016x}", rng_(), rng_(), rng_(), next_id_++);
    container.running = true;
    report({launch.plan, ObservationKind::ContainerStarted, spec.name, container.runtime_id});
  }
  // A container with a health check passes it (the simulated runtime runs no command to fail it).
  for (const auto& spec : launch.containers) {
    if (spec.health_check && !simulated_exit_code(spec)) {
      Observation health{launch.plan, ObservationKind::ContainerHealth, spec.name};
      health.health_status = "HEALTHY";
      report(std::move(health));
    }
  }
  // Containers whose command exits do so after every container has started, on a later turn.
  for (const auto& spec : launch.containers) {
    if (auto code = simulated_exit_code(spec)) {
      asio::post(strand_, [this, plan = launch.plan, name = spec.name, code = *code] {
        auto it = tasks_.find(plan.task_arn);
        if (it == tasks_.end()) {
          return;
        }
        auto c = it->second.containers.find(name);
        if (c == it->second.containers.end() || !c->second.running) {
          return;
        }
        c->second.running = false;
        c->second.exit_code = code;
        report({plan, ObservationKind::ContainerExited, name, c->second.runtime_id, code});
      });
    }
  }
}

void SimulatedRuntime::run_stop(const PlanId& plan) {
  report({plan, ObservationKind::StopSignalled});
  auto it = tasks_.find(plan.task_arn);
  if (it != tasks_.end()) {
    for (auto& [name, container] : it->second.containers) {
      if (container.running) {
        container.running = false;
        container.exit_code = 0;  // the simulated process honours SIGTERM
      }
      report({plan, ObservationKind::ContainerExited, name, container.runtime_id, container.exit_code});
    }
    tasks_.erase(it);
  }
  report({plan, ObservationKind::TaskStopped});
}

}  // namespace ecsemu::runtime
