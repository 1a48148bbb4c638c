#pragma once

#include <string>
#include <utility>

namespace ecsemu::aws {

// The one exception type a handler, parser or validator throws for a client-visible AWS error.
// `code` is the error shape's name as the spec spells it (e.g. "ClusterNotFoundException") or a common
// AWS error name (e.g. "ValidationException"); the serializer maps it to the wire code and HTTP status
// through the service model (error.code / error.httpStatusCode), so callers need not know them.
// `status` 0 means "take it from the model, else 400".
class ServiceError : public std::exception {
 public:
  ServiceError(std::string code, std::string message, int status = 0, bool sender_fault = true)
      : code_(std::move(code)), message_(std::move(message)), status_(status), sender_fault_(sender_fault) {}

  const char* what() const noexcept override { return message_.c_str(); }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  int status() const { return status_; }
  bool sender_fault() const { return sender_fault_; }

 private:
  std::string code_;
  std::string message_;
  int status_;
  bool sender_fault_;
};

}  // namespace ecsemu::aws
