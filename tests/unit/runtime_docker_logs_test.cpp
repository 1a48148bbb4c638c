#include <catch2/catch.hpp>

#include "runtime/docker_logs.hpp"

using namespace ecsemu::runtime;

namespace {

std::string frame(int stream, std::string_view payload) {
  std::string out(8, '\0');
  out[0] = static_cast<char>(stream);
  auto n = static_cast<std::uint32_t>(payload.size());
  out[4] = static_cast<char>(n >> 24);
  out[5] = static_cast<char>(n >> 16);
  out[6] = static_cast<char>(n >> 8);
  out[7] = static_cast<char>(n);
  return out + std::string(payload);
}

std::vector<std::string> messages(const std::vector<LogEventLine>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    out.push_back(e.message);
  }
  return out;
}

}  // namespace

TEST_CASE("Docker timestamps become epoch milliseconds", "[runtime][awslogs]") {
  CHECK(parse_docker_timestamp("1970-01-01T00:00:01.5Z") == 1500);
  CHECK(parse_docker_timestamp("2023-11-14T22:13:20.123456789Z") == 1700000000123);
  CHECK(parse_docker_timestamp("2023-11-14T23:13:20.123+01:00") == 1700000000123);
  CHECK_FALSE(parse_docker_timestamp("yesterday"));
  CHECK_FALSE(parse_docker_timestamp("2023-11-14T22:13:20"));
}

TEST_CASE("Multiplexed frames become one event per line, stdout and stderr alike", "[runtime][awslogs]") {
  LogAssembler a(AwsLogsSpec{}, false);
  std::string body = frame(1, "2023-11-14T22:13:20.000000001Z hello\n") +
                     frame(2, "2023-11-14T22:13:20.002Z oops\n2023-11-14T22:13:20.003Z par");
  // Split the body at an awkward place: inside a frame header.
  a.feed(std::string_view(body).substr(0, 5));
  CHECK(a.take().empty());
  a.feed(std::string_view(body).substr(5));
  auto events = a.take();
  CHECK(messages(events) == std::vector<std::string>{"hello", "oops"});
  CHECK(events[0].timestamp_ms == 1700000000000);
  CHECK(events[1].timestamp_ms == 1700000000002);
  a.feed(frame(2, "tial\n"));
  CHECK(messages(a.take()) == std::vector<std::string>{"partial"});
  a.feed(frame(1, "2023-11-14T22:13:21Z no newline at exit"));
  CHECK(a.take().empty());
  a.finish();
  CHECK(messages(a.take()) == std::vector<std::string>{"no newline at exit"});
}

TEST_CASE("A TTY's raw output is read without frames and empty lines are skipped", "[runtime][awslogs]") {
  LogAssembler a(AwsLogsSpec{}, true);
  a.feed("2023-11-14T22:13:20Z one\r\n2023-11-14T22:13:20Z \n2023-11-14T22:13:20Z two\n");
  CHECK(messages(a.take()) == std::vector<std::string>{"one", "two"});
}

TEST_CASE("awslogs-multiline-pattern groups lines after a matching one", "[runtime][awslogs]") {
  AwsLogsSpec spec;
  spec.multiline_pattern = "^INFO|^ERROR";
  LogAssembler a(spec, true);
  a.feed(
      "2023-11-14T22:13:20Z INFO start\n2023-11-14T22:13:21Z ERROR boom\n2023-11-14T22:13:22Z   at f()\n"
      "2023-11-14T22:13:23Z   at g()\n");
  auto events = a.take();
  CHECK(messages(events) == std::vector<std::string>{"INFO start\n"});
  a.feed("2023-11-14T22:13:24Z INFO next\n");
  events = a.take();
  REQUIRE(events.size() == 1);
  CHECK(events[0].message == "ERROR boom\n  at f()\n  at g()\n");
  CHECK(events[0].timestamp_ms == 1700000001000);
  a.finish();
  CHECK(messages(a.take()) == std::vector<std::string>{"INFO next\n"});
}

TEST_CASE("awslogs-datetime-format starts an event at each timestamped line", "[runtime][awslogs]") {
  CHECK(datetime_format_regex("%Y-%m-%d %H:%M:%S") ==
        "^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[1,2][0-9]|3[0,1]) (?:[0,1][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]");
  AwsLogsSpec spec;
  spec.datetime_format = "\\[%b %d, %Y %H:%M:%S\\]";
  LogAssembler a(spec, true);
  a.feed(
      "2023-11-14T22:13:20Z [May 01, 2017 19:00:01] A message was logged\n"
      "2023-11-14T22:13:20Z with a second line\n"
      "2023-11-14T22:13:21Z [May 01, 2017 19:00:04] Another one\n");
  a.finish();
  CHECK(messages(a.take()) ==
        std::vector<std::string>{"[May 01, 2017 19:00:01] A message was logged\nwith a second line\n",
                                 "[May 01, 2017 19:00:04] Another one\n"});
}

