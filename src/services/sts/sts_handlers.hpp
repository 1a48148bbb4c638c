#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::sts {

boost::json::value get_caller_identity(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value assume_role(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value assume_role_with_web_identity(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_session_token(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_access_key_info(aws::RequestContext& ctx, const boost::json::object& input);

void register_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::sts
