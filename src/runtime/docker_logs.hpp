#pragma once

// Turns the body of Docker's GET /containers/{id}/logs?follow=1&stdout=1&stderr=1&timestamps=1 into the log events
// the awslogs driver would send: the multiplexed frames (8-byte headers; raw bytes for a TTY) split per stream into
// lines, each line's RFC 3339 timestamp read, lines grouped into multi-line events when awslogs-datetime-format or
// awslogs-multiline-pattern says where an event starts. No I/O: the runtime feeds it what the engine sends.

#include <compare>
#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "ecsemu/runtime/container_runtime.hpp"

namespace ecsemu::runtime {

// A Docker timestamp: seconds since the epoch and nanoseconds (years 0000-9999 fit; nanoseconds alone would not).
struct DockerTime {
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;  // 0..999999999
  auto operator<=>(const DockerTime&) const = default;
};

// "2024-01-02T03:04:05.123456789Z" (or with an offset) -> DockerTime.
std::optional<DockerTime> parse_docker_time(std::string_view text);
// The same in epoch milliseconds.
std::optional<std::int64_t> parse_docker_timestamp(std::string_view text);
// A time as the logs API's `since` takes it: "SECONDS.NANOSECONDS".
std::string docker_since(DockerTime time);

// awslogs-datetime-format (strftime directives, as Docker's awslogs driver reads them) -> an ECMAScript regex
// anchored at the start of a line.
std::string datetime_format_regex(std::string_view format);

class LogAssembler {
 public:
  // `tty`: the container has a pseudo-terminal, so the body is not multiplexed.
  LogAssembler(const AwsLogsSpec& spec, bool tty);

  void feed(std::string_view bytes);
  // The events complete so far (in order), removed from the assembler.
  std::vector<LogEventLine> take();
  // The stream ended: what is still pending (a partial line, a multi-line event) becomes events.
  void finish();

  // Reading again after a stream that ended early (the engine can end a follow while it is still behind the
  // container's output): the engine re-sends from `since` (resume_since(), inclusive), and the lines this
  // assembler already has are skipped. Call resume() before feeding the new stream.
  std::optional<DockerTime> resume_since() const;
  void resume();
  // Reading a container an earlier process read (adoption): lines before `millis` (epoch ms) are skipped, and the
  // first `lines_at_millis` lines of that millisecond; resume_since() starts there.
  void continue_after(std::int64_t millis, std::size_t lines_at_millis);

 private:
  void on_payload(int stream, std::string_view payload);
  void on_line(std::string_view line);
  void flush_pending();

  bool tty_;
  std::optional<std::regex> starts_event_;
  bool anchored_ = false;
  std::string frame_;                    // a frame header or payload not complete yet
  std::string partial_[3];               // per stream (0 = tty, 1 = stdout, 2 = stderr): text after the last newline
  std::optional<LogEventLine> pending_;  // a multi-line event still collecting lines
  std::vector<LogEventLine> ready_;
  std::optional<DockerTime> last_time_;  // timestamp of the last complete line
  std::size_t at_last_ = 0;              // complete lines with that timestamp
  std::size_t skip_left_ = 0;            // after resume(): lines at last_time_ still to skip
  bool skipping_ = false;
  std::optional<std::int64_t> after_ms_;  // continue_after()
  std::size_t after_left_ = 0;
};

}  // namespace ecsemu::runtime
