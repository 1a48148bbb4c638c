// Task definition rules: AWS's RegisterTaskDefinition validation, Fargate sizes, and what AWS derives
// (requiresAttributes, compatibilities).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <set>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_task_definition_json.hpp"
#include "services/ecs/ecs_task_definition_model.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

using namespace td_json;

namespace {

constexpr std::size_t kMaxContainers = 10;
constexpr long kMinContainerMemory = 6;  // MiB, Docker 20.10 and later

[[noreturn]] void client_error(std::string message) { throw aws::ServiceError("ClientException", std::move(message)); }

// Parses "N" or "N.M" followed by an optional unit (case-insensitive, optional space before it).
std::optional<std::pair<double, std::string>> number_and_unit(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
    ++i;
  }
  if (i == 0 || i > 12) {
    return std::nullopt;
  }
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + i, number);
  if (ec != std::errc() || end != text.data() + i) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(i);
  while (!rest.empty() && rest.front() == ' ') {
    rest.remove_prefix(1);
  }
  std::string unit;
  for (char c : rest) {
    unit.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return std::make_pair(number, unit);
}

void check_port_mappings(const json::object& container, std::string_view name, std::string_view mode) {
  const auto* mappings = array_member(container, "portMappings");
  if (mappings == nullptr) {
    return;
  }
  std::set<std::string> port_names;
  for (const auto& item : *mappings) {
    const auto& mapping = item.as_object();
    auto container_port = int_member(mapping, "containerPort");
    auto host_port = int_member(mapping, "hostPort");
    bool has_range = has_member(mapping, "containerPortRange");
    if (!container_port && !has_range) {
      client_error(
          fmt::format("Invalid 'portMappings' setting for container '{}'. 'containerPort' must be set.", name));
    }
    for (const auto& port : {container_port, host_port}) {
      if (port && (*port < 0 || *port > 65535)) {
        client_error(
            fmt::format("Invalid 'portMappings' setting for container '{}'. Ports must be between 0 and "
                        "65535.",
                        name));
      }
    }
    if ((mode == "awsvpc" || mode == "host") && container_port && host_port && *host_port != *container_port) {
      client_error(
          fmt::format("When networkMode={}, the host ports and container ports in port mappings must "
                      "match.",
                      mode));
    }
    if (std::string_view port_name = string_member(mapping, "name"); !port_name.empty()) {
      if (!port_names.insert(std::string(port_name)).second) {
        client_error(
            fmt::format("Invalid 'portMappings' setting for container '{}'. Port mapping names must be "
                        "unique: '{}'.",
                        name, port_name));
      }
    }
  }
}

void check_memory(const json::object& container, std::string_view name, bool task_memory) {
  auto memory = int_member(container, "memory");
  auto reservation = int_member(container, "memoryReservation");
  if (!memory && !reservation && !task_memory) {
    client_error(
        fmt::format("Invalid setting for container '{}'. At least one of 'memory' or 'memoryReservation' "
                    "must be specified.",
                    name));
  }
  if (memory && *memory < kMinContainerMemory) {
    client_error(
        fmt::format("Invalid 'memory' setting for container '{}'. The minimum allowed value for 'memory' "
                    "is {} MiB.",
                    name, kMinContainerMemory));
  }
  if (reservation && *reservation < kMinContainerMemory) {
    client_error(
        fmt::format("Invalid 'memoryReservation' setting for container '{}'. The minimum allowed value "
                    "for 'memoryReservation' is {} MiB.",
                    name, kMinContainerMemory));
  }
  if (memory && reservation && *reservation > *memory) {
    client_error(
        fmt::format("Invalid 'memory' setting for container '{}'. 'memory' must be greater than or equal "
                    "to 'memoryReservation'.",
                    name));
  }
}

