// Task sets of services using the EXTERNAL (or CODE_DEPLOY) deployment controller: CreateTaskSet, UpdateTaskSet,
// DeleteTaskSet, DescribeTaskSets, UpdateServicePrimaryTaskSet.
#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_service_handlers.hpp"
#include "services/ecs/ecs_service_params.hpp"
#include "services/ecs/ecs_service_views.hpp"
#include "services/ecs/ecs_task_network.hpp"
#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

[[noreturn]] void invalid(std::string message) {
  throw aws::ServiceError("InvalidParameterException", std::move(message));
}

// Task sets are managed by the caller only for EXTERNAL services (CodeDeploy manages CODE_DEPLOY ones).
Service& require_external(aws::RequestContext& ctx, const json::object& input, bool read_only,
                          Cluster** cluster = nullptr) {
  Service& service = require_service(ctx, input, cluster);
  require_active(service);
  if (service.controller == "ECS" || (!read_only && service.controller != "EXTERNAL")) {
    invalid(
        fmt::format("Amazon ECS supports task set management only for services that use the EXTERNAL "
                    "deployment controller type; this service uses {}.",
                    service.controller));
  }
  return service;
}

TaskSet& require_task_set(Service& service, std::string_view identifier) {
  for (auto& ts : service.task_sets) {
    if (ts.id == identifier || ts.arn == identifier) {
      return ts;
    }
  }
  throw aws::ServiceError("TaskSetNotFoundException", "The specified task set does not exist.");
}

void read_scale(const json::object& input, TaskSet& ts) {
  const auto* scale = input.if_contains("scale");
  if (scale == nullptr || !scale->is_object()) {
    return;
  }
  const auto& obj = scale->as_object();
  double value = obj.contains("value") ? obj.at("value").to_number<double>() : 0;
  if (value < 0 || value > 100) {
    invalid("The scale value must be between 0 and 100 (PERCENT).");
  }
  ts.scale_value = value;
  ts.scale_unit = std::string(string_member(obj, "unit", "PERCENT"));
}

}  // namespace

json::value create_task_set(aws::RequestContext& ctx, const json::object& input) {
  Cluster* cluster = nullptr;
  Service& service = require_external(ctx, input, false, &cluster);
  EcsState& state = ctx.store().ecs;
  double now = epoch_seconds(ctx);
  if (service.task_sets.size() >= 5) {
    throw aws::ServiceError("LimitExceededException", "A service can have at most 5 task sets.");
  }
  const TaskDefinition& td = require_task_definition(state, string_member(input, "taskDefinition"));
  TaskSet ts;
  ts.id = new_deployment_id();
  ts.arn = task_set_arn(service, ts.id);
  ts.launch = build_launch(*cluster, input, &td, nullptr);
  validate_launch_network(ctx.store().ec2, ctx.region, ts.launch.parameters);
  ts.external_id = std::string(string_member(input, "externalId"));
  read_scale(input, ts);
  ts.tags = parse_tags(input);
  ts.created_at = now;
  ts.updated_at = now;
  ts.stability_status_at = now;
  service.task_sets.push_back(std::move(ts));
  evaluate_service(state, service, now);
  request_scheduling(ctx);
  return json::object{{"taskSet", task_set_view(state, service, service.task_sets.back(), true)}};
}

json::value update_task_set(aws::RequestContext& ctx, const json::object& input) {
  Service& service = require_external(ctx, input, false);
  TaskSet& ts = require_task_set(service, string_member(input, "taskSet"));
  if (ts.status == "DRAINING") {
    invalid("A DRAINING task set cannot be updated.");
  }
  double now = epoch_seconds(ctx);
  read_scale(input, ts);
  ts.updated_at = now;
  evaluate_service(ctx.store().ecs, service, now);
  request_scheduling(ctx);
  return json::object{{"taskSet", task_set_view(ctx.store().ecs, service, ts, false)}};
}

json::value delete_task_set(aws::RequestContext& ctx, const json::object& input) {
  Service& service = require_external(ctx, input, false);
  TaskSet& ts = require_task_set(service, string_member(input, "taskSet"));
  bool force = input.contains("force") && input.at("force") == true;
  if (ts.status == "DRAINING") {
    invalid("The task set is already being deleted.");
  }
  if (!force && ts.status == "PRIMARY") {
    invalid("The primary task set of a service cannot be deleted unless force is set.");
  }
  if (!force && computed_desired_count(service, ts) > 0) {
    invalid("The task set cannot be deleted while it is scaled above 0; scale it to 0 or set force.");
  }
  double now = epoch_seconds(ctx);
  ts.status = "DRAINING";
  ts.updated_at = now;
  // The answer shows it DRAINING; it disappears once none of its tasks remain (the next read evaluates it).
  json::object view = task_set_view(ctx.store().ecs, service, ts, false);
  request_scheduling(ctx);
  return json::object{{"taskSet", std::move(view)}};
}

json::value describe_task_sets(aws::RequestContext& ctx, const json::object& input) {
  Service& service = require_external(ctx, input, true);
  bool tags = false;
  for (const auto& field : string_list(input, "include")) {
    tags |= field == "TAGS";
  }
  EcsState& state = ctx.store().ecs;
  json::array sets;
  json::array failures;
  if (!has_member(input, "taskSets")) {
    for (const auto& ts : service.task_sets) {
      sets.push_back(task_set_view(state, service, ts, tags));
    }
  } else {
    for (const auto& identifier : string_list(input, "taskSets")) {
      const TaskSet* found = nullptr;
      for (const auto& ts : service.task_sets) {
        if (ts.id == identifier || ts.arn == identifier) {
          found = &ts;
        }
      }
      if (found == nullptr) {
        failures.push_back(failure_view(identifier, "MISSING"));
      } else {
        sets.push_back(task_set_view(state, service, *found, tags));
      }
    }
  }
  return json::object{{"taskSets", std::move(sets)}, {"failures", std::move(failures)}};
}

json::value update_service_primary_task_set(aws::RequestContext& ctx, const json::object& input) {
  Service& service = require_external(ctx, input, false);
  TaskSet& ts = require_task_set(service, string_member(input, "primaryTaskSet"));
  if (ts.status == "DRAINING") {
    invalid("A DRAINING task set cannot become the primary task set.");
  }
  double now = epoch_seconds(ctx);
  for (auto& other : service.task_sets) {
    if (other.status == "PRIMARY" && &other != &ts) {
      other.status = "ACTIVE";
      other.updated_at = now;
    }
  }
  ts.status = "PRIMARY";
  ts.updated_at = now;
  service.launch = ts.launch;
  evaluate_service(ctx.store().ecs, service, now);
  request_scheduling(ctx);
  return json::object{{"taskSet", task_set_view(ctx.store().ecs, service, ts, false)}};
}

Tags* find_task_set_tags(EcsState& state, std::string_view id) {
  // id: CLUSTER/SERVICE/ecs-svc/DIGITS
  for (auto& [arn, service] : state.services.services) {
    for (auto& ts : service.task_sets) {
      if (ts.arn.size() > id.size() && ts.arn.compare(ts.arn.size() - id.size(), id.size(), id) == 0 &&
          ts.arn[ts.arn.size() - id.size() - 1] == '/') {
        return &ts.tags;
      }
    }
  }
  return nullptr;
}

}  // namespace ecsemu::ecs
