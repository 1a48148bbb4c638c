#include <catch2/catch.hpp>

#include "proxy_test_support.hpp"

using namespace ecsemu;
using namespace ecsemu::testing;

namespace {

proxy::Snapshot one_listener(std::uint16_t port, std::vector<std::uint16_t> target_ports) {
  proxy::Snapshot snapshot;
  snapshot.target_groups.emplace("tg-a", target_group("tg-a", std::move(target_ports)));
  snapshot.listeners.push_back(listener("listener-1", port, forward_to({{"tg-a", 1}})));
  return snapshot;
}

}  // namespace

TEST_CASE("Forward spreads requests round robin across a group's targets and adds X-Forwarded headers", "[proxy]") {
  TestTarget a("A");
  TestTarget b("B");
  PlaneRunner runner;
  std::uint16_t port = free_port();
  runner.publish(one_listener(port, {a.port(), b.port()}));
  REQUIRE(runner.plane().bound_port("listener-1") == port);

  HttpClient client(port);
  REQUIRE(client.connected());
  std::map<std::string, int> seen;
  for (int i = 0; i < 6; ++i) {
    auto res = client.request("/hello?x=1", "lb.test:" + std::to_string(port));
    REQUIRE(res.status == 200);
    ++seen[res.body];
  }
  CHECK(seen["A"] == 3);
  CHECK(seen["B"] == 3);
  CHECK(a.header_seen("X-Forwarded-For") == "127.0.0.1");
  CHECK(a.header_seen("X-Forwarded-Proto") == "http");
  CHECK(a.header_seen("X-Forwarded-Port") == std::to_string(port));
  CHECK(a.header_seen("Host") == "lb.test:" + std::to_string(port));
  CHECK(a.header_seen("target") == "/hello?x=1");
  CHECK(a.header_seen("X-Amzn-Trace-Id").rfind("Root=1-", 0) == 0);

  auto forwarded = http_get(port, "/", "lb.test", {{"X-Forwarded-For", "203.0.113.9"}});
  REQUIRE(forwarded.status == 200);
  TestTarget& last = forwarded.body == "A" ? a : b;
  CHECK(last.header_seen("X-Forwarded-For") == "203.0.113.9, 127.0.0.1");
}

TEST_CASE("Upstream connections are kept alive and reused across requests", "[proxy]") {
  TestTarget a("A");
  PlaneRunner runner;
  std::uint16_t port = free_port();
  runner.publish(one_listener(port, {a.port()}));
  for (int i = 0; i < 5; ++i) {
    auto res = http_get(port, "/");  // a new client connection each time
    REQUIRE(res.status == 200);
  }
  HttpClient client(port);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(client.request("/").status == 200);
  }
  CHECK(a.requests == 10);
  CHECK(a.connections == 1);
}

TEST_CASE("Request bodies are relayed, also chunked ones", "[proxy]") {
  TestTarget a("A");
  PlaneRunner runner;
  std::uint16_t port = free_port();
  runner.publish(one_listener(port, {a.port()}));
  HttpClient client(port);
  auto res = client.request("/upload", "lb.test", {}, bhttp::verb::post, "payload-123");
  REQUIRE(res.status == 200);
  CHECK(a.header_seen("body") == "payload-123");
  auto chunked = client.request("/upload", "lb.test", {{"Transfer-Encoding", "chunked"}}, bhttp::verb::put, "xyz");
  REQUIRE(chunked.status == 200);
  CHECK(a.header_seen("body") == "xyz");
  auto head = client.request("/", "lb.test", {}, bhttp::verb::head);
  CHECK(head.status == 200);
  CHECK(head.headers["Content-Length"] == "1");
  CHECK(client.request("/").body == "A");  // the connection is still in step after HEAD
}

