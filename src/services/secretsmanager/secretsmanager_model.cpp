#include "services/secretsmanager/secretsmanager_model.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "ecsemu/aws/service_error.hpp"

namespace ecsemu::secretsmanager {

namespace {

constexpr std::string_view kArnPrefix = "arn:aws:secretsmanager:";
constexpr std::size_t kSuffixLength = 6;  // "-" + 6 characters end every secret ARN

template <typename State>
auto* find_in(State& state, std::string_view secret_id, double now) {
  using SecretPtr = decltype(&state.secrets.begin()->second);
  auto live = [&](auto& s) { return !s.deletion_date || *s.deletion_date > now; };
  if (secret_id.rfind(kArnPrefix, 0) != 0) {
    auto it = state.secrets.find(std::string(secret_id));
    return (it != state.secrets.end() && live(it->second)) ? &it->second : SecretPtr{nullptr};
  }
  for (auto& [name, secret] : state.secrets) {
    if (!live(secret)) {
      continue;
    }
    std::string_view arn = secret.arn;
    if (arn == secret_id || arn.substr(0, arn.size() - kSuffixLength - 1) == secret_id) {
      return &secret;
    }
  }
  return SecretPtr{nullptr};
}

void remove_stage(std::vector<std::string>& stages, std::string_view stage) {
  stages.erase(std::remove(stages.begin(), stages.end(), stage), stages.end());
}

}  // namespace

bool SecretVersion::has_stage(std::string_view stage) const {
  return std::find(stages.begin(), stages.end(), stage) != stages.end();
}

bool SecretVersion::same_value(const std::optional<std::string>& s, const std::optional<std::string>& b) const {
  return string_value == s && binary_value == b;
}

SecretVersion* Secret::version(std::string_view id) {
  auto it = std::find_if(versions.begin(), versions.end(), [&](const auto& v) { return v.id == id; });
  return it == versions.end() ? nullptr : &*it;
}

const SecretVersion* Secret::version(std::string_view id) const { return const_cast<Secret*>(this)->version(id); }

const SecretVersion* Secret::version_with_stage(std::string_view stage) const {
  auto it = std::find_if(versions.begin(), versions.end(), [&](const auto& v) { return v.has_stage(stage); });
  return it == versions.end() ? nullptr : &*it;
}

std::string secret_arn(std::string_view region, std::string_view account, std::string_view name,
                       std::string_view suffix) {
  return fmt::format("{}{}:{}:secret:{}-{}", kArnPrefix, region, account, name, suffix);
}

Secret* find_secret(SecretsManagerState& state, std::string_view secret_id, double now) {
  return find_in(state, secret_id, now);
}

const Secret* find_secret(const SecretsManagerState& state, std::string_view secret_id, double now) {
  return find_in(state, secret_id, now);
}

void purge_deleted(SecretsManagerState& state, double now) {
  std::erase_if(state.secrets,
                [&](const auto& entry) { return entry.second.deletion_date && *entry.second.deletion_date <= now; });
}

void check_name(std::string_view name) {
  bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("/_+=.@-").find(c) != std::string_view::npos;
  });
  if (!ok) {
    throw aws::ServiceError("InvalidParameterException",
                            "Invalid name. Must be a valid name containing alphanumeric characters, or any of the "
                            "following: -/_+=.@!");
  }
}

void move_stage(Secret& secret, std::string_view stage, std::string_view from, std::string_view to) {
  if (!from.empty()) {
    if (SecretVersion* v = secret.version(from)) {
      remove_stage(v->stages, stage);
      if (stage == kCurrent && !to.empty() && from != to) {
        for (auto& other : secret.versions) {
          remove_stage(other.stages, kPrevious);
        }
        v->stages.emplace_back(kPrevious);
      }
    }
  }
  if (!to.empty()) {
    if (SecretVersion* v = secret.version(to); v != nullptr && !v->has_stage(stage)) {
      if (stage == kPrevious) {
        for (auto& other : secret.versions) {
          remove_stage(other.stages, kPrevious);
        }
      }
      v->stages.emplace_back(stage);
    }
  }
}

void add_version(Secret& secret, SecretVersion&& version) {
  std::vector<std::string> stages = std::move(version.stages);
  version.stages.clear();
  std::string id = version.id;
  secret.versions.push_back(std::move(version));
  for (const auto& stage : stages) {
    std::string from;
    if (const SecretVersion* holder = secret.version_with_stage(stage)) {
      from = holder->id;
    }
    if (!from.empty()) {
      move_stage(secret, stage, from, id);
    } else {
      secret.version(id)->stages.push_back(stage);
    }
  }
  while (secret.versions.size() > kMaxVersions) {
    auto it =
        std::find_if(secret.versions.begin(), secret.versions.end(), [](const auto& v) { return v.stages.empty(); });
    if (it == secret.versions.end()) {
      break;
    }
    secret.versions.erase(it);
  }
}

