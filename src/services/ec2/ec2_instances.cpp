// Instance lifecycle: launch, the pending -> running -> stopping -> stopped / shutting-down -> terminated state
// machine (evaluated from timestamps), and the ECS agent's registration of an instance that reaches running.
#include "services/ec2/ec2_instances.hpp"

#include <algorithm>
#include <ctime>
#include <random>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ecsemu/aws/service_error.hpp"
#include "log.hpp"
#include "protocol/base64.hpp"
#include "services/ec2/ec2_instance_types.hpp"
#include "services/ec2/ec2_public_images.hpp"
#include "services/ec2/ec2_user_data.hpp"
#include "services/ec2/ec2_volumes.hpp"
#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ec2 {

namespace {

bool is_hex(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string random_public_ip() {
  thread_local std::mt19937 engine{std::random_device{}()};
  std::uniform_int_distribution<int> octet(1, 254);
  return fmt::format("54.{}.{}.{}", octet(engine), octet(engine), octet(engine));
}

// StateTransitionReason as EC2 writes it: "User initiated (2024-11-27 09:45:03 GMT)".
std::string user_initiated(double now) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return fmt::format("User initiated ({} GMT)", buf);
}

void enter(Instance& instance, InstanceStateName state, double at) {
  instance.state = state;
  instance.state_changed_at = at;
}

// The ECS agent's registration when the instance reaches running (what the agent on the instance would do).
void register_with_ecs(state::RegionStore& store, Instance& instance, std::string_view account, std::string_view region,
                       double at) {
  EcsAgentConfig config = parse_ecs_agent_config_base64(instance.user_data);
  const PublicImage* image = find_public_image(instance.image_id, region);
  std::string cluster = config.cluster;
  if (cluster.empty()) {
    if (image == nullptr || !image->ecs_optimized) {
      return;  // no agent on this image and no cluster named: nothing registers
    }
    cluster = "default";
  }
  auto it = store.ecs.clusters.find(cluster);
  if (it == store.ecs.clusters.end() || it->second.status != "ACTIVE") {
    // On AWS the agent logs that the cluster is missing and keeps retrying; the instance stays running.
    if (instance.ecs_pending_cluster != cluster) {
      log::warn("msg=\"ECS agent could not register: cluster not found\" instance={} cluster={}", instance.id, cluster);
    }
    instance.ecs_pending_cluster = cluster;
    return;
  }
  const InstanceTypeInfo* type = find_instance_type(instance.instance_type);
  if (type == nullptr) {
    return;
  }
  ecs::InstanceFacts facts;
  facts.ec2_instance_id = instance.id;
  facts.instance_type = instance.instance_type;
  facts.availability_zone = instance.availability_zone;
  facts.ami_id = instance.image_id;
  facts.cpu_architecture = type->architecture;
  facts.cpu = static_cast<std::int64_t>(type->vcpus) * 1024;
  facts.memory = ecs_registered_memory(*type, config.reserved_memory);
  facts.tcp_ports = {22, 2375, 2376, 51678, 51679};  // what the agent reserves by default
  facts.agent_version = image != nullptr && !image->ecs_agent_version.empty() ? std::string(image->ecs_agent_version)
                                                                              : std::string("1.88.0");
  facts.agent_hash = "f0c0ff3e";
  facts.docker_version = "DockerVersion: 25.0.6";
  for (const char* capability : {"com.amazonaws.ecs.capability.logging-driver.json-file",
                                 "com.amazonaws.ecs.capability.logging-driver.awslogs",
                                 "com.amazonaws.ecs.capability.logging-driver.none",
                                 "com.amazonaws.ecs.capability.privileged-container",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.17",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.18",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.19",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.20",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.21",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.22",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.23",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.24",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.25",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.26",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.27",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.28",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.29",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.30",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.31",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.32",
                                 "com.amazonaws.ecs.capability.task-iam-role",
                                 "com.amazonaws.ecs.capability.task-iam-role-network-host",
                                 "com.amazonaws.ecs.capability.ecr-auth",
                                 "ecs.capability.execution-role-awslogs",
                                 "ecs.capability.execution-role-ecr-pull",
                                 "ecs.capability.task-eni",
                                 "ecs.capability.task-cpu-mem-limit",
                                 "ecs.capability.container-health-check",
                                 "ecs.capability.container-ordering",
                                 "ecs.capability.secrets.asm.environment-variables",
                                 "ecs.capability.secrets.ssm.environment-variables",
                                 "ecs.capability.docker-plugin.local",
                                 "ecs.capability.pid-ipc-namespace-sharing",
                                 "ecs.capability.full-sync",
                                 "ecs.capability.awsvpc-trunking",
                                 "ecs.capability.env-files.s3",
                                 "ecs.capability.efsAuth",
                                 "ecs.capability.efs"}) {
    facts.attributes[capability] = std::nullopt;
  }
  facts.attributes["ecs.os-type"] = "linux";
  facts.attributes["ecs.os-family"] = "LINUX";
  facts.attributes["ecs.vpc-id"] = instance.vpc_id;
  facts.attributes["ecs.subnet-id"] = instance.subnet_id;
  facts.registered_at = at;
  instance.ecs_pending_cluster.clear();
  ecs::ContainerInstance& ci = ecs::register_container_instance(store.ecs, region, account, cluster, std::move(facts));
  instance.ecs_cluster = cluster;
  instance.container_instance_id = ci.id;
  store.ec2.instances.ecs_changed = true;
  log::info("msg=\"instance registered with ECS\" instance={} cluster={} container_instance={}", instance.id, cluster,
            ci.id);
}

// The agent goes away with the instance: the container instance deregisters and its tasks are asked to stop.
void leave_ecs(state::RegionStore& store, Instance& instance, std::string_view verb) {
  instance.ecs_pending_cluster.clear();
  if (instance.container_instance_id.empty()) {
    return;
  }
  auto it = store.ecs.container_instances.instances.find(instance.container_instance_id);
  if (it != store.ecs.container_instances.instances.end()) {
    std::string reason = fmt::format("Host EC2 (instance {}) {}.", instance.id, verb);
    for (auto& [task_id, task] : store.ecs.tasks.tasks) {
      if (task.container_instance_arn == it->second.arn) {
        ecs::request_stop(task, "TerminationNotice", reason);
      }
    }
    ecs::deregister_container_instance(store.ecs, instance.container_instance_id);
  }
  instance.container_instance_id.clear();
  store.ec2.instances.ecs_changed = true;
}

void release_network(state::RegionStore& store, Instance& instance) {
  if (!instance.network_interface_id.empty()) {
    delete_network_interface(store.ec2.network, instance.network_interface_id);
  }
  instance.public_ip.clear();
}

}  // namespace

