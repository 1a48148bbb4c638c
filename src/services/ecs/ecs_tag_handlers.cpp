// ECS tagging: TagResource, UntagResource, ListTagsForResource.
#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_handlers.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxTags = 50;

// The tags of the resource an ARN names. A resource that does not exist (or is of another account or Region)
// is ResourceNotFoundException for TagResource and UntagResource; ListTagsForResource's model declares no
// such error, so it answers ClientException (for a task definition as DescribeTaskDefinition does).
Tags& resolve_tags(aws::RequestContext& ctx, std::string_view arn, bool listing = false) {
  // arn:aws:ecs:REGION:ACCOUNT:TYPE/ID
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    auto colon = arn.find(':', start);
    if (colon == std::string_view::npos) {
      throw aws::ServiceError("InvalidParameterException", "The ARN provided is invalid.");
    }
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  std::string_view resource = arn.substr(start);
  if (parts[0] != "arn" || parts[2] != "ecs" || resource.find('/') == std::string_view::npos) {
    throw aws::ServiceError("InvalidParameterException", "The ARN provided is invalid.");
  }
  std::string_view type = resource.substr(0, resource.find('/'));
  bool here = parts[3] == ctx.region && parts[4] == ctx.account_id;
  if (type == "cluster") {
    EcsState& state = ctx.store().ecs;
    auto it = here ? state.clusters.find(std::string(resource.substr(8))) : state.clusters.end();
    if (it == state.clusters.end()) {
      throw aws::ServiceError("ClusterNotFoundException", "Cluster not found.");
    }
    if (it->second.status != "ACTIVE") {
      throw aws::ServiceError("InvalidParameterException",
                              "The specified cluster is inactive. Specify an active cluster and try again.");
    }
    return it->second.tags;
  }
  Tags* tags = nullptr;
  if (here) {
    EcsState& state = ctx.store().ecs;
    std::string_view id = resource.substr(type.size() + 1);
    if (type == "task-definition") {
      tags = find_task_definition_tags(state, id);
    } else if (type == "container-instance") {
      tags = find_container_instance_tags(state, id);
    } else if (type == "capacity-provider") {
      tags = find_capacity_provider_tags(state, id);
    } else if (type == "task") {
      tags = find_task_tags(state, id);
    } else if (type == "service") {
      tags = find_service_tags(state, id);
    } else if (type == "task-set") {
      tags = find_task_set_tags(state, id);
    } else if (type == "daemon") {
      tags = find_daemon_tags(state, ctx.region, ctx.account_id, id);
    } else if (type == "daemon-task-definition") {
      tags = find_daemon_task_definition_tags(state, ctx.region, ctx.account_id, id);
    }
  }
  if (tags == nullptr && listing) {
    throw aws::ServiceError("ClientException", type == "task-definition"
                                                   ? "Unable to describe task definition."
                                                   : "The specified resource could not be found.");
  }
  if (tags == nullptr) {
    throw aws::ServiceError("ResourceNotFoundException", "The specified resource could not be found.");
  }
  return *tags;
}

}  // namespace

json::value tag_resource(aws::RequestContext& ctx, const json::object& input) {
  Tags& tags = resolve_tags(ctx, string_member(input, "resourceArn"));
  Tags update = parse_tags(input);
  Tags merged = tags;
  merge_tags(merged, update);
  if (merged.size() > kMaxTags) {
    throw aws::ServiceError(
        "InvalidParameterException",
        fmt::format("A resource can have at most {} tags; this request would give it {}.", kMaxTags, merged.size()));
  }
  tags = std::move(merged);
  return json::object{};
}

json::value untag_resource(aws::RequestContext& ctx, const json::object& input) {
  Tags& tags = resolve_tags(ctx, string_member(input, "resourceArn"));
  remove_tags(tags, string_list(input, "tagKeys"));
  return json::object{};
}

json::value list_tags_for_resource(aws::RequestContext& ctx, const json::object& input) {
  Tags& tags = resolve_tags(ctx, string_member(input, "resourceArn"), true);
  return json::object{{"tags", tags_view(tags)}};
}

}  // namespace ecsemu::ecs
