#pragma once

// IAM's model: roles, managed and inline policies, instance profiles, users, groups, for one account.
// IAM is global: one IamState per account, whatever region a request was signed for. Policies are stored and
// returned, never evaluated. Names are unique without regard to case, as IAM's are: maps are keyed by the
// lower-case name and keep the name as it was given.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecsemu::iam {

using Tags = std::vector<std::pair<std::string, std::string>>;

struct Role {
  std::string name;
  std::string id;  // AROA...
  std::string path = "/";
  std::string arn;
  std::string trust_policy;  // AssumeRolePolicyDocument as given
  std::string description;
  long max_session_duration = 3600;
  std::string permissions_boundary;  // policy ARN, empty when none
  Tags tags;
  double created = 0;
  std::optional<double> last_used;
  std::string last_used_region;
  std::map<std::string, std::string> inline_policies;  // name -> document
  std::vector<std::string> attached;                   // managed policy ARNs, in attach order
};

struct PolicyVersion {
  std::string id;  // v1, v2, ...
  std::string document;
  double created = 0;
};

// A customer managed policy (the AWS managed ones are in iam_managed_policies).
struct ManagedPolicy {
  std::string name;
  std::string id;  // ANPA...
  std::string path = "/";
  std::string arn;
  std::string description;
  Tags tags;
  double created = 0;
  double updated = 0;
  std::vector<PolicyVersion> versions;  // oldest first
  std::string default_version;
  int next_version = 2;

  const PolicyVersion* version(std::string_view id) const;
};

struct InstanceProfile {
  std::string name;
  std::string id;  // AIPA...
  std::string path = "/";
  std::string arn;
  Tags tags;
  double created = 0;
  std::vector<std::string> roles;  // lower-case role names (at most one)
};

struct User {
  std::string name;
  std::string id;  // AIDA...
  std::string path = "/";
  std::string arn;
  std::string permissions_boundary;
  Tags tags;
  double created = 0;
  std::map<std::string, std::string> inline_policies;
  std::vector<std::string> attached;
};

struct Group {
  std::string name;
  std::string id;  // AGPA...
  std::string path = "/";
  std::string arn;
  double created = 0;
  std::map<std::string, std::string> inline_policies;
  std::vector<std::string> attached;
  std::vector<std::string> members;  // lower-case user names, in the order added
};

// Everything IAM keeps for one account. Access keys live in the KeyRegistry (iam_credentials.hpp), because the
// request pipeline looks them up across accounts.
struct IamState {
  std::string account;
  std::map<std::string, Role> roles;                         // by lower-case name
  std::map<std::string, ManagedPolicy> policies;             // by ARN
  std::map<std::string, InstanceProfile> instance_profiles;  // by lower-case name
  std::map<std::string, User> users;                         // by lower-case name
  std::map<std::string, Group> groups;                       // by lower-case name

  const Role* find_role(std::string_view name) const;
  Role* find_role(std::string_view name);
  const InstanceProfile* find_instance_profile(std::string_view name) const;
  // The role an ARN names (arn:aws:iam::ACCOUNT:role/PATH/NAME) when it is in this account.
  const Role* find_role_by_arn(std::string_view arn) const;
  // How many roles, users and groups of this account attach the policy.
  long attachment_count(std::string_view policy_arn) const;
  long boundary_usage_count(std::string_view policy_arn) const;
};

// Limits IAM documents (IAM and STS quotas).
inline constexpr std::size_t kMaxPolicyVersions = 5;
inline constexpr std::size_t kMaxAttachedPolicies = 10;  // managed policies per role/user/group (default quota)
inline constexpr std::size_t kMaxAccessKeysPerUser = 2;
inline constexpr long kMinSessionDuration = 3600;
inline constexpr long kMaxSessionDuration = 43200;

std::string lower(std::string_view text);

// "arn:aws:iam::ACCOUNT:KIND/PATH-WITHOUT-LEADING-SLASH/NAME" (path "/" gives "KIND/NAME").
std::string iam_arn(std::string_view account, std::string_view kind, std::string_view path, std::string_view name);

// The name at the end of an IAM ARN ("arn:aws:iam::1:role/a/b" -> "b"), and its account; nullopt when `arn` is
// not an IAM ARN of that kind.
struct ArnParts {
  std::string account;
  std::string path;  // "/a/"
  std::string name;
};
std::optional<ArnParts> parse_iam_arn(std::string_view arn, std::string_view kind);

// Throws ValidationError with the message AWS gives when `path` is not "/" or "/.../" of allowed characters.
void check_path(std::string_view path, std::string_view member);
// Throws ValidationError when a name does not match [\w+=,.@-]+ (IAM's name pattern).
void check_name(std::string_view name, std::string_view member);
// Tags: at most 50, keys unique. Throws InvalidInput / LimitExceeded as IAM does; `existing` merged with `added`.
Tags merge_tags(const Tags& existing, const Tags& added);
Tags remove_tags(const Tags& existing, const std::vector<std::string>& keys);

}  // namespace ecsemu::iam
