#pragma once

// Task operations (ecs_task_handlers.cpp).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/request_context.hpp"

namespace ecsemu::ecs {

boost::json::value run_task(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value start_task(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value stop_task(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value describe_tasks(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_tasks(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_task_protection(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value update_task_protection(aws::RequestContext& ctx, const boost::json::object& input);

}  // namespace ecsemu::ecs
