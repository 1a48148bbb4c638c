// DockerRuntime's awslogs driver: a container's stdout and stderr, read through the Docker logs API (follow,
// timestamps) on the runtime's strand and reported to the state strand as LogEvents observations.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "log.hpp"
#include "runtime/docker_logs.hpp"
#include "runtime/docker_runtime.hpp"
#include "runtime/docker_task.hpp"

namespace ecsemu::runtime {

namespace asio = boost::asio;

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr auto kLogsGrace = std::chrono::seconds(10);
}  // namespace

asio::awaitable<void> DockerRuntime::pump_logs(std::shared_ptr<RtTask> task, std::size_t index) {
  const Box& box = task->boxes[index];
  const AwsLogsSpec& spec = *box.spec.awslogs;
  const std::string id = box.id;
  Observation base{task->plan, ObservationKind::LogEvents, box.spec.name, id};
  base.log_group = spec.group;
  base.log_region = spec.region;
  base.log_stream = spec.stream_prefix.empty() ? id : spec.stream_prefix + "/" + box.spec.name + "/" + spec.task_id;
  // The stream exists from the container's start, as the driver creates it then.
  base.plan = task->plan;
  report(base);
  LogAssembler assembler(spec, box.spec.pseudo_terminal);
  auto send = [&] {
    std::vector<LogEventLine> events = assembler.take();
    if (events.empty()) {
      return;
    }
    Observation obs = base;
    obs.plan = task->plan;
    obs.log_events = std::move(events);
    report(std::move(obs));
  };
  std::string target = client_.versioned("/containers/" + id + "/logs",
                                         {{"follow", "1"}, {"stdout", "1"}, {"stderr", "1"}, {"timestamps", "1"}});
  std::string error = co_await client_.stream_bytes(
      target, {},
      [&](std::string_view data) {
        assembler.feed(data);
        send();
        return true;
      },
      options_.call_timeout);
  if (!error.empty()) {
    log::warn("msg=\"awslogs: reading the container's output failed\" container={} error=\"{}\"", id, error);
  }
  assembler.finish();
  send();
  task->boxes[index].logs_running = false;
}

asio::awaitable<void> DockerRuntime::wait_logs(std::shared_ptr<RtTask> task, std::size_t index) {
  asio::steady_timer timer(strand_);
  const auto deadline = std::chrono::steady_clock::now() + kLogsGrace;
  while (task->boxes[index].logs_running && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(kTuple);
  }
}

}  // namespace ecsemu::runtime
