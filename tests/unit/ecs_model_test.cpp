#include <catch2/catch.hpp>

#include "services/ecs/ecs_model.hpp"

using namespace ecsemu::ecs;

TEST_CASE("Cluster names follow ECS's rule", "[ecs]") {
  CHECK(valid_cluster_name("default"));
  CHECK(valid_cluster_name("My_Cluster-01"));
  CHECK(valid_cluster_name(std::string(255, 'a')));
  CHECK_FALSE(valid_cluster_name(std::string(256, 'a')));
  CHECK_FALSE(valid_cluster_name(""));
  CHECK_FALSE(valid_cluster_name("has space"));
  CHECK_FALSE(valid_cluster_name("dots.not.allowed"));
}

TEST_CASE("A cluster identifier is a name or a cluster ARN", "[ecs]") {
  CHECK(cluster_name_from_identifier("web") == "web");
  CHECK(cluster_name_from_identifier("arn:aws:ecs:us-east-1:123456789012:cluster/web") == "web");
  CHECK(cluster_name_from_identifier("arn:aws:ecs:us-east-1:123456789012:service/web/x").empty());
  CHECK(cluster_name_from_identifier("arn:aws:s3:::cluster/web").empty());
  CHECK(cluster_name_from_identifier("bad name").empty());
  CHECK(cluster_arn("eu-west-1", "111122223333", "x") == "arn:aws:ecs:eu-west-1:111122223333:cluster/x");
}

TEST_CASE("Tags merge by key in first-set order and are removed by key", "[ecs]") {
  Tags tags{{"a", "1"}, {"b", "2"}};
  merge_tags(tags, {{"b", "3"}, {"c", "4"}});
  CHECK(tags == Tags{{"a", "1"}, {"b", "3"}, {"c", "4"}});
  remove_tags(tags, {"a", "zzz"});
  CHECK(tags == Tags{{"b", "3"}, {"c", "4"}});
}
