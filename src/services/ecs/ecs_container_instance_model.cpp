// Container instance and capacity provider model rules: registration, lookup, names, counts, tags.
#include <algorithm>
#include <cctype>
#include <random>

#include <fmt/format.h>

#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string container_instance_arn(std::string_view region, std::string_view account, std::string_view cluster_name,
                                   std::string_view id) {
  return fmt::format("arn:aws:ecs:{}:{}:container-instance/{}/{}", region, account, cluster_name, id);
}

std::string random_container_instance_id() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_int_distribution<std::uint64_t> dist;
  return fmt::format("{:016x}{:016x}", dist(engine), dist(engine));
}

ContainerInstance& register_container_instance(EcsState& state, std::string_view region, std::string_view account,
                                               std::string_view cluster_name, InstanceFacts&& facts) {
  ContainerInstance instance;
  instance.id = facts.id.empty() ? random_container_instance_id() : std::move(facts.id);
  instance.arn = container_instance_arn(region, account, cluster_name, instance.id);
  instance.cluster_arn = cluster_arn(region, account, cluster_name);
  instance.ec2_instance_id = std::move(facts.ec2_instance_id);
  instance.agent_connected = facts.agent_connected;
  instance.registered_cpu = facts.cpu;
  instance.registered_memory = facts.memory;
  instance.registered_tcp_ports = std::move(facts.tcp_ports);
  instance.registered_udp_ports = std::move(facts.udp_ports);
  instance.extra_resources = std::move(facts.extra_resources);
  instance.attributes = std::move(facts.attributes);
  // What AWS adds from the instance's EC2 facts.
  if (!facts.instance_type.empty()) {
    instance.attributes["ecs.instance-type"] = facts.instance_type;
  }
  if (!facts.availability_zone.empty()) {
    instance.attributes["ecs.availability-zone"] = facts.availability_zone;
  }
  if (!facts.ami_id.empty()) {
    instance.attributes["ecs.ami-id"] = facts.ami_id;
  }
  if (!facts.cpu_architecture.empty() && instance.attributes.count("ecs.cpu-architecture") == 0) {
    instance.attributes["ecs.cpu-architecture"] = facts.cpu_architecture;
  }
  instance.agent_version = std::move(facts.agent_version);
  instance.agent_hash = std::move(facts.agent_hash);
  instance.docker_version = std::move(facts.docker_version);
  instance.platform_devices = std::move(facts.platform_devices);
  instance.tags = std::move(facts.tags);
  instance.health_status = std::move(facts.health_status);
  instance.registered_at = facts.registered_at;
  std::string id = instance.id;
  return state.container_instances.instances[id] = std::move(instance);
}

bool deregister_container_instance(EcsState& state, std::string_view id) {
  auto it = state.container_instances.instances.find(std::string(id));
  if (it == state.container_instances.instances.end()) {
    return false;
  }
  if (it->second.status != "INACTIVE") {
    it->second.status = "INACTIVE";
    it->second.agent_connected = false;
    ++it->second.version;
  }
  return true;
}

ContainerInstance* find_container_instance(EcsState& state, std::string_view cluster_arn, std::string_view identifier) {
  std::string_view id = identifier;
  if (identifier.rfind("arn:", 0) == 0) {
    auto pos = identifier.find(":container-instance/");
    if (pos == std::string_view::npos) {
      return nullptr;
    }
    std::string_view rest = identifier.substr(pos + 20);
    auto slash = rest.rfind('/');
    if (slash != std::string_view::npos) {
      // Long form: the cluster in the ARN must be this one.
      std::string_view prefix = identifier.substr(0, pos);  // arn:aws:ecs:REGION:ACCOUNT
      std::string expected = fmt::format("{}:cluster/{}", prefix, rest.substr(0, slash));
      if (expected != cluster_arn) {
        return nullptr;
      }
      id = rest.substr(slash + 1);
    } else {
      id = rest;
    }
  }
  auto it = state.container_instances.instances.find(std::string(id));
  if (it == state.container_instances.instances.end() || it->second.cluster_arn != cluster_arn) {
    return nullptr;
  }
  if (identifier.rfind("arn:", 0) == 0 && identifier.find(":container-instance/") != std::string_view::npos) {
    // The account and region of an ARN must be this store's.
    std::string_view mine = std::string_view(it->second.arn).substr(0, it->second.arn.find(":container-instance/"));
    if (identifier.substr(0, identifier.find(":container-instance/")) != mine) {
      return nullptr;
    }
  }
  return &it->second;
}

