#pragma once

#include <boost/json/object.hpp>

#include "services/secretsmanager/secretsmanager_model.hpp"

namespace ecsemu::secretsmanager {

// DescribeSecret's output.
boost::json::object describe_secret_json(const Secret& secret);
// SecretListEntry (ListSecrets).
boost::json::object secret_list_entry_json(const Secret& secret);
// SecretVersionsListEntry (ListSecretVersionIds).
boost::json::object secret_version_json(const SecretVersion& version);
// GetSecretValue's output.
boost::json::object secret_value_json(const Secret& secret, const SecretVersion& version);

}  // namespace ecsemu::secretsmanager
