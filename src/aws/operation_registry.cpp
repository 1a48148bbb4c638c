#include "aws/operation_registry.hpp"

#include <stdexcept>

namespace ecsemu::aws {

void OperationRegistry::add(std::string_view service_key, std::string_view operation, Handler handler) {
  auto& ops = handlers_[std::string(service_key)];
  if (!ops.emplace(std::string(operation), handler).second) {
    throw std::logic_error("operation registered twice: " + std::string(service_key) + "." + std::string(operation));
  }
}

Handler OperationRegistry::find(std::string_view service_key, std::string_view operation) const {
  auto svc = handlers_.find(service_key);
  if (svc == handlers_.end()) {
    return nullptr;
  }
  auto op = svc->second.find(operation);
  return op == svc->second.end() ? nullptr : op->second;
}

std::vector<std::string> OperationRegistry::operations(std::string_view service_key) const {
  std::vector<std::string> out;
  auto svc = handlers_.find(service_key);
  if (svc != handlers_.end()) {
    for (const auto& [name, handler] : svc->second) {
      out.push_back(name);
    }
  }
  return out;
}

}  // namespace ecsemu::aws
