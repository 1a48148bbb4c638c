#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ecsemu/protocol/model.hpp"

namespace ecsemu::aws {

// The services ecsemu answers on its one endpoint, with what routing needs to know of each before its
// model is parsed (models are parsed on first use, so start-up stays fast).
struct ServiceInfo {
  std::string_view key;  // api-specs folder: "ecs", "elbv2"
  protocol::Protocol protocol;
  std::string_view target_prefix;  // json: the X-Amz-Target prefix
  std::string_view signing_name;   // SigV4 credential-scope service
  std::string_view api_version;    // query/ec2: the Version parameter
  std::string_view display_name;   // for logs and errors: "ECS", "EC2", ...
  // The code input-validation failures carry when the service does not use its protocol's usual one
  // (CloudWatch Logs answers InvalidParameterException); empty for the protocol's.
  std::string_view validation_error = {};
};

class ServiceCatalog {
 public:
  ServiceCatalog();

  const std::vector<ServiceInfo>& services() const { return services_; }
  const ServiceInfo* by_key(std::string_view key) const;
  const ServiceInfo* by_target_prefix(std::string_view prefix) const;
  const ServiceInfo* by_signing_name(std::string_view signing_name) const;
  const ServiceInfo* by_api_version(std::string_view version) const;  // for unsigned query/ec2 requests

  // The parsed model, loaded on first call (thread-safe). Throws std::runtime_error if the embedded
  // model is missing or broken, which is a build defect.
  const protocol::ServiceModel& model(const ServiceInfo& service) const;

 private:
  std::vector<ServiceInfo> services_;
  struct Slot {
    std::once_flag once;
    std::unique_ptr<protocol::ServiceModel> model;
  };
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace ecsemu::aws
