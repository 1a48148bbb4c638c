#include <catch2/catch.hpp>

#include "services/ecs/ecs_placement.hpp"

using namespace ecsemu::ecs;

namespace {

PlacementCandidate instance(std::string name, std::int64_t cpu, std::int64_t memory, std::string az = "us-east-1a") {
  PlacementCandidate c;
  c.arn = "arn:ci/" + name;
  c.id = name;
  c.ec2_instance_id = "i-" + name;
  c.remaining_cpu = cpu;
  c.remaining_memory = memory;
  c.attributes["ecs.availability-zone"] = az;
  c.attributes["ecs.instance-type"] = "t3.small";
  return c;
}

PlacementRequest need(int count, std::int64_t cpu, std::int64_t memory) {
  PlacementRequest r;
  r.count = count;
  r.cpu = cpu;
  r.memory = memory;
  return r;
}

}  // namespace

TEST_CASE("Tasks are placed where CPU and memory remain", "[ecs]") {
  std::mt19937_64 rng(1);
  auto result = place_tasks({instance("a", 1024, 2048)}, need(2, 512, 1024), rng);
  CHECK(result.placements == std::vector<std::string>{"arn:ci/a", "arn:ci/a"});
  CHECK(result.failures.empty());
}

TEST_CASE("A batch does not oversubscribe an instance and reports why the rest failed", "[ecs]") {
  std::mt19937_64 rng(1);
  auto result = place_tasks({instance("a", 1024, 2048)}, need(3, 512, 512), rng);
  CHECK(result.placements.size() == 2);
  REQUIRE(result.failures.size() == 1);
  CHECK(result.failures[0] == PlacementFailure{"arn:ci/a", "RESOURCE:CPU"});
}

TEST_CASE("Memory shortage is reported as RESOURCE:MEMORY", "[ecs]") {
  std::mt19937_64 rng(1);
  auto result = place_tasks({instance("a", 1024, 256), instance("b", 1024, 100)}, need(1, 128, 512), rng);
  CHECK(result.placements.empty());
  REQUIRE(result.failures.size() == 2);
  CHECK(result.failures[0].reason == "RESOURCE:MEMORY");
  CHECK(result.failures[1].reason == "RESOURCE:MEMORY");
}

TEST_CASE("Taken host ports are reported as RESOURCE:PORTS", "[ecs]") {
  std::mt19937_64 rng(1);
  auto a = instance("a", 4096, 4096);
  a.used_tcp_ports = {22, 80};
  auto req = need(1, 10, 10);
  req.ports = {{80, "tcp"}};
  auto result = place_tasks({a}, req, rng);
  CHECK(result.placements.empty());
  CHECK(result.failures == std::vector<PlacementFailure>{{"arn:ci/a", "RESOURCE:PORTS"}});
  req.ports = {{80, "udp"}};
  CHECK(place_tasks({a}, req, rng).placements.size() == 1);
  // Two tasks of one batch cannot share a static host port.
  req.ports = {{8080, "tcp"}};
  req.count = 2;
  auto batch = place_tasks({a}, req, rng);
  CHECK(batch.placements.size() == 1);
  CHECK(batch.failures[0].reason == "RESOURCE:PORTS");
}

TEST_CASE("Disconnected agents and inactive instances take no tasks", "[ecs]") {
  std::mt19937_64 rng(1);
  auto a = instance("a", 4096, 4096);
  a.agent_connected = false;
  auto b = instance("b", 4096, 4096);
  b.active = false;
  auto result = place_tasks({a, b}, need(1, 1, 1), rng);
  CHECK(result.placements.empty());
  CHECK(result.failures == std::vector<PlacementFailure>{{"arn:ci/a", "AGENT"}});
}

TEST_CASE("distinctInstance puts each task of a group on its own instance", "[ecs]") {
  std::mt19937_64 rng(1);
  auto req = need(3, 1, 1);
  req.constraints = {{"distinctInstance", ""}};
  auto result = place_tasks({instance("a", 4096, 4096), instance("b", 4096, 4096)}, req, rng);
  REQUIRE(result.placements.size() == 2);
  CHECK(result.placements[0] != result.placements[1]);
  REQUIRE(result.failures.size() == 2);
  CHECK(result.failures[0].reason == "DistinctInstance placement constraint unsatisfied.");
}

TEST_CASE("memberOf filters instances with the query language", "[ecs]") {
  std::mt19937_64 rng(1);
  auto big = instance("big", 4096, 4096);
  big.attributes["ecs.instance-type"] = "m5.large";
  auto req = need(2, 1, 1);
  req.constraints = {{"memberOf", "attribute:ecs.instance-type == m5.large"}};
  auto result = place_tasks({instance("a", 4096, 4096), big}, req, rng);
  CHECK(result.placements == std::vector<std::string>{"arn:ci/big", "arn:ci/big"});
  req.constraints = {{"memberOf", "ec2InstanceId in [i-a, i-zzz]"}};
  CHECK(place_tasks({instance("a", 4096, 4096), big}, req, rng).placements ==
        std::vector<std::string>{"arn:ci/a", "arn:ci/a"});
  req.constraints = {{"memberOf", "attribute:ecs.instance-type == nothing"}};
  auto none = place_tasks({instance("a", 4096, 4096)}, req, rng);
  CHECK(none.failures[0].reason == "MemberOf placement constraint unsatisfied.");
}

