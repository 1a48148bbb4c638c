#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "services/iam/iam_managed_policies.hpp"

using namespace ecsemu::iam;

TEST_CASE("AWS managed policies come from the embedded data file, laid out as AWS returns them", "[iam]") {
  const auto* execution = find_aws_policy("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
  REQUIRE(execution != nullptr);
  CHECK(execution->id == "ANPALJ3WWTOFLI53BHNT4");
  CHECK(execution->default_version == "v1");
  CHECK(execution->created == "2017-11-16T18:48:22+00:00");
  CHECK(execution->document == R"({
    "Statement": [
        {
            "Action": [
                "ecr:GetAuthorizationToken",
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage",
                "logs:CreateLogStream",
                "logs:PutLogEvents"
            ],
            "Effect": "Allow",
            "Resource": "*"
        }
    ],
    "Version": "2012-10-17"
})");
  CHECK(find_aws_policy("arn:aws:iam::aws:policy/NoSuchPolicy") == nullptr);
}

TEST_CASE("Every embedded AWS managed policy has a unique ARN and a policy document", "[iam]") {
  std::set<std::string> arns;
  for (const auto& policy : aws_managed_policies()) {
    CHECK(arns.insert(aws_policy_arn(policy)).second);
    CHECK(policy.id.substr(0, 4) == "ANPA");
    const auto document = boost::json::parse(policy.document);
    CHECK(document.as_object().at("Version") == "2012-10-17");
    CHECK(document.as_object().contains("Statement"));
  }
  CHECK(arns.size() >= 20);
  CHECK(arns.count("arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role") == 1);
}
