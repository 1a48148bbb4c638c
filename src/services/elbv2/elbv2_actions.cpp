// Listener and rule actions and rule conditions: input -> model, with AWS's checks.
#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_cidr.hpp"
#include "services/elbv2/elbv2_handlers.hpp"

namespace ecsemu::elbv2 {

namespace json = boost::json;
using namespace aws::members;

namespace {

[[noreturn]] void invalid_action(std::string message) {
  throw aws::ServiceError("InvalidLoadBalancerActionException", std::move(message));
}

bool is_http_protocol(std::string_view p) { return p == "HTTP" || p == "HTTPS"; }

// The target group an action forwards to: it exists and the load balancer can use it.
void check_forward_group(const Elbv2State& state, const LoadBalancer& lb, std::string_view arn) {
  auto it = state.target_groups.find(std::string(arn));
  if (it == state.target_groups.end()) {
    throw aws::ServiceError("TargetGroupNotFoundException", fmt::format("Target group '{}' not found", arn));
  }
  const TargetGroup& g = it->second;
  if (lb.type == "application") {
    if (g.target_type != "lambda" && !is_http_protocol(g.protocol)) {
      throw aws::ServiceError("IncompatibleProtocolsException",
                              fmt::format("The target group '{}' uses protocol '{}', which an Application Load "
                                          "Balancer cannot forward to",
                                          arn, g.protocol));
    }
  } else if (is_http_protocol(g.protocol) || g.target_type == "lambda") {
    throw aws::ServiceError("IncompatibleProtocolsException",
                            fmt::format("The target group '{}' uses protocol '{}', which a Network Load Balancer "
                                        "cannot forward to",
                                        arn, g.protocol.empty() ? g.target_type : g.protocol));
  }
  if (!g.vpc_id.empty() && g.vpc_id != lb.vpc_id) {
    throw aws::ServiceError("InvalidConfigurationRequestException",
                            fmt::format("The target group '{}' is in VPC '{}', not in the load balancer's VPC '{}'",
                                        arn, g.vpc_id, lb.vpc_id));
  }
}

Action parse_forward(const Elbv2State& state, const LoadBalancer& lb, const json::object& o, Action a) {
  std::string single(string_member(o, "TargetGroupArn"));
  const auto* config = o.if_contains("ForwardConfig");
  if (config != nullptr && config->is_object()) {
    const auto& c = config->as_object();
    const auto* groups = array_member(c, "TargetGroups");
    if (groups != nullptr) {
      for (const auto& g : *groups) {
        const auto& go = g.as_object();
        WeightedGroup wg{std::string(string_member(go, "TargetGroupArn")),
                         static_cast<int>(int_member(go, "Weight").value_or(1))};
        if (wg.arn.empty()) {
          validation("A target group ARN must be specified for each target group in a forward action");
        }
        if (wg.weight < 0 || wg.weight > 999) {
          validation("Target group weights must be between 0 and 999");
        }
        if (std::any_of(a.forward.begin(), a.forward.end(), [&](const auto& x) { return x.arn == wg.arn; })) {
          validation(fmt::format("Target group '{}' is specified more than once in the forward action", wg.arn));
        }
        a.forward.push_back(std::move(wg));
      }
    }
    if (const auto* st = c.if_contains("TargetGroupStickinessConfig"); st != nullptr && st->is_object()) {
      const auto* enabled = st->as_object().if_contains("Enabled");
      a.stickiness_enabled = enabled != nullptr && enabled->is_bool() && enabled->as_bool();
      a.stickiness_duration = int_member(st->as_object(), "DurationSeconds");
      if (a.stickiness_duration && (*a.stickiness_duration < 1 || *a.stickiness_duration > 604800)) {
        validation("The target group stickiness duration must be between 1 and 604800 seconds");
      }
    }
    if (!single.empty() && (a.forward.size() != 1 || a.forward.front().arn != single)) {
      validation("You cannot specify both a target group ARN and a target group list with different target groups");
    }
  }
  if (a.forward.empty()) {
    if (single.empty()) {
      validation("A target group ARN must be specified for a forward action");
    }
    a.forward.push_back({single, 1});
  }
  int limit = lb.type == "network" ? 1 : kMaxGroupsPerForward;
  if (static_cast<int>(a.forward.size()) > limit) {
    throw aws::ServiceError("TooManyTargetGroupsException",
                            fmt::format("A forward action can have at most {} target groups", limit));
  }
  for (const auto& g : a.forward) {
    check_forward_group(state, lb, g.arn);
  }
  return a;
}

Action parse_fixed_response(const json::object& o, Action a) {
  const auto* config = o.if_contains("FixedResponseConfig");
  if (config == nullptr || !config->is_object()) {
    validation("A fixed-response action requires a FixedResponseConfig");
  }
  const auto& c = config->as_object();
  a.status_code = std::string(string_member(c, "StatusCode"));
  bool code_ok = a.status_code.size() == 3 &&
                 (a.status_code[0] == '2' || a.status_code[0] == '4' || a.status_code[0] == '5') &&
                 std::isdigit(static_cast<unsigned char>(a.status_code[1])) != 0 &&
                 std::isdigit(static_cast<unsigned char>(a.status_code[2])) != 0;
  if (!code_ok) {
    validation(
        fmt::format("The fixed-response status code '{}' is not valid: it must be 2XX, 4XX or 5XX", a.status_code));
  }
  if (has_member(c, "ContentType")) {
    std::string type(string_member(c, "ContentType"));
    static const std::set<std::string> kTypes{"text/plain", "text/css", "text/html", "application/javascript",
                                              "application/json"};
    if (kTypes.count(type) == 0) {
      invalid_action(
          fmt::format("The content type '{}' is not valid: use text/plain, text/css, text/html, "
                      "application/javascript or application/json",
                      type));
    }
    a.content_type = type;
  }
  if (has_member(c, "MessageBody")) {
    a.message_body = std::string(string_member(c, "MessageBody"));
    if (a.message_body->size() > 1024) {
      validation("The fixed-response message body cannot be longer than 1024 characters");
    }
  }
  return a;
}

Action parse_redirect(const json::object& o, Action a) {
  const auto* config = o.if_contains("RedirectConfig");
  if (config == nullptr || !config->is_object()) {
    validation("A redirect action requires a RedirectConfig");
  }
  const auto& c = config->as_object();
  a.redirect_status = std::string(string_member(c, "StatusCode"));
  a.redirect_protocol = std::string(string_member(c, "Protocol", a.redirect_protocol));
  a.redirect_host = std::string(string_member(c, "Host", a.redirect_host));
  a.redirect_port = std::string(string_member(c, "Port", a.redirect_port));
  a.redirect_path = std::string(string_member(c, "Path", a.redirect_path));
  a.redirect_query = std::string(string_member(c, "Query", a.redirect_query));
  if (a.redirect_protocol != "HTTP" && a.redirect_protocol != "HTTPS" && a.redirect_protocol != "#{protocol}") {
    validation(
        fmt::format("The redirect protocol '{}' is not valid: use HTTP, HTTPS or #{{protocol}}", a.redirect_protocol));
  }
  if (a.redirect_port != "#{port}") {
    long port = 0;
    bool digits = !a.redirect_port.empty() && a.redirect_port.size() <= 5 &&
                  std::all_of(a.redirect_port.begin(), a.redirect_port.end(),
                              [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; });
    if (digits) {
      port = std::stol(a.redirect_port);
    }
    if (port < 1 || port > 65535) {
      validation(fmt::format("The redirect port '{}' is not valid: use 1-65535 or #{{port}}", a.redirect_port));
    }
  }
  if (a.redirect_path.empty() || a.redirect_path.front() != '/') {
    validation("The redirect path must start with '/'");
  }
  if (a.redirect_host.empty() || a.redirect_query.size() > 128 || a.redirect_host.size() > 128 ||
      a.redirect_path.size() > 128) {
    validation("The redirect host, path and query must be 1-128 characters");
  }
  if (a.redirect_protocol == "#{protocol}" && a.redirect_host == "#{host}" && a.redirect_port == "#{port}" &&
      a.redirect_path == "/#{path}" && a.redirect_query == "#{query}") {
    invalid_action("The redirect configuration is not valid because it creates a loop");
  }
  return a;
}

bool host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '*' || c == '?';
}

bool path_char(char c) {
  static constexpr std::string_view kExtra = "_-.$/~\"'@:+&*?";
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || kExtra.find(c) != std::string_view::npos;
}

// AWS's checks of a condition's values, in its words: at least one value, each at most 128 characters, of the
// allowed characters.
void check_values(std::string_view field, const std::vector<std::string>& values, bool (*ok)(char)) {
  if (values.empty()) {
    if (field == "host-header" || field == "path-pattern") {
      validation("A condition value must be specified");
    }
    validation(fmt::format("A '{}' value must be specified", field));
  }
  for (const auto& v : values) {
    if (v.empty()) {
      validation(fmt::format("A '{}' value must be specified", field));
    }
    if (v.size() > 128) {
      validation(fmt::format("The '{}' value is too long; the limit is '128'", field));
    }
    if (ok != nullptr && !std::all_of(v.begin(), v.end(), ok)) {
      validation(fmt::format("The '{}' condition value '{}' contains characters that are not allowed", field, v));
    }
  }
}

Condition parse_condition(const json::object& o) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kConfigs{
      {"host-header", "HostHeaderConfig"},   {"path-pattern", "PathPatternConfig"},
      {"http-header", "HttpHeaderConfig"},   {"http-request-method", "HttpRequestMethodConfig"},
      {"query-string", "QueryStringConfig"}, {"source-ip", "SourceIpConfig"},
  };
  Condition c;
  c.field = std::string(string_member(o, "Field"));
  std::string config_name;
  for (const auto& [field, name] : kConfigs) {
    if (has_member(o, name)) {
      if (!config_name.empty()) {
        validation("A condition can have only one condition configuration");
      }
      config_name = std::string(name);
      if (c.field.empty()) {
        c.field = std::string(field);
      } else if (c.field != field) {
        validation(fmt::format("The condition configuration '{}' does not match the field '{}'", name, c.field));
      }
    }
  }
  bool known = std::any_of(kConfigs.begin(), kConfigs.end(), [&](const auto& p) { return p.first == c.field; });
  if (!known) {
    validation(
        fmt::format("The condition field '{}' is not valid: use host-header, path-pattern, http-header, "
                    "http-request-method, query-string or source-ip",
                    c.field));
  }
  if (has_member(o, "RegexValues")) {
    validation("Regular-expression condition values are not supported by ecsemu");
  }
  bool has_values = has_member(o, "Values");
  if (has_values && !config_name.empty()) {
    validation(fmt::format("A '{}' condition cannot have both Values and {}", c.field, config_name));
  }
  if (config_name.empty()) {
    if (c.field != "host-header" && c.field != "path-pattern") {
      auto cfg = std::find_if(kConfigs.begin(), kConfigs.end(), [&](const auto& p) { return p.first == c.field; });
      validation(fmt::format("A '{}' must be specified with '{}'", cfg->second, c.field));
    }
    c.legacy = true;
    c.values = string_list(o, "Values");
    // Values carries a single host name or path pattern; more take the condition configuration.
    if (c.values.size() > 1) {
      validation(fmt::format("The '{}' field contains too many values; the limit is '1'", c.field));
    }
  } else {
    const auto& cfg = o.at(config_name).as_object();
    if (has_member(cfg, "RegexValues")) {
      validation("Regular-expression condition values are not supported by ecsemu");
    }
    if (c.field == "query-string") {
      if (const auto* arr = array_member(cfg, "Values")) {
        for (const auto& kv : *arr) {
          const auto& kvo = kv.as_object();
          std::string key(string_member(kvo, "Key"));
          std::string value(string_member(kvo, "Value"));
          if (key.size() > 128) {
            validation("The 'Key' value is too long; the limit is '128'");
          }
          if (value.empty()) {
            validation("A 'Value' must be specified in 'QueryStringKeyValuePair'");
          }
          if (value.size() > 128) {
            validation("The 'Value' value is too long; the limit is '128'");
          }
          c.query.emplace_back(std::move(key), std::move(value));
        }
      }
      if (c.query.empty()) {
        validation("A 'query-string' value must be specified");
      }
    } else {
      c.values = string_list(cfg, "Values");
      if (c.field == "http-header") {
        c.header_name = std::string(string_member(cfg, "HttpHeaderName"));
        if (c.header_name.empty()) {
          validation("A 'HttpHeaderName' must be specified in 'HttpHeaderConfig'");
        }
        if (c.header_name.size() > 40) {
          validation("The 'HttpHeaderName' value is too long; the limit is '40'");
        }
      }
    }
  }
  if (c.field == "host-header") {
    check_values(c.field, c.values, &host_char);
  } else if (c.field == "path-pattern") {
    check_values(c.field, c.values, &path_char);
  } else if (c.field == "http-request-method") {
    check_values(c.field, c.values, nullptr);
    for (const auto& v : c.values) {
      if (v.size() > 40) {
        validation("The 'http-request-method' value is too long; the limit is '40'");
      }
      if (!std::all_of(v.begin(), v.end(),
                       [](char ch) { return (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '-'; })) {
        validation("The 'http-request-method' value is invalid; the allowed characters are A-Z, hyphen and underscore");
      }
    }
  } else if (c.field == "source-ip") {
    check_values(c.field, c.values, nullptr);
    for (const auto& v : c.values) {
      if (!ec2::parse_cidr(v)) {
        validation(fmt::format("The source-ip value '{}' is not a valid CIDR block", v));
      }
    }
  } else if (c.field == "http-header") {
    check_values(c.field, c.values, nullptr);
  }
  return c;
}

}  // namespace

