// Task operations: RunTask, StartTask, StopTask, DescribeTasks, ListTasks, Get/UpdateTaskProtection.
#include "services/ecs/ecs_task_handlers.hpp"

#include <algorithm>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_handlers.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_task_launch.hpp"
#include "services/ecs/ecs_task_views.hpp"
#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;
using aws::ServiceError;

namespace {

constexpr std::size_t kMaxDescribe = 100;
constexpr std::size_t kMaxProtectionTasks = 10;
constexpr std::int64_t kDefaultProtectionMinutes = 120;
constexpr std::int64_t kMaxProtectionMinutes = 2880;
constexpr std::int64_t kMaxListResults = 100;

double epoch(const aws::RequestContext& ctx) {
  return std::chrono::duration<double>(ctx.now.time_since_epoch()).count();
}

// The task reconciler acts on the changed desired state once the handler returns.
void kick(aws::RequestContext& ctx) { ctx.changes.tasks = true; }

// RunTask/StartTask input -> LaunchRequest.
LaunchRequest launch_request(const json::object& input) {
  LaunchRequest r;
  r.task_definition = std::string(string_member(input, "taskDefinition"));
  r.count = static_cast<int>(std::clamp<std::int64_t>(int_member(input, "count", 1), -1, 1000));
  r.launch_type = std::string(string_member(input, "launchType"));
  read_launch_parameters(input, r);
  read_placement(array_member(input, "placementConstraints"), array_member(input, "placementStrategy"), r);
  r.group = std::string(string_member(input, "group"));
  r.started_by = std::string(string_member(input, "startedBy"));
  r.tags = parse_tags(input);
  r.propagate_tags = std::string(string_member(input, "propagateTags"));
  r.enable_ecs_managed_tags = bool_member(input, "enableECSManagedTags");
  r.enable_execute_command = bool_member(input, "enableExecuteCommand");
  if (const auto* o = input.if_contains("overrides"); o != nullptr && o->is_object()) {
    for (const auto& [key, value] : o->as_object()) {
      if (!value.is_null()) {
        r.overrides[key] = value;
      }
    }
  }
  r.client_token = std::string(string_member(input, "clientToken"));
  return r;
}

json::value launch_response(aws::RequestContext& ctx, EcsState& state, const LaunchOutcome& outcome) {
  kick(ctx);
  json::array tasks;
  for (const auto& id : outcome.task_ids) {
    tasks.push_back(task_view(state.tasks.tasks.at(id), true));
  }
  json::array failures;
  for (const auto& f : outcome.failures) {
    failures.push_back(failure_view(f.arn, f.reason));
  }
  return json::object{{"tasks", std::move(tasks)}, {"failures", std::move(failures)}};
}

LaunchEnv env_of(aws::RequestContext& ctx) { return {ctx.region, ctx.account_id, epoch(ctx), &ctx.store().ec2}; }

std::string failure_arn(const aws::RequestContext& ctx, const Cluster& cluster, std::string_view identifier) {
  if (identifier.rfind("arn:", 0) == 0) {
    return std::string(identifier);
  }
  return task_arn(ctx.region, ctx.account_id, cluster.name, identifier);
}

void expire_protection(Task& task, double now) {
  if (task.protection_enabled && task.protection_expires_at != 0 && now >= task.protection_expires_at) {
    task.protection_enabled = false;
    task.protection_expires_at = 0;
  }
}

bool is_service_task(const Task& task) { return task.group.rfind("service:", 0) == 0; }

// RunTask and StartTask: the same request, StartTask naming its container instances.
json::value launch(aws::RequestContext& ctx, const json::object& input, bool explicit_instances) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  LaunchRequest request = launch_request(input);
  if (explicit_instances) {
    request.container_instances = string_list(input, "containerInstances");
    request.explicit_instances = true;
  }
  if (request.propagate_tags == "SERVICE") {
    throw ServiceError("InvalidParameterException",
                       "The propagateTags value SERVICE is only valid for tasks started by a service.");
  }
  LaunchOutcome outcome = launch_tasks(state, cluster, env_of(ctx), request, task_random());
  return launch_response(ctx, state, outcome);
}

}  // namespace

