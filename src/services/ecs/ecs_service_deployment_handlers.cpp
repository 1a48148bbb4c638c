// Service deployments and revisions: ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions,
// StopServiceDeployment, ContinueServiceDeployment. They present the deployments of ecs_service_model.hpp.
#include <fmt/format.h>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_service_handlers.hpp"
#include "services/ecs/ecs_service_views.hpp"
#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

struct Located {
  Service* service = nullptr;
  Deployment* deployment = nullptr;
};

// arn:aws:ecs:REGION:ACCOUNT:TYPE/CLUSTER/SERVICE/ID -> the service and the deployment ID names.
Located locate(aws::RequestContext& ctx, std::string_view arn, std::string_view type) {
  Located out;
  std::string marker = fmt::format(":{}/", type);
  auto pos = arn.find(marker);
  std::string prefix = fmt::format("arn:aws:ecs:{}:{}", ctx.region, ctx.account_id);
  if (pos == std::string_view::npos || arn.substr(0, pos) != prefix) {
    return out;
  }
  std::string_view rest = arn.substr(pos + marker.size());
  auto last = rest.rfind('/');
  if (last == std::string_view::npos) {
    return out;
  }
  std::string_view id = rest.substr(last + 1);
  std::string service_arn = fmt::format("{}:service/{}", prefix, rest.substr(0, last));
  EcsState& state = ctx.store().ecs;
  auto it = state.services.services.find(service_arn);
  if (it == state.services.services.end()) {
    return out;
  }
  out.service = &it->second;
  evaluate_service(state, *out.service, epoch_seconds(ctx));
  for (auto* list : {&out.service->deployments, &out.service->history}) {
    for (auto& d : *list) {
      bool match = type == "service-deployment" ? d.listed && d.service_deployment_id == id
                                                : d.id == fmt::format("ecs-svc/{}", id);
      if (match) {
        out.deployment = &d;
        return out;
      }
    }
  }
  return out;
}

// Listed service deployments of a service, newest first.
std::vector<const Deployment*> listed(const Service& service) {
  std::vector<const Deployment*> out;
  for (const auto* list : {&service.deployments, &service.history}) {
    for (const auto& d : *list) {
      if (d.listed) {
        out.push_back(&d);
      }
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Deployment* a, const Deployment* b) { return a->created_at > b->created_at; });
  return out;
}

void check_arn_count(const std::vector<std::string>& arns) {
  if (arns.empty() || arns.size() > 20) {
    throw aws::ServiceError("InvalidParameterException", "Specify between 1 and 20 ARNs.");
  }
}

}  // namespace

json::value list_service_deployments(aws::RequestContext& ctx, const json::object& input) {
  Service& service = require_service(ctx, input);
  std::vector<std::string> statuses = string_list(input, "status");
  double after = 0;
  double before = 0;
  if (const auto* created = input.if_contains("createdAt"); created != nullptr && created->is_object()) {
    if (const auto* v = created->as_object().if_contains("after"); v != nullptr && v->is_number()) {
      after = v->to_number<double>();
    }
    if (const auto* v = created->as_object().if_contains("before"); v != nullptr && v->is_number()) {
      before = v->to_number<double>();
    }
  }
  std::size_t limit = 20;
  if (const auto* v = input.if_contains("maxResults"); v != nullptr && v->is_number()) {
    auto max = v->to_number<std::int64_t>();
    if (max < 1 || max > 100) {
      throw aws::ServiceError("InvalidParameterException", "maxResults must be between 1 and 100.");
    }
    limit = static_cast<std::size_t>(max);
  }
  std::vector<const Deployment*> all;
  for (const Deployment* d : listed(service)) {
    bool status_ok = statuses.empty() || std::find(statuses.begin(), statuses.end(), d->sd_status) != statuses.end();
    bool time_ok = (after == 0 || d->created_at >= after) && (before == 0 || d->created_at <= before);
    if (status_ok && time_ok) {
      all.push_back(d);
    }
  }
  std::size_t start = 0;
  if (const auto* token = input.if_contains("nextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    auto found = last ? std::find_if(all.begin(), all.end(),
                                     [&](const Deployment* d) { return d->service_deployment_id == *last; })
                      : all.end();
    if (found == all.end()) {
      throw aws::ServiceError("InvalidParameterException", "Invalid token");
    }
    start = static_cast<std::size_t>(found - all.begin()) + 1;
  }
  json::array out;
  std::size_t i = start;
  for (; i < all.size() && out.size() < limit; ++i) {
    out.push_back(service_deployment_brief_view(service, *all[i]));
  }
  json::object result{{"serviceDeployments", std::move(out)}};
  if (i < all.size()) {
    result["nextToken"] = aws::encode_page_token(all[i - 1]->service_deployment_id);
  }
  return result;
}

