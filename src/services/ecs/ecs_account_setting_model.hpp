#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecsemu::ecs {

// ECS account settings of one account and region (PutAccountSetting, PutAccountSettingDefault, ...).
// A setting is held per IAM principal; the account default is the root principal's setting.
struct AccountSettingStore {
  std::map<std::string, std::map<std::string, std::string>> by_principal;  // principal ARN -> name -> value
};

struct AccountSettingInfo {
  std::string_view name;
  std::string_view aws_default;
  bool account_level_only;  // may only be set for the whole account (root / PutAccountSettingDefault)
};

// The SettingName enum in its order, with the value AWS applies when nothing is set.
const std::vector<AccountSettingInfo>& account_setting_catalog();
const AccountSettingInfo* find_account_setting(std::string_view name);

std::string root_principal_arn(std::string_view account);
// True for an IAM root, user or role ARN of this account.
bool valid_principal_arn(std::string_view arn, std::string_view account);
// Empty when `value` is acceptable for the setting, else the reason it is not.
std::string account_setting_value_error(std::string_view name, std::string_view value);

struct EffectiveSetting {
  std::string value;
  std::string principal_arn;
  bool user_set = false;  // false: the AWS default
};
// The value that applies to a principal: its own setting, else the account default, else AWS's default.
EffectiveSetting effective_account_setting(const AccountSettingStore& store, std::string_view account,
                                           std::string_view name, std::string_view principal);

}  // namespace ecsemu::ecs
