#include <catch2/catch.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/logs/logs_filter_pattern.hpp"

using ecsemu::logs::FilterPattern;

namespace {

bool hit(std::string_view pattern, std::string_view message) { return FilterPattern::parse(pattern).matches(message); }

std::string error_of(std::string_view pattern) {
  try {
    FilterPattern::parse(pattern);
  } catch (const ecsemu::aws::ServiceError& e) {
    return e.code() + ": " + e.message();
  }
  return "";
}

}  // namespace

TEST_CASE("An empty or blank pattern matches every event", "[logs][filter]") {
  CHECK(hit("", "anything"));
  CHECK(hit("   ", "anything"));
  CHECK(FilterPattern::parse("").matches_all());
}

TEST_CASE("Terms are case-sensitive and all must appear", "[logs][filter]") {
  CHECK(hit("ERROR", "[ERROR] disk full"));
  CHECK_FALSE(hit("ERROR", "error: disk full"));
  CHECK(hit("ERROR disk", "ERROR: the disk is full"));
  CHECK_FALSE(hit("ERROR cpu", "ERROR: the disk is full"));
}

TEST_CASE("Quoted phrases match exactly, spaces and punctuation included", "[logs][filter]") {
  CHECK(hit("\"INTERNAL SERVER ERROR\"", "500 INTERNAL SERVER ERROR at /x"));
  CHECK_FALSE(hit("\"INTERNAL SERVER ERROR\"", "INTERNAL ERROR SERVER"));
  CHECK(hit("\"user=alice\"", "login user=alice ok"));
  CHECK(hit("\"say \\\"hi\\\"\"", "they say \"hi\" here"));
}

TEST_CASE("Question-mark terms are alternatives and minus terms exclude", "[logs][filter]") {
  CHECK(hit("?ERROR ?WARN", "WARN low memory"));
  CHECK(hit("?ERROR ?WARN", "ERROR oom"));
  CHECK_FALSE(hit("?ERROR ?WARN", "INFO fine"));
  CHECK(hit("ERROR -ARGUMENTS", "ERROR disk"));
  CHECK_FALSE(hit("ERROR -ARGUMENTS", "ERROR ARGUMENTS missing"));
  CHECK_FALSE(hit("-\"health check\"", "GET / health check"));
}

TEST_CASE("Regex terms between percent signs search the message", "[logs][filter]") {
  CHECK(hit("%[0-9]{3}ms%", "took 250ms"));
  CHECK_FALSE(hit("%^took%", "it took 250ms"));
}

TEST_CASE("JSON patterns compare strings, numbers and booleans", "[logs][filter]") {
  std::string event = R"({"eventType":"UpdateTrail","latency":75,"ok":true,"user":{"id":7,"name":"bob"},)"
                      R"("tags":["a","b"],"gone":null})";
  CHECK(hit(R"({ $.eventType = "UpdateTrail" })", event));
  CHECK(hit(R"({$.eventType = Update*})", event));
  CHECK_FALSE(hit(R"({ $.eventType = "DeleteTrail" })", event));
  CHECK(hit("{ $.latency > 50 }", event));
  CHECK(hit("{ $.latency >= 75 }", event));
  CHECK_FALSE(hit("{ $.latency < 75 }", event));
  CHECK(hit("{ $.latency != 10 }", event));
  CHECK(hit("{ $.user.id = 7 }", event));
  CHECK(hit(R"({ $.tags[1] = "b" })", event));
  CHECK(hit(R"({ $.tags[*] = "a" })", event));
  CHECK(hit("{ $.ok IS TRUE }", event));
  CHECK_FALSE(hit("{ $.ok IS FALSE }", event));
  CHECK(hit("{ $.gone IS NULL }", event));
  CHECK(hit("{ $.missing NOT EXISTS }", event));
  CHECK_FALSE(hit("{ $.latency NOT EXISTS }", event));
  CHECK_FALSE(hit(R"({ $.eventType = "UpdateTrail" })", "not json at all"));
}

TEST_CASE("JSON patterns combine with && and || and parentheses", "[logs][filter]") {
  std::string event = R"({"a":1,"b":"x","c":3})";
  CHECK(hit(R"({ ($.a = 1) && ($.b = "x") })", event));
  CHECK_FALSE(hit(R"({ $.a = 1 && $.b = "y" })", event));
  CHECK(hit(R"({ $.a = 2 || $.b = "x" })", event));
  CHECK(hit(R"({ ($.a = 2 || $.c > 2) && $.b = "x" })", event));
  CHECK_FALSE(hit(R"({ ($.a = 2 || $.c > 5) && $.b = "x" })", event));
}

TEST_CASE("Space-delimited patterns name fields and test them", "[logs][filter]") {
  std::string line = R"(127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534)";
  CHECK(hit("[ip, user, username, timestamp, request, status_code, bytes]", line));
  CHECK(hit("[ip, user, username, timestamp, request, status_code = 404, bytes]", line));
  CHECK(hit("[ip, user, username, timestamp, request, status_code = 4*, bytes > 1000]", line));
  CHECK_FALSE(hit("[ip, user, username, timestamp, request, status_code = 200, bytes]", line));
  CHECK(hit("[..., status_code = 404 || status_code = 410, bytes]", line));
  CHECK(hit("[ip = 127.0.0.1, ...]", line));
  CHECK(hit(R"([ip, user, username, timestamp, request = "*apache*", ...])", line));
  CHECK_FALSE(hit("[ip, user]", line));
  ecsemu::logs::FilterPattern::Extracted values;
  REQUIRE(FilterPattern::parse("[ip, user, ..., status, bytes]").match(line, &values));
  CHECK(values == ecsemu::logs::FilterPattern::Extracted{
                      {"$bytes", "1534"}, {"$ip", "127.0.0.1"}, {"$status", "404"}, {"$user", "-"}});
}

TEST_CASE("Malformed patterns are InvalidParameterException", "[logs][filter]") {
  CHECK(error_of("{ $.a = 1") == "InvalidParameterException: If a filter pattern starts with '{' it must end with '}'");
  CHECK(error_of("[a, b") == "InvalidParameterException: If a filter pattern starts with '[' it must end with ']'");
  CHECK(error_of("?") == "InvalidParameterException: Invalid character(s) in term '?'");
  CHECK(error_of("foo:bar") == "InvalidParameterException: Invalid character(s) in term 'foo:bar'");
  CHECK(error_of("\"unterminated") == "InvalidParameterException: Invalid filter pattern");
  CHECK(error_of("{ a = 1 }") == "InvalidParameterException: Invalid filter pattern");
  CHECK(error_of("{ $.a = }") == "InvalidParameterException: Invalid filter pattern");
  CHECK(error_of("{ $.a > \"x\" }") == "InvalidParameterException: Invalid filter pattern");
  CHECK(error_of("{ ($.a = 1 }") == "InvalidParameterException: Invalid filter pattern");
  CHECK(error_of("{ $.a = 1 && }") == "InvalidParameterException: Invalid filter pattern");
  CHECK(error_of("{ $.a IS MAYBE }") == "InvalidParameterException: Invalid filter pattern");
  CHECK(error_of("[, a]") == "InvalidParameterException: Invalid filter pattern");
  CHECK(error_of("%(a)%") == "InvalidParameterException: Invalid filter pattern");
  CHECK(error_of("%abc") == "InvalidParameterException: Invalid filter pattern");
}
