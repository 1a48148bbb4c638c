// IAM users, groups and membership, users' and groups' policies, access keys.
#include <algorithm>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/iam/iam_handlers.hpp"
#include "services/iam/iam_support.hpp"
#include "services/iam/iam_views.hpp"
#include "state/world.hpp"

namespace ecsemu::iam {

namespace json = boost::json;

namespace {

// The user a request names, or the caller when it names none; empty for the account root.
std::string user_name_or_caller(const aws::RequestContext& ctx, const aws::Input& in) {
  if (auto name = in.opt_str("UserName")) {
    return std::string(*name);
  }
  if (auto parts = parse_iam_arn(ctx.principal_arn, "user")) {
    return parts->name;
  }
  return {};
}

IssuedKey& key_of(aws::RequestContext& ctx, std::string_view access_key, const std::string& user_name) {
  IssuedKey* key = ctx.world->keys().find(access_key);
  bool owned = key != nullptr && key->account == ctx.account_id && key->session_token.empty() &&
               (user_name.empty() ? key->root : lower(key->user_name) == lower(user_name));
  if (!owned) {
    no_such_entity(fmt::format("The Access Key with id {} cannot be found.", access_key));
  }
  return *key;
}

}  // namespace

json::value create_user(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  User user;
  user.name = std::string(in.str("UserName"));
  check_name(user.name, "userName");
  user.path = std::string(in.str("Path", "/"));
  check_path(user.path, "path");
  std::string key = lower(user.name);
  if (state.users.contains(key)) {
    already_exists(fmt::format("User with name {} already exists.", user.name));
  }
  if (auto boundary = in.opt_str("PermissionsBoundary")) {
    check_attachable(state, *boundary);
    user.permissions_boundary = std::string(*boundary);
  }
  user.tags = input_tags(in);
  user.id = unique_id(ctx, "AIDA");
  user.arn = iam_arn(ctx.account_id, "user", user.path, user.name);
  user.created = ctx.now_seconds();
  auto& stored = state.users.emplace(key, std::move(user)).first->second;
  return json::object{{"User", user_json(stored, true)}};
}

json::value get_user(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name = user_name_or_caller(ctx, in);
  if (name.empty()) {
    // The account root, as IAM answers GetUser signed with root credentials.
    return json::object{{"User", json::object{{"UserId", ctx.account_id},
                                              {"Arn", fmt::format("arn:aws:iam::{}:root", ctx.account_id)},
                                              {"CreateDate", 0.0}}}};
  }
  return json::object{{"User", user_json(user_of(iam_state(ctx), name), true)}};
}

json::value list_users(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Page page(in);
  json::object out{{"Users", page.take_values(
                                 iam_state(ctx).users, [&](const User& user) { return path_matches(in, user.path); },
                                 [](const User& user) { return user_json(user, false); })}};
  page.finish(out);
  return out;
}

json::value update_user(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  User& user = user_of(state, in.str("UserName"));
  std::string old_key = lower(user.name);
  User updated = user;
  if (auto path = in.opt_str("NewPath")) {
    check_path(*path, "newPath");
    updated.path = std::string(*path);
  }
  if (auto name = in.opt_str("NewUserName")) {
    check_name(*name, "newUserName");
    if (lower(*name) != old_key && state.users.contains(lower(*name))) {
      already_exists(fmt::format("User with name {} already exists.", *name));
    }
    updated.name = std::string(*name);
  }
  updated.arn = iam_arn(ctx.account_id, "user", updated.path, updated.name);
  std::string new_key = lower(updated.name);
  for (IssuedKey* key : ctx.world->keys().user_keys(ctx.account_id, user.name)) {
    key->user_name = updated.name;
  }
  for (auto& [name, group] : state.groups) {
    std::replace(group.members.begin(), group.members.end(), old_key, new_key);
  }
  state.users.erase(old_key);
  state.users.emplace(new_key, std::move(updated));
  return json::object{};
}

json::value delete_user(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  User& user = user_of(state, in.str("UserName"));
  std::string key = lower(user.name);
  if (!ctx.world->keys().user_keys(ctx.account_id, user.name).empty()) {
    delete_conflict("Cannot delete entity, must delete access keys first.");
  }
  for (const auto& [name, group] : state.groups) {
    if (std::find(group.members.begin(), group.members.end(), key) != group.members.end()) {
      delete_conflict("Cannot delete entity, must remove user from all groups first.");
    }
  }
  if (!user.attached.empty()) {
    delete_conflict("Cannot delete entity, must detach all policies first.");
  }
  if (!user.inline_policies.empty()) {
    delete_conflict("Cannot delete entity, must delete policies first.");
  }
  state.users.erase(key);
  return json::object{};
}

// --- groups ------------------------------------------------------------------------------------------------

json::value create_group(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  Group group;
  group.name = std::string(in.str("GroupName"));
  check_name(group.name, "groupName");
  group.path = std::string(in.str("Path", "/"));
  check_path(group.path, "path");
  std::string key = lower(group.name);
  if (state.groups.contains(key)) {
    already_exists(fmt::format("Group with name {} already exists.", group.name));
  }
  group.id = unique_id(ctx, "AGPA");
  group.arn = iam_arn(ctx.account_id, "group", group.path, group.name);
  group.created = ctx.now_seconds();
  auto& stored = state.groups.emplace(key, std::move(group)).first->second;
  return json::object{{"Group", group_json(stored)}};
}

json::value get_group(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  Group& group = group_of(state, in.str("GroupName"));
  std::vector<std::string> members = group.members;
  std::sort(members.begin(), members.end());
  std::erase_if(members, [&](const std::string& key) { return !state.users.contains(key); });
  Page page(in);
  json::array users = page.take(
      members, [](const std::string& key) -> std::string_view { return key; }, [](const std::string&) { return true; },
      [&](const std::string& key) { return user_json(state.users.at(key), false); });
  json::object out{{"Group", group_json(group)}, {"Users", std::move(users)}};
  page.finish(out);
  return out;
}

json::value list_groups(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Page page(in);
  json::object out{
      {"Groups", page.take_values(
                     iam_state(ctx).groups, [&](const Group& group) { return path_matches(in, group.path); },
                     [](const Group& group) { return group_json(group); })}};
  page.finish(out);
  return out;
}

json::value update_group(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  Group& group = group_of(state, in.str("GroupName"));
  std::string old_key = lower(group.name);
  Group updated = group;
  if (auto path = in.opt_str("NewPath")) {
    check_path(*path, "newPath");
    updated.path = std::string(*path);
  }
  if (auto name = in.opt_str("NewGroupName")) {
    check_name(*name, "newGroupName");
    if (lower(*name) != old_key && state.groups.contains(lower(*name))) {
      already_exists(fmt::format("Group with name {} already exists.", *name));
    }
    updated.name = std::string(*name);
  }
  updated.arn = iam_arn(ctx.account_id, "group", updated.path, updated.name);
  state.groups.erase(old_key);
  std::string key = lower(updated.name);
  state.groups.emplace(key, std::move(updated));
  return json::object{};
}

json::value delete_group(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  Group& group = group_of(state, in.str("GroupName"));
  if (!group.members.empty()) {
    delete_conflict("Cannot delete entity, must remove users from group first.");
  }
  if (!group.attached.empty()) {
    delete_conflict("Cannot delete entity, must detach all policies first.");
  }
  if (!group.inline_policies.empty()) {
    delete_conflict("Cannot delete entity, must delete policies first.");
  }
  state.groups.erase(lower(group.name));
  return json::object{};
}

json::value add_user_to_group(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  Group& group = group_of(state, in.str("GroupName"));
  std::string key = lower(user_of(state, in.str("UserName")).name);
  if (std::find(group.members.begin(), group.members.end(), key) == group.members.end()) {
    group.members.push_back(key);
  }
  return json::object{};
}

json::value remove_user_from_group(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  Group& group = group_of(state, in.str("GroupName"));
  User& user = user_of(state, in.str("UserName"));
  auto it = std::find(group.members.begin(), group.members.end(), lower(user.name));
  if (it == group.members.end()) {
    no_such_entity(fmt::format("User {} is not in group {}.", user.name, group.name));
  }
  group.members.erase(it);
  return json::object{};
}

json::value list_groups_for_user(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  std::string key = lower(user_of(state, in.str("UserName")).name);
  Page page(in);
  auto member = [&](const Group& group) {
    return std::find(group.members.begin(), group.members.end(), key) != group.members.end();
  };
  json::object out{{"Groups", page.take_values(state.groups, member, [](const Group& g) { return group_json(g); })}};
  page.finish(out);
  return out;
}

// --- access keys -------------------------------------------------------------------------------------------

json::value create_access_key(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  std::string name = user_name_or_caller(ctx, in);
  if (!name.empty()) {
    name = user_of(state, name).name;
  }
  if (ctx.world->keys().user_keys(ctx.account_id, name).size() >= kMaxAccessKeysPerUser) {
    limit_exceeded(fmt::format("Cannot exceed quota for AccessKeysPerUser: {}", kMaxAccessKeysPerUser));
  }
  IssuedKey key;
  key.access_key = access_key_id(ctx, "AKIA");
  key.secret = secret_access_key(ctx);
  key.account = ctx.account_id;
  key.created = ctx.now_seconds();
  key.user_name = name;
  key.root = name.empty();
  json::object out{{"UserName", name},
                   {"AccessKeyId", key.access_key},
                   {"Status", "Active"},
                   {"SecretAccessKey", key.secret},
                   {"CreateDate", key.created}};
  ctx.world->keys().add(std::move(key));
  return json::object{{"AccessKey", std::move(out)}};
}

json::value list_access_keys(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name = user_name_or_caller(ctx, in);
  if (!name.empty()) {
    name = user_of(iam_state(ctx), name).name;
  }
  Page page(in);
  json::object out{{"AccessKeyMetadata", page.take(
                                             ctx.world->keys().user_keys(ctx.account_id, name),
                                             [](const IssuedKey* key) -> std::string_view { return key->access_key; },
                                             [](const IssuedKey*) { return true; },
                                             [](const IssuedKey* key) { return access_key_metadata_json(*key); })}};
  page.finish(out);
  return out;
}

json::value delete_access_key(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name = user_name_or_caller(ctx, in);
  if (!name.empty()) {
    user_of(iam_state(ctx), name);
  }
  IssuedKey& key = key_of(ctx, in.str("AccessKeyId"), name);
  ctx.world->keys().erase(key.access_key);
  return json::object{};
}

json::value update_access_key(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name = user_name_or_caller(ctx, in);
  if (!name.empty()) {
    user_of(iam_state(ctx), name);
  }
  IssuedKey& key = key_of(ctx, in.str("AccessKeyId"), name);
  key.active = in.str("Status") == "Active";
  return json::object{};
}

json::value get_access_key_last_used(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string_view id = in.str("AccessKeyId");
  const IssuedKey* key = ctx.world->keys().find(id);
  if (key == nullptr || key->account != ctx.account_id || !key->session_token.empty()) {
    std::string caller =
        ctx.principal_arn.empty() ? fmt::format("arn:aws:iam::{}:root", ctx.account_id) : ctx.principal_arn;
    throw aws::ServiceError(
        "AccessDenied",
        fmt::format("User: {} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key {}",
                    caller, id),
        403);
  }
  json::object used{{"ServiceName", key->last_used ? key->last_service : "N/A"},
                    {"Region", key->last_used ? key->last_region : "N/A"}};
  if (key->last_used) {
    used["LastUsedDate"] = *key->last_used;
  }
  json::object out{{"AccessKeyLastUsed", std::move(used)}};
  if (!key->root) {
    out["UserName"] = key->user_name;
  }
  return out;
}

// --- account -----------------------------------------------------------------------------------------------

json::value get_account_summary(aws::RequestContext& ctx, const json::object& /*input*/) {
  IamState& state = iam_state(ctx);
  long versions = 0;
  for (const auto& [arn, policy] : state.policies) {
    versions += static_cast<long>(policy.versions.size());
  }
  long root_keys = static_cast<long>(ctx.world->keys().user_keys(ctx.account_id, "").size());
  json::object summary{{"Users", static_cast<long>(state.users.size())},
                       {"UsersQuota", 5000},
                       {"Groups", static_cast<long>(state.groups.size())},
                       {"GroupsQuota", 300},
                       {"Roles", static_cast<long>(state.roles.size())},
                       {"RolesQuota", 1000},
                       {"Policies", static_cast<long>(state.policies.size())},
                       {"PoliciesQuota", 1500},
                       {"PolicyVersionsInUse", versions},
                       {"PolicyVersionsInUseQuota", 10000},
                       {"AttachedPoliciesPerRoleQuota", static_cast<long>(kMaxAttachedPolicies)},
                       {"AttachedPoliciesPerUserQuota", static_cast<long>(kMaxAttachedPolicies)},
                       {"AttachedPoliciesPerGroupQuota", static_cast<long>(kMaxAttachedPolicies)},
                       {"InstanceProfiles", static_cast<long>(state.instance_profiles.size())},
                       {"InstanceProfilesQuota", 1000},
                       {"AccessKeysPerUserQuota", static_cast<long>(kMaxAccessKeysPerUser)},
                       {"AccountAccessKeysPresent", root_keys > 0 ? 1 : 0},
                       {"PolicySizeQuota", 6144},
                       {"GroupsPerUserQuota", 10},
                       {"VersionsPerPolicyQuota", static_cast<long>(kMaxPolicyVersions)},
                       {"AssumeRolePolicySizeQuota", 2048},
                       {"UserPolicySizeQuota", 2048},
                       {"RolePolicySizeQuota", 10240},
                       {"GroupPolicySizeQuota", 5120},
                       {"AccountMFAEnabled", 0},
                       {"MFADevices", 0},
                       {"MFADevicesInUse", 0},
                       {"ServerCertificates", 0},
                       {"ServerCertificatesQuota", 20},
                       {"Providers", 0},
                       {"SigningCertificatesPerUserQuota", 2}};
  return json::object{{"SummaryMap", std::move(summary)}};
}

json::value list_account_aliases(aws::RequestContext& /*ctx*/, const json::object& /*input*/) {
  return json::object{{"AccountAliases", json::array{}}, {"IsTruncated", false}};
}

}  // namespace ecsemu::iam
