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

TEST_CASE("The pager walks matching items page by page and gives a token only when more remain", "[aws]") {
  std::vector<std::string> keys = {"a", "b", "c", "d", "e"};
  std::vector<std::string> seen;
  std::optional<std::string> token;
  int pages = 0;
  do {
    Pager pager(token, 2);
    REQUIRE(pager.valid());
    auto page = pager.page(keys, [](const std::string& k) { return k; });
    seen.insert(seen.end(), page.begin(), page.end());
    token = pager.more() ? std::optional<std::string>(pager.next_token()) : std::nullopt;
    ++pages;
  } while (token);
  CHECK(pages == 3);
  CHECK(seen == keys);
}

TEST_CASE("A page that ends exactly at the last item gives no token", "[aws]") {
  std::vector<std::string> keys = {"a", "b"};
  Pager pager(std::nullopt, 2);
  auto page = pager.page(keys, [](const std::string& k) { return k; });
  CHECK(page.size() == 2);
  CHECK_FALSE(pager.more());
}

TEST_CASE("A pager token stays right when items before it are removed or added", "[aws]") {
  Pager first(std::nullopt, 2);
  first.page(std::vector<std::string>{"a", "b", "c", "d"}, [](const std::string& k) { return k; });
  REQUIRE(first.more());
  Pager second(first.next_token(), 10);
  auto rest = second.page(std::vector<std::string>{"0", "b", "bb", "d"}, [](const std::string& k) { return k; });
  CHECK(rest == std::vector<std::string>{"bb", "d"});
}

TEST_CASE("A pager refuses a token it did not issue and takes an empty one as the first page", "[aws]") {
  CHECK_FALSE(Pager(std::string_view("garbage"), 10).valid());
  Pager empty(std::string_view(""), 0);
  CHECK(empty.valid());
  CHECK_FALSE(empty.after());
  auto all = empty.page(std::vector<int>{1, 2, 3}, [](int i) { return std::to_string(i); });
  CHECK(all.size() == 3);
  CHECK_FALSE(empty.more());
}
