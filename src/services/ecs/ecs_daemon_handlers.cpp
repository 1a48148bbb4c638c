// CreateDaemon, UpdateDaemon, DeleteDaemon, DescribeDaemon, ListDaemons.
#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_daemon_handlers.hpp"
#include "services/ecs/ecs_daemon_views.hpp"
#include "services/ecs/ecs_input.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

constexpr int kMaxBakeTimeMinutes = 1440;

double now_seconds(const aws::RequestContext& ctx) {
  return std::chrono::duration<double>(ctx.now.time_since_epoch()).count();
}

Cluster& require_daemon_cluster(EcsState& state, const object& input) {
  json::object lookup;
  if (const auto* arn = input.if_contains("clusterArn"); arn != nullptr && arn->is_string()) {
    lookup["cluster"] = *arn;
  }
  return require_cluster(state, lookup);
}

const DaemonTaskDefinition& require_active_definition(aws::RequestContext& ctx, const object& input) {
  std::string_view identifier = string_member(input, "daemonTaskDefinitionArn");
  auto* definition = find_daemon_task_definition(ctx.store().ecs, ctx.region, ctx.account_id, identifier);
  if (definition == nullptr) {
    throw aws::ServiceError("ClientException", fmt::format("Daemon task definition not found: {}.", identifier));
  }
  if (definition->status != "ACTIVE") {
    throw aws::ServiceError("ClientException",
                            fmt::format("The daemon task definition {} is being deleted.", definition->arn));
  }
  return *definition;
}

// The capacity providers (names) a daemon request names: ACTIVE providers associated with the cluster.
std::vector<std::string> require_capacity_providers(const EcsState& state, const Cluster& cluster,
                                                    const object& input) {
  std::vector<std::string> names;
  for (const auto& identifier : string_list(input, "capacityProviderArns")) {
    const auto* provider = find_active_capacity_provider(state, identifier);
    if (provider == nullptr) {
      throw aws::ServiceError("InvalidParameterException",
                              fmt::format("The capacity provider {} was not found or is not ACTIVE. Daemons run on "
                                          "container instances of a cluster's capacity providers.",
                                          identifier));
    }
    bool associated =
        std::any_of(cluster.capacity_providers.begin(), cluster.capacity_providers.end(),
                    [&](const json::value& v) { return v.is_string() && v.as_string() == provider->name; });
    if (!associated) {
      throw aws::ServiceError(
          "InvalidParameterException",
          fmt::format("The capacity provider {} is not associated with the cluster {}.", provider->name, cluster.name));
    }
    if (std::find(names.begin(), names.end(), provider->name) != names.end()) {
      throw aws::ServiceError("InvalidParameterException",
                              fmt::format("The capacity provider {} is listed more than once.", provider->name));
    }
    names.push_back(provider->name);
  }
  if (names.empty()) {
    throw aws::ServiceError("InvalidParameterException",
                            "capacityProviderArns must name at least one capacity provider.");
  }
  return names;
}

json::object deployment_configuration(const object& input) {
  const auto* v = input.if_contains("deploymentConfiguration");
  if (v == nullptr || !v->is_object()) {
    return json::object{{"drainPercent", 25.0}, {"bakeTimeInMinutes", 0}};
  }
  json::object config = v->as_object();
  if (const auto* bake = config.if_contains("bakeTimeInMinutes"); bake != nullptr && bake->is_int64()) {
    if (bake->as_int64() < 0 || bake->as_int64() > kMaxBakeTimeMinutes) {
      throw aws::ServiceError("InvalidParameterException",
                              fmt::format("bakeTimeInMinutes must be between 0 and {}.", kMaxBakeTimeMinutes));
    }
  }
  if (!config.contains("drainPercent")) {
    config["drainPercent"] = 25.0;
  }
  return config;
}

