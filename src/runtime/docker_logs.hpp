#pragma once

// Turns the body of Docker's GET /containers/{id}/logs?follow=1&stdout=1&stderr=1&timestamps=1 into the log events
// the awslogs driver would send: the multiplexed frames (8-byte headers; raw bytes for a TTY) split per stream into
// lines, each line's RFC 3339 timestamp read, lines grouped into multi-line events when awslogs-datetime-format or
// awslogs-multiline-pattern says where an event starts. No I/O: the runtime feeds it what the engine sends.

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "ecsemu/runtime/container_runtime.hpp"

namespace ecsemu::runtime {

// "2024-01-02T03:04:05.123456789Z" (or with an offset) -> epoch milliseconds.
std::optional<std::int64_t> parse_docker_timestamp(std::string_view text);

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
};

}  // namespace ecsemu::runtime
