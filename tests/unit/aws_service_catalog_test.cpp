#include <catch2/catch.hpp>

#include "aws/operation_registry.hpp"
#include "aws/service_catalog.hpp"

using namespace ecsemu;

TEST_CASE("The routing table agrees with each embedded model's metadata", "[aws]") {
  aws::ServiceCatalog catalog;
  REQUIRE(catalog.services().size() == 12);
  for (const auto& service : catalog.services()) {
    INFO(service.key);
    const auto& model = catalog.model(service);
    CHECK(model.metadata().protocol == service.protocol);
    CHECK(model.metadata().api_version == service.api_version);
    CHECK(model.metadata().signing_name == service.signing_name);
    if (service.protocol == protocol::Protocol::Json) {
      CHECK(model.metadata().target_prefix == service.target_prefix);
    }
  }
}

TEST_CASE("Services resolve by target prefix, signing name and API version", "[aws]") {
  aws::ServiceCatalog catalog;
  CHECK(catalog.by_target_prefix("AmazonEC2ContainerServiceV20141113")->key == "ecs");
  CHECK(catalog.by_target_prefix("Logs_20140328")->key == "logs");
  CHECK(catalog.by_target_prefix("Nope") == nullptr);
  CHECK(catalog.by_signing_name("elasticloadbalancing")->key == "elbv2");
  CHECK(catalog.by_api_version("2016-11-15")->key == "ec2");
  CHECK(catalog.by_api_version("2014-11-13") == nullptr);  // json services are not routed by version
}

TEST_CASE("Every registered operation exists in its service's model", "[aws][conformance]") {
  aws::OperationRegistry registry;
  aws::register_all_services(registry);
  aws::ServiceCatalog catalog;
  std::size_t count = 0;
  for (const auto& service : catalog.services()) {
    for (const auto& op : registry.operations(service.key)) {
      INFO(service.key << "." << op);
      CHECK(catalog.model(service).find_operation(op) != nullptr);
      ++count;
    }
  }
  CHECK(count >= 4);
}
