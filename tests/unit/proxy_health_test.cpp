#include <catch2/catch.hpp>

#include "proxy_test_support.hpp"

using namespace ecsemu;
using namespace ecsemu::testing;

namespace {

proxy::PlaneOptions fast() {
  proxy::PlaneOptions options;
  options.time_scale = 0.001;  // 30 s interval -> 30 ms
  return options;
}

proxy::Snapshot checked(std::uint16_t port, std::vector<std::uint16_t> target_ports, int healthy = 2,
                        int unhealthy = 2) {
  proxy::Snapshot snapshot;
  auto group = target_group("tg-a", std::move(target_ports), true);
  group.health_check.path = "/health";
  group.health_check.matcher = "200-299";
  group.health_check.healthy_threshold = healthy;
  group.health_check.unhealthy_threshold = unhealthy;
  snapshot.target_groups.emplace("tg-a", group);
  snapshot.listeners.push_back(listener("listener-1", port, forward_to({{"tg-a", 1}})));
  return snapshot;
}

}  // namespace

TEST_CASE("Health checks report healthy, then unhealthy when the target answers 500, then healthy again", "[proxy]") {
  TestTarget a("A");
  PlaneRunner runner(fast());
  runner.publish(checked(free_port(), {a.port()}, 3, 2));
  REQUIRE(wait_until([&] { return runner.reports_for(a.port()).size() == 1; }));
  auto first = runner.reports_for(a.port()).front();
  CHECK(first.target_group_arn == "tg-a");
  CHECK(first.target_id == "127.0.0.1");
  CHECK(first.state == "healthy");
  CHECK(first.reason.empty());
  CHECK(a.health_requests >= 3);

  a.health_status = 500;
  REQUIRE(wait_until([&] { return runner.reports_for(a.port()).size() == 2; }));
  auto second = runner.reports_for(a.port())[1];
  CHECK(second.state == "unhealthy");
  CHECK(second.reason == "Target.ResponseCodeMismatch");
  CHECK(second.description == "Health checks failed with these codes: [500]");

  a.health_status = 202;  // inside the 200-299 matcher
  REQUIRE(wait_until([&] { return runner.reports_for(a.port()).size() == 3; }));
  CHECK(runner.reports_for(a.port())[2].state == "healthy");
  int checks = a.health_requests;
  REQUIRE(wait_until([&] { return a.health_requests > checks + 3; }));
  CHECK(runner.reports_for(a.port()).size() == 3);  // only changes are reported
}

TEST_CASE("A new target that fails reports unhealthy after the unhealthy threshold", "[proxy]") {
  TestTarget silent("S");
  silent.silent = true;
  std::uint16_t closed = free_port();
  PlaneRunner runner(fast());
  runner.publish(checked(free_port(), {silent.port(), closed}));
  REQUIRE(wait_until([&] { return runner.reports_for(closed).size() == 1; }));
  auto refused_report = runner.reports_for(closed).front();
  CHECK(refused_report.state == "unhealthy");
  CHECK(refused_report.reason == "Target.FailedHealthChecks");
  CHECK(refused_report.description == "Health checks failed");

  proxy::Snapshot unusable = checked(free_port(), {});
  auto target = ip_target(9);
  target.connect_host = "not-an-address";
  unusable.target_groups["tg-a"].targets.push_back(target);
  unusable.target_groups["tg-a"].targets.push_back(ip_target(silent.port()));
  unusable.target_groups["tg-a"].targets.push_back(ip_target(closed));
  runner.publish(unusable);
  REQUIRE(wait_until([&] { return runner.reports_for(9).size() == 1; }));
  CHECK(runner.reports_for(9).front().reason == "Target.FailedHealthChecks");

  REQUIRE(wait_until([&] { return runner.reports_for(silent.port()).size() == 1; }));
  auto timeout_report = runner.reports_for(silent.port()).front();
  CHECK(timeout_report.state == "unhealthy");
  CHECK(timeout_report.reason == "Target.Timeout");
  CHECK(timeout_report.description == "Request timed out");
}

TEST_CASE("TCP health checks connect; the configured port overrides the traffic port", "[proxy]") {
  TestTarget a("A");
  TestTarget other("O");
  PlaneRunner runner(fast());
  proxy::Snapshot snapshot = checked(free_port(), {a.port()}, 2, 2);
  snapshot.target_groups["tg-a"].health_check.protocol = "TCP";
  runner.publish(snapshot);
  REQUIRE(wait_until([&] { return runner.reports_for(a.port()).size() == 1; }));
  CHECK(runner.reports_for(a.port()).front().state == "healthy");
  CHECK(a.health_requests == 0);

  proxy::Snapshot moved = checked(free_port(), {a.port()}, 2, 2);
  moved.target_groups["tg-a"].health_check.port = std::to_string(other.port());
  moved.target_groups["tg-a"].arn = "tg-a";
  runner.publish(moved);
  REQUIRE(wait_until([&] { return other.health_requests >= 2; }));
}

TEST_CASE("Routing sends traffic to healthy targets only, and to all when none is healthy", "[proxy]") {
  TestTarget good("G");
  TestTarget bad("B");
  bad.health_status = 500;
  PlaneRunner runner(fast());
  std::uint16_t port = free_port();
  runner.publish(checked(port, {good.port(), bad.port()}));
  REQUIRE(wait_until(
      [&] { return runner.reports_for(good.port()).size() == 1 && runner.reports_for(bad.port()).size() == 1; }));
  HttpClient client(port);
  for (int i = 0; i < 6; ++i) {
    CHECK(client.request("/").body == "G");
  }

  good.health_status = 503;
  REQUIRE(wait_until([&] { return runner.reports_for(good.port()).size() == 2; }));
  CHECK(runner.reports_for(good.port())[1].state == "unhealthy");
  std::map<std::string, int> seen;
  for (int i = 0; i < 6; ++i) {
    auto res = client.request("/");
    REQUIRE(res.status == 200);
    ++seen[res.body];
  }
  CHECK(seen["G"] == 3);  // fail open: every target again
  CHECK(seen["B"] == 3);
}

TEST_CASE("Checks stop for targets and groups that leave the snapshot", "[proxy]") {
  TestTarget a("A");
  TestTarget b("B");
  PlaneRunner runner(fast());
  std::uint16_t port = free_port();
  runner.publish(checked(port, {a.port(), b.port()}));
  REQUIRE(wait_until([&] { return a.health_requests >= 3 && b.health_requests >= 3; }));
  runner.publish(checked(port, {a.port()}));
  int b_checks = b.health_requests;
  REQUIRE(wait_until([&] { return a.health_requests > 10; }));
  CHECK(b.health_requests <= b_checks + 1);  // at most the check that was in flight

  proxy::Snapshot disabled = checked(port, {a.port()});
  disabled.target_groups["tg-a"].health_check.enabled = false;
  runner.publish(disabled);
  int a_checks = a.health_requests;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // about six intervals: none may come
  CHECK(a.health_requests <= a_checks + 1);
  CHECK(http_get(port, "/").body == "A");

  runner.publish(proxy::Snapshot{});
  auto reports = runner.reports().size();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(runner.reports().size() == reports);
}
