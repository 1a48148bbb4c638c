#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ecsemu::ssm {

// A public parameter AWS publishes in every region (/aws/service/...), e.g. the ECS-optimized AMI ids.
struct PublicParameter {
  std::string name;
  std::string value;
  std::string data_type;  // "text" or "aws:ec2:image"
};

// Every public parameter of a region, sorted by name.
std::vector<PublicParameter> public_parameters(std::string_view region);
// The public parameter of that name, or an empty name when there is none.
PublicParameter find_public_parameter(std::string_view region, std::string_view name);

}  // namespace ecsemu::ssm
