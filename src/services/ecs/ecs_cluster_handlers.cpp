// ECS cluster operations: CreateCluster, DescribeClusters, ListClusters, UpdateCluster, UpdateClusterSettings,
// PutClusterCapacityProviders, DeleteCluster.
#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_handlers.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

json::array checked_settings(const json::object& input) {
  json::array out;
  if (const auto* settings = array_member(input, "settings")) {
    for (const auto& item : *settings) {
      std::string_view name = string_member(item.as_object(), "name");
      std::string_view value = string_member(item.as_object(), "value");
      if (name == "containerInsights" && value != "enabled" && value != "disabled" && value != "enhanced") {
        throw aws::ServiceError("InvalidParameterException",
                                fmt::format("The value '{}' is not valid for the containerInsights setting: use "
                                            "enabled, enhanced or disabled.",
                                            value));
      }
      out.push_back(json::object{{"name", name}, {"value", value}});
    }
  }
  return out;
}

void apply_settings(Cluster& cluster, const json::array& settings) {
  for (const auto& setting : settings) {
    const auto& obj = setting.as_object();
    bool replaced = false;
    for (auto& existing : cluster.settings) {
      if (existing.as_object().at("name") == obj.at("name")) {
        existing = obj;
        replaced = true;
      }
    }
    if (!replaced) {
      cluster.settings.push_back(obj);
    }
  }
}

// FARGATE and FARGATE_SPOT always exist; other names must be ACTIVE capacity providers of the account.
void check_capacity_providers(const EcsState& state, const json::object& input, json::array& providers_out,
                              json::array& strategy_out) {
  std::vector<std::string> providers = string_list(input, "capacityProviders");
  for (const auto& name : providers) {
    if (name != "FARGATE" && name != "FARGATE_SPOT" && find_active_capacity_provider(state, name) == nullptr) {
      throw aws::ServiceError("InvalidParameterException",
                              fmt::format("The specified capacity provider '{}' is not in an ACTIVE state. Specify "
                                          "a valid capacity provider and try again.",
                                          name));
    }
    providers_out.emplace_back(name);
  }
  if (const auto* strategy = array_member(input, "defaultCapacityProviderStrategy")) {
    int with_base = 0;
    for (const auto& item : *strategy) {
      const auto& obj = item.as_object();
      std::string_view name = string_member(obj, "capacityProvider");
      if (std::find(providers.begin(), providers.end(), name) == providers.end()) {
        throw aws::ServiceError("InvalidParameterException",
                                fmt::format("The specified capacity provider strategy cannot contain a capacity "
                                            "provider that is not associated with the cluster. Associate the "
                                            "capacity provider with the cluster or specify a valid capacity "
                                            "provider and try again. ({})",
                                            name));
      }
      if (const auto* base = obj.if_contains("base"); base != nullptr && base->is_int64() && base->as_int64() > 0) {
        ++with_base;
      }
      json::object entry{{"capacityProvider", name}};
      entry["weight"] = obj.contains("weight") ? obj.at("weight") : json::value(0);
      entry["base"] = obj.contains("base") ? obj.at("base") : json::value(0);
      strategy_out.push_back(std::move(entry));
    }
    if (with_base > 1) {
      throw aws::ServiceError("InvalidParameterException",
                              "A capacity provider strategy can only have one capacity provider with a base value.");
    }
  }
}

}  // namespace

json::value create_cluster(aws::RequestContext& ctx, const json::object& input) {
  std::string name(string_member(input, "clusterName", "default"));
  if (!valid_cluster_name(name)) {
    throw aws::ServiceError("InvalidParameterException",
                            "Cluster name can have up to 255 letters (uppercase and lowercase), numbers, underscores, "
                            "and hyphens.");
  }
  EcsState& state = ctx.store().ecs;
  json::array settings = checked_settings(input);
  Tags tags = parse_tags(input);
  json::array providers;
  json::array strategy;
  check_capacity_providers(state, input, providers, strategy);

  auto it = state.clusters.find(name);
  if (it != state.clusters.end() && it->second.status == "ACTIVE") {
    // CreateCluster is idempotent: an existing ACTIVE cluster is answered as it is.
    return json::object{{"cluster", cluster_view(it->second, state, ClusterInclude::everything())}};
  }
  Cluster cluster = new_cluster(ctx.region, ctx.account_id, name);
  apply_settings(cluster, settings);
  if (const auto* configuration = input.if_contains("configuration")) {
    cluster.configuration = *configuration;
  }
  if (const auto* defaults = input.if_contains("serviceConnectDefaults")) {
    cluster.service_connect_defaults = *defaults;
  }
  cluster.capacity_providers = std::move(providers);
  cluster.default_strategy = std::move(strategy);
  cluster.tags = std::move(tags);
  Cluster& stored = state.clusters[name] = std::move(cluster);
  return json::object{{"cluster", cluster_view(stored, state, ClusterInclude::everything())}};
}

