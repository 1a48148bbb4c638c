#include "proxy/rule_match.hpp"

#include "ecsemu/url_coding.hpp"
#include "ecsemu/wildcard.hpp"

#include <array>
#include <charconv>
#include <cstdint>

namespace ecsemu::proxy {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool any_pattern_matches(const std::vector<std::string>& patterns, std::string_view text, bool case_insensitive) {
  for (const auto& pattern : patterns) {
    if (wildcard_match(pattern, text, case_insensitive)) {
      return true;
    }
  }
  return false;
}

bool query_matches(const RuleCondition& condition, std::string_view query) {
  // Each wanted pair is satisfied by one parameter; any satisfied pair satisfies the condition.
  for (const auto& [key, value] : condition.query) {
    std::string_view rest = query;
    while (!rest.empty()) {
      std::size_t amp = rest.find('&');
      std::string_view param = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (param.empty()) {
        continue;
      }
      std::size_t eq = param.find('=');
      std::string param_key = eq == std::string_view::npos ? std::string() : url_decode(param.substr(0, eq));
      std::string param_value = url_decode(eq == std::string_view::npos ? param : param.substr(eq + 1));
      bool key_ok = key.empty() || wildcard_match(key, param_key, true);
      if (key_ok && wildcard_match(value, param_value, true)) {
        return true;
      }
    }
  }
  return false;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  std::size_t pos = 0;
  while ((pos = text.find(from, pos)) != std::string::npos) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
  return text;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

bool wildcard_match(std::string_view pattern, std::string_view text, bool case_insensitive) {
  return ecsemu::wildcard_match(
      pattern, text, {.question_mark = true, .backslash_escape = true, .case_insensitive = case_insensitive});
}

std::string_view host_without_port(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    std::size_t close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(0, close + 1);
  }
  std::size_t colon = host.rfind(':');
  return colon == std::string_view::npos ? host : host.substr(0, colon);
}

void split_target(std::string_view target, std::string_view& path, std::string_view& query) {
  std::size_t hash = target.find('#');
  if (hash != std::string_view::npos) {
    target = target.substr(0, hash);
  }
  std::size_t q = target.find('?');
  path = target.substr(0, q);
  query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
}

bool cidr_contains(std::string_view cidr, const boost::asio::ip::address& address) {
  std::size_t slash = cidr.find('/');
  std::string_view base_text = cidr.substr(0, slash);
  boost::system::error_code ec;
  auto base = boost::asio::ip::make_address(std::string(base_text), ec);
  if (ec) {
    return false;
  }
  auto subject = address;
  if (subject.is_v6() && subject.to_v6().is_v4_mapped()) {
    subject = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, subject.to_v6());
  }
  if (base.is_v4() != subject.is_v4()) {
    return false;
  }
  unsigned max_bits = base.is_v4() ? 32 : 128;
  unsigned bits = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view len = cidr.substr(slash + 1);
    auto [ptr, err] = std::from_chars(len.data(), len.data() + len.size(), bits);
    if (err != std::errc() || ptr != len.data() + len.size() || bits > max_bits) {
      return false;
    }
  }
  std::array<unsigned char, 16> a{};
  std::array<unsigned char, 16> b{};
  if (base.is_v4()) {
    auto x = base.to_v4().to_bytes();
    auto y = subject.to_v4().to_bytes();
    std::copy(x.begin(), x.end(), a.begin());
    std::copy(y.begin(), y.end(), b.begin());
  } else {
    a = base.to_v6().to_bytes();
    b = subject.to_v6().to_bytes();
  }
  for (unsigned i = 0; i < bits / 8; ++i) {
    if (a[i] != b[i]) {
      return false;
    }
  }
  if (bits % 8 != 0) {
    auto mask = static_cast<unsigned char>(0xFFu << (8 - bits % 8));
    if ((a[bits / 8] & mask) != (b[bits / 8] & mask)) {
      return false;
    }
  }
  return true;
}

