// Task model rules: the lifecycle mapping, ARNs, lookups, reservations and cluster counts.
#include <algorithm>
#include <charconv>

#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

const char* last_status_of(TaskState state) {
  switch (state) {
    case TaskState::Provisioning:
      return "PROVISIONING";
    case TaskState::Pending:
      return "PENDING";
    case TaskState::Activating:
      return "ACTIVATING";
    case TaskState::Running:
      return "RUNNING";
    case TaskState::Deactivating:
      return "DEACTIVATING";
    case TaskState::Stopping:
      return "STOPPING";
    case TaskState::Deprovisioning:
      return "DEPROVISIONING";
    case TaskState::Stopped:
      return "STOPPED";
  }
  return "PROVISIONING";
}

void request_stop(Task& task, std::string_view stop_code, std::string_view reason) {
  if (task.desired_status == "STOPPED") {
    return;
  }
  task.desired_status = "STOPPED";
  task.stop_code = stop_code;
  task.stopped_reason = reason;
  ++task.version;
}

const char* task_health_status(const Task& task) {
  bool any = false;
  bool all_healthy = true;
  for (const auto& c : task.containers) {
    if (!c.essential || !c.has_health_check) {
      continue;
    }
    any = true;
    if (c.health_status == "UNHEALTHY") {
      return "UNHEALTHY";
    }
    all_healthy = all_healthy && c.health_status == "HEALTHY";
  }
  return any && all_healthy ? "HEALTHY" : "UNKNOWN";
}

std::string task_arn(std::string_view region, std::string_view account, std::string_view cluster_name,
                     std::string_view id) {
  std::string arn = "arn:aws:ecs:";
  arn.append(region).append(":").append(account).append(":task/").append(cluster_name).append("/").append(id);
  return arn;
}

bool parse_task_arn(std::string_view arn, TaskArnParts& out) {
  constexpr std::string_view kPrefix = "arn:aws:ecs:";
  if (arn.substr(0, kPrefix.size()) != kPrefix) {
    return false;
  }
  std::string_view rest = arn.substr(kPrefix.size());
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) {
    return false;
  }
  out.region = std::string(rest.substr(0, colon));
  rest = rest.substr(colon + 1);
  colon = rest.find(':');
  if (colon == std::string_view::npos) {
    return false;
  }
  out.account = std::string(rest.substr(0, colon));
  rest = rest.substr(colon + 1);
  if (rest.substr(0, 5) != "task/") {
    return false;
  }
  rest = rest.substr(5);
  auto slash = rest.find('/');
  if (slash == std::string_view::npos) {
    out.cluster_name.clear();  // the short (old) format: task/ID
    out.id = std::string(rest);
  } else {
    out.cluster_name = std::string(rest.substr(0, slash));
    out.id = std::string(rest.substr(slash + 1));
  }
  return !out.id.empty() && out.id.find('/') == std::string::npos && !out.region.empty() && !out.account.empty();
}

Task* find_task(EcsState& state, std::string_view cluster_arn, std::string_view identifier) {
  std::string id(identifier);
  if (identifier.rfind("arn:", 0) == 0) {
    TaskArnParts parts;
    if (!parse_task_arn(identifier, parts)) {
      return nullptr;
    }
    id = parts.id;
  }
  auto it = state.tasks.tasks.find(id);
  if (it == state.tasks.tasks.end() || it->second.cluster_arn != cluster_arn) {
    return nullptr;
  }
  if (identifier.rfind("arn:", 0) == 0) {
    TaskArnParts want;
    TaskArnParts have;
    parse_task_arn(identifier, want);
    parse_task_arn(it->second.arn, have);
    if (want.region != have.region || want.account != have.account ||
        (!want.cluster_name.empty() && want.cluster_name != have.cluster_name)) {
      return nullptr;
    }
  }
  return &it->second;
}

namespace {
// A task-level size as ECS stores it ("1024"): its value, or 0 for anything that is not a whole number.
std::int64_t task_size_value(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value >= 0 ? value : 0;
}
}  // namespace

std::int64_t task_cpu_units(const Task& task) {
  if (!task.cpu.empty()) {
    return task_size_value(task.cpu);
  }
  std::int64_t sum = 0;
  for (const auto& c : task.containers) {
    sum += c.cpu;
  }
  return sum;
}

std::int64_t task_memory_mib(const Task& task) {
  if (!task.memory.empty()) {
    return task_size_value(task.memory);
  }
  std::int64_t sum = 0;
  for (const auto& c : task.containers) {
    sum += c.memory != 0 ? c.memory : c.memory_reservation;
  }
  return sum;
}