TEST_CASE("Weighted forward splits traffic by weight and never picks a zero weight", "[proxy]") {
  TestTarget a("A");
  TestTarget b("B");
  TestTarget c("C");
  PlaneRunner runner;
  std::uint16_t port = free_port();
  proxy::Snapshot snapshot;
  snapshot.target_groups.emplace("tg-a", target_group("tg-a", {a.port()}));
  snapshot.target_groups.emplace("tg-b", target_group("tg-b", {b.port()}));
  snapshot.target_groups.emplace("tg-c", target_group("tg-c", {c.port()}));
  snapshot.listeners.push_back(listener("listener-1", port, forward_to({{"tg-a", 3}, {"tg-b", 1}, {"tg-c", 0}})));
  runner.publish(snapshot);
  HttpClient client(port);
  std::map<std::string, int> seen;
  for (int i = 0; i < 400; ++i) {
    auto res = client.request("/");
    REQUIRE(res.status == 200);
    ++seen[res.body];
  }
  CHECK(seen["C"] == 0);
  CHECK(seen["A"] + seen["B"] == 400);
  CHECK(seen["A"] > 240);  // expected 300; seven standard deviations of slack
  CHECK(seen["A"] < 360);
}

TEST_CASE("Fixed-response and redirect actions answer without a target", "[proxy]") {
  PlaneRunner runner;
  std::uint16_t port = free_port();
  proxy::RuleAction fixed;
  fixed.type = "fixed-response";
  fixed.status_code = "418";
  fixed.content_type = "application/json";
  fixed.message_body = "{\"teapot\":true}";
  proxy::Snapshot snapshot;
  snapshot.listeners.push_back(listener("listener-1", port, fixed));
  proxy::RuleConfig moved;
  moved.priority = 1;
  proxy::RuleCondition old_path;
  old_path.field = "path-pattern";
  old_path.values = {"/old/*"};
  moved.conditions.push_back(old_path);
  proxy::RuleAction redirect;
  redirect.type = "redirect";
  redirect.redirect_path = "/new/#{path}";
  redirect.redirect_status = "HTTP_302";
  moved.actions.push_back(redirect);
  auto& rules = snapshot.listeners.front().rules;
  rules.insert(rules.begin(), moved);
  runner.publish(snapshot);

  auto res = http_get(port, "/anything");
  CHECK(res.status == 418);
  CHECK(res.body == "{\"teapot\":true}");
  CHECK(res.headers["Content-Type"] == "application/json");
  CHECK(res.headers["Server"] == "awselb/2.0");

  auto redirected = http_get(port, "/old/page?q=1", "app.test:9999");
  CHECK(redirected.status == 302);
  CHECK(redirected.headers["Location"] == "http://app.test:" + std::to_string(port) + "/new/old/page?q=1");
}

TEST_CASE("No registered target answers 503, an unreachable one 502, a silent one 504", "[proxy]") {
  proxy::PlaneOptions options;
  options.idle_timeout = std::chrono::milliseconds(300);
  PlaneRunner runner(options);
  std::uint16_t port = free_port();

  runner.publish(one_listener(port, {}));
  auto empty = http_get(port, "/");
  CHECK(empty.status == 503);
  CHECK(empty.body.find("503 Service Temporarily Unavailable") != std::string::npos);

  proxy::Snapshot missing = one_listener(port, {});
  missing.target_groups.clear();  // the action names a group the snapshot lacks
  runner.publish(missing);
  CHECK(http_get(port, "/").status == 503);

  std::uint16_t closed = free_port();
  runner.publish(one_listener(port, {closed}));
  auto bad = http_get(port, "/");
  CHECK(bad.status == 502);
  CHECK(bad.body.find("502 Bad Gateway") != std::string::npos);

  TestTarget silent("S");
  silent.silent = true;
  runner.publish(one_listener(port, {silent.port()}));
  HttpClient client(port);
  auto started = std::chrono::steady_clock::now();
  auto slow = client.request("/");
  CHECK(slow.status == 504);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  silent.silent = false;
  CHECK(client.request("/").status == 200);  // the client connection survives the 504
}

