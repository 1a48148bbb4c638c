#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::ssm {

aws::Operation put_parameter, get_parameter, get_parameters, delete_parameter, delete_parameters, get_parameter_history,
    get_parameters_by_path, describe_parameters, label_parameter_version, unlabel_parameter_version,
    add_tags_to_resource, list_tags_for_resource, remove_tags_from_resource;

void register_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::ssm
