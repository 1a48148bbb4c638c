// Container instance operations: RegisterContainerInstance, DeregisterContainerInstance,
// DescribeContainerInstances, ListContainerInstances, UpdateContainerInstancesState, UpdateContainerAgent.
#include "services/ecs/ecs_container_instance_handlers.hpp"

#include <charconv>

#include <fmt/format.h>
#include <boost/json/parse.hpp>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_instance_types.hpp"
#include "services/ecs/ecs_container_instance_filter.hpp"
#include "services/ecs/ecs_container_instance_views.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_service_handlers.hpp"
#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

std::int64_t resource_number(const json::object& resource) {
  for (const char* member : {"integerValue", "longValue"}) {
    if (const auto* v = resource.if_contains(member); v != nullptr && v->is_int64() && v->as_int64() != 0) {
      return v->as_int64();
    }
  }
  if (const auto* v = resource.if_contains("doubleValue"); v != nullptr && v->is_double()) {
    return static_cast<std::int64_t>(v->as_double());
  }
  return 0;
}

std::vector<int> resource_ports(const json::object& resource) {
  std::vector<int> ports;
  for (const auto& item : string_list(resource, "stringSetValue")) {
    int port = -1;
    auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), port);
    if (ec != std::errc() || ptr != item.data() + item.size() || port < 0 || port > 65535) {
      throw aws::ServiceError("InvalidParameterException",
                              fmt::format("The port '{}' in the {} resource is not a valid port number.", item,
                                          string_member(resource, "name")));
    }
    ports.push_back(port);
  }
  return ports;
}

void read_identity_document(const json::object& input, InstanceFacts& facts) {
  std::string_view text = string_member(input, "instanceIdentityDocument");
  if (text.empty()) {
    return;
  }
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object()) {
    throw aws::ServiceError("InvalidParameterException", "The instance identity document is not valid JSON.");
  }
  const auto& obj = doc.as_object();
  facts.ec2_instance_id = string_member(obj, "instanceId");
  facts.instance_type = string_member(obj, "instanceType");
  facts.availability_zone = string_member(obj, "availabilityZone");
  facts.ami_id = string_member(obj, "imageId");
  facts.cpu_architecture = string_member(obj, "architecture");
}

InstanceFacts facts_from_request(aws::RequestContext& ctx, const json::object& input) {
  InstanceFacts facts;
  read_identity_document(input, facts);
  if (const auto* resources = array_member(input, "totalResources")) {
    for (const auto& item : *resources) {
      const auto& resource = item.as_object();
      std::string_view name = string_member(resource, "name");
      if (name == "CPU" || name == "MEMORY") {
        std::int64_t amount = resource_number(resource);
        if (amount < 0) {
          throw aws::ServiceError("InvalidParameterException",
                                  fmt::format("The {} resource must not be negative.", name));
        }
        (name == "CPU" ? facts.cpu : facts.memory) = amount;
      } else if (name == "PORTS") {
        facts.tcp_ports = resource_ports(resource);
      } else if (name == "PORTS_UDP") {
        facts.udp_ports = resource_ports(resource);
      } else {
        facts.extra_resources.push_back(resource);
      }
    }
  }
  // Without totalResources, what the ECS agent would have registered for the identity document's instance
  // type: its vCPUs x 1024 CPU units and the memory the kernel reports (ECS_RESERVED_MEMORY 0).
  if (array_member(input, "totalResources") == nullptr && !facts.instance_type.empty()) {
    if (const ec2::InstanceTypeInfo* type = ec2::find_instance_type(facts.instance_type)) {
      facts.cpu = static_cast<std::int64_t>(type->vcpus) * 1024;
      facts.memory = ec2::ecs_registered_memory(*type, 0);
    }
  }
  if (const auto* attributes = array_member(input, "attributes")) {
    for (const auto& item : *attributes) {
      const auto& attribute = item.as_object();
      std::string name(string_member(attribute, "name"));
      if (!valid_attribute_name(name)) {
        throw aws::ServiceError("InvalidParameterException",
                                fmt::format("The attribute name '{}' is not valid.", name));
      }
      facts.attributes[name] =
          has_member(attribute, "value") ? std::optional<std::string>(string_member(attribute, "value")) : std::nullopt;
    }
  }
  if (const auto* info = input.if_contains("versionInfo"); info != nullptr && info->is_object()) {
    facts.agent_version = string_member(info->as_object(), "agentVersion");
    facts.agent_hash = string_member(info->as_object(), "agentHash");
    facts.docker_version = string_member(info->as_object(), "dockerVersion");
  }
  if (const auto* devices = array_member(input, "platformDevices")) {
    facts.platform_devices = *devices;
  }
  facts.tags = parse_tags(input);
  facts.registered_at = std::chrono::duration<double>(ctx.now.time_since_epoch()).count();
  return facts;
}