bool condition_matches(const RuleCondition& condition, const RequestFacts& request) {
  const std::string& field = condition.field;
  if (field == "host-header") {
    return any_pattern_matches(condition.values, request.host, true);
  }
  if (field == "path-pattern") {
    return any_pattern_matches(condition.values, request.path, false);
  }
  if (field == "http-request-method") {
    for (const auto& method : condition.values) {
      if (method == request.method) {
        return true;
      }
    }
    return false;
  }
  if (field == "http-header") {
    if (request.headers == nullptr) {
      return false;
    }
    for (const auto& header : *request.headers) {
      if (iequals(header.name_string(), condition.http_header_name) &&
          any_pattern_matches(condition.values, header.value(), true)) {
        return true;
      }
    }
    return false;
  }
  if (field == "query-string") {
    return query_matches(condition, request.query);
  }
  if (field == "source-ip") {
    for (const auto& cidr : condition.values) {
      if (cidr_contains(cidr, request.source)) {
        return true;
      }
    }
    return false;
  }
  return false;  // an unknown condition never matches
}

const RuleConfig* select_rule(const ListenerConfig& listener, const RequestFacts& request) {
  const RuleConfig* fallback = nullptr;
  for (const auto& rule : listener.rules) {
    if (rule.is_default) {
      fallback = &rule;
      continue;
    }
    bool all = true;
    for (const auto& condition : rule.conditions) {
      if (!condition_matches(condition, request)) {
        all = false;
        break;
      }
    }
    if (all) {
      return &rule;
    }
  }
  return fallback;
}

const RuleAction* terminal_action(const RuleConfig& rule) {
  const RuleAction* best = nullptr;
  for (const auto& action : rule.actions) {
    if (action.type != "forward" && action.type != "fixed-response" && action.type != "redirect") {
      continue;
    }
    if (best == nullptr || action.order < best->order) {
      best = &action;
    }
  }
  return best;
}

std::string redirect_location(const RuleAction& action, const RedirectInput& input) {
  std::string port_text = std::to_string(input.port);
  std::string path_without_slash(!input.path.empty() && input.path.front() == '/' ? input.path.substr(1) : input.path);
  auto expand = [&](std::string text) {
    text = replace_all(std::move(text), "#{protocol}", input.protocol);
    text = replace_all(std::move(text), "#{host}", input.host);
    text = replace_all(std::move(text), "#{port}", port_text);
    text = replace_all(std::move(text), "#{path}", path_without_slash);
    text = replace_all(std::move(text), "#{query}", input.query);
    return text;
  };
  std::string protocol = expand(action.redirect_protocol);
  for (char& c : protocol) {
    c = lower(c);
  }
  std::string path = expand(action.redirect_path);
  if (path.empty() || path.front() != '/') {
    path.insert(path.begin(), '/');
  }
  std::string query = expand(action.redirect_query);
  std::string location = protocol + "://" + expand(action.redirect_host) + ":" + expand(action.redirect_port) + path;
  if (!query.empty()) {
    location += '?';
    location += query;
  }
  return location;
}

int redirect_status(const RuleAction& action) { return action.redirect_status == "HTTP_302" ? 302 : 301; }

bool matcher_accepts(std::string_view matcher, int code) {
  while (!matcher.empty()) {
    std::size_t comma = matcher.find(',');
    std::string_view item = matcher.substr(0, comma);
    matcher = comma == std::string_view::npos ? std::string_view() : matcher.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') {
      item.remove_prefix(1);
    }
    while (!item.empty() && item.back() == ' ') {
      item.remove_suffix(1);
    }
    std::size_t dash = item.find('-');
    std::string_view low_text = item.substr(0, dash);
    std::string_view high_text = dash == std::string_view::npos ? low_text : item.substr(dash + 1);
    int low = 0;
    int high = 0;
    auto [p1, e1] = std::from_chars(low_text.data(), low_text.data() + low_text.size(), low);
    auto [p2, e2] = std::from_chars(high_text.data(), high_text.data() + high_text.size(), high);
    if (e1 != std::errc() || e2 != std::errc() || p1 != low_text.data() + low_text.size() ||
        p2 != high_text.data() + high_text.size()) {
      continue;
    }
    if (code >= low && code <= high) {
      return true;
    }
  }
  return false;
}

}  // namespace ecsemu::proxy
