// Account settings: PutAccountSetting, PutAccountSettingDefault, DeleteAccountSetting, ListAccountSettings.
#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_account_setting_model.hpp"
#include "services/ecs/ecs_input.hpp"
#include "services/ecs/ecs_model.hpp"
#include "services/ecs/ecs_task_definition_handlers.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

[[noreturn]] void invalid(std::string message) {
  throw aws::ServiceError("InvalidParameterException", std::move(message));
}

json::object setting_view(std::string_view name, std::string_view value, std::string_view principal, bool user) {
  return json::object{
      {"name", name}, {"value", value}, {"principalArn", principal}, {"type", user ? "user" : "aws_managed"}};
}

std::string principal_of(const aws::RequestContext& ctx, const json::object& input) {
  std::string principal(string_member(input, "principalArn"));
  if (principal.empty()) {
    return root_principal_arn(ctx.account_id);
  }
  if (!valid_principal_arn(principal, ctx.account_id)) {
    invalid(
        fmt::format("The principalArn '{}' is not valid: specify the ARN of an IAM user, IAM role or the root "
                    "user of this account.",
                    principal));
  }
  return principal;
}

const AccountSettingInfo& setting_of(const json::object& input) {
  const auto* info = find_account_setting(string_member(input, "name"));
  if (info == nullptr) {
    invalid("The specified setting name is not valid.");
  }
  return *info;
}

json::value put_setting(aws::RequestContext& ctx, const json::object& input, const std::string& principal) {
  const AccountSettingInfo& info = setting_of(input);
  std::string_view value = string_member(input, "value");
  if (info.name == "guardDutyActivate") {
    invalid("The guardDutyActivate setting is read only: Amazon GuardDuty manages it for your account.");
  }
  if (info.account_level_only && principal != root_principal_arn(ctx.account_id)) {
    invalid(
        fmt::format("The {} setting can only be changed for the whole account: use PutAccountSettingDefault or "
                    "the root user.",
                    info.name));
  }
  if (std::string error = account_setting_value_error(info.name, value); !error.empty()) {
    invalid(error);
  }
  ctx.store().ecs.account_settings.by_principal[principal][std::string(info.name)] = std::string(value);
  return json::object{{"setting", setting_view(info.name, value, principal, true)}};
}

}  // namespace

json::value put_account_setting(aws::RequestContext& ctx, const json::object& input) {
  if (string_member(input, "name") == "fargateFIPSMode") {
    invalid("The fargateFIPSMode setting can only be changed with PutAccountSettingDefault.");
  }
  return put_setting(ctx, input, principal_of(ctx, input));
}

json::value put_account_setting_default(aws::RequestContext& ctx, const json::object& input) {
  return put_setting(ctx, input, root_principal_arn(ctx.account_id));
}

json::value delete_account_setting(aws::RequestContext& ctx, const json::object& input) {
  const AccountSettingInfo& info = setting_of(input);
  std::string principal = principal_of(ctx, input);
  auto& by_principal = ctx.store().ecs.account_settings.by_principal;
  auto p = by_principal.find(principal);
  auto s = p == by_principal.end() ? decltype(p->second.end())() : p->second.find(std::string(info.name));
  if (p == by_principal.end() || s == p->second.end()) {
    invalid(fmt::format("The {} setting is not set for the principal '{}'.", info.name, principal));
  }
  json::object view = setting_view(info.name, s->second, principal, true);
  p->second.erase(s);
  if (p->second.empty()) {
    by_principal.erase(p);
  }
  return json::object{{"setting", std::move(view)}};
}

json::value list_account_settings(aws::RequestContext& ctx, const json::object& input) {
  std::size_t limit = 10;
  if (const auto* v = input.if_contains("maxResults"); v != nullptr && v->is_int64()) {
    if (v->as_int64() < 1 || v->as_int64() > 10) {
      invalid("maxResults must be between 1 and 10.");
    }
    limit = static_cast<std::size_t>(v->as_int64());
  }
  std::string principal = principal_of(ctx, input);
  std::string_view name_filter = string_member(input, "name");
  std::string_view value_filter = string_member(input, "value");
  if (!value_filter.empty() && name_filter.empty()) {
    invalid("The value parameter can only be used together with the name parameter.");
  }
  const auto* effective = input.if_contains("effectiveSettings");
  bool effective_settings = effective != nullptr && effective->is_bool() && effective->as_bool();
  const auto& catalog = account_setting_catalog();
  std::size_t start = 0;
  if (const auto* token = input.if_contains("nextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    const auto* info = last ? find_account_setting(*last) : nullptr;
    if (info == nullptr) {
      invalid("Invalid token");
    }
    start = static_cast<std::size_t>(info - catalog.data()) + 1;
  }
  const AccountSettingStore& store = ctx.store().ecs.account_settings;
  json::array settings;
  std::string last;
  bool more = false;
  for (std::size_t i = start; i < catalog.size(); ++i) {
    std::string_view name = catalog[i].name;
    if (!name_filter.empty() && name != name_filter) {
      continue;
    }
    EffectiveSetting setting = effective_account_setting(store, ctx.account_id, name, principal);
    if (!effective_settings && (!setting.user_set || setting.principal_arn != principal)) {
      continue;
    }
    if (!value_filter.empty() && setting.value != value_filter) {
      continue;
    }
    if (settings.size() == limit) {
      more = true;
      break;
    }
    settings.push_back(setting_view(name, setting.value, setting.principal_arn, setting.user_set));
    last = std::string(name);
  }
  json::object out{{"settings", std::move(settings)}};
  if (more) {
    out["nextToken"] = aws::encode_page_token(last);
  }
  return out;
}

}  // namespace ecsemu::ecs
