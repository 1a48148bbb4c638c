#include <catch2/catch.hpp>

#include "services/autoscaling/autoscaling_model.hpp"
#include "services/autoscaling/autoscaling_planning.hpp"

using namespace ecsemu::autoscaling;

namespace {

GroupInstance instance(std::string id, std::string zone, double launched, std::string state = "InService") {
  GroupInstance i;
  i.id = std::move(id);
  i.availability_zone = std::move(zone);
  i.launched = launched;
  i.lifecycle_state = std::move(state);
  i.launch_template = {"lt-1", "web", "2"};  // instances record the version number they were launched from
  return i;
}

Group group_of(std::vector<GroupInstance> instances) {
  Group g;
  g.name = "g";
  g.availability_zones = {"us-east-1a", "us-east-1b", "us-east-1c"};
  g.launch_template = {"lt-1", "web", "$Latest"};
  g.instances = std::move(instances);
  return g;
}

}  // namespace

TEST_CASE("New instances go to the zone with the fewest instances, counting the ones planned", "[autoscaling]") {
  Group g = group_of({instance("i-1", "us-east-1a", 1), instance("i-2", "us-east-1b", 2)});
  CHECK(next_zone(g, {}) == "us-east-1c");
  CHECK(next_zone(g, {"us-east-1c"}) == "us-east-1a");
  CHECK(next_zone(g, {"us-east-1c", "us-east-1a"}) == "us-east-1b");
  // Instances on their way out do not count.
  g.instances.push_back(instance("i-3", "us-east-1c", 3, "Terminating"));
  CHECK(next_zone(g, {}) == "us-east-1c");
}

TEST_CASE("Default termination balances zones first, then prefers an outdated launch template, then the oldest",
          "[autoscaling]") {
  Group g =
      group_of({instance("i-1", "us-east-1a", 1), instance("i-2", "us-east-1a", 2), instance("i-3", "us-east-1b", 0)});
  CHECK(select_for_scale_in(g, 1, "2") == std::vector<std::string>{"i-1"});
  g.instances[1].launch_template.version = "1";  // i-2 from an older version than $Latest (2) is now
  CHECK(select_for_scale_in(g, 1, "2") == std::vector<std::string>{"i-2"});
  CHECK(select_for_scale_in(g, 2, "2") == std::vector<std::string>{"i-2", "i-3"});
}

TEST_CASE("OldestInstance and NewestInstance pick by launch time; protected instances are never picked",
          "[autoscaling]") {
  Group g =
      group_of({instance("i-1", "us-east-1a", 5), instance("i-2", "us-east-1b", 1), instance("i-3", "us-east-1c", 9)});
  g.termination_policies = {"OldestInstance"};
  CHECK(select_for_scale_in(g, 1) == std::vector<std::string>{"i-2"});
  g.termination_policies = {"NewestInstance"};
  CHECK(select_for_scale_in(g, 2) == std::vector<std::string>{"i-3", "i-1"});
  g.instances[2].protected_from_scale_in = true;
  CHECK(select_for_scale_in(g, 3) == std::vector<std::string>{"i-1", "i-2"});
}

TEST_CASE("Capacity counts every instance but those terminating, detaching or in standby", "[autoscaling]") {
  Group g =
      group_of({instance("i-1", "us-east-1a", 1, "Pending"), instance("i-2", "us-east-1a", 1, "Pending:Wait"),
                instance("i-3", "us-east-1a", 1, "Terminating:Wait"), instance("i-4", "us-east-1a", 1),
                instance("i-5", "us-east-1a", 1, "Standby"), instance("i-6", "us-east-1a", 1, "EnteringStandby")});
  CHECK(in_capacity(g) == 3);
  CHECK(select_for_scale_in(g, 5).size() == 3);
}

TEST_CASE("A group launch template naming a version number makes instances of other versions outdated",
          "[autoscaling]") {
  Group g = group_of({instance("i-1", "us-east-1a", 1), instance("i-2", "us-east-1b", 2)});
  g.launch_template.version = "2";
  g.instances[1].launch_template.version = "1";
  CHECK(select_for_scale_in(g, 1) == std::vector<std::string>{"i-2"});
}

TEST_CASE("Activity causes use AWS's UTC timestamp form", "[autoscaling]") {
  CHECK(cause_time(0) == "1970-01-01T00:00:00Z");
  CHECK(cause_time(1714564800.7) == "2024-05-01T12:00:00Z");
}
