#include "services/ecs/ecs_account_setting_model.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ecsemu::ecs {

const std::vector<AccountSettingInfo>& account_setting_catalog() {
  static const std::vector<AccountSettingInfo> kCatalog = {
      {"serviceLongArnFormat", "enabled", false},
      {"taskLongArnFormat", "enabled", false},
      {"containerInstanceLongArnFormat", "enabled", false},
      {"awsvpcTrunking", "disabled", false},
      {"containerInsights", "disabled", false},
      {"fargateFIPSMode", "disabled", true},
      {"tagResourceAuthorization", "on", false},
      {"fargateTaskRetirementWaitPeriod", "7", true},
      {"guardDutyActivate", "off", true},
      {"defaultLogDriverMode", "non-blocking", true},
      {"fargateEventWindows", "disabled", true},
  };
  return kCatalog;
}

const AccountSettingInfo* find_account_setting(std::string_view name) {
  const auto& catalog = account_setting_catalog();
  auto it = std::find_if(catalog.begin(), catalog.end(), [&](const auto& s) { return s.name == name; });
  return it == catalog.end() ? nullptr : &*it;
}

std::string root_principal_arn(std::string_view account) { return fmt::format("arn:aws:iam::{}:root", account); }

bool valid_principal_arn(std::string_view arn, std::string_view account) {
  std::string prefix = fmt::format("arn:aws:iam::{}:", account);
  if (arn.rfind(prefix, 0) != 0) {
    return false;
  }
  std::string_view resource = arn.substr(prefix.size());
  if (resource == "root") {
    return true;
  }
  for (std::string_view type : {"user/", "role/"}) {
    if (resource.rfind(type, 0) == 0 && resource.size() > type.size()) {
      return true;
    }
  }
  return false;
}

std::string account_setting_value_error(std::string_view name, std::string_view value) {
  auto one_of = [&](std::initializer_list<std::string_view> allowed) {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) {
      return std::string();
    }
    std::string list;
    for (auto a : allowed) {
      list += list.empty() ? std::string(a) : ", " + std::string(a);
    }
    return fmt::format("The value '{}' is not valid for the {} setting. Valid values: {}.", value, name, list);
  };
  if (name == "containerInsights") {
    return one_of({"enabled", "disabled", "enhanced"});
  }
  if (name == "fargateTaskRetirementWaitPeriod") {
    return one_of({"0", "7", "14"});
  }
  if (name == "defaultLogDriverMode") {
    return one_of({"blocking", "non-blocking"});
  }
  if (name == "tagResourceAuthorization" || name == "guardDutyActivate") {
    return one_of({"on", "off"});
  }
  return one_of({"enabled", "disabled"});
}

EffectiveSetting effective_account_setting(const AccountSettingStore& store, std::string_view account,
                                           std::string_view name, std::string_view principal) {
  std::string root = root_principal_arn(account);
  for (const std::string& who : {std::string(principal), root}) {
    auto p = store.by_principal.find(who);
    if (p == store.by_principal.end()) {
      continue;
    }
    auto s = p->second.find(std::string(name));
    if (s != p->second.end()) {
      return {s->second, who, true};
    }
  }
  const auto* info = find_account_setting(name);
  return {info != nullptr ? std::string(info->aws_default) : std::string(), root, false};
}

}  // namespace ecsemu::ecs
