#include "protocol/timestamp.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace ecsemu::protocol {

namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
// Limits keep every computation far from overflow: years 0001..9999.
constexpr double kMinEpoch = -62135596800.0;
constexpr double kMaxEpoch = 253402300799.999;

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm, written from its description).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

struct Broken {
  Civil date;
  unsigned hour, minute, second, millis;
  std::int64_t days;
};

Broken split(double epoch_seconds) {
  if (!std::isfinite(epoch_seconds)) {
    epoch_seconds = 0;
  }
  epoch_seconds = std::fmin(std::fmax(epoch_seconds, kMinEpoch), kMaxEpoch);
  auto total_ms = static_cast<std::int64_t>(std::llround(epoch_seconds * 1000.0));
  std::int64_t secs = total_ms / 1000;
  std::int64_t ms = total_ms % 1000;
  if (ms < 0) {
    ms += 1000;
    secs -= 1;
  }
  std::int64_t days = secs / 86400;
  std::int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  Broken b{civil_from_days(days),           static_cast<unsigned>(rem / 3600), static_cast<unsigned>(rem % 3600 / 60),
           static_cast<unsigned>(rem % 60), static_cast<unsigned>(ms),         days};
  return b;
}

// A tiny cursor for the date parsers.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool eat(char c) {
    if (peek() == c) {
      ++i;
      return true;
    }
    return false;
  }
  bool digits(std::size_t n, unsigned& out) {
    if (i + n > s.size()) {
      return false;
    }
    unsigned v = 0;
    for (std::size_t k = 0; k < n; ++k) {
      char c = s[i + k];
      if (c < '0' || c > '9') {
        return false;
      }
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    i += n;
    out = v;
    return true;
  }
  void skip_spaces() {
    while (peek() == ' ') {
      ++i;
    }
  }
};

bool valid_date(unsigned y, unsigned m, unsigned d, unsigned hh, unsigned mm, unsigned ss) {
  static constexpr unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1] && hh <= 23 && mm <= 59 && ss <= 60;
}

double fraction(Cursor& c) {
  double frac = 0;
  double scale = 0.1;
  std::size_t count = 0;
  while (!c.done() && c.peek() >= '0' && c.peek() <= '9') {
    if (count < 9) {
      frac += (c.peek() - '0') * scale;
      scale /= 10;
    }
    ++count;
    ++c.i;
  }
  return count == 0 ? -1 : frac;
}

std::optional<double> parse_iso8601(std::string_view text) {
  Cursor c{text};
  unsigned y, mo, d, hh = 0, mm = 0, ss = 0;
  if (!c.digits(4, y) || !c.eat('-') || !c.digits(2, mo) || !c.eat('-') || !c.digits(2, d)) {
    return std::nullopt;
  }
  double frac = 0;
  int offset_minutes = 0;
  if (!c.done()) {
    if (!(c.eat('T') || c.eat('t') || c.eat(' '))) {
      return std::nullopt;
    }
    if (!c.digits(2, hh) || !c.eat(':') || !c.digits(2, mm)) {
      return std::nullopt;
    }
    if (c.eat(':') && !c.digits(2, ss)) {
      return std::nullopt;
    }
    if (c.eat('.') || c.eat(',')) {
      frac = fraction(c);
      if (frac < 0) {
        return std::nullopt;
      }
    }
    if (c.eat('Z') || c.eat('z')) {
      // UTC
    } else if (c.peek() == '+' || c.peek() == '-') {
      int sign = c.peek() == '-' ? -1 : 1;
      ++c.i;
      unsigned oh, om = 0;
      if (!c.digits(2, oh)) {
        return std::nullopt;
      }
      c.eat(':');
      if (!c.done() && !c.digits(2, om)) {
        return std::nullopt;
      }
      if (oh > 23 || om > 59) {
        return std::nullopt;
      }
      offset_minutes = sign * static_cast<int>(oh * 60 + om);
    }
  }
  if (!c.done() || !valid_date(y, mo, d, hh, mm, ss)) {
    return std::nullopt;
  }
  std::int64_t days = days_from_civil(y, mo, d);
  double secs = static_cast<double>(days * 86400 + hh * 3600 + mm * 60 + ss) - offset_minutes * 60.0;
  return secs + frac;
}

