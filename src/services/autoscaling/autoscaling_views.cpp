#include "services/autoscaling/autoscaling_views.hpp"

#include "ecsemu/json_strings.hpp"

#include <boost/json/array.hpp>

namespace ecsemu::autoscaling {

namespace json = boost::json;

namespace {

json::object template_ref_json(const LaunchTemplateRef& ref) {
  json::object out{{"LaunchTemplateId", ref.id}, {"LaunchTemplateName", ref.name}};
  if (ref.version_given) {
    out["Version"] = ref.version;  // AWS leaves Version out when the request named none
  }
  return out;
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    out += out.empty() ? v : "," + v;
  }
  return out;
}

}  // namespace

json::object group_instance_json(const Group& group, const GroupInstance& i, bool with_group) {
  json::object out{{"InstanceId", i.id},
                   {"InstanceType", i.instance_type},
                   {"AvailabilityZone", i.availability_zone},
                   {"LifecycleState", i.lifecycle_state},
                   {"HealthStatus", with_group ? (i.health_status == "Healthy" ? "HEALTHY" : "UNHEALTHY")
                                               : std::string_view(i.health_status)},
                   {"ProtectedFromScaleIn", i.protected_from_scale_in}};
  if (!i.launch_template.id.empty()) {
    out["LaunchTemplate"] = template_ref_json(i.launch_template);
  }
  if (!i.launch_configuration.empty()) {
    out["LaunchConfigurationName"] = i.launch_configuration;
  }
  if (with_group) {
    out["AutoScalingGroupName"] = group.name;
  }
  return out;
}

json::object group_json(const Group& g) {
  json::array instances;
  for (const auto& i : g.instances) {
    instances.push_back(group_instance_json(g, i, false));
  }
  json::array tags;
  for (const auto& t : g.tags) {
    tags.push_back(tag_json(g, t));
  }
  json::array traffic;
  for (const auto& t : g.traffic_sources) {
    traffic.push_back(json::object{{"Identifier", t.identifier}, {"Type", t.type}});
  }
  json::array suspended;
  for (const auto& p : g.suspended_processes) {
    suspended.push_back(json::object{
        {"ProcessName", p},
        {"SuspensionReason",
         "User suspended at " + cause_time(g.suspended_at.count(p) != 0 ? g.suspended_at.at(p) : g.created)}});
  }
  json::object out{{"AutoScalingGroupName", g.name},
                   {"AutoScalingGroupARN", g.arn},
                   {"MinSize", g.min_size},
                   {"MaxSize", g.max_size},
                   {"DesiredCapacity", g.desired},
                   {"DefaultCooldown", g.default_cooldown},
                   {"AvailabilityZones", string_array(g.availability_zones)},
                   {"LoadBalancerNames", string_array(traffic_of_type(g, "elb"))},
                   {"TargetGroupARNs", string_array(traffic_of_type(g, "elbv2"))},
                   {"HealthCheckType", g.health_check_type},
                   {"HealthCheckGracePeriod", g.health_check_grace_period},
                   {"Instances", std::move(instances)},
                   {"CreatedTime", g.created},
                   {"SuspendedProcesses", std::move(suspended)},
                   {"VPCZoneIdentifier", joined(g.subnets)},
                   {"EnabledMetrics", json::array{}},
                   {"Tags", std::move(tags)},
                   {"TerminationPolicies", string_array(g.termination_policies)},
                   {"NewInstancesProtectedFromScaleIn", g.new_instances_protected},
                   {"ServiceLinkedRoleARN", g.service_linked_role},
                   {"CapacityRebalance", g.capacity_rebalance},
                   {"TrafficSources", std::move(traffic)}};
  if (!g.launch_configuration.empty()) {
    out["LaunchConfigurationName"] = g.launch_configuration;
  }
  if (!g.launch_template.id.empty()) {
    out["LaunchTemplate"] = template_ref_json(g.launch_template);
  }
  if (!g.mixed_instances_policy.empty()) {
    out["MixedInstancesPolicy"] = g.mixed_instances_policy;
  }
  if (g.max_instance_lifetime > 0) {
    out["MaxInstanceLifetime"] = g.max_instance_lifetime;
  }
  if (!g.status.empty()) {
    out["Status"] = g.status;
  }
  return out;
}

json::object activity_json(const Activity& a, std::string_view group_arn) {
  json::object out{{"ActivityId", a.id},           {"AutoScalingGroupName", a.group_name},
                   {"Description", a.description}, {"Cause", a.cause},
                   {"StartTime", a.start},         {"StatusCode", a.status_code},
                   {"Progress", a.progress},       {"Details", a.details}};
  if (!group_arn.empty()) {
    out["AutoScalingGroupARN"] = group_arn;
  }
  if (a.end > 0) {
    out["EndTime"] = a.end;
  }
  if (!a.status_message.empty()) {
    out["StatusMessage"] = a.status_message;
  }
  return out;
}

json::object launch_configuration_json(const LaunchConfiguration& lc) {
  json::object out = lc.data;
  out["LaunchConfigurationName"] = lc.name;
  out["LaunchConfigurationARN"] = lc.arn;
  out["CreatedTime"] = lc.created;
  for (std::string_view list : {"SecurityGroups", "ClassicLinkVPCSecurityGroups", "BlockDeviceMappings"}) {
    if (!out.contains(list)) {
      out[list] = json::array{};
    }
  }
  for (std::string_view text : {"KeyName", "UserData", "KernelId", "RamdiskId"}) {
    if (!out.contains(text)) {
      out[text] = "";
    }
  }
  if (!out.contains("InstanceMonitoring")) {
    out["InstanceMonitoring"] = json::object{{"Enabled", true}};
  }
  if (!out.contains("EbsOptimized")) {
    out["EbsOptimized"] = false;
  }
  out.erase("InstanceId");
  return out;
}

json::object hook_json(const Group& g, const LifecycleHook& h) {
  json::object out{{"LifecycleHookName", h.name},
                   {"AutoScalingGroupName", g.name},
                   {"LifecycleTransition", h.transition},
                   {"HeartbeatTimeout", h.heartbeat_timeout},
                   {"GlobalTimeout", std::min<long>(h.heartbeat_timeout * 100, 172800)},
                   {"DefaultResult", h.default_result}};
  if (!h.notification_metadata.empty()) {
    out["NotificationMetadata"] = h.notification_metadata;
  }
  if (!h.notification_target_arn.empty()) {
    out["NotificationTargetARN"] = h.notification_target_arn;
  }
  if (!h.role_arn.empty()) {
    out["RoleARN"] = h.role_arn;
  }
  return out;
}

json::object tag_json(const Group& g, const GroupTag& t) {
  return json::object{{"ResourceId", g.name},
                      {"ResourceType", "auto-scaling-group"},
                      {"Key", t.key},
                      {"Value", t.value},
                      {"PropagateAtLaunch", t.propagate_at_launch}};
}

}  // namespace ecsemu::autoscaling
