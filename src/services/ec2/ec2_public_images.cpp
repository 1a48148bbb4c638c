#include "services/ec2/ec2_public_images.hpp"

#include <cstdint>

#include <fmt/format.h>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace ecsemu::ec2 {

namespace {

std::uint64_t fnv1a(std::string_view a, std::string_view b) {
  std::uint64_t h = 14695981039346656037ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix(a);
  mix("|");
  mix(b);
  return h;
}

}  // namespace

std::span<const PublicImage> public_images() {
  static const std::vector<PublicImage> kImages = {
      {"al2023-ami-ecs-hvm-2023.0.20241115-kernel-6.1-x86_64",
       "Amazon Linux AMI 2023.0.20241115 x86_64 ECS HVM EBS",
       "x86_64",
       true,
       "Amazon Linux 2023",
       "2023.0.20241115",
       "2024-11-15T21:04:36.000Z",
       "/dev/xvda",
       30,
       {"/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended"},
       "1.88.0",
       "Docker version 25.0.6",
       "al2023-ami-minimal-2023.6.20241111.0-kernel-6.1-x86_64"},
      {"al2023-ami-ecs-hvm-2023.0.20241115-kernel-6.1-arm64",
       "Amazon Linux AMI 2023.0.20241115 arm64 ECS HVM EBS",
       "arm64",
       true,
       "Amazon Linux 2023",
       "2023.0.20241115",
       "2024-11-15T21:04:40.000Z",
       "/dev/xvda",
       30,
       {"/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended"},
       "1.88.0",
       "Docker version 25.0.6",
       "al2023-ami-minimal-2023.6.20241111.0-kernel-6.1-arm64"},
      {"amzn2-ami-ecs-hvm-2.0.20241115-x86_64-ebs",
       "Amazon Linux AMI 2.0.20241115 x86_64 ECS HVM GP2",
       "x86_64",
       true,
       "Amazon Linux 2",
       "2.0.20241115",
       "2024-11-15T20:52:11.000Z",
       "/dev/xvda",
       30,
       {"/aws/service/ecs/optimized-ami/amazon-linux-2/recommended"},
       "1.88.0",
       "Docker version 25.0.6",
       "amzn2-ami-minimal-hvm-2.0.20241113.1-x86_64-ebs"},
      {"amzn2-ami-ecs-hvm-2.0.20241115-arm64-ebs",
       "Amazon Linux AMI 2.0.20241115 arm64 ECS HVM GP2",
       "arm64",
       true,
       "Amazon Linux 2",
       "2.0.20241115",
       "2024-11-15T20:52:15.000Z",
       "/dev/xvda",
       30,
       {"/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended"},
       "1.88.0",
       "Docker version 25.0.6",
       "amzn2-ami-minimal-hvm-2.0.20241113.1-arm64-ebs"},
      {"al2023-ami-2023.6.20241111.0-kernel-6.1-x86_64",
       "Amazon Linux 2023 AMI 2023.6.20241111.0 x86_64 HVM kernel-6.1",
       "x86_64",
       false,
       "Amazon Linux 2023",
       "2023.6.20241111.0",
       "2024-11-11T19:15:21.000Z",
       "/dev/xvda",
       8,
       {"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64"},
       "",
       "",
       ""},
      {"al2023-ami-2023.6.20241111.0-kernel-6.1-arm64",
       "Amazon Linux 2023 AMI 2023.6.20241111.0 arm64 HVM kernel-6.1",
       "arm64",
       false,
       "Amazon Linux 2023",
       "2023.6.20241111.0",
       "2024-11-11T19:15:24.000Z",
       "/dev/xvda",
       8,
       {"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64"},
       "",
       "",
       ""},
      {"amzn2-ami-kernel-5.10-hvm-2.0.20241113.1-x86_64-gp2",
       "Amazon Linux 2 Kernel 5.10 AMI 2.0.20241113.1 x86_64 HVM gp2",
       "x86_64",
       false,
       "Amazon Linux 2",
       "2.0.20241113.1",
       "2024-11-13T22:40:02.000Z",
       "/dev/xvda",
       8,
       {"/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2",
        "/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2"},
       "",
       "",
       ""},
      {"amzn2-ami-kernel-5.10-hvm-2.0.20241113.1-arm64-gp2",
       "Amazon Linux 2 Kernel 5.10 AMI 2.0.20241113.1 arm64 HVM gp2",
       "arm64",
       false,
       "Amazon Linux 2",
       "2.0.20241113.1",
       "2024-11-13T22:40:06.000Z",
       "/dev/xvda",
       8,
       {"/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-arm64-gp2",
        "/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-arm64-gp2"},
       "",
       "",
       ""},
  };
  return kImages;
}

std::string public_image_id(const PublicImage& image, std::string_view region) {
  return fmt::format("ami-0{:016x}", fnv1a(image.name, region));
}

const PublicImage* find_public_image(std::string_view image_id, std::string_view region) {
  for (const auto& image : public_images()) {
    if (public_image_id(image, region) == image_id) {
      return &image;
    }
  }
  return nullptr;
}

std::string recommended_metadata_json(const PublicImage& image, std::string_view region) {
  boost::json::object doc{{"ecs_agent_version", image.ecs_agent_version},
                          {"ecs_runtime_version", image.ecs_runtime_version},
                          {"image_id", public_image_id(image, region)},
                          {"image_name", image.name},
                          {"image_version", image.image_version},
                          {"os", image.os},
                          {"schema_version", 1},
                          {"source_image_name", image.source_image_name}};
  return boost::json::serialize(doc);
}

}  // namespace ecsemu::ec2
