#include <catch2/catch.hpp>

#include "protocol/base64.hpp"
#include "protocol/timestamp.hpp"

using namespace ecsemu::protocol;

TEST_CASE("timestamps format as ISO 8601, HTTP dates and epoch seconds", "[protocol][timestamp]") {
  CHECK(format_iso8601(1422172800) == "2015-01-25T08:00:00.000Z");
  CHECK(format_iso8601(946845296.123) == "2000-01-02T20:34:56.123Z");
  CHECK(format_iso8601(1422172800, false) == "2015-01-25T08:00:00Z");
  CHECK(format_iso8601(-1) == "1969-12-31T23:59:59.000Z");
  CHECK(format_http_date(1398796238) == "Tue, 29 Apr 2014 18:30:38 GMT");
  CHECK(format_epoch_seconds(1398796238) == "1398796238");
  CHECK(format_epoch_seconds(946845296.123) == "946845296.123");
  CHECK(format_iso8601(1e300) == "9999-12-31T23:59:59.999Z");
}

TEST_CASE("timestamps parse from every form clients send", "[protocol][timestamp]") {
  CHECK(parse_timestamp("2015-01-25T08:00:00Z") == 1422172800.0);
  CHECK(parse_timestamp("2015-01-25T08:00:00.500Z") == 1422172800.5);
  CHECK(parse_timestamp("2019-12-16T22:48:18-01:00") == 1576540098.0);
  CHECK(parse_timestamp("2019-12-17T00:48:18+01:00") == 1576540098.0);
  CHECK(parse_timestamp("Sun, 25 Jan 2015 08:00:00 GMT") == 1422172800.0);
  CHECK(parse_timestamp("1422172800") == 1422172800.0);
  CHECK(parse_timestamp("1422172800.25") == 1422172800.25);
  CHECK_FALSE(parse_timestamp("2015-13-01T00:00:00Z"));
  CHECK_FALSE(parse_timestamp("yesterday"));
  CHECK_FALSE(parse_timestamp(""));
  CHECK_FALSE(parse_timestamp("2015-01-25T08:00:00Zjunk"));
}

TEST_CASE("base64 round-trips bytes and rejects junk", "[protocol][base64]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_decode("Zm9v") == std::string("foo"));
  CHECK(base64_decode("Zm8=") == std::string("fo"));
  CHECK(base64_decode("Zg") == std::string("f"));
  std::string bytes("\x00\xff\x10", 3);
  CHECK(base64_decode(base64_encode(bytes)) == bytes);
  CHECK_FALSE(base64_decode("Z"));
  CHECK_FALSE(base64_decode("Zm9v*"));
  CHECK_FALSE(base64_decode("Zg==Zg=="));
}
