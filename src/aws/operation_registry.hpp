#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/request_context.hpp"

namespace ecsemu::aws {

// A handler turns the validated input Document into the output Document, or throws ServiceError.
// It runs on the state strand, synchronously, and never does I/O. Handler files declare theirs with the
// function type: `aws::Operation run_task, stop_task;`.
using Operation = boost::json::value(RequestContext& context, const boost::json::object& input);
using Handler = Operation*;

// (service key, operation name) -> handler. Filled once at start-up, read-only afterwards.
class OperationRegistry {
 public:
  void add(std::string_view service_key, std::string_view operation, Handler handler);
  Handler find(std::string_view service_key, std::string_view operation) const;
  std::vector<std::string> operations(std::string_view service_key) const;  // sorted

 private:
  std::map<std::string, std::map<std::string, Handler, std::less<>>, std::less<>> handlers_;
};

// Registers every implemented operation of every service.
void register_all_services(OperationRegistry& registry);

}  // namespace ecsemu::aws
