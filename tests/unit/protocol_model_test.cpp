#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "ecsemu/protocol/model.hpp"

namespace {

using ecsemu::protocol::Protocol;
using ecsemu::protocol::ServiceModel;
using ecsemu::protocol::ShapeType;

std::string read_spec(const std::string& service) {
  std::ifstream in(std::string(ECSEMU_SOURCE_DIR) + "/api-specs/" + service + "/service-2.json", std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("every vendored service model loads in reasonable time", "[protocol][model]") {
  for (const char* service : {"ecs", "ec2", "elbv2", "autoscaling", "logs", "sts", "iam", "ssm"}) {
    std::string text = read_spec(service);
    auto start = std::chrono::steady_clock::now();
    auto model = ServiceModel::from_json(text);
    auto elapsed = std::chrono::steady_clock::now() - start;
    INFO(service);
    CHECK(!model->operations().empty());
    // EC2 is ~4000 shapes; even a Debug+sanitizer build stays far below this bound.
    CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 5000);
  }
}

TEST_CASE("the ECS model exposes its json metadata and operations", "[protocol][model]") {
  auto model = ServiceModel::from_json(read_spec("ecs"));
  CHECK(model->metadata().protocol == Protocol::Json);
  CHECK(model->metadata().target_prefix == "AmazonEC2ContainerServiceV20141113");
  CHECK(model->metadata().json_version == "1.1");
  const auto* list_clusters = model->find_operation("ListClusters");
  REQUIRE(list_clusters != nullptr);
  REQUIRE(list_clusters->input != nullptr);
  CHECK(list_clusters->input->find_member("maxResults") != nullptr);
  const auto* describe = model->find_operation("DescribeClusters");
  REQUIRE(describe != nullptr);
  CHECK(describe->errors.size() >= 3);
  CHECK(model->find_operation("NoSuchOperation") == nullptr);
  const auto* not_found = model->find_error("ClusterNotFoundException");
  REQUIRE(not_found != nullptr);
  CHECK(not_found->exception);
  // operations() is sorted by name.
  const auto& ops = model->operations();
  for (std::size_t i = 1; i < ops.size(); ++i) {
    CHECK(ops[i - 1]->name < ops[i]->name);
  }
}

TEST_CASE("the ELBv2 model maps error shapes to their wire codes and statuses", "[protocol][model]") {
  auto model = ServiceModel::from_json(read_spec("elbv2"));
  CHECK(model->metadata().protocol == Protocol::Query);
  CHECK(model->metadata().xml_namespace == "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/");
  const auto* shape = model->find_error("LoadBalancerNotFoundException");
  REQUIRE(shape != nullptr);
  CHECK(shape->error_code == "LoadBalancerNotFound");
  CHECK(shape->error_status == 400);
  CHECK(shape->error_sender_fault);
  CHECK(model->find_error("LoadBalancerNotFound") == shape);
  const auto* op = model->find_operation("DescribeLoadBalancers");
  REQUIRE(op != nullptr);
  CHECK(op->result_wrapper == "DescribeLoadBalancersResult");
}

TEST_CASE("the EC2 model uses the ec2 protocol with locationName members", "[protocol][model]") {
  auto model = ServiceModel::from_json(read_spec("ec2"));
  CHECK(model->metadata().protocol == Protocol::Ec2);
  CHECK(model->metadata().protocol_name == "ec2");
  const auto* op = model->find_operation("DescribeVpcs");
  REQUIRE(op != nullptr);
  const auto* filters = op->input->find_member("Filters");
  REQUIRE(filters != nullptr);
  CHECK(filters->location_name == "Filter");
  CHECK(filters->shape->type == ShapeType::List);
  const auto* vpcs = op->output->find_member("Vpcs");
  REQUIRE(vpcs != nullptr);
  CHECK(vpcs->location_name == "vpcSet");
  CHECK(vpcs->shape->member.location_name == "item");
}

TEST_CASE("a document that is not a service model is refused", "[protocol][model]") {
  CHECK_THROWS_AS(ServiceModel::from_json("not json"), std::runtime_error);
  CHECK_THROWS_AS(ServiceModel::from_json("[]"), std::runtime_error);
  CHECK_THROWS_AS(
      ServiceModel::from_json(
          R"({"metadata":{"protocol":"json"},"shapes":{},"operations":{"A":{"input":{"shape":"Missing"}}}})"),
      std::runtime_error);
  CHECK_THROWS_AS(ServiceModel::from_json(R"({"metadata":{"protocol":"rest-xml"},"shapes":{},"operations":{}})"),
                  std::runtime_error);
}
