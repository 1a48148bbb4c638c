// Listeners: Create/Describe/Modify/Delete. A listener's default actions live in its default rule.
// HTTPS and TLS listeners accept and keep certificates and an SSL policy; the ecsemu data plane does not
// terminate TLS.
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/elbv2/elbv2_handlers.hpp"
#include "services/elbv2/elbv2_plane.hpp"
#include "services/elbv2/elbv2_views.hpp"
#include "state/world.hpp"

namespace ecsemu::elbv2 {

namespace json = boost::json;
using namespace aws::members;

namespace {

bool is_tls(std::string_view p) { return p == "HTTPS" || p == "TLS"; }

void check_protocol(const LoadBalancer& lb, std::string_view protocol) {
  bool ok = lb.type == "application"
                ? (protocol == "HTTP" || protocol == "HTTPS")
                : (protocol == "TCP" || protocol == "TLS" || protocol == "UDP" || protocol == "TCP_UDP");
  if (!ok) {
    validation(fmt::format("Listener protocol '{}' must be one of '{}'", protocol,
                           lb.type == "application" ? "HTTP, HTTPS" : "UDP, TCP, TLS, TCP_UDP"));
  }
}

// Network Load Balancer listeners forward to groups of a matching protocol.
void check_group_protocols(const Elbv2State& state, const LoadBalancer& lb, std::string_view protocol,
                           const std::vector<Action>& actions) {
  if (lb.type != "network") {
    return;
  }
  for (const auto& a : actions) {
    for (const auto& fg : a.forward) {
      const TargetGroup& g = state.target_groups.at(fg.arn);
      bool ok = (protocol == "TCP" && (g.protocol == "TCP" || g.protocol == "TCP_UDP")) ||
                (protocol == "TLS" && (g.protocol == "TCP" || g.protocol == "TLS")) ||
                (protocol == "UDP" && (g.protocol == "UDP" || g.protocol == "TCP_UDP")) ||
                (protocol == "TCP_UDP" && g.protocol == "TCP_UDP");
      if (!ok) {
        throw aws::ServiceError("IncompatibleProtocolsException",
                                fmt::format("The listener protocol '{}' is not compatible with the protocol '{}' of "
                                            "target group '{}'",
                                            protocol, g.protocol, g.arn));
      }
    }
  }
}

std::vector<Certificate> parse_certificates(const json::object& input) {
  std::vector<Certificate> out;
  if (const auto* arr = array_member(input, "Certificates")) {
    for (const auto& c : *arr) {
      std::string arn(string_member(c.as_object(), "CertificateArn"));
      check_certificate_arn(arn);
      out.push_back({arn, true});
    }
  }
  if (out.size() > 1) {
    throw aws::ServiceError("TooManyCertificatesException",
                            "Only one default certificate can be specified for a listener");
  }
  return out;
}

// Certificates, SSL policy and ALPN policy of a listener with the given protocol.
void apply_tls(const json::object& input, Listener& l, bool protocol_changed) {
  bool tls = is_tls(l.protocol);
  if (has_member(input, "Certificates")) {
    if (!tls) {
      throw aws::ServiceError("ValidationError",
                              fmt::format("Certificates cannot be specified for {} listeners", l.protocol));
    }
    // The given certificate replaces the default one; certificates added with AddListenerCertificates stay.
    std::vector<Certificate> certs = parse_certificates(input);
    std::erase_if(l.certificates, [](const Certificate& c) { return c.is_default; });
    l.certificates.insert(l.certificates.begin(), certs.begin(), certs.end());
  }
  if (has_member(input, "SslPolicy")) {
    std::string policy(string_member(input, "SslPolicy"));
    if (!tls) {
      validation(fmt::format("An SSL policy cannot be specified for {} listeners", l.protocol));
    }
    if (!known_ssl_policy(policy)) {
      throw aws::ServiceError("SSLPolicyNotFoundException", fmt::format("SSL policy '{}' not found", policy));
    }
    l.ssl_policy = policy;
  }
  if (has_member(input, "AlpnPolicy")) {
    std::vector<std::string> alpn = string_list(input, "AlpnPolicy");
    static const std::vector<std::string> kAlpn{"HTTP1Only", "HTTP2Only", "HTTP2Optional", "HTTP2Preferred", "None"};
    if (l.protocol != "TLS") {
      validation("An ALPN policy can only be specified for TLS listeners");
    }
    if (alpn.size() > 1 || (alpn.size() == 1 && std::find(kAlpn.begin(), kAlpn.end(), alpn[0]) == kAlpn.end())) {
      throw aws::ServiceError("ALPNPolicyNotSupportedException",
                              fmt::format("ALPN policy '{}' is not supported", alpn.empty() ? "" : alpn[0]));
    }
    l.alpn_policy = alpn;
  }
  if (tls) {
    if (std::none_of(l.certificates.begin(), l.certificates.end(), [](const Certificate& c) { return c.is_default; })) {
      throw aws::ServiceError("InvalidConfigurationRequestException",
                              fmt::format("You must provide a list containing exactly one certificate if the "
                                          "listener protocol is {}.",
                                          l.protocol));
    }
    if (l.ssl_policy.empty()) {
      l.ssl_policy = std::string(kDefaultSslPolicy);
    }
  } else if (protocol_changed) {
    l.certificates.clear();
    l.ssl_policy.clear();
    l.alpn_policy.clear();
  }
  if (has_member(input, "MutualAuthentication")) {
    const auto& m = input.at("MutualAuthentication").as_object();
    if (string_member(m, "Mode", "off") != "off") {
      validation("Mutual TLS authentication is not supported by ecsemu");
    }
  }
}

void check_port(const Elbv2State& state, const Listener& l) {
  if (l.port < 1 || l.port > 65535) {
    validation("Listener port must be between 1 and 65535");
  }
  for (const auto& [arn, other] : state.listeners) {
    if (arn != l.arn && other.load_balancer_arn == l.load_balancer_arn && other.port == l.port) {
      throw aws::ServiceError(
          "DuplicateListenerException",
          fmt::format("A listener already exists on port {} of load balancer '{}'", l.port, l.load_balancer_arn));
    }
  }
}

std::string suffix_after(std::string_view arn, std::string_view marker) {
  auto pos = arn.find(marker);
  return pos == std::string_view::npos ? std::string() : std::string(arn.substr(pos + marker.size()));
}

}  // namespace

void check_certificate_arn(std::string_view arn) {
  bool shaped = arn.rfind("arn:aws:acm:", 0) == 0 || arn.rfind("arn:aws:iam::", 0) == 0;
  if (!shaped) {
    throw aws::ServiceError("CertificateNotFoundException", fmt::format("Certificate '{}' not found", arn));
  }
}

json::value create_listener(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  LoadBalancer& lb = require_load_balancer(state, string_member(input, "LoadBalancerArn"));
  Listener l;
  l.load_balancer_arn = lb.arn;
  if (!has_member(input, "Protocol")) {
    validation("A listener protocol must be specified");
  }
  if (!has_member(input, "Port")) {
    validation("A listener port must be specified");
  }
  l.protocol = std::string(string_member(input, "Protocol"));
  check_protocol(lb, l.protocol);
  l.port = static_cast<int>(int_member(input, "Port").value_or(0));
  check_port(state, l);
  long count = std::count_if(state.listeners.begin(), state.listeners.end(),
                             [&](const auto& p) { return p.second.load_balancer_arn == lb.arn; });
  if (count >= kMaxListenersPerLoadBalancer) {
    throw aws::ServiceError("TooManyListenersException",
                            fmt::format("A load balancer can have at most {} listeners", kMaxListenersPerLoadBalancer));
  }
  apply_tls(input, l, false);
  std::vector<Action> actions = parse_actions(state, lb, *array_member(input, "DefaultActions"));
  check_group_protocols(state, lb, l.protocol, actions);
  check_group_association(state, lb, actions);
  add_tags(l.tags, parse_tags(input));
  std::string lb_part = suffix_after(lb.arn, ":loadbalancer/");
  l.arn =
      fmt::format("arn:aws:elasticloadbalancing:{}:{}:listener/{}/{}", ctx.region, ctx.account_id, lb_part, arn_id());
  l.seq = next_seq();
  Rule rule;
  rule.listener_arn = l.arn;
  rule.is_default = true;
  rule.actions = std::move(actions);
  rule.arn = fmt::format("arn:aws:elasticloadbalancing:{}:{}:listener-rule/{}/{}", ctx.region, ctx.account_id,
                         suffix_after(l.arn, ":listener/"), arn_id());
  l.default_rule_arn = rule.arn;
  state.rules.emplace(rule.arn, std::move(rule));
  const Listener& stored = state.listeners.emplace(l.arn, std::move(l)).first->second;
  json::object out{{"Listeners", json::array{listener_json(state, stored)}}};
  mark_snapshot_changed(ctx);
  return out;
}

json::value describe_listeners(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  std::vector<std::string> arns = string_list(input, "ListenerArns");
  std::string lb_arn(string_member(input, "LoadBalancerArn"));
  if (arns.empty() == lb_arn.empty()) {
    validation("You must specify either listener ARNs or a load balancer ARN");
  }
  Page page = parse_page(input);
  std::vector<const Listener*> found;
  if (!arns.empty()) {
    for (const auto& arn : arns) {
      found.push_back(&require_listener(state, arn));
    }
  } else {
    require_load_balancer(state, lb_arn);
    for (const auto& [arn, l] : state.listeners) {
      if (l.load_balancer_arn == lb_arn) {
        found.push_back(&l);
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const auto* a, const auto* b) { return a->seq < b->seq; });
  found.erase(std::unique(found.begin(), found.end()), found.end());
  json::array out;
  json::object result;
  for (const Listener* l : found) {
    if (l->seq <= page.after) {
      continue;
    }
    if (out.size() == page.size) {
      result["NextMarker"] = next_marker(page.after);
      break;
    }
    out.push_back(listener_json(state, *l));
    page.after = l->seq;
  }
  result["Listeners"] = std::move(out);
  return result;
}

json::value modify_listener(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  Listener& current = require_listener(state, string_member(input, "ListenerArn"));
  const LoadBalancer& lb = require_load_balancer(state, current.load_balancer_arn);
  Listener l = current;
  bool protocol_changed = false;
  if (has_member(input, "Protocol")) {
    std::string protocol(string_member(input, "Protocol"));
    check_protocol(lb, protocol);
    protocol_changed = protocol != l.protocol;
    l.protocol = protocol;
  }
  if (auto port = int_member(input, "Port")) {
    l.port = static_cast<int>(*port);
  }
  check_port(state, l);
  apply_tls(input, l, protocol_changed);
  Rule& rule = require_rule(state, l.default_rule_arn);
  std::vector<Action> actions = rule.actions;
  if (const auto* arr = array_member(input, "DefaultActions")) {
    actions = parse_actions(state, lb, *arr);
  }
  check_group_protocols(state, lb, l.protocol, actions);
  check_group_association(state, lb, actions);
  rule.actions = std::move(actions);
  current = std::move(l);
  json::object out{{"Listeners", json::array{listener_json(state, current)}}};
  mark_snapshot_changed(ctx);
  return out;
}

json::value delete_listener(aws::RequestContext& ctx, const json::object& input) {
  Elbv2State& state = ctx.store().elbv2;
  Listener& l = require_listener(state, string_member(input, "ListenerArn"));
  std::string arn = l.arn;
  std::erase_if(state.rules, [&](const auto& r) { return r.second.listener_arn == arn; });
  state.listeners.erase(arn);
  mark_snapshot_changed(ctx);
  return json::object{};
}

}  // namespace ecsemu::elbv2