const DaemonRevision& add_revision(aws::RequestContext& ctx, Daemon& daemon, const DaemonTaskDefinition& definition,
                                   std::vector<std::string> providers, const object& input,
                                   const DaemonRevision* previous) {
  DaemonRevision revision;
  revision.id = random_daemon_id();
  revision.arn = fmt::format("arn:aws:ecs:{}:{}:daemon-revision/{}/{}/{}", ctx.region, ctx.account_id,
                             daemon.cluster_name, daemon.name, revision.id);
  revision.daemon_arn = daemon.arn;
  revision.cluster_arn = daemon.cluster_arn;
  revision.task_definition_arn = definition.arn;
  revision.capacity_providers = std::move(providers);
  revision.enable_ecs_managed_tags =
      bool_member(input, "enableECSManagedTags", previous != nullptr && previous->enable_ecs_managed_tags);
  revision.enable_execute_command =
      bool_member(input, "enableExecuteCommand", previous != nullptr && previous->enable_execute_command);
  revision.propagate_tags = std::string(
      string_member(input, "propagateTags", previous != nullptr ? previous->propagate_tags : std::string("NONE")));
  if (const auto* containers = definition.registration.if_contains("containerDefinitions")) {
    for (const auto& c : containers->as_array()) {
      revision.container_images.push_back(json::object{{"containerName", string_member(c.as_object(), "name")},
                                                       {"image", string_member(c.as_object(), "image")}});
    }
  }
  revision.created_at = now_seconds(ctx);
  daemon.revision_arns.push_back(revision.arn);
  std::string arn = revision.arn;
  return ctx.store().ecs.daemons.revisions[arn] = std::move(revision);
}

json::object change_response(const Daemon& daemon, bool with_updated) {
  json::object out{{"daemonArn", daemon.arn},
                   {"status", daemon.status},
                   {"createdAt", daemon.created_at},
                   {"deploymentArn", daemon.deployment_arns.back()}};
  if (with_updated) {
    out["updatedAt"] = daemon.updated_at;
  }
  return out;
}

}  // namespace

value create_daemon(aws::RequestContext& ctx, const object& input) {
  EcsState& state = ctx.store().ecs;
  std::string_view name = string_member(input, "daemonName");
  if (!valid_daemon_name(name)) {
    throw aws::ServiceError("InvalidParameterException",
                            "Daemon name must be 1-255 letters (uppercase and lowercase), numbers, hyphens and "
                            "underscores.");
  }
  Cluster& cluster = require_daemon_cluster(state, input);
  std::string arn = daemon_arn(ctx.region, ctx.account_id, cluster.name, name);
  std::string_view token = string_member(input, "clientToken");
  if (auto it = state.daemons.daemons.find(arn); it != state.daemons.daemons.end() && !daemon_gone(state, it->second)) {
    if (!token.empty() && token == it->second.client_token && it->second.status == "ACTIVE") {
      return change_response(it->second, false);
    }
    throw aws::ServiceError("InvalidParameterException", "Creation of daemon was not idempotent.");
  }
  const auto& definition = require_active_definition(ctx, input);
  auto providers = require_capacity_providers(state, cluster, input);
  Tags tags = parse_tags(input);
  json::object config = deployment_configuration(input);
  double now = now_seconds(ctx);

  // A daemon of that name that finished deleting leaves its deployments' final status behind.
  if (auto it = state.daemons.daemons.find(arn); it != state.daemons.daemons.end()) {
    for (const auto& d : it->second.deployment_arns) {
      auto& old = state.daemons.deployments.at(d);
      old.stored_status = daemon_deployment_status(state, old, now);
    }
    state.daemons.daemons.erase(it);
  }
  Daemon daemon;
  daemon.name = std::string(name);
  daemon.arn = arn;
  daemon.cluster_arn = cluster.arn;
  daemon.cluster_name = cluster.name;
  daemon.client_token = std::string(token);
  daemon.deployment_configuration = std::move(config);
  daemon.created_at = now;
  daemon.updated_at = now;
  daemon.tags = std::move(tags);
  Daemon& stored = state.daemons.daemons[arn] = std::move(daemon);
  const auto& revision = add_revision(ctx, stored, definition, std::move(providers), input, nullptr);
  start_daemon_deployment(state, stored, &revision, now);
  return change_response(stored, false);
}

