#pragma once

#include <span>
#include <string_view>

namespace ecsemu::protocol {

// A botocore service-2.json embedded into the binary at build time, keyed by its api-specs/ folder name.
struct EmbeddedModel {
  std::string_view service;  // "ecs", "ec2", "elbv2", ...
  std::string_view json;
};

std::span<const EmbeddedModel> embedded_models();

}  // namespace ecsemu::protocol
