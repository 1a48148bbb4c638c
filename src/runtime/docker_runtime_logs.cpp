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

namespace {
// After the container ended, its output is waited for while it keeps coming: until the engine ends the stream, or
// nothing arrived for kLogsIdle, and never longer than kLogsLongest in all.
constexpr auto kLogsIdle = std::chrono::seconds(10);
constexpr auto kLogsLongest = std::chrono::seconds(120);
constexpr int kLogsResumes = 5;
}  // namespace

asio::awaitable<void> DockerRuntime::pump_logs(std::shared_ptr<RtTask> task, std::size_t index) {
  const Box& box = task->boxes[index];
  const AwsLogsSpec& spec = *box.spec.awslogs;
  const std::string id = box.id;
  Observation base{task->plan, ObservationKind::LogEvents, box.spec.name, id};
  base.log_group = spec.group;
  base.log_region = spec.region;
  base.log_stream = awslogs_stream_name(spec, box.spec.name, id);
  // The stream exists from the container's start, as the driver creates it then.
  base.plan = task->plan;
  report(base);
  LogAssembler assembler(spec, box.spec.pseudo_terminal);
  if (spec.delivered_until) {
    assembler.continue_after(*spec.delivered_until, spec.delivered_at_last);  // adopted: what was read stays read
  }
  std::size_t bytes = 0;
  std::size_t events_sent = 0;
  auto send = [&] {
    std::vector<LogEventLine> events = assembler.take();
    if (events.empty()) {
      return;
    }
    events_sent += events.size();
    Observation obs = base;
    obs.plan = task->plan;
    obs.log_events = std::move(events);
    report(std::move(obs));
  };
  auto read = [&](bool follow) -> asio::awaitable<std::string> {
    std::vector<std::pair<std::string, std::string>> query{
        {"follow", follow ? "1" : "0"}, {"stdout", "1"}, {"stderr", "1"}, {"timestamps", "1"}};
    if (auto since = assembler.resume_since()) {
      query.emplace_back("since", docker_since(*since));
    }
    co_return co_await client_.stream_bytes(
        client_.versioned("/containers/" + id + "/logs", query), {},
        [&](std::string_view data) {
          task->boxes[index].logs_progress = std::chrono::steady_clock::now();
          bytes += data.size();
          assembler.feed(data);
          send();
          return true;
        },
        options_.call_timeout);
  };
  std::string error = co_await read(true);
  const std::size_t followed = events_sent;
  // The engine can end a follow while it is still behind the container's output (it stops following when the
  // container exits). So the output is read once more from the last line's time, without follow, once the
  // container has ended; a follow that ended while the container still runs is resumed (a few times at most).
  for (int resumed = 0;; ++resumed) {
    DockerResponse inspected = co_await client_.request(
        boost::beast::http::verb::get, client_.versioned("/containers/" + id + "/json"), {}, options_.call_timeout);
    if (!inspected.ok()) {
      break;  // removed, or the engine is gone: what was read is all there is
    }
    const bool running = parse_inspect(inspected.json()).running;
    assembler.resume();
    std::string again = co_await read(running && resumed < kLogsResumes);
    if (!again.empty()) {
      error = again;
    }
    if (!running || resumed >= kLogsResumes) {
      break;
    }
  }
  if (!error.empty()) {
    log::warn("msg=\"awslogs: reading the container's output failed\" container={} error=\"{}\"", id, error);
  }
  assembler.finish();
  send();
  log::debug("msg=\"awslogs: the container's output ended\" container={} bytes={} events={} after_follow={}", id, bytes,
             events_sent, events_sent - followed);
  task->boxes[index].logs_running = false;
}

asio::awaitable<void> DockerRuntime::wait_logs(std::shared_ptr<RtTask> task, std::size_t index) {
  asio::steady_timer timer(strand_);
  const auto start = std::chrono::steady_clock::now();
  while (task->boxes[index].logs_running) {
    const Box& box = task->boxes[index];
    const auto now = std::chrono::steady_clock::now();
    if (now - std::max(start, box.logs_progress) >= kLogsIdle || now - start >= kLogsLongest) {
      log::warn("msg=\"awslogs: the container's output did not end; reporting its exit\" container={}", box.id);
      break;
    }
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(kTuple);
  }
}

}  // namespace ecsemu::runtime
