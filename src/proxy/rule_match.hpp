#pragma once

// Listener-rule evaluation for the HTTP data plane, as an Application Load Balancer does it: conditions, the
// first matching rule, its terminal action, redirect URLs, and health-check matchers. Pure functions.

#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/fields.hpp>

#include "proxy/lb_snapshot.hpp"

namespace ecsemu::proxy {

// What rules look at in one request. Views into the request, valid while it lives.
struct RequestFacts {
  std::string_view method;
  std::string_view host;   // the Host header without its port
  std::string_view path;   // the request target before '?'
  std::string_view query;  // after '?', without it; empty when none
  const boost::beast::http::fields* headers = nullptr;
  boost::asio::ip::address source;  // the client's address
};

// ALB's wildcard match: '*' is any run of characters, '?' exactly one, '\' makes the next character literal.
// ASCII case-insensitive equality (hosts, header names).
bool iequals(std::string_view a, std::string_view b);

bool wildcard_match(std::string_view pattern, std::string_view text, bool case_insensitive);

// "example.com:8080" -> "example.com"; "[::1]:80" -> "[::1]".
std::string_view host_without_port(std::string_view host);

// Splits a request target into its path and query (without '?'; a '#' fragment is dropped).
void split_target(std::string_view target, std::string_view& path, std::string_view& query);

// "10.0.0.0/8" or "2001:db8::/32" contains address (IPv4-mapped IPv6 addresses count as IPv4).
bool cidr_contains(std::string_view cidr, const boost::asio::ip::address& address);

bool condition_matches(const RuleCondition& condition, const RequestFacts& request);

// The first rule whose conditions all match, in the listener's order, the default rule last; nullptr if none.
const RuleConfig* select_rule(const ListenerConfig& listener, const RequestFacts& request);

// The rule's action that answers the request (forward, fixed-response or redirect) with the lowest order.
const RuleAction* terminal_action(const RuleConfig& rule);

// What redirect placeholders expand to.
struct RedirectInput {
  std::string_view protocol;  // HTTP
  std::string_view host;      // without port
  int port = 0;               // the listener's port
  std::string_view path;      // with its leading '/'
  std::string_view query;     // without '?'
};

// The Location of a redirect action, with #{protocol} #{host} #{port} #{path} #{query} expanded as ALB does.
std::string redirect_location(const RuleAction& action, const RedirectInput& input);
// 301 for HTTP_301, 302 for HTTP_302.
int redirect_status(const RuleAction& action);

// A target group's HttpCode matcher ("200", "200,202", "200-299") accepts code.
bool matcher_accepts(std::string_view matcher, int code);

}  // namespace ecsemu::proxy
