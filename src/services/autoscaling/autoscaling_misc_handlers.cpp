// Auto Scaling launch configurations, tags, scaling activities and the account/type listings.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/autoscaling/autoscaling_handlers.hpp"
#include "services/autoscaling/autoscaling_views.hpp"
#include "state/world.hpp"

namespace ecsemu::autoscaling {

namespace json = boost::json;
using namespace aws::members;

namespace {

[[noreturn]] void validation(std::string message) { throw aws::ServiceError("ValidationError", std::move(message)); }

constexpr std::size_t kMaxTagsPerGroup = 50;

json::array named(std::string_view member, std::initializer_list<std::string_view> names) {
  json::array out;
  for (auto n : names) {
    out.push_back(json::object{{member, n}});
  }
  return out;
}

}  // namespace

json::value create_launch_configuration(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  std::string name(string_member(input, "LaunchConfigurationName"));
  require_new_launch_configuration(state, name);
  if (has_member(input, "InstanceId")) {
    validation("Creating a launch configuration from an InstanceId is not supported by ecsemu.");
  }
  if (!has_member(input, "ImageId")) {
    validation(
        "Valid requests must contain either the InstanceID parameter or both the ImageId and "
        "InstanceType parameters.");
  }
  if (!has_member(input, "InstanceType")) {
    validation(
        "Valid requests must contain either the InstanceID parameter or both the ImageId and "
        "InstanceType parameters.");
  }
  std::string_view image = string_member(input, "ImageId");
  if (image.rfind("ami-", 0) != 0 || image.size() < 12) {
    validation(fmt::format("AMI {} is invalid: The image id '[{}]' does not exist", image, image));
  }
  LaunchConfiguration lc = new_launch_configuration(ctx, state, std::string(name));
  lc.data = input;
  lc.data.erase("LaunchConfigurationName");
  state.launch_configurations.emplace(name, std::move(lc));
  return json::object{};
}

json::value describe_launch_configurations(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  std::vector<std::string> names = string_list(input, "LaunchConfigurationNames");
  aws::Pager pager = pager_of(input, max_records(input, 50, 100));
  auto wanted = [&](const auto& entry) {
    return names.empty() || std::find(names.begin(), names.end(), entry.first) != names.end();
  };
  json::object result{
      {"LaunchConfigurations", pager.take(state.launch_configurations, aws::first_key, wanted,
                                          [](const auto& entry) { return launch_configuration_json(entry.second); })}};
  pager.finish(result, "NextToken");
  return result;
}

json::value delete_launch_configuration(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  std::string name(string_member(input, "LaunchConfigurationName"));
  if (state.launch_configurations.count(name) == 0) {
    validation(fmt::format("Launch configuration name not found - Launch configuration {} not found", name));
  }
  for (const auto& [group_name, g] : state.groups) {
    bool instance_uses = std::any_of(g.instances.begin(), g.instances.end(),
                                     [&](const GroupInstance& i) { return i.launch_configuration == name; });
    if (g.launch_configuration == name || instance_uses) {
      throw aws::ServiceError("ResourceInUse",
                              fmt::format("Cannot delete launch configuration {} because it is attached to "
                                          "AutoScalingGroup {}",
                                          name, group_name));
    }
  }
  state.launch_configurations.erase(name);
  return json::object{};
}

json::value create_or_update_tags(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  // Validate every tag first so that a bad one changes nothing.
  for (const auto& t : *aws::array_member(input, "Tags")) {
    const auto& o = t.as_object();
    std::string_view type = string_member(o, "ResourceType", "auto-scaling-group");
    if (type != "auto-scaling-group") {
      validation(
          fmt::format("Invalid resource type: {}. The only supported resource type is auto-scaling-group.", type));
    }
    require_group(state, string_member(o, "ResourceId"));
    if (string_member(o, "Key").rfind("aws:", 0) == 0) {
      validation("Tag keys starting with 'aws:' are reserved for internal use");
    }
  }
  for (const auto& t : *aws::array_member(input, "Tags")) {
    const auto& o = t.as_object();
    Group& g = require_group(state, string_member(o, "ResourceId"));
    std::string key(string_member(o, "Key"));
    const auto* p = o.if_contains("PropagateAtLaunch");
    GroupTag tag{key, std::string(string_member(o, "Value")), p != nullptr && p->is_bool() && p->as_bool()};
    auto it = std::find_if(g.tags.begin(), g.tags.end(), [&](const GroupTag& x) { return x.key == key; });
    if (it != g.tags.end()) {
      *it = std::move(tag);
    } else if (g.tags.size() >= kMaxTagsPerGroup) {
      throw aws::ServiceError("LimitExceeded",
                              fmt::format("The number of tags for the Auto Scaling group {} exceeds the limit of {}.",
                                          g.name, kMaxTagsPerGroup));
    } else {
      g.tags.push_back(std::move(tag));
    }
  }
  return json::object{};
}

json::value delete_tags(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  for (const auto& t : *aws::array_member(input, "Tags")) {
    require_group(state, string_member(t.as_object(), "ResourceId"));
  }
  for (const auto& t : *aws::array_member(input, "Tags")) {
    const auto& o = t.as_object();
    Group& g = require_group(state, string_member(o, "ResourceId"));
    std::string_view key = string_member(o, "Key");
    bool value_given = has_member(o, "Value");
    std::string_view value = string_member(o, "Value");
    g.tags.erase(std::remove_if(g.tags.begin(), g.tags.end(),
                                [&](const GroupTag& x) { return x.key == key && (!value_given || x.value == value); }),
                 g.tags.end());
  }
  return json::object{};
}

json::value describe_tags(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  std::vector<Filter> filters = read_filters(
      input,
      [](std::string_view name) {
        return name == "auto-scaling-group" || name == "key" || name == "value" || name == "propagate-at-launch";
      },
      [](std::string_view name) {
        return fmt::format(
            "Filter type {} is not correct. Allowed Filter types are: auto-scaling-group key value propagate-at-launch",
            name);
      });
  aws::Pager pager = pager_of(input, max_records(input, 50, 100));
  json::array out;
  json::object result;
  for (const auto& [name, g] : state.groups) {
    std::vector<const GroupTag*> sorted;
    for (const auto& t : g.tags) {
      sorted.push_back(&t);
    }
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->key < b->key; });
    for (const GroupTag* t : sorted) {
      std::string position = name + '\n' + t->key;
      bool keep = std::all_of(filters.begin(), filters.end(), [&](const Filter& f) {
        std::string v = f.name == "auto-scaling-group" ? name
                        : f.name == "key"              ? t->key
                        : f.name == "value"            ? t->value
                                                       : (t->propagate_at_launch ? "true" : "false");
        if (f.name == "propagate-at-launch") {
          // A Boolean value: "true" / "True" / "TRUE" all read as true.
          return std::any_of(f.values.begin(), f.values.end(), [&](const std::string& given) {
            return given.size() == v.size() && std::equal(given.begin(), given.end(), v.begin(), [](char a, char b) {
                     return std::tolower(static_cast<unsigned char>(a)) == b;
                   });
          });
        }
        return std::find(f.values.begin(), f.values.end(), v) != f.values.end();
      });
      if (!keep) {
        continue;
      }
      auto step = pager.step(position);
      if (step == aws::Pager::Step::Full) {
        result["Tags"] = std::move(out);
        pager.finish(result, "NextToken");
        return result;
      }
      if (step == aws::Pager::Step::Take) {
        out.push_back(tag_json(g, *t));
      }
    }
  }
  result["Tags"] = std::move(out);
  return result;
}

