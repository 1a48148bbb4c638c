#pragma once

// Helpers the Secrets Manager handler files share.
#include <optional>
#include <string>
#include <string_view>

#include "aws/input.hpp"
#include "aws/request_context.hpp"
#include "services/secretsmanager/secretsmanager_model.hpp"

namespace ecsemu::secretsmanager {

struct NewValue {
  std::optional<std::string> string_value;
  std::optional<std::string> binary_value;
};

// SecretString / SecretBinary of a request (InvalidParameterException when both are given).
NewValue value_of(const aws::Input& in);
// The request's Tags (a repeated key keeps its last value).
Tags tags_of(const aws::Input& in);
// The secret a SecretId names, scheduled for deletion or not; ResourceNotFoundException when none.
Secret& existing_secret(aws::RequestContext& ctx, std::string_view secret_id);
// InvalidRequestException when the secret is scheduled for deletion.
void check_not_deleted(const Secret& secret);

}  // namespace ecsemu::secretsmanager
