// Creating tasks (RunTask, StartTask, the service scheduler): validation, placement, the new Task records.
#include "services/ecs/ecs_task_launch.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_network_model.hpp"
#include "services/ecs/ecs_task_network.hpp"
#include "services/ecs/ecs_task_placement.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;
using aws::ServiceError;

void read_launch_parameters(const json::object& parameters, LaunchRequest& r) {
  if (const auto* list = aws::array_member(parameters, "capacityProviderStrategy")) {
    r.has_capacity_provider_strategy = true;
    for (const auto& item : *list) {
      if (item.is_object()) {
        const auto& o = item.as_object();
        r.capacity_provider_strategy.push_back({std::string(aws::string_member(o, "capacityProvider")),
                                                static_cast<int>(aws::int_member(o, "weight", 0)),
                                                static_cast<int>(aws::int_member(o, "base", 0))});
      }
    }
  }
  if (const auto* nc = parameters.if_contains("networkConfiguration"); nc != nullptr && nc->is_object()) {
    if (const auto* vpc = nc->as_object().if_contains("awsvpcConfiguration"); vpc != nullptr && vpc->is_object()) {
      r.has_network_configuration = true;
      r.subnets = aws::string_list(vpc->as_object(), "subnets");
      r.security_groups = aws::string_list(vpc->as_object(), "securityGroups");
      r.assign_public_ip = std::string(aws::string_member(vpc->as_object(), "assignPublicIp"));
    }
  }
  r.platform_version = std::string(aws::string_member(parameters, "platformVersion"));
}

void read_placement(const json::array* constraints, const json::array* strategy, LaunchRequest& r) {
  for (const json::array* list : {constraints, strategy}) {
    if (list == nullptr) {
      continue;
    }
    for (const auto& item : *list) {
      if (!item.is_object()) {
        continue;
      }
      const auto& o = item.as_object();
      if (list == constraints) {
        r.constraints.push_back(
            {std::string(aws::string_member(o, "type")), std::string(aws::string_member(o, "expression"))});
      } else {
        r.strategies.push_back(
            {std::string(aws::string_member(o, "type")), std::string(aws::string_member(o, "field"))});
      }
    }
  }
}

namespace {

constexpr int kMaxCount = 10;
constexpr std::size_t kMaxSubnets = 16;
constexpr std::size_t kMaxSecurityGroups = 5;
constexpr std::size_t kMaxStartedBy = 128;
constexpr std::size_t kMaxClientToken = 64;

std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t num(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) {
    return 0;
  }
  if (v->is_int64()) {
    return v->as_int64();
  }
  if (v->is_uint64()) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  return v->is_double() ? static_cast<std::int64_t>(v->as_double()) : 0;
}

