#include <catch2/catch.hpp>

#include "aws/pagination.hpp"
#include "aws/request_id.hpp"

using namespace ecsemu::aws;

TEST_CASE("A page token round-trips any key, bytes included", "[aws]") {
  for (std::string key :
       {std::string(""), std::string("arn:aws:ecs:us-east-1:123456789012:cluster/a"), std::string("\x00\xff\x7f", 3)}) {
    auto decoded = decode_page_token(encode_page_token(key));
    REQUIRE(decoded);
    CHECK(*decoded == key);
  }
}

TEST_CASE("Tokens this server did not issue are refused", "[aws]") {
  CHECK_FALSE(decode_page_token("not-a-token"));
  CHECK_FALSE(decode_page_token("ecsemu1.abc"));  // odd length
  CHECK_FALSE(decode_page_token("ecsemu1.zz"));   // not hex
  CHECK_FALSE(decode_page_token(""));
}

TEST_CASE("Request ids are version 4 UUIDs and differ", "[aws]") {
  std::string a = new_request_id();
  std::string b = new_request_id();
  REQUIRE(a.size() == 36);
  CHECK(a[8] == '-');
  CHECK(a[13] == '-');
  CHECK(a[14] == '4');
  CHECK(std::string("89ab").find(a[19]) != std::string::npos);
  CHECK(a != b);
}
