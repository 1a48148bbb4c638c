#include <catch2/catch.hpp>

#include <set>

#include <boost/json/parse.hpp>

#include "services/ec2/ec2_public_images.hpp"

using namespace ecsemu::ec2;

TEST_CASE("Public image ids are well formed, stable per region and differ between regions", "[ec2]") {
  std::set<std::string> ids;
  for (const auto& image : public_images()) {
    std::string id = public_image_id(image, "us-east-1");
    CHECK(id.size() == 21);
    CHECK(id.rfind("ami-0", 0) == 0);
    CHECK(id == public_image_id(image, "us-east-1"));
    CHECK(id != public_image_id(image, "eu-west-1"));
    CHECK(find_public_image(id, "us-east-1") == &image);
    CHECK(find_public_image(id, "eu-west-1") == nullptr);
    ids.insert(id);
  }
  CHECK(ids.size() == public_images().size());
}

TEST_CASE("The table has ECS-optimized and plain Amazon Linux images for both architectures", "[ec2]") {
  int ecs = 0;
  int arm = 0;
  bool al2023_recommended = false;
  for (const auto& image : public_images()) {
    ecs += image.ecs_optimized ? 1 : 0;
    arm += image.architecture == "arm64" ? 1 : 0;
    CHECK_FALSE(image.ssm_parameters.empty());
    CHECK(image.ecs_optimized == !image.ecs_agent_version.empty());
    for (auto path : image.ssm_parameters) {
      al2023_recommended |= path == "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended";
    }
  }
  CHECK(ecs == 4);
  CHECK(arm == 4);
  CHECK(al2023_recommended);
}

TEST_CASE("The recommended metadata document names the image and its agent", "[ec2]") {
  const auto& image = public_images().front();
  auto doc = boost::json::parse(recommended_metadata_json(image, "us-west-2")).as_object();
  CHECK(doc.at("image_id").as_string() == public_image_id(image, "us-west-2"));
  CHECK(doc.at("image_name").as_string() == image.name);
  CHECK(doc.at("ecs_agent_version").as_string() == "1.88.0");
  CHECK(doc.at("schema_version").as_int64() == 1);
}