// "1024", "1 vCPU", "0.5 GB" -> units / MiB. 0 when unreadable.
std::int64_t parse_amount(std::string_view text, std::string_view unit_word) {
  std::string lower;
  for (char c : text) {
    if (c != ' ') {
      lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  bool scaled = false;
  if (lower.size() > unit_word.size() &&
      lower.compare(lower.size() - unit_word.size(), unit_word.size(), unit_word) == 0) {
    lower.resize(lower.size() - unit_word.size());
    scaled = true;
  }
  if (lower.empty()) {
    return 0;
  }
  try {
    std::size_t used = 0;
    double v = std::stod(lower, &used);
    if (used != lower.size() || v < 0) {
      return 0;
    }
    return static_cast<std::int64_t>(scaled ? v * 1024 : v);
  } catch (const std::exception&) {
    return 0;
  }
}

const TaskDefinition& resolve_task_definition(EcsState& state, const LaunchEnv& env, std::string_view identifier) {
  std::string_view ref = identifier;
  if (identifier.rfind("arn:", 0) == 0) {
    std::string prefix = "arn:aws:ecs:" + env.region + ":" + env.account + ":task-definition/";
    if (identifier.rfind(prefix, 0) != 0) {
      throw ServiceError("ClientException", "Unable to describe task definition.");
    }
    ref = identifier.substr(prefix.size());
    if (ref.find(':') == std::string_view::npos) {
      throw ServiceError("ClientException", "Unable to describe task definition.");
    }
  }
  std::string family(ref.substr(0, ref.find(':')));
  int revision = 0;
  if (auto colon = ref.find(':'); colon != std::string_view::npos) {
    std::string_view digits = ref.substr(colon + 1);
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      throw ServiceError("InvalidParameterException", fmt::format("Invalid revision number. Number: {}", digits));
    }
    if (digits.size() > 9) {
      throw ServiceError("ClientException", "Unable to describe task definition.");
    }
    revision = std::stoi(std::string(digits));
  }
  auto fam = state.task_definitions.families.find(family);
  if (fam == state.task_definitions.families.end()) {
    throw ServiceError("ClientException", "Unable to describe task definition.");
  }
  if (revision == 0) {
    for (auto it = fam->second.rbegin(); it != fam->second.rend(); ++it) {
      if (it->second.status == "ACTIVE") {
        return it->second;
      }
    }
    throw ServiceError("ClientException", "Unable to describe task definition.");
  }
  auto rev = fam->second.find(revision);
  if (rev == fam->second.end()) {
    throw ServiceError("ClientException", "Unable to describe task definition.");
  }
  if (rev->second.status != "ACTIVE") {
    throw ServiceError("ClientException", "TaskDefinition is inactive");
  }
  return rev->second;
}

bool cluster_has_provider(const Cluster& cluster, std::string_view name) {
  return std::any_of(cluster.capacity_providers.begin(), cluster.capacity_providers.end(),
                     [&](const json::value& v) { return v.is_string() && v.as_string() == name; });
}

struct Placing {
  std::string launch_type;
  std::string capacity_provider;
};

Placing resolve_launch_type(const EcsState& state, const Cluster& cluster, const LaunchRequest& request) {
  if (!request.launch_type.empty() && request.has_capacity_provider_strategy) {
    throw ServiceError("InvalidParameterException",
                       "Specifying both a launch type and capacity provider strategy is not supported. Remove one "
                       "and try again.");
  }
  if (!request.launch_type.empty()) {
    return {request.launch_type, {}};
  }
  std::vector<CapacityProviderItem> strategy = request.capacity_provider_strategy;
  if (!request.has_capacity_provider_strategy) {
    for (const auto& item : cluster.default_strategy) {
      if (item.is_object()) {
        const auto& o = item.as_object();
        strategy.push_back(
            {str(o, "capacityProvider"), static_cast<int>(num(o, "weight")), static_cast<int>(num(o, "base"))});
      }
    }
  }
  if (strategy.empty()) {
    if (request.has_capacity_provider_strategy) {
      throw ServiceError("InvalidParameterException", "The capacity provider strategy cannot be empty.");
    }
    return {"EC2", {}};
  }
  // The provider that gets the first task: the one with a base, else the first with weight.
  const CapacityProviderItem* chosen = nullptr;
  for (const auto& item : strategy) {
    if (item.provider.empty()) {
      throw ServiceError("InvalidParameterException", "A capacity provider name is required.");
    }
    if (!cluster_has_provider(cluster, item.provider)) {
      throw ServiceError("InvalidParameterException",
                         "The specified capacity provider strategy cannot contain a capacity provider that is not "
                         "associated with the cluster. Associate the capacity provider with the cluster or specify "
                         "a valid capacity provider and try again.");
    }
    if (chosen == nullptr || (item.base > chosen->base) ||
        (chosen->weight == 0 && item.weight > 0 && chosen->base == 0)) {
      chosen = &item;
    }
  }
  bool fargate = chosen->provider == "FARGATE" || chosen->provider == "FARGATE_SPOT";
  (void)state;
  return {fargate ? "FARGATE" : "EC2", chosen->provider};
}

bool supports(const TaskDefinition& td, std::string_view launch_type) {
  if (td.compatibilities.empty()) {
    if (launch_type == "FARGATE") {
      return str(td.spec, "networkMode") == "awsvpc" && !str(td.spec, "cpu").empty() && !str(td.spec, "memory").empty();
    }
    return true;
  }
  return std::find(td.compatibilities.begin(), td.compatibilities.end(), launch_type) != td.compatibilities.end();
}

std::string availability_zone_for_subnet(const std::string& region, const std::string& subnet) {
  return region + static_cast<char>('a' + std::hash<std::string>{}(subnet) % 3);
}

std::string random_uuid(std::mt19937_64& rng) {
  std::string h = random_hex(rng, 32);
  h[12] = '4';
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

// The containers of a new task: the definition's, with the overrides applied.
std::vector<TaskContainer> containers_of(const json::array& definitions, const json::object& overrides,
                                         const std::string& network_mode) {
  std::vector<TaskContainer> out;
  const json::array* list = nullptr;
  if (const auto* v = overrides.if_contains("containerOverrides"); v != nullptr && v->is_array()) {
    list = &v->as_array();
  }
  for (const auto& value : definitions) {
    if (!value.is_object()) {
      continue;
    }
    const auto& def = value.as_object();
    TaskContainer c;
    c.name = str(def, "name");
    c.image = str(def, "image");
    if (const auto* e = def.if_contains("essential"); e != nullptr && e->is_bool()) {
      c.essential = e->as_bool();
    }
    c.cpu = num(def, "cpu");
    c.memory = num(def, "memory");
    c.memory_reservation = num(def, "memoryReservation");
    c.has_health_check = def.contains("healthCheck");
    if (list != nullptr) {
      for (const auto& o : *list) {
        if (o.is_object() && str(o.as_object(), "name") == c.name) {
          const auto& ov = o.as_object();
          c.cpu = ov.contains("cpu") ? num(ov, "cpu") : c.cpu;
          c.memory = ov.contains("memory") ? num(ov, "memory") : c.memory;
          c.memory_reservation = ov.contains("memoryReservation") ? num(ov, "memoryReservation") : c.memory_reservation;
        }
      }
    }
    if (const auto* pm = def.if_contains("portMappings");
        pm != nullptr && pm->is_array() && (network_mode == "bridge" || network_mode == "host")) {
      for (const auto& p : pm->as_array()) {
        if (!p.is_object()) {
          continue;
        }
        TaskPort port;
        port.container_port = static_cast<int>(num(p.as_object(), "containerPort"));
        port.host_port =
            network_mode == "host" ? port.container_port : static_cast<int>(num(p.as_object(), "hostPort"));
        port.protocol = str(p.as_object(), "protocol").empty() ? "tcp" : str(p.as_object(), "protocol");
        if (port.host_port != 0) {
          c.ports.push_back(port);
        }
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

std::mt19937_64& task_random() {
  static std::mt19937_64 rng{std::random_device{}()};
  return rng;
}

std::string random_hex(std::mt19937_64& rng, std::size_t digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < digits; ++i) {
    out.push_back(kHex[rng() % 16]);
  }
  return out;
}

LaunchOutcome launch_tasks(EcsState& state, const Cluster& cluster, const LaunchEnv& env, const LaunchRequest& request,
                           std::mt19937_64& rng) {
  if (request.count < 1 || request.count > kMaxCount) {
    throw ServiceError("InvalidParameterException", "count must be between 1 and 10.");
  }
  if (request.started_by.size() > kMaxStartedBy) {
    throw ServiceError("InvalidParameterException", "startedBy must be at most 128 characters.");
  }
  if (request.client_token.size() > kMaxClientToken) {
    throw ServiceError("InvalidParameterException", "clientToken must be at most 64 characters.");
  }
  const TaskDefinition& td = resolve_task_definition(state, env, request.task_definition);

  // A repeated clientToken returns the tasks it created.
  if (!request.client_token.empty()) {
    LaunchOutcome previous;
    for (const auto& [id, task] : state.tasks.tasks) {
      if (task.client_token == request.client_token && task.cluster_arn == cluster.arn) {
        if (task.task_definition_arn != td.arn) {
          throw ServiceError("InvalidParameterException",
                             "The clientToken was already used with different parameters.");
        }
        previous.task_ids.push_back(id);
      }
    }
    if (!previous.task_ids.empty()) {
      return previous;
    }
  }

  Placing placing = request.explicit_instances ? Placing{"EC2", {}} : resolve_launch_type(state, cluster, request);
  const std::string& launch_type = placing.launch_type;
  if (launch_type == "MANAGED_INSTANCES") {
    throw ServiceError("InvalidParameterException", "The MANAGED_INSTANCES launch type is not supported.");
  }
  if (!supports(td, launch_type)) {
    throw ServiceError("InvalidParameterException",
                       "Task definition does not support launch_type " + launch_type + ".");
  }
  const bool fargate = launch_type == "FARGATE";
  std::string network_mode = str(td.spec, "networkMode");
  if (network_mode.empty()) {
    network_mode = fargate ? "awsvpc" : "bridge";
  }
  if (network_mode == "awsvpc") {
    if (!request.has_network_configuration) {
      throw ServiceError("InvalidParameterException",
                         "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    }
    if (request.subnets.empty()) {
      throw ServiceError("InvalidParameterException", "subnets can not be empty.");
    }
    if (request.subnets.size() > kMaxSubnets) {
      throw ServiceError("InvalidParameterException", "subnets can have at most 16 items.");
    }
    if (request.security_groups.size() > kMaxSecurityGroups) {
      throw ServiceError("InvalidParameterException", "securityGroups can have at most 5 items.");
    }
    if (request.assign_public_ip == "ENABLED" && !fargate) {
      throw ServiceError("InvalidParameterException", "Assign public IP is not supported for this launch type.");
    }
    if (env.ec2 != nullptr) {
      validate_task_network(ec2::ensure_defaults(*env.ec2, env.region), request);
    }
  } else if (request.has_network_configuration) {
    throw ServiceError("InvalidParameterException",
                       "Network Configuration is not valid for the given networkMode of this task definition.");
  }
  std::string platform_version;
  if (fargate) {
    std::string pv = request.platform_version.empty() ? "LATEST" : request.platform_version;
    if (pv != "LATEST" && pv != "1.4.0" && pv != "1.3.0") {
      throw ServiceError("PlatformUnknownException", "The specified platform does not exist.");
    }
    platform_version = pv == "LATEST" ? "1.4.0" : pv;
  } else if (!request.platform_version.empty()) {
    throw ServiceError("InvalidParameterException",
                       "The platform version must be null when specifying an " + launch_type + " launch type.");
  }
  if (std::string err = validate_placement(request.constraints, request.strategies); !err.empty()) {
    throw ServiceError("InvalidParameterException", err);
  }
  if (fargate && (!request.constraints.empty() || !request.strategies.empty())) {
    throw ServiceError("InvalidParameterException",
                       "Task placement constraints and strategies are not supported for the FARGATE launch type.");
  }

  // Overrides name containers of the definition.
  json::array definitions;
  if (const auto* v = td.spec.if_contains("containerDefinitions"); v != nullptr && v->is_array()) {
    definitions = v->as_array();
  }
  if (const auto* list = request.overrides.if_contains("containerOverrides"); list != nullptr && list->is_array()) {
    for (const auto& o : list->as_array()) {
      std::string name = o.is_object() ? str(o.as_object(), "name") : std::string();
      bool known = std::any_of(definitions.begin(), definitions.end(), [&](const json::value& d) {
        return d.is_object() && str(d.as_object(), "name") == name;
      });
      if (!known) {
        throw ServiceError("InvalidParameterException",
                           "Override for container named " + name + " is not a container in the TaskDefinition.");
      }
    }
  }
  std::string task_cpu = str(td.spec, "cpu");
  std::string task_memory = str(td.spec, "memory");
  if (!str(request.overrides, "cpu").empty()) {
    std::int64_t v = parse_amount(str(request.overrides, "cpu"), "vcpu");
    if (v <= 0) {
      throw ServiceError("InvalidParameterException", "Invalid 'cpu' setting for task override.");
    }
    task_cpu = std::to_string(v);
  }
  if (!str(request.overrides, "memory").empty()) {
    std::int64_t v = parse_amount(str(request.overrides, "memory"), "gb");
    if (v <= 0) {
      throw ServiceError("InvalidParameterException", "Invalid 'memory' setting for task override.");
    }
    task_memory = std::to_string(v);
  }
  if (fargate && (task_cpu.empty() || task_memory.empty())) {
    throw ServiceError("ClientException", "Fargate requires that 'cpu' and 'memory' be defined at the task level.");
  }

  Tags tags;
  if (request.propagate_tags == "TASK_DEFINITION") {
    tags = td.tags;
  }
  merge_tags(tags, request.tags);
  if (request.enable_ecs_managed_tags) {
    merge_tags(tags, {{"aws:ecs:clusterName", cluster.name}});
  }
  if (tags.size() > 50) {
    throw ServiceError("InvalidParameterException", "A task can have at most 50 tags.");
  }

  // The prototype every new task copies.
  Task proto;
  proto.cluster_arn = cluster.arn;
  proto.task_definition_arn = td.arn;
  proto.launch_type = launch_type;
  proto.capacity_provider_name = placing.capacity_provider;
  proto.group = request.group.empty() ? "family:" + td.family : request.group;
  proto.started_by = request.started_by;
  proto.tags = tags;
  proto.created_at = env.now;
  proto.family = td.family;
  proto.revision = td.revision;
  proto.network_mode = network_mode;
  proto.container_definitions = definitions;
  if (const auto* v = td.spec.if_contains("volumes"); v != nullptr && v->is_array()) {
    proto.volumes = v->as_array();
  }
  proto.pid_mode = str(td.spec, "pidMode");
  proto.ipc_mode = str(td.spec, "ipcMode");
  proto.overrides = request.overrides;
  proto.task_role_arn = str(request.overrides, "taskRoleArn");
  if (proto.task_role_arn.empty()) {
    proto.task_role_arn = str(td.spec, "taskRoleArn");
  }
  proto.execution_role_arn = str(request.overrides, "executionRoleArn");
  if (proto.execution_role_arn.empty()) {
    proto.execution_role_arn = str(td.spec, "executionRoleArn");
  }
  proto.cpu = task_cpu;
  proto.memory = task_memory;
  proto.platform_version = platform_version;
  proto.platform_family = fargate ? "Linux" : "";
  proto.enable_execute_command = request.enable_execute_command;
  proto.ephemeral_storage_gib = fargate ? 20 : 0;
  proto.client_token = request.client_token;
  proto.containers = containers_of(definitions, request.overrides, network_mode);

  // Where the tasks go.
  LaunchOutcome outcome;
  std::vector<std::string> placements;
  if (fargate) {
    placements.assign(static_cast<std::size_t>(request.count), std::string());
  } else {
    place_on_instances(state, cluster, proto, request, rng, placements, outcome.failures);
  }

  const std::string cluster_name = cluster.name;
  for (const auto& instance_arn : placements) {
    Task task = proto;
    do {
      task.id = random_hex(rng, 32);
    } while (state.tasks.tasks.count(task.id) != 0);
    task.arn = task_arn(env.region, env.account, cluster_name, task.id);
    task.container_instance_arn = instance_arn;
    for (auto& c : task.containers) {
      c.arn = "arn:aws:ecs:" + env.region + ":" + env.account + ":container/" + cluster_name + "/" + task.id + "/" +
              random_uuid(rng);
    }
    if (network_mode == "awsvpc" && env.ec2 != nullptr) {
      create_task_eni(env.ec2->network, env, request, task, rng);
    } else if (network_mode == "awsvpc") {
      TaskEni eni;
      eni.attachment_id = random_uuid(rng);
      eni.subnet_id = request.subnets[rng() % request.subnets.size()];
      eni.eni_id = "eni-" + random_hex(rng, 17);
      std::string mac = random_hex(rng, 10);
      eni.mac_address = "02:" + mac.substr(0, 2) + ":" + mac.substr(2, 2) + ":" + mac.substr(4, 2) + ":" +
                        mac.substr(6, 2) + ":" + mac.substr(8, 2);
      eni.private_ip = "10.0." + std::to_string(rng() % 256) + "." + std::to_string(2 + rng() % 252);
      task.eni = eni;
    }
    if (!instance_arn.empty()) {
      for (const auto& [id, ci] : state.container_instances.instances) {
        if (ci.arn == instance_arn) {
          auto az = ci.attributes.find("ecs.availability-zone");
          task.availability_zone = az != ci.attributes.end() && az->second ? *az->second : env.region + "a";
        }
      }
    } else if (task.availability_zone.empty()) {
      task.availability_zone =
          task.eni ? availability_zone_for_subnet(env.region, task.eni->subnet_id) : env.region + "a";
    }
    outcome.task_ids.push_back(task.id);
    insert_task(state.tasks, std::move(task));
  }
  return outcome;
}

LaunchOutcome launch_service_tasks(EcsState& state, const Cluster& cluster, const LaunchEnv& env,
                                   std::string_view service_name, std::string_view started_by, LaunchRequest request,
                                   std::mt19937_64& rng) {
  request.group = "service:" + std::string(service_name);
  request.started_by = std::string(started_by);
  request.client_token.clear();
  return launch_tasks(state, cluster, env, request, rng);
}

void stop_service_task(Task& task, std::string_view reason) {
  if (task.desired_status == "STOPPED") {
    return;
  }
  task.desired_status = "STOPPED";
  task.stop_code = "ServiceSchedulerInitiated";
  task.stopped_reason = reason;
  ++task.version;
}

}  // namespace ecsemu::ecs
