#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

// Which optional parts DescribeClusters' `include` asks for.
struct ClusterInclude {
  bool attachments = false;
  bool configurations = false;
  bool settings = false;
  bool statistics = false;
  bool tags = false;
  static ClusterInclude everything() { return {true, true, true, false, true}; }
};

boost::json::object cluster_view(const Cluster& cluster, const EcsState& state, const ClusterInclude& include);
boost::json::array tags_view(const Tags& tags);
boost::json::object failure_view(std::string_view arn, std::string_view reason, std::string_view detail = {});

}  // namespace ecsemu::ecs
