// Instance operations: RunInstances, DescribeInstances, DescribeInstanceStatus, StartInstances, StopInstances,
// TerminateInstances, RebootInstances, ModifyInstanceAttribute, DescribeInstanceAttribute,
// ModifyInstanceMetadataOptions.
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "protocol/base64.hpp"
#include "services/ec2/ec2_filters.hpp"
#include "services/ec2/ec2_handlers.hpp"
#include "services/ec2/ec2_input.hpp"
#include "services/ec2/ec2_instance_types.hpp"
#include "services/ec2/ec2_instance_views.hpp"
#include "services/ec2/ec2_instances.hpp"
#include "services/ec2/ec2_launch_template_spec.hpp"
#include "services/ec2/ec2_network_views.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;

double now_of(const aws::RequestContext& ctx) {
  return std::chrono::duration<double>(ctx.now.time_since_epoch()).count();
}

state::RegionStore& current(aws::RequestContext& ctx) {
  state::RegionStore& store = ctx.store();
  ensure_defaults(store.ec2, ctx.region);
  if (advance_instances(store, ctx.account_id, ctx.region, now_of(ctx))) {
    ctx.changes.tasks = true;
  }
  return store;
}

namespace {

// RunInstances names an instance profile of the caller's account (by name or ARN), or AWS refuses the launch.
void check_instance_profile(const aws::RequestContext& ctx, const std::string& arn, const std::string& name) {
  if (arn.empty() && name.empty()) {
    return;
  }
  const iam::IamState* iam = ctx.world->find_iam(ctx.account_id);
  bool found = false;
  if (iam != nullptr && !arn.empty()) {
    found = std::any_of(iam->instance_profiles.begin(), iam->instance_profiles.end(),
                        [&](const auto& entry) { return entry.second.arn == arn; });
  } else if (iam != nullptr) {
    found = iam->find_instance_profile(name) != nullptr;
  }
  if (!found) {
    throw aws::ServiceError(
        "InvalidParameterValue",
        arn.empty() ? fmt::format("Value ({}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance "
                                  "Profile name",
                                  name)
                    : fmt::format("Value ({}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance "
                                  "Profile ARN",
                                  arn));
  }
}

void after_change(aws::RequestContext& ctx, state::RegionStore& store) {
  if (advance_instances(store, ctx.account_id, ctx.region, now_of(ctx))) {
    ctx.changes.tasks = true;
  }
}

bool well_formed_instance_id(std::string_view id) {
  return id.rfind("i-", 0) == 0 && (id.size() == 10 || id.size() == 19) &&
         std::all_of(id.begin() + 2, id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// The named instances, all of which must exist (InvalidInstanceID.Malformed / .NotFound as EC2 words them).
std::vector<Instance*> require_instances(state::RegionStore& store, const std::vector<std::string>& ids) {
  std::vector<Instance*> out;
  std::vector<std::string> missing;
  for (const auto& id : ids) {
    if (!well_formed_instance_id(id)) {
      throw aws::ServiceError("InvalidInstanceID.Malformed", fmt::format("Invalid id: \"{}\"", id));
    }
    Instance* instance = find_instance(store.ec2.instances, id);
    if (instance == nullptr) {
      missing.push_back(id);
    } else {
      out.push_back(instance);
    }
  }
  if (missing.size() == 1) {
    throw aws::ServiceError("InvalidInstanceID.NotFound",
                            fmt::format("The instance ID '{}' does not exist", missing.front()));
  }
  if (!missing.empty()) {
    throw aws::ServiceError("InvalidInstanceID.NotFound",
                            fmt::format("The instance IDs '{}' do not exist", fmt::join(missing, ", ")));
  }
  return out;
}

// DescribeInstances and DescribeInstanceStatus take MaxResults 5..1000, and not together with InstanceIds.
void check_max_results(const json::object& input) {
  auto max = int_member(input, "MaxResults");
  if (!max) {
    return;
  }
  if (!string_list(input, "InstanceIds").empty()) {
    throw aws::ServiceError("InvalidParameterCombination",
                            "The parameter instancesSet cannot be used with the parameter maxResults");
  }
  if (*max < 5 || *max > 1000) {
    throw aws::ServiceError("InvalidParameterValue",
                            fmt::format("Value ( {} ) for parameter maxResults is invalid. Expecting a value between 5 "
                                        "and 1000.",
                                        *max));
  }
}

std::vector<std::string> required_ids(const json::object& input) {
  std::vector<std::string> ids = string_list(input, "InstanceIds");
  if (ids.empty()) {
    throw aws::ServiceError("MissingParameter", "The request must contain the parameter InstanceId");
  }
  return ids;
}

void override_with(std::string& target, std::string value) {
  if (!value.empty()) {
    target = std::move(value);
  }
}

json::value run_instances(aws::RequestContext& ctx, const json::object& input) {
  state::RegionStore& store = current(ctx);
  NetworkState& net = store.ec2.network;
  InstanceLaunchSpec spec;
  if (const auto* lt = input.if_contains("LaunchTemplate")) {
    spec = resolve_launch_spec(store.launch_templates, *lt);
  }
  // Explicit request members override the launch template's.
  override_with(spec.image_id, string_member(input, "ImageId"));
  if (spec.image_id.empty()) {
    spec.image_id = required(input, "ImageId");
  }
  override_with(spec.instance_type, string_member(input, "InstanceType"));
  override_with(spec.subnet_id, string_member(input, "SubnetId"));
  override_with(spec.key_name, string_member(input, "KeyName"));
  override_with(spec.user_data, string_member(input, "UserData"));
  if (const auto* placement = input.if_contains("Placement"); placement != nullptr && placement->is_object()) {
    override_with(spec.availability_zone, string_member(placement->as_object(), "AvailabilityZone"));
  }
  if (const auto* profile = input.if_contains("IamInstanceProfile"); profile != nullptr && profile->is_object()) {
    std::string arn = string_member(profile->as_object(), "Arn");
    std::string name = string_member(profile->as_object(), "Name");
    check_instance_profile(ctx, arn, name);
    override_with(spec.iam_instance_profile, arn.empty() ? name : arn);
  }
  if (const auto* options = input.if_contains("MetadataOptions"); options != nullptr && options->is_object()) {
    for (const auto& [key, value] : options->as_object()) {
      spec.metadata_options[key] = value;
    }
  }
  std::vector<std::string> groups = string_list(input, "SecurityGroupIds");
  if (const auto* enis = input.if_contains("NetworkInterfaces");
      enis != nullptr && enis->is_array() && !enis->as_array().empty() && enis->as_array().front().is_object()) {
    const auto& first = enis->as_array().front().as_object();
    if (string_member(input, "SubnetId").empty()) {
      override_with(spec.subnet_id, string_member(first, "SubnetId"));
    }
    for (const auto& g : string_list(first, "Groups")) {
      groups.push_back(g);
    }
  }
  std::vector<std::string> names = string_list(input, "SecurityGroups");
  if (!groups.empty() || !names.empty()) {
    spec.security_group_ids = std::move(groups);
  }
  if (!names.empty()) {
    std::string vpc_id = net.default_vpc_id;
    if (const Subnet* subnet = find_subnet(net, spec.subnet_id)) {
      vpc_id = subnet->vpc_id;
    }
    for (const auto& name : names) {
      const SecurityGroup* group = find_group_by_name(net, vpc_id, name);
      if (group == nullptr) {
        throw aws::ServiceError("InvalidGroup.NotFound",
                                fmt::format("The security group '{}' does not exist in VPC '{}'", name, vpc_id));
      }
      spec.security_group_ids.push_back(group->id);
    }
  }
  TagMap tags = tag_specifications(input, "instance", {"volume", "network-interface"});
  for (const auto& [key, value] : tag_specifications(input, "volume", {"instance", "network-interface"})) {
    spec.volume_tags.emplace_back(key, value);
  }
  if (const auto* mappings = aws::array_member(input, "BlockDeviceMappings"); mappings != nullptr) {
    spec.block_device_mappings = *mappings;
  }
  // Request tags are added to the template's; a key given in both takes the request's value.
  for (const auto& [key, value] : tags) {
    auto same = [&key](const auto& kv) { return kv.first == key; };
    spec.tags.erase(std::remove_if(spec.tags.begin(), spec.tags.end(), same), spec.tags.end());
    spec.tags.emplace_back(key, value);
  }
  if (!spec.launch_template_id.empty()) {
    // EC2 tags instances launched from a template with the template and version.
    spec.tags.emplace_back("aws:ec2launchtemplate:id", spec.launch_template_id);
    spec.tags.emplace_back("aws:ec2launchtemplate:version", spec.launch_template_version);
  }
  auto min_count = int_member(input, "MinCount").value_or(0);
  auto max_count = int_member(input, "MaxCount").value_or(0);
  if (min_count < 1 || max_count < 1) {
    throw aws::ServiceError("InvalidParameterValue", fmt::format("Invalid value '{}' for {}. Must be at least 1.",
                                                                 min_count < 1 ? min_count : max_count,
                                                                 min_count < 1 ? "minCount" : "maxCount"));
  }
  if (min_count > max_count) {
    throw aws::ServiceError("InvalidParameterValue",
                            fmt::format("Invalid value '{}' for minCount. Must be less than or equal to maxCount '{}'.",
                                        min_count, max_count));
  }
  if (max_count > 100) {
    throw aws::ServiceError("InstanceLimitExceeded",
                            fmt::format("You have requested more instances ({}) than your current instance limit of "
                                        "100 allows for the specified instance type.",
                                        max_count));
  }
  if (bool_member(input, "DryRun")) {
    // Validate everything first, as EC2 does, by launching into a scratch copy.
    state::RegionStore scratch;
    scratch.ec2 = store.ec2;
    launch_instances(scratch, ctx.account_id, ctx.region, spec, static_cast<int>(min_count), now_of(ctx));
    check_dry_run(input);
  }
  std::vector<std::string> ids =
      launch_instances(store, ctx.account_id, ctx.region, spec, static_cast<int>(max_count), now_of(ctx));
  std::string token = string_member(input, "ClientToken");
  json::array instances;
  std::string reservation;
  for (const auto& id : ids) {
    Instance* instance = find_instance(store.ec2.instances, id);
    instance->client_token = token;
    reservation = instance->reservation_id;
    instances.push_back(instance_view(*instance, net, ctx.account_id, ctx.region));
  }
  return json::object{{"ReservationId", reservation},
                      {"OwnerId", ctx.account_id},
                      {"Groups", json::array{}},
                      {"Instances", std::move(instances)}};
}

std::vector<std::string> instance_filter_values(const Instance& instance, const NetworkState& net, std::string_view f,
                                                std::string_view account, std::string_view region) {
  if (auto tags = tag_filter_values(instance.tags, f)) {
    return *tags;
  }
  if (f == "availability-zone") return {instance.availability_zone};
  if (f == "image-id") return {instance.image_id};
  if (f == "instance-id") return {instance.id};
  if (f == "instance-state-code") return {std::to_string(state_code(instance.state))};
  if (f == "instance-state-name") return {std::string(state_name(instance.state))};
  if (f == "instance-type") return {instance.instance_type};
  if (f == "key-name") return {instance.key_name};
  if (f == "architecture") return {instance.architecture};
  if (f == "reservation-id") return {instance.reservation_id};
  if (f == "owner-id") return {std::string(account)};
  if (f == "launch-index") return {std::to_string(instance.ami_launch_index)};
  if (f == "iam-instance-profile.arn") {
    return instance.iam_instance_profile.empty()
               ? std::vector<std::string>{}
               : std::vector<std::string>{instance_profile_arn(instance.iam_instance_profile, account)};
  }
  if (f == "state-reason-code") return {instance.state_reason_code};
  if (f == "source-dest-check" || f == "network-interface.source-dest-check") {
    return {instance.source_dest_check ? "true" : "false"};
  }
  if (instance.state == InstanceStateName::Terminated) {
    return {};
  }
  if (f == "dns-name") {
    return instance.public_ip.empty() ? std::vector<std::string>{}
                                      : std::vector<std::string>{public_dns_name(instance.public_ip, region)};
  }
  if (f == "network-interface.private-dns-name") return {private_dns_name(instance.private_ip, region)};
  if (f == "private-ip-address" || f == "network-interface.addresses.private-ip-address") return {instance.private_ip};
  if (f == "private-dns-name") return {private_dns_name(instance.private_ip, region)};
  if (f == "ip-address")
    return instance.public_ip.empty() ? std::vector<std::string>{} : std::vector<std::string>{instance.public_ip};
  if (f == "subnet-id" || f == "network-interface.subnet-id") return {instance.subnet_id};
  if (f == "vpc-id" || f == "network-interface.vpc-id") return {instance.vpc_id};
  if (f == "network-interface.network-interface-id") return {instance.network_interface_id};
  if (f == "instance.group-id" || f == "network-interface.group-id") return instance.security_group_ids;
  std::vector<std::string> names;  // instance.group-name
  for (const auto& id : instance.security_group_ids) {
    if (auto it = net.security_groups.find(id); it != net.security_groups.end()) {
      names.push_back(it->second.name);
    }
  }
  return names;
}

json::value describe_instances(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  state::RegionStore& store = current(ctx);
  const NetworkState& net = store.ec2.network;
  FilterSet filters(input,
                    {"availability-zone",
                     "image-id",
                     "instance-id",
                     "instance-state-code",
                     "instance-state-name",
                     "instance-type",
                     "key-name",
                     "architecture",
                     "reservation-id",
                     "owner-id",
                     "launch-index",
                     "iam-instance-profile.arn",
                     "private-ip-address",
                     "network-interface.addresses.private-ip-address",
                     "private-dns-name",
                     "ip-address",
                     "subnet-id",
                     "network-interface.subnet-id",
                     "vpc-id",
                     "network-interface.vpc-id",
                     "network-interface.network-interface-id",
                     "instance.group-id",
                     "network-interface.group-id",
                     "instance.group-name",
                     "state-reason-code",
                     "source-dest-check",
                     "network-interface.source-dest-check",
                     "dns-name",
                     "network-interface.private-dns-name",
                     "tag-key",
                     "tag-value"},
                    true);
  check_max_results(input);
  std::vector<std::string> ids = string_list(input, "InstanceIds");
  require_instances(store, ids);
  std::vector<const Instance*> matched;
  for (const auto& [id, instance] : store.ec2.instances.instances) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      continue;
    }
    if (filters.matches(
            [&](std::string_view f) { return instance_filter_values(instance, net, f, ctx.account_id, ctx.region); })) {
      matched.push_back(&instance);
    }
  }
  // Grouped by reservation, instances by launch index.
  std::sort(matched.begin(), matched.end(), [](const Instance* a, const Instance* b) {
    return std::tie(a->reservation_id, a->ami_launch_index) < std::tie(b->reservation_id, b->ami_launch_index);
  });
  std::string next;
  auto page = paginate(
      matched, input,
      [](const Instance* i) { return fmt::format("{}/{:05d}", i->reservation_id, i->ami_launch_index); }, next);
  json::array reservations;
  for (std::size_t i = 0; i < page.size();) {
    std::size_t j = i;
    json::array instances;
    while (j < page.size() && page[j]->reservation_id == page[i]->reservation_id) {
      instances.push_back(instance_view(*page[j], net, ctx.account_id, ctx.region));
      ++j;
    }
    reservations.push_back(json::object{{"ReservationId", page[i]->reservation_id},
                                        {"OwnerId", ctx.account_id},
                                        {"Groups", json::array{}},
                                        {"Instances", std::move(instances)}});
    i = j;
  }
  json::object result{{"Reservations", std::move(reservations)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

json::value describe_instance_status(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  state::RegionStore& store = current(ctx);
  FilterSet filters(input, {"availability-zone", "instance-state-code", "instance-state-name", "instance-status.status",
                            "system-status.status", "instance-status.reachability", "system-status.reachability"});
  check_max_results(input);
  std::vector<std::string> ids = string_list(input, "InstanceIds");
  require_instances(store, ids);
  bool all = bool_member(input, "IncludeAllInstances");
  std::vector<const Instance*> matched;
  for (const auto& [id, instance] : store.ec2.instances.instances) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      continue;
    }
    bool running = instance.state == InstanceStateName::Running;
    if (!all && !running) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (f == "availability-zone") return {instance.availability_zone};
      if (f == "instance-state-code") return {std::to_string(state_code(instance.state))};
      if (f == "instance-state-name") return {std::string(state_name(instance.state))};
      if (f == "instance-status.status" || f == "system-status.status") return {running ? "ok" : "not-applicable"};
      return {running ? "passed" : "not-applicable"};
    });
    if (keep) {
      matched.push_back(&instance);
    }
  }
  std::string next;
  auto page = paginate(
      matched, input, [](const Instance* i) { return i->id; }, next);
  json::array out;
  for (const Instance* instance : page) {
    out.push_back(instance_status_view(*instance, ctx.region));
  }
  json::object result{{"InstanceStatuses", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

// Start, stop and terminate: `check` each instance (it throws AWS's error), then DryRun, then `move` each and
// answer `member` with the state changes; `after` reports the change to whoever acts on instances leaving.
template <typename Check, typename Move>
json::value change_states(aws::RequestContext& ctx, const json::object& input, const char* member, Check check,
                          Move move, bool after) {
  state::RegionStore& store = current(ctx);
  auto instances = require_instances(store, required_ids(input));
  for (const Instance* instance : instances) {
    check(*instance);
  }
  check_dry_run(input);
  json::array out;
  for (Instance* instance : instances) {
    auto previous = instance->state;
    move(store, instance->id, now_of(ctx));
    out.push_back(json::object{{"InstanceId", instance->id},
                               {"CurrentState", instance_state_view(instance->state)},
                               {"PreviousState", instance_state_view(previous)}});
  }
  if (after) {
    after_change(ctx, store);
  }
  return json::object{{member, std::move(out)}};
}

json::value start_instances(aws::RequestContext& ctx, const json::object& input) {
  auto check = [](const Instance& instance) {
    auto s = instance.state;
    if (s != InstanceStateName::Stopped && s != InstanceStateName::Pending && s != InstanceStateName::Running) {
      throw aws::ServiceError(
          "IncorrectInstanceState",
          fmt::format("The instance '{}' is not in a state from which it can be started.", instance.id));
    }
  };
  return change_states(ctx, input, "StartingInstances", check, start_instance, false);
}

json::value stop_instances(aws::RequestContext& ctx, const json::object& input) {
  auto check = [](const Instance& instance) {
    auto s = instance.state;
    if (s == InstanceStateName::ShuttingDown || s == InstanceStateName::Terminated) {
      throw aws::ServiceError(
          "IncorrectInstanceState",
          fmt::format("This instance '{}' is not in a state from which it can be stopped.", instance.id));
    }
    if (instance.disable_api_stop) {
      throw aws::ServiceError("OperationNotPermitted",
                              fmt::format("The instance '{}' may not be stopped. Modify its 'disableApiStop' instance "
                                          "attribute and try again.",
                                          instance.id));
    }
  };
  return change_states(ctx, input, "StoppingInstances", check, stop_instance, true);
}

json::value terminate_instances(aws::RequestContext& ctx, const json::object& input) {
  auto check = [](const Instance& instance) {
    if (instance.disable_api_termination) {
      throw aws::ServiceError("OperationNotPermitted",
                              fmt::format("The instance '{}' may not be terminated. Modify its 'disableApiTermination' "
                                          "instance attribute and try again.",
                                          instance.id));
    }
  };
  return change_states(ctx, input, "TerminatingInstances", check, terminate_instance, true);
}

json::value reboot_instances(aws::RequestContext& ctx, const json::object& input) {
  state::RegionStore& store = current(ctx);
  auto instances = require_instances(store, required_ids(input));
  for (Instance* instance : instances) {
    if (instance->state == InstanceStateName::Terminated || instance->state == InstanceStateName::ShuttingDown) {
      throw aws::ServiceError(
          "IncorrectInstanceState",
          fmt::format("The instance '{}' is not in a state from which it can be rebooted.", instance->id));
    }
  }
  check_dry_run(input);
  return json::object{};  // a reboot keeps the instance running (and its ECS registration)
}

std::optional<std::string> attribute_value(const json::object& input, std::string_view member) {
  const auto* v = input.if_contains(member);
  if (v == nullptr || !v->is_object()) {
    return std::nullopt;
  }
  return string_member(v->as_object(), "Value");
}

json::value modify_instance_attribute(aws::RequestContext& ctx, const json::object& input) {
  state::RegionStore& store = current(ctx);
  Instance& instance = *require_instances(store, {required(input, "InstanceId")}).front();
  std::string attribute = string_member(input, "Attribute");
  std::string value = string_member(input, "Value");
  auto type = attribute_value(input, "InstanceType");
  if (!type && attribute == "instanceType") {
    type = value;
  }
  auto user_data = attribute_value(input, "UserData");
  if (!user_data && attribute == "userData") {
    user_data = value;
  }
  auto must_be_stopped = [&](std::string_view what) {
    if (instance.state != InstanceStateName::Stopped) {
      throw aws::ServiceError("IncorrectInstanceState",
                              fmt::format("The instance '{}' is not in the 'stopped' state.", instance.id));
    }
    (void)what;
  };
  check_dry_run(input);
  if (type) {
    must_be_stopped("instanceType");
    if (find_instance_type(*type) == nullptr) {
      throw aws::ServiceError("InvalidInstanceAttributeValue",
                              fmt::format("Value ({}) for parameter instanceType is invalid.", *type));
    }
    instance.instance_type = *type;
    return json::object{};
  }
  if (user_data) {
    must_be_stopped("userData");
    instance.user_data = protocol::base64_encode(*user_data);  // the blob arrives decoded
    return json::object{};
  }
  if (auto v = attribute_bool(input, "DisableApiTermination")) {
    instance.disable_api_termination = *v;
    return json::object{};
  }
  if (auto v = attribute_bool(input, "DisableApiStop")) {
    instance.disable_api_stop = *v;
    return json::object{};
  }
  if (auto v = attribute_bool(input, "SourceDestCheck")) {
    instance.source_dest_check = *v;
    return json::object{};
  }
  if (auto v = attribute_value(input, "InstanceInitiatedShutdownBehavior")) {
    if (*v != "stop" && *v != "terminate") {
      throw aws::ServiceError(
          "InvalidParameterValue",
          fmt::format("Value ({}) for parameter instanceInitiatedShutdownBehavior is invalid.", *v));
    }
    instance.shutdown_behavior = *v;
    return json::object{};
  }
  std::vector<std::string> groups = string_list(input, "Groups");
  if (!groups.empty()) {
    NetworkState& net = store.ec2.network;
    for (const auto& id : groups) {
      auto it = net.security_groups.find(id);
      if (it == net.security_groups.end() || it->second.vpc_id != instance.vpc_id) {
        throw aws::ServiceError("InvalidGroup.NotFound", fmt::format("The security group '{}' does not exist", id));
      }
    }
    instance.security_group_ids = groups;
    if (auto it = net.network_interfaces.find(instance.network_interface_id); it != net.network_interfaces.end()) {
      it->second.security_group_ids = groups;
    }
    return json::object{};
  }
  throw aws::ServiceError("InvalidParameterCombination", "No attributes specified.");
}

json::value describe_instance_attribute(aws::RequestContext& ctx, const json::object& input) {
  state::RegionStore& store = current(ctx);
  std::string attribute = required(input, "Attribute");
  Instance& instance = *require_instances(store, {required(input, "InstanceId")}).front();
  check_dry_run(input);
  json::object out{{"InstanceId", instance.id}};
  if (attribute == "instanceType") {
    out["InstanceType"] = json::object{{"Value", instance.instance_type}};
  } else if (attribute == "userData") {
    out["UserData"] = instance.user_data.empty() ? json::object{} : json::object{{"Value", instance.user_data}};
  } else if (attribute == "disableApiTermination") {
    out["DisableApiTermination"] = json::object{{"Value", instance.disable_api_termination}};
  } else if (attribute == "disableApiStop") {
    out["DisableApiStop"] = json::object{{"Value", instance.disable_api_stop}};
  } else if (attribute == "sourceDestCheck") {
    out["SourceDestCheck"] = json::object{{"Value", instance.source_dest_check}};
  } else if (attribute == "instanceInitiatedShutdownBehavior") {
    out["InstanceInitiatedShutdownBehavior"] = json::object{{"Value", instance.shutdown_behavior}};
  } else if (attribute == "rootDeviceName") {
    out["RootDeviceName"] = json::object{{"Value", "/dev/xvda"}};
  } else if (attribute == "ebsOptimized") {
    out["EbsOptimized"] = json::object{{"Value", false}};
  } else if (attribute == "enaSupport") {
    out["EnaSupport"] = json::object{{"Value", true}};
  } else if (attribute == "groupSet") {
    json::array groups;
    for (const auto& id : instance.security_group_ids) {
      auto it = store.ec2.network.security_groups.find(id);
      groups.push_back(json::object{
          {"GroupId", id}, {"GroupName", it == store.ec2.network.security_groups.end() ? "" : it->second.name}});
    }
    out["Groups"] = std::move(groups);
  } else {
    throw aws::ServiceError(
        "InvalidParameterValue",
        fmt::format("Value ({}) for parameter attribute is invalid. Unsupported attribute.", attribute));
  }
  return out;
}

json::value modify_instance_metadata_options(aws::RequestContext& ctx, const json::object& input) {
  state::RegionStore& store = current(ctx);
  Instance& instance = *require_instances(store, {required(input, "InstanceId")}).front();
  check_dry_run(input);
  apply_metadata_options(instance, input);
  json::object options = metadata_options_view(instance);
  // The change is still being applied when the call returns.
  options["State"] = "pending";
  return json::object{{"InstanceId", instance.id}, {"InstanceMetadataOptions", std::move(options)}};
}

}  // namespace

void register_instance_operations(aws::OperationRegistry& registry) {
  registry.add("ec2", "RunInstances", &run_instances);
  registry.add("ec2", "DescribeInstances", &describe_instances);
  registry.add("ec2", "DescribeInstanceStatus", &describe_instance_status);
  registry.add("ec2", "StartInstances", &start_instances);
  registry.add("ec2", "StopInstances", &stop_instances);
  registry.add("ec2", "TerminateInstances", &terminate_instances);
  registry.add("ec2", "RebootInstances", &reboot_instances);
  registry.add("ec2", "ModifyInstanceAttribute", &modify_instance_attribute);
  registry.add("ec2", "DescribeInstanceAttribute", &describe_instance_attribute);
  registry.add("ec2", "ModifyInstanceMetadataOptions", &modify_instance_metadata_options);
}

}  // namespace ecsemu::ec2
