// RegisterDaemonTaskDefinition, DescribeDaemonTaskDefinition, ListDaemonTaskDefinitions,
// DeleteDaemonTaskDefinition.
#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/format.h>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_daemon_handlers.hpp"
#include "services/ecs/ecs_daemon_views.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

double now_seconds(const aws::RequestContext& ctx) {
  return std::chrono::duration<double>(ctx.now.time_since_epoch()).count();
}

// "256", or "1 vCPU" / "0.5 GB" style values as task definitions take them.
bool valid_size(std::string_view value, std::string_view unit) {
  if (value.empty()) {
    return false;
  }
  std::string_view number = value;
  auto space = value.find(' ');
  if (space != std::string_view::npos) {
    std::string u(value.substr(space + 1));
    std::transform(u.begin(), u.end(), u.begin(), ::tolower);
    if (u != unit) {
      return false;
    }
    number = value.substr(0, space);
  }
  bool dot = false;
  for (char c : number) {
    if (c == '.' && !dot && space != std::string_view::npos) {
      dot = true;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return !number.empty() && number.find_first_not_of("0.") != std::string_view::npos;
}

const DaemonTaskDefinition& require_definition(aws::RequestContext& ctx, std::string_view identifier,
                                               bool require_revision) {
  auto* definition =
      find_daemon_task_definition(ctx.store().ecs, ctx.region, ctx.account_id, identifier, require_revision);
  if (definition == nullptr) {
    throw aws::ServiceError("ClientException", "Unable to describe daemon task definition.");
  }
  return *definition;
}

}  // namespace

std::size_t daemon_page_size(const object& input, std::size_t fallback) {
  if (const auto* v = input.if_contains("maxResults"); v != nullptr && v->is_int64()) {
    if (v->as_int64() < 1 || v->as_int64() > 100) {
      throw aws::ServiceError("InvalidParameterException", "maxResults must be between 1 and 100.");
    }
    return static_cast<std::size_t>(v->as_int64());
  }
  return fallback;
}

void validate_daemon_task_definition(const object& input) {
  std::string_view family = string_member(input, "family");
  if (!valid_daemon_name(family)) {
    throw aws::ServiceError(
        "ClientException", "Family must be 1-255 letters (uppercase and lowercase), numbers, hyphens and underscores.");
  }
  std::set<std::string> volumes;
  if (const auto* list = array_member(input, "volumes")) {
    for (const auto& v : *list) {
      std::string_view name = string_member(v.as_object(), "name");
      if (name.empty()) {
        throw aws::ServiceError("ClientException", "Volume name should not be null or empty.");
      }
      if (!volumes.emplace(name).second) {
        throw aws::ServiceError("ClientException", fmt::format("Duplicate volume name: {}.", name));
      }
    }
  }
  const auto* containers = array_member(input, "containerDefinitions");
  if (containers == nullptr || containers->empty()) {
    throw aws::ServiceError("ClientException", "Container list cannot be empty.");
  }
  std::set<std::string> names;
  bool essential = false;
  for (const auto& c : *containers) {
    const auto& container = c.as_object();
    std::string_view name = string_member(container, "name");
    if (name.empty()) {
      throw aws::ServiceError("ClientException", "Container.name should not be null or empty.");
    }
    if (!valid_daemon_name(name)) {
      throw aws::ServiceError("ClientException", fmt::format("Container name {} is not valid.", name));
    }
    if (!names.emplace(name).second) {
      throw aws::ServiceError("ClientException", fmt::format("Duplicate container name: {}.", name));
    }
    if (string_member(container, "image").empty()) {
      throw aws::ServiceError("ClientException", "Container.image should not be null or empty.");
    }
    const auto* e = container.if_contains("essential");
    essential = essential || e == nullptr || !e->is_bool() || e->as_bool();
    if (const auto* mounts = array_member(container, "mountPoints")) {
      for (const auto& m : *mounts) {
        std::string_view source = string_member(m.as_object(), "sourceVolume");
        if (!volumes.count(std::string(source))) {
          throw aws::ServiceError("ClientException",
                                  fmt::format("Unknown volume reference in mountPoints: {}.", source));
        }
      }
    }
  }
  if (!essential) {
    throw aws::ServiceError("ClientException", "A daemon task definition must have at least one essential container.");
  }
  for (const auto& c : *containers) {
    if (const auto* deps = array_member(c.as_object(), "dependsOn")) {
      for (const auto& d : *deps) {
        std::string_view other = string_member(d.as_object(), "containerName");
        if (!names.count(std::string(other))) {
          throw aws::ServiceError("ClientException",
                                  fmt::format("dependsOn names a container that does not exist: {}.", other));
        }
      }
    }
  }
  if (has_member(input, "cpu") && !valid_size(string_member(input, "cpu"), "vcpu")) {
    throw aws::ServiceError("ClientException", "Invalid 'cpu' setting for daemon task definition.");
  }
  if (has_member(input, "memory") && !valid_size(string_member(input, "memory"), "gb")) {
    throw aws::ServiceError("ClientException", "Invalid 'memory' setting for daemon task definition.");
  }
}

value register_daemon_task_definition(aws::RequestContext& ctx, const object& input) {
  validate_daemon_task_definition(input);
  Tags tags = parse_tags(input);
  EcsState& state = ctx.store().ecs;
  std::string family(string_member(input, "family"));
  auto& revisions = state.daemons.task_definitions[family];
  DaemonTaskDefinition definition;
  definition.family = family;
  definition.revision = revisions.empty() ? 1 : revisions.rbegin()->first + 1;
  definition.arn = daemon_task_definition_arn(ctx.region, ctx.account_id, family, definition.revision);
  for (const char* member : {"containerDefinitions", "cpu", "memory", "executionRoleArn", "taskRoleArn", "volumes"}) {
    if (const auto* v = input.if_contains(member); v != nullptr && !v->is_null()) {
      definition.registration[member] = *v;
    }
  }
  definition.registered_by = fmt::format("arn:aws:iam::{}:root", ctx.account_id);
  definition.registered_at = now_seconds(ctx);
  definition.tags = std::move(tags);
  std::string arn = definition.arn;
  revisions[definition.revision] = std::move(definition);
  return json::object{{"daemonTaskDefinitionArn", arn}};
}

value describe_daemon_task_definition(aws::RequestContext& ctx, const object& input) {
  const auto& definition = require_definition(ctx, string_member(input, "daemonTaskDefinition"), false);
  return json::object{{"daemonTaskDefinition", daemon_task_definition_view(ctx.store().ecs, definition)}};
}

value delete_daemon_task_definition(aws::RequestContext& ctx, const object& input) {
  std::string_view identifier = string_member(input, "daemonTaskDefinition");
  EcsState& state = ctx.store().ecs;
  auto* definition = find_daemon_task_definition(state, ctx.region, ctx.account_id, identifier, true);
  if (definition == nullptr) {
    if (identifier.find(':') == std::string_view::npos) {
      throw aws::ServiceError("ClientException",
                              "The daemon task definition must be specified as family:revision or as a full ARN.");
    }
    throw aws::ServiceError("ClientException", "Unable to describe daemon task definition.");
  }
  if (definition->status != "ACTIVE") {
    throw aws::ServiceError("ClientException",
                            fmt::format("The daemon task definition {} is already being deleted.", definition->arn));
  }
  definition->status = "DELETE_IN_PROGRESS";
  definition->delete_requested_at = now_seconds(ctx);
  return json::object{{"daemonTaskDefinitionArn", definition->arn}};
}

value list_daemon_task_definitions(aws::RequestContext& ctx, const object& input) {
  if (has_member(input, "family") && has_member(input, "familyPrefix")) {
    throw aws::ServiceError("InvalidParameterException", "family and familyPrefix cannot be used together.");
  }
  std::size_t limit = daemon_page_size(input, 100);
  std::string_view family = string_member(input, "family");
  std::string_view prefix = string_member(input, "familyPrefix");
  std::string_view status = string_member(input, "status", "ACTIVE");
  bool last_only = string_member(input, "revision") == "LAST_REGISTERED";
  bool descending = string_member(input, "sort") == "DESC";
  EcsState& state = ctx.store().ecs;

  // Keys sort as family, then revision (zero-padded) so tokens resume in either direction.
  std::vector<std::pair<std::string, const DaemonTaskDefinition*>> items;
  for (const auto& [name, revisions] : state.daemons.task_definitions) {
    if ((!family.empty() && name != family) || (!prefix.empty() && name.rfind(prefix, 0) != 0)) {
      continue;
    }
    std::vector<const DaemonTaskDefinition*> matching;
    for (const auto& [rev, definition] : revisions) {
      std::string s = daemon_task_definition_status(state, definition);
      if (s == "DELETED" || (status != "ALL" && s != status)) {
        continue;
      }
      matching.push_back(&definition);
    }
    if (last_only && !matching.empty()) {
      matching = {matching.back()};
    }
    for (const auto* d : matching) {
      items.emplace_back(fmt::format("{}:{:010}", name, d->revision), d);
    }
  }
  if (descending) {
    std::reverse(items.begin(), items.end());
  }
  std::size_t start = 0;
  if (const auto* token = input.if_contains("nextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    if (!last) {
      throw aws::ServiceError("InvalidParameterException", "Invalid token");
    }
    while (start < items.size() && (descending ? items[start].first >= *last : items[start].first <= *last)) {
      ++start;
    }
  }
  json::array out;
  std::size_t i = start;
  for (; i < items.size() && out.size() < limit; ++i) {
    out.push_back(daemon_task_definition_summary_view(state, *items[i].second));
  }
  json::object result{{"daemonTaskDefinitions", std::move(out)}};
  if (i < items.size()) {
    result["nextToken"] = aws::encode_page_token(items[i - 1].first);
  }
  return result;
}

}  // namespace ecsemu::ecs
