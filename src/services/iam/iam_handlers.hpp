#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::iam {

aws::Operation create_policy, get_policy, list_policies, delete_policy, create_policy_version, get_policy_version,
    list_policy_versions, delete_policy_version, set_default_policy_version, tag_policy, untag_policy, list_policy_tags,
    list_entities_for_policy, create_instance_profile, get_instance_profile, list_instance_profiles,
    delete_instance_profile, add_role_to_instance_profile, remove_role_from_instance_profile,
    list_instance_profiles_for_role, tag_instance_profile, untag_instance_profile, list_instance_profile_tags,
    create_role, get_role, list_roles, update_role, update_role_description, update_assume_role_policy, delete_role,
    put_role_permissions_boundary, delete_role_permissions_boundary, create_service_linked_role,
    delete_service_linked_role, get_service_linked_role_deletion_status, create_user, get_user, list_users, update_user,
    delete_user, create_group, get_group, list_groups, update_group, delete_group, add_user_to_group,
    remove_user_from_group, list_groups_for_user, create_access_key, list_access_keys, delete_access_key,
    update_access_key, get_access_key_last_used, get_account_summary, list_account_aliases;

void register_operations(aws::OperationRegistry& registry);
// The tag and policy operations of roles, users and groups (iam_entity_handlers.cpp).
void register_entity_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::iam
