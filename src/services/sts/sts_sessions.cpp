#include "services/sts/sts_sessions.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "ecsemu/clock.hpp"

namespace ecsemu::sts {

namespace {
constexpr std::string_view kKeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kSecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::size_t kTokenLength = 356;
// Sessions that expired more than a day ago are forgotten (a request with them still gets ExpiredToken until then).
constexpr double kForgetExpiredAfter = 86400;

bool session_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '+' || c == '=' || c == ',' || c == '.' ||
         c == '@' || c == '-';
}
}  // namespace

void check_session_name(std::string_view name) {
  if (!std::all_of(name.begin(), name.end(), session_char)) {
    throw aws::ServiceError("ValidationError",
                            fmt::format("1 validation error detected: Value '{}' at 'roleSessionName' failed to "
                                        "satisfy constraint: Member must satisfy regular expression pattern: "
                                        "[\\w+=,.@-]*",
                                        name));
  }
  if (name.size() < 2 || name.size() > 64) {
    throw aws::ServiceError("ValidationError",
                            fmt::format("1 validation error detected: Value '{}' at 'roleSessionName' failed to "
                                        "satisfy constraint: Member must have length {} {}",
                                        name, name.size() < 2 ? "greater than or equal to" : "less than or equal to",
                                        name.size() < 2 ? 2 : 64));
  }
}

SessionCredentials issue_role_session(state::World& world, IdSource& ids, std::chrono::system_clock::time_point now,
                                      std::string_view role_arn, std::string_view session_name, long duration_seconds) {
  check_session_name(session_name);
  auto parts = iam::parse_iam_arn(role_arn, "role");
  const iam::Role* role = nullptr;
  if (parts) {
    if (const iam::IamState* state = world.find_iam(parts->account)) {
      role = state->find_role_by_arn(role_arn);
    }
  }
  if (role == nullptr) {
    throw aws::ServiceError("AccessDenied",
                            fmt::format("Not authorized to perform sts:AssumeRole on resource: {}", role_arn), 403);
  }
  double start = epoch_seconds(now);
  world.keys().prune_sessions(start - kForgetExpiredAfter);
  SessionCredentials out;
  out.access_key_id = "ASIA" + ids.chars(16, kKeyAlphabet);
  out.secret_access_key = ids.chars(40, kSecretAlphabet);
  out.session_token = "IQoJb3JpZ2luX2VjE" + ids.chars(kTokenLength - 17, kSecretAlphabet);
  out.expiration = start + static_cast<double>(duration_seconds);
  out.assumed_role_arn = fmt::format("arn:aws:sts::{}:assumed-role/{}/{}", parts->account, role->name, session_name);
  out.assumed_role_id = fmt::format("{}:{}", role->id, session_name);

  iam::IssuedKey key;
  key.access_key = out.access_key_id;
  key.secret = out.secret_access_key;
  key.account = parts->account;
  key.created = start;
  key.session_token = out.session_token;
  key.expiration = out.expiration;
  key.principal_arn = out.assumed_role_arn;
  key.principal_id = out.assumed_role_id;
  key.role_arn = role->arn;
  world.keys().add(std::move(key));
  return out;
}

}  // namespace ecsemu::sts
