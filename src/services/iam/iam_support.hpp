#pragma once

// What the IAM handlers share: errors with IAM's messages, ids, Marker/MaxItems pages, tags, and the policy
// operations roles, users and groups have alike (inline policies, attached managed policies).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "aws/input.hpp"
#include "aws/pagination.hpp"
#include "aws/request_context.hpp"
#include "services/iam/iam_model.hpp"

namespace ecsemu::iam {

[[noreturn]] void no_such_entity(std::string message);
[[noreturn]] void already_exists(std::string message);
[[noreturn]] void delete_conflict(std::string message);
[[noreturn]] void limit_exceeded(std::string message);
[[noreturn]] void invalid_input(std::string message);

// The account's IAM state (IAM is global: the request's region does not matter).
IamState& iam_state(aws::RequestContext& ctx);

// The role, user or group of that name (any case), or NoSuchEntity with IAM's message.
Role& role_of(IamState& state, std::string_view name);
User& user_of(IamState& state, std::string_view name);
Group& group_of(IamState& state, std::string_view name);

// "AROA" + 17 characters (IAM's unique ids), "AKIA" + 16 (access key ids).
std::string unique_id(aws::RequestContext& ctx, std::string_view prefix);
std::string access_key_id(aws::RequestContext& ctx, std::string_view prefix);
std::string secret_access_key(aws::RequestContext& ctx);

Tags input_tags(const aws::Input& in);

// Marker/MaxItems pagination over items in key order.
class Page {
 public:
  explicit Page(const aws::Input& in);
  aws::Pager::Step step(std::string_view key) { return pager_.step(key); }
  // This page of `items` (in ascending key order): those `keep` accepts, each shown by `show`.
  template <typename Items, typename KeyOf, typename Keep, typename Show>
  boost::json::array take(const Items& items, KeyOf key_of, Keep keep, Show show) {
    return pager_.take(items, key_of, keep, show);
  }
  // The same over a map keyed as the page is, `keep` and `show` given the mapped value.
  template <typename Map, typename Keep, typename Show>
  boost::json::array take_values(const Map& map, Keep keep, Show show) {
    return take(
        map, aws::first_key, [&](const auto& entry) { return keep(entry.second); },
        [&](const auto& entry) { return show(entry.second); });
  }
  // Adds IsTruncated and, when there is more, Marker.
  void finish(boost::json::object& out) const;

 private:
  aws::Pager pager_;
};

// A page of tags (ListRoleTags and the like).
boost::json::object tags_page(const aws::Input& in, const Tags& tags);

// The managed policy a PolicyArn names must exist (customer policy of the account, or an AWS managed policy).
// Throws InvalidInput for a malformed ARN and NoSuchEntity "does not exist or is not attachable".
void check_attachable(const IamState& state, std::string_view policy_arn);

// The operations roles, users and groups share. `kind`: "role" | "user" | "group" (for messages and quotas).
struct PolicyHolder {
  std::string_view kind;
  std::string_view name;
  std::map<std::string, std::string>& inline_policies;
  std::vector<std::string>& attached;
};
PolicyHolder holder(Role& role);
PolicyHolder holder(User& user);
PolicyHolder holder(Group& group);
void attach_policy(IamState& state, PolicyHolder holder, std::string_view policy_arn);
void detach_policy(PolicyHolder holder, std::string_view policy_arn);
boost::json::object list_attached(const IamState& state, const aws::Input& in, const std::vector<std::string>& arns);
void put_inline(PolicyHolder holder, const aws::Input& in);
const std::string& get_inline(PolicyHolder holder, std::string_view policy_name);
void delete_inline(PolicyHolder holder, std::string_view policy_name);
boost::json::object list_inline(const aws::Input& in, const std::map<std::string, std::string>& policies);

// True when `path` starts with the request's PathPrefix (absent: every path).
bool path_matches(const aws::Input& in, std::string_view path);

}  // namespace ecsemu::iam
