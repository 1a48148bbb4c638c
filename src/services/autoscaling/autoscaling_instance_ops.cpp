#include "services/autoscaling/autoscaling_instance_ops.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_instances.hpp"
#include "services/ec2/ec2_launch_template_spec.hpp"
#include "state/world.hpp"

namespace ecsemu::autoscaling {

namespace json = boost::json;
using namespace aws::members;

namespace {

std::string details(std::string_view subnet, std::string_view zone) {
  return fmt::format("{{\"Subnet ID\":\"{}\",\"Availability Zone\":\"{}\"}}", subnet, zone);
}

// The subnet for a zone: the group's subnet in it, else the zone's default subnet.
std::string subnet_for(const state::RegionStore& store, const Group& group, const std::string& zone) {
  for (const auto& id : group.subnets) {
    const ec2::Subnet* s = ec2::find_subnet(store.ec2.network, id);
    if (s != nullptr && s->availability_zone == zone) {
      return id;
    }
  }
  for (const ec2::Subnet* s : ec2::default_subnets(store.ec2.network)) {
    if (s->availability_zone == zone) {
      return s->id;
    }
  }
  return {};
}

}  // namespace

namespace {

ec2::InstanceLaunchSpec launch_spec_for(state::RegionStore& store, const Group& group, LaunchTemplateRef& used,
                                        std::string& used_configuration) {
  ec2::InstanceLaunchSpec spec;
  if (!group.launch_configuration.empty()) {
    auto it = store.autoscaling.launch_configurations.find(group.launch_configuration);
    if (it == store.autoscaling.launch_configurations.end()) {
      throw aws::ServiceError("ValidationError",
                              fmt::format("Launch configuration {} not found", group.launch_configuration));
    }
    const json::object& data = it->second.data;
    spec.image_id = std::string(string_member(data, "ImageId"));
    spec.instance_type = std::string(string_member(data, "InstanceType"));
    spec.key_name = std::string(string_member(data, "KeyName"));
    spec.user_data = std::string(string_member(data, "UserData"));
    spec.iam_instance_profile = std::string(string_member(data, "IamInstanceProfile"));
    for (auto& sg : string_list(data, "SecurityGroups")) {
      spec.security_group_ids.push_back(std::move(sg));
    }
    if (const auto* mappings = aws::array_member(data, "BlockDeviceMappings"); mappings != nullptr) {
      spec.block_device_mappings = *mappings;
    }
    used_configuration = group.launch_configuration;
  } else {
    ec2::LaunchTemplate* lt = store.launch_templates.find_by_id(group.launch_template.id);
    if (lt == nullptr) {
      throw aws::ServiceError(
          "InvalidLaunchTemplateId.NotFound",
          fmt::format("The specified launch template, with template ID {}, does not exist.", group.launch_template.id));
    }
    const ec2::LaunchTemplateVersion& v = ec2::require_version(*lt, group.launch_template.version);
    spec = ec2::launch_spec_from_template(*lt, v);
    used = group.launch_template;
    used.version = std::to_string(v.number);  // instances report the version number they were launched from
    used.version_given = true;
    // MixedInstancesPolicy: the first override's instance type replaces the template's.
    if (const auto* lt_policy = group.mixed_instances_policy.if_contains("LaunchTemplate");
        lt_policy != nullptr && lt_policy->is_object()) {
      if (const auto* overrides = aws::array_member(lt_policy->as_object(), "Overrides");
          overrides != nullptr && !overrides->empty() && overrides->front().is_object()) {
        std::string_view type = string_member(overrides->front().as_object(), "InstanceType");
        if (!type.empty()) {
          spec.instance_type = std::string(type);
        }
      }
    }
  }
  for (const auto& t : group.tags) {
    if (t.propagate_at_launch) {
      spec.tags.emplace_back(t.key, t.value);
    }
  }
  spec.tags.emplace_back("aws:autoscaling:groupName", group.name);
  return spec;
}

}  // namespace

bool launch_one(state::RegionStore& store, std::string_view account, std::string_view region, Group& group,
                const std::string& zone, const std::string& cause, double now) {
  AutoScalingState& state = store.autoscaling;
  std::string subnet = subnet_for(store, group, zone);
  GroupInstance instance;
  try {
    ec2::InstanceLaunchSpec spec =
        launch_spec_for(store, group, instance.launch_template, instance.launch_configuration);
    spec.subnet_id = subnet;
    spec.availability_zone = zone;
    std::vector<std::string> ids = ec2::launch_instances(store, account, region, spec, 1, now);
    if (ids.empty()) {
      return false;
    }
    instance.id = ids.front();
    instance.instance_type = spec.instance_type;
    instance.image_id = spec.image_id;
  } catch (const aws::ServiceError& e) {
    Activity& a = record_activity(state, group, "Launching a new EC2 instance.  Status Reason: " + e.message(), cause,
                                  now, "Failed");
    a.status_message = e.message();
    a.details = details(subnet, zone);
    return false;
  }
  instance.availability_zone = zone;
  instance.launched = now;
  instance.protected_from_scale_in = group.new_instances_protected;
  Activity& a = record_activity(state, group, fmt::format("Launching a new EC2 instance: {}", instance.id), cause, now,
                                "InProgress");
  a.details = details(subnet, zone);
  a.progress = 20;
  instance.activity_id = a.id;
  group.instances.push_back(std::move(instance));
  return true;
}

GroupInstance adopt_instance(state::RegionStore& store, const Group& group, std::string_view instance_id, double now) {
  const ec2::Instance* e = ec2::find_instance(store.ec2.instances, instance_id);
  if (e == nullptr) {
    throw aws::ServiceError("ValidationError", fmt::format("Instance ID(s) are not valid: {}", instance_id));
  }
  if (e->state != ec2::InstanceStateName::Running && e->state != ec2::InstanceStateName::Pending) {
    throw aws::ServiceError("ValidationError",
                            fmt::format("Instance {} is not in correct state. Instances must be in the running state "
                                        "to be attached.",
                                        instance_id));
  }
  if (std::find(group.availability_zones.begin(), group.availability_zones.end(), e->availability_zone) ==
      group.availability_zones.end()) {
    throw aws::ServiceError(
        "ValidationError",
        fmt::format("Instance {} is not in an Availability Zone of Auto Scaling group {}.", instance_id, group.name));
  }
  GroupInstance i;
  i.id = std::string(instance_id);
  i.availability_zone = e->availability_zone;
  i.instance_type = e->instance_type;
  i.image_id = e->image_id;
  i.lifecycle_state = e->state == ec2::InstanceStateName::Running ? "InService" : "Pending";
  i.launched = now;
  i.launch_template = group.launch_template;
  i.launch_configuration = group.launch_configuration;
  return i;
}

Activity& begin_termination(state::RegionStore& store, Group& group, GroupInstance& instance, std::string cause,
                            double now) {
  Activity& a = record_activity(store.autoscaling, group, fmt::format("Terminating EC2 instance: {}", instance.id),
                                std::move(cause), now, "InProgress");
  a.details = details("", instance.availability_zone);
  a.progress = 0;
  instance.activity_id = a.id;
  const LifecycleHook* hook = find_hook(group, "autoscaling:EC2_INSTANCE_TERMINATING");
  if (hook != nullptr) {
    instance.lifecycle_state = "Terminating:Wait";
    instance.action_hook = hook->name;
    instance.action_token = random_uuid();
    instance.action_deadline = now + static_cast<double>(hook->heartbeat_timeout);
    instance.action_result.clear();
    a.status_code = "InProgress";
    return a;
  }
  instance.lifecycle_state = "Terminating";
  ec2::terminate_instance(store, instance.id, now);
  return a;
}

}  // namespace ecsemu::autoscaling
