#include "services/iam/iam_support.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/iam/iam_managed_policies.hpp"
#include "services/iam/iam_policy_document.hpp"
#include "services/iam/iam_views.hpp"
#include "state/world.hpp"

namespace ecsemu::iam {

namespace json = boost::json;

namespace {
constexpr std::string_view kIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kSecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::size_t kDefaultMaxItems = 100;

std::size_t inline_limit(std::string_view kind) {
  if (kind == "role") {
    return 10240;
  }
  return kind == "group" ? 5120 : 2048;
}
}  // namespace

void no_such_entity(std::string message) { throw aws::ServiceError("NoSuchEntityException", std::move(message)); }
void already_exists(std::string message) {
  throw aws::ServiceError("EntityAlreadyExistsException", std::move(message));
}
void delete_conflict(std::string message) { throw aws::ServiceError("DeleteConflictException", std::move(message)); }
void limit_exceeded(std::string message) { throw aws::ServiceError("LimitExceededException", std::move(message)); }
void invalid_input(std::string message) { throw aws::ServiceError("InvalidInputException", std::move(message)); }

IamState& iam_state(aws::RequestContext& ctx) { return ctx.world->iam(ctx.account_id); }

Role& role_of(IamState& state, std::string_view name) {
  Role* role = state.find_role(name);
  if (role == nullptr) {
    no_such_entity(fmt::format("The role with name {} cannot be found.", name));
  }
  return *role;
}

User& user_of(IamState& state, std::string_view name) {
  auto it = state.users.find(lower(name));
  if (it == state.users.end()) {
    no_such_entity(fmt::format("The user with name {} cannot be found.", name));
  }
  return it->second;
}

Group& group_of(IamState& state, std::string_view name) {
  auto it = state.groups.find(lower(name));
  if (it == state.groups.end()) {
    no_such_entity(fmt::format("The group with name {} cannot be found.", name));
  }
  return it->second;
}

PolicyHolder holder(Role& role) { return {"role", role.name, role.inline_policies, role.attached}; }
PolicyHolder holder(User& user) { return {"user", user.name, user.inline_policies, user.attached}; }
PolicyHolder holder(Group& group) { return {"group", group.name, group.inline_policies, group.attached}; }

std::string unique_id(aws::RequestContext& ctx, std::string_view prefix) {
  return std::string(prefix) + ctx.ids->chars(17, kIdAlphabet);
}

std::string access_key_id(aws::RequestContext& ctx, std::string_view prefix) {
  return std::string(prefix) + ctx.ids->chars(16, kIdAlphabet);
}

std::string secret_access_key(aws::RequestContext& ctx) { return ctx.ids->chars(40, kSecretAlphabet); }

Tags input_tags(const aws::Input& in) {
  Tags tags;
  for (const auto& tag : in.subs("Tags")) {
    tags.emplace_back(std::string(tag.str("Key")), std::string(tag.str("Value")));
  }
  return merge_tags({}, tags);
}

Page::Page(const aws::Input& in)
    : pager_(in.opt_str("Marker"), static_cast<std::size_t>(in.int_or("MaxItems", kDefaultMaxItems))) {
  if (!pager_.valid()) {
    throw aws::ServiceError("ValidationError", "Invalid Marker.");
  }
}

void Page::finish(json::object& out) const {
  out["IsTruncated"] = pager_.more();
  if (pager_.more()) {
    out["Marker"] = pager_.next_token();
  }
}

json::object tags_page(const aws::Input& in, const Tags& tags) {
  std::vector<std::pair<std::string, std::string>> sorted = tags;
  std::sort(sorted.begin(), sorted.end());
  Page page(in);
  Tags taken;
  for (const auto& tag : sorted) {
    auto step = page.step(tag.first);
    if (step == aws::Pager::Step::Skip) {
      continue;
    }
    if (step == aws::Pager::Step::Full) {
      break;
    }
    taken.push_back(tag);
  }
  json::object out{{"Tags", tags_json(taken)}};
  page.finish(out);
  return out;
}

void check_attachable(const IamState& state, std::string_view policy_arn) {
  if (policy_arn.substr(0, 8) != "arn:aws:") {
    invalid_input(fmt::format("ARN {} is not valid.", policy_arn));
  }
  if (is_aws_policy_arn(policy_arn) ? find_aws_policy(policy_arn) == nullptr
                                    : !state.policies.contains(std::string(policy_arn))) {
    no_such_entity(fmt::format("Policy {} does not exist or is not attachable.", policy_arn));
  }
}

void attach_policy(IamState& state, PolicyHolder holder, std::string_view policy_arn) {
  check_attachable(state, policy_arn);
  if (std::find(holder.attached.begin(), holder.attached.end(), policy_arn) != holder.attached.end()) {
    return;
  }
  if (holder.attached.size() >= kMaxAttachedPolicies) {
    std::string kind(holder.kind);
    kind[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(kind[0])));
    limit_exceeded(fmt::format("Cannot exceed quota for PoliciesPer{}: {}", kind, kMaxAttachedPolicies));
  }
  holder.attached.emplace_back(policy_arn);
}