json::value describe_scaling_activities(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  std::string group(string_member(input, "AutoScalingGroupName"));
  std::vector<std::string> ids = string_list(input, "ActivityIds");
  long limit = max_records(input, 100, 100);
  std::string after = page_after(input);
  bool skipping = !after.empty();
  json::array out;
  json::object result;
  std::string last;
  for (const auto& a : state.activities) {
    if (skipping) {
      skipping = a.id != after;
      continue;
    }
    if ((!group.empty() && a.group_name != group) ||
        (!ids.empty() && std::find(ids.begin(), ids.end(), a.id) == ids.end())) {
      continue;
    }
    auto g = state.groups.find(a.group_name);
    const auto* include = input.if_contains("IncludeDeletedGroups");
    if (g == state.groups.end() && (include == nullptr || !include->is_bool() || !include->as_bool())) {
      continue;  // activities of deleted groups are listed only with IncludeDeletedGroups
    }
    if (static_cast<long>(out.size()) == limit) {
      result["NextToken"] = aws::encode_page_token(last);
      break;
    }
    last = a.id;
    out.push_back(activity_json(a, g == state.groups.end() ? std::string_view{} : std::string_view(g->second.arn)));
  }
  if (skipping) {
    throw aws::ServiceError("InvalidNextToken", "The token provided is not valid.");
  }
  result["Activities"] = std::move(out);
  return result;
}

