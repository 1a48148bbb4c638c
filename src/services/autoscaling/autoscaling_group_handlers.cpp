// Auto Scaling groups: Create/Describe/Update/Delete, SetDesiredCapacity.
#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/autoscaling/autoscaling_handlers.hpp"
#include "services/autoscaling/autoscaling_reconcile.hpp"
#include "services/autoscaling/autoscaling_traffic.hpp"
#include "services/autoscaling/autoscaling_views.hpp"
#include "services/ec2/ec2_instances.hpp"
#include "services/ec2/ec2_launch_template_model.hpp"
#include "services/ec2/ec2_regions.hpp"
#include "services/elbv2/elbv2_plane.hpp"
#include "state/world.hpp"

namespace ecsemu::autoscaling {

namespace json = boost::json;
using namespace aws::members;

namespace {

[[noreturn]] void validation(std::string message) { throw aws::ServiceError("ValidationError", std::move(message)); }

const std::vector<std::string_view> kTerminationPolicies{
    "OldestInstance", "NewestInstance",       "OldestLaunchConfiguration", "ClosestToNextInstanceHour",
    "Default",        "OldestLaunchTemplate", "AllocationStrategy"};

void check_sizes(long min, long max, long desired) {
  if (min > max) {
    validation(fmt::format("Max bound, {}, must be greater than or equal to min bound, {}", max, min));
  }
  if (desired < min || desired > max) {
    validation(fmt::format("Desired capacity:{} must be between the specified min size:{} and max size:{}", desired,
                           min, max));
  }
}

// The launch template a LaunchTemplateSpecification names, resolved to its id and name.
LaunchTemplateRef resolve_template(aws::RequestContext& ctx, const json::object& spec) {
  std::string_view id = string_member(spec, "LaunchTemplateId");
  std::string_view name = string_member(spec, "LaunchTemplateName");
  if (id.empty() == name.empty()) {
    validation("Valid requests must contain either launchTemplateId or LaunchTemplateName");
  }
  ec2::LaunchTemplate* lt = nullptr;
  try {
    lt = &ec2::require_launch_template(ctx.store().launch_templates, id, name);
  } catch (const aws::ServiceError& e) {
    validation(fmt::format("You must use a valid fully-formed launch template. {}", e.message()));
  }
  LaunchTemplateRef ref{lt->id, lt->name, std::string(string_member(spec, "Version", "$Default")),
                        has_member(spec, "Version")};
  bool numeric = !ref.version.empty() &&
                 std::all_of(ref.version.begin(), ref.version.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!numeric && ref.version != "$Default" && ref.version != "$Latest") {
    validation("Invalid launch template version: either '$Default', '$Latest', or a numeric version are allowed.");
  }
  if (ec2::find_version(*lt, ref.version) == nullptr) {
    validation(
        fmt::format("You must use a valid fully-formed launch template. The specified launch template "
                    "version, with template ID {} and version {}, does not exist.",
                    lt->id, ref.version));
  }
  return ref;
}

// The MixedInstancesPolicy as DescribeAutoScalingGroups reports it: the template named by id and name, the
// overrides (empty when none) and the instances distribution with AWS's defaults for what was not given.
json::object described_mixed_policy(const json::object& given, const LaunchTemplateRef& ref) {
  json::object policy = given;
  json::object lt = policy["LaunchTemplate"].is_object() ? policy["LaunchTemplate"].as_object() : json::object{};
  json::object spec{{"LaunchTemplateId", ref.id}, {"LaunchTemplateName", ref.name}};
  if (ref.version_given) {
    spec["Version"] = ref.version;
  }
  lt["LaunchTemplateSpecification"] = std::move(spec);
  if (!lt.contains("Overrides")) {
    lt["Overrides"] = json::array{};
  }
  policy["LaunchTemplate"] = std::move(lt);
  json::object distribution =
      policy["InstancesDistribution"].is_object() ? policy["InstancesDistribution"].as_object() : json::object{};
  const std::pair<std::string_view, json::value> defaults[] = {{"OnDemandAllocationStrategy", "prioritized"},
                                                               {"OnDemandBaseCapacity", 0},
                                                               {"OnDemandPercentageAboveBaseCapacity", 100},
                                                               {"SpotAllocationStrategy", "lowest-price"},
                                                               {"SpotInstancePools", 2}};
  for (const auto& [key, value] : defaults) {
    if (!distribution.contains(key)) {
      distribution[key] = value;
    }
  }
  policy["InstancesDistribution"] = std::move(distribution);
  return policy;
}

// CreateAutoScalingGroup with InstanceId: AWS creates a launch configuration named after the group from the
// instance's image, type, key pair, security groups and instance profile (the instance itself stays outside).
LaunchConfiguration configuration_from_instance(aws::RequestContext& ctx, const std::string& group_name,
                                                std::string_view instance_id) {
  state::RegionStore& store = ctx.store();
  const ec2::Instance* e = ec2::find_instance(store.ec2.instances, instance_id);
  if (e == nullptr || e->state == ec2::InstanceStateName::Terminated) {
    validation(fmt::format("Instance [{}] is invalid.", instance_id));
  }
  AutoScalingState& state = store.autoscaling;
  require_new_launch_configuration(state, group_name);
  LaunchConfiguration lc = new_launch_configuration(ctx, state, std::string(group_name));
  lc.data["ImageId"] = e->image_id;
  lc.data["InstanceType"] = e->instance_type;
  if (!e->key_name.empty()) {
    lc.data["KeyName"] = e->key_name;
  }
  if (!e->iam_instance_profile.empty()) {
    lc.data["IamInstanceProfile"] = e->iam_instance_profile;
  }
  json::array groups;
  for (const auto& sg : e->security_group_ids) {
    groups.emplace_back(sg);
  }
  lc.data["SecurityGroups"] = std::move(groups);
  return lc;
}

// Reads the launch source members into the group; `creating` requires exactly one of them.
// `made` receives the launch configuration CreateAutoScalingGroup makes from an InstanceId (stored once the whole
// request is valid).
void apply_launch_source(aws::RequestContext& ctx, const json::object& input, Group& g, bool creating,
                         std::optional<LaunchConfiguration>* made = nullptr) {
  bool has_lt = has_member(input, "LaunchTemplate");
  bool has_lc = has_member(input, "LaunchConfigurationName");
  bool has_mixed = has_member(input, "MixedInstancesPolicy");
  int sources = int{has_lt} + int{has_lc} + int{has_mixed} + int{has_member(input, "InstanceId")};
  if ((creating && sources != 1) || sources > 1) {
    validation(
        "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or "
        "MixedInstancesPolicy parameter.");
  }
  AutoScalingState& state = ctx.store().autoscaling;
  if (has_member(input, "InstanceId") && made != nullptr) {
    *made = configuration_from_instance(ctx, g.name, string_member(input, "InstanceId"));
    g.launch_configuration = g.name;
    g.launch_template = {};
    g.mixed_instances_policy = {};
  }
  if (has_lc) {
    std::string name(string_member(input, "LaunchConfigurationName"));
    if (state.launch_configurations.count(name) == 0) {
      validation(fmt::format("Launch configuration name not found - Launch configuration {} not found", name));
    }
    g.launch_configuration = name;
    g.launch_template = {};
    g.mixed_instances_policy = {};
  }
  if (has_lt) {
    g.launch_template = resolve_template(ctx, input.at("LaunchTemplate").as_object());
    g.launch_configuration.clear();
    g.mixed_instances_policy = {};
  }
  if (has_mixed) {
    const auto& policy = input.at("MixedInstancesPolicy").as_object();
    const auto* lt = policy.if_contains("LaunchTemplate");
    const auto* spec =
        lt != nullptr && lt->is_object() ? lt->as_object().if_contains("LaunchTemplateSpecification") : nullptr;
    if (spec == nullptr || !spec->is_object()) {
      validation("The specified MixedInstancesPolicy is missing LaunchTemplate.LaunchTemplateSpecification.");
    }
    g.launch_template = resolve_template(ctx, spec->as_object());
    g.mixed_instances_policy = described_mixed_policy(policy, g.launch_template);
    g.launch_configuration.clear();
  }
}

// VPCZoneIdentifier / AvailabilityZones -> the group's subnets and zones.
void apply_placement(aws::RequestContext& ctx, const json::object& input, Group& g, bool creating) {
  if (has_member(input, "VPCZoneIdentifier")) {
    std::vector<std::string> subnets;
    std::string_view text = string_member(input, "VPCZoneIdentifier");
    std::size_t start = 0;
    while (start <= text.size()) {
      auto comma = text.find(',', start);
      std::string_view part = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
      while (!part.empty() && part.front() == ' ') {
        part.remove_prefix(1);
      }
      while (!part.empty() && part.back() == ' ') {
        part.remove_suffix(1);
      }
      if (!part.empty() && std::find(subnets.begin(), subnets.end(), part) == subnets.end()) {
        subnets.emplace_back(part);
      }
      if (comma == std::string_view::npos) {
        break;
      }
      start = comma + 1;
    }
    std::vector<std::string> zones = zones_of_subnets(ctx.store(), subnets);
    g.subnets = std::move(subnets);
    g.availability_zones.clear();
    for (auto& z : zones) {
      if (std::find(g.availability_zones.begin(), g.availability_zones.end(), z) == g.availability_zones.end()) {
        g.availability_zones.push_back(std::move(z));
      }
    }
    return;
  }
  std::vector<std::string> zones = string_list(input, "AvailabilityZones");
  if (!zones.empty()) {
    const ec2::RegionInfo* region = ec2::find_region(ctx.region);
    for (const auto& z : zones) {
      bool known = region == nullptr ? z.rfind(ctx.region, 0) == 0
                                     : std::any_of(region->zones.begin(), region->zones.end(),
                                                   [&](const auto& info) { return info.zone_name == z; });
      if (!known) {
        validation(fmt::format("The availability zone {} is not legal", z));
      }
    }
    g.availability_zones = zones;
    g.subnets.clear();
    return;
  }
  if (creating) {
    validation("At least one Availability Zone or VPC Subnet is required.");
  }
}

void apply_settings(const json::object& input, Group& g) {
  if (has_member(input, "HealthCheckType")) {
    std::string type(string_member(input, "HealthCheckType"));
    if (type != "EC2" && type != "ELB" && type != "EBS" && type != "VPC_LATTICE") {
      validation(fmt::format("Invalid health check type '{}'. Valid values are: EC2, ELB, EBS, VPC_LATTICE", type));
    }
    g.health_check_type = type;
  }
  g.health_check_grace_period = int_member(input, "HealthCheckGracePeriod").value_or(g.health_check_grace_period);
  g.default_cooldown = int_member(input, "DefaultCooldown").value_or(g.default_cooldown);
  g.max_instance_lifetime = int_member(input, "MaxInstanceLifetime").value_or(g.max_instance_lifetime);
  if (const auto* v = input.if_contains("NewInstancesProtectedFromScaleIn"); v && v->is_bool()) {
    g.new_instances_protected = v->as_bool();
  }
  if (const auto* v = input.if_contains("CapacityRebalance"); v && v->is_bool()) {
    g.capacity_rebalance = v->as_bool();
  }
  if (has_member(input, "TerminationPolicies")) {
    std::vector<std::string> policies = string_list(input, "TerminationPolicies");
    for (const auto& p : policies) {
      bool known = std::find(kTerminationPolicies.begin(), kTerminationPolicies.end(), p) != kTerminationPolicies.end();
      if (!known && p.rfind("arn:", 0) != 0) {
        validation(fmt::format("Termination policy {} is not valid", p));
      }
    }
    g.termination_policies = policies.empty() ? std::vector<std::string>{"Default"} : policies;
  }
}

}  // namespace

void check_hook_spec(const LifecycleHook& hook) {
  if (hook.transition != "autoscaling:EC2_INSTANCE_LAUNCHING" &&
      hook.transition != "autoscaling:EC2_INSTANCE_TERMINATING") {
    validation(fmt::format("Invalid Lifecycle Transition: {}", hook.transition));
  }
  if (hook.default_result != "CONTINUE" && hook.default_result != "ABANDON") {
    validation(
        fmt::format("Invalid value for DefaultResult: {}. Valid values are CONTINUE and ABANDON", hook.default_result));
  }
  if (hook.heartbeat_timeout < 30 || hook.heartbeat_timeout > 7200) {
    validation("Heartbeat timeout must be between 30 and 7200 seconds");
  }
}

LaunchConfiguration new_launch_configuration(const aws::RequestContext& ctx, const AutoScalingState& state,
                                             const std::string& name) {
  if (static_cast<long>(state.launch_configurations.size()) >= kMaxLaunchConfigurations) {
    throw aws::ServiceError("LimitExceeded", fmt::format("You have reached your account limit of {} launch "
                                                         "configurations.",
                                                         kMaxLaunchConfigurations));
  }
  LaunchConfiguration lc;
  lc.name = name;
  lc.arn = fmt::format("arn:aws:autoscaling:{}:{}:launchConfiguration:{}:launchConfigurationName/{}", ctx.region,
                       ctx.account_id, random_uuid(), name);
  lc.created = now_seconds(ctx);
  return lc;
}

double now_seconds(const aws::RequestContext& ctx) {
  return std::chrono::duration<double>(ctx.now.time_since_epoch()).count();
}

std::string page_after(const json::object& input) {
  if (const auto* token = input.if_contains("NextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    if (!last) {
      throw aws::ServiceError("InvalidNextToken", "The token provided is not valid.");
    }
    return *last;
  }
  return {};
}

aws::Pager pager_of(const json::object& input, long limit) {
  const auto* token = input.if_contains("NextToken");
  aws::Pager pager(
      token != nullptr && token->is_string() ? std::optional<std::string_view>(token->as_string()) : std::nullopt,
      static_cast<std::size_t>(limit));
  if (!pager.valid()) {
    throw aws::ServiceError("InvalidNextToken", "The token provided is not valid.");
  }
  return pager;
}

void require_new_launch_configuration(const AutoScalingState& state, std::string_view name) {
  if (state.launch_configurations.contains(std::string(name))) {
    throw aws::ServiceError("AlreadyExists",
                            fmt::format("Launch Configuration by this name already exists - A launch configuration "
                                        "already exists with the name {}",
                                        name));
  }
}

long max_records(const json::object& input, long fallback, long limit) {
  long n = int_member(input, "MaxRecords").value_or(fallback);
  if (n < 1 || n > limit) {
    validation(fmt::format("MaxRecords must be between 1 and {}", limit));
  }
  return n;
}

std::vector<Filter> read_filters(const json::object& input, bool (*known)(std::string_view name),
                                 std::string (*unknown_message)(std::string_view name)) {
  std::vector<Filter> filters;
  if (const auto* arr = aws::array_member(input, "Filters")) {
    for (const auto& f : *arr) {
      Filter filter{std::string(string_member(f.as_object(), "Name")), string_list(f.as_object(), "Values")};
      if (!known(filter.name)) {
        validation(unknown_message(filter.name));
      }
      filters.push_back(std::move(filter));
    }
  }
  return filters;
}

json::value create_auto_scaling_group(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  std::string name(string_member(input, "AutoScalingGroupName"));
  if (state.groups.count(name) != 0) {
    throw aws::ServiceError("AlreadyExists",
                            fmt::format("AutoScalingGroup by this name already exists - A group with the name {} "
                                        "already exists",
                                        name));
  }
  if (static_cast<long>(state.groups.size()) >= kMaxGroups) {
    throw aws::ServiceError("LimitExceeded",
                            fmt::format("You have reached your account limit of {} Auto Scaling groups.", kMaxGroups));
  }
  Group g;
  g.name = name;
  g.arn = fmt::format("arn:aws:autoscaling:{}:{}:autoScalingGroup:{}:autoScalingGroupName/{}", ctx.region,
                      ctx.account_id, random_uuid(), name);
  g.service_linked_role = fmt::format(
      "arn:aws:iam::{}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", ctx.account_id);
  g.created = now_seconds(ctx);
  g.min_size = int_member(input, "MinSize").value_or(0);
  g.max_size = int_member(input, "MaxSize").value_or(0);
  g.desired = int_member(input, "DesiredCapacity").value_or(g.min_size);
  check_sizes(g.min_size, g.max_size, g.desired);
  std::optional<LaunchConfiguration> made;
  apply_launch_source(ctx, input, g, true, &made);
  apply_placement(ctx, input, g, true);
  apply_settings(input, g);
  g.traffic_sources = traffic_sources_of(ctx.store(), input);
  for (auto& t : g.traffic_sources) {
    t.at_create = true;
  }
  if (const auto* tags = aws::array_member(input, "Tags")) {
    for (const auto& t : *tags) {
      const auto& o = t.as_object();
      const auto* p = o.if_contains("PropagateAtLaunch");
      g.tags.push_back({std::string(string_member(o, "Key")), std::string(string_member(o, "Value")),
                        p != nullptr && p->is_bool() && p->as_bool()});
    }
  }
  if (const auto* hooks = aws::array_member(input, "LifecycleHookSpecificationList")) {
    for (const auto& h : *hooks) {
      const auto& o = h.as_object();
      LifecycleHook hook{std::string(string_member(o, "LifecycleHookName")),
                         std::string(string_member(o, "LifecycleTransition")),
                         std::string(string_member(o, "DefaultResult", "ABANDON")),
                         int_member(o, "HeartbeatTimeout").value_or(3600),
                         std::string(string_member(o, "NotificationMetadata")),
                         std::string(string_member(o, "NotificationTargetARN")),
                         std::string(string_member(o, "RoleARN"))};
      check_hook_spec(hook);
      g.hooks.push_back(std::move(hook));
    }
  }
  g.change_cause =
      fmt::format("a user request created an AutoScalingGroup changing the desired capacity from 0 to {}", g.desired);
  g.change_time = g.created;
  if (made) {
    state.launch_configurations.emplace(made->name, std::move(*made));
  }
  Group& stored = state.groups.emplace(name, std::move(g)).first->second;
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, stored, now_seconds(ctx));
  elbv2::mark_snapshot_changed(ctx);
  return json::object{};
}

