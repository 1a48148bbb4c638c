#include "services/iam/iam_managed_policies.hpp"

#include <fmt/format.h>

namespace ecsemu::iam {

std::string aws_policy_arn(const AwsManagedPolicy& policy) {
  return fmt::format("arn:aws:iam::aws:policy{}{}", policy.path, policy.name);
}

const AwsManagedPolicy* find_aws_policy(std::string_view arn) {
  for (const auto& policy : aws_managed_policies()) {
    if (aws_policy_arn(policy) == arn) {
      return &policy;
    }
  }
  return nullptr;
}

bool is_aws_policy_arn(std::string_view arn) { return arn.substr(0, 24) == "arn:aws:iam::aws:policy/"; }

}  // namespace ecsemu::iam
