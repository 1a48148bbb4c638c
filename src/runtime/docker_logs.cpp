#include "runtime/docker_logs.hpp"

#include <charconv>

#include <fmt/format.h>

namespace ecsemu::runtime {

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) {
    return false;
  }
  auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + n, out);
  return ec == std::errc() && p == s.data() + pos + n;
}

// Days from 1970-01-01 to y-m-d (proleptic Gregorian).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

}  // namespace

std::optional<DockerTime> parse_docker_time(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || s[10] != 'T' || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) ||
      s[16] != ':' || !digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  std::size_t i = 19;
  std::int32_t nanos = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::int32_t scale = 100000000;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      nanos += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
  }
  std::int64_t offset_minutes = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh = 0, om = 0;
    if (!digits(s, i + 1, 2, oh) || i + 3 >= s.size() || !digits(s, i + 4, 2, om)) {
      return std::nullopt;
    }
    offset_minutes = (s[i] == '-' ? -1 : 1) * (oh * 60 + om);
  } else if (i >= s.size() || s[i] != 'Z') {
    return std::nullopt;
  }
  std::int64_t seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset_minutes * 60;
  return DockerTime{seconds, nanos};
}

std::optional<std::int64_t> parse_docker_timestamp(std::string_view s) {
  auto time = parse_docker_time(s);
  if (!time) {
    return std::nullopt;
  }
  return time->seconds * 1000 + time->nanos / 1000000;
}

std::string docker_since(DockerTime time) { return fmt::format("{}.{:09}", time.seconds, time.nanos); }

std::string datetime_format_regex(std::string_view format) {
  std::string out = "^";
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out.push_back(format[i]);
      continue;
    }
    char c = format[++i];
    switch (c) {
      case 'a':
        out += "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
        break;
      case 'A':
        out += "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
        break;
      case 'b':
        out += "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
        break;
      case 'B':
        out += "(?:January|February|March|April|May|June|July|August|September|October|November|December)";
        break;
      case 'd':
        out += "(?:0[1-9]|[1,2][0-9]|3[0,1])";
        break;
      case 'f':
        out += "[0-9]{1,6}";
        break;
      case 'H':
        out += "(?:[0,1][0-9]|2[0-3])";
        break;
      case 'I':
        out += "(?:0[0-9]|1[0-2])";
        break;
      case 'j':
        out += "(?:0[0-9][1-9]|[1,2][0-9][0-9]|3[0-5][0-9]|36[0-6])";
        break;
      case 'L':
        out += "\\.[0-9]{3}";
        break;
      case 'm':
        out += "(?:0[1-9]|1[0-2])";
        break;
      case 'M':
        out += "[0-5][0-9]";
        break;
      case 'p':
        out += "[A,P]M";
        break;
      case 'S':
        out += "[0-5][0-9]";
        break;
      case 'y':
        out += "[0-9]{2}";
        break;
      case 'Y':
        out += "[0-9]{4}";
        break;
      case 'z':
        out += "[+-][0-9]{4}";
        break;
      case 'Z':
        out += "[A-Z]{1,4}T";
        break;
      case '%':
        out += "%";
        break;
      default:
        out.push_back('%');
        out.push_back(c);
    }
  }
  return out;
}

LogAssembler::LogAssembler(const AwsLogsSpec& spec, bool tty) : tty_(tty) {
  try {
    if (!spec.datetime_format.empty()) {
      starts_event_.emplace(datetime_format_regex(spec.datetime_format), std::regex::ECMAScript);
    } else if (!spec.multiline_pattern.empty()) {
      starts_event_.emplace(spec.multiline_pattern, std::regex::ECMAScript);
    }
  } catch (const std::regex_error&) {
    starts_event_.reset();  // an unusable pattern: one event per line
  }
}

