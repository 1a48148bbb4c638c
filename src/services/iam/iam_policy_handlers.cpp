// IAM managed policies: customer managed ones (create, versions, tags, delete) and the AWS managed ones ECS uses
// (read-only, arn:aws:iam::aws:policy/...). Stored and returned, never evaluated.
#include <algorithm>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "protocol/timestamp.hpp"
#include "services/iam/iam_handlers.hpp"
#include "services/iam/iam_managed_policies.hpp"
#include "services/iam/iam_policy_document.hpp"
#include "services/iam/iam_support.hpp"
#include "services/iam/iam_views.hpp"

namespace ecsemu::iam {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxManagedPolicySize = 6144;

void check_arn(std::string_view arn) {
  if (arn.substr(0, 8) != "arn:aws:" || std::count(arn.begin(), arn.end(), ':') < 5) {
    invalid_input(fmt::format("ARN {} is not valid.", arn));
  }
}

ManagedPolicy& policy_of(IamState& state, std::string_view arn) {
  check_arn(arn);
  auto it = state.policies.find(std::string(arn));
  if (it == state.policies.end()) {
    no_such_entity(fmt::format("Policy {} was not found.", arn));
  }
  return it->second;
}

// For the write operations: AWS managed policies are read-only.
ManagedPolicy& own_policy(IamState& state, std::string_view arn) {
  if (is_aws_policy_arn(arn) && find_aws_policy(arn) != nullptr) {
    invalid_input(fmt::format("Policy {} is an AWS managed policy and cannot be modified.", arn));
  }
  return policy_of(state, arn);
}

void check_document(std::string_view document) {
  check_policy_document(document, PolicyKind::Identity);
  if (policy_size(document) > kMaxManagedPolicySize) {
    limit_exceeded(fmt::format("Cannot exceed quota for PolicySize: {}", kMaxManagedPolicySize));
  }
}

[[noreturn]] void no_such_version(std::string_view arn, std::string_view version) {
  no_such_entity(fmt::format("Policy {} version {} does not exist or is not attachable.", arn, version));
}

double iso_seconds(std::string_view text) { return protocol::parse_timestamp(text).value_or(0); }

}  // namespace

json::value create_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  ManagedPolicy policy;
  policy.name = std::string(in.str("PolicyName"));
  check_name(policy.name, "policyName");
  policy.path = std::string(in.str("Path", "/"));
  check_path(policy.path, "path");
  std::string document(in.str("PolicyDocument"));
  check_document(document);
  for (const auto& [arn, other] : state.policies) {
    if (lower(other.name) == lower(policy.name)) {
      already_exists(fmt::format("A policy called {} already exists. Duplicate names are not allowed.", policy.name));
    }
  }
  policy.description = std::string(in.str("Description"));
  policy.tags = input_tags(in);
  policy.id = unique_id(ctx, "ANPA");
  policy.arn = iam_arn(ctx.account_id, "policy", policy.path, policy.name);
  policy.created = policy.updated = ctx.now_seconds();
  policy.versions.push_back(PolicyVersion{"v1", std::move(document), policy.created});
  policy.default_version = "v1";
  auto& stored = state.policies.emplace(policy.arn, std::move(policy)).first->second;
  return json::object{{"Policy", policy_json(state, stored, true)}};
}

json::value get_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  std::string_view arn = in.str("PolicyArn");
  if (const AwsManagedPolicy* aws = find_aws_policy(arn)) {
    return json::object{{"Policy", aws_policy_json(state, *aws)}};
  }
  return json::object{{"Policy", policy_json(state, policy_of(state, arn), true)}};
}

json::value list_policies(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  std::string_view scope = in.str("Scope", "All");
  bool only_attached = in.flag("OnlyAttached");
  std::string_view usage = in.str("PolicyUsageFilter");
  auto wanted = [&](const std::string& arn, std::string_view path) {
    if (!path_matches(in, path)) {
      return false;
    }
    if (!only_attached) {
      return true;
    }
    long attachments = state.attachment_count(arn);
    long boundaries = state.boundary_usage_count(arn);
    if (usage == "PermissionsPolicy") {
      return attachments > 0;
    }
    if (usage == "PermissionsBoundary") {
      return boundaries > 0;
    }
    return attachments + boundaries > 0;
  };
  // Every candidate in ARN order: the account's own ARNs (digits) sort before arn:aws:iam::aws:.
  std::map<std::string, json::object> candidates;
  if (scope != "AWS") {
    for (const auto& [arn, policy] : state.policies) {
      if (wanted(arn, policy.path)) {
        candidates.emplace(arn, policy_json(state, policy, false));
      }
    }
  }
  if (scope != "Local") {
    for (const auto& policy : aws_managed_policies()) {
      std::string arn = aws_policy_arn(policy);
      if (wanted(arn, policy.path)) {
        candidates.emplace(arn, aws_policy_json(state, policy));
      }
    }
  }
  Page page(in);
  json::object out{{"Policies", page.take_values(
                                    candidates, [](const json::value&) { return true; },
                                    [](const json::value& view) { return view; })}};
  page.finish(out);
  return out;
}

json::value delete_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  ManagedPolicy& policy = own_policy(state, in.str("PolicyArn"));
  if (state.attachment_count(policy.arn) > 0 || state.boundary_usage_count(policy.arn) > 0) {
    delete_conflict("Cannot delete a policy attached to entities.");
  }
  if (policy.versions.size() > 1) {
    delete_conflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. "
        "The default version is deleted with the policy.");
  }
  state.policies.erase(policy.arn);
  return json::object{};
}

