#pragma once

#include "ecsemu/auth/credential_resolver.hpp"
#include "state/world.hpp"

namespace ecsemu::iam {

// The pipeline's view of the keys IAM and STS issue: IAM users' access keys (mapped to the user) and STS session
// credentials (mapped to the assumed role's session). Used on the state strand only.
class WorldCredentialResolver : public auth::CredentialResolver {
 public:
  explicit WorldCredentialResolver(state::World& world) : world_(world) {}

  std::optional<auth::ResolvedCredential> resolve(std::string_view access_key) const override;
  void record_use(std::string_view access_key, std::string_view region, std::string_view service,
                  std::chrono::system_clock::time_point now) override;

 private:
  state::World& world_;
};

}  // namespace ecsemu::iam
