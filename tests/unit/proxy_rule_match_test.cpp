#include <catch2/catch.hpp>

#include "proxy/rule_match.hpp"

using namespace ecsemu::proxy;

namespace {

RuleCondition condition(std::string field, std::vector<std::string> values) {
  RuleCondition c;
  c.field = std::move(field);
  c.values = std::move(values);
  return c;
}

RuleConfig rule(int priority, std::vector<RuleCondition> conditions, std::string fixed_status) {
  RuleConfig r;
  r.priority = priority;
  r.conditions = std::move(conditions);
  RuleAction action;
  action.type = "fixed-response";
  action.status_code = std::move(fixed_status);
  r.actions.push_back(action);
  return r;
}

struct Request {
  boost::beast::http::fields headers;
  RequestFacts facts;
  explicit Request(std::string_view target, std::string_view host = "app.example.com", std::string_view method = "GET",
                   std::string_view source = "10.1.2.3") {
    facts.method = method;
    facts.host = host;
    split_target(target, facts.path, facts.query);
    facts.headers = &headers;
    facts.source = boost::asio::ip::make_address(std::string(source));
  }
};

}  // namespace

TEST_CASE("Wildcards: * is any run, ? one character, \\ makes the next literal", "[proxy]") {
  CHECK(wildcard_match("/api/*", "/api/users/7", false));
  CHECK(wildcard_match("/api/*", "/api/", false));
  CHECK_FALSE(wildcard_match("/api/*", "/ap", false));
  CHECK(wildcard_match("*.example.com", "www.example.com", true));
  CHECK_FALSE(wildcard_match("*.example.com", "example.com", true));
  CHECK(wildcard_match("/v?/x", "/v1/x", false));
  CHECK_FALSE(wildcard_match("/v?/x", "/v12/x", false));
  CHECK(wildcard_match("a*b*c", "aXXbYYbZc", false));
  CHECK_FALSE(wildcard_match("a*b*c", "aXXbYY", false));
  CHECK(wildcard_match("*", "", false));
  CHECK(wildcard_match("what\\?", "what?", false));
  CHECK_FALSE(wildcard_match("what\\?", "whatx", false));
  CHECK(wildcard_match("WWW.Example.COM", "www.example.com", true));
  CHECK_FALSE(wildcard_match("/API", "/api", false));
}

TEST_CASE("Host header and target are split as rules see them", "[proxy]") {
  CHECK(host_without_port("app.example.com:8080") == "app.example.com");
  CHECK(host_without_port("app.example.com") == "app.example.com");
  CHECK(host_without_port("[::1]:80") == "[::1]");
  std::string_view path;
  std::string_view query;
  split_target("/a/b?x=1&y=2#frag", path, query);
  CHECK(path == "/a/b");
  CHECK(query == "x=1&y=2");
  split_target("/plain", path, query);
  CHECK(path == "/plain");
  CHECK(query.empty());
}

TEST_CASE("host-header matches case-insensitively with wildcards", "[proxy]") {
  Request req("/", "Api.Example.COM");
  CHECK(condition_matches(condition("host-header", {"api.example.com"}), req.facts));
  CHECK(condition_matches(condition("host-header", {"other.com", "*.example.com"}), req.facts));
  CHECK_FALSE(condition_matches(condition("host-header", {"www.example.com"}), req.facts));
}

TEST_CASE("path-pattern matches the path only, case-sensitively", "[proxy]") {
  Request req("/images/cat.png?size=big");
  CHECK(condition_matches(condition("path-pattern", {"/images/*"}), req.facts));
  CHECK(condition_matches(condition("path-pattern", {"*.png"}), req.facts));
  CHECK_FALSE(condition_matches(condition("path-pattern", {"*big"}), req.facts));
  CHECK_FALSE(condition_matches(condition("path-pattern", {"/IMAGES/*"}), req.facts));
}

TEST_CASE("http-header matches a named header's value", "[proxy]") {
  Request req("/");
  req.headers.set("User-Agent", "Mozilla/5.0 (iPhone)");
  auto c = condition("http-header", {"*iphone*"});
  c.http_header_name = "user-agent";
  CHECK(condition_matches(c, req.facts));
  c.values = {"*android*"};
  CHECK_FALSE(condition_matches(c, req.facts));
  c.http_header_name = "X-Missing";
  c.values = {"*"};
  CHECK_FALSE(condition_matches(c, req.facts));
}

TEST_CASE("http-request-method matches exactly", "[proxy]") {
  Request req("/", "h", "POST");
  CHECK(condition_matches(condition("http-request-method", {"GET", "POST"}), req.facts));
  CHECK_FALSE(condition_matches(condition("http-request-method", {"GET"}), req.facts));
  CHECK_FALSE(condition_matches(condition("http-request-method", {"post"}), req.facts));
}

TEST_CASE("query-string matches key/value pairs or values, decoded and case-insensitive", "[proxy]") {
  Request req("/search?Version=V1&q=hello%20world&flag");
  RuleCondition c;
  c.field = "query-string";
  c.query = {{"version", "v1"}};
  CHECK(condition_matches(c, req.facts));
  c.query = {{"version", "v2"}};
  CHECK_FALSE(condition_matches(c, req.facts));
  c.query = {{"version", "v2"}, {"", "hello world"}};
  CHECK(condition_matches(c, req.facts));
  c.query = {{"", "flag"}};
  CHECK(condition_matches(c, req.facts));
  c.query = {{"q", "*wor?d"}};
  CHECK(condition_matches(c, req.facts));
  Request none("/search");
  CHECK_FALSE(condition_matches(c, none.facts));
}