void detach_policy(PolicyHolder holder, std::string_view policy_arn) {
  auto it = std::find(holder.attached.begin(), holder.attached.end(), policy_arn);
  if (it == holder.attached.end()) {
    no_such_entity(fmt::format("Policy {} was not found.", policy_arn));
  }
  holder.attached.erase(it);
}

json::object list_attached(const IamState& state, const aws::Input& in, const std::vector<std::string>& arns) {
  std::vector<std::string> sorted = arns;
  std::sort(sorted.begin(), sorted.end());
  Page page(in);
  std::vector<std::string> taken;
  for (const auto& arn : sorted) {
    if (in.has("PathPrefix")) {
      auto parts = parse_iam_arn(arn, "policy");
      if (!parts || !path_matches(in, parts->path)) {
        continue;
      }
    }
    auto step = page.step(arn);
    if (step == aws::Pager::Step::Skip) {
      continue;
    }
    if (step == aws::Pager::Step::Full) {
      break;
    }
    taken.push_back(arn);
  }
  json::object out{{"AttachedPolicies", attached_json(state, taken)}};
  page.finish(out);
  return out;
}

void put_inline(PolicyHolder holder, const aws::Input& in) {
  std::string name(in.str("PolicyName"));
  check_name(name, "policyName");
  std::string document(in.str("PolicyDocument"));
  check_policy_document(document, PolicyKind::Identity);
  std::size_t total = policy_size(document);
  for (const auto& [other, text] : holder.inline_policies) {
    if (other != name) {
      total += policy_size(text);
    }
  }
  if (total > inline_limit(holder.kind)) {
    limit_exceeded(fmt::format("Maximum policy size of {} bytes exceeded for {} {}", inline_limit(holder.kind),
                               holder.kind, holder.name));
  }
  holder.inline_policies[name] = std::move(document);
}

const std::string& get_inline(PolicyHolder holder, std::string_view policy_name) {
  auto it = holder.inline_policies.find(std::string(policy_name));
  if (it == holder.inline_policies.end()) {
    no_such_entity(fmt::format("The {} policy with name {} cannot be found.", holder.kind, policy_name));
  }
  return it->second;
}

void delete_inline(PolicyHolder holder, std::string_view policy_name) {
  auto it = holder.inline_policies.find(std::string(policy_name));
  if (it == holder.inline_policies.end()) {
    no_such_entity(fmt::format("The {} policy with name {} cannot be found.", holder.kind, policy_name));
  }
  holder.inline_policies.erase(it);
}

json::object list_inline(const aws::Input& in, const std::map<std::string, std::string>& policies) {
  Page page(in);
  json::object out{{"PolicyNames",
                    page.take(
                        policies, [](const auto& entry) -> std::string_view { return entry.first; },
                        [](const auto&) { return true; }, [](const auto& entry) { return json::value(entry.first); })}};
  page.finish(out);
  return out;
}

bool path_matches(const aws::Input& in, std::string_view path) {
  std::string_view prefix = in.str("PathPrefix", "/");
  return path.substr(0, prefix.size()) == prefix;
}

}  // namespace ecsemu::iam
