// CloudWatch Logs: resource policies (PutResourcePolicy and friends) and subscription destinations
// (PutDestination and friends). Both are stored and listed; policies are not evaluated and nothing is delivered
// to a destination.
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/logs/logs_handlers.hpp"
#include "services/logs/logs_views.hpp"
#include "state/world.hpp"

namespace ecsemu::logs {

namespace {

[[noreturn]] void invalid(std::string message) {
  throw aws::ServiceError("InvalidParameterException", std::move(message));
}

// The documentation asks for "a JSON string"; the document is checked to be JSON, its statements are not read.
void check_policy_json(std::string_view document, std::string_view member) {
  boost::system::error_code ec;
  json::parse(document, ec);
  if (ec) {
    invalid(fmt::format("The {} is not a valid JSON policy document.", member));
  }
}

Destination& find_destination(LogsState& state, std::string_view name) {
  auto it = state.destinations.find(std::string(name));
  if (it == state.destinations.end()) {
    throw aws::ServiceError("ResourceNotFoundException", "The specified destination does not exist.");
  }
  return it->second;
}

}  // namespace

json::value put_resource_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name(in.str("policyName"));
  std::string resource_arn(in.str("resourceArn"));
  std::string_view document = in.str("policyDocument");
  if (name.empty() && resource_arn.empty()) {
    invalid("Either policyName or resourceArn must be specified.");
  }
  if (document.empty()) {
    invalid("policyDocument must be specified.");
  }
  check_policy_json(document, "policyDocument");
  LogsState& state = ctx.store().logs;
  if (!resource_arn.empty()) {
    auto group = group_of_arn(resource_arn, ctx.region, ctx.account_id);
    if (!group || state.groups.count(*group) == 0) {
      throw aws::ServiceError("ResourceNotFoundException", "The specified log group does not exist.");
    }
  }
  auto it = std::find_if(state.resource_policies.begin(), state.resource_policies.end(),
                         [&](const ResourcePolicy& p) { return p.name == name && p.resource_arn == resource_arn; });
  if (auto expected = in.opt_str("expectedRevisionId");
      expected && (it == state.resource_policies.end() || it->revision_id != *expected)) {
    throw aws::ServiceError("OperationAbortedException",
                            "The expected revision id does not match the policy's current revision id.");
  }
  if (it == state.resource_policies.end()) {
    if (resource_arn.empty() && std::count_if(state.resource_policies.begin(), state.resource_policies.end(),
                                              [](const ResourcePolicy& p) { return p.resource_arn.empty(); }) >=
                                    static_cast<std::ptrdiff_t>(kMaxResourcePolicies)) {
      throw aws::ServiceError("LimitExceededException", "Resource limit exceeded.");
    }
    state.resource_policies.push_back(ResourcePolicy{name, "", resource_arn, "", 0, state.next_seq++});
    it = std::prev(state.resource_policies.end());
  }
  it->document = std::string(document);
  it->revision_id = ctx.ids->hex(32);
  it->last_updated = to_millis(ctx.now);
  return json::object{{"resourcePolicy", resource_policy_json(*it)}, {"revisionId", it->revision_id}};
}

json::value describe_resource_policies(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  aws::Pager pager = pager_of(in);
  auto resource_arn = in.opt_str("resourceArn");
  auto scope = in.opt_str("policyScope");
  auto wanted = [&](const ResourcePolicy& policy) {
    return (!resource_arn || policy.resource_arn == *resource_arn) &&
           (!scope || (*scope == "ACCOUNT") == policy.resource_arn.empty());
  };
  json::object result{
      {"resourcePolicies", pager.take(
                               ctx.store().logs.resource_policies,
                               [](const ResourcePolicy& policy) { return fmt::format("{:020}", policy.order); }, wanted,
                               [](const ResourcePolicy& policy) { return resource_policy_json(policy); })}};
  pager.finish(result, "nextToken");
  return result;
}

json::value delete_resource_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string_view name = in.str("policyName");
  std::string_view resource_arn = in.str("resourceArn");
  auto& policies = ctx.store().logs.resource_policies;
  auto it = std::find_if(policies.begin(), policies.end(),
                         [&](const ResourcePolicy& p) { return p.name == name && p.resource_arn == resource_arn; });
  if (it == policies.end()) {
    throw aws::ServiceError("ResourceNotFoundException", fmt::format("Policy with name [{}] does not exist", name));
  }
  if (auto expected = in.opt_str("expectedRevisionId"); expected && it->revision_id != *expected) {
    throw aws::ServiceError("OperationAbortedException",
                            "The expected revision id does not match the policy's current revision id.");
  }
  policies.erase(it);
  return json::object{};
}

json::value put_destination(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name(in.str("destinationName"));
  check_filter_name(name);
  LogsState& state = ctx.store().logs;
  auto [it, created] = state.destinations.try_emplace(name);
  Destination& destination = it->second;
  if (created) {
    destination.name = name;
    destination.creation_time = to_millis(ctx.now);
    for (auto& [key, value] : in.string_map("tags")) {
      destination.tags[key] = value;
    }
  }
  destination.target_arn = std::string(in.str("targetArn"));
  destination.role_arn = std::string(in.str("roleArn"));
  return json::object{{"destination", destination_json(ctx.region, ctx.account_id, destination)}};
}

json::value put_destination_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string_view policy = in.str("accessPolicy");
  check_policy_json(policy, "accessPolicy");
  find_destination(ctx.store().logs, in.str("destinationName")).access_policy = std::string(policy);
  return json::object{};
}

json::value describe_destinations(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  aws::Pager pager = pager_of(in);
  std::string_view prefix = in.str("DestinationNamePrefix");
  std::vector<const Destination*> matching;
  for (const auto& [name, destination] : ctx.store().logs.destinations) {
    if (name.compare(0, prefix.size(), prefix) == 0) {
      matching.push_back(&destination);
    }
  }
  json::array out;
  for (const Destination* destination :
       pager.page(std::move(matching), [](const Destination* d) { return std::string_view(d->name); })) {
    out.push_back(destination_json(ctx.region, ctx.account_id, *destination));
  }
  json::object result{{"destinations", std::move(out)}};
  if (pager.more()) {
    result["nextToken"] = pager.next_token();
  }
  return result;
}

json::value delete_destination(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  LogsState& state = ctx.store().logs;
  find_destination(state, in.str("destinationName"));
  state.destinations.erase(std::string(in.str("destinationName")));
  return json::object{};
}

}  // namespace ecsemu::logs
