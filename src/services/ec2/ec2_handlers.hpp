#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::ec2 {

boost::json::value describe_regions(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value describe_availability_zones(aws::RequestContext& ctx, const boost::json::object& input);

void register_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::ec2