void LogAssembler::feed(std::string_view bytes) {
  if (tty_) {
    on_payload(0, bytes);
    return;
  }
  frame_.append(bytes);
  std::size_t pos = 0;
  while (frame_.size() - pos >= 8) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(frame_[pos + k]); };
    std::size_t size = (std::size_t{byte(4)} << 24) | (std::size_t{byte(5)} << 16) | (std::size_t{byte(6)} << 8) |
                       std::size_t{byte(7)};
    if (frame_.size() - pos - 8 < size) {
      break;
    }
    int stream = byte(0) == 2 ? 2 : 1;
    on_payload(stream, std::string_view(frame_).substr(pos + 8, size));
    pos += 8 + size;
  }
  frame_.erase(0, pos);
}

void LogAssembler::on_payload(int stream, std::string_view payload) {
  std::string& partial = partial_[stream];
  while (!payload.empty()) {
    std::size_t nl = payload.find('\n');
    if (nl == std::string_view::npos) {
      partial.append(payload);
      return;
    }
    if (partial.empty()) {
      on_line(payload.substr(0, nl));
    } else {
      partial.append(payload.substr(0, nl));
      std::string line = std::move(partial);
      partial.clear();
      on_line(line);
    }
    payload.remove_prefix(nl + 1);
  }
}

void LogAssembler::on_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  std::size_t space = line.find(' ');
  std::optional<DockerTime> time;
  if (space != std::string_view::npos) {
    time = parse_docker_time(line.substr(0, space));
  }
  if (time && after_ms_) {
    // An earlier process delivered the lines up to here (continue_after).
    const std::int64_t ms = time->seconds * 1000 + time->nanos / 1000000;
    if (ms < *after_ms_) {
      return;
    }
    if (ms == *after_ms_ && after_left_ > 0) {
      --after_left_;
      return;
    }
    after_ms_.reset();
  }
  if (time) {
    if (skipping_) {
      // Re-sent after resume(): what came before, and the lines already seen at the last timestamp.
      if (last_time_ && *time < *last_time_) {
        return;
      }
      if (last_time_ && *time == *last_time_ && skip_left_ > 0) {
        --skip_left_;
        return;
      }
      skipping_ = false;
    }
    if (last_time_ && *time == *last_time_) {
      ++at_last_;
    } else {
      last_time_ = time;
      at_last_ = 1;
    }
  }
  std::optional<std::int64_t> ts;
  if (time) {
    ts = time->seconds * 1000 + time->nanos / 1000000;
  }
  std::string_view text = ts ? line.substr(space + 1) : line;
  std::int64_t when = ts.value_or(pending_ ? pending_->timestamp_ms : 0);
  if (!starts_event_) {
    if (!text.empty()) {
      ready_.push_back({when, std::string(text)});
    }
    return;
  }
  // Docker's awslogs: a line that matches starts an event; the lines after it join that event, each with its
  // newline.
  if (std::regex_search(text.begin(), text.end(), *starts_event_) || !pending_) {
    flush_pending();
    pending_ = LogEventLine{when, std::string(text) + "\n"};
  } else {
    pending_->message.append(text);
    pending_->message.push_back('\n');
  }
}

void LogAssembler::flush_pending() {
  if (pending_ && !pending_->message.empty()) {
    ready_.push_back(std::move(*pending_));
  }
  pending_.reset();
}

std::vector<LogEventLine> LogAssembler::take() {
  std::vector<LogEventLine> out;
  out.swap(ready_);
  return out;
}

std::optional<DockerTime> LogAssembler::resume_since() const {
  if (!last_time_ && after_ms_) {
    return DockerTime{*after_ms_ / 1000, static_cast<std::int32_t>((*after_ms_ % 1000) * 1000000)};
  }
  return last_time_;
}

void LogAssembler::continue_after(std::int64_t millis, std::size_t lines_at_millis) {
  after_ms_ = millis;
  after_left_ = lines_at_millis;
}

void LogAssembler::resume() {
  frame_.clear();
  for (auto& partial : partial_) {
    partial.clear();  // an unfinished line is re-sent whole: its timestamp is not before resume_since()
  }
  skipping_ = last_time_.has_value();
  skip_left_ = at_last_;
}

void LogAssembler::finish() {
  for (auto& partial : partial_) {
    if (!partial.empty()) {
      std::string line = std::move(partial);
      partial.clear();
      on_line(line);
    }
  }
  flush_pending();
}

}  // namespace ecsemu::runtime
