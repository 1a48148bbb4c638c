#include <catch2/catch.hpp>

#include <functional>

#include <boost/json/parse.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_launch_template_model.hpp"

using namespace ecsemu::ec2;

namespace {

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ecsemu::aws::ServiceError& e) {
    return e.code();
  }
  return "";
}

LaunchTemplateState one_template() {
  LaunchTemplateState state;
  LaunchTemplate lt;
  lt.id = "lt-0123456789abcdef0";
  lt.name = "web";
  lt.versions[1] = LaunchTemplateVersion{1, "", 0, {}};
  lt.versions[2] = LaunchTemplateVersion{2, "", 0, {}};
  lt.latest_version = 2;
  state.templates.emplace(lt.id, lt);
  return state;
}

}  // namespace

TEST_CASE("Launch templates are found by id or by name, with EC2's errors otherwise", "[ec2]") {
  LaunchTemplateState state = one_template();
  CHECK(require_launch_template(state, "lt-0123456789abcdef0", "").name == "web");
  CHECK(require_launch_template(state, "", "web").id == "lt-0123456789abcdef0");
  CHECK(error_of([&] { require_launch_template(state, "", ""); }) == "MissingParameter");
  CHECK(error_of([&] { require_launch_template(state, "lt-0123456789abcdef0", "web"); }) ==
        "InvalidParameterCombination");
  CHECK(error_of([&] { require_launch_template(state, "bogus", ""); }) == "InvalidLaunchTemplateId.Malformed");
  CHECK(error_of([&] { require_launch_template(state, "lt-0000000000000000a", ""); }) ==
        "InvalidLaunchTemplateId.NotFound");
  CHECK(error_of([&] { require_launch_template(state, "", "nope"); }) == "InvalidLaunchTemplateName.NotFoundException");
}

TEST_CASE("Version strings: $Latest, $Default, numbers", "[ec2]") {
  LaunchTemplateState state = one_template();
  const LaunchTemplate& lt = state.templates.begin()->second;
  CHECK(find_version(lt, "")->number == 1);
  CHECK(find_version(lt, "$Default")->number == 1);
  CHECK(find_version(lt, "$Latest")->number == 2);
  CHECK(find_version(lt, "2")->number == 2);
  CHECK(find_version(lt, "3") == nullptr);
  CHECK(find_version(lt, "0") == nullptr);
  CHECK(find_version(lt, "1x") == nullptr);
  CHECK(find_version(lt, "-1") == nullptr);
  CHECK(error_of([&] { require_version(lt, "9"); }) == "InvalidLaunchTemplateId.VersionNotFound");
}

TEST_CASE("Names are 3 to 128 letters, digits and - ( ) . / _", "[ec2]") {
  CHECK(error_of([] { check_launch_template_name("my-template_(1)./x"); }).empty());
  CHECK(error_of([] { check_launch_template_name("ab"); }) == "InvalidLaunchTemplateName.MalformedException");
  CHECK(error_of([] { check_launch_template_name("a b c"); }) == "InvalidLaunchTemplateName.MalformedException");
  CHECK(error_of([] { check_launch_template_name(std::string(129, 'a')); }) ==
        "InvalidLaunchTemplateName.MalformedException");
}

TEST_CASE("A new version's data is the source version's with the given members replaced", "[ec2]") {
  auto base = boost::json::parse(R"({"ImageId":"ami-1","InstanceType":"t3.micro","KeyName":"k"})").as_object();
  auto over = boost::json::parse(R"({"InstanceType":"m5.large"})").as_object();
  auto merged = merge_template_data(base, over);
  CHECK(merged.at("ImageId").as_string() == "ami-1");
  CHECK(merged.at("InstanceType").as_string() == "m5.large");
  CHECK(merged.at("KeyName").as_string() == "k");
}