json::value describe_auto_scaling_groups(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  std::vector<std::string> names = string_list(input, "AutoScalingGroupNames");
  long limit = max_records(input, 50, 100);
  aws::Pager pager = pager_of(input, limit);
  std::vector<Filter> filters = read_filters(
      input,
      [](std::string_view name) { return name == "tag-key" || name == "tag-value" || name.rfind("tag:", 0) == 0; },
      [](std::string_view name) {
        return fmt::format("The filter name '{}' is not valid. Valid filter names are: tag-key, tag-value, tag:<key>.",
                           name);
      });
  auto wanted = [&](const auto& entry) {
    const auto& [name, g] = entry;
    if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
      return false;
    }
    return std::all_of(filters.begin(), filters.end(), [&](const Filter& f) {
      return std::any_of(g.tags.begin(), g.tags.end(), [&](const GroupTag& t) {
        auto in = [&](const std::string& v) {
          return std::find(f.values.begin(), f.values.end(), v) != f.values.end();
        };
        if (f.name == "tag-key") {
          return in(t.key);
        }
        if (f.name == "tag-value") {
          return in(t.value);
        }
        return t.key == f.name.substr(4) && in(t.value);
      });
    });
  };
  json::object result{{"AutoScalingGroups", pager.take(state.groups, aws::first_key, wanted,
                                                       [](const auto& entry) { return group_json(entry.second); })}};
  pager.finish(result, "NextToken");
  return result;
}

