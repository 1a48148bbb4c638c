// Secrets Manager: a secret's lifecycle and its values (Create/Get/Put/Update/Describe/Delete/Restore).
#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "services/secretsmanager/secretsmanager_errors.hpp"
#include "services/secretsmanager/secretsmanager_handlers.hpp"
#include "services/secretsmanager/secretsmanager_internal.hpp"
#include "services/secretsmanager/secretsmanager_views.hpp"
#include "state/world.hpp"

namespace ecsemu::secretsmanager {

namespace json = boost::json;

namespace {

constexpr std::string_view kSuffixAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr double kDay = 86400;

json::array stages_json(const SecretVersion& v) {
  json::array out;
  for (const auto& s : v.stages) {
    out.emplace_back(s);
  }
  return out;
}

// Adds the request's value as a new version (or, for a ClientRequestToken naming an existing version with the same
// value, nothing). Returns the version's id.
std::string write_version(aws::RequestContext& ctx, Secret& secret, const NewValue& value, const aws::Input& in,
                          std::vector<std::string> stages) {
  std::string id(in.str("ClientRequestToken"));
  if (!id.empty()) {
    if (const SecretVersion* existing = secret.version(id)) {
      if (!existing->same_value(value.string_value, value.binary_value)) {
        throw errors::version_exists();
      }
      return id;
    }
  } else {
    id = ctx.ids->uuid();
  }
  SecretVersion v;
  v.id = id;
  v.string_value = value.string_value;
  v.binary_value = value.binary_value;
  v.stages = std::move(stages);
  v.created = ctx.now_seconds();
  add_version(secret, std::move(v));
  secret.last_changed = ctx.now_seconds();
  return id;
}

}  // namespace

NewValue value_of(const aws::Input& in) {
  NewValue out;
  if (auto s = in.opt_str("SecretString")) {
    out.string_value = std::string(*s);
  }
  if (auto b = in.opt_str("SecretBinary")) {
    out.binary_value = std::string(*b);
  }
  if (out.string_value && out.binary_value) {
    throw errors::invalid_parameter(
        "You can't specify both a binary secret value and a string secret value in the same secret.");
  }
  return out;
}

Tags tags_of(const aws::Input& in) {
  Tags tags;
  for (const auto& t : in.subs("Tags")) {
    std::string key(t.str("Key"));
    std::string value(t.str("Value"));
    auto it = std::find_if(tags.begin(), tags.end(), [&](const auto& p) { return p.first == key; });
    if (it != tags.end()) {
      it->second = std::move(value);
    } else {
      tags.emplace_back(std::move(key), std::move(value));
    }
  }
  return tags;
}

Secret& existing_secret(aws::RequestContext& ctx, std::string_view secret_id) {
  SecretsManagerState& state = ctx.store().secretsmanager;
  purge_deleted(state, ctx.now_seconds());
  Secret* secret = find_secret(state, secret_id, ctx.now_seconds());
  if (secret == nullptr) {
    throw errors::not_found();
  }
  return *secret;
}

void check_not_deleted(const Secret& secret) {
  if (secret.scheduled_for_deletion()) {
    throw errors::marked_for_deletion();
  }
}

json::value create_secret(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name(in.str("Name"));
  check_name(name);
  NewValue value = value_of(in);
  SecretsManagerState& state = ctx.store().secretsmanager;
  purge_deleted(state, ctx.now_seconds());
  if (auto it = state.secrets.find(name); it != state.secrets.end()) {
    Secret& secret = it->second;
    if (secret.scheduled_for_deletion()) {
      throw errors::invalid_request(
          "You can't create this secret because a secret with this name is already scheduled for deletion.");
    }
    std::string token(in.str("ClientRequestToken"));
    if (const SecretVersion* v = token.empty() ? nullptr : secret.version(token)) {
      if (!v->same_value(value.string_value, value.binary_value)) {
        throw errors::version_exists();
      }
      return json::object{{"ARN", secret.arn}, {"Name", secret.name}, {"VersionId", v->id}};
    }
    throw aws::ServiceError("ResourceExistsException",
                            fmt::format("The operation failed because the secret {} already exists.", name));
  }
  Secret secret;
  secret.name = name;
  secret.arn = secret_arn(ctx.region, ctx.account_id, name, ctx.ids->chars(6, kSuffixAlphabet));
  secret.description = std::string(in.str("Description"));
  secret.kms_key_id = std::string(in.str("KmsKeyId"));
  secret.tags = tags_of(in);
  secret.created = ctx.now_seconds();
  secret.last_changed = ctx.now_seconds();
  json::object out{{"ARN", secret.arn}, {"Name", secret.name}};
  if (value.string_value || value.binary_value) {
    out["VersionId"] = write_version(ctx, secret, value, in, {std::string(kCurrent)});
  }
  state.secrets.emplace(name, std::move(secret));
  return out;
}

json::value get_secret_value(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  const Secret* secret = find_secret(std::as_const(ctx.store().secretsmanager), in.str("SecretId"), ctx.now_seconds());
  if (secret == nullptr) {
    throw errors::not_found();
  }
  check_not_deleted(*secret);
  std::string_view stage = in.str("VersionStage");
  const SecretVersion* v = nullptr;
  if (auto id = in.opt_str("VersionId")) {
    v = secret->version(*id);
    if (v == nullptr) {
      throw errors::no_value_for_version(*id);
    }
    if (!stage.empty() && !v->has_stage(stage)) {
      throw errors::invalid_request("You provided a VersionStage that is not associated to the provided VersionId.");
    }
  } else {
    if (stage.empty()) {
      stage = kCurrent;
    }
    v = secret->version_with_stage(stage);
    if (v == nullptr) {
      throw errors::no_value_for_stage(stage);
    }
  }
  return secret_value_json(*secret, *v);
}

json::value put_secret_value(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Secret& secret = existing_secret(ctx, in.str("SecretId"));
  check_not_deleted(secret);
  NewValue value = value_of(in);
  if (!value.string_value && !value.binary_value) {
    throw errors::invalid_request("You must provide either SecretString or SecretBinary.");
  }
  std::vector<std::string> stages = in.strings("VersionStages");
  if (!in.has("VersionStages")) {
    stages.emplace_back(kCurrent);
  }
  std::string id = write_version(ctx, secret, value, in, std::move(stages));
  return json::object{{"ARN", secret.arn},
                      {"Name", secret.name},
                      {"VersionId", id},
                      {"VersionStages", stages_json(*secret.version(id))}};
}

json::value update_secret(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Secret& secret = existing_secret(ctx, in.str("SecretId"));
  check_not_deleted(secret);
  NewValue value = value_of(in);
  if (auto d = in.opt_str("Description")) {
    secret.description = std::string(*d);
  }
  if (auto k = in.opt_str("KmsKeyId")) {
    secret.kms_key_id = std::string(*k);
  }
  secret.last_changed = ctx.now_seconds();
  json::object out{{"ARN", secret.arn}, {"Name", secret.name}};
  if (value.string_value || value.binary_value) {
    out["VersionId"] = write_version(ctx, secret, value, in, {std::string(kCurrent)});
  }
  return out;
}

json::value describe_secret(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  const Secret* secret = find_secret(std::as_const(ctx.store().secretsmanager), in.str("SecretId"), ctx.now_seconds());
  if (secret == nullptr) {
    throw errors::not_found();
  }
  return describe_secret_json(*secret);
}

json::value delete_secret(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  bool force = in.flag("ForceDeleteWithoutRecovery");
  auto window = in.opt_int("RecoveryWindowInDays");
  if (force && window) {
    throw errors::invalid_parameter(
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  }
  if (window && (*window < 7 || *window > 30)) {
    throw errors::invalid_parameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
  }
  Secret& secret = existing_secret(ctx, in.str("SecretId"));
  if (secret.scheduled_for_deletion() && !force) {
    throw errors::invalid_request(
        "You can't perform this operation on the secret because it was already scheduled for deletion.");
  }
  json::object out{{"ARN", secret.arn}, {"Name", secret.name}};
  if (force) {
    out["DeletionDate"] = ctx.now_seconds();
    std::string name = secret.name;
    ctx.store().secretsmanager.secrets.erase(name);
    return out;
  }
  secret.deletion_date = ctx.now_seconds() + static_cast<double>(window.value_or(30)) * kDay;
  out["DeletionDate"] = *secret.deletion_date;
  return out;
}

json::value restore_secret(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Secret& secret = existing_secret(ctx, in.str("SecretId"));
  secret.deletion_date.reset();
  return json::object{{"ARN", secret.arn}, {"Name", secret.name}};
}

}  // namespace ecsemu::secretsmanager
