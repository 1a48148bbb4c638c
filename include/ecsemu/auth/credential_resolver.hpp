#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ecsemu::auth {

// A credential the emulated services issued at run time: an IAM user's access key, or the temporary credentials
// of an STS session (which need their session token and expire).
struct ResolvedCredential {
  std::string secret_key;
  std::string account_id;
  std::string session_token;  // the X-Amz-Security-Token a request must carry; empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;
  bool active = true;         // an IAM access key made Inactive is refused
  std::string principal_arn;  // arn:aws:iam::A:user/NAME, arn:aws:sts::A:assumed-role/ROLE/SESSION
  std::string principal_id;   // AIDA..., AROA...:SESSION
};

// Looks up keys issued at run time (the CredentialStore holds the ones given at start-up). Implemented above the
// services, which own the keys; the pipeline calls it on the state strand only, so it needs no locking.
class CredentialResolver {
 public:
  virtual ~CredentialResolver() = default;
  virtual std::optional<ResolvedCredential> resolve(std::string_view access_key) const = 0;
  // A request signed with the key was authenticated (IAM reports it in GetAccessKeyLastUsed).
  virtual void record_use(std::string_view access_key, std::string_view region, std::string_view service,
                          std::chrono::system_clock::time_point now) = 0;
};

}  // namespace ecsemu::auth