std::string_view state_name(InstanceStateName state) {
  switch (state) {
    case InstanceStateName::Pending:
      return "pending";
    case InstanceStateName::Running:
      return "running";
    case InstanceStateName::ShuttingDown:
      return "shutting-down";
    case InstanceStateName::Terminated:
      return "terminated";
    case InstanceStateName::Stopping:
      return "stopping";
    case InstanceStateName::Stopped:
      return "stopped";
  }
  return "pending";
}

int state_code(InstanceStateName state) {
  switch (state) {
    case InstanceStateName::Pending:
      return 0;
    case InstanceStateName::Running:
      return 16;
    case InstanceStateName::ShuttingDown:
      return 32;
    case InstanceStateName::Terminated:
      return 48;
    case InstanceStateName::Stopping:
      return 64;
    case InstanceStateName::Stopped:
      return 80;
  }
  return 0;
}

void apply_metadata_options(Instance& instance, const boost::json::object& options) {
  auto choice = [&](std::string_view member, std::initializer_list<std::string_view> allowed, std::string& out) {
    const auto* v = options.if_contains(member);
    if (v == nullptr || !v->is_string()) {
      return;
    }
    std::string_view value = v->as_string();
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      throw aws::ServiceError("InvalidParameterValue", fmt::format("The {} value '{}' is not valid. Valid values: {}.",
                                                                   member, value, fmt::join(allowed, ", ")));
    }
    out = std::string(value);
  };
  // Every member is checked before any is applied, so a refused request changes nothing.
  std::string tokens = instance.metadata_http_tokens;
  std::string endpoint = instance.metadata_http_endpoint;
  std::string tags = instance.metadata_tags;
  std::string ipv6 = instance.metadata_protocol_ipv6;
  long hop_limit = instance.metadata_hop_limit;
  choice("HttpTokens", {"optional", "required"}, tokens);
  choice("HttpEndpoint", {"enabled", "disabled"}, endpoint);
  choice("InstanceMetadataTags", {"enabled", "disabled"}, tags);
  choice("HttpProtocolIpv6", {"enabled", "disabled"}, ipv6);
  if (const auto* v = options.if_contains("HttpPutResponseHopLimit"); v != nullptr && v->is_int64()) {
    std::int64_t hops = v->as_int64();
    if (hops < 1 || hops > 64) {
      throw aws::ServiceError(
          "InvalidParameterValue",
          fmt::format("The HttpPutResponseHopLimit value '{}' is not valid. It must be between 1 and 64.", hops));
    }
    hop_limit = static_cast<long>(hops);
  }
  instance.metadata_http_tokens = std::move(tokens);
  instance.metadata_http_endpoint = std::move(endpoint);
  instance.metadata_tags = std::move(tags);
  instance.metadata_protocol_ipv6 = std::move(ipv6);
  instance.metadata_hop_limit = hop_limit;
}

