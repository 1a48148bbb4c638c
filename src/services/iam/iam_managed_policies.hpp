#pragma once

#include <span>
#include <string>
#include <string_view>

namespace ecsemu::iam {

// An AWS managed policy (arn:aws:iam::aws:policy/PATH/NAME): read-only, the same in every account.
struct AwsManagedPolicy {
  std::string name;
  std::string path;
  std::string id;
  std::string default_version;
  std::string created;  // ISO 8601
  std::string updated;
  std::string document;  // as AWS returns it: four-space indent, keys in order
};

std::span<const AwsManagedPolicy> aws_managed_policies();

std::string aws_policy_arn(const AwsManagedPolicy& policy);
// The AWS managed policy an ARN names; nullptr when ecsemu does not know it.
const AwsManagedPolicy* find_aws_policy(std::string_view arn);
// True for arn:aws:iam::aws:policy/... (known or not).
bool is_aws_policy_arn(std::string_view arn);

}  // namespace ecsemu::iam
