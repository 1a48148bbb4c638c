#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::iam {

boost::json::value create_policy(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_policy(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_policies(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_policy(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value create_policy_version(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_policy_version(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_policy_versions(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_policy_version(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value set_default_policy_version(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value tag_policy(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value untag_policy(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_policy_tags(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_entities_for_policy(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value create_instance_profile(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_instance_profile(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_instance_profiles(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_instance_profile(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value add_role_to_instance_profile(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value remove_role_from_instance_profile(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_instance_profiles_for_role(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value tag_instance_profile(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value untag_instance_profile(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_instance_profile_tags(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value create_role(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_role(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_roles(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value update_role(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value update_role_description(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value update_assume_role_policy(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_role(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value put_role_permissions_boundary(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_role_permissions_boundary(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value create_service_linked_role(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_service_linked_role(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_service_linked_role_deletion_status(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value create_user(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_user(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_users(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value update_user(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_user(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value create_group(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_group(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_groups(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value update_group(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_group(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value add_user_to_group(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value remove_user_from_group(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_groups_for_user(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value create_access_key(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_access_keys(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value delete_access_key(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value update_access_key(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_access_key_last_used(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value get_account_summary(aws::RequestContext& ctx, const boost::json::object& input);
boost::json::value list_account_aliases(aws::RequestContext& ctx, const boost::json::object& input);

void register_operations(aws::OperationRegistry& registry);
// The tag and policy operations of roles, users and groups (iam_entity_handlers.cpp).
void register_entity_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::iam