json::value describe_account_limits(aws::RequestContext& ctx, const json::object& /*input*/) {
  AutoScalingState& state = ctx.store().autoscaling;
  return json::object{{"MaxNumberOfAutoScalingGroups", kMaxGroups},
                      {"MaxNumberOfLaunchConfigurations", kMaxLaunchConfigurations},
                      {"NumberOfAutoScalingGroups", static_cast<long>(state.groups.size())},
                      {"NumberOfLaunchConfigurations", static_cast<long>(state.launch_configurations.size())}};
}

json::value describe_lifecycle_hook_types(aws::RequestContext& /*ctx*/, const json::object& /*input*/) {
  return json::object{{"LifecycleHookTypes",
                       json::array{"autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_TERMINATING"}}};
}

json::value describe_termination_policy_types(aws::RequestContext& /*ctx*/, const json::object& /*input*/) {
  return json::object{{"TerminationPolicyTypes",
                       json::array{"AllocationStrategy", "ClosestToNextInstanceHour", "Default", "NewestInstance",
                                   "OldestInstance", "OldestLaunchConfiguration", "OldestLaunchTemplate"}}};
}

json::value describe_adjustment_types(aws::RequestContext& /*ctx*/, const json::object& /*input*/) {
  return json::object{
      {"AdjustmentTypes", named("AdjustmentType", {"ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"})}};
}

json::value describe_scaling_process_types(aws::RequestContext& /*ctx*/, const json::object& /*input*/) {
  return json::object{{"Processes", named("ProcessName", {"AZRebalance", "AddToLoadBalancer", "AlarmNotification",
                                                          "HealthCheck", "InstanceRefresh", "Launch",
                                                          "ReplaceUnhealthy", "ScheduledActions", "Terminate"})}};
}

json::value describe_metric_collection_types(aws::RequestContext& /*ctx*/, const json::object& /*input*/) {
  return json::object{{"Metrics", named("Metric", {"GroupMinSize",
                                                   "GroupMaxSize",
                                                   "GroupDesiredCapacity",
                                                   "GroupInServiceInstances",
                                                   "GroupPendingInstances",
                                                   "GroupStandbyInstances",
                                                   "GroupTerminatingInstances",
                                                   "GroupTotalInstances",
                                                   "GroupInServiceCapacity",
                                                   "GroupPendingCapacity",
                                                   "GroupStandbyCapacity",
                                                   "GroupTerminatingCapacity",
                                                   "GroupTotalCapacity",
                                                   "WarmPoolDesiredCapacity",
                                                   "WarmPoolWarmedCapacity",
                                                   "WarmPoolPendingCapacity",
                                                   "WarmPoolTerminatingCapacity",
                                                   "WarmPoolTotalCapacity",
                                                   "GroupAndWarmPoolDesiredCapacity",
                                                   "GroupAndWarmPoolTotalCapacity"})},
                      {"Granularities", named("Granularity", {"1Minute"})}};
}

json::value describe_auto_scaling_notification_types(aws::RequestContext& /*ctx*/, const json::object& /*input*/) {
  return json::object{{"AutoScalingNotificationTypes",
                       json::array{"autoscaling:EC2_INSTANCE_LAUNCH", "autoscaling:EC2_INSTANCE_LAUNCH_ERROR",
                                   "autoscaling:EC2_INSTANCE_TERMINATE", "autoscaling:EC2_INSTANCE_TERMINATE_ERROR",
                                   "autoscaling:TEST_NOTIFICATION"}}};
}

