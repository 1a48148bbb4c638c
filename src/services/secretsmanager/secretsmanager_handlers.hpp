#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::secretsmanager {

boost::json::value create_secret(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_secret_value(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value put_secret_value(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value update_secret(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value describe_secret(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_secret(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value restore_secret(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_secrets(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_secret_version_ids(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value tag_resource(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value untag_resource(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value update_secret_version_stage(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_random_password(aws::RequestContext& ctx, const boost::json::object& input);

void register_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::secretsmanager
