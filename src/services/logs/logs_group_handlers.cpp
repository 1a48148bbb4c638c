// CloudWatch Logs: log groups, retention, deletion protection and tags (both tag APIs).
#include <ranges>
#include <regex>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/logs/logs_handlers.hpp"
#include "services/logs/logs_views.hpp"
#include "state/world.hpp"

namespace ecsemu::logs {

namespace {

constexpr std::size_t kMaxTags = 50;

[[noreturn]] void invalid(std::string message) {
  throw aws::ServiceError("InvalidParameterException", std::move(message));
}

LogsState& state_of(aws::RequestContext& ctx) { return ctx.store().logs; }

// The tags of the resource an ARN names (TagResource and friends): a log group, a destination, a delivery
// source, destination or delivery of this region and account.
std::map<std::string, std::string>& tags_by_arn(aws::RequestContext& ctx, std::string_view arn) {
  if (arn.substr(0, 4) != "arn:") {
    invalid(fmt::format("Invalid ARN: {}", arn));
  }
  LogsState& state = state_of(ctx);
  if (auto name = group_of_arn(arn, ctx.region, ctx.account_id)) {
    auto it = state.groups.find(*name);
    if (it == state.groups.end()) {
      no_resource();
    }
    return it->second.tags;
  }
  auto named = [&](std::string_view kind) -> std::optional<std::string> {
    std::string prefix = logs_arn(ctx.region, ctx.account_id, kind, "");
    if (arn.substr(0, prefix.size()) != prefix) {
      return std::nullopt;
    }
    return std::string(arn.substr(prefix.size()));
  };
  auto tags_in = [&](auto& map, const std::optional<std::string>& key) -> std::map<std::string, std::string>* {
    if (!key) {
      return nullptr;
    }
    auto it = map.find(*key);
    if (it == map.end()) {
      no_resource();
    }
    return &it->second.tags;
  };
  if (auto* tags = tags_in(state.destinations, named("destination"))) {
    return *tags;
  }
  if (auto* tags = tags_in(state.delivery_sources, named("delivery-source"))) {
    return *tags;
  }
  if (auto* tags = tags_in(state.delivery_destinations, named("delivery-destination"))) {
    return *tags;
  }
  if (auto* tags = tags_in(state.deliveries, named("delivery"))) {
    return *tags;
  }
  no_resource();
}

void add_tags(std::map<std::string, std::string>& current, const std::vector<std::pair<std::string, std::string>>& tags,
              bool by_arn) {
  std::map<std::string, std::string> merged = current;
  for (const auto& [k, v] : tags) {
    merged[k] = v;
  }
  if (merged.size() > kMaxTags) {
    if (by_arn) {
      throw aws::ServiceError("TooManyTagsException",
                              fmt::format("A resource can have no more than {} tags.", kMaxTags));
    }
    invalid(fmt::format("A log group can have no more than {} tags.", kMaxTags));
  }
  current = std::move(merged);
}

}  // namespace

[[noreturn]] void invalid_token() { invalid("The specified nextToken is invalid."); }

aws::Pager pager_of(const aws::Input& in) {
  aws::Pager pager(in.opt_str("nextToken"), static_cast<std::size_t>(in.int_or("limit", 50)));
  if (!pager.valid()) {
    invalid_token();
  }
  return pager;
}

const LogsState* find_state(const aws::RequestContext& ctx) {
  const state::RegionStore* store = ctx.world->find(ctx.account_id, ctx.region);
  return store == nullptr ? nullptr : &store->logs;
}

[[noreturn]] void no_resource() {
  throw aws::ServiceError("ResourceNotFoundException", "The specified resource does not exist.");
}

GroupAnd group_and(const aws::Input& in, std::string_view member) {
  GroupAnd out{std::string(in.str("logGroupName")), std::string(in.str(member))};
  check_group_name(out.group);
  if (member == "logStreamName") {
    check_stream_name(out.name);
  } else {
    check_filter_name(out.name);
  }
  return out;
}

LogGroup& named_group(aws::RequestContext& ctx, const aws::Input& in) {
  std::string name(in.str("logGroupName"));
  check_group_name(name);
  return find_group(ctx.store().logs, name);
}

std::string requested_group(const aws::RequestContext& ctx, const aws::Input& in) {
  auto name = in.opt_str("logGroupName");
  auto identifier = in.opt_str("logGroupIdentifier");
  if (name && identifier) {
    invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  }
  if (!name && !identifier) {
    invalid("Should provide either logGroupName or logGroupIdentifier.");
  }
  if (name) {
    check_group_name(*name);
    return std::string(*name);
  }
  return group_of_identifier(*identifier, ctx.region, ctx.account_id);
}

json::value create_log_group(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name(in.str("logGroupName"));
  check_group_name(name);
  auto tags = in.string_map("tags");
  if (tags.size() > kMaxTags) {
    invalid(fmt::format("A log group can have no more than {} tags.", kMaxTags));
  }
  LogsState& state = state_of(ctx);
  if (state.groups.contains(name)) {
    throw aws::ServiceError("ResourceAlreadyExistsException", "The specified log group already exists");
  }
  LogGroup group;
  group.name = name;
  group.creation_time = to_millis(ctx.now);
  group.kms_key_id = std::string(in.str("kmsKeyId"));
  group.log_group_class = std::string(in.str("logGroupClass", "STANDARD"));
  group.deletion_protection = in.flag("deletionProtectionEnabled");
  for (auto& [k, v] : tags) {
    group.tags[k] = v;
  }
  state.groups.emplace(name, std::move(group));
  return json::object{};
}

json::value delete_log_group(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name(in.str("logGroupName"));
  check_group_name(name);
  LogsState& state = state_of(ctx);
  LogGroup& group = find_group(state, name);
  if (group.deletion_protection) {
    throw aws::ServiceError("ValidationException",
                            "Log group deletion protection is enabled. Disable it before deleting the log group.");
  }
  state.groups.erase(name);
  return json::object{};
}

json::value describe_log_groups(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  auto prefix = in.opt_str("logGroupNamePrefix");
  auto pattern = in.opt_str("logGroupNamePattern");
  auto identifiers = in.strings("logGroupIdentifiers");
  if (prefix && pattern) {
    invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
  }
  if (!identifiers.empty() && (prefix || pattern)) {
    invalid("LogGroup identifiers and LogGroup name prefix or pattern are mutually exclusive parameters.");
  }
  if (prefix) {
    check_group_name(*prefix, "logGroupNamePrefix");
  }
  std::vector<std::string> wanted;
  for (const auto& id : identifiers) {
    if (id.substr(0, 4) == "arn:") {
      if (auto n = group_of_arn(id, ctx.region, ctx.account_id)) {
        wanted.push_back(*n);
      }
    } else {
      wanted.push_back(id);
    }
  }
  auto klass = in.opt_str("logGroupClass");
  aws::Pager pager = pager_of(in);
  auto wanted_group = [&](const auto& entry) {
    const auto& [name, group] = entry;
    return (!prefix || name.compare(0, prefix->size(), *prefix) == 0) &&
           (!pattern || name.find(*pattern) != std::string::npos) &&
           (wanted.empty() || std::find(wanted.begin(), wanted.end(), name) != wanted.end()) &&
           (!klass || group.log_group_class == *klass);
  };
  auto show = [&](const auto& entry) { return log_group_json(ctx.region, ctx.account_id, entry.second); };
  json::object result{{"logGroups", json::array{}}};
  if (const LogsState* state = find_state(ctx)) {
    auto from = pager.after() ? state->groups.upper_bound(*pager.after()) : state->groups.begin();
    result["logGroups"] =
        pager.take(std::ranges::subrange(from, state->groups.end()), aws::first_key, wanted_group, show);
  }
  pager.finish(result, "nextToken");
  return result;
}

json::value list_log_groups(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::optional<std::regex> pattern;
  if (auto p = in.opt_str("logGroupNamePattern")) {
    try {
      pattern.emplace(std::string(*p), std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      invalid(fmt::format("Invalid logGroupNamePattern: {}", *p));
    }
  }
  auto klass = in.opt_str("logGroupClass");
  aws::Pager pager = pager_of(in);
  auto wanted = [&](const auto& entry) {
    return (!pattern || std::regex_search(entry.first, *pattern)) && (!klass || entry.second.log_group_class == *klass);
  };
  auto show = [&](const auto& entry) {
    return json::object{{"logGroupName", entry.first},
                        {"logGroupArn", group_arn(ctx.region, ctx.account_id, entry.first)},
                        {"logGroupClass", entry.second.log_group_class}};
  };
  json::object result{{"logGroups", json::array{}}};
  if (const LogsState* state = find_state(ctx)) {
    result["logGroups"] = pager.take(state->groups, aws::first_key, wanted, show);
  }
  pager.finish(result, "nextToken");
  return result;
}

json::value put_retention_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name(in.str("logGroupName"));
  check_group_name(name);
  std::int64_t days = in.int_or("retentionInDays", 0);
  check_retention(days);
  LogGroup& group = find_group(state_of(ctx), name);
  group.retention_days = static_cast<int>(days);
  enforce_retention(group, to_millis(ctx.now));
  return json::object{};
}

json::value delete_retention_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name(in.str("logGroupName"));
  check_group_name(name);
  find_group(state_of(ctx), name).retention_days.reset();
  return json::object{};
}

