#include "services/iam/iam_handlers.hpp"

namespace ecsemu::iam {

void register_operations(aws::OperationRegistry& registry) {
  register_entity_operations(registry);
  registry.add("iam", "CreatePolicy", &create_policy);
  registry.add("iam", "GetPolicy", &get_policy);
  registry.add("iam", "ListPolicies", &list_policies);
  registry.add("iam", "DeletePolicy", &delete_policy);
  registry.add("iam", "CreatePolicyVersion", &create_policy_version);
  registry.add("iam", "GetPolicyVersion", &get_policy_version);
  registry.add("iam", "ListPolicyVersions", &list_policy_versions);
  registry.add("iam", "DeletePolicyVersion", &delete_policy_version);
  registry.add("iam", "SetDefaultPolicyVersion", &set_default_policy_version);
  registry.add("iam", "TagPolicy", &tag_policy);
  registry.add("iam", "UntagPolicy", &untag_policy);
  registry.add("iam", "ListPolicyTags", &list_policy_tags);
  registry.add("iam", "ListEntitiesForPolicy", &list_entities_for_policy);
  registry.add("iam", "CreateInstanceProfile", &create_instance_profile);
  registry.add("iam", "GetInstanceProfile", &get_instance_profile);
  registry.add("iam", "ListInstanceProfiles", &list_instance_profiles);
  registry.add("iam", "DeleteInstanceProfile", &delete_instance_profile);
  registry.add("iam", "AddRoleToInstanceProfile", &add_role_to_instance_profile);
  registry.add("iam", "RemoveRoleFromInstanceProfile", &remove_role_from_instance_profile);
  registry.add("iam", "ListInstanceProfilesForRole", &list_instance_profiles_for_role);
  registry.add("iam", "TagInstanceProfile", &tag_instance_profile);
  registry.add("iam", "UntagInstanceProfile", &untag_instance_profile);
  registry.add("iam", "ListInstanceProfileTags", &list_instance_profile_tags);
  registry.add("iam", "CreateRole", &create_role);
  registry.add("iam", "GetRole", &get_role);
  registry.add("iam", "ListRoles", &list_roles);
  registry.add("iam", "UpdateRole", &update_role);
  registry.add("iam", "UpdateRoleDescription", &update_role_description);
  registry.add("iam", "UpdateAssumeRolePolicy", &update_assume_role_policy);
  registry.add("iam", "DeleteRole", &delete_role);
  registry.add("iam", "PutRolePermissionsBoundary", &put_role_permissions_boundary);
  registry.add("iam", "DeleteRolePermissionsBoundary", &delete_role_permissions_boundary);
  registry.add("iam", "CreateServiceLinkedRole", &create_service_linked_role);
  registry.add("iam", "DeleteServiceLinkedRole", &delete_service_linked_role);
  registry.add("iam", "GetServiceLinkedRoleDeletionStatus", &get_service_linked_role_deletion_status);
  registry.add("iam", "CreateUser", &create_user);
  registry.add("iam", "GetUser", &get_user);
  registry.add("iam", "ListUsers", &list_users);
  registry.add("iam", "UpdateUser", &update_user);
  registry.add("iam", "DeleteUser", &delete_user);
  registry.add("iam", "CreateGroup", &create_group);
  registry.add("iam", "GetGroup", &get_group);
  registry.add("iam", "ListGroups", &list_groups);
  registry.add("iam", "UpdateGroup", &update_group);
  registry.add("iam", "DeleteGroup", &delete_group);
  registry.add("iam", "AddUserToGroup", &add_user_to_group);
  registry.add("iam", "RemoveUserFromGroup", &remove_user_from_group);
  registry.add("iam", "ListGroupsForUser", &list_groups_for_user);
  registry.add("iam", "CreateAccessKey", &create_access_key);
  registry.add("iam", "ListAccessKeys", &list_access_keys);
  registry.add("iam", "DeleteAccessKey", &delete_access_key);
  registry.add("iam", "UpdateAccessKey", &update_access_key);
  registry.add("iam", "GetAccessKeyLastUsed", &get_access_key_last_used);
  registry.add("iam", "GetAccountSummary", &get_account_summary);
  registry.add("iam", "ListAccountAliases", &list_account_aliases);
}

}  // namespace ecsemu::iam