ContainerInstance& require_instance(EcsState& state, const Cluster& cluster, std::string_view identifier) {
  ContainerInstance* instance = find_container_instance(state, cluster.arn, identifier);
  if (instance == nullptr) {
    throw aws::ServiceError(
        "InvalidParameterException",
        fmt::format("The referenced container instance '{}' was not found in cluster '{}'.", identifier, cluster.name));
  }
  return *instance;
}

std::string missing_arn(aws::RequestContext& ctx, const Cluster& cluster, const std::string& identifier) {
  return identifier.rfind("arn:", 0) == 0
             ? identifier
             : container_instance_arn(ctx.region, ctx.account_id, cluster.name, identifier);
}

std::vector<std::string> subject_values(const EcsState& state, const ContainerInstance& instance,
                                        std::string_view subject) {
  if (subject.rfind("attribute:", 0) == 0) {
    auto it = instance.attributes.find(std::string(subject.substr(10)));
    if (it == instance.attributes.end()) {
      return {};
    }
    return {it->second.value_or("")};
  }
  if (subject == "agentConnected") {
    return {instance.agent_connected ? "true" : "false"};
  }
  if (subject == "agentVersion") {
    return instance.agent_version.empty() ? std::vector<std::string>{}
                                          : std::vector<std::string>{instance.agent_version};
  }
  if (subject == "ec2InstanceId") {
    return instance.ec2_instance_id.empty() ? std::vector<std::string>{}
                                            : std::vector<std::string>{instance.ec2_instance_id};
  }
  if (subject == "registeredAt") {
    return {fmt::format("{}", instance.registered_at)};
  }
  if (subject == "runningTasksCount") {
    return {std::to_string(task_counts_on_instance(state, instance.arn).first)};
  }
  if (subject == "task:group") {
    std::vector<std::string> groups;
    for (const auto& id : task_ids_on_instance(state.tasks, instance.arn)) {
      const Task& task = state.tasks.tasks.at(id);
      if (task.last_status != "STOPPED" && !task.group.empty()) {
        groups.push_back(task.group);
      }
    }
    return groups;
  }
  return {};
}

}  // namespace

std::size_t page_limit(const json::object& input, std::size_t max, std::size_t fallback) {
  if (const auto* v = input.if_contains("maxResults"); v != nullptr && v->is_int64()) {
    if (v->as_int64() < 1 || v->as_int64() > static_cast<std::int64_t>(max)) {
      throw aws::ServiceError("InvalidParameterException", fmt::format("maxResults must be between 1 and {}.", max));
    }
    return static_cast<std::size_t>(v->as_int64());
  }
  return fallback;
}

json::value register_container_instance(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster_for_work(state, input);
  InstanceFacts facts = facts_from_request(ctx, input);
  std::string_view existing_arn = string_member(input, "containerInstanceArn");
  if (!existing_arn.empty()) {
    // The agent re-registering after a restart: same instance, refreshed resources and versions.
    ContainerInstance* instance = find_container_instance(state, cluster.arn, existing_arn);
    if (instance == nullptr || instance->status == "INACTIVE") {
      throw aws::ServiceError("ClientException",
                              fmt::format("The container instance '{}' is not registered with cluster '{}' or is "
                                          "INACTIVE; register it as a new container instance.",
                                          existing_arn, cluster.name));
    }
    instance->registered_cpu = facts.cpu;
    instance->registered_memory = facts.memory;
    instance->registered_tcp_ports = std::move(facts.tcp_ports);
    instance->registered_udp_ports = std::move(facts.udp_ports);
    instance->extra_resources = std::move(facts.extra_resources);
    for (auto& [name, value] : facts.attributes) {
      instance->attributes[name] = std::move(value);
    }
    instance->agent_version = std::move(facts.agent_version);
    instance->agent_hash = std::move(facts.agent_hash);
    instance->docker_version = std::move(facts.docker_version);
    instance->agent_connected = true;
    merge_tags(instance->tags, facts.tags);
    ++instance->version;
    return json::object{{"containerInstance", container_instance_view(*instance, state, {true, false})}};
  }
  ContainerInstance& instance =
      register_container_instance(state, ctx.region, ctx.account_id, cluster.name, std::move(facts));
  request_scheduling(ctx);
  return json::object{{"containerInstance", container_instance_view(instance, state, {true, false})}};
}

