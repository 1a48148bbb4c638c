#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ecsemu::auth {

enum class AuthMode { Open, Strict };

struct Credential {
  std::string access_key;
  std::string secret_key;
  std::string account_id;
};

// Access keys -> secret and account. Holds the built-in pair test/test (default account) plus the entries
// of a --credentials file. Immutable after start-up, so it is read from any thread without locking.
class CredentialStore {
 public:
  explicit CredentialStore(std::string default_account_id);

  // File format: one entry a line, "ACCESS_KEY SECRET_KEY [ACCOUNT_ID]" separated by white space or commas;
  // '#' starts a comment. A missing account id means the default account. Throws std::runtime_error
  // naming the file and line on a malformed entry or an account id that is not 12 digits.
  // The file is read whole before any entry is added; an access key given twice in it is an error.
  void load_file(const std::string& path);
  // Adds or replaces an entry; an empty account id means the default account. Throws std::invalid_argument on an
  // empty access key or secret, or an account id that is not 12 digits.
  void add(Credential credential);

  const Credential* find(std::string_view access_key) const;

  // The account an unknown key belongs to in open mode: a 12-digit access key is that account id,
  // any other key the default account.
  std::string account_for_unknown_key(std::string_view access_key) const;

  const std::string& default_account_id() const { return default_account_id_; }

 private:
  // Transparent hashing, so find() looks a string_view up without building a std::string.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept { return std::hash<std::string_view>{}(key); }
  };

  std::string default_account_id_;
  std::unordered_map<std::string, Credential, KeyHash, std::equal_to<>> by_key_;
};

}  // namespace ecsemu::auth
