// The ALB data plane's rule evaluation: wildcard patterns, host/path/header/method/query-string/source-ip
// conditions, the first matching rule, redirect Location building and health-check code matchers, over
// patterns and requests taken from the input. Input: NUL-separated fields (see below). No crash or sanitizer
// report; a rule is always chosen when the listener has a default rule.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/fields.hpp>

#include "proxy/rule_match.hpp"

using namespace ecsemu;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> f;
  while (f.size() < 12) {
    std::size_t nul = in.find('\0');
    f.push_back(in.substr(0, nul));
    if (nul == std::string_view::npos) {
      in = {};
    } else {
      in.remove_prefix(nul + 1);
    }
  }
  // 0 target, 1 Host, 2 a header value (X-Test), 3 method, 4 source address, 5 pattern, 6 CIDR, 7 query key,
  // 8 query value, 9 redirect path, 10 redirect query, 11 matcher
  std::string_view path, query;
  proxy::split_target(f[0], path, query);
  boost::beast::http::fields headers;
  headers.set("X-Test", f[2]);
  proxy::RequestFacts request;
  request.method = f[3];
  request.host = proxy::host_without_port(f[1]);
  request.path = path;
  request.query = query;
  request.headers = &headers;
  boost::system::error_code ec;
  request.source = boost::asio::ip::make_address(std::string(f[4]), ec);

  const std::string pattern(f[5]);
  proxy::ListenerConfig listener;
  auto rule_with = [&](proxy::RuleCondition condition) {
    proxy::RuleConfig rule;
    rule.priority = static_cast<int>(listener.rules.size()) + 1;
    rule.conditions.push_back(std::move(condition));
    proxy::RuleAction action;
    action.type = "redirect";
    action.redirect_path = std::string(f[9]);
    action.redirect_query = std::string(f[10]);
    rule.actions.push_back(action);
    listener.rules.push_back(std::move(rule));
  };
  rule_with({"host-header", "", {pattern}, {}});
  rule_with({"path-pattern", "", {pattern}, {}});
  rule_with({"http-header", "X-Test", {pattern}, {}});
  rule_with({"http-request-method", "", {std::string(f[3])}, {}});
  rule_with({"query-string", "", {}, {{std::string(f[7]), std::string(f[8])}}});
  rule_with({"source-ip", "", {std::string(f[6])}, {}});
  proxy::RuleConfig fallback;
  fallback.is_default = true;
  proxy::RuleAction fixed;
  fixed.type = "fixed-response";
  fixed.status_code = "404";
  fallback.actions.push_back(fixed);
  listener.rules.push_back(fallback);

  const proxy::RuleConfig* chosen = proxy::select_rule(listener, request);
  if (chosen == nullptr) {
    std::abort();
  }
  if (const proxy::RuleAction* action = proxy::terminal_action(*chosen); action && action->type == "redirect") {
    proxy::RedirectInput redirect{"HTTP", request.host, 80, path, query};
    (void)proxy::redirect_location(*action, redirect);
    (void)proxy::redirect_status(*action);
  }
  (void)proxy::wildcard_match(pattern, f[0], true);
  (void)proxy::cidr_contains(f[6], request.source);
  for (int code : {200, 299, 404, 499}) {
    (void)proxy::matcher_accepts(f[11], code);
  }
  return 0;
}
