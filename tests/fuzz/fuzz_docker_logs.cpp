// The Docker Engine's logs stream (GET /containers/{id}/logs?follow=1&timestamps=1): multiplexed 8-byte-header
// frames, or raw bytes for a TTY, cut into lines and events by LogAssembler, in arbitrary chunks, with a resume
// (reading again after a follow that ended early) at an arbitrary point.
// Input: [flags][cut][body...]: flags pick TTY and the event-start pattern, cut where the body is split and where
// the resume happens. No crash or sanitizer report, every event has a message, and there are no more events than
// the body has bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "runtime/docker_logs.hpp"

using namespace ecsemu;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) {
    return 0;
  }
  const std::uint8_t flags = data[0];
  const std::size_t cut = data[1];
  std::string_view body(reinterpret_cast<const char*>(data) + 2, size - 2);
  runtime::AwsLogsSpec spec;
  switch ((flags >> 1) % 4) {
    case 1:
      spec.datetime_format = "%Y-%m-%d %H:%M:%S";
      break;
    case 2:
      spec.multiline_pattern = "^(INFO|ERROR)";
      break;
    case 3:
      spec.multiline_pattern = "[";  // not a regex: one event per line
      break;
    default:
      break;
  }
  runtime::LogAssembler assembler(spec, (flags & 1) != 0);
  std::size_t events = 0;
  auto drain = [&] {
    for (const auto& event : assembler.take()) {
      if (event.message.empty()) {
        std::abort();
      }
      ++events;
    }
  };
  // Feed in pieces of `cut + 1` bytes; after the first half, resume and feed the second half again from its start.
  const std::size_t step = cut + 1;
  const std::size_t half = body.size() / 2;
  for (std::size_t pos = 0; pos < half; pos += step) {
    assembler.feed(body.substr(pos, std::min(step, half - pos)));
    drain();
  }
  if ((flags & 0x10) != 0) {
    (void)assembler.resume_since();
    assembler.resume();
  }
  for (std::size_t pos = half; pos < body.size(); pos += step) {
    assembler.feed(body.substr(pos, step));
    drain();
  }
  assembler.finish();
  drain();
  (void)runtime::parse_docker_timestamp(body);
  if (auto time = runtime::parse_docker_time(body)) {
    (void)runtime::docker_since(*time);
  }
  (void)runtime::datetime_format_regex(body);
  if (events > body.size() + 1) {
    std::abort();
  }
  return 0;
}
