#pragma once

// IAM model -> output documents (the only place spelling IAM's member names besides the handlers).
// Policy documents go out URL-encoded, as IAM sends them (botocore and the CLI decode them).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/iam/iam_keys.hpp"
#include "services/iam/iam_managed_policies.hpp"
#include "services/iam/iam_model.hpp"

namespace ecsemu::iam {

boost::json::array tags_json(const Tags& tags);
std::string encoded_document(std::string_view document);
// `full`: GetRole's form (tags, boundary, last used); ListRoles leaves tags and last use out as IAM does.
boost::json::object role_json(const Role& role, bool full);
boost::json::object policy_json(const IamState& state, const ManagedPolicy& policy, bool with_tags);
boost::json::object aws_policy_json(const IamState& state, const AwsManagedPolicy& policy);
boost::json::object version_json(const PolicyVersion& version, bool is_default, bool with_document);
boost::json::object instance_profile_json(const IamState& state, const InstanceProfile& profile);
boost::json::object user_json(const User& user, bool full);
boost::json::object group_json(const Group& group);
boost::json::object access_key_metadata_json(const IssuedKey& key);
boost::json::array attached_json(const IamState& state, const std::vector<std::string>& arns);

}  // namespace ecsemu::iam
