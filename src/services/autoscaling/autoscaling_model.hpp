#pragma once

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace ecsemu::autoscaling {

// The launch configuration: its CreateLaunchConfiguration members (UserData already base64), kept as given.
struct LaunchConfiguration {
  std::string name;
  std::string arn;
  double created = 0;
  boost::json::object data;
};

struct LaunchTemplateRef {
  std::string id;
  std::string name;
  std::string version;        // "$Default" when not given
  bool version_given = true;  // false: the request named no Version (DescribeAutoScalingGroups omits it then)
};

// A traffic source attached to a group: a classic load balancer name (type "elb"), an ELBv2 target group ARN
// ("elbv2") or a VPC Lattice target group ARN ("vpc-lattice").
struct TrafficSource {
  std::string identifier;
  std::string type;
  bool at_create = false;  // attached by CreateAutoScalingGroup (its state is InService from the start)
};

// One instance of a group, with its Auto Scaling lifecycle state
// (Pending, Pending:Wait, Pending:Proceed, InService, Terminating, Terminating:Wait, Terminating:Proceed, Detaching).
struct GroupInstance {
  std::string id;
  std::string availability_zone;
  std::string lifecycle_state = "Pending";
  std::string health_status = "Healthy";
  std::string instance_type;
  std::string image_id;
  LaunchTemplateRef launch_template;  // empty id when launched from a launch configuration
  std::string launch_configuration;
  bool protected_from_scale_in = false;
  double launched = 0;
  // The pending lifecycle action, when a hook holds the instance in a :Wait state.
  std::string action_hook;
  std::string action_token;
  double action_deadline = 0;
  std::string action_result;  // CONTINUE | ABANDON once completed
  std::string activity_id;    // the launch or termination activity in progress
};

struct LifecycleHook {
  std::string name;
  std::string transition;  // autoscaling:EC2_INSTANCE_LAUNCHING | autoscaling:EC2_INSTANCE_TERMINATING
  std::string default_result = "ABANDON";
  long heartbeat_timeout = 3600;
  std::string notification_metadata;
  std::string notification_target_arn;
  std::string role_arn;
};

struct GroupTag {
  std::string key;
  std::string value;
  bool propagate_at_launch = false;
};

struct Activity {
  std::string id;
  std::string group_name;
  std::string description;
  std::string cause;
  std::string status_code = "Successful";  // InProgress | Successful | Failed | Cancelled
  std::string status_message;
  std::string details;
  long progress = 100;
  double start = 0;
  double end = 0;
};

// A scaling policy (PutScalingPolicy): its request members as given, less the group's name.
struct ScalingPolicy {
  std::string name;
  std::string arn;
  boost::json::object data;
  boost::json::array alarms;  // the CloudWatch alarms Auto Scaling made for a target tracking policy
};

struct Group {
  std::string name;
  std::string arn;
  double created = 0;
  long min_size = 0;
  long max_size = 0;
  long desired = 0;
  std::string launch_configuration;
  LaunchTemplateRef launch_template;
  boost::json::object mixed_instances_policy;  // as given (MixedInstancesPolicy), empty when none
  std::vector<std::string> availability_zones;
  std::vector<std::string> subnets;  // VPCZoneIdentifier, split
  std::string health_check_type = "EC2";
  long health_check_grace_period = 0;
  long default_cooldown = 300;
  std::vector<std::string> termination_policies{"Default"};
  std::vector<TrafficSource> traffic_sources;  // in attachment order
  bool new_instances_protected = false;
  bool capacity_rebalance = false;
  long max_instance_lifetime = 0;
  std::vector<GroupInstance> instances;
  std::vector<LifecycleHook> hooks;
  std::vector<GroupTag> tags;
  std::map<std::string, ScalingPolicy> policies;  // by name; deleted with the group
  std::vector<std::string> suspended_processes;
  std::map<std::string, double> suspended_at;  // when each suspended process was suspended
  std::string service_linked_role;
  std::string status;  // "Delete in progress" while a forced delete terminates its instances
  double last_scaling = 0;
  double next_launch_attempt = 0;  // after a refused launch
  // Why the desired capacity last changed, for the next activity's cause ("a user request ...").
  std::string change_cause;
  double change_time = 0;
};

struct AutoScalingState {
  std::map<std::string, LaunchConfiguration> launch_configurations;
  std::map<std::string, Group> groups;
  std::deque<Activity> activities;  // newest first
};

inline constexpr long kMaxGroups = 500;
inline constexpr long kMaxLaunchConfigurations = 200;
inline constexpr std::size_t kMaxActivities = 1000;

// The group's traffic sources of one type ("elb", "elbv2", "vpc-lattice"), their identifiers in order.
std::vector<std::string> traffic_of_type(const Group& group, std::string_view type);

// Instances that count towards the group's capacity (all but Terminating*, Detaching, Detached and Standby).
bool counts_in_capacity(const GroupInstance& instance);
long in_capacity(const Group& group);
bool is_suspended(const Group& group, std::string_view process);
const LifecycleHook* find_hook(const Group& group, std::string_view transition);

// Records an activity (newest first; the oldest beyond kMaxActivities are dropped) and returns it.
Activity& record_activity(AutoScalingState& state, const Group& group, std::string description, std::string cause,
                          double now, std::string status = "Successful");

// The group of that name; throws ValidationError "AutoScalingGroup name not found - ..." when there is none.
Group& require_group(AutoScalingState& state, std::string_view name);
// The group holding that instance (null when none).
Group* group_of_instance(AutoScalingState& state, std::string_view instance_id, GroupInstance** instance = nullptr);
// A random UUID (activity ids, lifecycle action tokens, ARNs).
std::string random_uuid();

// "2024-05-01T12:00:00Z", the form activity causes use.
std::string cause_time(double seconds);

}  // namespace ecsemu::autoscaling
