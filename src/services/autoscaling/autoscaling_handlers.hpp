#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"
#include "aws/pagination.hpp"
#include "services/autoscaling/autoscaling_model.hpp"

namespace ecsemu::autoscaling {

// Groups (autoscaling_group_handlers.cpp)
aws::Operation create_auto_scaling_group, describe_auto_scaling_groups, update_auto_scaling_group,
    delete_auto_scaling_group, set_desired_capacity;
// Instances (autoscaling_instance_handlers.cpp)
aws::Operation describe_auto_scaling_instances, set_instance_protection, attach_instances, detach_instances,
    terminate_instance_in_auto_scaling_group, suspend_processes, resume_processes, set_instance_health, enter_standby,
    exit_standby;
// Traffic sources (autoscaling_traffic_handlers.cpp)
aws::Operation attach_load_balancers, detach_load_balancers, describe_load_balancers,
    attach_load_balancer_target_groups, detach_load_balancer_target_groups, describe_load_balancer_target_groups,
    attach_traffic_sources, detach_traffic_sources, describe_traffic_sources;
// Lifecycle hooks (autoscaling_hook_handlers.cpp)
aws::Operation put_lifecycle_hook, describe_lifecycle_hooks, delete_lifecycle_hook, complete_lifecycle_action,
    record_lifecycle_action_heartbeat;
// Launch configurations, tags, activities, account (autoscaling_misc_handlers.cpp)
aws::Operation create_launch_configuration, describe_launch_configurations, delete_launch_configuration,
    create_or_update_tags, delete_tags, describe_tags, describe_scaling_activities, describe_account_limits,
    describe_lifecycle_hook_types, describe_termination_policy_types, describe_adjustment_types,
    describe_scaling_process_types, describe_metric_collection_types, describe_auto_scaling_notification_types;

// Scaling policies (autoscaling_policy_handlers.cpp)
aws::Operation put_scaling_policy, describe_policies, delete_policy, execute_policy;

void register_operations(aws::OperationRegistry& registry);

// Shared by the handler files.
double now_seconds(const aws::RequestContext& ctx);
// The pagination start of a NextToken (empty when none); throws InvalidNextToken for a token not ours.
std::string page_after(const boost::json::object& input);
// The pager of a request's NextToken and page size; throws InvalidNextToken for a token not ours.
aws::Pager pager_of(const boost::json::object& input, long limit);
// AlreadyExists, in AWS's words, when a launch configuration of that name exists.
// ValidationError, in AWS's words, for a hook's transition, default result or heartbeat timeout out of range.
void check_hook_spec(const LifecycleHook& hook);
void require_new_launch_configuration(const AutoScalingState& state, std::string_view name);
// MaxRecords, defaulted and bounded.
long max_records(const boost::json::object& input, long fallback, long limit);
// A request's Filters (Name, Values); `known` says whether a name is one the operation accepts, and
// `unknown_message` words the ValidationError for one that is not, as AWS words it.
struct Filter {
  std::string name;
  std::vector<std::string> values;
};
std::vector<Filter> read_filters(const boost::json::object& input, bool (*known)(std::string_view name),
                                 std::string (*unknown_message)(std::string_view name));
// A new launch configuration named `name` (ARN, creation time), once the account's limit allows one more (else
// LimitExceeded); the caller fills in its data and stores it.
LaunchConfiguration new_launch_configuration(const aws::RequestContext& ctx, const AutoScalingState& state,
                                             const std::string& name);
// The group's desired capacity once `count` instances leave it, lowered when `decrement`; ValidationError when
// that falls below the minimum size (DetachInstances, EnterStandby).
long desired_after_leaving(const Group& group, bool decrement, std::size_t count);

}  // namespace ecsemu::autoscaling
