#pragma once

#include "services/ecs/ecs_handlers.hpp"

namespace ecsemu::ecs {

// Express Gateway services (ecs_express_handlers.cpp)
aws::Operation create_express_gateway_service, update_express_gateway_service, delete_express_gateway_service,
    describe_express_gateway_service;

}  // namespace ecsemu::ecs
