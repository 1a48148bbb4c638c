// DescribeDaemonDeployments, ListDaemonDeployments, DescribeDaemonRevisions; registration of the daemon operations.
#include <algorithm>
#include <chrono>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_daemon_handlers.hpp"
#include "services/ecs/ecs_daemon_views.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxDescribe = 20;

double now_seconds(const aws::RequestContext& ctx) {
  return std::chrono::duration<double>(ctx.now.time_since_epoch()).count();
}

std::vector<std::string> describe_arns(const object& input, std::string_view member) {
  auto arns = string_list(input, member);
  if (arns.empty() || arns.size() > kMaxDescribe) {
    throw aws::ServiceError("InvalidParameterException", std::string(member) + " must contain between 1 and 20 ARNs.");
  }
  return arns;
}

}  // namespace

value describe_daemon_deployments(aws::RequestContext& ctx, const object& input) {
  EcsState& state = ctx.store().ecs;
  double now = now_seconds(ctx);
  json::array deployments;
  json::array failures;
  for (const auto& arn : describe_arns(input, "daemonDeploymentArns")) {
    auto it = state.daemons.deployments.find(arn);
    if (it == state.daemons.deployments.end()) {
      failures.push_back(failure_view(arn, "MISSING"));
      continue;
    }
    deployments.push_back(daemon_deployment_view(state, it->second, now));
  }
  return json::object{{"daemonDeployments", std::move(deployments)}, {"failures", std::move(failures)}};
}

value describe_daemon_revisions(aws::RequestContext& ctx, const object& input) {
  EcsState& state = ctx.store().ecs;
  json::array revisions;
  json::array failures;
  for (const auto& arn : describe_arns(input, "daemonRevisionArns")) {
    auto it = state.daemons.revisions.find(arn);
    if (it == state.daemons.revisions.end()) {
      failures.push_back(failure_view(arn, "MISSING"));
      continue;
    }
    revisions.push_back(daemon_revision_view(it->second));
  }
  return json::object{{"daemonRevisions", std::move(revisions)}, {"failures", std::move(failures)}};
}

value list_daemon_deployments(aws::RequestContext& ctx, const object& input) {
  EcsState& state = ctx.store().ecs;
  std::size_t limit = daemon_page_size(input, 20);
  Daemon& daemon =
      require_daemon(state, ctx.region, ctx.account_id, string_member(input, "daemonArn"), "ClientException");
  auto statuses = string_list(input, "status");
  double after = 0;
  double before = 0;
  if (const auto* created = input.if_contains("createdAt"); created != nullptr && created->is_object()) {
    if (const auto* a = created->as_object().if_contains("after"); a != nullptr && a->is_number()) {
      after = a->to_number<double>();
    }
    if (const auto* b = created->as_object().if_contains("before"); b != nullptr && b->is_number()) {
      before = b->to_number<double>();
    }
  }
  // Newest first.
  std::vector<std::string> order(daemon.deployment_arns.rbegin(), daemon.deployment_arns.rend());
  std::size_t start = 0;
  if (const auto* token = input.if_contains("nextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    auto pos = last ? std::find(order.begin(), order.end(), *last) : order.end();
    if (pos == order.end()) {
      throw aws::ServiceError("InvalidParameterException", "Invalid token");
    }
    start = static_cast<std::size_t>(pos - order.begin()) + 1;
  }
  double now = now_seconds(ctx);
  json::array out;
  std::string last_key;
  std::size_t i = start;
  bool more = false;
  for (; i < order.size(); ++i) {
    auto& deployment = state.daemons.deployments.at(order[i]);
    std::string status = daemon_deployment_status(state, deployment, now);
    if ((!statuses.empty() && std::find(statuses.begin(), statuses.end(), status) == statuses.end()) ||
        (after != 0 && deployment.created_at < after) || (before != 0 && deployment.created_at > before)) {
      continue;
    }
    if (out.size() == limit) {
      more = true;
      break;
    }
    out.push_back(daemon_deployment_summary_view(state, deployment, now));
    last_key = order[i];
  }
  json::object result{{"daemonDeployments", std::move(out)}};
  if (more) {
    result["nextToken"] = aws::encode_page_token(last_key);
  }
  return result;
}

void register_daemon_operations(aws::OperationRegistry& registry) {
  registry.add("ecs", "RegisterDaemonTaskDefinition", &register_daemon_task_definition);
  registry.add("ecs", "DescribeDaemonTaskDefinition", &describe_daemon_task_definition);
  registry.add("ecs", "ListDaemonTaskDefinitions", &list_daemon_task_definitions);
  registry.add("ecs", "DeleteDaemonTaskDefinition", &delete_daemon_task_definition);
  registry.add("ecs", "CreateDaemon", &create_daemon);
  registry.add("ecs", "UpdateDaemon", &update_daemon);
  registry.add("ecs", "DeleteDaemon", &delete_daemon);
  registry.add("ecs", "DescribeDaemon", &describe_daemon);
  registry.add("ecs", "ListDaemons", &list_daemons);
  registry.add("ecs", "DescribeDaemonDeployments", &describe_daemon_deployments);
  registry.add("ecs", "ListDaemonDeployments", &list_daemon_deployments);
  registry.add("ecs", "DescribeDaemonRevisions", &describe_daemon_revisions);
}

}  // namespace ecsemu::ecs
