#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::sts {

aws::Operation get_caller_identity, assume_role, assume_role_with_web_identity, get_session_token, get_access_key_info;

void register_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::sts