void register_operations(aws::OperationRegistry& registry) {
  registry.add("autoscaling", "CreateAutoScalingGroup", &create_auto_scaling_group);
  registry.add("autoscaling", "DescribeAutoScalingGroups", &describe_auto_scaling_groups);
  registry.add("autoscaling", "UpdateAutoScalingGroup", &update_auto_scaling_group);
  registry.add("autoscaling", "DeleteAutoScalingGroup", &delete_auto_scaling_group);
  registry.add("autoscaling", "SetDesiredCapacity", &set_desired_capacity);
  registry.add("autoscaling", "DescribeAutoScalingInstances", &describe_auto_scaling_instances);
  registry.add("autoscaling", "SetInstanceProtection", &set_instance_protection);
  registry.add("autoscaling", "AttachInstances", &attach_instances);
  registry.add("autoscaling", "DetachInstances", &detach_instances);
  registry.add("autoscaling", "TerminateInstanceInAutoScalingGroup", &terminate_instance_in_auto_scaling_group);
  registry.add("autoscaling", "SuspendProcesses", &suspend_processes);
  registry.add("autoscaling", "ResumeProcesses", &resume_processes);
  registry.add("autoscaling", "SetInstanceHealth", &set_instance_health);
  registry.add("autoscaling", "EnterStandby", &enter_standby);
  registry.add("autoscaling", "ExitStandby", &exit_standby);
  registry.add("autoscaling", "AttachLoadBalancers", &attach_load_balancers);
  registry.add("autoscaling", "DetachLoadBalancers", &detach_load_balancers);
  registry.add("autoscaling", "DescribeLoadBalancers", &describe_load_balancers);
  registry.add("autoscaling", "AttachLoadBalancerTargetGroups", &attach_load_balancer_target_groups);
  registry.add("autoscaling", "DetachLoadBalancerTargetGroups", &detach_load_balancer_target_groups);
  registry.add("autoscaling", "DescribeLoadBalancerTargetGroups", &describe_load_balancer_target_groups);
  registry.add("autoscaling", "AttachTrafficSources", &attach_traffic_sources);
  registry.add("autoscaling", "DetachTrafficSources", &detach_traffic_sources);
  registry.add("autoscaling", "DescribeTrafficSources", &describe_traffic_sources);
  registry.add("autoscaling", "PutLifecycleHook", &put_lifecycle_hook);
  registry.add("autoscaling", "DescribeLifecycleHooks", &describe_lifecycle_hooks);
  registry.add("autoscaling", "DeleteLifecycleHook", &delete_lifecycle_hook);
  registry.add("autoscaling", "CompleteLifecycleAction", &complete_lifecycle_action);
  registry.add("autoscaling", "RecordLifecycleActionHeartbeat", &record_lifecycle_action_heartbeat);
  registry.add("autoscaling", "CreateLaunchConfiguration", &create_launch_configuration);
  registry.add("autoscaling", "DescribeLaunchConfigurations", &describe_launch_configurations);
  registry.add("autoscaling", "DeleteLaunchConfiguration", &delete_launch_configuration);
  registry.add("autoscaling", "CreateOrUpdateTags", &create_or_update_tags);
  registry.add("autoscaling", "DeleteTags", &delete_tags);
  registry.add("autoscaling", "DescribeTags", &describe_tags);
  registry.add("autoscaling", "DescribeScalingActivities", &describe_scaling_activities);
  registry.add("autoscaling", "DescribeAccountLimits", &describe_account_limits);
  registry.add("autoscaling", "DescribeLifecycleHookTypes", &describe_lifecycle_hook_types);
  registry.add("autoscaling", "DescribeTerminationPolicyTypes", &describe_termination_policy_types);
  registry.add("autoscaling", "DescribeAdjustmentTypes", &describe_adjustment_types);
  registry.add("autoscaling", "DescribeScalingProcessTypes", &describe_scaling_process_types);
  registry.add("autoscaling", "DescribeMetricCollectionTypes", &describe_metric_collection_types);
  registry.add("autoscaling", "DescribeAutoScalingNotificationTypes", &describe_auto_scaling_notification_types);
  registry.add("autoscaling", "PutScalingPolicy", &put_scaling_policy);
  registry.add("autoscaling", "DescribePolicies", &describe_policies);
  registry.add("autoscaling", "DeletePolicy", &delete_policy);
  registry.add("autoscaling", "ExecutePolicy", &execute_policy);
}

}  // namespace ecsemu::autoscaling
