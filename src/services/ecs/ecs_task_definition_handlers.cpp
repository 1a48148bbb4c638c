// Task definitions: RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions,
// ListTaskDefinitionFamilies, DeregisterTaskDefinition, DeleteTaskDefinitions.
#include "services/ecs/ecs_task_definition_handlers.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <climits>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_model.hpp"
#include "services/ecs/ecs_task_definition_views.hpp"
#include "services/ecs/ecs_views.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxTags = 50;
constexpr std::size_t kMaxDeletes = 10;

double epoch_seconds(std::chrono::system_clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  return static_cast<double>(ms) / 1000.0;
}

std::size_t page_size(const json::object& input) {
  const auto* v = input.if_contains("maxResults");
  if (v == nullptr || v->is_null()) {
    return 100;
  }
  long n = v->is_int64() ? static_cast<long>(v->as_int64()) : v->is_uint64() ? static_cast<long>(v->as_uint64()) : 0;
  if (n < 1 || n > 100) {
    throw aws::ServiceError("InvalidParameterException", "maxResults must be between 1 and 100.");
  }
  return static_cast<std::size_t>(n);
}

std::optional<std::string> page_token(const json::object& input) {
  const auto* v = input.if_contains("nextToken");
  if (v == nullptr || !v->is_string()) {
    return std::nullopt;
  }
  auto key = aws::decode_page_token(v->as_string());
  if (!key) {
    throw aws::ServiceError("InvalidParameterException", "Invalid token");
  }
  return key;
}

// The definition an identifier names, or null. `require_revision` refuses a bare family.
TaskDefinition* resolve(aws::RequestContext& ctx, std::string_view identifier, bool require_revision, bool& malformed) {
  malformed = false;
  auto ref = parse_task_definition_ref(identifier);
  if (!ref || (require_revision && ref->revision == 0)) {
    malformed = true;
    return nullptr;
  }
  if (identifier.rfind("arn:", 0) == 0 &&
      identifier.rfind(fmt::format("arn:aws:ecs:{}:{}:task-definition/", ctx.region, ctx.account_id), 0) != 0) {
    return nullptr;  // another account or region
  }
  TaskDefinitionStore& store = ctx.store().ecs.task_definitions;
  return ref->revision == 0 ? store.latest_active(ref->family) : store.find(ref->family, ref->revision);
}

std::string key_token(const TaskDefinitionKey& key) { return fmt::format("{}:{}", key.first, key.second); }

std::optional<TaskDefinitionKey> token_key(const std::string& token) {
  auto colon = token.rfind(':');
  int revision = 0;
  if (colon == std::string::npos ||
      std::from_chars(token.data() + colon + 1, token.data() + token.size(), revision).ec != std::errc()) {
    return std::nullopt;
  }
  return TaskDefinitionKey(token.substr(0, colon), revision);
}

}  // namespace

json::value register_task_definition(aws::RequestContext& ctx, const json::object& input) {
  json::object spec = checked_task_definition_spec(input);
  Tags tags = parse_tags(input);
  if (tags.size() > kMaxTags) {
    throw aws::ServiceError("InvalidParameterException", fmt::format("A resource can have at most {} tags.", kMaxTags));
  }
  TaskDefinition definition;
  definition.family = std::string(string_member(input, "family"));
  definition.requires_attributes = derive_requires_attributes(spec);
  definition.compatibilities = derive_compatibilities(spec);
  definition.spec = std::move(spec);
  definition.tags = std::move(tags);
  definition.registered_at = epoch_seconds(ctx.now);
  definition.registered_by = fmt::format("arn:aws:iam::{}:root", ctx.account_id);
  TaskDefinition& stored = ctx.store().ecs.task_definitions.add(std::move(definition), ctx.region, ctx.account_id);
  json::object out{{"taskDefinition", task_definition_view(stored)}};
  if (!stored.tags.empty()) {
    out["tags"] = tags_view(stored.tags);
  }
  return out;
}