json::value create_policy_version(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  ManagedPolicy& policy = own_policy(state, in.str("PolicyArn"));
  std::string document(in.str("PolicyDocument"));
  check_document(document);
  if (policy.versions.size() >= kMaxPolicyVersions) {
    limit_exceeded(
        "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing "
        "version.");
  }
  PolicyVersion version{fmt::format("v{}", policy.next_version++), std::move(document), ctx.now_seconds()};
  if (in.flag("SetAsDefault")) {
    policy.default_version = version.id;
  }
  policy.updated = version.created;
  policy.versions.push_back(std::move(version));
  const PolicyVersion& stored = policy.versions.back();
  return json::object{{"PolicyVersion", version_json(stored, stored.id == policy.default_version, false)}};
}

json::value get_policy_version(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string_view arn = in.str("PolicyArn");
  std::string_view version_id = in.str("VersionId");
  if (const AwsManagedPolicy* aws = find_aws_policy(arn)) {
    if (version_id != aws->default_version) {
      no_such_version(arn, version_id);
    }
    PolicyVersion version{std::string(aws->default_version), std::string(aws->document), iso_seconds(aws->updated)};
    return json::object{{"PolicyVersion", version_json(version, true, true)}};
  }
  ManagedPolicy& policy = policy_of(iam_state(ctx), arn);
  const PolicyVersion* version = policy.version(version_id);
  if (version == nullptr) {
    no_such_version(arn, version_id);
  }
  return json::object{{"PolicyVersion", version_json(*version, version->id == policy.default_version, true)}};
}

json::value list_policy_versions(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string_view arn = in.str("PolicyArn");
  json::array versions;
  if (const AwsManagedPolicy* aws = find_aws_policy(arn)) {
    PolicyVersion version{std::string(aws->default_version), {}, iso_seconds(aws->updated)};
    versions.push_back(version_json(version, true, false));
    return json::object{{"Versions", std::move(versions)}, {"IsTruncated", false}};
  }
  ManagedPolicy& policy = policy_of(iam_state(ctx), arn);
  // Newest first, as IAM lists them.
  Page page(in);
  for (auto it = policy.versions.rbegin(); it != policy.versions.rend(); ++it) {
    // Keys must ascend for the pager: pad the reversed position.
    std::string key = fmt::format("{:08}", std::distance(policy.versions.rbegin(), it));
    auto step = page.step(key);
    if (step == aws::Pager::Step::Skip) {
      continue;
    }
    if (step == aws::Pager::Step::Full) {
      break;
    }
    versions.push_back(version_json(*it, it->id == policy.default_version, false));
  }
  json::object out{{"Versions", std::move(versions)}};
  page.finish(out);
  return out;
}

json::value delete_policy_version(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  ManagedPolicy& policy = own_policy(iam_state(ctx), in.str("PolicyArn"));
  std::string_view version_id = in.str("VersionId");
  auto it =
      std::find_if(policy.versions.begin(), policy.versions.end(), [&](const auto& v) { return v.id == version_id; });
  if (it == policy.versions.end()) {
    no_such_version(policy.arn, version_id);
  }
  if (it->id == policy.default_version) {
    delete_conflict("Cannot delete the default version of a policy.");
  }
  policy.versions.erase(it);
  return json::object{};
}

json::value set_default_policy_version(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  ManagedPolicy& policy = own_policy(iam_state(ctx), in.str("PolicyArn"));
  std::string_view version_id = in.str("VersionId");
  if (policy.version(version_id) == nullptr) {
    no_such_version(policy.arn, version_id);
  }
  policy.default_version = std::string(version_id);
  policy.updated = ctx.now_seconds();
  return json::object{};
}

json::value tag_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  ManagedPolicy& policy = own_policy(iam_state(ctx), in.str("PolicyArn"));
  policy.tags = merge_tags(policy.tags, input_tags(in));
  return json::object{};
}

json::value untag_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  ManagedPolicy& policy = own_policy(iam_state(ctx), in.str("PolicyArn"));
  policy.tags = remove_tags(policy.tags, in.strings("TagKeys"));
  return json::object{};
}

json::value list_policy_tags(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  if (find_aws_policy(in.str("PolicyArn")) != nullptr) {
    return tags_page(in, {});
  }
  return tags_page(in, policy_of(iam_state(ctx), in.str("PolicyArn")).tags);
}

json::value list_entities_for_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  std::string arn(in.str("PolicyArn"));
  check_attachable(state, arn);
  std::string_view filter = in.str("EntityFilter");
  auto uses = [&](const std::vector<std::string>& attached) {
    return std::find(attached.begin(), attached.end(), arn) != attached.end();
  };
  json::array roles;
  json::array users;
  json::array groups;
  if (filter.empty() || filter == "Role") {
    for (const auto& [key, role] : state.roles) {
      if (uses(role.attached) && path_matches(in, role.path)) {
        roles.push_back(json::object{{"RoleName", role.name}, {"RoleId", role.id}});
      }
    }
  }
  if (filter.empty() || filter == "User") {
    for (const auto& [key, user] : state.users) {
      if (uses(user.attached) && path_matches(in, user.path)) {
        users.push_back(json::object{{"UserName", user.name}, {"UserId", user.id}});
      }
    }
  }
  if (filter.empty() || filter == "Group") {
    for (const auto& [key, group] : state.groups) {
      if (uses(group.attached) && path_matches(in, group.path)) {
        groups.push_back(json::object{{"GroupName", group.name}, {"GroupId", group.id}});
      }
    }
  }
  return json::object{{"PolicyRoles", std::move(roles)},
                      {"PolicyUsers", std::move(users)},
                      {"PolicyGroups", std::move(groups)},
                      {"IsTruncated", false}};
}

}  // namespace ecsemu::iam
