#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"

namespace ecsemu::ec2 {

aws::Operation create_launch_template, create_launch_template_version, describe_launch_templates,
    describe_launch_template_versions, modify_launch_template, delete_launch_template, delete_launch_template_versions,
    get_launch_template_data;

void register_launch_template_operations(aws::OperationRegistry& registry);

}  // namespace ecsemu::ec2
