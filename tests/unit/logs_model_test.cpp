#include <functional>

#include <catch2/catch.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/logs/logs_model.hpp"

using namespace ecsemu::logs;

namespace {

constexpr Millis kNow = 1700000000000;
constexpr Millis kDay = 24LL * 3600 * 1000;

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ecsemu::aws::ServiceError& e) {
    return e.code() + ": " + e.message();
  }
  return "";
}

struct Fixture {
  LogsState state;
  LogGroup& group;
  LogStream& stream;
  Fixture()
      : group(state.groups["g"]), stream(group.streams["s"]) {
    group.name = "g";
    stream.name = "s";
  }
  Rejected put(std::vector<InputEvent> events) { return put_events(state, group, stream, std::move(events), kNow); }
};

}  // namespace

TEST_CASE("Names follow AWS's patterns", "[logs][model]") {
  CHECK(error_of([] { check_group_name("/ecs/my-app_1.x#y"); }).empty());
  CHECK(error_of([] { check_group_name("a b"); }) ==
        "InvalidParameterException: 1 validation error detected: Value 'a b' at 'logGroupName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
  CHECK(error_of([] { check_stream_name("ecs/web/0123"); }).empty());
  CHECK(error_of([] { check_stream_name("a:b"); }).find("[^:*]*") != std::string::npos);
  CHECK(error_of([] { check_filter_name("x*"); }).find("'filterName'") != std::string::npos);
}

TEST_CASE("Retention takes only AWS's day counts", "[logs][model]") {
  CHECK(error_of([] { check_retention(14); }).empty());
  CHECK(error_of([] { check_retention(3653); }).empty());
  CHECK(error_of([] { check_retention(4); }).find("Value '4' at 'retentionInDays' failed to satisfy constraint: "
                                                  "Member must satisfy enum value set: [1, 3, 5, 7, 14,") != std::string::npos);
}

TEST_CASE("Group ARNs round-trip, with or without the trailing :*", "[logs][model]") {
  std::string arn = group_arn("us-east-1", "123456789012", "/ecs/app");
  CHECK(arn == "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app");
  CHECK(group_of_arn(arn, "us-east-1", "123456789012") == "/ecs/app");
  CHECK(group_of_arn(arn + ":*", "us-east-1", "123456789012") == "/ecs/app");
  CHECK_FALSE(group_of_arn(arn, "eu-west-1", "123456789012"));
  CHECK_FALSE(group_of_arn("arn:aws:logs:us-east-1:123456789012:destination:d", "us-east-1", "123456789012"));
  CHECK(group_of_identifier("plain", "us-east-1", "1") == "plain");
}

TEST_CASE("PutLogEvents stores events in timestamp order and tracks the stream", "[logs][model]") {
  Fixture f;
  auto r = f.put({{kNow - 1000, "a"}, {kNow - 500, "b"}});
  CHECK_FALSE(r.any());
  f.put({{kNow - 2000, "early"}, {kNow, "c"}});
  REQUIRE(f.stream.events.size() == 4);
  CHECK(f.stream.events[0].message == "early");
  CHECK(f.stream.events[3].message == "c");
  CHECK(f.stream.first_event == kNow - 2000);
  CHECK(f.stream.last_event == kNow);
  CHECK(f.stream.last_ingestion == kNow);
  CHECK(f.stream.bytes == 8);
  CHECK(f.stream.uploads == 2);
  CHECK(f.stream.events[0].seq != f.stream.events[1].seq);
}

TEST_CASE("PutLogEvents enforces the batch rules", "[logs][model]") {
  Fixture f;
  CHECK(error_of([&] { f.put({{kNow, "b"}, {kNow - 1, "a"}}); }) ==
        "InvalidParameterException: Log events in a single PutLogEvents request must be in chronological order.");
  CHECK(error_of([&] { f.put({{kNow - kDay - 1, "a"}, {kNow, "b"}}); }) ==
        "InvalidParameterException: The batch of log events in a single PutLogEvents request cannot span more "
        "than 24 hours.");
  std::string big(kMaxBatchBytes - kEventOverheadBytes, 'x');
  CHECK(error_of([&] { f.put({{kNow, big}}); }).empty());
  CHECK(error_of([&] { f.put({{kNow, big + "y"}}); }) ==
        "InvalidParameterException: Upload too large: 1048577 bytes exceeds limit of 1048576");
}

TEST_CASE("Events too old, expired or too new are reported, not stored", "[logs][model]") {
  Fixture f;
  auto r = f.put({{kNow - 15 * kDay, "old"}, {kNow - 15 * kDay + 5, "old2"}});
  CHECK(r.too_old_end == 1);
  CHECK(f.stream.events.empty());
  CHECK_FALSE(f.put({{kNow - 13 * kDay, "ok1"}}).any());
  r = f.put({{kNow, "ok2"}, {kNow + 2 * 3600 * 1000 + 1, "future"}});
  CHECK(r.too_new_start == 1);
  CHECK(r.too_old_end == -1);
  CHECK(f.stream.events.size() == 2);
  f.group.retention_days = 1;
  r = f.put({{kNow - kDay - 1000, "expired"}, {kNow - 2000, "fresh"}});
  CHECK(r.expired_end == 0);
  CHECK(r.too_old_end == -1);
  // The 13-day-old event fell out with the retention policy.
  REQUIRE(f.stream.events.size() == 2);
  CHECK(f.stream.events.front().message == "fresh");
  CHECK(f.stream.events.back().message == "ok2");
}

TEST_CASE("Retention drops events older than the cutoff", "[logs][model]") {
  Fixture f;
  f.put({{kNow - 3 * kDay, "x"}, {kNow - 3 * kDay + 5, "y"}});
  f.put({{kNow, "z"}});
  f.group.retention_days = 1;
  CHECK(retention_cutoff(f.group, kNow) == kNow - kDay);
  enforce_retention(f.group, kNow);
  REQUIRE(f.stream.events.size() == 1);
  CHECK(f.stream.bytes == 1);
  CHECK(f.group.stored_bytes() == 1);
}

TEST_CASE("Stream tokens round-trip and refuse foreign text", "[logs][model]") {
  StreamToken t{false, {kNow, 42}};
  std::string text = encode_stream_token(t);
  CHECK(text.substr(0, 2) == "b/");
  auto back = decode_stream_token(text);
  REQUIRE(back);
  CHECK_FALSE(back->forward);
  CHECK(back->key == t.key);
  CHECK_FALSE(decode_stream_token("f/123"));
  CHECK_FALSE(decode_stream_token("x/0000000000000000000000000000000000000000"));
  CHECK_FALSE(decode_stream_token("f/99999999999999999999999999999999999999999"));
}

TEST_CASE("Event ids sort as keys do and descending keys reverse the order", "[logs][model]") {
  CHECK(event_id({5, 10}) < event_id({5, 11}));
  CHECK(event_id({5, 99}) < event_id({6, 1}));
  CHECK(descending_key("abc") < descending_key("ab"));
  CHECK(descending_key("b") < descending_key("a"));
}
