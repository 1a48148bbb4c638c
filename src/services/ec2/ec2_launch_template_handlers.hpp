#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::ec2 {

boost::json::value create_launch_template(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value create_launch_template_version(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value describe_launch_templates(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value describe_launch_template_versions(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value modify_launch_template(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_launch_template(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_launch_template_versions(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_launch_template_data(aws::RequestContext& ctx, const boost::json::object& input);

void register_launch_template_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::ec2