json::value update_auto_scaling_group(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  auto found = state.groups.find(std::string(string_member(input, "AutoScalingGroupName")));
  if (found == state.groups.end()) {
    validation("AutoScalingGroup name not found - null");  // AWS's wording for UpdateAutoScalingGroup
  }
  Group& g = found->second;
  Group updated = g;
  updated.min_size = int_member(input, "MinSize").value_or(g.min_size);
  updated.max_size = int_member(input, "MaxSize").value_or(g.max_size);
  if (has_member(input, "DesiredCapacity")) {
    updated.desired = *int_member(input, "DesiredCapacity");
  } else {
    // A new min above (or max below) the current desired capacity moves it, as AWS does.
    updated.desired = std::clamp(g.desired, updated.min_size, std::max(updated.min_size, updated.max_size));
  }
  check_sizes(updated.min_size, updated.max_size, updated.desired);
  apply_launch_source(ctx, input, updated, false);
  apply_placement(ctx, input, updated, false);
  apply_settings(input, updated);
  double now = now_seconds(ctx);
  if (updated.desired != g.desired || updated.min_size != g.min_size || updated.max_size != g.max_size) {
    updated.change_cause = fmt::format(
        "a user request update of AutoScalingGroup constraints to min: {}, max: {}, desired: {} changing the desired "
        "capacity from {} to {}",
        updated.min_size, updated.max_size, updated.desired, g.desired, updated.desired);
    updated.change_time = now;
  }
  g = std::move(updated);
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, g, now);
  return json::object{};
}

