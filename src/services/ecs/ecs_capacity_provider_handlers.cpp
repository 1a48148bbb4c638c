// Capacity provider operations: CreateCapacityProvider, UpdateCapacityProvider, DeleteCapacityProvider,
// DescribeCapacityProviders. FARGATE and FARGATE_SPOT are built in; Auto Scaling group providers are stored
// here (the group's ARN as given: Auto Scaling arrives later).
#include <fmt/format.h>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_container_instance_handlers.hpp"
#include "services/ecs/ecs_container_instance_views.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

constexpr const char* kBuiltins[] = {"FARGATE", "FARGATE_SPOT"};

bool builtin(std::string_view name) { return name == "FARGATE" || name == "FARGATE_SPOT"; }

// The name an identifier (name or ARN) gives, for this account and region.
std::string provider_name(aws::RequestContext& ctx, std::string_view identifier) {
  if (identifier.rfind("arn:", 0) == 0) {
    std::string prefix = capacity_provider_arn(ctx.region, ctx.account_id, "");
    return identifier.rfind(prefix, 0) == 0 ? std::string(identifier.substr(prefix.size())) : std::string();
  }
  return std::string(identifier);
}

void no_such_provider(std::string_view identifier) {
  throw aws::ServiceError("ClientException",
                          fmt::format("The specified capacity provider '{}' does not exist. Specify a valid name "
                                      "or ARN and try again.",
                                      identifier));
}

void refuse_builtin(std::string_view name) {
  throw aws::ServiceError("InvalidParameterException",
                          fmt::format("The {} capacity provider is managed by Amazon ECS and cannot be changed or "
                                      "deleted.",
                                      name));
}

// Applies ManagedScaling and the other AutoScalingGroupProvider(Update) settings, then checks the result.
void apply_group_settings(CapacityProvider& provider, const json::object& group) {
  if (const auto* scaling = group.if_contains("managedScaling"); scaling != nullptr && scaling->is_object()) {
    const auto& s = scaling->as_object();
    if (has_member(s, "status")) {
      provider.managed_scaling_status = string_member(s, "status");
    }
    auto number = [&](const char* member, std::int64_t& out) {
      if (const auto* v = s.if_contains(member); v != nullptr && v->is_int64()) {
        out = v->as_int64();
      }
    };
    number("targetCapacity", provider.target_capacity);
    number("minimumScalingStepSize", provider.minimum_scaling_step_size);
    number("maximumScalingStepSize", provider.maximum_scaling_step_size);
    number("instanceWarmupPeriod", provider.instance_warmup_period);
  }
  if (has_member(group, "managedTerminationProtection")) {
    provider.managed_termination_protection = string_member(group, "managedTerminationProtection");
  }
  if (has_member(group, "managedDraining")) {
    provider.managed_draining = string_member(group, "managedDraining");
  }
  if (provider.minimum_scaling_step_size > provider.maximum_scaling_step_size) {
    throw aws::ServiceError("InvalidParameterException",
                            "The managed scaling minimumScalingStepSize cannot be greater than its "
                            "maximumScalingStepSize.");
  }
  if (provider.managed_termination_protection == "ENABLED" && provider.managed_scaling_status != "ENABLED") {
    throw aws::ServiceError("InvalidParameterException",
                            "Managed termination protection can only be enabled when managed scaling is enabled.");
  }
}

CapacityProvider& require_provider(aws::RequestContext& ctx, std::string_view identifier) {
  std::string name = provider_name(ctx, identifier);
  if (builtin(name)) {
    refuse_builtin(name);
  }
  auto& providers = ctx.store().ecs.container_instances.capacity_providers;
  auto it = providers.find(name);
  if (it == providers.end() || it->second.status != "ACTIVE") {
    no_such_provider(identifier);
  }
  return it->second;
}

}  // namespace

json::value create_capacity_provider(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  std::string name(string_member(input, "name"));
  if (reserved_capacity_provider_prefix(name)) {
    throw aws::ServiceError("InvalidParameterException",
                            "The specified capacity provider name is invalid. Capacity provider names cannot be "
                            "prefixed with \"aws\", \"ecs\", or \"fargate\".");
  }
  if (!valid_capacity_provider_name(name)) {
    throw aws::ServiceError("InvalidParameterException",
                            "Capacity provider names can have up to 255 letters (uppercase and lowercase), numbers, "
                            "underscores, and hyphens.");
  }
  if (has_member(input, "managedInstancesProvider") || has_member(input, "cluster")) {
    throw aws::ServiceError("UnsupportedFeatureException",
                            "Amazon ECS Managed Instances capacity providers are not supported by ecsemu; create an "
                            "Auto Scaling group capacity provider.");
  }
  const auto* group = input.if_contains("autoScalingGroupProvider");
  if (group == nullptr || !group->is_object()) {
    throw aws::ServiceError("InvalidParameterException", "autoScalingGroupProvider must be specified.");
  }
  auto& providers = state.container_instances.capacity_providers;
  if (auto it = providers.find(name); it != providers.end() && it->second.status == "ACTIVE") {
    throw aws::ServiceError("ClientException",
                            "The specified capacity provider already exists. To change the configuration of an "
                            "existing capacity provider, update the capacity provider.");
  }
  std::string group_arn(string_member(group->as_object(), "autoScalingGroupArn"));
  for (const auto& [other, provider] : providers) {
    if (provider.status == "ACTIVE" && provider.auto_scaling_group_arn == group_arn) {
      throw aws::ServiceError("ClientException",
                              "The specified Auto Scaling group ARN is already being used by another capacity "
                              "provider. Specify a unique Auto Scaling group ARN and try again.");
    }
  }
  CapacityProvider provider;
  provider.name = name;
  provider.arn = capacity_provider_arn(ctx.region, ctx.account_id, name);
  provider.auto_scaling_group_arn = group_arn;
  apply_group_settings(provider, group->as_object());
  provider.tags = parse_tags(input);
  CapacityProvider& stored = providers[name] = std::move(provider);
  return json::object{{"capacityProvider", capacity_provider_view(stored, true)}};
}