std::vector<std::string> launch_instances(state::RegionStore& store, std::string_view account, std::string_view region,
                                          const InstanceLaunchSpec& spec, int count, double now) {
  (void)account;
  std::string_view ami = spec.image_id;
  if (ami.rfind("ami-", 0) != 0 || (ami.size() != 12 && ami.size() != 21) || !is_hex(ami.substr(4))) {
    throw aws::ServiceError("InvalidAMIID.Malformed",
                            fmt::format("Invalid id: \"{}\" (expecting \"ami-...\")", spec.image_id));
  }
  std::string type_name = spec.instance_type.empty() ? "m1.small" : spec.instance_type;
  const InstanceTypeInfo* type = find_instance_type(type_name);
  if (type == nullptr) {
    throw aws::ServiceError("InvalidParameterValue", fmt::format("Invalid value '{}' for InstanceType.", type_name));
  }
  const PublicImage* image = find_public_image(spec.image_id, region);
  if (image != nullptr && image->architecture != type->architecture) {
    throw aws::ServiceError("InvalidParameterValue",
                            fmt::format("The architecture '{}' of the specified instance type does not match the "
                                        "architecture '{}' of the specified AMI. Specify an instance type and an AMI "
                                        "that have matching architectures, and try again.",
                                        type->architecture, image->architecture));
  }
  if (!spec.user_data.empty()) {
    auto raw = protocol::base64_decode(spec.user_data);
    if (!raw) {
      throw aws::ServiceError("InvalidParameterValue", "Invalid BASE64 encoding of user data.");
    }
    if (raw->size() > 16384) {
      throw aws::ServiceError("InvalidParameterValue", "User data is limited to 16384 bytes");
    }
  }
  Instance checked;
  apply_metadata_options(checked, spec.metadata_options);  // refuses bad options before anything launches
  VolumeRequest root = root_device_of(store.ec2.images, spec.image_id, region);
  std::vector<VolumeRequest> volumes = launch_volumes(store.ec2.images, root, spec.block_device_mappings);
  if (count < 1) {
    throw aws::ServiceError("InvalidParameterValue", "Invalid value for MinCount/MaxCount: must be at least 1.");
  }
  NetworkState& net = ensure_defaults(store.ec2, region);
  const Subnet* subnet = nullptr;
  if (!spec.subnet_id.empty()) {
    subnet = find_subnet(net, spec.subnet_id);
    if (subnet == nullptr) {
      throw aws::ServiceError("InvalidSubnetID.NotFound",
                              fmt::format("The subnet ID '{}' does not exist", spec.subnet_id));
    }
    if (!spec.availability_zone.empty() && spec.availability_zone != subnet->availability_zone) {
      throw aws::ServiceError("InvalidParameterCombination", fmt::format("Subnet {} is not in availability zone {}.",
                                                                         subnet->id, spec.availability_zone));
    }
  } else {
    for (const Subnet* candidate : default_subnets(net)) {
      if (spec.availability_zone.empty() || candidate->availability_zone == spec.availability_zone) {
        subnet = candidate;
        break;
      }
    }
    if (subnet == nullptr) {
      if (!spec.availability_zone.empty()) {
        throw aws::ServiceError("InvalidParameterValue",
                                fmt::format("Invalid availability zone: [{}]", spec.availability_zone));
      }
      throw aws::ServiceError("VPCIdNotSpecified", "No default VPC for this user");
    }
  }
  std::vector<std::string> groups = spec.security_group_ids;
  for (const auto& group_id : groups) {
    auto it = net.security_groups.find(group_id);
    if (it == net.security_groups.end() || it->second.vpc_id != subnet->vpc_id) {
      throw aws::ServiceError("InvalidGroup.NotFound", fmt::format("The security group '{}' does not exist in VPC '{}'",
                                                                   group_id, subnet->vpc_id));
    }
  }
  if (groups.empty()) {
    if (const SecurityGroup* group = find_group_by_name(net, subnet->vpc_id, "default")) {
      groups.push_back(group->id);
    }
  }
  if (!spec.key_name.empty() && net.key_pairs.count(spec.key_name) == 0) {
    throw aws::ServiceError("InvalidKeyPair.NotFound", fmt::format("The key pair '{}' does not exist", spec.key_name));
  }
  if (available_ip_count(*subnet) < count) {
    throw aws::ServiceError("InsufficientFreeAddressesInSubnet",
                            fmt::format("There are not enough free addresses in subnet '{}' to satisfy the requested "
                                        "number of instances.",
                                        subnet->id));
  }
  std::string reservation = new_resource_id("r");
  std::string subnet_id = subnet->id;
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) {
    Instance instance;
    instance.id = new_resource_id("i");
    NetworkInterface& eni = create_network_interface(net, subnet_id, groups, "", "interface");
    eni.status = "in-use";
    eni.attachment_id = new_resource_id("eni-attach");
    eni.attached_instance_id = instance.id;
    eni.attach_time = now;
    eni.delete_on_termination = true;
    const Subnet* in = find_subnet(net, subnet_id);
    instance.image_id = spec.image_id;
    instance.instance_type = type_name;
    instance.subnet_id = subnet_id;
    instance.vpc_id = in->vpc_id;
    instance.availability_zone = in->availability_zone;
    instance.private_ip = eni.private_ip;
    instance.public_ip = in->map_public_ip_on_launch ? random_public_ip() : "";
    instance.network_interface_id = eni.id;
    instance.key_name = spec.key_name;
    instance.user_data = spec.user_data;
    instance.iam_instance_profile = spec.iam_instance_profile;
    apply_metadata_options(instance, spec.metadata_options);
    instance.architecture = std::string(type->architecture);
    instance.security_group_ids = groups;
    instance.launch_template_id = spec.launch_template_id;
    instance.launch_template_version = spec.launch_template_version;
    instance.reservation_id = reservation;
    instance.ami_launch_index = i;
    for (const auto& [key, value] : spec.tags) {
      instance.tags[key] = value;
    }
    instance.root_device_name = root.device;
    for (const auto& request : volumes) {
      Volume& volume = create_volume(store.ec2.instances, instance.availability_zone, request, now);
      for (const auto& [key, value] : spec.volume_tags) {
        volume.tags[key] = value;
      }
      attach_volume(instance, volume, request.device, request.delete_on_termination, now);
    }
    instance.launched_at = now;
    enter(instance, InstanceStateName::Pending, now);
    ids.push_back(instance.id);
    std::string id = instance.id;
    store.ec2.instances.instances[id] = std::move(instance);
  }
  return ids;
}

