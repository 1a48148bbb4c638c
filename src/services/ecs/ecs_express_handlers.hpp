#pragma once

#include "services/ecs/ecs_handlers.hpp"

namespace ecsemu::ecs {

// Express Gateway services (ecs_express_handlers.cpp)
value create_express_gateway_service(aws::RequestContext& ctx, const object& input);
value update_express_gateway_service(aws::RequestContext& ctx, const object& input);
value delete_express_gateway_service(aws::RequestContext& ctx, const object& input);
value describe_express_gateway_service(aws::RequestContext& ctx, const object& input);

}  // namespace ecsemu::ecs