TEST_CASE("source-ip matches the client's address against CIDRs", "[proxy]") {
  Request req("/", "h", "GET", "192.168.10.20");
  CHECK(condition_matches(condition("source-ip", {"192.168.0.0/16"}), req.facts));
  CHECK(condition_matches(condition("source-ip", {"10.0.0.0/8", "192.168.10.20/32"}), req.facts));
  CHECK_FALSE(condition_matches(condition("source-ip", {"192.168.11.0/24"}), req.facts));
  CHECK_FALSE(condition_matches(condition("source-ip", {"2001:db8::/32"}), req.facts));
  CHECK_FALSE(condition_matches(condition("source-ip", {"garbage"}), req.facts));
  CHECK(cidr_contains("192.168.10.16/28", boost::asio::ip::make_address("::ffff:192.168.10.20")));
  CHECK(cidr_contains("2001:db8::/32", boost::asio::ip::make_address("2001:db8:1::5")));
  CHECK_FALSE(cidr_contains("10.0.0.0/33", boost::asio::ip::make_address("10.0.0.1")));
  CHECK(cidr_contains("10.0.0.0/7", boost::asio::ip::make_address("11.255.0.1")));
}

TEST_CASE("Rules are evaluated in order, all conditions must match, the default rule comes last", "[proxy]") {
  ListenerConfig listener;
  RuleConfig fallback = rule(0, {}, "404");
  fallback.is_default = true;
  listener.rules.push_back(fallback);  // out of place on purpose: it still applies only when nothing else does
  listener.rules.push_back(
      rule(1, {condition("path-pattern", {"/api/*"}), condition("http-request-method", {"POST"})}, "201"));
  listener.rules.push_back(rule(2, {condition("path-pattern", {"/api/*"})}, "200"));
  listener.rules.push_back(rule(3, {condition("path-pattern", {"*"})}, "202"));

  auto status_for = [&](std::string_view target, std::string_view method) {
    Request req(target, "h", method);
    const RuleConfig* chosen = select_rule(listener, req.facts);
    REQUIRE(chosen != nullptr);
    return terminal_action(*chosen)->status_code;
  };
  CHECK(status_for("/api/x", "POST") == "201");
  CHECK(status_for("/api/x", "GET") == "200");
  CHECK(status_for("/other", "GET") == "202");
  listener.rules.pop_back();
  CHECK(status_for("/other", "GET") == "404");
  listener.rules.erase(listener.rules.begin());
  Request req("/other");
  CHECK(select_rule(listener, req.facts) == nullptr);
}

TEST_CASE("A rule's terminal action is its lowest-ordered forward, fixed-response or redirect", "[proxy]") {
  RuleConfig r;
  RuleAction auth;
  auth.type = "authenticate-oidc";
  auth.order = 1;
  RuleAction redirect;
  redirect.type = "redirect";
  redirect.order = 3;
  RuleAction forward;
  forward.type = "forward";
  forward.order = 2;
  r.actions = {auth, redirect, forward};
  REQUIRE(terminal_action(r) != nullptr);
  CHECK(terminal_action(r)->type == "forward");
  r.actions = {auth};
  CHECK(terminal_action(r) == nullptr);
}

TEST_CASE("Redirect placeholders expand as ALB's do", "[proxy]") {
  RedirectInput input{"HTTP", "app.example.com", 80, "/a/b", "x=1"};
  RuleAction keep;
  keep.type = "redirect";
  CHECK(redirect_location(keep, input) == "http://app.example.com:80/a/b?x=1");
  CHECK(redirect_status(keep) == 301);

  RuleAction https = keep;
  https.redirect_protocol = "HTTPS";
  https.redirect_port = "443";
  https.redirect_status = "HTTP_302";
  CHECK(redirect_location(https, input) == "https://app.example.com:443/a/b?x=1");
  CHECK(redirect_status(https) == 302);

  RuleAction moved = keep;
  moved.redirect_host = "new.#{host}";
  moved.redirect_path = "/v2/#{path}";
  moved.redirect_query = "#{query}&from=#{port}";
  CHECK(redirect_location(moved, input) == "http://new.app.example.com:80/v2/a/b?x=1&from=80");

  RuleAction no_query = keep;
  no_query.redirect_path = "fixed";
  RedirectInput plain{"HTTP", "h", 8080, "/", ""};
  CHECK(redirect_location(no_query, plain) == "http://h:8080/fixed");
  CHECK(redirect_location(keep, plain) == "http://h:8080/");
}

TEST_CASE("Health-check matchers take codes, lists and ranges", "[proxy]") {
  CHECK(matcher_accepts("200", 200));
  CHECK_FALSE(matcher_accepts("200", 201));
  CHECK(matcher_accepts("200,202", 202));
  CHECK_FALSE(matcher_accepts("200,202", 201));
  CHECK(matcher_accepts("200-299", 250));
  CHECK_FALSE(matcher_accepts("200-299", 300));
  CHECK(matcher_accepts("200, 301-302", 302));
  CHECK_FALSE(matcher_accepts("junk", 200));
  CHECK_FALSE(matcher_accepts("", 200));
}
