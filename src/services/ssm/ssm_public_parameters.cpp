#include "services/ssm/ssm_public_parameters.hpp"

#include <algorithm>

#include "services/ec2/ec2_public_images.hpp"

namespace ecsemu::ssm {

std::vector<PublicParameter> public_parameters(std::string_view region) {
  std::vector<PublicParameter> out;
  for (const auto& image : ec2::public_images()) {
    std::string id = ec2::public_image_id(image, region);
    for (std::string_view path : image.ssm_parameters) {
      std::string name(path);
      bool recommended = image.ecs_optimized && name.size() > 12 && name.ends_with("/recommended");
      if (!recommended) {
        out.push_back({name, id, "text"});
        continue;
      }
      // AWS publishes the metadata document and each of its fields under ".../recommended".
      out.push_back({name, ec2::recommended_metadata_json(image, region), "text"});
      out.push_back({name + "/image_id", id, "text"});
      out.push_back({name + "/image_name", std::string(image.name), "text"});
      out.push_back({name + "/ecs_agent_version", std::string(image.ecs_agent_version), "text"});
      out.push_back({name + "/os", std::string(image.os), "text"});
      out.push_back({name + "/source_image_name", std::string(image.source_image_name), "text"});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

PublicParameter find_public_parameter(std::string_view region, std::string_view name) {
  if (!name.starts_with("/aws/service/")) {
    return {};
  }
  for (auto& p : public_parameters(region)) {
    if (p.name == name) {
      return p;
    }
  }
  return {};
}

}  // namespace ecsemu::ssm