const Instance* find_instance(const InstanceState& state, std::string_view id) {
  auto it = state.instances.find(std::string(id));
  return it == state.instances.end() ? nullptr : &it->second;
}

Instance* find_instance(InstanceState& state, std::string_view id) {
  auto it = state.instances.find(std::string(id));
  return it == state.instances.end() ? nullptr : &it->second;
}

void terminate_instance(state::RegionStore& store, std::string_view instance_id, double now) {
  Instance* instance = find_instance(store.ec2.instances, instance_id);
  if (instance == nullptr || instance->state == InstanceStateName::ShuttingDown ||
      instance->state == InstanceStateName::Terminated) {
    return;
  }
  leave_ecs(store, *instance, "terminated");
  instance->state_reason_code = "Client.UserInitiatedShutdown";
  instance->state_reason_message = "Client.UserInitiatedShutdown: User initiated shutdown";
  instance->transition_reason = user_initiated(now);
  enter(*instance, InstanceStateName::ShuttingDown, now);
}

void stop_instance(state::RegionStore& store, std::string_view instance_id, double now) {
  Instance* instance = find_instance(store.ec2.instances, instance_id);
  if (instance == nullptr) {
    return;
  }
  if (instance->state == InstanceStateName::Stopping || instance->state == InstanceStateName::Stopped) {
    return;
  }
  if (instance->state != InstanceStateName::Running && instance->state != InstanceStateName::Pending) {
    throw aws::ServiceError(
        "IncorrectInstanceState",
        fmt::format("This instance '{}' is not in a state from which it can be stopped.", instance->id));
  }
  leave_ecs(store, *instance, "stopped");
  instance->state_reason_code = "Client.UserInitiatedShutdown";
  instance->state_reason_message = "Client.UserInitiatedShutdown: User initiated shutdown";
  instance->transition_reason = user_initiated(now);
  enter(*instance, InstanceStateName::Stopping, now);
}

