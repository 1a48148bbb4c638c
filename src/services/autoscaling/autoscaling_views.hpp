#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "services/autoscaling/autoscaling_model.hpp"

namespace ecsemu::autoscaling {

boost::json::object group_json(const Group& group);
boost::json::object group_instance_json(const Group& group, const GroupInstance& instance, bool with_group);
boost::json::object activity_json(const Activity& activity, std::string_view group_arn);
boost::json::object launch_configuration_json(const LaunchConfiguration& lc);
boost::json::object hook_json(const Group& group, const LifecycleHook& hook);
boost::json::object tag_json(const Group& group, const GroupTag& tag);

}  // namespace ecsemu::autoscaling
