#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::ssm {

boost::json::value put_parameter(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_parameter(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_parameters(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_parameter(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_parameters(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_parameter_history(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_parameters_by_path(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value describe_parameters(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value label_parameter_version(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value unlabel_parameter_version(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value add_tags_to_resource(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_tags_for_resource(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value remove_tags_from_resource(aws::RequestContext& ctx, const boost::json::object& input);

void register_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::ssm
