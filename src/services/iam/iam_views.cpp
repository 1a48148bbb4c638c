#include "services/iam/iam_views.hpp"

#include "ecsemu/url_coding.hpp"
#include "protocol/timestamp.hpp"

namespace ecsemu::iam {

namespace json = boost::json;

namespace {

double iso_seconds(std::string_view text) { return protocol::parse_timestamp(text).value_or(0); }

// The name a policy ARN ends in (customer or AWS managed).
std::string policy_name_of(const IamState& state, const std::string& arn) {
  if (auto it = state.policies.find(arn); it != state.policies.end()) {
    return it->second.name;
  }
  auto slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

}  // namespace

json::array tags_json(const Tags& tags) {
  json::array out;
  for (const auto& [key, value] : tags) {
    out.push_back(json::object{{"Key", key}, {"Value", value}});
  }
  return out;
}

std::string encoded_document(std::string_view document) { return url_encode(document); }

json::object role_json(const Role& role, bool full) {
  json::object out{{"Path", role.path},
                   {"RoleName", role.name},
                   {"RoleId", role.id},
                   {"Arn", role.arn},
                   {"CreateDate", role.created},
                   {"AssumeRolePolicyDocument", encoded_document(role.trust_policy)},
                   {"MaxSessionDuration", role.max_session_duration}};
  if (!role.description.empty()) {
    out["Description"] = role.description;
  }
  if (!role.permissions_boundary.empty()) {
    out["PermissionsBoundary"] =
        json::object{{"PermissionsBoundaryType", "Policy"}, {"PermissionsBoundaryArn", role.permissions_boundary}};
  }
  if (full) {
    if (!role.tags.empty()) {
      out["Tags"] = tags_json(role.tags);
    }
    json::object last_used;
    if (role.last_used) {
      last_used["LastUsedDate"] = *role.last_used;
      last_used["Region"] = role.last_used_region;
    }
    out["RoleLastUsed"] = std::move(last_used);
  }
  return out;
}

json::object policy_json(const IamState& state, const ManagedPolicy& policy, bool with_tags) {
  json::object out{{"PolicyName", policy.name},
                   {"PolicyId", policy.id},
                   {"Arn", policy.arn},
                   {"Path", policy.path},
                   {"DefaultVersionId", policy.default_version},
                   {"AttachmentCount", state.attachment_count(policy.arn)},
                   {"PermissionsBoundaryUsageCount", state.boundary_usage_count(policy.arn)},
                   {"IsAttachable", true},
                   {"CreateDate", policy.created},
                   {"UpdateDate", policy.updated}};
  if (!policy.description.empty()) {
    out["Description"] = policy.description;
  }
  if (with_tags && !policy.tags.empty()) {
    out["Tags"] = tags_json(policy.tags);
  }
  return out;
}

json::object aws_policy_json(const IamState& state, const AwsManagedPolicy& policy) {
  std::string arn = aws_policy_arn(policy);
  return json::object{{"PolicyName", policy.name},
                      {"PolicyId", policy.id},
                      {"Arn", arn},
                      {"Path", policy.path},
                      {"DefaultVersionId", policy.default_version},
                      {"AttachmentCount", state.attachment_count(arn)},
                      {"PermissionsBoundaryUsageCount", state.boundary_usage_count(arn)},
                      {"IsAttachable", true},
                      {"CreateDate", iso_seconds(policy.created)},
                      {"UpdateDate", iso_seconds(policy.updated)}};
}

json::object version_json(const PolicyVersion& version, bool is_default, bool with_document) {
  json::object out{{"VersionId", version.id}, {"IsDefaultVersion", is_default}, {"CreateDate", version.created}};
  if (with_document) {
    out["Document"] = encoded_document(version.document);
  }
  return out;
}

json::object instance_profile_json(const IamState& state, const InstanceProfile& profile) {
  json::array roles;
  for (const auto& key : profile.roles) {
    if (const Role* role = state.find_role(key)) {
      roles.push_back(role_json(*role, false));
    }
  }
  json::object out{{"Path", profile.path}, {"InstanceProfileName", profile.name}, {"InstanceProfileId", profile.id},
                   {"Arn", profile.arn},   {"CreateDate", profile.created},       {"Roles", std::move(roles)}};
  if (!profile.tags.empty()) {
    out["Tags"] = tags_json(profile.tags);
  }
  return out;
}

json::object user_json(const User& user, bool full) {
  json::object out{{"Path", user.path},
                   {"UserName", user.name},
                   {"UserId", user.id},
                   {"Arn", user.arn},
                   {"CreateDate", user.created}};
  if (!user.permissions_boundary.empty()) {
    out["PermissionsBoundary"] =
        json::object{{"PermissionsBoundaryType", "Policy"}, {"PermissionsBoundaryArn", user.permissions_boundary}};
  }
  if (full && !user.tags.empty()) {
    out["Tags"] = tags_json(user.tags);
  }
  return out;
}

json::object group_json(const Group& group) {
  return json::object{{"Path", group.path},
                      {"GroupName", group.name},
                      {"GroupId", group.id},
                      {"Arn", group.arn},
                      {"CreateDate", group.created}};
}

json::object access_key_metadata_json(const IssuedKey& key) {
  return json::object{{"UserName", key.user_name},
                      {"AccessKeyId", key.access_key},
                      {"Status", key.active ? "Active" : "Inactive"},
                      {"CreateDate", key.created}};
}

json::array attached_json(const IamState& state, const std::vector<std::string>& arns) {
  json::array out;
  for (const auto& arn : arns) {
    out.push_back(json::object{{"PolicyName", policy_name_of(state, arn)}, {"PolicyArn", arn}});
  }
  return out;
}

}  // namespace ecsemu::iam