// dependsOn names existing containers, HEALTHY needs a health check, and there is no cycle.
void check_dependencies(const json::array& containers) {
  std::map<std::string, std::vector<std::string>> edges;
  std::map<std::string, bool> has_health_check;
  for (const auto& item : containers) {
    const auto& c = item.as_object();
    has_health_check[std::string(string_member(c, "name"))] = has_member(c, "healthCheck");
  }
  for (const auto& item : containers) {
    const auto& c = item.as_object();
    std::string name(string_member(c, "name"));
    auto& out = edges[name];
    if (const auto* deps = array_member(c, "dependsOn")) {
      for (const auto& dep_item : *deps) {
        const auto& dep = dep_item.as_object();
        std::string target(string_member(dep, "containerName"));
        auto it = has_health_check.find(target);
        if (it == has_health_check.end()) {
          client_error(
              fmt::format("Invalid 'dependsOn' setting for container '{}'. Container '{}' does not exist "
                          "in the task definition.",
                          name, target));
        }
        if (target == name) {
          client_error(
              fmt::format("Invalid 'dependsOn' setting for container '{}'. A container cannot depend on "
                          "itself.",
                          name));
        }
        if (string_member(dep, "condition") == "HEALTHY" && !it->second) {
          client_error(
              fmt::format("Invalid 'dependsOn' setting for container '{}'. Container '{}' must have a "
                          "health check to be used with the HEALTHY condition.",
                          name, target));
        }
        out.push_back(target);
      }
    }
  }
  std::map<std::string, int> state;  // 0 unvisited, 1 in progress, 2 done
  std::function<void(const std::string&)> visit = [&](const std::string& node) {
    state[node] = 1;
    for (const auto& next : edges[node]) {
      if (state[next] == 1) {
        client_error(fmt::format("Invalid 'dependsOn' setting: circular dependency involving container '{}'.", next));
      }
      if (state[next] == 0) {
        visit(next);
      }
    }
    state[node] = 2;
  };
  for (const auto& [node, _] : edges) {
    if (state[node] == 0) {
      visit(node);
    }
  }
}

std::set<std::string> checked_volume_names(const json::object& spec) {
  std::set<std::string> names;
  if (const auto* volumes = array_member(spec, "volumes")) {
    for (const auto& item : *volumes) {
      std::string name(string_member(item.as_object(), "name"));
      if (!valid_family_name(name)) {
        client_error(
            "Invalid volume name. Volume names can have up to 255 letters (uppercase and lowercase), "
            "numbers, hyphens, and underscores.");
      }
      if (!names.insert(name).second) {
        client_error(fmt::format("Volume names must be unique. Duplicate volume name: '{}'.", name));
      }
    }
  }
  return names;
}

void check_container_references(const json::object& c, std::string_view name, const std::set<std::string>& volumes,
                                const std::set<std::string>& containers) {
  if (const auto* mounts = array_member(c, "mountPoints")) {
    for (const auto& item : *mounts) {
      std::string_view source = string_member(item.as_object(), "sourceVolume");
      if (!source.empty() && volumes.count(std::string(source)) == 0) {
        client_error(
            fmt::format("Invalid 'mountPoints' setting for container '{}'. The source volume '{}' is not "
                        "defined in the task definition's volumes.",
                        name, source));
      }
    }
  }
  if (const auto* from = array_member(c, "volumesFrom")) {
    for (const auto& item : *from) {
      std::string_view source = string_member(item.as_object(), "sourceContainer");
      if (containers.count(std::string(source)) == 0) {
        client_error(
            fmt::format("Invalid 'volumesFrom' setting for container '{}'. Container '{}' does not exist "
                        "in the task definition.",
                        name, source));
      }
    }
  }
  if (const auto* links = array_member(c, "links")) {
    for (const auto& item : *links) {
      std::string_view link = item.is_string() ? std::string_view(item.as_string()) : std::string_view();
      std::string_view target = link.substr(0, link.find(':'));
      if (containers.count(std::string(target)) == 0) {
        client_error(
            fmt::format("Invalid 'links' setting for container '{}'. Container '{}' does not exist in the "
                        "task definition.",
                        name, target));
      }
    }
  }
}

}  // namespace

