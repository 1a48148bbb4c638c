#include "services/ec2/ec2_launch_template_spec.hpp"

#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;
using namespace aws::members;

InstanceLaunchSpec launch_spec_from_template(const LaunchTemplate& lt, const LaunchTemplateVersion& version) {
  const json::object& data = version.data;
  InstanceLaunchSpec spec;
  spec.image_id = std::string(string_member(data, "ImageId"));
  spec.instance_type = std::string(string_member(data, "InstanceType"));
  spec.key_name = std::string(string_member(data, "KeyName"));
  spec.user_data = std::string(string_member(data, "UserData"));
  spec.security_group_ids = string_list(data, "SecurityGroupIds");
  if (const auto* profile = data.if_contains("IamInstanceProfile"); profile != nullptr && profile->is_object()) {
    spec.iam_instance_profile = std::string(string_member(profile->as_object(), "Arn"));
    if (spec.iam_instance_profile.empty()) {
      spec.iam_instance_profile = std::string(string_member(profile->as_object(), "Name"));
    }
  }
  if (const auto* options = data.if_contains("MetadataOptions"); options != nullptr && options->is_object()) {
    spec.metadata_options = options->as_object();
  }
  if (const auto* placement = data.if_contains("Placement"); placement != nullptr && placement->is_object()) {
    spec.availability_zone = std::string(string_member(placement->as_object(), "AvailabilityZone"));
  }
  if (const auto* mappings = aws::array_member(data, "BlockDeviceMappings"); mappings != nullptr) {
    spec.block_device_mappings = *mappings;
  }
  if (const auto* nics = aws::array_member(data, "NetworkInterfaces"); nics != nullptr && !nics->empty()) {
    const auto& nic = nics->front().as_object();
    spec.subnet_id = std::string(string_member(nic, "SubnetId"));
    std::vector<std::string> groups = string_list(nic, "Groups");
    if (!groups.empty()) {
      spec.security_group_ids = groups;
    }
  }
  if (const auto* specs = aws::array_member(data, "TagSpecifications")) {
    for (const auto& s : *specs) {
      if (string_member(s.as_object(), "ResourceType") != "instance") {
        continue;
      }
      if (const auto* tags = aws::array_member(s.as_object(), "Tags")) {
        for (const auto& t : *tags) {
          spec.tags.emplace_back(string_member(t.as_object(), "Key"), string_member(t.as_object(), "Value"));
        }
      }
    }
  }
  spec.launch_template_id = lt.id;
  spec.launch_template_version = std::to_string(version.number);
  return spec;
}

InstanceLaunchSpec resolve_launch_spec(LaunchTemplateState& state, std::string_view id, std::string_view name,
                                       std::string_view version) {
  LaunchTemplate& lt = require_launch_template(state, id, name);
  return launch_spec_from_template(lt, require_version(lt, version));
}

InstanceLaunchSpec resolve_launch_spec(LaunchTemplateState& state, const json::value& specification) {
  if (!specification.is_object()) {
    throw aws::ServiceError("InvalidParameterValue", "Invalid value for parameter LaunchTemplate.");
  }
  const json::object& ref = specification.as_object();
  return resolve_launch_spec(state, string_member(ref, "LaunchTemplateId"), string_member(ref, "LaunchTemplateName"),
                             string_member(ref, "Version"));
}

}  // namespace ecsemu::ec2