json::value update_capacity_provider(aws::RequestContext& ctx, const json::object& input) {
  CapacityProvider& provider = require_provider(ctx, string_member(input, "name"));
  if (has_member(input, "managedInstancesProvider")) {
    throw aws::ServiceError("InvalidParameterException",
                            "managedInstancesProvider cannot be set on an Auto Scaling group capacity provider.");
  }
  const auto* group = input.if_contains("autoScalingGroupProvider");
  if (group == nullptr || !group->is_object()) {
    throw aws::ServiceError("InvalidParameterException", "autoScalingGroupProvider must be specified.");
  }
  CapacityProvider updated = provider;
  apply_group_settings(updated, group->as_object());
  updated.update_status = "UPDATE_COMPLETE";
  updated.update_status_reason.clear();
  provider = std::move(updated);
  return json::object{{"capacityProvider", capacity_provider_view(provider, false)}};
}

// Deleting a provider a cluster still uses does not fail the call: AWS answers it with updateStatus
// DELETE_FAILED and the reason, and the provider stays ACTIVE.
json::value delete_capacity_provider(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  CapacityProvider& provider = require_provider(ctx, string_member(input, "capacityProvider"));
  for (const auto& [cluster_name, cluster] : state.clusters) {
    if (cluster.status != "ACTIVE") {
      continue;
    }
    for (const auto& associated : cluster.capacity_providers) {
      if (associated.is_string() && associated.as_string() == provider.name) {
        provider.update_status = "DELETE_FAILED";
        provider.update_status_reason = fmt::format(
            "The capacity provider cannot be deleted because it is associated with cluster: {}. Remove the "
            "capacity provider from the cluster and try again.",
            cluster_name);
        return json::object{{"capacityProvider", capacity_provider_view(provider, false)}};
      }
    }
  }
  provider.status = "INACTIVE";
  provider.update_status = "DELETE_COMPLETE";
  provider.update_status_reason.clear();
  return json::object{{"capacityProvider", capacity_provider_view(provider, false)}};
}

json::value describe_capacity_providers(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  const auto& providers = state.container_instances.capacity_providers;
  bool tags = false;
  for (const auto& field : string_list(input, "include")) {
    tags |= field == "TAGS";
  }
  std::vector<std::string> identifiers = string_list(input, "capacityProviders");
  json::array out;
  json::array failures;
  if (!identifiers.empty()) {
    for (const auto& identifier : identifiers) {
      std::string name = provider_name(ctx, identifier);
      if (builtin(name)) {
        out.push_back(builtin_capacity_provider_view(ctx.region, ctx.account_id, name, tags));
        continue;
      }
      auto it = name.empty() ? providers.end() : providers.find(name);
      if (it == providers.end()) {
        std::string arn =
            identifier.rfind("arn:", 0) == 0 ? identifier : capacity_provider_arn(ctx.region, ctx.account_id, name);
        failures.push_back(failure_view(arn, "MISSING"));
        continue;
      }
      out.push_back(capacity_provider_view(it->second, tags));
    }
    return json::object{{"capacityProviders", std::move(out)}, {"failures", std::move(failures)}};
  }
  // All of them: FARGATE, FARGATE_SPOT, then the ACTIVE ones by name. A token names the last one returned.
  std::vector<std::string> names(std::begin(kBuiltins), std::end(kBuiltins));
  for (const auto& [name, provider] : providers) {
    if (provider.status == "ACTIVE") {
      names.push_back(name);
    }
  }
  std::size_t limit = page_limit(input, 10, 10);
  std::size_t start = 0;
  if (const auto* token = input.if_contains("nextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    if (!last) {
      throw aws::ServiceError("InvalidParameterException", "Invalid token");
    }
    if (*last == "FARGATE") {
      start = 1;
    } else if (*last == "FARGATE_SPOT") {
      start = 2;
    } else {
      start = static_cast<std::size_t>(std::upper_bound(names.begin() + 2, names.end(), *last) - names.begin());
    }
  }
  std::size_t end = std::min(names.size(), start + limit);
  for (std::size_t i = start; i < end; ++i) {
    if (i < 2) {
      out.push_back(builtin_capacity_provider_view(ctx.region, ctx.account_id, names[i], tags));
    } else {
      out.push_back(capacity_provider_view(providers.at(names[i]), tags));
    }
  }
  json::object result{{"capacityProviders", std::move(out)}, {"failures", std::move(failures)}};
  if (end < names.size()) {
    result["nextToken"] = aws::encode_page_token(names[end - 1]);
  }
  return result;
}

}  // namespace ecsemu::ecs
