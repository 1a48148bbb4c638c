// CloudWatch Logs: log streams, PutLogEvents and GetLogEvents.
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/logs/logs_handlers.hpp"
#include "services/logs/logs_views.hpp"
#include "state/world.hpp"

namespace ecsemu::logs {

namespace {

constexpr std::size_t kMaxResponseBytes = 1048576;

[[noreturn]] void invalid(std::string message) {
  throw aws::ServiceError("InvalidParameterException", std::move(message));
}

const LogGroup& find_group_const(const aws::RequestContext& ctx, std::string_view name) {
  const state::RegionStore* store = ctx.world->find(ctx.account_id, ctx.region);
  if (store == nullptr) {
    throw aws::ServiceError("ResourceNotFoundException", "The specified log group does not exist.");
  }
  return find_group(store->logs, name);
}

// The page key of a stream in the requested order (ascending keys, as the Pager wants).
std::string stream_key(const LogStream& stream, bool by_time, bool descending) {
  std::string key = by_time ? fmt::format("{:020}{}", stream.last_event.value_or(0), stream.name) : stream.name;
  return descending ? descending_key(key) : key;
}

}  // namespace

json::value create_log_stream(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  auto [group_name, name] = group_and(in, "logStreamName");
  LogGroup& group = find_group(ctx.store().logs, group_name);
  if (group.streams.contains(name)) {
    throw aws::ServiceError("ResourceAlreadyExistsException", "The specified log stream already exists");
  }
  LogStream stream;
  stream.name = name;
  stream.creation_time = to_millis(ctx.now);
  group.streams.emplace(name, std::move(stream));
  return json::object{};
}

json::value delete_log_stream(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  auto [group_name, name] = group_and(in, "logStreamName");
  LogGroup& group = find_group(ctx.store().logs, group_name);
  find_stream(group, name);
  group.streams.erase(name);
  return json::object{};
}

json::value describe_log_streams(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string group_name = requested_group(ctx, in);
  auto prefix = in.opt_str("logStreamNamePrefix");
  bool by_time = in.str("orderBy", "LogStreamName") == "LastEventTime";
  bool descending = in.flag("descending");
  if (by_time && prefix) {
    invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
  }
  if (prefix) {
    check_stream_name(*prefix, "logStreamNamePrefix");
  }
  aws::Pager pager = pager_of(in);
  const LogGroup& group = find_group_const(ctx, group_name);
  std::vector<std::pair<std::string, const LogStream*>> ordered;
  for (const auto& [name, stream] : group.streams) {
    if (prefix && name.compare(0, prefix->size(), *prefix) != 0) {
      continue;
    }
    ordered.emplace_back(stream_key(stream, by_time, descending), &stream);
  }
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  json::object result{{"logStreams", pager.take(ordered, aws::first_key, aws::every, [&](const auto& entry) {
                         return log_stream_json(ctx.region, ctx.account_id, group, *entry.second);
                       })}};
  pager.finish(result, "nextToken");
  return result;
}

json::value put_log_events(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  auto [group_name, stream_name] = group_and(in, "logStreamName");
  std::vector<InputEvent> events;
  for (const aws::Input& e : in.subs("logEvents")) {
    events.push_back({e.int_or("timestamp", 0), std::string(e.str("message"))});
  }
  LogsState& state = ctx.store().logs;
  LogGroup& group = find_group(state, group_name);
  LogStream& stream = find_stream(group, stream_name);
  Rejected rejected = put_events(state, group, stream, std::move(events), to_millis(ctx.now));
  json::object result{{"nextSequenceToken", fmt::format("{:056}", stream.uploads)}};
  if (rejected.any()) {
    result["rejectedLogEventsInfo"] = rejected_json(rejected);
  }
  return result;
}

json::value get_log_events(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string group_name = requested_group(ctx, in);
  std::string stream_name(in.str("logStreamName"));
  check_stream_name(stream_name);
  std::optional<StreamToken> token;
  if (auto text = in.opt_str("nextToken")) {
    token = decode_stream_token(*text);
    if (!token) {
      invalid_token();
    }
  }
  const LogGroup& group = find_group_const(ctx, group_name);
  const LogStream& stream = find_stream(group, stream_name);
  auto limit = static_cast<std::size_t>(in.int_or("limit", 10000));
  Millis start = std::max<Millis>(in.int_or("startTime", 0), retention_cutoff(group, to_millis(ctx.now)));
  auto end_time = in.opt_int("endTime");

  const auto& events = stream.events;
  auto by_time = [](const LogEvent& e, Millis t) { return e.timestamp < t; };
  auto by_key = [](const LogEvent& e, const EventKey& k) { return e.key() < k; };
  std::size_t lo =
      static_cast<std::size_t>(std::lower_bound(events.begin(), events.end(), start, by_time) - events.begin());
  std::size_t hi = end_time ? static_cast<std::size_t>(
                                  std::lower_bound(events.begin(), events.end(), *end_time, by_time) - events.begin())
                            : events.size();
  hi = std::max(lo, hi);

  bool forward = token ? token->forward : in.flag("startFromHead");
  std::size_t first = lo;
  std::size_t last = lo;  // [first, last)
  if (forward) {
    std::size_t begin = lo;
    if (token) {
      // Events after the token's key.
      auto it = std::upper_bound(events.begin(), events.end(), token->key,
                                 [](const EventKey& k, const LogEvent& e) { return k < e.key(); });
      begin = std::max(lo, static_cast<std::size_t>(it - events.begin()));
    }
    first = std::min(begin, hi);
    last = first;
    std::size_t bytes = 0;
    while (last < hi && last - first < limit) {
      bytes += events[last].message.size() + kEventOverheadBytes;
      if (bytes > kMaxResponseBytes && last > first) {
        break;
      }
      ++last;
    }
  } else {
    std::size_t stop = hi;
    if (token) {
      auto it = std::lower_bound(events.begin(), events.end(), token->key, by_key);
      stop = std::min(hi, static_cast<std::size_t>(it - events.begin()));
    }
    last = std::max(stop, lo);
    first = last;
    std::size_t bytes = 0;
    while (first > lo && last - first < limit) {
      bytes += events[first - 1].message.size() + kEventOverheadBytes;
      if (bytes > kMaxResponseBytes && last > first) {
        break;
      }
      --first;
    }
  }

  json::array out;
  out.reserve(last - first);
  for (std::size_t i = first; i < last; ++i) {
    out.push_back(output_event_json(events[i]));
  }
  StreamToken next_forward;
  StreamToken next_backward;
  next_backward.forward = false;
  if (last > first) {
    next_forward.key = events[last - 1].key();
    next_backward.key = events[first].key();
  } else if (token && token->forward) {
    next_forward = *token;
    next_backward.key = {token->key.timestamp, token->key.seq + 1};
  } else if (token) {
    next_backward = *token;
    next_forward.key = {token->key.timestamp, token->key.seq == 0 ? 0 : token->key.seq - 1};
  }
  return json::object{{"events", std::move(out)},
                      {"nextForwardToken", encode_stream_token(next_forward)},
                      {"nextBackwardToken", encode_stream_token(next_backward)}};
}

}  // namespace ecsemu::logs
