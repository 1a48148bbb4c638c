#pragma once

// DockerRuntime's bookkeeping for one task (internal to the runtime; touched only on its strand).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <exception>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/fwd.hpp>

#include "log.hpp"
#include "runtime/docker_runtime.hpp"

namespace ecsemu::runtime {

// What the DockerRuntime files share: the aliases they use and the completion token of their coroutines.
namespace asio = boost::asio;
namespace json = boost::json;
using boost::beast::http::verb;
inline constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

struct DockerRuntime::Box {
  ContainerSpec spec;
  std::string id;            // set once created
  bool started = false;      // ContainerStarted reported
  bool exited = false;       // its exit observed
  bool pending_die = false;  // a die event arrived before ContainerStarted was reported
  std::optional<int> exit_code;
  std::string reason;
  std::string health;  // last reported: HEALTHY, UNHEALTHY or ""
  bool ever_healthy = false;
  double started_at = 0;                                // steady-clock seconds; 0 = not started
  bool logs_running = false;                            // awslogs: its output is still being read
  std::chrono::steady_clock::time_point logs_progress;  // awslogs: when its output last brought bytes
};

struct DockerRuntime::RtTask {
  explicit RtTask(boost::asio::any_io_executor executor) : start_done(std::move(executor)) {
    start_done.expires_at(boost::asio::steady_timer::time_point::max());
  }
  TaskLaunch launch;
  PlanId plan;  // the plan observations answer: the launch's, then the stop's
  std::vector<Box> boxes;
  bool starting = true;
  bool stop_requested = false;
  bool abandoned = false;  // stop_all: removed without reports
  std::string pause_id;    // awsvpc: the container holding the task's network namespace
  std::string pause_ip;
  std::string vpc_id;  // awsvpc: the VPC whose Docker network the pause container joined, released with the task
  std::vector<std::string> task_volumes;  // Docker volumes created for this task alone, removed with it
  boost::asio::steady_timer start_done;   // cancelled when run_start ends
};

// A VPC's Docker network (vpc_network.hpp): created by the first task of the VPC, removed after the last.
struct DockerRuntime::VpcNet {
  enum class State { Creating, Ready, Removing };
  explicit VpcNet(boost::asio::any_io_executor executor) : changed(std::move(executor)) {
    changed.expires_at(boost::asio::steady_timer::time_point::max());
  }
  State state = State::Creating;
  std::string name;
  std::string cidr;
  std::size_t users = 0;              // tasks whose pause container is (or is being) connected to it
  boost::asio::steady_timer changed;  // cancelled when the state changes, which wakes whoever waits on it
};

// Runs a coroutine on `executor`; an escaped exception is logged, never rethrown into the io_context.
template <typename Executor>
void spawn_logged(const Executor& executor, boost::asio::awaitable<void> work, const char* what) {
  boost::asio::co_spawn(executor, std::move(work), [what](std::exception_ptr e) {
    if (!e) {
      return;
    }
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      log::error("msg=\"docker runtime failure\" in={} error=\"{}\"", what, ex.what());
    }
  });
}

}  // namespace ecsemu::runtime