json::value describe_task_definition(aws::RequestContext& ctx, const json::object& input) {
  bool malformed = false;
  TaskDefinition* definition = resolve(ctx, string_member(input, "taskDefinition"), false, malformed);
  if (definition == nullptr) {
    throw aws::ServiceError("ClientException", "Unable to describe task definition.");
  }
  json::object out{{"taskDefinition", task_definition_view(*definition)}};
  for (const auto& field : string_list(input, "include")) {
    if (field == "TAGS") {
      out["tags"] = tags_view(definition->tags);
    }
  }
  return out;
}

json::value list_task_definitions(aws::RequestContext& ctx, const json::object& input) {
  const TaskDefinitionStore& store = ctx.store().ecs.task_definitions;
  std::size_t limit = page_size(input);
  auto status = parse_task_definition_status(string_member(input, "status", "ACTIVE"));
  const auto& index = store.with_status(status.value_or(TaskDefinitionStatus::kActive));
  bool descending = string_member(input, "sort", "ASC") == "DESC";
  // familyPrefix is the full family name: it limits the listing to that family's revisions.
  std::string family(string_member(input, "familyPrefix"));
  std::optional<TaskDefinitionKey> after;
  if (auto token = page_token(input)) {
    after = token_key(*token);
    if (!after) {
      throw aws::ServiceError("InvalidParameterException", "Invalid token");
    }
  }
  auto in_scope = [&](const TaskDefinitionKey& key) { return family.empty() || key.first == family; };
  json::array arns;
  std::optional<TaskDefinitionKey> last;
  bool more = false;
  auto emit = [&](const TaskDefinitionKey& key) {
    if (arns.size() == limit) {
      more = true;
      return false;
    }
    arns.emplace_back(task_definition_arn(ctx.region, ctx.account_id, key.first, key.second));
    last = key;
    return true;
  };
  if (!descending) {
    auto it = after ? index.upper_bound(*after)
                    : (family.empty() ? index.begin() : index.lower_bound(TaskDefinitionKey(family, 0)));
    for (; it != index.end() && in_scope(*it); ++it) {
      if (!emit(*it)) {
        break;
      }
    }
  } else {
    auto it = after ? index.lower_bound(*after)
                    : (family.empty() ? index.end() : index.upper_bound(TaskDefinitionKey(family, INT_MAX)));
    while (it != index.begin()) {
      --it;
      if (!in_scope(*it) || !emit(*it)) {
        break;
      }
    }
  }
  json::object out{{"taskDefinitionArns", std::move(arns)}};
  if (more && last) {
    out["nextToken"] = aws::encode_page_token(key_token(*last));
  }
  return out;
}

json::value list_task_definition_families(aws::RequestContext& ctx, const json::object& input) {
  TaskDefinitionStore& store = ctx.store().ecs.task_definitions;
  std::size_t limit = page_size(input);
  std::string_view status = string_member(input, "status", "ACTIVE");
  std::string prefix(string_member(input, "familyPrefix"));
  auto it = store.families.lower_bound(prefix);
  if (auto token = page_token(input); token && *token >= prefix) {
    it = store.families.upper_bound(*token);
  }
  json::array families;
  std::string last;
  bool more = false;
  for (; it != store.families.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    bool active = store.has_active(it->first);
    if ((status == "ACTIVE" && !active) || (status == "INACTIVE" && active)) {
      continue;
    }
    if (families.size() == limit) {
      more = true;
      break;
    }
    families.emplace_back(it->first);
    last = it->first;
  }
  json::object out{{"families", std::move(families)}};
  if (more) {
    out["nextToken"] = aws::encode_page_token(last);
  }
  return out;
}