json::value delete_auto_scaling_group(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  Group& g = require_group(state, string_member(input, "AutoScalingGroupName"));
  const auto* force = input.if_contains("ForceDelete");
  bool forced = force != nullptr && force->is_bool() && force->as_bool();
  if (!forced) {
    if (!g.instances.empty()) {
      throw aws::ServiceError("ResourceInUse",
                              "You cannot delete an AutoScalingGroup while there are instances or pending Spot "
                              "instance request(s) still in the group.");
    }
    bool busy = std::any_of(state.activities.begin(), state.activities.end(),
                            [&](const Activity& a) { return a.group_name == g.name && a.status_code == "InProgress"; });
    if (busy) {
      throw aws::ServiceError("ScalingActivityInProgress",
                              "You cannot delete an AutoScalingGroup while there are scaling activities in progress "
                              "for that group.");
    }
  }
  double now = now_seconds(ctx);
  g.min_size = 0;
  g.max_size = 0;
  g.desired = 0;
  g.hooks.clear();
  for (auto& i : g.instances) {
    i.protected_from_scale_in = false;
  }
  g.change_cause = "a user request deleted the AutoScalingGroup";
  g.change_time = now;
  g.status = "Delete in progress";
  g.traffic_sources.clear();  // its instances leave every target group it had
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, g, now);
  elbv2::mark_snapshot_changed(ctx);
  std::string name = g.name;  // erase must not read the key from the node it destroys
  state.groups.erase(name);
  return json::object{};
}