json::value put_log_group_deletion_protection(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name = group_of_identifier(in.str("logGroupIdentifier"), ctx.region, ctx.account_id);
  find_group(state_of(ctx), name).deletion_protection = in.flag("deletionProtectionEnabled");
  return json::object{};
}

json::value tag_log_group(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name(in.str("logGroupName"));
  check_group_name(name);
  add_tags(find_group(state_of(ctx), name).tags, in.string_map("tags"), false);
  return json::object{};
}

json::value untag_log_group(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name(in.str("logGroupName"));
  check_group_name(name);
  LogGroup& group = find_group(state_of(ctx), name);
  for (const auto& key : in.strings("tags")) {
    group.tags.erase(key);
  }
  return json::object{};
}

json::value list_tags_log_group(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name(in.str("logGroupName"));
  check_group_name(name);
  const LogsState* state = find_state(ctx);
  if (state == nullptr) {
    throw aws::ServiceError("ResourceNotFoundException", "The specified log group does not exist.");
  }
  return json::object{{"tags", tags_json(find_group(*state, name).tags)}};
}

json::value tag_resource(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string_view arn = in.str("resourceArn");
  add_tags(tags_by_arn(ctx, arn), in.string_map("tags"), true);
  return json::object{};
}

json::value untag_resource(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  auto& tags = tags_by_arn(ctx, in.str("resourceArn"));
  for (const auto& key : in.strings("tagKeys")) {
    tags.erase(key);
  }
  return json::object{};
}

json::value list_tags_for_resource(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  return json::object{{"tags", tags_json(tags_by_arn(ctx, in.str("resourceArn")))}};
}

}  // namespace ecsemu::logs