TEST_CASE("A target that closes the connection instead of answering gets 502, also on a pooled connection", "[proxy]") {
  TestTarget a("A");
  PlaneRunner runner;
  std::uint16_t port = free_port();
  runner.publish(one_listener(port, {a.port()}));
  HttpClient client(port);
  REQUIRE(client.request("/").status == 200);  // leaves a pooled connection to the target
  a.hang_up = true;
  auto res = client.request("/");
  CHECK(res.status == 502);
  CHECK(res.headers["Server"] == "awselb/2.0");
  CHECK(a.connections == 2);  // the pooled connection, then once more on a new one
  a.hang_up = false;
  CHECK(client.request("/").body == "A");
}

TEST_CASE("A target whose address cannot be used answers 502; a protocol upgrade is not relayed", "[proxy]") {
  PlaneRunner runner;
  std::uint16_t port = free_port();
  proxy::Snapshot snapshot = one_listener(port, {});
  auto target = ip_target(8080);
  target.connect_host = "not-an-address";
  snapshot.target_groups["tg-a"].targets.push_back(target);
  runner.publish(snapshot);
  CHECK(http_get(port, "/").status == 502);

  TestTarget a("A");
  runner.publish(one_listener(port, {a.port()}));
  HttpClient client(port);
  auto upgrade = client.request("/upgrade", "lb.test", {{"Connection", "Upgrade"}, {"Upgrade", "websocket"}});
  CHECK(upgrade.status == 502);
  CHECK(client.request("/").body == "A");
}

TEST_CASE("A malformed request gets 400", "[proxy]") {
  PlaneRunner runner;
  std::uint16_t port = free_port();
  runner.publish(one_listener(port, {}));
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  std::string garbage = "NOT HTTP AT ALL\r\n\r\n";
  asio::write(socket, asio::buffer(garbage));
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  boost::system::error_code ec;
  bhttp::read(socket, buffer, res, ec);
  REQUIRE_FALSE(ec);
  CHECK(res.result_int() == 400);
}

TEST_CASE("Publishing a snapshot without a listener closes its port; a new one opens", "[proxy]") {
  TestTarget a("A");
  PlaneRunner runner;
  std::uint16_t first = free_port();
  std::uint16_t second = free_port();
  runner.publish(one_listener(first, {a.port()}));
  REQUIRE(http_get(first, "/").status == 200);

  proxy::Snapshot moved = one_listener(second, {a.port()});
  moved.listeners.front().arn = "listener-2";
  runner.publish(moved);
  CHECK(runner.plane().bound_port("listener-1") == 0);
  CHECK(runner.plane().bound_port("listener-2") == second);
  CHECK(wait_until([&] { return refused(first); }));
  CHECK(http_get(second, "/").status == 200);

  runner.publish(proxy::Snapshot{});
  CHECK(wait_until([&] { return refused(second); }));
  CHECK(runner.plane().bound_port("listener-2") == 0);
}

TEST_CASE("Listeners of two load balancers on one port are told apart by Host", "[proxy]") {
  TestTarget a("A");
  TestTarget b("B");
  PlaneRunner runner;
  std::uint16_t port = free_port();
  proxy::Snapshot snapshot;
  snapshot.target_groups.emplace("tg-a", target_group("tg-a", {a.port()}));
  snapshot.target_groups.emplace("tg-b", target_group("tg-b", {b.port()}));
  snapshot.listeners.push_back(listener("listener-a", port, forward_to({{"tg-a", 1}}), "HTTP", "alpha.elb.localhost"));
  snapshot.listeners.push_back(listener("listener-b", port, forward_to({{"tg-b", 1}}), "HTTP", "beta.elb.localhost"));
  runner.publish(snapshot);
  CHECK(runner.plane().bound_port("listener-a") == port);
  CHECK(runner.plane().bound_port("listener-b") == port);

  HttpClient client(port);
  CHECK(client.request("/", "beta.elb.localhost:" + std::to_string(port)).body == "B");
  CHECK(client.request("/", "ALPHA.elb.localhost").body == "A");
  CHECK(client.request("/", "unknown.test").body == "A");  // the first listener in snapshot order
}

