#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"
#include "services/autoscaling/autoscaling_model.hpp"

namespace ecsemu::autoscaling {

#define ECSEMU_AUTOSCALING_HANDLER(name) \
  boost::json::value name(aws::RequestContext& ctx, const boost::json::object& input)

// Groups (autoscaling_group_handlers.cpp)
ECSEMU_AUTOSCALING_HANDLER(create_auto_scaling_group);
ECSEMU_AUTOSCALING_HANDLER(describe_auto_scaling_groups);
ECSEMU_AUTOSCALING_HANDLER(update_auto_scaling_group);
ECSEMU_AUTOSCALING_HANDLER(delete_auto_scaling_group);
ECSEMU_AUTOSCALING_HANDLER(set_desired_capacity);
// Instances (autoscaling_instance_handlers.cpp)
ECSEMU_AUTOSCALING_HANDLER(describe_auto_scaling_instances);
ECSEMU_AUTOSCALING_HANDLER(set_instance_protection);
ECSEMU_AUTOSCALING_HANDLER(attach_instances);
ECSEMU_AUTOSCALING_HANDLER(detach_instances);
ECSEMU_AUTOSCALING_HANDLER(terminate_instance_in_auto_scaling_group);
ECSEMU_AUTOSCALING_HANDLER(suspend_processes);
ECSEMU_AUTOSCALING_HANDLER(resume_processes);
ECSEMU_AUTOSCALING_HANDLER(set_instance_health);
ECSEMU_AUTOSCALING_HANDLER(enter_standby);
ECSEMU_AUTOSCALING_HANDLER(exit_standby);
// Traffic sources (autoscaling_traffic_handlers.cpp)
ECSEMU_AUTOSCALING_HANDLER(attach_load_balancers);
ECSEMU_AUTOSCALING_HANDLER(detach_load_balancers);
ECSEMU_AUTOSCALING_HANDLER(describe_load_balancers);
ECSEMU_AUTOSCALING_HANDLER(attach_load_balancer_target_groups);
ECSEMU_AUTOSCALING_HANDLER(detach_load_balancer_target_groups);
ECSEMU_AUTOSCALING_HANDLER(describe_load_balancer_target_groups);
ECSEMU_AUTOSCALING_HANDLER(attach_traffic_sources);
ECSEMU_AUTOSCALING_HANDLER(detach_traffic_sources);
ECSEMU_AUTOSCALING_HANDLER(describe_traffic_sources);
// Lifecycle hooks (autoscaling_hook_handlers.cpp)
ECSEMU_AUTOSCALING_HANDLER(put_lifecycle_hook);
ECSEMU_AUTOSCALING_HANDLER(describe_lifecycle_hooks);
ECSEMU_AUTOSCALING_HANDLER(delete_lifecycle_hook);
ECSEMU_AUTOSCALING_HANDLER(complete_lifecycle_action);
ECSEMU_AUTOSCALING_HANDLER(record_lifecycle_action_heartbeat);
// Launch configurations, tags, activities, account (autoscaling_misc_handlers.cpp)
ECSEMU_AUTOSCALING_HANDLER(create_launch_configuration);
ECSEMU_AUTOSCALING_HANDLER(describe_launch_configurations);
ECSEMU_AUTOSCALING_HANDLER(delete_launch_configuration);
ECSEMU_AUTOSCALING_HANDLER(create_or_update_tags);
ECSEMU_AUTOSCALING_HANDLER(delete_tags);
ECSEMU_AUTOSCALING_HANDLER(describe_tags);
ECSEMU_AUTOSCALING_HANDLER(describe_scaling_activities);
ECSEMU_AUTOSCALING_HANDLER(describe_account_limits);
ECSEMU_AUTOSCALING_HANDLER(describe_lifecycle_hook_types);
ECSEMU_AUTOSCALING_HANDLER(describe_termination_policy_types);
ECSEMU_AUTOSCALING_HANDLER(describe_adjustment_types);
ECSEMU_AUTOSCALING_HANDLER(describe_scaling_process_types);
ECSEMU_AUTOSCALING_HANDLER(describe_metric_collection_types);
ECSEMU_AUTOSCALING_HANDLER(describe_auto_scaling_notification_types);

#undef ECSEMU_AUTOSCALING_HANDLER

void register_operations(aws::OperationRegistry& registry);

// Shared by the handler files.
double now_seconds(const aws::RequestContext& ctx);
// The pagination start of a NextToken (empty when none); throws InvalidNextToken for a token not ours.
std::string page_after(const boost::json::object& input);
// MaxRecords, defaulted and bounded.
long max_records(const boost::json::object& input, long fallback, long limit);
// A new launch configuration named `name` (ARN, creation time), once the account's limit allows one more (else
// LimitExceeded); the caller fills in its data and stores it.
LaunchConfiguration new_launch_configuration(const aws::RequestContext& ctx, const AutoScalingState& state,
                                             const std::string& name);
// The group's desired capacity once `count` instances leave it, lowered when `decrement`; ValidationError when
// that falls below the minimum size (DetachInstances, EnterStandby).
long desired_after_leaving(const Group& group, bool decrement, std::size_t count);

}  // namespace ecsemu::autoscaling
