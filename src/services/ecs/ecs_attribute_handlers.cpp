// Attribute operations: PutAttributes, DeleteAttributes, ListAttributes (target type container-instance).
#include <algorithm>

#include <fmt/format.h>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_container_instance_handlers.hpp"
#include "services/ecs/ecs_container_instance_views.hpp"
#include "services/ecs/ecs_input.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxCustomAttributes = 10;

struct AttributeRequest {
  ContainerInstance* target;
  std::string name;
  std::optional<std::string> value;
};

// Resolves and checks every attribute before anything changes: a call either applies fully or not at all.
std::vector<AttributeRequest> read_attributes(EcsState& state, const Cluster& cluster, const json::object& input,
                                              bool check_value) {
  std::vector<AttributeRequest> out;
  const auto* attributes = array_member(input, "attributes");
  if (attributes == nullptr || attributes->empty()) {
    throw aws::ServiceError("InvalidParameterException", "attributes must not be empty.");
  }
  for (const auto& item : *attributes) {
    const auto& attribute = item.as_object();
    std::string name(string_member(attribute, "name"));
    if (!valid_attribute_name(name)) {
      throw aws::ServiceError("InvalidParameterException",
                              fmt::format("The attribute name '{}' is not valid: use up to 128 letters, numbers, "
                                          "hyphens, underscores, periods and slashes.",
                                          name));
    }
    std::optional<std::string> value;
    if (has_member(attribute, "value")) {
      value = std::string(string_member(attribute, "value"));
      if (check_value && !valid_attribute_value(*value)) {
        throw aws::ServiceError("InvalidParameterException",
                                fmt::format("The value of attribute '{}' is not valid: use up to 128 letters, "
                                            "numbers, hyphens, underscores, periods, at signs, slashes, colons "
                                            "and inner spaces.",
                                            name));
      }
    }
    std::string_view target_id = string_member(attribute, "targetId");
    if (target_id.empty()) {
      throw aws::ServiceError("InvalidParameterException", fmt::format("The attribute '{}' has no targetId.", name));
    }
    if (target_id.rfind("arn:", 0) != 0 && !has_member(attribute, "targetType")) {
      throw aws::ServiceError("InvalidParameterException",
                              "A targetType must be specified when the targetId is not an ARN.");
    }
    ContainerInstance* target = find_container_instance(state, cluster.arn, target_id);
    if (target == nullptr || target->status == "INACTIVE") {
      throw aws::ServiceError("TargetNotFoundException",
                              fmt::format("Could not find the target '{}' in cluster '{}'. Container instances "
                                          "are cluster-specific and Region-specific.",
                                          target_id, cluster.name));
    }
    out.push_back({target, std::move(name), std::move(value)});
  }
  return out;
}

json::array attributes_view(const std::vector<AttributeRequest>& requests) {
  json::array out;
  for (const auto& r : requests) {
    out.push_back(attribute_view(r.name, r.value, r.target->arn));
  }
  return out;
}

}  // namespace

json::value put_attributes(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  std::vector<AttributeRequest> requests = read_attributes(state, cluster, input, true);
  // The custom attributes each target would have afterwards.
  std::map<ContainerInstance*, std::vector<std::string>> custom;
  for (const auto& r : requests) {
    auto& names = custom.try_emplace(r.target, r.target->custom_attributes).first->second;
    if (std::find(names.begin(), names.end(), r.name) == names.end() && r.target->attributes.count(r.name) == 0) {
      names.push_back(r.name);
    }
    if (names.size() > kMaxCustomAttributes) {
      throw aws::ServiceError(
          "AttributeLimitExceededException",
          fmt::format("You can apply up to {} custom attributes for each resource.", kMaxCustomAttributes));
    }
  }
  for (auto& [target, names] : custom) {
    target->custom_attributes = std::move(names);
  }
  for (const auto& r : requests) {
    r.target->attributes[r.name] = r.value;
    ++r.target->version;
  }
  return json::object{{"attributes", attributes_view(requests)}};
}

json::value delete_attributes(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  std::vector<AttributeRequest> requests = read_attributes(state, cluster, input, false);
  for (const auto& r : requests) {
    if (r.target->attributes.erase(r.name) > 0) {
      std::erase(r.target->custom_attributes, r.name);
      ++r.target->version;
    }
  }
  return json::object{{"attributes", attributes_view(requests)}};
}

json::value list_attributes(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  std::size_t limit = page_limit(input, 100, 100);
  std::string_view name = string_member(input, "attributeName");
  bool by_value = has_member(input, "attributeValue");
  std::string_view value = string_member(input, "attributeValue");
  if (by_value && name.empty()) {
    throw aws::ServiceError("InvalidParameterException",
                            "An attributeName must be specified when filtering by attributeValue.");
  }
  std::string after;
  if (const auto* token = input.if_contains("nextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    if (!last) {
      throw aws::ServiceError("InvalidParameterException", "Invalid token");
    }
    after = *last;
  }
  // Keys "INSTANCE_ID\nATTRIBUTE" in order.
  json::array attributes;
  std::string last_key;
  bool more = false;
  for (const auto& [id, instance] : state.container_instances.instances) {
    if (instance.cluster_arn != cluster.arn || instance.status == "INACTIVE") {
      continue;
    }
    for (const auto& [attribute, attribute_value] : instance.attributes) {
      if ((!name.empty() && attribute != name) || (by_value && attribute_value.value_or("") != value)) {
        continue;
      }
      std::string key = id + "\n" + attribute;
      if (!after.empty() && key <= after) {
        continue;
      }
      if (attributes.size() == limit) {
        more = true;
        break;
      }
      attributes.push_back(attribute_view(attribute, attribute_value, instance.arn));
      last_key = std::move(key);
    }
    if (more) {
      break;
    }
  }
  json::object out{{"attributes", std::move(attributes)}};
  if (more) {
    out["nextToken"] = aws::encode_page_token(last_key);
  }
  return out;
}

}  // namespace ecsemu::ecs