std::vector<Action> parse_actions(const Elbv2State& state, const LoadBalancer& lb, const json::array& actions) {
  if (actions.empty()) {
    validation("At least one action must be specified");
  }
  std::vector<Action> out;
  std::set<int> orders;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const auto& o = actions[i].as_object();
    Action a;
    a.type = std::string(string_member(o, "Type"));
    a.order = static_cast<int>(int_member(o, "Order").value_or(static_cast<long>(i + 1)));
    if (a.order < 1 || a.order > 50000) {
      validation("Action order must be between 1 and 50000");
    }
    if (!orders.insert(a.order).second) {
      validation(fmt::format("Action order '{}' is used by more than one action", a.order));
    }
    if (a.type == "forward") {
      out.push_back(parse_forward(state, lb, o, std::move(a)));
    } else if (a.type == "fixed-response" || a.type == "redirect") {
      if (lb.type != "application") {
        invalid_action(fmt::format("The action type '{}' is not supported by Network Load Balancers", a.type));
      }
      out.push_back(a.type == "redirect" ? parse_redirect(o, std::move(a)) : parse_fixed_response(o, std::move(a)));
    } else {
      invalid_action(
          fmt::format("The action type '{}' is not supported by ecsemu (forward, fixed-response and "
                      "redirect are)",
                      a.type));
    }
  }
  if (out.size() > 1) {
    throw aws::ServiceError("TooManyActionsException",
                            "A rule or listener can have only one forward, fixed-response or redirect action");
  }
  std::sort(out.begin(), out.end(), [](const Action& x, const Action& y) { return x.order < y.order; });
  return out;
}

