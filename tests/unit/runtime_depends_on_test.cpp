#include <catch2/catch.hpp>

#include "runtime/depends_on.hpp"

using namespace ecsemu::runtime;
using Phase = ContainerProgress::Phase;
using Health = ContainerProgress::Health;

namespace {

ContainerSpec container(std::string name, std::vector<DependencySpec> deps = {}, int start_timeout = 0) {
  ContainerSpec c;
  c.name = std::move(name);
  c.depends_on = std::move(deps);
  c.start_timeout_seconds = start_timeout;
  return c;
}

ContainerProgress running(double at = 1) { return {Phase::Running, Health::Unknown, std::nullopt, at, false}; }
ContainerProgress exited(int code, double at = 1) { return {Phase::Exited, Health::Unknown, code, at, false}; }
ContainerProgress healthy(double at = 1) { return {Phase::Running, Health::Healthy, std::nullopt, at, true}; }
ContainerProgress not_started() { return {}; }

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("containers without dependencies all start at once", "[unit][runtime]") {
  std::vector<ContainerSpec> cs = {container("a"), container("b")};
  auto plan = plan_starts(cs, {not_started(), not_started()}, 0);
  CHECK(plan.startable == Names{"a", "b"});
  CHECK(plan.blocked.empty());
  CHECK_FALSE(plan.next_deadline);
}

TEST_CASE("START waits for the dependency to start, and an exited one counts as started", "[unit][runtime]") {
  std::vector<ContainerSpec> cs = {container("app", {{"proxy", "START"}}), container("proxy")};
  CHECK(plan_starts(cs, {not_started(), not_started()}, 0).startable == Names{"proxy"});
  CHECK(plan_starts(cs, {not_started(), running()}, 0).startable == Names{"app"});
  CHECK(plan_starts(cs, {not_started(), exited(1)}, 0).startable == Names{"app"});
  CHECK(plan_starts(cs, {running(), running()}, 0).startable.empty());
}

TEST_CASE("COMPLETE waits for any exit", "[unit][runtime]") {
  std::vector<ContainerSpec> cs = {container("app", {{"init", "COMPLETE"}}), container("init")};
  CHECK(plan_starts(cs, {not_started(), running()}, 0).startable.empty());
  CHECK(plan_starts(cs, {not_started(), exited(3)}, 0).startable == Names{"app"});
  CHECK(plan_starts(cs, {not_started(), exited(0)}, 0).startable == Names{"app"});
}

TEST_CASE("SUCCESS waits for exit 0; a non-zero exit blocks the dependent for good", "[unit][runtime]") {
  std::vector<ContainerSpec> cs = {container("app", {{"init", "SUCCESS"}}), container("init")};
  CHECK(plan_starts(cs, {not_started(), running()}, 0).startable.empty());
  CHECK(plan_starts(cs, {not_started(), exited(0)}, 0).startable == Names{"app"});
  auto plan = plan_starts(cs, {not_started(), exited(2)}, 0);
  CHECK(plan.startable.empty());
  REQUIRE(plan.blocked.size() == 1);
  CHECK(plan.blocked[0].container == "app");
  CHECK(plan.blocked[0].dependency == "init");
  CHECK(plan.blocked[0].condition == "SUCCESS");
  CHECK(plan.blocked[0].reason ==
        "dependency graph: failed to resolve container ordering dependency [init] for target [app] as dependency "
        "did not exit successfully.");
}

TEST_CASE("HEALTHY waits for the health check; exiting before it blocks the dependent", "[unit][runtime]") {
  std::vector<ContainerSpec> cs = {container("app", {{"db", "HEALTHY"}}), container("db")};
  CHECK(plan_starts(cs, {not_started(), running()}, 0).startable.empty());
  ContainerProgress unhealthy = running();
  unhealthy.health = Health::Unhealthy;
  auto waiting = plan_starts(cs, {not_started(), unhealthy}, 0);
  CHECK(waiting.startable.empty());
  CHECK(waiting.blocked.empty());
  CHECK(plan_starts(cs, {not_started(), healthy()}, 0).startable == Names{"app"});
  auto plan = plan_starts(cs, {not_started(), exited(0)}, 0);
  REQUIRE(plan.blocked.size() == 1);
  CHECK(plan.blocked[0].container == "app");
}

TEST_CASE("a container that can never start blocks its own dependents", "[unit][runtime]") {
  std::vector<ContainerSpec> cs = {container("web", {{"app", "START"}}), container("app", {{"init", "SUCCESS"}}),
                                   container("init")};
  auto plan = plan_starts(cs, {not_started(), not_started(), exited(1)}, 0);
  CHECK(plan.startable.empty());
  REQUIRE(plan.blocked.size() == 2);
  CHECK(plan.blocked[0].container == "web");
  CHECK(plan.blocked[0].reason ==
        "dependency graph: failed to resolve container ordering dependency [app] for target [web] because "
        "dependency will never start");
  CHECK(plan.blocked[1].container == "app");
}

TEST_CASE("a chain starts one link at a time", "[unit][runtime]") {
  std::vector<ContainerSpec> cs = {container("c", {{"b", "START"}}), container("b", {{"a", "COMPLETE"}}),
                                   container("a")};
  CHECK(plan_starts(cs, {not_started(), not_started(), not_started()}, 0).startable == Names{"a"});
  CHECK(plan_starts(cs, {not_started(), not_started(), running()}, 0).startable.empty());
  CHECK(plan_starts(cs, {not_started(), not_started(), exited(0)}, 0).startable == Names{"b"});
  CHECK(plan_starts(cs, {not_started(), running(), exited(0)}, 0).startable == Names{"c"});
}

TEST_CASE("links and volumesFrom imply START", "[unit][runtime]") {
  ContainerSpec app = container("app");
  app.links = {"db:database"};
  app.volumes_from = {{"data", true}};
  std::vector<ContainerSpec> cs = {app, container("db"), container("data")};
  CHECK(plan_starts(cs, {not_started(), not_started(), not_started()}, 0).startable == Names{"db", "data"});
  CHECK(plan_starts(cs, {not_started(), running(), not_started()}, 0).startable == Names{"data"});
  CHECK(plan_starts(cs, {not_started(), running(), exited(0)}, 0).startable == Names{"app"});
}

TEST_CASE("a dependency on an unknown container or condition never resolves", "[unit][runtime]") {
  std::vector<ContainerSpec> cs = {container("app", {{"ghost", "START"}}), container("b", {{"app", "READY"}})};
  auto plan = plan_starts(cs, {not_started(), running()}, 0);
  REQUIRE(plan.blocked.size() == 1);
  CHECK(plan.blocked[0].reason ==
        "dependency graph: container ordering dependency [ghost] for target [app] does not exist.");
  std::vector<ContainerSpec> odd = {container("b", {{"a", "READY"}}), container("a")};
  auto p2 = plan_starts(odd, {not_started(), running()}, 0);
  REQUIRE(p2.blocked.size() == 1);
  CHECK(p2.blocked[0].condition == "READY");
}

TEST_CASE("startTimeout bounds the wait on COMPLETE, SUCCESS and HEALTHY but not START", "[unit][runtime]") {
  std::vector<ContainerSpec> cs = {container("app", {{"init", "SUCCESS"}}), container("init", {}, 30)};
  auto waiting = plan_starts(cs, {not_started(), running(100)}, 110);
  CHECK(waiting.startable.empty());
  CHECK(waiting.blocked.empty());
  REQUIRE(waiting.next_deadline);
  CHECK(*waiting.next_deadline == Approx(130));
  auto late = plan_starts(cs, {not_started(), running(100)}, 130);
  REQUIRE(late.blocked.size() == 1);
  CHECK(late.blocked[0].reason ==
        "dependency graph: container ordering dependency [init] for target [app] has timed out.");
  std::vector<ContainerSpec> start = {container("app", {{"init", "START"}}), container("init", {}, 30)};
  CHECK(plan_starts(start, {not_started(), not_started()}, 1000).blocked.empty());
}

TEST_CASE("containers stop before the containers they depend on", "[unit][runtime]") {
  ContainerSpec web = container("web", {{"app", "START"}});
  ContainerSpec app = container("app", {{"db", "HEALTHY"}});
  app.volumes_from = {{"data", false}};
  std::vector<ContainerSpec> cs = {web, app, container("db"), container("data"), container("logger")};
  auto waves = stop_waves(cs);
  REQUIRE(waves.size() == 3);
  CHECK(waves[0] == Names{"web", "logger"});
  CHECK(waves[1] == Names{"app"});
  CHECK(waves[2] == Names{"db", "data"});
}

TEST_CASE("a link cycle still stops every container", "[unit][runtime]") {
  ContainerSpec a = container("a");
  a.links = {"b"};
  ContainerSpec b = container("b");
  b.links = {"a"};
  auto waves = stop_waves({a, b});
  REQUIRE(waves.size() == 1);
  CHECK(waves[0] == Names{"a", "b"});
}
