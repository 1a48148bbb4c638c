// IAM instance profiles: Create/Get/List/Delete, the role they carry, tags.
#include <algorithm>

#include <fmt/format.h>

#include "services/iam/iam_handlers.hpp"
#include "services/iam/iam_support.hpp"
#include "services/iam/iam_views.hpp"

namespace ecsemu::iam {

namespace json = boost::json;

namespace {

InstanceProfile& profile_of(IamState& state, std::string_view name) {
  auto it = state.instance_profiles.find(lower(name));
  if (it == state.instance_profiles.end()) {
    no_such_entity(fmt::format("Instance Profile {} cannot be found.", name));
  }
  return it->second;
}

}  // namespace

json::value create_instance_profile(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  InstanceProfile profile;
  profile.name = std::string(in.str("InstanceProfileName"));
  check_name(profile.name, "instanceProfileName");
  profile.path = std::string(in.str("Path", "/"));
  check_path(profile.path, "path");
  std::string key = lower(profile.name);
  if (state.instance_profiles.contains(key)) {
    already_exists(fmt::format("Instance Profile {} already exists.", profile.name));
  }
  profile.tags = input_tags(in);
  profile.id = unique_id(ctx, "AIPA");
  profile.arn = iam_arn(ctx.account_id, "instance-profile", profile.path, profile.name);
  profile.created = ctx.now_seconds();
  auto& stored = state.instance_profiles.emplace(key, std::move(profile)).first->second;
  return json::object{{"InstanceProfile", instance_profile_json(state, stored)}};
}

json::value get_instance_profile(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  return json::object{
      {"InstanceProfile", instance_profile_json(state, profile_of(state, in.str("InstanceProfileName")))}};
}

json::value list_instance_profiles(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  Page page(in);
  json::object out{{"InstanceProfiles",
                    page.take_values(
                        state.instance_profiles, [&](const InstanceProfile& p) { return path_matches(in, p.path); },
                        [&](const InstanceProfile& p) { return instance_profile_json(state, p); })}};
  page.finish(out);
  return out;
}

json::value delete_instance_profile(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  InstanceProfile& profile = profile_of(state, in.str("InstanceProfileName"));
  if (!profile.roles.empty()) {
    delete_conflict("Cannot delete entity, must remove roles from instance profile first.");
  }
  state.instance_profiles.erase(lower(profile.name));
  return json::object{};
}

json::value add_role_to_instance_profile(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  InstanceProfile& profile = profile_of(state, in.str("InstanceProfileName"));
  Role& role = role_of(state, in.str("RoleName"));
  if (!profile.roles.empty()) {
    limit_exceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
  }
  profile.roles.push_back(lower(role.name));
  return json::object{};
}

json::value remove_role_from_instance_profile(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  InstanceProfile& profile = profile_of(state, in.str("InstanceProfileName"));
  std::string key = lower(in.str("RoleName"));
  auto it = std::find(profile.roles.begin(), profile.roles.end(), key);
  if (it == profile.roles.end()) {
    no_such_entity(fmt::format("The role with name {} cannot be found.", in.str("RoleName")));
  }
  profile.roles.erase(it);
  return json::object{};
}

json::value list_instance_profiles_for_role(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  std::string key = lower(role_of(state, in.str("RoleName")).name);
  Page page(in);
  auto holds_role = [&](const InstanceProfile& p) {
    return std::find(p.roles.begin(), p.roles.end(), key) != p.roles.end();
  };
  json::object out{{"InstanceProfiles",
                    page.take_values(state.instance_profiles, holds_role,
                                     [&](const InstanceProfile& p) { return instance_profile_json(state, p); })}};
  page.finish(out);
  return out;
}

json::value tag_instance_profile(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  InstanceProfile& profile = profile_of(iam_state(ctx), in.str("InstanceProfileName"));
  profile.tags = merge_tags(profile.tags, input_tags(in));
  return json::object{};
}

json::value untag_instance_profile(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  InstanceProfile& profile = profile_of(iam_state(ctx), in.str("InstanceProfileName"));
  profile.tags = remove_tags(profile.tags, in.strings("TagKeys"));
  return json::object{};
}

json::value list_instance_profile_tags(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  return tags_page(in, profile_of(iam_state(ctx), in.str("InstanceProfileName")).tags);
}

}  // namespace ecsemu::iam
