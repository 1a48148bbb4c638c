#pragma once

// Access keys issued at run time, for every account: IAM users' long-term keys (AKIA...) and STS sessions'
// temporary ones (ASIA...). One registry for the World, because a request names only its key, not its account.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecsemu::iam {

struct IssuedKey {
  std::string access_key;
  std::string secret;
  std::string account;
  double created = 0;
  // IAM user keys
  std::string user_name;  // as the user is named (empty for sessions and the account's root keys)
  bool root = false;      // a long-term key of the account root
  bool active = true;
  std::optional<double> last_used;
  std::string last_region;
  std::string last_service;
  // STS sessions
  std::string session_token;
  std::optional<double> expiration;
  std::string principal_arn;  // arn:aws:sts::A:assumed-role/ROLE/SESSION (or federated user / root session)
  std::string principal_id;   // AROA...:SESSION
  std::string role_arn;       // the role a session was issued for (empty otherwise)
};

class KeyRegistry {
 public:
  IssuedKey* find(std::string_view access_key);
  const IssuedKey* find(std::string_view access_key) const;
  void add(IssuedKey key);
  void erase(std::string_view access_key);
  // The keys of one IAM user (the root's keys for an empty name), oldest first.
  std::vector<const IssuedKey*> user_keys(std::string_view account, std::string_view user_name) const;
  std::vector<IssuedKey*> user_keys(std::string_view account, std::string_view user_name);
  // Drops sessions that expired before `before` (epoch seconds).
  void prune_sessions(double before);
  void clear() { keys_.clear(); }
  // Every key, by access key id (for the state codec).
  const std::map<std::string, IssuedKey, std::less<>>& all() const { return keys_; }

 private:
  std::map<std::string, IssuedKey, std::less<>> keys_;
};

}  // namespace ecsemu::iam
