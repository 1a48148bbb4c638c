#include "services/logs/logs_model.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"

namespace ecsemu::logs {

namespace {

constexpr std::array<int, 22> kRetentionDays = {1,   3,   5,   7,   14,   30,   60,   90,   120,  150,  180,
                                                365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};

[[noreturn]] void invalid(std::string message) {
  throw aws::ServiceError("InvalidParameterException", std::move(message));
}

[[noreturn]] void pattern_violation(std::string_view value, std::string_view member, std::string_view pattern) {
  invalid(
      fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: Member must "
                  "satisfy regular expression pattern: {}",
                  value, member, pattern));
}

bool group_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == '_' || c == '/' || c == '#';
}

// LogGroupIdentifier's pattern in the model: a group name or the ARN without the ":*" suffix.
bool identifier_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '#' ||
         c == '+' || c == '=' || c == '/' || c == ':' || c == ',' || c == '.' || c == '@' || c == '-';
}

}  // namespace

Millis to_millis(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::uint64_t LogGroup::stored_bytes() const {
  std::uint64_t total = 0;
  for (const auto& [name, stream] : streams) {
    total += stream.bytes;
  }
  return total;
}

void check_group_name(std::string_view name, std::string_view member) {
  if (!std::all_of(name.begin(), name.end(), group_name_char)) {
    pattern_violation(name, member, "[\\.\\-_/#A-Za-z0-9]+");
  }
}

void check_stream_name(std::string_view name, std::string_view member) {
  if (name.find_first_of(":*") != std::string_view::npos) {
    pattern_violation(name, member, "[^:*]*");
  }
}

void check_filter_name(std::string_view name) {
  if (name.find_first_of(":*") != std::string_view::npos) {
    pattern_violation(name, "filterName", "[^:*]*");
  }
}

void check_retention(std::int64_t days) {
  if (std::find(kRetentionDays.begin(), kRetentionDays.end(), days) == kRetentionDays.end()) {
    invalid(
        fmt::format("1 validation error detected: Value '{}' at 'retentionInDays' failed to satisfy constraint: "
                    "Member must satisfy enum value set: [{}]",
                    days, fmt::join(kRetentionDays, ", ")));
  }
}

std::string group_arn(std::string_view region, std::string_view account, std::string_view group) {
  return fmt::format("arn:aws:logs:{}:{}:log-group:{}", region, account, group);
}

std::string logs_arn(std::string_view region, std::string_view account, std::string_view kind, std::string_view name) {
  return fmt::format("arn:aws:logs:{}:{}:{}:{}", region, account, kind, name);
}

std::string stream_arn(std::string_view region, std::string_view account, std::string_view group,
                       std::string_view stream) {
  return fmt::format("arn:aws:logs:{}:{}:log-group:{}:log-stream:{}", region, account, group, stream);
}

std::optional<std::string> group_of_arn(std::string_view arn, std::string_view region, std::string_view account) {
  std::string prefix = fmt::format("arn:aws:logs:{}:{}:log-group:", region, account);
  if (arn.substr(0, prefix.size()) != prefix) {
    return std::nullopt;
  }
  std::string_view name = arn.substr(prefix.size());
  if (name.size() >= 2 && name.substr(name.size() - 2) == ":*") {
    name.remove_suffix(2);
  }
  if (name.empty() || name.find(':') != std::string_view::npos) {
    return std::nullopt;
  }
  return std::string(name);
}

std::string group_of_identifier(std::string_view identifier, std::string_view region, std::string_view account) {
  if (!std::all_of(identifier.begin(), identifier.end(), identifier_char)) {
    pattern_violation(identifier, "logGroupIdentifier", "[\\w#+=/:,.@-]*");
  }
  if (identifier.substr(0, 4) != "arn:") {
    return std::string(identifier);
  }
  if (auto name = group_of_arn(identifier, region, account)) {
    return *name;
  }
  throw aws::ServiceError("ResourceNotFoundException", "The specified log group does not exist.");
}

LogGroup& find_group(LogsState& state, std::string_view name) {
  auto it = state.groups.find(std::string(name));
  if (it == state.groups.end()) {
    throw aws::ServiceError("ResourceNotFoundException", "The specified log group does not exist.");
  }
  return it->second;
}

const LogGroup& find_group(const LogsState& state, std::string_view name) {
  return find_group(const_cast<LogsState&>(state), name);
}

LogStream& find_stream(LogGroup& group, std::string_view name) {
  auto it = group.streams.find(std::string(name));
  if (it == group.streams.end()) {
    throw aws::ServiceError("ResourceNotFoundException", "The specified log stream does not exist.");
  }
  return it->second;
}

const LogStream& find_stream(const LogGroup& group, std::string_view name) {
  return find_stream(const_cast<LogGroup&>(group), name);
}

Millis retention_cutoff(const LogGroup& group, Millis now) {
  if (!group.retention_days) {
    return 0;
  }
  return now - static_cast<Millis>(*group.retention_days) * 24 * 3600 * 1000;
}

void enforce_retention(LogGroup& group, Millis now) {
  Millis cutoff = retention_cutoff(group, now);
  if (cutoff <= 0) {
    return;
  }
  for (auto& [name, stream] : group.streams) {
    auto end = std::lower_bound(stream.events.begin(), stream.events.end(), cutoff,
                                [](const LogEvent& e, Millis t) { return e.timestamp < t; });
    for (auto it = stream.events.begin(); it != end; ++it) {
      stream.bytes -= it->message.size();
    }
    stream.events.erase(stream.events.begin(), end);
  }
}

Rejected put_events(LogsState& state, LogGroup& group, LogStream& stream, std::vector<InputEvent> events, Millis now) {
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    bytes += events[i].message.size() + kEventOverheadBytes;
    if (i > 0 && events[i].timestamp < events[i - 1].timestamp) {
      invalid("Log events in a single PutLogEvents request must be in chronological order.");
    }
  }
  if (bytes > kMaxBatchBytes) {
    invalid(fmt::format("Upload too large: {} bytes exceeds limit of {}", bytes, kMaxBatchBytes));
  }
  if (!events.empty() && events.back().timestamp - events.front().timestamp > kMaxBatchSpan) {
    invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
  }
  Rejected rejected;
  Millis cutoff = retention_cutoff(group, now);
  std::size_t first = 0;
  std::size_t last = events.size();  // exclusive
  for (std::size_t i = 0; i < events.size(); ++i) {
    Millis t = events[i].timestamp;
    if (t < now - kMaxPast) {
      rejected.too_old_end = static_cast<long>(i);
      first = i + 1;
    }
    if (cutoff > 0 && t < cutoff) {
      rejected.expired_end = static_cast<long>(i);
      first = i + 1;
    }
    if (t > now + kMaxFuture && rejected.too_new_start < 0) {
      rejected.too_new_start = static_cast<long>(i);
      last = i;
    }
  }
  enforce_retention(group, now);
  ++stream.uploads;
  if (first >= last) {
    return rejected;
  }
  bool in_order = stream.events.empty() || stream.events.back().timestamp <= events[first].timestamp;
  std::size_t old_size = stream.events.size();
  for (std::size_t i = first; i < last; ++i) {
    LogEvent e;
    e.timestamp = events[i].timestamp;
    e.ingestion_time = now;
    e.seq = state.next_seq++;
    e.message = std::move(events[i].message);
    stream.bytes += e.message.size();
    stream.first_event = stream.first_event ? std::min(*stream.first_event, e.timestamp) : e.timestamp;
    stream.last_event = stream.last_event ? std::max(*stream.last_event, e.timestamp) : e.timestamp;
    stream.events.push_back(std::move(e));
  }
  if (!in_order) {
    std::inplace_merge(stream.events.begin(), stream.events.begin() + static_cast<std::ptrdiff_t>(old_size),
                       stream.events.end(), [](const LogEvent& a, const LogEvent& b) { return a.key() < b.key(); });
  }
  stream.last_ingestion = now;
  return rejected;
}