TEST_CASE("A port that cannot be bound leaves its listener unbound without throwing", "[proxy]") {
  asio::io_context io;
  tcp::acceptor taken(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::uint16_t port = taken.local_endpoint().port();
  PlaneRunner runner;
  REQUIRE_NOTHROW(runner.publish(one_listener(port, {})));
  CHECK(runner.plane().bound_port("listener-1") == 0);
  CHECK(runner.plane().bound_port("no-such-listener") == 0);
  taken.close();
  runner.publish(one_listener(port, {}));  // the next publish tries again
  CHECK(runner.plane().bound_port("listener-1") == port);
}

TEST_CASE("The port offset moves every listener; HTTPS and UDP listeners are not served", "[proxy]") {
  TestTarget a("A");
  std::uint16_t real = free_port();
  proxy::PlaneOptions options;
  options.port_offset = 7;
  std::uint16_t listener_port = static_cast<std::uint16_t>(real - 7);
  PlaneRunner runner(options);
  proxy::Snapshot snapshot = one_listener(listener_port, {a.port()});
  snapshot.listeners.push_back(listener("listener-tls", free_port(), forward_to({{"tg-a", 1}}), "HTTPS"));
  snapshot.listeners.push_back(listener("listener-udp", free_port(), forward_to({{"tg-a", 1}}), "UDP"));
  runner.publish(snapshot);
  CHECK(runner.plane().bound_port("listener-1") == real);
  CHECK(runner.plane().bound_port("listener-tls") == 0);
  CHECK(runner.plane().bound_port("listener-udp") == 0);
  HttpClient client(real);
  CHECK(client.request("/").body == "A");
  CHECK(a.header_seen("X-Forwarded-Port") == std::to_string(listener_port));
}

TEST_CASE("TCP listeners relay bytes to targets in turn", "[proxy]") {
  TestTarget a("A");
  TestTarget b("B");
  PlaneRunner runner;
  std::uint16_t port = free_port();
  proxy::Snapshot snapshot;
  snapshot.target_groups.emplace("tg-tcp", target_group("tg-tcp", {a.port(), b.port()}, false, "TCP"));
  snapshot.listeners.push_back(listener("listener-tcp", port, forward_to({{"tg-tcp", 1}}), "TCP"));
  runner.publish(snapshot);
  std::map<std::string, int> seen;
  for (int i = 0; i < 4; ++i) {
    HttpClient client(port);  // one connection, one target
    auto first = client.request("/", "any");
    auto second = client.request("/", "any");
    REQUIRE(first.status == 200);
    CHECK(second.body == first.body);
    ++seen[first.body];
  }
  CHECK(seen["A"] == 2);
  CHECK(seen["B"] == 2);
  CHECK(a.header_seen("X-Forwarded-For").empty());  // bytes only: no headers added

  snapshot.target_groups["tg-tcp"].targets.clear();
  runner.publish(snapshot);
  HttpClient nobody(port);
  CHECK(nobody.request("/").status == 0);  // no target: the connection is closed

  snapshot.target_groups["tg-tcp"].targets.push_back(ip_target(free_port()));
  runner.publish(snapshot);
  HttpClient unreachable(port);
  CHECK(unreachable.request("/").status == 0);  // the target refuses: so is the client
}

TEST_CASE("stop() closes listener ports and client connections", "[proxy]") {
  TestTarget a("A");
  PlaneRunner runner;
  std::uint16_t port = free_port();
  runner.publish(one_listener(port, {a.port()}));
  HttpClient client(port);
  REQUIRE(client.request("/").status == 200);
  runner.plane().stop();
  CHECK(refused(port));
  CHECK(client.request("/").status == 0);
  runner.publish(one_listener(port, {a.port()}));  // ignored once stopped
  CHECK(runner.plane().bound_port("listener-1") == 0);
  CHECK(refused(port));
}