SecretReference parse_secret_reference(std::string_view value_from) {
  // arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME[:json-key:version-stage:version-id]: fields 0..6 are the ARN.
  SecretReference out;
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    auto colon = value_from.find(':', start);
    parts.push_back(value_from.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) {
      break;
    }
    start = colon + 1;
  }
  if (parts.size() <= 7) {
    out.secret_id = std::string(value_from);
    return out;
  }
  std::size_t arn_end = 0;
  for (std::size_t i = 0; i < 7; ++i) {
    arn_end += parts[i].size() + (i == 0 ? 0 : 1);
  }
  out.secret_id = std::string(value_from.substr(0, arn_end));
  out.json_key = std::string(parts[7]);
  if (parts.size() > 8) {
    out.version_stage = std::string(parts[8]);
  }
  if (parts.size() > 9) {
    out.version_id = std::string(parts[9]);
  }
  return out;
}

SecretLookup resolve_secret_reference(const SecretsManagerState& state, std::string_view value_from, double now) {
  SecretReference ref = parse_secret_reference(value_from);
  SecretLookup out;
  const Secret* secret = find_secret(state, ref.secret_id, now);
  if (secret == nullptr) {
    out.error = "ResourceNotFoundException: Secrets Manager can't find the specified secret.";
    return out;
  }
  if (secret->scheduled_for_deletion()) {
    out.error =
        "InvalidRequestException: You can't perform this operation on the secret because it was marked for "
        "deletion.";
    return out;
  }
  const SecretVersion* version = nullptr;
  if (!ref.version_id.empty()) {
    version = secret->version(ref.version_id);
    if (version != nullptr && !ref.version_stage.empty() && !version->has_stage(ref.version_stage)) {
      out.error =
          "InvalidRequestException: You provided a VersionStage that is not associated to the provided VersionId.";
      return out;
    }
  } else {
    version = secret->version_with_stage(ref.version_stage.empty() ? kCurrent : std::string_view(ref.version_stage));
  }
  if (version == nullptr) {
    out.error = !ref.version_id.empty()
                    ? fmt::format(
                          "ResourceNotFoundException: Secrets Manager can't find the specified secret value "
                          "for VersionId: {}",
                          ref.version_id)
                    : fmt::format(
                          "ResourceNotFoundException: Secrets Manager can't find the specified secret value "
                          "for staging label: {}",
                          ref.version_stage.empty() ? kCurrent : std::string_view(ref.version_stage));
    return out;
  }
  std::string value = version->string_value ? *version->string_value : version->binary_value.value_or("");
  if (ref.json_key.empty()) {
    out.value = std::move(value);
    return out;
  }
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(value, ec);
  if (ec || !doc.is_object()) {
    out.error = fmt::format("retrieved secret from Secrets Manager did not contain json key {}", ref.json_key);
    return out;
  }
  const boost::json::value* member = doc.as_object().if_contains(ref.json_key);
  if (member == nullptr) {
    out.error = fmt::format("retrieved secret from Secrets Manager did not contain json key {}", ref.json_key);
    return out;
  }
  out.value = member->is_string() ? std::string(member->as_string()) : boost::json::serialize(*member);
  return out;
}

std::vector<std::string> password_classes(const PasswordRules& rules) {
  auto keep = [&](std::string_view chars) {
    std::string out;
    for (char c : chars) {
      if (rules.exclude.find(c) == std::string::npos) {
        out.push_back(c);
      }
    }
    return out;
  };
  std::vector<std::string> classes;
  if (!rules.exclude_lowercase) {
    classes.push_back(keep("abcdefghijklmnopqrstuvwxyz"));
  }
  if (!rules.exclude_uppercase) {
    classes.push_back(keep("ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
  }
  if (!rules.exclude_numbers) {
    classes.push_back(keep("0123456789"));
  }
  if (!rules.exclude_punctuation) {
    classes.push_back(keep("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"));
  }
  if (rules.include_space) {
    classes.push_back(keep(" "));
  }
  std::erase_if(classes, [](const std::string& c) { return c.empty(); });
  if (classes.empty()) {
    throw aws::ServiceError("InvalidParameterException",
                            "The password can't be generated because all characters are excluded.");
  }
  if (rules.require_each_type && rules.length < classes.size()) {
    throw aws::ServiceError("InvalidParameterException",
                            "The password length is too short to include a character from each included type.");
  }
  return classes;
}

}  // namespace ecsemu::secretsmanager
