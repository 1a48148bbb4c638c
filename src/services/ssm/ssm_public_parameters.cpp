#include "services/ssm/ssm_public_parameters.hpp"

#include <algorithm>

namespace ecsemu::ssm {

std::vector<PublicParameter> public_parameters(std::string_view /*region*/) { return {}; }

PublicParameter find_public_parameter(std::string_view region, std::string_view name) {
  for (auto& p : public_parameters(region)) {
    if (p.name == name) {
      return p;
    }
  }
  return {};
}

}  // namespace ecsemu::ssm
