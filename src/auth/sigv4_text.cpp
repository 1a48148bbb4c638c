#include "auth/sigv4_text.hpp"

#include "ecsemu/url_coding.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace ecsemu::auth::detail {

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) {
      return false;
    }
  }
  return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return is_digit(c); });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) { return hex_digit(c) >= 0; });
}

namespace {

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) {
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

Target split_target(std::string_view target) {
  if (auto hash = target.find('#'); hash != std::string_view::npos) {
    target = target.substr(0, hash);
  }
  // absolute-form ("http://host/path?query"): drop the scheme and authority.
  if (auto scheme = target.find("://"); scheme != std::string_view::npos && target.find('/') > scheme) {
    std::string_view rest = target.substr(scheme + 3);
    std::size_t path_start = rest.find_first_of("/?");
    target = path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start);
  }
  Target out;
  std::size_t question = target.find('?');
  out.path = target.substr(0, question);
  out.query = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  return out;
}

Params decode_query(std::string_view query) {
  Params params;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (piece.empty()) {
      continue;
    }
    std::size_t eq = piece.find('=');
    std::string_view name = piece.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
    params.emplace_back(url_decode(name), url_decode(value));
  }
  return params;
}

const std::string* find_header(const SigV4Request& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (iequals(key, name)) {
      return &value;
    }
  }
  return nullptr;
}

namespace {

std::optional<SysSeconds> make_time(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

}  // namespace

std::optional<SysSeconds> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z' || !all_digits(text.substr(0, 8)) ||
      !all_digits(text.substr(9, 6))) {
    return std::nullopt;
  }
  return make_time(to_int(text.substr(0, 4)), static_cast<unsigned>(to_int(text.substr(4, 2))),
                   static_cast<unsigned>(to_int(text.substr(6, 2))), to_int(text.substr(9, 2)),
                   to_int(text.substr(11, 2)), to_int(text.substr(13, 2)));
}

std::optional<SysSeconds> parse_http_date(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::size_t comma = text.find(", ");
  if (comma == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(comma + 2);  // "30 Aug 2015 12:36:00 GMT"
  if (rest.size() != 24 || rest[2] != ' ' || rest[6] != ' ' || rest[11] != ' ' || rest[14] != ':' || rest[17] != ':' ||
      rest.substr(20) != " GMT" || !all_digits(rest.substr(0, 2)) || !all_digits(rest.substr(7, 4)) ||
      !all_digits(rest.substr(12, 2)) || !all_digits(rest.substr(15, 2)) || !all_digits(rest.substr(18, 2))) {
    return std::nullopt;
  }
  auto month = std::find(kMonths.begin(), kMonths.end(), rest.substr(3, 3));
  if (month == kMonths.end()) {
    return std::nullopt;
  }
  return make_time(to_int(rest.substr(7, 4)), static_cast<unsigned>(month - kMonths.begin() + 1),
                   static_cast<unsigned>(to_int(rest.substr(0, 2))), to_int(rest.substr(12, 2)),
                   to_int(rest.substr(15, 2)), to_int(rest.substr(18, 2)));
}

std::string format_amz_date(SysSeconds time) {
  auto days = std::chrono::floor<std::chrono::days>(time);
  std::chrono::year_month_day date{days};
  std::chrono::hh_mm_ss clock{time - days};
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), clock.hours().count(),
                     clock.minutes().count(), clock.seconds().count());
}

}  // namespace ecsemu::auth::detail