// DescribeServiceDeployments and DescribeServiceRevisions: each ARN of `arns_member` found (shown by `view`) or
// a MISSING failure.
template <typename View>
json::value describe_located(aws::RequestContext& ctx, const json::object& input, const char* arns_member,
                             std::string_view type, const char* out_member, View view) {
  std::vector<std::string> arns = string_list(input, arns_member);
  check_arn_count(arns);
  json::array found;
  json::array failures;
  for (const auto& arn : arns) {
    Located at = locate(ctx, arn, type);
    if (at.deployment == nullptr) {
      failures.push_back(failure_view(arn, "MISSING"));
      continue;
    }
    found.push_back(view(*at.service, *at.deployment));
  }
  return json::object{{out_member, std::move(found)}, {"failures", std::move(failures)}};
}

json::value describe_service_deployments(aws::RequestContext& ctx, const json::object& input) {
  return describe_located(ctx, input, "serviceDeploymentArns", "service-deployment", "serviceDeployments",
                          [&](const Service& service, const Deployment& deployment) {
                            return service_deployment_view(ctx.store().ecs, service, deployment);
                          });
}

json::value describe_service_revisions(aws::RequestContext& ctx, const json::object& input) {
  return describe_located(
      ctx, input, "serviceRevisionArns", "service-revision", "serviceRevisions",
      [](const Service& service, const Deployment& deployment) { return service_revision_view(service, deployment); });
}

json::value stop_service_deployment(aws::RequestContext& ctx, const json::object& input) {
  std::string arn(string_member(input, "serviceDeploymentArn"));
  std::string_view stop_type = string_member(input, "stopType", "ROLLBACK");
  if (stop_type != "ROLLBACK") {
    throw aws::ServiceError("InvalidParameterException",
                            fmt::format("The stop type {} is not supported. The valid value is ROLLBACK.", stop_type));
  }
  Located at = locate(ctx, arn, "service-deployment");
  if (at.deployment == nullptr) {
    throw aws::ServiceError("ServiceDeploymentNotFoundException", "The service deployment does not exist.");
  }
  Deployment& d = *at.deployment;
  Service& service = *at.service;
  if (d.sd_status == "STOP_REQUESTED" || d.sd_status == "ROLLBACK_REQUESTED" || d.sd_status == "ROLLBACK_IN_PROGRESS") {
    return json::object{{"serviceDeploymentArn", arn}};  // already stopping: it carries on
  }
  if ((d.sd_status != "PENDING" && d.sd_status != "IN_PROGRESS") || service.status != "ACTIVE") {
    throw aws::ServiceError(
        "ConflictException",
        fmt::format("The service deployment is in the {} state and cannot be stopped.", d.sd_status));
  }
  // The revision to return to: the newest source revision whose deployment completed, else the newest source.
  const Deployment* target = nullptr;
  for (const auto& id : d.source_revision_ids) {
    for (const auto* list : {&service.deployments, &service.history}) {
      for (const auto& candidate : *list) {
        if (candidate.id == id &&
            (target == nullptr || (candidate.rollout_state == "COMPLETED" && target->rollout_state != "COMPLETED"))) {
          target = &candidate;
        }
      }
    }
  }
  if (target == nullptr) {
    throw aws::ServiceError("ConflictException",
                            "The service deployment has no previous service revision to roll back to.");
  }
  double now = epoch_seconds(ctx);
  std::string stopped_id = d.id;
  LaunchSpec launch = target->launch;
  d.sd_status = "ROLLBACK_IN_PROGRESS";
  d.sd_status_reason = "Service deployment rolled back because of a stop request.";
  d.rollback_to = target->id;
  d.rollback_reason = "Service deployment stopped by a StopServiceDeployment request.";
  d.rollback_started_at = now;
  d.stopped_at = now;
  d.rollout_state = "FAILED";
  d.rollout_state_reason = fmt::format("ECS deployment {} stopped: rolling back.", d.id);
  d.updated_at = now;
  std::string rollback_to = target->id;
  Deployment& rollback = start_deployment(service, std::move(launch), now);
  rollback.rollback_of = stopped_id;
  rollback.listed = false;
  add_service_event(service, now,
                    fmt::format("(service {}) rolling back to deployment {}.", service.name, rollback_to));
  evaluate_service(ctx.store().ecs, service, now);
  request_scheduling(ctx);
  return json::object{{"serviceDeploymentArn", arn}};
}

json::value continue_service_deployment(aws::RequestContext& ctx, const json::object& input) {
  std::string arn(string_member(input, "serviceDeploymentArn"));
  Located at = locate(ctx, arn, "service-deployment");
  if (at.deployment == nullptr) {
    throw aws::ServiceError("ServiceDeploymentNotFoundException", "The service deployment does not exist.");
  }
  // No lifecycle hook ever waits for an answer here: hooks (Lambda functions) are not run by this emulator.
  throw aws::ServiceError("InvalidParameterException",
                          fmt::format("The lifecycle hook {} is not awaiting a response for this service deployment.",
                                      string_member(input, "hookId")));
}

}  // namespace ecsemu::ecs
