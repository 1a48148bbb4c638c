// CloudWatch Logs: FilterLogEvents, metric filters, subscription filters, TestMetricFilter.
#include <algorithm>
#include <queue>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/logs/logs_filter_pattern.hpp"
#include "services/logs/logs_handlers.hpp"
#include "services/logs/logs_views.hpp"
#include "state/world.hpp"

namespace ecsemu::logs {

namespace {

constexpr std::size_t kMaxResponseBytes = 1048576;
constexpr std::size_t kMaxMetricFilters = 100;

[[noreturn]] void invalid(std::string message) {
  throw aws::ServiceError("InvalidParameterException", std::move(message));
}

const LogGroup& group_for_read(const aws::RequestContext& ctx, std::string_view name) {
  const LogsState* state = find_state(ctx);
  if (state == nullptr) {
    throw aws::ServiceError("ResourceNotFoundException", "The specified log group does not exist.");
  }
  return find_group(*state, name);
}

// The 40 digits of event_id() back to a key.
std::optional<EventKey> key_of_event_id(std::string_view id) {
  auto token = decode_stream_token(fmt::format("f/{}", id));
  if (!token) {
    return std::nullopt;
  }
  return token->key;
}

struct Cursor {
  const LogStream* stream;
  std::size_t pos;
  std::size_t end;
};

}  // namespace

json::value filter_log_events(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string group_name = requested_group(ctx, in);
  auto names = in.strings("logStreamNames");
  auto prefix = in.opt_str("logStreamNamePrefix");
  if (!names.empty() && prefix) {
    invalid("Cannot specify both logStreamNames and logStreamNamePrefix.");
  }
  FilterPattern pattern = FilterPattern::parse(in.str("filterPattern"));
  auto limit = static_cast<std::size_t>(in.int_or("limit", 10000));
  aws::Pager pager(in.opt_str("nextToken"), limit);
  std::optional<EventKey> after;
  if (pager.valid() && pager.after()) {
    after = key_of_event_id(*pager.after());
  }
  if (!pager.valid() || (pager.after() && !after)) {
    invalid_token();
  }
  const LogGroup& group = group_for_read(ctx, group_name);
  Millis start = std::max<Millis>(in.int_or("startTime", 0), retention_cutoff(group, to_millis(ctx.now)));
  auto end_time = in.opt_int("endTime");

  auto by_time = [](const LogEvent& e, Millis t) { return e.timestamp < t; };
  auto cmp = [](const Cursor& a, const Cursor& b) {
    return b.stream->events[b.pos].key() < a.stream->events[a.pos].key();
  };
  std::priority_queue<Cursor, std::vector<Cursor>, decltype(cmp)> heap(cmp);
  json::array searched;
  for (const auto& [name, stream] : group.streams) {
    if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
      continue;
    }
    if (prefix && name.compare(0, prefix->size(), *prefix) != 0) {
      continue;
    }
    searched.push_back(json::object{{"logStreamName", name}, {"searchedCompletely", true}});
    const auto& ev = stream.events;
    auto begin = std::lower_bound(ev.begin(), ev.end(), start, by_time);
    if (after) {
      auto past = std::upper_bound(ev.begin(), ev.end(), *after,
                                   [](const EventKey& k, const LogEvent& e) { return k < e.key(); });
      begin = std::max(begin, past);
    }
    auto end = end_time ? std::lower_bound(ev.begin(), ev.end(), *end_time, by_time) : ev.end();
    if (begin < end) {
      heap.push(
          Cursor{&stream, static_cast<std::size_t>(begin - ev.begin()), static_cast<std::size_t>(end - ev.begin())});
    }
  }

  json::array out;
  std::size_t bytes = 0;
  std::string last_id;
  bool capped = false;
  while (!heap.empty()) {
    Cursor c = heap.top();
    heap.pop();
    const LogEvent& e = c.stream->events[c.pos];
    if (++c.pos < c.end) {
      heap.push(c);
    }
    if (!pattern.matches(e.message)) {
      continue;
    }
    std::string id = event_id(e.key());
    if (bytes + e.message.size() + kEventOverheadBytes > kMaxResponseBytes && !out.empty()) {
      capped = true;
      break;
    }
    auto step = pager.step(id);
    if (step == aws::Pager::Step::Skip) {
      continue;
    }
    if (step == aws::Pager::Step::Full) {
      break;
    }
    bytes += e.message.size() + kEventOverheadBytes;
    out.push_back(filtered_event_json(*c.stream, e));
    last_id = std::move(id);
  }
  json::object result{{"events", std::move(out)}, {"searchedLogStreams", std::move(searched)}};
  if (pager.more()) {
    result["nextToken"] = pager.next_token();
  } else if (capped) {
    result["nextToken"] = aws::encode_page_token(last_id);
  }
  return result;
}

json::value put_metric_filter(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  auto [group_name, name] = group_and(in, "filterName");
  std::string pattern(in.str("filterPattern"));
  FilterPattern::parse(pattern);
  LogGroup& group = find_group(ctx.store().logs, group_name);
  if (!group.metric_filters.contains(name) && group.metric_filters.size() >= kMaxMetricFilters) {
    throw aws::ServiceError("LimitExceededException", "Resource limit exceeded.");
  }
  MetricFilter filter;
  filter.name = name;
  filter.pattern = pattern;
  filter.creation_time = to_millis(ctx.now);
  filter.apply_on_transformed_logs = in.flag("applyOnTransformedLogs");
  for (const aws::Input& t : in.subs("metricTransformations")) {
    MetricTransformation m;
    m.metric_name = std::string(t.str("metricName"));
    m.metric_namespace = std::string(t.str("metricNamespace"));
    m.metric_value = std::string(t.str("metricValue"));
    m.default_value = t.opt_double("defaultValue");
    m.dimensions = t.string_map("dimensions");
    m.unit = std::string(t.str("unit"));
    if (m.default_value && !m.dimensions.empty()) {
      invalid("You cannot specify a default value for a metric filter that has dimensions.");
    }
    filter.transformations.push_back(std::move(m));
  }
  group.metric_filters[name] = std::move(filter);
  return json::object{};
}