TEST_CASE("Docker timestamps to the nanosecond, and the logs API's since", "[runtime][awslogs]") {
  CHECK(parse_docker_time("2023-11-14T22:13:20.123456789Z") == DockerTime{1700000000, 123456789});
  CHECK(parse_docker_time("2023-11-14T22:13:20.1Z") == DockerTime{1700000000, 100000000});
  CHECK(parse_docker_time("2023-11-14T22:13:20Z") == DockerTime{1700000000, 0});
  CHECK(docker_since({1700000000, 42}) == "1700000000.000000042");
  CHECK(docker_since({1700000000, 123456789}) == "1700000000.123456789");
  // Found by tests/fuzz/fuzz_docker_logs: years far from 1970 overflowed a count of nanoseconds.
  CHECK(parse_docker_time("1011-11-14T22:13:21Z") == DockerTime{-30235686399, 0});
  CHECK(parse_docker_timestamp("1011-11-14T22:13:21Z") == -30235686399000);
  CHECK(parse_docker_time("9999-12-31T23:59:59.999999999Z") == DockerTime{253402300799, 999999999});
}

TEST_CASE("Reading again after a follow that ended early skips the lines already read", "[runtime][awslogs]") {
  LogAssembler a(AwsLogsSpec{}, false);
  CHECK_FALSE(a.resume_since());
  // Two lines share the last timestamp; the stream ends in the middle of a third.
  a.feed(frame(1, "2023-11-14T22:13:20.000000001Z one\n2023-11-14T22:13:20.000000002Z two\n") +
         frame(1, "2023-11-14T22:13:20.000000002Z two again\n") + frame(1, "2023-11-14T22:13:20.0000000"));
  CHECK(messages(a.take()) == std::vector<std::string>{"one", "two", "two again"});
  REQUIRE(a.resume_since() == DockerTime{1700000000, 2});
  a.resume();
  // The engine re-sends from `since`, inclusive: both lines at ...002, then what the first stream missed.
  a.feed(frame(1, "2023-11-14T22:13:20.000000002Z two\n2023-11-14T22:13:20.000000002Z two again\n") +
         frame(1, "2023-11-14T22:13:20.000000002Z three, same instant\n") +
         frame(2, "2023-11-14T22:13:20.000000003Z four\n"));
  CHECK(messages(a.take()) == std::vector<std::string>{"three, same instant", "four"});
  // A second resume counts the three lines now at ...002 as read.
  a.resume();
  a.feed(frame(2, "2023-11-14T22:13:20.000000003Z four\n2023-11-14T22:13:20.000000004Z five\n"));
  CHECK(messages(a.take()) == std::vector<std::string>{"five"});
  a.finish();
  CHECK(a.take().empty());
}

TEST_CASE("Reading again when nothing was read yet takes everything", "[runtime][awslogs]") {
  LogAssembler a(AwsLogsSpec{}, true);
  a.feed("2023-11-14T22:13:20Z half a li");
  a.resume();
  a.feed("2023-11-14T22:13:20Z half a line, whole\n");
  CHECK(messages(a.take()) == std::vector<std::string>{"half a line, whole"});
}

TEST_CASE("An adopted container's output is read on after what an earlier process delivered", "[runtime][awslogs]") {
  // 1700000000000 ms is 2023-11-14T22:13:20Z: the stream holds events up to .005, two of them at .005.
  LogAssembler a(AwsLogsSpec{}, true);
  a.continue_after(1700000000005, 2);
  REQUIRE(a.resume_since() == DockerTime{1700000000, 5000000});
  a.feed(
      "2023-11-14T22:13:20.004Z old\n2023-11-14T22:13:20.005100Z delivered-1\n2023-11-14T22:13:20.005200Z "
      "delivered-2\n2023-11-14T22:13:20.005300Z new-at-the-same-ms\n2023-11-14T22:13:21Z later\n");
  CHECK(messages(a.take()) == std::vector<std::string>{"new-at-the-same-ms", "later"});
  CHECK(a.resume_since() == DockerTime{1700000001, 0});
}
