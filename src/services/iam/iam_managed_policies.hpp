#pragma once

#include <span>
#include <string>
#include <string_view>

namespace ecsemu::iam {

// An AWS managed policy (arn:aws:iam::aws:policy/PATH/NAME): read-only, the same in every account.
struct AwsManagedPolicy {
  std::string_view name;
  std::string_view path;
  std::string_view id;
  std::string_view default_version;
  std::string_view created;  // ISO 8601
  std::string_view updated;
  std::string_view document;
};

std::span<const AwsManagedPolicy> aws_managed_policies();

std::string aws_policy_arn(const AwsManagedPolicy& policy);
// The AWS managed policy an ARN names; nullptr when ecsemu does not know it.
const AwsManagedPolicy* find_aws_policy(std::string_view arn);
// True for arn:aws:iam::aws:policy/... (known or not).
bool is_aws_policy_arn(std::string_view arn);

}  // namespace ecsemu::iam