void start_instance(state::RegionStore& store, std::string_view instance_id, double now) {
  Instance* instance = find_instance(store.ec2.instances, instance_id);
  if (instance == nullptr) {
    return;
  }
  if (instance->state == InstanceStateName::Pending || instance->state == InstanceStateName::Running) {
    return;
  }
  if (instance->state != InstanceStateName::Stopped) {
    throw aws::ServiceError(
        "IncorrectInstanceState",
        fmt::format("The instance '{}' is not in a state from which it can be started.", instance->id));
  }
  instance->state_reason_code.clear();
  instance->state_reason_message.clear();
  instance->transition_reason.clear();
  instance->ecs_pending_cluster.clear();
  instance->launched_at = now;
  enter(*instance, InstanceStateName::Pending, now);
}

std::vector<std::pair<std::string, std::string>> instance_states(const InstanceState& state) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [id, instance] : state.instances) {
    out.emplace_back(id, std::string(state_name(instance.state)));
  }
  return out;
}

bool advance_instances(state::RegionStore& store, std::string_view account, std::string_view region, double now) {
  auto& instances = store.ec2.instances.instances;
  for (auto it = instances.begin(); it != instances.end();) {
    Instance& instance = it->second;
    double due = instance.state_changed_at + kTransitionSeconds;
    switch (instance.state) {
      case InstanceStateName::Pending:
        if (now >= due) {
          enter(instance, InstanceStateName::Running, due);
          register_with_ecs(store, instance, account, region, due);
        }
        break;
      case InstanceStateName::Running:
        if (!instance.ecs_pending_cluster.empty()) {
          auto cluster = store.ecs.clusters.find(instance.ecs_pending_cluster);
          if (cluster != store.ecs.clusters.end() && cluster->second.status == "ACTIVE") {
            register_with_ecs(store, instance, account, region, now);
          }
        }
        break;
      case InstanceStateName::Stopping:
        if (now >= due) {
          enter(instance, InstanceStateName::Stopped, due);
          instance.public_ip.clear();
        }
        break;
      case InstanceStateName::ShuttingDown:
        if (now >= due) {
          enter(instance, InstanceStateName::Terminated, due);
          release_network(store, instance);
          release_volumes(store.ec2.instances, instance);
        }
        break;
      case InstanceStateName::Terminated:
        if (now >= instance.state_changed_at + kTerminatedRetentionSeconds) {
          it = instances.erase(it);
          continue;
        }
        break;
      default:
        break;
    }
    ++it;
  }
  bool changed = store.ec2.instances.ecs_changed;
  store.ec2.instances.ecs_changed = false;
  return changed;
}

}  // namespace ecsemu::ec2
