#include "services/iam/iam_credentials.hpp"

#include <fmt/format.h>

#include "ecsemu/clock.hpp"

namespace ecsemu::iam {

std::optional<auth::ResolvedCredential> WorldCredentialResolver::resolve(std::string_view access_key) const {
  const IssuedKey* key = world_.keys().find(access_key);
  if (key == nullptr) {
    return std::nullopt;
  }
  auth::ResolvedCredential out;
  out.secret_key = key->secret;
  out.account_id = key->account;
  out.session_token = key->session_token;
  out.active = key->active;
  if (key->expiration) {
    out.expiration =
        std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::duration<double>(*key->expiration)));
  }
  if (!key->principal_arn.empty()) {
    out.principal_arn = key->principal_arn;
    out.principal_id = key->principal_id;
  } else if (!key->root) {
    const IamState* state = world_.find_iam(key->account);
    const User* user = nullptr;
    if (state != nullptr) {
      if (auto it = state->users.find(lower(key->user_name)); it != state->users.end()) {
        user = &it->second;
      }
    }
    if (user == nullptr) {
      return std::nullopt;  // the user is gone (keys go with it; this is only defensive)
    }
    out.principal_arn = user->arn;
    out.principal_id = user->id;
  }
  return out;
}

void WorldCredentialResolver::record_use(std::string_view access_key, std::string_view region, std::string_view service,
                                         std::chrono::system_clock::time_point now) {
  IssuedKey* key = world_.keys().find(access_key);
  if (key == nullptr || !key->session_token.empty()) {
    return;
  }
  key->last_used = epoch_seconds(now);
  key->last_region = std::string(region);
  key->last_service = std::string(service);
}

}  // namespace ecsemu::iam
