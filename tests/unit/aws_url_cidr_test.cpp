#include <catch2/catch.hpp>

#include "aws/cidr.hpp"
#include "ecsemu/id_source.hpp"
#include "ecsemu/url_coding.hpp"

using namespace ecsemu::aws;
using ecsemu::url_decode;
using ecsemu::url_encode;

TEST_CASE("URL decoding follows RFC 3986 and keeps stray percent signs", "[aws]") {
  CHECK(url_decode("a%20b%2Fc") == "a b/c");
  CHECK(url_decode("a+b") == "a+b");
  CHECK(url_decode("a+b", true) == "a b");
  CHECK(url_decode("100%") == "100%");
  CHECK(url_decode("%zz%4") == "%zz%4");
  CHECK(url_decode("%41%") == "A%");
  CHECK(url_decode("%e2%82%ac") == "\xe2\x82\xac");
  CHECK(url_decode("") == "");
}

TEST_CASE("URL encoding leaves only unreserved characters, with upper-case hex", "[aws]") {
  CHECK(url_encode("a b/c~-._") == "a%20b%2Fc~-._");
  CHECK(url_encode("a b/c", true) == "a%20b/c");
  CHECK(url_encode("\xe2\x82\xac=") == "%E2%82%AC%3D");
}

TEST_CASE("CIDR blocks parse strictly and compare as blocks", "[aws]") {
  auto vpc = parse_cidr("10.0.0.0/16");
  REQUIRE(vpc);
  CHECK(is_canonical(*vpc));
  CHECK(block_size(*vpc) == 65536);
  auto subnet = parse_cidr("10.0.1.0/24");
  REQUIRE(subnet);
  CHECK(contains(*vpc, *subnet));
  CHECK_FALSE(contains(*subnet, *vpc));
  CHECK(overlaps(*vpc, *subnet));
  CHECK_FALSE(overlaps(*subnet, *parse_cidr("10.0.2.0/24")));
  CHECK(contains(*subnet, *parse_ipv4("10.0.1.77")));
  auto host_bits = parse_cidr("10.0.1.5/16");
  REQUIRE(host_bits);
  CHECK_FALSE(is_canonical(*host_bits));
  CHECK(to_string(*host_bits) == "10.0.0.0/16");
  CHECK(block_size(*parse_cidr("0.0.0.0/0")) == (std::uint64_t{1} << 32));
  for (const char* bad :
       {"10.0.0.0", "10.0.0.0/33", "10.0.0/16", "10.0.0.0/", "10.0.0.0/1a", "10.0.0.256/8", "10.0.0.0/016", "", "/8"}) {
    CHECK_FALSE(parse_cidr(bad));
  }
}

TEST_CASE("A seeded id source repeats its ids and draws hex, UUIDs and characters", "[aws]") {
  auto a = ecsemu::make_seeded_id_source(42);
  auto b = ecsemu::make_seeded_id_source(42);
  std::string hex = a->hex(17);
  CHECK(hex == b->hex(17));
  CHECK(hex.size() == 17);
  CHECK(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
  std::string uuid = a->uuid();
  REQUIRE(uuid.size() == 36);
  CHECK(uuid[14] == '4');
  CHECK(std::string("89ab").find(uuid[19]) != std::string::npos);
  std::string key = a->chars(16, "ABC");
  CHECK(key.size() == 16);
  CHECK(key.find_first_not_of("ABC") == std::string::npos);
  for (int i = 0; i < 100; ++i) {
    CHECK(a->below(3) < 3);
  }
  auto random = ecsemu::make_random_id_source();
  CHECK(random->hex(32) != random->hex(32));
}