json::value run_task(aws::RequestContext& ctx, const json::object& input) { return launch(ctx, input, false); }

json::value start_task(aws::RequestContext& ctx, const json::object& input) { return launch(ctx, input, true); }

json::value stop_task(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  Task* task = find_task(state, cluster.arn, string_member(input, "task"));
  if (task == nullptr) {
    throw ServiceError("InvalidParameterException", "The referenced task was not found.");
  }
  std::string_view reason = string_member(input, "reason");
  if (reason.size() > 1024) {
    throw ServiceError("InvalidParameterException", "reason must be at most 1024 characters.");
  }
  request_stop(*task, "UserInitiated", reason.empty() ? "Task stopped by user" : reason);
  kick(ctx);
  return json::object{{"task", task_view(*task, true)}};
}

json::value describe_tasks(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  std::vector<std::string> identifiers = string_list(input, "tasks");
  if (identifiers.empty()) {
    throw ServiceError("InvalidParameterException", "Tasks cannot be empty.");
  }
  if (identifiers.size() > kMaxDescribe) {
    throw ServiceError("InvalidParameterException", "Tasks can have at most 100 items.");
  }
  bool tags = false;
  for (const auto& field : string_list(input, "include")) {
    tags = tags || field == "TAGS";
  }
  json::array tasks;
  json::array failures;
  for (const auto& identifier : identifiers) {
    if (const Task* task = find_task(state, cluster.arn, identifier)) {
      tasks.push_back(task_view(*task, tags));
    } else {
      failures.push_back(failure_view(failure_arn(ctx, cluster, identifier), "MISSING"));
    }
  }
  return json::object{{"tasks", std::move(tasks)}, {"failures", std::move(failures)}};
}

json::value list_tasks(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  std::int64_t max_results = int_member(input, "maxResults", kMaxListResults);
  if (max_results < 1 || max_results > kMaxListResults) {
    throw ServiceError("InvalidParameterException", "maxResults must be between 1 and 100.");
  }
  std::string after;
  if (has_member(input, "nextToken")) {
    auto decoded = aws::decode_page_token(string_member(input, "nextToken"));
    if (!decoded) {
      throw ServiceError("InvalidParameterException", "Invalid nextToken.");
    }
    after = *decoded;
  }
  std::string family(string_member(input, "family"));
  std::string started_by(string_member(input, "startedBy"));
  std::string launch_type(string_member(input, "launchType"));
  std::string desired(string_member(input, "desiredStatus", "RUNNING"));
  std::string group;
  if (std::string_view service = string_member(input, "serviceName"); !service.empty()) {
    std::string name(service.substr(service.rfind('/') == std::string_view::npos ? 0 : service.rfind('/') + 1));
    bool found = std::any_of(state.services.services.begin(), state.services.services.end(), [&](const auto& kv) {
      return kv.second.cluster_arn == cluster.arn && kv.second.name == name;
    });
    if (!found) {
      throw ServiceError("ServiceNotFoundException", "Service not found.");
    }
    group = "service:" + name;
  }
  std::string instance_arn;
  if (std::string_view instance = string_member(input, "containerInstance"); !instance.empty()) {
    ContainerInstance* ci = find_container_instance(state, cluster.arn, instance);
    if (ci == nullptr) {
      throw ServiceError("InvalidParameterException", "The specified container instance was not found.");
    }
    instance_arn = ci->arn;
  }
  json::array arns;
  std::string last;
  bool more = false;
  for (auto it = after.empty() ? state.tasks.tasks.begin() : state.tasks.tasks.upper_bound(after);
       it != state.tasks.tasks.end(); ++it) {
    const Task& task = it->second;
    if (task.cluster_arn != cluster.arn || (!family.empty() && task.family != family) ||
        (!started_by.empty() && task.started_by != started_by) ||
        (!launch_type.empty() && task.launch_type != launch_type) || (!group.empty() && task.group != group) ||
        (!instance_arn.empty() && task.container_instance_arn != instance_arn)) {
      continue;
    }
    // PENDING is accepted but matches nothing, as on AWS.
    if (desired == "PENDING" || task.desired_status != desired) {
      continue;
    }
    if (static_cast<std::int64_t>(arns.size()) == max_results) {
      more = true;
      break;
    }
    arns.push_back(json::value(task.arn));
    last = it->first;
  }
  json::object out{{"taskArns", std::move(arns)}};
  if (more) {
    out["nextToken"] = aws::encode_page_token(last);
  }
  return out;
}

