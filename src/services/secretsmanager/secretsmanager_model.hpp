#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecsemu::secretsmanager {

using Tags = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::string_view kCurrent = "AWSCURRENT";
inline constexpr std::string_view kPrevious = "AWSPREVIOUS";
inline constexpr std::string_view kPending = "AWSPENDING";

// One version of a secret's value: a string or binary value (never both) and its staging labels.
struct SecretVersion {
  std::string id;
  std::optional<std::string> string_value;
  std::optional<std::string> binary_value;  // raw bytes
  std::vector<std::string> stages;
  double created = 0;

  bool has_stage(std::string_view stage) const;
  bool same_value(const std::optional<std::string>& string_value, const std::optional<std::string>& binary) const;
};

struct Secret {
  std::string name;
  std::string arn;
  std::string description;
  std::string kms_key_id;  // empty: the account's aws/secretsmanager key
  Tags tags;
  std::vector<SecretVersion> versions;  // oldest first
  double created = 0;
  double last_changed = 0;
  std::optional<double> deletion_date;  // set while scheduled for deletion

  bool scheduled_for_deletion() const { return deletion_date.has_value(); }
  SecretVersion* version(std::string_view id);
  const SecretVersion* version(std::string_view id) const;
  const SecretVersion* version_with_stage(std::string_view stage) const;
};

// Everything Secrets Manager keeps for one (account, region).
struct SecretsManagerState {
  std::map<std::string, Secret> secrets;  // by name
};

// Versions kept besides those with a staging label (AWS keeps about 100; the oldest unlabelled ones go first).
inline constexpr std::size_t kMaxVersions = 100;

// "arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX"
std::string secret_arn(std::string_view region, std::string_view account, std::string_view name,
                       std::string_view suffix);

// The secret a SecretId names: its name, its full ARN, or its ARN without the 6-character suffix (a partial
// ARN), as AWS resolves them. Secrets whose deletion date has passed are gone. Null when none.
Secret* find_secret(SecretsManagerState& state, std::string_view secret_id, double now);
const Secret* find_secret(const SecretsManagerState& state, std::string_view secret_id, double now);

// Removes the secrets whose recovery window has ended.
void purge_deleted(SecretsManagerState& state, double now);

// Throws InvalidParameterException when `name` is not a valid secret name.
void check_name(std::string_view name);

// Adds a new version carrying `stages` (labels move off the versions that had them; a version losing
// AWSCURRENT gets AWSPREVIOUS, which moves off the version that had it). Drops the oldest unlabelled versions
// beyond kMaxVersions.
void add_version(Secret& secret, SecretVersion&& version);

// Attaches `stage` to the version `to` (empty: none) after removing it from `from` (empty: none). Moving
// AWSCURRENT labels the version it left AWSPREVIOUS.
void move_stage(Secret& secret, std::string_view stage, std::string_view from, std::string_view to);

// The outcome of resolving a task's `valueFrom` that names a Secrets Manager secret.
struct SecretLookup {
  std::optional<std::string> value;
  std::string error;  // when no value: what failed, as the ECS agent reports it after "from secrets manager: "
};

// `value_from` is "arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME[-SUFFIX][:json-key:version-stage:version-id]"
// (any of the three last parts may be empty). Reads the selected version (AWSCURRENT by default) and, with a json
// key, that key of its JSON value.
SecretLookup resolve_secret_reference(const SecretsManagerState& state, std::string_view value_from, double now);

// The parts of a `valueFrom` secret reference.
struct SecretReference {
  std::string secret_id;  // the ARN without the optional parts
  std::string json_key;
  std::string version_stage;
  std::string version_id;
};
SecretReference parse_secret_reference(std::string_view value_from);

// GetRandomPassword's generator over the characters the request leaves in.
struct PasswordRules {
  std::size_t length = 32;
  std::string exclude;
  bool exclude_lowercase = false;
  bool exclude_uppercase = false;
  bool exclude_numbers = false;
  bool exclude_punctuation = false;
  bool include_space = false;
  bool require_each_type = true;
};
// The character classes a password draws from (each non-empty); throws InvalidParameterException when the rules
// leave no character, or fewer characters than required classes.
std::vector<std::string> password_classes(const PasswordRules& rules);

}  // namespace ecsemu::secretsmanager
