#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"
#include "state/world.hpp"

namespace ecsemu::ec2 {

aws::Operation describe_regions, describe_availability_zones;

void register_operations(aws::OperationRegistry& registry);

// Shared by the instance and volume handlers: the request's time in epoch seconds, and the caller's store with
// instance states brought up to now (letting the reconciler act on what that changed in ECS).
double now_of(const aws::RequestContext& ctx);
state::RegionStore& current(aws::RequestContext& ctx);

// Each handler file registers its operations.
void register_vpc_operations(aws::OperationRegistry& registry);             // ec2_vpc_handlers.cpp
void register_security_group_operations(aws::OperationRegistry& registry);  // ec2_security_group_handlers.cpp
void register_gateway_route_operations(aws::OperationRegistry& registry);   // ec2_route_handlers.cpp
void register_interface_key_operations(aws::OperationRegistry& registry);   // ec2_interface_key_handlers.cpp
void register_tag_image_operations(aws::OperationRegistry& registry);       // ec2_tag_image_handlers.cpp
void register_image_operations(aws::OperationRegistry& registry);           // ec2_image_handlers.cpp
void register_instance_operations(aws::OperationRegistry& registry);        // ec2_instance_handlers.cpp
void register_account_operations(aws::OperationRegistry& registry);         // ec2_account_handlers.cpp
void register_volume_operations(aws::OperationRegistry& registry);          // ec2_volume_handlers.cpp

}  // namespace ecsemu::ec2
