#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::secretsmanager {

aws::Operation create_secret, get_secret_value, put_secret_value, update_secret, describe_secret, delete_secret,
    restore_secret, list_secrets, list_secret_version_ids, tag_resource, untag_resource, update_secret_version_stage,
    get_random_password;

void register_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::secretsmanager