std::optional<long> parse_task_cpu(std::string_view text) {
  auto parsed = number_and_unit(text);
  if (!parsed) {
    return std::nullopt;
  }
  auto [number, unit] = *parsed;
  if (unit.empty()) {
    return std::floor(number) == number ? std::optional<long>(static_cast<long>(number)) : std::nullopt;
  }
  if (unit == "vcpu") {
    double units = number * 1024;
    return std::floor(units) == units ? std::optional<long>(static_cast<long>(units)) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<long> parse_task_memory(std::string_view text) {
  auto parsed = number_and_unit(text);
  if (!parsed) {
    return std::nullopt;
  }
  auto [number, unit] = *parsed;
  double mib =
      unit.empty() || unit == "mib" || unit == "mb" ? number : (unit == "gb" || unit == "gib" ? number * 1024 : -1);
  if (mib < 0 || std::floor(mib) != mib) {
    return std::nullopt;
  }
  return static_cast<long>(mib);
}

bool fargate_combination_supported(long cpu, long memory) {
  struct Range {
    long cpu, min, max, step;
  };
  static constexpr Range kRanges[] = {{512, 1024, 4096, 1024},    {1024, 2048, 8192, 1024},
                                      {2048, 4096, 16384, 1024},  {4096, 8192, 30720, 1024},
                                      {8192, 16384, 61440, 4096}, {16384, 32768, 122880, 8192}};
  if (cpu == 256) {
    return memory == 512 || memory == 1024 || memory == 2048;
  }
  for (const auto& r : kRanges) {
    if (r.cpu == cpu) {
      return memory >= r.min && memory <= r.max && (memory - r.min) % r.step == 0;
    }
  }
  return false;
}

std::string fargate_incompatibility(const json::object& spec) {
  if (network_mode(spec) != "awsvpc") {
    return "Fargate only supports network mode 'awsvpc'.";
  }
  auto cpu = parse_task_cpu(string_member(spec, "cpu"));
  auto memory = parse_task_memory(string_member(spec, "memory"));
  if (!has_member(spec, "cpu") || !cpu) {
    return "Fargate requires that 'cpu' be defined at the task level.";
  }
  if (!has_member(spec, "memory") || !memory) {
    return "Fargate requires that 'memory' be defined at the task level.";
  }
  if (!fargate_combination_supported(*cpu, *memory)) {
    return fmt::format(
        "No Fargate configuration exists for given values: {} CPU, {} memory. See the Amazon ECS "
        "documentation for the valid values.",
        *cpu, *memory);
  }
  if (has_member(spec, "ipcMode")) {
    return "Tasks using the Fargate launch type do not support ipcMode.";
  }
  if (string_member(spec, "pidMode") == "host") {
    return "Tasks using the Fargate launch type do not support pidMode 'host'. The supported value for pidMode is "
           "'task'.";
  }
  if (const auto* constraints = array_member(spec, "placementConstraints"); constraints && !constraints->empty()) {
    return "Fargate does not support task placement constraints.";
  }
  if (has_member(spec, "inferenceAccelerators")) {
    return "Fargate does not support inference accelerators.";
  }
  if (const auto* volumes = array_member(spec, "volumes")) {
    for (const auto& item : *volumes) {
      const auto& volume = item.as_object();
      if (has_member(volume, "dockerVolumeConfiguration")) {
        return "Fargate does not support Docker volumes ('dockerVolumeConfiguration').";
      }
      if (const auto* host = object_member(volume, "host"); host && has_member(*host, "sourcePath")) {
        return "Fargate does not support host volumes with a 'sourcePath'.";
      }
    }
  }
  bool has_execution_role = has_member(spec, "executionRoleArn");
  for (const auto& item : containers_of(spec)) {
    const auto& c = item.as_object();
    if (bool_member(c, "privileged", false)) {
      return fmt::format("Fargate does not support privileged containers (container '{}').", string_member(c, "name"));
    }
    if (has_member(c, "links")) {
      return "Links are not supported when networkMode=awsvpc.";
    }
    const auto* log = object_member(c, "logConfiguration");
    if (log && string_member(*log, "logDriver") == "awslogs" && !has_execution_role) {
      return "Fargate requires task definition to have execution role ARN to support log driver awslogs.";
    }
    if (string_member(c, "image").find(".dkr.ecr.") != std::string_view::npos && !has_execution_role) {
      return "Fargate requires task definition to have execution role ARN to support ECR images.";
    }
  }
  return {};
}

json::object checked_task_definition_spec(const json::object& input) {
  std::string_view family = string_member(input, "family");
  if (!valid_family_name(family)) {
    client_error(
        "Family name can have up to 255 letters (uppercase and lowercase), numbers, hyphens, and "
        "underscores.");
  }
  json::object spec = input;
  spec.erase("tags");
  std::optional<long> task_cpu;
  std::optional<long> task_memory;
  if (has_member(spec, "cpu")) {
    task_cpu = parse_task_cpu(string_member(spec, "cpu"));
    if (!task_cpu || *task_cpu < 128 || *task_cpu > 196608) {
      client_error(
          "Invalid 'cpu' setting for task. Specify CPU units between 128 and 196608 (for example 1024) "
          "or vCPUs (for example '1 vCPU').");
    }
    spec["cpu"] = std::to_string(*task_cpu);
  }
  if (has_member(spec, "memory")) {
    task_memory = parse_task_memory(string_member(spec, "memory"));
    if (!task_memory || *task_memory < kMinContainerMemory) {
      client_error(
          "Invalid 'memory' setting for task. Specify memory in MiB (for example 2048) or in GB (for "
          "example '2 GB').");
    }
    spec["memory"] = std::to_string(*task_memory);
  }
  if (const auto* storage = object_member(spec, "ephemeralStorage")) {
    auto size = int_member(*storage, "sizeInGiB");
    if (!size || *size < 21 || *size > 200) {
      client_error("Invalid 'ephemeralStorage' setting. 'sizeInGiB' must be between 21 and 200.");
    }
  }
  // Taken after the last change to `spec`: inserting members may move its storage.
  const json::array& containers = containers_of(spec);
  if (containers.empty()) {
    client_error("Container list cannot be empty.");
  }
  if (containers.size() > kMaxContainers) {
    client_error(fmt::format("Too many containers: a task definition can have at most {} containers.", kMaxContainers));
  }
  std::string_view mode = network_mode(spec);
  std::set<std::string> container_names;
  bool any_essential = false;
  long memory_sum = 0;
  long cpu_sum = 0;
  for (const auto& item : containers) {
    const auto& c = item.as_object();
    std::string_view name = string_member(c, "name");
    if (name.empty()) {
      client_error("Container.name should not be null or empty.");
    }
    if (!valid_family_name(name)) {
      client_error(
          fmt::format("Invalid container name '{}'. Container names can have up to 255 letters "
                      "(uppercase and lowercase), numbers, hyphens, and underscores.",
                      name));
    }
    if (!container_names.insert(std::string(name)).second) {
      client_error(
          fmt::format("Container names must be unique within a task definition. Duplicate container name: "
                      "'{}'.",
                      name));
    }
    if (string_member(c, "image").empty()) {
      client_error("Container.image should not be null or empty.");
    }
    any_essential |= bool_member(c, "essential", true);
    check_memory(c, name, task_memory.has_value());
    memory_sum += int_member(c, "memory").value_or(int_member(c, "memoryReservation").value_or(0));
    auto cpu = int_member(c, "cpu");
    if (cpu && *cpu < 0) {
      client_error(fmt::format("Invalid 'cpu' setting for container '{}'. 'cpu' must not be negative.", name));
    }
    cpu_sum += cpu.value_or(0);
    check_port_mappings(c, name, mode);
    if (has_member(c, "links") && mode != "bridge") {
      client_error(fmt::format("Links are not supported when networkMode={}.", mode));
    }
  }
  if (!any_essential) {
    client_error("Invalid task definition: at least one container must be essential.");
  }
  if (task_memory && memory_sum > *task_memory) {
    client_error(
        fmt::format("Invalid 'memory' setting for task. The sum of the container memory values ({} MiB) "
                    "must not exceed the task memory ({} MiB).",
                    memory_sum, *task_memory));
  }
  if (task_cpu && cpu_sum > *task_cpu) {
    client_error(
        fmt::format("Invalid 'cpu' setting for task. The sum of the container cpu values ({}) must not "
                    "exceed the task cpu ({}).",
                    cpu_sum, *task_cpu));
  }
  std::set<std::string> volumes = checked_volume_names(spec);
  for (const auto& item : containers) {
    const auto& c = item.as_object();
    check_container_references(c, string_member(c, "name"), volumes, container_names);
  }
  check_dependencies(containers);
  for (const auto& compatibility : string_list(spec, "requiresCompatibilities")) {
    if (compatibility == "FARGATE") {
      if (std::string problem = fargate_incompatibility(spec); !problem.empty()) {
        client_error(problem);
      }
    } else if (compatibility == "EXTERNAL" && mode == "awsvpc") {
      client_error("Task definitions for the EXTERNAL launch type do not support network mode 'awsvpc'.");
    }
  }
  return spec;
}

}  // namespace ecsemu::ecs
