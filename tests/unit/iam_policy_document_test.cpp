#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/iam/iam_policy_document.hpp"

using namespace ecsemu::iam;

namespace {

// The MalformedPolicyDocument message for a document, or "" when IAM accepts it.
std::string problem(std::string_view document, PolicyKind kind = PolicyKind::Identity) {
  try {
    check_policy_document(document, kind);
  } catch (const ecsemu::aws::ServiceError& e) {
    CHECK(e.code() == "MalformedPolicyDocumentException");
    return e.message();
  }
  return "";
}

constexpr std::string_view kTrust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},)"
    R"("Action":"sts:AssumeRole"}]})";

}  // namespace

TEST_CASE("An identity policy with actions and resources is accepted", "[iam]") {
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})") == "");
  CHECK(
      problem(R"({"Version":"2012-10-17","Statement":{"Sid":"a","Effect":"Deny","NotAction":["ec2:Run*"],)"
              R"("NotResource":"arn:aws:ec2:*:*:instance/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}})") ==
      "");
}

TEST_CASE("Text that is not a JSON object is invalid Json", "[iam]") {
  CHECK(problem("not json") == "This policy contains invalid Json");
  CHECK(problem("[1,2]") == "This policy contains invalid Json");
  CHECK(problem(R"({"Version":"2012-10-17")") == "This policy contains invalid Json");
}

TEST_CASE("Unknown elements, effects and wrong types are syntax errors", "[iam]") {
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[],"Extra":1})") == "Syntax errors in policy.");
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[]})") == "Syntax errors in policy.");
  CHECK(problem(R"({"Version":"2012-10-17"})") == "Syntax errors in policy.");
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]})") ==
        "Syntax errors in policy.");
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":5,"Resource":"*"}]})") ==
        "Syntax errors in policy.");
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",)"
                R"("NotResource":"*"}]})") == "Syntax errors in policy.");
  CHECK(problem(R"({"Version":"2013-01-01","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})") ==
        "Syntax errors in policy.");
}

TEST_CASE("Identity policies need version 2012-10-17, actions, resources and no principal", "[iam]") {
  CHECK(problem(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})") ==
        "Policy document must be version 2012-10-17 or greater.");
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]})") ==
        "Policy statement must contain actions.");
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]})") ==
        "Policy statement must contain resources.");
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",)"
                R"("Principal":"*"}]})") == "Policy document should not specify a principal.");
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}]})") ==
        "Resource bucket must be in ARN format or \"*\".");
}

TEST_CASE("Actions need a vendor prefix and one colon", "[iam]") {
  auto with_action = [](std::string_view action) {
    return problem(fmt::format(R"({{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{}",)"
                               R"("Resource":"*"}}]}})",
                               action));
  };
  CHECK(with_action("*") == "");
  CHECK(with_action("GetObject") == "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
  CHECK(with_action("s3:Get:Object") == "Actions/Condition can contain only one colon.");
  CHECK(with_action("s 3:GetObject") == "Vendor s 3 is not valid");
}

TEST_CASE("Statement ids are unique in a policy", "[iam]") {
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Sid":"x","Effect":"Allow","Action":"s3:*","Resource":"*"},)"
                R"({"Sid":"x","Effect":"Deny","Action":"s3:*","Resource":"*"}]})") ==
        "Statement IDs (SID) in a single policy must be unique.");
}

TEST_CASE("A trust policy names a principal, sts actions and no resource", "[iam]") {
  CHECK(problem(kTrust, PolicyKind::Trust) == "");
  // The ECS documentation's older trust policies use the 2008 version.
  CHECK(
      problem(R"({"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]},)"
              R"("Action":["sts:AssumeRole"]}]})",
              PolicyKind::Trust) == "");
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:*"}]})",
                PolicyKind::Trust)
            .rfind("Trust Policy statement actions can only be", 0) == 0);
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},)"
                R"("Action":"sts:AssumeRole","Resource":"*"}]})",
                PolicyKind::Trust) == "Has prohibited field Resource.");
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]})",
                PolicyKind::Trust) == "Missing required field Principal.");
  CHECK(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":7,"Action":"sts:AssumeRole"}]})",
                PolicyKind::Trust) == "Syntax errors in policy.");
}

TEST_CASE("Policy size leaves white space outside strings out", "[iam]") {
  CHECK(policy_size(R"({ "a" : "b c" })") == std::string_view(R"({"a":"b c"})").size());
  CHECK(policy_size("{\n\t\"k\\\"\" : 1\n}") == std::string_view("{\"k\\\"\":1}").size());
}
