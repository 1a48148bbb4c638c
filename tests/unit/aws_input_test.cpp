#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "aws/input.hpp"

using ecsemu::aws::Input;
namespace json = boost::json;

TEST_CASE("The input reader gives typed members and fallbacks for absent or null ones", "[aws]") {
  json::object doc = json::parse(R"({"name":"web","count":3,"big":18446744073709551615,"ratio":2.5,
    "on":true,"nothing":null,"tags":["a",1,"b"],"conf":{"inner":"x"},"items":[{"k":"1"},2,{"k":"2"}],
    "env":{"A":"1","B":2}})")
                         .as_object();
  Input in(doc);
  CHECK(in.str("name") == "web");
  CHECK(in.str("missing", "dflt") == "dflt");
  CHECK_FALSE(in.opt_str("nothing"));
  CHECK_FALSE(in.has("nothing"));
  CHECK(in.has("count"));
  CHECK(in.int_or("count", 0) == 3);
  CHECK(in.int_or("missing", 7) == 7);
  CHECK(in.opt_int("big") == INT64_MAX);
  CHECK(in.opt_int("ratio") == 2);
  CHECK(in.opt_double("ratio") == 2.5);
  CHECK(in.flag("on"));
  CHECK_FALSE(in.flag("missing"));
  CHECK_FALSE(in.opt_bool("missing"));
  CHECK(in.strings("tags") == std::vector<std::string>{"a", "b"});
  CHECK(in.strings("missing").empty());
  CHECK(in.sub("conf").str("inner") == "x");
  CHECK(in.sub("missing").object().empty());
  CHECK_FALSE(in.opt_sub("name"));
  auto items = in.subs("items");
  REQUIRE(items.size() == 2);
  CHECK(items[1].str("k") == "2");
  auto env = in.string_map("env");
  REQUIRE(env.size() == 1);
  CHECK(env[0].first == "A");
  CHECK(in.list("name") == nullptr);
  CHECK(in.list("tags")->size() == 3);
}

TEST_CASE("A default input reads as an empty structure", "[aws]") {
  Input in;
  CHECK(in.str("x").empty());
  CHECK(in.subs("x").empty());
  CHECK_FALSE(in.opt_int("x"));
}