TEST_CASE("The built-in query evaluator handles operators, lists and boolean structure", "[ecs]") {
  auto c = instance("a", 1, 1, "us-east-1b");
  CHECK(evaluate_query("attribute:ecs.availability-zone == us-east-1b", c) == true);
  CHECK(evaluate_query("attribute:ecs.availability-zone != us-east-1b", c) == false);
  CHECK(evaluate_query("attribute:ecs.instance-type =~ t3.*", c) == true);
  CHECK(evaluate_query("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", c) == true);
  CHECK(evaluate_query("attribute:ecs.availability-zone not in [us-east-1a]", c) == true);
  CHECK(evaluate_query("attribute:custom exists", c) == false);
  CHECK(evaluate_query("attribute:custom not exists", c) == true);
  CHECK(evaluate_query("not (ec2InstanceId == i-a) or agentConnected == true", c) == true);
  CHECK(evaluate_query("ec2InstanceId == i-a and attribute:ecs.instance-type == t2.micro", c) == false);
  CHECK_FALSE(evaluate_query("", c));
  CHECK_FALSE(evaluate_query("attribute:x ==", c));
  CHECK_FALSE(evaluate_query("bogus == 1", c));
  CHECK_FALSE(evaluate_query("(ec2InstanceId == i-a", c));
  CHECK_FALSE(evaluate_query("ec2InstanceId in [", c));
  CHECK(valid_query("ec2InstanceId in ['i-1', \"i-2\"]"));
}

TEST_CASE("binpack picks the instance with the least remaining resource", "[ecs]") {
  std::mt19937_64 rng(7);
  auto req = need(1, 256, 256);
  req.strategies = {{"binpack", "memory"}};
  auto result = place_tasks({instance("roomy", 4096, 8192), instance("tight", 4096, 512)}, req, rng);
  CHECK(result.placements == std::vector<std::string>{"arn:ci/tight"});
  req.strategies = {{"binpack", "cpu"}};
  result = place_tasks({instance("roomy", 4096, 512), instance("tight", 300, 8192)}, req, rng);
  CHECK(result.placements == std::vector<std::string>{"arn:ci/tight"});
}

TEST_CASE("spread balances tasks across instances and availability zones", "[ecs]") {
  std::mt19937_64 rng(3);
  auto req = need(4, 1, 1);
  req.strategies = {{"spread", "instanceId"}};
  auto result = place_tasks({instance("a", 4096, 4096), instance("b", 4096, 4096)}, req, rng);
  REQUIRE(result.placements.size() == 4);
  CHECK(std::count(result.placements.begin(), result.placements.end(), "arn:ci/a") == 2);

  req.strategies = {{"spread", "attribute:ecs.availability-zone"}};
  auto busy = instance("a1", 4096, 4096, "us-east-1a");
  busy.group_tasks = 2;
  auto result2 = place_tasks({busy, instance("a2", 4096, 4096, "us-east-1a"), instance("b1", 4096, 4096, "us-east-1b")},
                             need(1, 1, 1), rng);
  CHECK(result2.placements.size() == 1);
  req.count = 2;
  auto zones =
      place_tasks({busy, instance("a2", 4096, 4096, "us-east-1a"), instance("b1", 4096, 4096, "us-east-1b")}, req, rng);
  CHECK(zones.placements == std::vector<std::string>{"arn:ci/b1", "arn:ci/b1"});
}

TEST_CASE("Placement lists are validated like AWS does", "[ecs]") {
  CHECK(validate_placement({}, {}).empty());
  CHECK(validate_placement({{"memberOf", "attribute:a == b"}, {"distinctInstance", ""}},
                           {{"spread", "attribute:ecs.availability-zone"}, {"binpack", "memory"}, {"random", ""}})
            .empty());
  CHECK_FALSE(validate_placement({{"memberOf", ""}}, {}).empty());
  CHECK_FALSE(validate_placement({{"distinctInstance", "x"}}, {}).empty());
  CHECK_FALSE(validate_placement({}, {{"binpack", "disk"}}).empty());
  CHECK_FALSE(validate_placement({}, {{"spread", ""}}).empty());
  CHECK_FALSE(validate_placement({}, {{"random", "cpu"}}).empty());
  std::vector<PlacementStrategySpec> six(6, {"random", ""});
  CHECK_FALSE(validate_placement({}, six).empty());
  std::vector<PlacementConstraintSpec> eleven(11, {"distinctInstance", ""});
  CHECK_FALSE(validate_placement(eleven, {}).empty());
}