json::value get_task_protection(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  const double now = epoch(ctx);
  json::array protected_tasks;
  json::array failures;
  if (!has_member(input, "tasks")) {
    for (auto& [id, task] : state.tasks.tasks) {
      if (task.cluster_arn == cluster.arn && is_service_task(task) && task.state != TaskState::Stopped) {
        expire_protection(task, now);
        protected_tasks.push_back(protected_task_view(task));
      }
    }
  } else {
    std::vector<std::string> identifiers = string_list(input, "tasks");
    if (identifiers.size() > kMaxDescribe) {
      throw ServiceError("InvalidParameterException", "Tasks can have at most 100 items.");
    }
    for (const auto& identifier : identifiers) {
      Task* task = find_task(state, cluster.arn, identifier);
      if (task == nullptr) {
        failures.push_back(failure_view(failure_arn(ctx, cluster, identifier), "MISSING"));
      } else if (!is_service_task(*task)) {
        failures.push_back(failure_view(task->arn, "TASK_NOT_VALID", "The task is not part of a service."));
      } else {
        expire_protection(*task, now);
        protected_tasks.push_back(protected_task_view(*task));
      }
    }
  }
  return json::object{{"protectedTasks", std::move(protected_tasks)}, {"failures", std::move(failures)}};
}

json::value update_task_protection(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  const bool enable = bool_member(input, "protectionEnabled");
  const std::int64_t minutes = int_member(input, "expiresInMinutes", kDefaultProtectionMinutes);
  if (enable && (minutes < 1 || minutes > kMaxProtectionMinutes)) {
    throw ServiceError("InvalidParameterException", "expiresInMinutes must be between 1 and 2880.");
  }
  std::vector<std::string> identifiers = string_list(input, "tasks");
  if (identifiers.empty() || identifiers.size() > kMaxProtectionTasks) {
    throw ServiceError("InvalidParameterException", "Tasks must list 1 to 10 tasks.");
  }
  const double now = epoch(ctx);
  json::array protected_tasks;
  json::array failures;
  for (const auto& identifier : identifiers) {
    Task* task = find_task(state, cluster.arn, identifier);
    if (task == nullptr) {
      failures.push_back(failure_view(failure_arn(ctx, cluster, identifier), "MISSING"));
      continue;
    }
    if (!is_service_task(*task)) {
      failures.push_back(failure_view(task->arn, "TASK_NOT_VALID", "The task is not part of a service."));
      continue;
    }
    task->protection_enabled = enable;
    task->protection_expires_at = enable ? now + static_cast<double>(minutes) * 60 : 0;
    protected_tasks.push_back(protected_task_view(*task));
  }
  return json::object{{"protectedTasks", std::move(protected_tasks)}, {"failures", std::move(failures)}};
}

void register_task_operations(aws::OperationRegistry& registry) {
  registry.add("ecs", "RunTask", &run_task);
  registry.add("ecs", "StartTask", &start_task);
  registry.add("ecs", "StopTask", &stop_task);
  registry.add("ecs", "DescribeTasks", &describe_tasks);
  registry.add("ecs", "ListTasks", &list_tasks);
  registry.add("ecs", "GetTaskProtection", &get_task_protection);
  registry.add("ecs", "UpdateTaskProtection", &update_task_protection);
}

}  // namespace ecsemu::ecs
