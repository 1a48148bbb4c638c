#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"

namespace ecsemu::secretsmanager::errors {

inline aws::ServiceError not_found() {
  return aws::ServiceError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
}
inline aws::ServiceError no_value_for_stage(std::string_view stage) {
  return aws::ServiceError(
      "ResourceNotFoundException",
      fmt::format("Secrets Manager can't find the specified secret value for staging label: {}", stage));
}
inline aws::ServiceError no_value_for_version(std::string_view id) {
  return aws::ServiceError("ResourceNotFoundException",
                           fmt::format("Secrets Manager can't find the specified secret value for VersionId: {}", id));
}
inline aws::ServiceError marked_for_deletion() {
  return aws::ServiceError("InvalidRequestException",
                           "You can't perform this operation on the secret because it was marked for deletion.");
}
inline aws::ServiceError version_exists() {
  return aws::ServiceError("ResourceExistsException",
                           "You can't modify an existing version, you can only create a new version.");
}
inline aws::ServiceError invalid_parameter(std::string message) {
  return aws::ServiceError("InvalidParameterException", std::move(message));
}
inline aws::ServiceError invalid_request(std::string message) {
  return aws::ServiceError("InvalidRequestException", std::move(message));
}

}  // namespace ecsemu::secretsmanager::errors