namespace {

std::string group_key(std::string_view cluster_arn, std::string_view group) {
  std::string key(cluster_arn);
  key += ' ';
  key += group;
  return key;
}

const std::set<std::string>& ids_or_none(const std::map<std::string, std::set<std::string>, std::less<>>& index,
                                         std::string_view key) {
  static const std::set<std::string> kNone;
  auto it = index.find(key);
  return it == index.end() ? kNone : it->second;
}

void unindex(std::map<std::string, std::set<std::string>, std::less<>>& index, std::string_view key,
             const std::string& id) {
  auto it = index.find(key);
  if (it != index.end()) {
    it->second.erase(id);
    if (it->second.empty()) {
      index.erase(it);
    }
  }
}

}  // namespace

Task& insert_task(TaskStore& store, Task&& task) {
  std::string id = task.id;
  store.by_group[group_key(task.cluster_arn, task.group)].insert(id);
  if (!task.container_instance_arn.empty()) {
    store.by_instance[task.container_instance_arn].insert(id);
  }
  return store.tasks.insert_or_assign(std::move(id), std::move(task)).first->second;
}

std::map<std::string, Task>::iterator erase_task(TaskStore& store, std::map<std::string, Task>::iterator it) {
  const Task& task = it->second;
  unindex(store.by_group, group_key(task.cluster_arn, task.group), task.id);
  if (!task.container_instance_arn.empty()) {
    unindex(store.by_instance, task.container_instance_arn, task.id);
  }
  return store.tasks.erase(it);
}

const std::set<std::string>& task_ids_in_group(const TaskStore& store, std::string_view cluster_arn,
                                               std::string_view group) {
  return ids_or_none(store.by_group, group_key(cluster_arn, group));
}

const std::set<std::string>& task_ids_on_instance(const TaskStore& store, std::string_view container_instance_arn) {
  return ids_or_none(store.by_instance, container_instance_arn);
}

Reservation reserved_on_instance(const EcsState& state, std::string_view container_instance_arn) {
  Reservation r;
  for (const auto& id : task_ids_on_instance(state.tasks, container_instance_arn)) {
    const Task& task = state.tasks.tasks.at(id);
    if (task.state == TaskState::Stopped) {
      continue;
    }
    r.cpu += task_cpu_units(task);
    r.memory += task_memory_mib(task);
    for (const auto& c : task.containers) {
      for (const auto& p : c.ports) {
        if (p.host_port != 0) {
          (p.protocol == "udp" ? r.udp_ports : r.tcp_ports).push_back(p.host_port);
        }
      }
    }
  }
  std::sort(r.tcp_ports.begin(), r.tcp_ports.end());
  std::sort(r.udp_ports.begin(), r.udp_ports.end());
  return r;
}

Tags* find_task_tags(EcsState& state, std::string_view id) {
  // The ARN's part after "task/": CLUSTER/ID (long format) or ID (short format).
  auto slash = id.rfind('/');
  std::string task_id(slash == std::string_view::npos ? id : id.substr(slash + 1));
  auto it = state.tasks.tasks.find(task_id);
  if (it == state.tasks.tasks.end()) {
    return nullptr;
  }
  if (slash != std::string_view::npos) {
    TaskArnParts parts;
    if (!parse_task_arn(it->second.arn, parts) || parts.cluster_name != id.substr(0, slash)) {
      return nullptr;
    }
  }
  return &it->second.tags;
}

void add_task_counts(const EcsState& state, std::string_view cluster_arn, ClusterCounts& counts) {
  for (const auto& [id, task] : state.tasks.tasks) {
    if (task.cluster_arn != cluster_arn) {
      continue;
    }
    const bool fargate = task.launch_type == "FARGATE";
    const bool ec2 = task.launch_type == "EC2";
    if (task.last_status == "RUNNING") {
      ++counts.running_tasks;
      counts.running_fargate_tasks += fargate ? 1 : 0;
      counts.running_ec2_tasks += ec2 ? 1 : 0;
    } else if (task.last_status == "PENDING" || task.last_status == "PROVISIONING" ||
               task.last_status == "ACTIVATING") {
      ++counts.pending_tasks;
      counts.pending_fargate_tasks += fargate ? 1 : 0;
      counts.pending_ec2_tasks += ec2 ? 1 : 0;
    }
  }
}

}  // namespace ecsemu::ecs
