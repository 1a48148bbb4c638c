// The operations roles, users and groups have alike, written once: TagRole/TagUser, UntagRole/UntagUser,
// ListRoleTags/ListUserTags, and Attach/Detach/ListAttached<Kind>Policies, Put/Get/List/Delete<Kind>Policy for
// Role, User and Group (IAM has no group tags). Each request names its entity in RoleName, UserName or GroupName.
#include "services/iam/iam_handlers.hpp"
#include "services/iam/iam_support.hpp"
#include "services/iam/iam_views.hpp"

namespace ecsemu::iam {

namespace json = boost::json;

namespace {

template <typename Entity>
struct Kind;
template <>
struct Kind<Role> {
  static constexpr std::string_view member = "RoleName";
  static Role& find(IamState& state, std::string_view name) { return role_of(state, name); }
};
template <>
struct Kind<User> {
  static constexpr std::string_view member = "UserName";
  static User& find(IamState& state, std::string_view name) { return user_of(state, name); }
};
template <>
struct Kind<Group> {
  static constexpr std::string_view member = "GroupName";
  static Group& find(IamState& state, std::string_view name) { return group_of(state, name); }
};

template <typename Entity>
Entity& named(IamState& state, const aws::Input& in) {
  return Kind<Entity>::find(state, in.str(Kind<Entity>::member));
}

template <typename Entity>
json::value tag(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Entity& entity = named<Entity>(iam_state(ctx), in);
  entity.tags = merge_tags(entity.tags, input_tags(in));
  return json::object{};
}

template <typename Entity>
json::value untag(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Entity& entity = named<Entity>(iam_state(ctx), in);
  entity.tags = remove_tags(entity.tags, in.strings("TagKeys"));
  return json::object{};
}

template <typename Entity>
json::value list_tags(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  return tags_page(in, named<Entity>(iam_state(ctx), in).tags);
}

template <typename Entity>
json::value attach(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  attach_policy(state, holder(named<Entity>(state, in)), in.str("PolicyArn"));
  return json::object{};
}

template <typename Entity>
json::value detach(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  detach_policy(holder(named<Entity>(iam_state(ctx), in)), in.str("PolicyArn"));
  return json::object{};
}

template <typename Entity>
json::value list_attached_policies(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  return list_attached(state, in, named<Entity>(state, in).attached);
}

template <typename Entity>
json::value put_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  put_inline(holder(named<Entity>(iam_state(ctx), in)), in);
  return json::object{};
}

template <typename Entity>
json::value get_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Entity& entity = named<Entity>(iam_state(ctx), in);
  const std::string& document = get_inline(holder(entity), in.str("PolicyName"));
  return json::object{{Kind<Entity>::member, entity.name},
                      {"PolicyName", in.str("PolicyName")},
                      {"PolicyDocument", encoded_document(document)}};
}

template <typename Entity>
json::value list_policies(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  return list_inline(in, named<Entity>(iam_state(ctx), in).inline_policies);
}

template <typename Entity>
json::value delete_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  delete_inline(holder(named<Entity>(iam_state(ctx), in)), in.str("PolicyName"));
  return json::object{};
}

template <typename Entity>
void add_policy_operations(aws::OperationRegistry& registry, const std::string& noun) {
  registry.add("iam", "Attach" + noun + "Policy", &attach<Entity>);
  registry.add("iam", "Detach" + noun + "Policy", &detach<Entity>);
  registry.add("iam", "ListAttached" + noun + "Policies", &list_attached_policies<Entity>);
  registry.add("iam", "Put" + noun + "Policy", &put_policy<Entity>);
  registry.add("iam", "Get" + noun + "Policy", &get_policy<Entity>);
  registry.add("iam", "List" + noun + "Policies", &list_policies<Entity>);
  registry.add("iam", "Delete" + noun + "Policy", &delete_policy<Entity>);
}

template <typename Entity>
void add_tag_operations(aws::OperationRegistry& registry, const std::string& noun) {
  registry.add("iam", "Tag" + noun, &tag<Entity>);
  registry.add("iam", "Untag" + noun, &untag<Entity>);
  registry.add("iam", "List" + noun + "Tags", &list_tags<Entity>);
}

}  // namespace

void register_entity_operations(aws::OperationRegistry& registry) {
  add_policy_operations<Role>(registry, "Role");
  add_policy_operations<User>(registry, "User");
  add_policy_operations<Group>(registry, "Group");
  add_tag_operations<Role>(registry, "Role");
  add_tag_operations<User>(registry, "User");
}

}  // namespace ecsemu::iam
