// Auto Scaling lifecycle hooks: Put/Describe/Delete, CompleteLifecycleAction, RecordLifecycleActionHeartbeat.
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/autoscaling/autoscaling_handlers.hpp"
#include "services/autoscaling/autoscaling_reconcile.hpp"
#include "services/autoscaling/autoscaling_views.hpp"
#include "state/world.hpp"

namespace ecsemu::autoscaling {

namespace json = boost::json;
using namespace aws::members;

namespace {

constexpr std::size_t kMaxHooks = 50;

[[noreturn]] void validation(std::string message) { throw aws::ServiceError("ValidationError", std::move(message)); }

LifecycleHook* find_named_hook(Group& g, std::string_view name) {
  for (auto& h : g.hooks) {
    if (h.name == name) {
      return &h;
    }
  }
  return nullptr;
}

// The instance waiting on the hook that the request names (by instance id or action token).
GroupInstance& waiting_instance(Group& g, const json::object& input) {
  std::string_view hook = string_member(input, "LifecycleHookName");
  if (find_named_hook(g, hook) == nullptr) {
    validation(fmt::format("No Lifecycle Hook found with name {} for group {}", hook, g.name));
  }
  std::string_view id = string_member(input, "InstanceId");
  std::string_view token = string_member(input, "LifecycleActionToken");
  if (id.empty() && token.empty()) {
    validation("Either InstanceId or LifecycleActionToken must be specified.");
  }
  for (auto& i : g.instances) {
    bool named = id.empty() ? i.action_token == token : i.id == id && (token.empty() || i.action_token == token);
    if (named && i.action_hook == hook && i.lifecycle_state.ends_with(":Wait")) {
      return i;
    }
  }
  if (!id.empty()) {
    validation(fmt::format("No active Lifecycle Action found with instance ID {}", id));
  }
  validation(fmt::format("No active Lifecycle Action found with token {}", token));
}

}  // namespace

json::value put_lifecycle_hook(aws::RequestContext& ctx, const json::object& input) {
  Group& g = require_group(ctx.store().autoscaling, string_member(input, "AutoScalingGroupName"));
  std::string name(string_member(input, "LifecycleHookName"));
  LifecycleHook* existing = find_named_hook(g, name);
  LifecycleHook hook = existing != nullptr ? *existing : LifecycleHook{name};
  if (existing == nullptr && !has_member(input, "LifecycleTransition")) {
    validation("LifecycleTransition must be specified when creating a lifecycle hook.");
  }
  hook.transition = std::string(string_member(input, "LifecycleTransition", hook.transition));
  hook.default_result = std::string(string_member(input, "DefaultResult", hook.default_result));
  hook.heartbeat_timeout = int_member(input, "HeartbeatTimeout").value_or(hook.heartbeat_timeout);
  hook.notification_metadata = std::string(string_member(input, "NotificationMetadata", hook.notification_metadata));
  hook.notification_target_arn =
      std::string(string_member(input, "NotificationTargetARN", hook.notification_target_arn));
  hook.role_arn = std::string(string_member(input, "RoleARN", hook.role_arn));
  check_hook_spec(hook);
  if (existing != nullptr) {
    *existing = std::move(hook);
  } else {
    if (g.hooks.size() >= kMaxHooks) {
      throw aws::ServiceError("LimitExceeded",
                              fmt::format("Limit of {} lifecycle hooks per Auto Scaling group exceeded", kMaxHooks));
    }
    g.hooks.push_back(std::move(hook));
  }
  return json::object{};
}

json::value describe_lifecycle_hooks(aws::RequestContext& ctx, const json::object& input) {
  Group& g = require_group(ctx.store().autoscaling, string_member(input, "AutoScalingGroupName"));
  std::vector<std::string> names = string_list(input, "LifecycleHookNames");
  json::array out;
  for (const auto& h : g.hooks) {
    if (names.empty() || std::find(names.begin(), names.end(), h.name) != names.end()) {
      out.push_back(hook_json(g, h));
    }
  }
  return json::object{{"LifecycleHooks", std::move(out)}};
}

json::value delete_lifecycle_hook(aws::RequestContext& ctx, const json::object& input) {
  Group& g = require_group(ctx.store().autoscaling, string_member(input, "AutoScalingGroupName"));
  std::string_view name = string_member(input, "LifecycleHookName");
  if (find_named_hook(g, name) == nullptr) {
    validation(fmt::format("No Lifecycle Hook found with name {} for group {}", name, g.name));
  }
  // Instances the hook holds continue with its default result.
  for (auto& i : g.instances) {
    if (i.action_hook == name && i.lifecycle_state.ends_with(":Wait")) {
      i.action_deadline = 0;
    }
  }
  g.hooks.erase(std::remove_if(g.hooks.begin(), g.hooks.end(), [&](const auto& h) { return h.name == name; }),
                g.hooks.end());
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, g, now_seconds(ctx));
  return json::object{};
}

json::value complete_lifecycle_action(aws::RequestContext& ctx, const json::object& input) {
  Group& g = require_group(ctx.store().autoscaling, string_member(input, "AutoScalingGroupName"));
  std::string result(string_member(input, "LifecycleActionResult"));
  if (result != "CONTINUE" && result != "ABANDON") {
    validation(fmt::format("Invalid LifecycleActionResult: {}. Valid values are CONTINUE and ABANDON", result));
  }
  GroupInstance& i = waiting_instance(g, input);
  bool launching = i.lifecycle_state.rfind("Pending", 0) == 0;
  i.lifecycle_state = launching ? "Pending:Proceed" : "Terminating:Proceed";
  i.action_result = result;
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, g, now_seconds(ctx));
  return json::object{};
}

json::value record_lifecycle_action_heartbeat(aws::RequestContext& ctx, const json::object& input) {
  Group& g = require_group(ctx.store().autoscaling, string_member(input, "AutoScalingGroupName"));
  GroupInstance& i = waiting_instance(g, input);
  const LifecycleHook* hook = find_named_hook(g, i.action_hook);
  i.action_deadline = now_seconds(ctx) + static_cast<double>(hook->heartbeat_timeout);
  return json::object{};
}

}  // namespace ecsemu::autoscaling
