#include <catch2/catch.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ssm/ssm_model.hpp"

using namespace ecsemu::ssm;

namespace {

std::string error_of(std::string_view name) {
  try {
    check_name_for_write(name);
  } catch (const ecsemu::aws::ServiceError& e) {
    return e.code();
  }
  return "";
}

}  // namespace

TEST_CASE("Parameter names follow AWS's rules", "[ssm]") {
  CHECK(error_of("plain") == "");
  CHECK(error_of("/a/b-c_d.e") == "");
  CHECK(error_of("a/b") == "ValidationException");
  CHECK(error_of("/aws/x") == "ValidationException");
  CHECK(error_of("SSM-thing") == "ValidationException");
  CHECK(error_of("/a b") == "ValidationException");
  CHECK(error_of("/a//b") == "ValidationException");
  CHECK(error_of("/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15") == "");
  CHECK(error_of("/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16") == "HierarchyLevelLimitExceededException");
}

TEST_CASE("A requested name splits into name and selector, ARNs included", "[ssm]") {
  auto s = split_selector("us-east-1", "123456789012", "/app/key:3");
  CHECK(s.name == "/app/key");
  CHECK(s.selector == "3");
  s = split_selector("us-east-1", "123456789012", "arn:aws:ssm:us-east-1:123456789012:parameter/app/key");
  CHECK(s.name == "/app/key");
  CHECK(s.selector.empty());
  s = split_selector("us-east-1", "123456789012", "arn:aws:ssm:us-east-1:123456789012:parameter/flat:prod");
  CHECK(s.name == "flat");
  CHECK(s.selector == "prod");
  CHECK(parameter_arn("us-east-1", "123456789012", "flat") == "arn:aws:ssm:us-east-1:123456789012:parameter/flat");
  CHECK(parameter_arn("us-east-1", "123456789012", "/a/b") == "arn:aws:ssm:us-east-1:123456789012:parameter/a/b");
}

TEST_CASE("Selectors pick versions by number or label; paths hold direct children unless recursive", "[ssm]") {
  Parameter p;
  p.name = "/x";
  p.versions.push_back(ParameterVersion{1});
  p.versions.push_back(ParameterVersion{2});
  p.versions[0].labels = {"prod"};
  CHECK(select_version(p, "")->version == 2);
  CHECK(select_version(p, "1")->version == 1);
  CHECK(select_version(p, "prod")->version == 1);
  CHECK(select_version(p, "7") == nullptr);
  CHECK(select_version(p, "dev") == nullptr);
  CHECK(is_under_path("/a/b", "/a", false));
  CHECK(is_under_path("/a/b", "/a/", false));
  CHECK_FALSE(is_under_path("/a/b/c", "/a", false));
  CHECK(is_under_path("/a/b/c", "/a", true));
  CHECK_FALSE(is_under_path("/ab", "/a", true));
  CHECK_FALSE(is_under_path("/a", "/a", true));
}