json::value deregister_container_instance(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  ContainerInstance& instance = require_instance(state, cluster, string_member(input, "containerInstance"));
  bool force = input.contains("force") && input.at("force").is_bool() && input.at("force").as_bool();
  auto [running, pending] = task_counts_on_instance(state, instance.arn);
  if (!force && instance.status != "INACTIVE" && running + pending > 0) {
    throw aws::ServiceError("InvalidParameterException", "Found running tasks on the instance.");
  }
  deregister_container_instance(state, instance.id);
  request_scheduling(ctx);
  return json::object{{"containerInstance", container_instance_view(instance, state, {})}};
}

json::value describe_container_instances(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  ContainerInstanceInclude include;
  for (const auto& field : string_list(input, "include")) {
    include.tags |= field == "TAGS";
    include.health |= field == "CONTAINER_INSTANCE_HEALTH";
  }
  std::vector<std::string> identifiers = string_list(input, "containerInstances");
  if (identifiers.empty()) {
    throw aws::ServiceError("ClientException", "Container Instances cannot be empty.");
  }
  if (identifiers.size() > 100) {
    throw aws::ServiceError("InvalidParameterException",
                            "containerInstances must name between 1 and 100 container instances.");
  }
  json::array instances;
  json::array failures;
  for (const auto& identifier : identifiers) {
    if (const ContainerInstance* instance = find_container_instance(state, cluster.arn, identifier)) {
      instances.push_back(container_instance_view(*instance, state, include));
    } else {
      failures.push_back(failure_view(missing_arn(ctx, cluster, identifier), "MISSING"));
    }
  }
  return json::object{{"containerInstances", std::move(instances)}, {"failures", std::move(failures)}};
}

json::value list_container_instances(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  std::size_t limit = page_limit(input, 100, 100);
  std::string_view status = string_member(input, "status");
  std::optional<InstanceFilter> filter;
  if (std::string_view text = string_member(input, "filter"); !text.empty()) {
    try {
      filter.emplace(InstanceFilter::parse(text));
    } catch (const FilterError& e) {
      throw aws::ServiceError("InvalidParameterException", fmt::format("Invalid filter expression: {}.", e.what()));
    }
  }
  const auto& instances = state.container_instances.instances;
  auto it = instances.begin();
  if (const auto* token = input.if_contains("nextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    if (!last) {
      throw aws::ServiceError("InvalidParameterException", "Invalid token");
    }
    it = instances.upper_bound(*last);
  }
  auto selected = [&](const ContainerInstance& instance) {
    if (instance.cluster_arn != cluster.arn) {
      return false;
    }
    if (status.empty() ? instance.status == "INACTIVE" : instance.status != status) {
      return false;
    }
    return !filter ||
           filter->matches([&](std::string_view subject) { return subject_values(state, instance, subject); });
  };
  json::array arns;
  std::string last_key;
  for (; it != instances.end() && arns.size() < limit; ++it) {
    if (selected(it->second)) {
      arns.emplace_back(it->second.arn);
      last_key = it->first;
    }
  }
  while (it != instances.end() && !selected(it->second)) {
    ++it;
  }
  json::object out{{"containerInstanceArns", std::move(arns)}};
  if (it != instances.end()) {
    out["nextToken"] = aws::encode_page_token(last_key);
  }
  return out;
}