json::value set_desired_capacity(aws::RequestContext& ctx, const json::object& input) {
  AutoScalingState& state = ctx.store().autoscaling;
  Group& g = require_group(state, string_member(input, "AutoScalingGroupName"));
  long desired = int_member(input, "DesiredCapacity").value_or(0);
  if (desired > g.max_size) {
    validation(fmt::format("New SetDesiredCapacity value {} is above max value {} for the AutoScalingGroup.", desired,
                           g.max_size));
  }
  if (desired < g.min_size) {
    validation(fmt::format("New SetDesiredCapacity value {} is below min value {} for the AutoScalingGroup.", desired,
                           g.min_size));
  }
  double now = now_seconds(ctx);
  const auto* honor = input.if_contains("HonorCooldown");
  if (honor != nullptr && honor->is_bool() && honor->as_bool() && g.last_scaling > 0 &&
      now < g.last_scaling + static_cast<double>(g.default_cooldown)) {
    throw aws::ServiceError("ScalingActivityInProgress",
                            fmt::format("Scaling activity is in progress for {} and blocks this action (the group is "
                                        "in its {} second cooldown).",
                                        g.name, g.default_cooldown));
  }
  if (desired != g.desired) {
    g.change_cause =
        fmt::format("a user request explicitly set group desired capacity changing the desired capacity from {} to {}",
                    g.desired, desired);
    g.change_time = now;
    g.desired = desired;
  }
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, g, now);
  return json::object{};
}

}  // namespace ecsemu::autoscaling