json::value describe_clusters(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  ClusterInclude include;
  for (const auto& field : string_list(input, "include")) {
    include.attachments |= field == "ATTACHMENTS";
    include.configurations |= field == "CONFIGURATIONS";
    include.settings |= field == "SETTINGS";
    include.statistics |= field == "STATISTICS";
    include.tags |= field == "TAGS";
  }
  std::vector<std::string> identifiers = string_list(input, "clusters");
  if (identifiers.empty()) {
    identifiers.emplace_back("default");
  }
  if (identifiers.size() > 100) {
    throw aws::ServiceError("InvalidParameterException", "A maximum of 100 clusters can be described at once.");
  }
  json::array clusters;
  json::array failures;
  for (const auto& identifier : identifiers) {
    std::string name = cluster_name_from_identifier(identifier);
    auto it = name.empty() ? state.clusters.end() : state.clusters.find(name);
    if (it != state.clusters.end() && identifier.rfind("arn:", 0) == 0 && identifier != it->second.arn) {
      it = state.clusters.end();  // the ARN of a cluster of another account or Region
    }
    if (it == state.clusters.end()) {
      std::string arn =
          identifier.rfind("arn:", 0) == 0 ? identifier : cluster_arn(ctx.region, ctx.account_id, identifier);
      failures.push_back(failure_view(arn, "MISSING"));
      continue;
    }
    clusters.push_back(cluster_view(it->second, state, include));
  }
  return json::object{{"clusters", std::move(clusters)}, {"failures", std::move(failures)}};
}

json::value list_clusters(aws::RequestContext& ctx, const json::object& input) {
  std::size_t limit = 100;
  if (const auto* v = input.if_contains("maxResults"); v != nullptr && v->is_int64()) {
    if (v->as_int64() < 1 || v->as_int64() > 100) {
      throw aws::ServiceError("InvalidParameterException", "maxResults must be between 1 and 100.");
    }
    limit = static_cast<std::size_t>(v->as_int64());
  }
  const auto& clusters = ctx.store().ecs.clusters;
  auto it = clusters.begin();
  if (const auto* token = input.if_contains("nextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    if (!last) {
      throw aws::ServiceError("InvalidParameterException", "Invalid token");
    }
    it = clusters.upper_bound(*last);
  }
  // Deleted (INACTIVE) clusters stay listed while they stay discoverable, as on AWS: callers that list
  // clusters and act on each one have to skip the INACTIVE ones DescribeClusters reports.
  json::array arns;
  std::string last_key;
  for (; it != clusters.end() && arns.size() < limit; ++it) {
    arns.emplace_back(it->second.arn);
    last_key = it->first;
  }
  json::object out{{"clusterArns", std::move(arns)}};
  if (it != clusters.end()) {
    out["nextToken"] = aws::encode_page_token(last_key);
  }
  return out;
}

json::value update_cluster(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  json::array settings = checked_settings(input);
  apply_settings(cluster, settings);
  if (const auto* configuration = input.if_contains("configuration")) {
    cluster.configuration = *configuration;
  }
  if (const auto* defaults = input.if_contains("serviceConnectDefaults")) {
    cluster.service_connect_defaults = *defaults;
  }
  return json::object{{"cluster", cluster_view(cluster, state, ClusterInclude::everything())}};
}

json::value update_cluster_settings(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  apply_settings(cluster, checked_settings(input));
  ClusterInclude include;
  include.settings = true;
  return json::object{{"cluster", cluster_view(cluster, state, include)}};
}

json::value put_cluster_capacity_providers(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  json::array providers;
  json::array strategy;
  check_capacity_providers(state, input, providers, strategy);
  cluster.capacity_providers = std::move(providers);
  cluster.default_strategy = std::move(strategy);
  return json::object{{"cluster", cluster_view(cluster, state, ClusterInclude::everything())}};
}

json::value delete_cluster(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  ClusterCounts counts = cluster_counts(state, cluster.arn);
  if (counts.registered_container_instances > 0) {
    throw aws::ServiceError("ClusterContainsContainerInstancesException",
                            "The Cluster cannot be deleted while Container Instances are active or draining.");
  }
  if (counts.active_services > 0 || counts.draining_services > 0) {
    throw aws::ServiceError("ClusterContainsServicesException",
                            "The Cluster cannot be deleted while Services are active.");
  }
  if (counts.running_tasks > 0 || counts.pending_tasks > 0) {
    throw aws::ServiceError("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.");
  }
  cluster.status = "INACTIVE";
  return json::object{{"cluster", cluster_view(cluster, state, ClusterInclude::everything())}};
}

}  // namespace ecsemu::ecs
