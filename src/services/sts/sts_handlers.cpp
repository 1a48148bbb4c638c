// STS: GetCallerIdentity (the signer's real identity), AssumeRole, AssumeRoleWithWebIdentity (no identity provider
// is asked: see README), GetSessionToken, GetAccessKeyInfo.
#include "services/sts/sts_handlers.hpp"

#include <fmt/format.h>
#include <boost/json/parse.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "protocol/base64.hpp"
#include "services/iam/iam_policy_document.hpp"
#include "services/sts/sts_sessions.hpp"

namespace ecsemu::sts {

namespace json = boost::json;

namespace {

constexpr long kDefaultDuration = 3600;
constexpr long kChainedMaxDuration = 3600;
constexpr std::string_view kKeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kSecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string caller_arn(const aws::RequestContext& ctx) {
  return ctx.principal_arn.empty() ? fmt::format("arn:aws:iam::{}:root", ctx.account_id) : ctx.principal_arn;
}

bool is_role_session(const aws::RequestContext& ctx) {
  return ctx.principal_arn.find(":assumed-role/") != std::string::npos;
}

json::object credentials_json(const SessionCredentials& c) {
  return json::object{{"AccessKeyId", c.access_key_id},
                      {"SecretAccessKey", c.secret_access_key},
                      {"SessionToken", c.session_token},
                      {"Expiration", c.expiration}};
}

// The role a RoleArn names; AccessDenied (as AWS answers) when there is none.
const iam::Role& role_for(aws::RequestContext& ctx, std::string_view role_arn, std::string_view action) {
  auto parts = iam::parse_iam_arn(role_arn, "role");
  if (!parts || parts->account.size() != 12) {
    throw aws::ServiceError("ValidationError", fmt::format("{} is invalid", role_arn));
  }
  const iam::Role* role = nullptr;
  if (const iam::IamState* state = ctx.world->find_iam(parts->account)) {
    role = state->find_role_by_arn(role_arn);
  }
  if (role == nullptr) {
    throw aws::ServiceError(
        "AccessDenied",
        fmt::format("User: {} is not authorized to perform: {} on resource: {}", caller_arn(ctx), action, role_arn),
        403);
  }
  return *role;
}

long checked_duration(const aws::RequestContext& ctx, const aws::Input& in, const iam::Role& role) {
  long duration = in.int_or("DurationSeconds", kDefaultDuration);
  if (duration > role.max_session_duration) {
    throw aws::ServiceError("ValidationError",
                            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  }
  if (is_role_session(ctx) && duration > kChainedMaxDuration) {
    throw aws::ServiceError(
        "ValidationError",
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }
  return duration;
}

void check_session_policy(const aws::Input& in) {
  if (auto policy = in.opt_str("Policy")) {
    iam::check_policy_document(*policy, iam::PolicyKind::Identity);
  }
}

void note_role_use(aws::RequestContext& ctx, const iam::Role& role) {
  if (iam::Role* stored = ctx.world->iam(iam::parse_iam_arn(role.arn, "role")->account).find_role(role.name)) {
    stored->last_used = ctx.now_seconds();
    stored->last_used_region = ctx.region;
  }
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    }
  }
  while (standard.size() % 4 != 0) {
    standard.push_back('=');
  }
  return protocol::base64_decode(standard);
}

// The claims of a JWT (header.payload.signature). The signature is not verified: ecsemu asks no identity provider.
std::optional<json::object> jwt_claims(std::string_view token) {
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  auto header = base64url_decode(token.substr(0, first));
  auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  if (!header || !payload) {
    return std::nullopt;
  }
  json::error_code ec;
  json::value header_json = json::parse(*header, ec);
  if (ec || !header_json.is_object()) {
    return std::nullopt;
  }
  json::value claims = json::parse(*payload, ec);
  if (ec || !claims.is_object()) {
    return std::nullopt;
  }
  return claims.as_object();
}

std::string claim_string(const json::object& claims, std::string_view name) {
  const json::value* v = claims.if_contains(name);
  if (v == nullptr) {
    return {};
  }
  if (v->is_string()) {
    return std::string(v->as_string());
  }
  if (v->is_array() && !v->as_array().empty() && v->as_array().front().is_string()) {
    return std::string(v->as_array().front().as_string());
  }
  return {};
}

}  // namespace

json::value get_caller_identity(aws::RequestContext& ctx, const json::object& /*input*/) {
  // Long-term keys of the account itself (the start-up keys): AWS answers the account id as UserId and the root ARN.
  return json::object{{"UserId", ctx.principal_id.empty() ? ctx.account_id : ctx.principal_id},
                      {"Account", ctx.account_id},
                      {"Arn", caller_arn(ctx)}};
}

json::value assume_role(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string_view role_arn = in.str("RoleArn");
  check_session_name(in.str("RoleSessionName"));
  check_session_policy(in);
  const iam::Role& role = role_for(ctx, role_arn, "sts:AssumeRole");
  long duration = checked_duration(ctx, in, role);
  SessionCredentials creds =
      issue_role_session(*ctx.world, *ctx.ids, ctx.now, role.arn, in.str("RoleSessionName"), duration);
  note_role_use(ctx, role);
  json::object out{
      {"Credentials", credentials_json(creds)},
      {"AssumedRoleUser", json::object{{"AssumedRoleId", creds.assumed_role_id}, {"Arn", creds.assumed_role_arn}}}};
  if (auto source = in.opt_str("SourceIdentity")) {
    out["SourceIdentity"] = *source;
  }
  return out;
}

json::value assume_role_with_web_identity(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  check_session_name(in.str("RoleSessionName"));
  check_session_policy(in);
  std::optional<json::object> claims = jwt_claims(in.str("WebIdentityToken"));
  if (!claims) {
    throw aws::ServiceError("InvalidIdentityTokenException",
                            "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access "
                            "Token)");
  }
  if (const json::value* exp = claims->if_contains("exp"); exp != nullptr && exp->is_number()) {
    double expires = exp->to_number<double>();
    if (expires <= ctx.now_seconds()) {
      throw aws::ServiceError("ExpiredTokenException",
                              "Token expired: current date/time must be before the "
                              "expiration date/time.");
    }
  }
  const iam::Role& role = role_for(ctx, in.str("RoleArn"), "sts:AssumeRoleWithWebIdentity");
  long duration = checked_duration(ctx, in, role);
  SessionCredentials creds =
      issue_role_session(*ctx.world, *ctx.ids, ctx.now, role.arn, in.str("RoleSessionName"), duration);
  note_role_use(ctx, role);
  std::string issuer = claim_string(*claims, "iss");
  if (issuer.rfind("https://", 0) == 0) {
    issuer = issuer.substr(8);
  }
  json::object out{
      {"Credentials", credentials_json(creds)},
      {"AssumedRoleUser", json::object{{"AssumedRoleId", creds.assumed_role_id}, {"Arn", creds.assumed_role_arn}}},
      {"SubjectFromWebIdentityToken", claim_string(*claims, "sub")},
      {"Audience", claim_string(*claims, "aud")}};
  if (auto provider = in.opt_str("ProviderId")) {
    out["Provider"] = *provider;
  } else if (!issuer.empty()) {
    out["Provider"] = issuer;
  }
  return out;
}

json::value get_session_token(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  if (ctx.temporary_credentials) {
    throw aws::ServiceError("AccessDenied", "Cannot call GetSessionToken with session credentials", 403);
  }
  bool root = ctx.principal_arn.empty();
  long duration = in.int_or("DurationSeconds", root ? 3600 : 43200);
  if (root && duration > 3600) {
    // Root credentials get at most an hour, as AWS gives them.
    duration = 3600;
  }
  double start = ctx.now_seconds();
  iam::IssuedKey key;
  key.access_key = "ASIA" + ctx.ids->chars(16, kKeyAlphabet);
  key.secret = ctx.ids->chars(40, kSecretAlphabet);
  key.session_token = "IQoJb3JpZ2luX2VjE" + ctx.ids->chars(339, kSecretAlphabet);
  key.account = ctx.account_id;
  key.created = start;
  key.expiration = start + static_cast<double>(duration);
  key.principal_arn = caller_arn(ctx);
  key.principal_id = ctx.principal_id.empty() ? ctx.account_id : ctx.principal_id;
  json::object creds{{"AccessKeyId", key.access_key},
                     {"SecretAccessKey", key.secret},
                     {"SessionToken", key.session_token},
                     {"Expiration", *key.expiration}};
  ctx.world->keys().add(std::move(key));
  return json::object{{"Credentials", std::move(creds)}};
}

json::value get_access_key_info(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string_view id = in.str("AccessKeyId");
  if (const iam::IssuedKey* key = ctx.world->keys().find(id)) {
    return json::object{{"Account", key->account}};
  }
  return json::object{{"Account", ctx.account_id}};
}

void register_operations(aws::OperationRegistry& registry) {
  registry.add("sts", "GetCallerIdentity", &get_caller_identity);
  registry.add("sts", "AssumeRole", &assume_role);
  registry.add("sts", "AssumeRoleWithWebIdentity", &assume_role_with_web_identity);
  registry.add("sts", "GetSessionToken", &get_session_token);
  registry.add("sts", "GetAccessKeyInfo", &get_access_key_info);
}

}  // namespace ecsemu::sts
