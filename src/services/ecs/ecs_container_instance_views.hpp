#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

struct ContainerInstanceInclude {
  bool tags = false;
  bool health = false;
};

boost::json::object container_instance_view(const ContainerInstance& instance, const EcsState& state,
                                            const ContainerInstanceInclude& include);
boost::json::object capacity_provider_view(const CapacityProvider& provider, bool include_tags);
// FARGATE and FARGATE_SPOT, as every account and region has them.
boost::json::object builtin_capacity_provider_view(std::string_view region, std::string_view account,
                                                   std::string_view name, bool include_tags);
boost::json::object attribute_view(std::string_view name, const std::optional<std::string>& value,
                                   std::string_view target_id);

}  // namespace ecsemu::ecs