json::value deregister_task_definition(aws::RequestContext& ctx, const json::object& input) {
  std::string_view identifier = string_member(input, "taskDefinition");
  // A revision that is not a number is refused as ECS refuses "family:latest" ("Invalid revision number.
  // Number: latest"); deregistering needs a revision, so a bare family is refused too.
  std::string_view name = identifier.substr(std::min(identifier.size(), identifier.rfind('/') + 1));
  if (auto colon = name.find(':'); colon != std::string_view::npos) {
    std::string_view digits = name.substr(colon + 1);
    int revision = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), revision);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
      throw aws::ServiceError("InvalidParameterException", fmt::format("Invalid revision number. Number: {}", digits));
    }
  } else {
    throw aws::ServiceError("ClientException", "Revision is missing.");
  }
  bool malformed = false;
  TaskDefinition* definition = resolve(ctx, identifier, true, malformed);
  if (malformed) {
    throw aws::ServiceError("InvalidParameterException",
                            "Invalid task definition: specify the family and revision (family:revision) or the full "
                            "ARN of the task definition to deregister.");
  }
  if (definition == nullptr) {
    throw aws::ServiceError("ClientException", "Unable to describe task definition.");
  }
  if (definition->status == "DELETE_IN_PROGRESS") {
    throw aws::ServiceError("ClientException", "The specified task definition is being deleted.");
  }
  if (definition->status == "ACTIVE") {
    ctx.store().ecs.task_definitions.set_status(*definition, TaskDefinitionStatus::kInactive);
    definition->deregistered_at = epoch_seconds(ctx.now);
  }
  return json::object{{"taskDefinition", task_definition_view(*definition)}};
}

json::value delete_task_definitions(aws::RequestContext& ctx, const json::object& input) {
  std::vector<std::string> identifiers = string_list(input, "taskDefinitions");
  if (identifiers.empty() || identifiers.size() > kMaxDeletes) {
    throw aws::ServiceError("InvalidParameterException",
                            fmt::format("Between 1 and {} task definitions can be deleted at once.", kMaxDeletes));
  }
  TaskDefinitionStore& store = ctx.store().ecs.task_definitions;
  json::array deleted;
  json::array failures;
  for (const auto& identifier : identifiers) {
    bool malformed = false;
    TaskDefinition* definition = resolve(ctx, identifier, true, malformed);
    if (malformed) {
      failures.push_back(failure_view(identifier,
                                      "The specified task definition identifier is invalid. Specify a "
                                      "valid name or ARN and try again."));
      continue;
    }
    if (definition == nullptr) {
      failures.push_back(failure_view(identifier,
                                      "The specified task definition does not exist. Specify a valid "
                                      "account, family, revision and try again."));
      continue;
    }
    if (definition->status == "ACTIVE") {
      failures.push_back(failure_view(definition->arn,
                                      "The specified task definition is still in ACTIVE status. "
                                      "Please deregister the target and try again."));
      continue;
    }
    if (definition->status == "INACTIVE") {
      store.set_status(*definition, TaskDefinitionStatus::kDeleteInProgress);
      definition->delete_requested_at = epoch_seconds(ctx.now);
    }
    deleted.push_back(task_definition_view(*definition));
  }
  return json::object{{"taskDefinitions", std::move(deleted)}, {"failures", std::move(failures)}};
}

Tags* find_task_definition_tags(EcsState& state, std::string_view id) {
  auto ref = parse_task_definition_ref(id);
  if (!ref || ref->revision == 0) {
    return nullptr;
  }
  TaskDefinition* definition = state.task_definitions.find(ref->family, ref->revision);
  return definition != nullptr ? &definition->tags : nullptr;
}

void register_task_definition_operations(aws::OperationRegistry& registry) {
  registry.add("ecs", "RegisterTaskDefinition", &register_task_definition);
  registry.add("ecs", "DescribeTaskDefinition", &describe_task_definition);
  registry.add("ecs", "ListTaskDefinitions", &list_task_definitions);
  registry.add("ecs", "ListTaskDefinitionFamilies", &list_task_definition_families);
  registry.add("ecs", "DeregisterTaskDefinition", &deregister_task_definition);
  registry.add("ecs", "DeleteTaskDefinitions", &delete_task_definitions);
  registry.add("ecs", "PutAccountSetting", &put_account_setting);
  registry.add("ecs", "PutAccountSettingDefault", &put_account_setting_default);
  registry.add("ecs", "DeleteAccountSetting", &delete_account_setting);
  registry.add("ecs", "ListAccountSettings", &list_account_settings);
}

}  // namespace ecsemu::ecs
