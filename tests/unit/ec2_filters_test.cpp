#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_filters.hpp"

using namespace ecsemu::ec2;

TEST_CASE("Wildcards match as EC2 documents: * any run, ? one character", "[ec2]") {
  CHECK(wildcard_match("us-*", "us-east-1"));
  CHECK(wildcard_match("*", ""));
  CHECK(wildcard_match("us-east-?", "us-east-1"));
  CHECK_FALSE(wildcard_match("us-east-?", "us-east-12"));
  CHECK(wildcard_match("*-1", "eu-west-1"));
  CHECK_FALSE(wildcard_match("eu-*", "us-east-1"));
  CHECK(wildcard_match("a*b*c", "aXXbYYc"));
  CHECK_FALSE(wildcard_match("a*b*c", "aXXbYY"));
}

TEST_CASE("Filters are ANDed across names and ORed across values", "[ec2]") {
  auto input = boost::json::parse(R"({"Filters":[{"Name":"zone-name","Values":["a","b"]},
                                                {"Name":"state","Values":["available"]}]})")
                   .as_object();
  FilterSet filters(input, {"zone-name", "state"});
  auto resource = [](std::string zone, std::string state) {
    return [=](std::string_view name) -> std::vector<std::string> { return {name == "zone-name" ? zone : state}; };
  };
  CHECK(filters.matches(resource("a", "available")));
  CHECK(filters.matches(resource("b", "available")));
  CHECK_FALSE(filters.matches(resource("c", "available")));
  CHECK_FALSE(filters.matches(resource("a", "impaired")));
}

TEST_CASE("An unknown filter name is refused with InvalidParameterValue", "[ec2]") {
  auto input = boost::json::parse(R"({"Filters":[{"Name":"colour","Values":["red"]}]})").as_object();
  try {
    FilterSet filters(input, {"zone-name"});
    FAIL("no error");
  } catch (const ecsemu::aws::ServiceError& e) {
    CHECK(e.code() == "InvalidParameterValue");
    CHECK(e.message().find("colour") != std::string::npos);
  }
  auto tags = boost::json::parse(R"({"Filters":[{"Name":"tag:Name","Values":["x"]}]})").as_object();
  CHECK_NOTHROW(FilterSet(tags, {}, true));
  CHECK_THROWS_AS(FilterSet(tags, {}, false), ecsemu::aws::ServiceError);
}

TEST_CASE("DryRun set answers DryRunOperation with status 412", "[ec2]") {
  auto input = boost::json::parse(R"({"DryRun":true})").as_object();
  try {
    check_dry_run(input);
    FAIL("no error");
  } catch (const ecsemu::aws::ServiceError& e) {
    CHECK(e.code() == "DryRunOperation");
    CHECK(e.status() == 412);
  }
  CHECK_NOTHROW(check_dry_run(boost::json::parse(R"({"DryRun":false})").as_object()));
}
