#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ecsemu::ec2 {

// A public Amazon-owned AMI that tutorials and SSM public parameters point at. One table serves EC2's
// DescribeImages and SSM's /aws/service/... public parameters.
struct PublicImage {
  std::string_view name;  // AWS's naming, e.g. al2023-ami-ecs-hvm-2023.0.20241115-kernel-6.1-x86_64
  std::string_view description;
  std::string_view architecture;  // x86_64 | arm64
  bool ecs_optimized = false;
  std::string_view os;             // "Amazon Linux 2023", "Amazon Linux 2"
  std::string_view image_version;  // e.g. 2023.0.20241115
  std::string_view creation_date;  // ISO 8601, as DescribeImages shows it
  std::string_view root_device_name;
  int root_volume_gib = 8;
  // Public SSM parameters whose value is this image. For an ECS-optimized image the ".../recommended" path
  // holds the JSON metadata document (see recommended_metadata_json) and ".../recommended/image_id" the id;
  // the other paths hold the id.
  std::vector<std::string_view> ssm_parameters;
  std::string_view ecs_agent_version;  // empty unless ecs_optimized
  std::string_view ecs_runtime_version;
  std::string_view source_image_name;  // the plain image an ECS-optimized one was built from
};

std::span<const PublicImage> public_images();

// The image's id in a region: "ami-0" + 16 hex digits, a stable function of its name and the region.
std::string public_image_id(const PublicImage& image, std::string_view region);

// The public image with this id in this region (null when none).
const PublicImage* find_public_image(std::string_view image_id, std::string_view region);

// The JSON document AWS publishes at /aws/service/ecs/optimized-ami/.../recommended for an ECS-optimized image.
std::string recommended_metadata_json(const PublicImage& image, std::string_view region);

// Amazon's account id as an image owner.
inline constexpr std::string_view kAmazonOwnerId = "591542846629";

}  // namespace ecsemu::ec2