std::string encode_stream_token(const StreamToken& token) {
  return fmt::format("{}/{:020}{:020}", token.forward ? 'f' : 'b', token.key.timestamp, token.key.seq);
}

std::optional<StreamToken> decode_stream_token(std::string_view text) {
  if (text.size() != 42 || (text[0] != 'f' && text[0] != 'b') || text[1] != '/') {
    return std::nullopt;
  }
  StreamToken token;
  token.forward = text[0] == 'f';
  std::uint64_t ts = 0;
  std::uint64_t seq = 0;
  for (std::size_t i = 2; i < 42; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    std::uint64_t& part = i < 22 ? ts : seq;
    std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (part > (UINT64_MAX - digit) / 10) {
      return std::nullopt;
    }
    part = part * 10 + digit;
  }
  if (ts > static_cast<std::uint64_t>(INT64_MAX)) {
    return std::nullopt;
  }
  token.key = {static_cast<Millis>(ts), seq};
  return token;
}

std::string event_id(const EventKey& key) { return fmt::format("{:020}{:020}", key.timestamp, key.seq); }

std::string descending_key(std::string_view key) {
  std::string out;
  out.reserve(key.size() + 1);
  for (unsigned char c : key) {
    out.push_back(static_cast<char>(255 - c));
  }
  out.push_back(static_cast<char>(255));
  return out;
}

}  // namespace ecsemu::logs