std::vector<Condition> parse_conditions(const json::array& conditions) {
  if (conditions.empty()) {
    validation("A rule must have at least one condition");
  }
  std::vector<Condition> out;
  std::size_t values = 0;
  std::set<std::string> singles;
  std::set<std::string> headers;
  for (const auto& item : conditions) {
    Condition c = parse_condition(item.as_object());
    if (c.field == "http-header") {
      std::string lower = c.header_name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      if (!headers.insert(lower).second) {
        validation(fmt::format("A rule can only have one 'http-header' condition for header '{}'", c.header_name));
      }
    } else if (c.field != "query-string" && !singles.insert(c.field).second) {
      validation(fmt::format("A rule can only have one '{}' condition", c.field));
    }
    values += c.field == "query-string" ? c.query.size() : c.values.size();
    out.push_back(std::move(c));
  }
  if (values > static_cast<std::size_t>(kMaxConditionValuesPerRule)) {
    validation(fmt::format("A rule can only have '{}' condition values", kMaxConditionValuesPerRule));
  }
  return out;
}

void check_group_association(const Elbv2State& state, const LoadBalancer& lb, const std::vector<Action>& actions) {
  for (const auto& a : actions) {
    for (const auto& g : a.forward) {
      for (const auto& other : load_balancers_of(state, g.arn)) {
        if (other != lb.arn) {
          throw aws::ServiceError("TargetGroupAssociationLimitException",
                                  fmt::format("The following target groups cannot be associated with more than one "
                                              "load balancer: {}",
                                              g.arn));
        }
      }
    }
  }
}

}  // namespace ecsemu::elbv2
