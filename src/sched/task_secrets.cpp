#include "sched/task_secrets.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "services/secretsmanager/secretsmanager_model.hpp"
#include "services/ssm/ssm_model.hpp"
#include "services/ssm/ssm_public_parameters.hpp"

namespace ecsemu::sched {

namespace json = boost::json;

namespace {

constexpr std::string_view kPrefix =
    "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ";

std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Field `index` of a colon-separated ARN ("arn:aws:SERVICE:REGION:ACCOUNT:...").
std::string arn_field(std::string_view arn, int index) {
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) {
    start = arn.find(':', start);
    if (start == std::string_view::npos) {
      return {};
    }
    ++start;
  }
  return std::string(arn.substr(start, arn.find(':', start) - start));
}

std::optional<std::string> ssm_value(state::World& world, std::string_view account, std::string_view region,
                                     std::string_view value_from) {
  std::string acct(account);
  std::string reg(region);
  if (value_from.rfind("arn:", 0) == 0) {
    reg = arn_field(value_from, 3);
    acct = arn_field(value_from, 4);
  }
  ssm::NameAndSelector name = ssm::split_selector(reg, acct, value_from);
  if (ssm::PublicParameter p = ssm::find_public_parameter(reg, name.name); !p.name.empty()) {
    return p.value;
  }
  state::RegionStore* store = world.find(acct, reg);
  if (store == nullptr) {
    return std::nullopt;
  }
  auto it = store->ssm.parameters.find(name.name);
  if (it == store->ssm.parameters.end()) {
    return std::nullopt;
  }
  const ssm::ParameterVersion* v = ssm::select_version(it->second, name.selector);
  if (v == nullptr) {
    return std::nullopt;
  }
  return v->value;  // SecureString values are decrypted, as the agent asks with WithDecryption
}

void set(Environment& env, std::string name, std::string value) {
  auto it = std::find_if(env.begin(), env.end(), [&](const auto& kv) { return kv.first == name; });
  if (it != env.end()) {
    it->second = std::move(value);
  } else {
    env.emplace_back(std::move(name), std::move(value));
  }
}

}  // namespace

std::optional<std::string> resolve_secrets(state::World& world, std::string_view account, std::string_view region,
                                           const json::object& def, double now, Environment& env) {
  const auto* list = def.if_contains("secrets");
  if (list == nullptr || !list->is_array()) {
    return std::nullopt;
  }
  std::vector<std::string> invalid_ssm;
  for (const auto& item : list->as_array()) {
    if (!item.is_object()) {
      continue;
    }
    std::string name = str(item.as_object(), "name");
    std::string value_from = str(item.as_object(), "valueFrom");
    if (value_from.rfind("arn:aws:secretsmanager:", 0) == 0) {
      std::string reg = arn_field(value_from, 3);
      std::string acct = arn_field(value_from, 4);
      state::RegionStore* store = world.find(acct, reg);
      secretsmanager::SecretsManagerState empty;
      secretsmanager::SecretLookup found =
          secretsmanager::resolve_secret_reference(store != nullptr ? store->secretsmanager : empty, value_from, now);
      if (!found.value) {
        return fmt::format(
            "{}unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret "
            "{} from secrets manager: {}",
            kPrefix, secretsmanager::parse_secret_reference(value_from).secret_id, found.error);
      }
      set(env, std::move(name), std::move(*found.value));
      continue;
    }
    if (auto v = ssm_value(world, account, region, value_from)) {
      set(env, std::move(name), std::move(*v));
    } else {
      invalid_ssm.push_back(value_from);
    }
  }
  if (!invalid_ssm.empty()) {
    return fmt::format(
        "{}unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid "
        "parameters: {}",
        kPrefix, fmt::join(invalid_ssm, ","));
  }
  return std::nullopt;
}

}  // namespace ecsemu::sched