json::value describe_metric_filters(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  auto group_name = in.opt_str("logGroupName");
  auto prefix = in.opt_str("filterNamePrefix");
  auto metric_name = in.opt_str("metricName");
  auto metric_namespace = in.opt_str("metricNamespace");
  if (prefix && !group_name) {
    invalid("If you specify filterNamePrefix, you must also specify logGroupName.");
  }
  if (metric_name.has_value() != metric_namespace.has_value()) {
    invalid("If you specify metricName, you must also specify metricNamespace, and the other way round.");
  }
  if (group_name) {
    check_group_name(*group_name);
  }
  aws::Pager pager = pager_of(in);
  json::array out;
  const LogsState* state = find_state(ctx);
  if (group_name) {
    group_for_read(ctx, *group_name);
  }
  if (state != nullptr) {
    for (const auto& [gname, group] : state->groups) {
      if (group_name && gname != *group_name) {
        continue;
      }
      for (const auto& [fname, filter] : group.metric_filters) {
        if (prefix && fname.compare(0, prefix->size(), *prefix) != 0) {
          continue;
        }
        if (metric_name) {
          bool hit = std::any_of(filter.transformations.begin(), filter.transformations.end(), [&](const auto& t) {
            return t.metric_name == *metric_name && t.metric_namespace == *metric_namespace;
          });
          if (!hit) {
            continue;
          }
        }
        auto step = pager.step(gname + '\0' + fname);
        if (step == aws::Pager::Step::Skip) {
          continue;
        }
        if (step == aws::Pager::Step::Full) {
          break;
        }
        out.push_back(metric_filter_json(group, filter));
      }
    }
  }
  json::object result{{"metricFilters", std::move(out)}};
  if (pager.more()) {
    result["nextToken"] = pager.next_token();
  }
  return result;
}

json::value delete_metric_filter(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  LogGroup& group = named_group(ctx, in);
  if (group.metric_filters.erase(std::string(in.str("filterName"))) == 0) {
    no_resource();
  }
  return json::object{};
}

json::value put_subscription_filter(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  auto [group_name, name] = group_and(in, "filterName");
  std::string pattern(in.str("filterPattern"));
  FilterPattern::parse(pattern);
  std::string destination(in.str("destinationArn"));
  if (destination.substr(0, 4) != "arn:") {
    invalid(fmt::format("Invalid destinationArn: {}", destination));
  }
  LogGroup& group = find_group(ctx.store().logs, group_name);
  if (!group.subscription_filters.contains(name) && group.subscription_filters.size() >= kMaxSubscriptionFilters) {
    throw aws::ServiceError("LimitExceededException", "Resource limit exceeded.");
  }
  SubscriptionFilter filter;
  filter.name = name;
  filter.pattern = pattern;
  filter.destination_arn = destination;
  filter.role_arn = std::string(in.str("roleArn"));
  filter.distribution = std::string(in.str("distribution", "ByLogStream"));
  filter.apply_on_transformed_logs = in.flag("applyOnTransformedLogs");
  filter.creation_time = to_millis(ctx.now);
  group.subscription_filters[name] = std::move(filter);
  return json::object{};
}

json::value describe_subscription_filters(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string group_name(in.str("logGroupName"));
  check_group_name(group_name);
  auto prefix = in.opt_str("filterNamePrefix");
  aws::Pager pager = pager_of(in);
  const LogGroup& group = group_for_read(ctx, group_name);
  auto named = [&](const auto& entry) { return !prefix || entry.first.compare(0, prefix->size(), *prefix) == 0; };
  json::object result{{"subscriptionFilters",
                       pager.take(group.subscription_filters, aws::first_key, named,
                                  [&](const auto& entry) { return subscription_filter_json(group, entry.second); })}};
  pager.finish(result, "nextToken");
  return result;
}

json::value delete_subscription_filter(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  LogGroup& group = named_group(ctx, in);
  if (group.subscription_filters.erase(std::string(in.str("filterName"))) == 0) {
    throw aws::ServiceError("ResourceNotFoundException", "The specified subscription filter does not exist.");
  }
  return json::object{};
}

json::value test_metric_filter(aws::RequestContext& /*ctx*/, const json::object& input) {
  aws::Input in(input);
  FilterPattern pattern = FilterPattern::parse(in.str("filterPattern"));
  json::array matches;
  std::int64_t number = 0;
  for (const auto& message : in.strings("logEventMessages")) {
    ++number;
    FilterPattern::Extracted extracted;
    if (!pattern.match(message, &extracted)) {
      continue;
    }
    json::object values;
    for (const auto& [k, v] : extracted) {
      values[k] = v;
    }
    matches.push_back(json::object{{"eventNumber", number}, {"eventMessage", message}, {"extractedValues", values}});
  }
  return json::object{{"matches", std::move(matches)}};
}

}  // namespace ecsemu::logs
