#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::sts {

boost::json::value get_caller_identity(aws::RequestContext& ctx, const boost::json::object& input);

void register_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::sts