std::pair<int, int> task_counts_on_instance(const EcsState& state, std::string_view instance_arn) {
  int running = 0;
  int pending = 0;
  for (const auto& id : task_ids_on_instance(state.tasks, instance_arn)) {
    const Task& task = state.tasks.tasks.at(id);
    if (task.last_status == "STOPPED") {
      continue;
    }
    if (task.last_status == "RUNNING") {
      ++running;
    } else if (task.last_status == "PENDING" || task.last_status == "PROVISIONING" ||
               task.last_status == "ACTIVATING") {
      ++pending;
    }
  }
  return {running, pending};
}

bool valid_attribute_name(std::string_view name) {
  if (name.empty() || name.size() > 128) {
    return false;
  }
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '/' || c == '\\' || c == '.'; });
}

bool valid_attribute_value(std::string_view value) {
  if (value.empty() || value.size() > 128 || value.front() == ' ' || value.back() == ' ') {
    return false;
  }
  return std::all_of(value.begin(), value.end(), [](char c) {
    return is_alnum(c) || c == '-' || c == '_' || c == '.' || c == '@' || c == '/' || c == '\\' || c == ':' || c == ' ';
  });
}

bool reserved_capacity_provider_prefix(std::string_view name) {
  return starts_with_ci(name, "aws") || starts_with_ci(name, "ecs") || starts_with_ci(name, "fargate");
}

bool valid_capacity_provider_name(std::string_view name) {
  return valid_cluster_name(name) && !reserved_capacity_provider_prefix(name);
}

std::string capacity_provider_arn(std::string_view region, std::string_view account, std::string_view name) {
  return fmt::format("arn:aws:ecs:{}:{}:capacity-provider/{}", region, account, name);
}

const CapacityProvider* find_active_capacity_provider(const EcsState& state, std::string_view identifier) {
  for (const auto& [name, provider] : state.container_instances.capacity_providers) {
    if (provider.status == "ACTIVE" && (name == identifier || provider.arn == identifier)) {
      return &provider;
    }
  }
  return nullptr;
}

void add_container_instance_counts(const EcsState& state, std::string_view cluster_arn, ClusterCounts& counts) {
  for (const auto& [id, instance] : state.container_instances.instances) {
    if (instance.cluster_arn == cluster_arn && instance.status != "INACTIVE") {
      ++counts.registered_container_instances;
    }
  }
}

Tags* find_container_instance_tags(EcsState& state, std::string_view id) {
  // `id` is CLUSTER/ID (long ARN form) or ID (short form).
  std::string_view cluster;
  auto slash = id.rfind('/');
  if (slash != std::string_view::npos) {
    cluster = id.substr(0, slash);
    id = id.substr(slash + 1);
  }
  auto it = state.container_instances.instances.find(std::string(id));
  if (it == state.container_instances.instances.end() || it->second.status == "INACTIVE") {
    return nullptr;
  }
  if (!cluster.empty() && it->second.arn.find(fmt::format("/{}/{}", cluster, id)) == std::string::npos) {
    return nullptr;
  }
  return &it->second.tags;
}

Tags* find_capacity_provider_tags(EcsState& state, std::string_view id) {
  auto it = state.container_instances.capacity_providers.find(std::string(id));
  if (it == state.container_instances.capacity_providers.end() || it->second.status != "ACTIVE") {
    return nullptr;
  }
  return &it->second.tags;
}

}  // namespace ecsemu::ecs