json::value update_container_instances_state(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  std::string_view status = string_member(input, "status");
  if (status != "ACTIVE" && status != "DRAINING") {
    throw aws::ServiceError("InvalidParameterException",
                            fmt::format("Container instances can only be set to ACTIVE or DRAINING, not {}.", status));
  }
  std::vector<std::string> identifiers = string_list(input, "containerInstances");
  if (identifiers.empty() || identifiers.size() > 10) {
    throw aws::ServiceError("InvalidParameterException",
                            "containerInstances must name between 1 and 10 container instances.");
  }
  json::array instances;
  json::array failures;
  for (const auto& identifier : identifiers) {
    ContainerInstance* instance = find_container_instance(state, cluster.arn, identifier);
    if (instance == nullptr || instance->status == "INACTIVE") {
      failures.push_back(failure_view(missing_arn(ctx, cluster, identifier), "MISSING"));
      continue;
    }
    if (instance->status != status) {
      instance->status = std::string(status);
      ++instance->version;
    }
    instances.push_back(container_instance_view(*instance, state, {}));
  }
  request_scheduling(ctx);
  return json::object{{"containerInstances", std::move(instances)}, {"failures", std::move(failures)}};
}

// ecsemu has no newer agent to deliver: an instance reporting its agent version gets NoUpdateAvailableException
// (AWS's answer when no update path exists), one that reports none MissingVersionException.
json::value update_container_agent(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  ContainerInstance& instance = require_instance(state, cluster, string_member(input, "containerInstance"));
  if (instance.status == "INACTIVE") {
    throw aws::ServiceError("InvalidParameterException",
                            "The referenced container instance is INACTIVE; its agent cannot be updated.");
  }
  auto attribute = [&](const char* name) {
    auto it = instance.attributes.find(name);
    return it == instance.attributes.end() ? std::string() : it->second.value_or("");
  };
  if (attribute("ecs.os-type") == "windows") {
    throw aws::ServiceError("InvalidParameterException",
                            "Agent updates are not supported on Windows container "
                            "instances.");
  }
  if (attribute("ecs.cpu-architecture") == "arm64") {
    throw aws::ServiceError("InvalidParameterException", "Update not supported on Arm architecture.");
  }
  const std::string& update = instance.agent_update_status;
  if (update == "PENDING" || update == "STAGING" || update == "STAGED" || update == "UPDATING") {
    throw aws::ServiceError("UpdateInProgressException",
                            "There is already a current Amazon ECS container agent update in progress on the "
                            "container instance that is specified.");
  }
  if (instance.agent_version.empty()) {
    throw aws::ServiceError("MissingVersionException",
                            "Amazon ECS is unable to determine the current version of the Amazon ECS container agent "
                            "on the container instance and does not have enough information to proceed with an "
                            "update.");
  }
  throw aws::ServiceError("NoUpdateAvailableException",
                          fmt::format("There is no update available for this Amazon ECS container agent (version "
                                      "{}).",
                                      instance.agent_version));
}

void register_container_instance_operations(aws::OperationRegistry& registry) {
  registry.add("ecs", "RegisterContainerInstance", &register_container_instance);
  registry.add("ecs", "DeregisterContainerInstance", &deregister_container_instance);
  registry.add("ecs", "DescribeContainerInstances", &describe_container_instances);
  registry.add("ecs", "ListContainerInstances", &list_container_instances);
  registry.add("ecs", "UpdateContainerInstancesState", &update_container_instances_state);
  registry.add("ecs", "UpdateContainerAgent", &update_container_agent);
  registry.add("ecs", "PutAttributes", &put_attributes);
  registry.add("ecs", "DeleteAttributes", &delete_attributes);
  registry.add("ecs", "ListAttributes", &list_attributes);
  registry.add("ecs", "CreateCapacityProvider", &create_capacity_provider);
  registry.add("ecs", "UpdateCapacityProvider", &update_capacity_provider);
  registry.add("ecs", "DeleteCapacityProvider", &delete_capacity_provider);
  registry.add("ecs", "DescribeCapacityProviders", &describe_capacity_providers);
  registry.add("ecs", "DiscoverPollEndpoint", &discover_poll_endpoint);
  registry.add("ecs", "SubmitTaskStateChange", &submit_task_state_change);
  registry.add("ecs", "SubmitContainerStateChange", &submit_container_state_change);
  registry.add("ecs", "SubmitAttachmentStateChanges", &submit_attachment_state_changes);
  registry.add("ecs", "ExecuteCommand", &execute_command);
}

}  // namespace ecsemu::ecs