std::optional<double> parse_http_date(std::string_view text) {
  // [Www, ]DD Mon YYYY HH:MM:SS GMT|UTC|Z|+0000
  Cursor c{text};
  if (text.size() >= 4 && text[3] == ',') {
    c.i = 4;
  }
  c.skip_spaces();
  unsigned d, y, hh, mm, ss;
  unsigned dd_len = (c.i + 1 < text.size() && text[c.i + 1] == ' ') ? 1 : 2;
  if (!c.digits(dd_len, d)) {
    return std::nullopt;
  }
  c.skip_spaces();
  if (c.i + 3 > text.size()) {
    return std::nullopt;
  }
  std::string_view mon = text.substr(c.i, 3);
  unsigned m = 0;
  for (unsigned k = 0; k < kMonths.size(); ++k) {
    if (kMonths[k] == mon) {
      m = k + 1;
    }
  }
  if (m == 0) {
    return std::nullopt;
  }
  c.i += 3;
  c.skip_spaces();
  if (!c.digits(4, y)) {
    return std::nullopt;
  }
  c.skip_spaces();
  if (!c.digits(2, hh) || !c.eat(':') || !c.digits(2, mm) || !c.eat(':') || !c.digits(2, ss)) {
    return std::nullopt;
  }
  double frac = 0;
  if (c.eat('.')) {
    frac = fraction(c);
    if (frac < 0) {
      return std::nullopt;
    }
  }
  c.skip_spaces();
  std::string_view zone = text.substr(c.i);
  if (!(zone == "GMT" || zone == "UTC" || zone == "Z" || zone == "+0000" || zone.empty())) {
    return std::nullopt;
  }
  if (!valid_date(y, m, d, hh, mm, ss)) {
    return std::nullopt;
  }
  return static_cast<double>(days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss) + frac;
}

std::optional<double> parse_epoch(std::string_view text) {
  if (text.empty() || text.size() > 32) {
    return std::nullopt;
  }
  for (char ch : text) {
    if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E')) {
      return std::nullopt;
    }
  }
  double v = 0;
  const char* first = text.data();
  if (*first == '+') {
    ++first;
  }
  auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

TimestampFormat timestamp_format_from_trait(std::string_view trait, TimestampFormat fallback) {
  if (trait == "iso8601") {
    return TimestampFormat::Iso8601;
  }
  if (trait == "unixTimestamp") {
    return TimestampFormat::EpochSeconds;
  }
  if (trait == "rfc822") {
    return TimestampFormat::HttpDate;
  }
  return fallback;
}

std::string format_iso8601(double epoch_seconds, bool millis) {
  Broken b = split(epoch_seconds);
  char buf[40];
  int n;
  if (millis || b.millis != 0) {
    n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ", static_cast<long long>(b.date.year),
                      b.date.month, b.date.day, b.hour, b.minute, b.second, b.millis);
  } else {
    n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02uZ", static_cast<long long>(b.date.year),
                      b.date.month, b.date.day, b.hour, b.minute, b.second);
  }
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string format_http_date(double epoch_seconds) {
  Broken b = split(epoch_seconds);
  std::int64_t wd = b.days % 7;
  if (wd < 0) {
    wd += 7;
  }
  char buf[48];
  int n =
      std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02u:%02u:%02u GMT", kWeekdays[wd].data(), b.date.day,
                    kMonths[b.date.month - 1].data(), static_cast<long long>(b.date.year), b.hour, b.minute, b.second);
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string format_epoch_seconds(double epoch_seconds) {
  if (!std::isfinite(epoch_seconds)) {
    epoch_seconds = 0;
  }
  epoch_seconds = std::fmin(std::fmax(epoch_seconds, kMinEpoch), kMaxEpoch);
  auto total_ms = static_cast<std::int64_t>(std::llround(epoch_seconds * 1000.0));
  char buf[40];
  int n;
  if (total_ms % 1000 == 0) {
    n = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(total_ms / 1000));
  } else {
    std::int64_t whole = total_ms / 1000;
    std::int64_t ms = total_ms % 1000;
    const char* sign = (total_ms < 0 && whole == 0) ? "-" : "";
    n = std::snprintf(buf, sizeof buf, "%s%lld.%03lld", sign, static_cast<long long>(whole),
                      static_cast<long long>(ms < 0 ? -ms : ms));
    while (n > 0 && buf[n - 1] == '0') {
      --n;
    }
  }
  return std::string(buf, static_cast<std::size_t>(n));
}

std::optional<double> parse_timestamp(std::string_view text) {
  if (text.empty() || text.size() > 64) {
    return std::nullopt;
  }
  if (auto v = parse_epoch(text)) {
    return v;
  }
  if (text.size() >= 10 && text[4] == '-') {
    return parse_iso8601(text);
  }
  return parse_http_date(text);
}

}  // namespace ecsemu::protocol