value update_daemon(aws::RequestContext& ctx, const object& input) {
  EcsState& state = ctx.store().ecs;
  Daemon& daemon = require_daemon(state, ctx.region, ctx.account_id, string_member(input, "daemonArn"));
  if (daemon.status != "ACTIVE") {
    throw aws::ServiceError("DaemonNotActiveException", "The daemon is being deleted and cannot be updated.");
  }
  const Cluster& cluster = state.clusters.at(daemon.cluster_name);
  const auto& definition = require_active_definition(ctx, input);
  auto providers = require_capacity_providers(state, cluster, input);
  if (has_member(input, "deploymentConfiguration")) {
    daemon.deployment_configuration = deployment_configuration(input);
  }
  double now = now_seconds(ctx);
  const DaemonRevision* previous = &state.daemons.revisions.at(daemon.current_revision_arn);
  const auto& revision = add_revision(ctx, daemon, definition, std::move(providers), input, previous);
  start_daemon_deployment(state, daemon, &revision, now);
  daemon.updated_at = now;
  return change_response(daemon, true);
}

value delete_daemon(aws::RequestContext& ctx, const object& input) {
  EcsState& state = ctx.store().ecs;
  Daemon& daemon = require_daemon(state, ctx.region, ctx.account_id, string_member(input, "daemonArn"));
  if (daemon.status != "ACTIVE") {
    throw aws::ServiceError("DaemonNotActiveException", "The daemon is already being deleted.");
  }
  double now = now_seconds(ctx);
  daemon.status = "DELETE_IN_PROGRESS";
  daemon.updated_at = now;
  start_daemon_deployment(state, daemon, nullptr, now);
  return change_response(daemon, true);
}

value describe_daemon(aws::RequestContext& ctx, const object& input) {
  EcsState& state = ctx.store().ecs;
  const Daemon& daemon = require_daemon(state, ctx.region, ctx.account_id, string_member(input, "daemonArn"));
  return json::object{{"daemon", daemon_detail_view(state, daemon)}};
}

value list_daemons(aws::RequestContext& ctx, const object& input) {
  EcsState& state = ctx.store().ecs;
  std::size_t limit = daemon_page_size(input, 100);
  std::string cluster_arn_filter;
  if (has_member(input, "clusterArn")) {
    cluster_arn_filter = require_daemon_cluster(state, input).arn;
  }
  std::vector<std::string> providers;
  for (const auto& identifier : string_list(input, "capacityProviderArns")) {
    const auto* provider = find_active_capacity_provider(state, identifier);
    providers.push_back(provider != nullptr ? provider->name : identifier);
  }
  auto it = state.daemons.daemons.begin();
  if (const auto* token = input.if_contains("nextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    if (!last) {
      throw aws::ServiceError("InvalidParameterException", "Invalid token");
    }
    it = state.daemons.daemons.upper_bound(*last);
  }
  auto matches = [&](const Daemon& daemon) {
    if (daemon_gone(state, daemon) || (!cluster_arn_filter.empty() && daemon.cluster_arn != cluster_arn_filter)) {
      return false;
    }
    if (providers.empty()) {
      return true;
    }
    const auto& revision = state.daemons.revisions.at(daemon.current_revision_arn);
    return std::any_of(providers.begin(), providers.end(), [&](const std::string& p) {
      return std::find(revision.capacity_providers.begin(), revision.capacity_providers.end(), p) !=
             revision.capacity_providers.end();
    });
  };
  json::array out;
  std::string last_key;
  for (; it != state.daemons.daemons.end() && out.size() < limit; ++it) {
    if (matches(it->second)) {
      out.push_back(daemon_summary_view(it->second));
      last_key = it->first;
    }
  }
  while (it != state.daemons.daemons.end() && !matches(it->second)) {
    ++it;
  }
  json::object result{{"daemonSummariesList", std::move(out)}};
  if (it != state.daemons.daemons.end()) {
    result["nextToken"] = aws::encode_page_token(last_key);
  }
  return result;
}

}  // namespace ecsemu::ecs
