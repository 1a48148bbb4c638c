#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecsemu::ssm {

using Tags = std::vector<std::pair<std::string, std::string>>;

// One version of a parameter, as GetParameterHistory reports it.
struct ParameterVersion {
  long version = 1;
  std::string type;  // String | StringList | SecureString
  std::string value;
  std::string key_id;  // SecureString only
  std::string description;
  std::string allowed_pattern;
  std::string tier;  // Standard | Advanced
  std::string data_type;
  std::string last_modified_user;
  double last_modified = 0;
  std::vector<std::string> labels;
};

// An account's own parameter: every version still kept (oldest first) and its tags.
struct Parameter {
  std::string name;
  std::vector<ParameterVersion> versions;
  Tags tags;

  const ParameterVersion& latest() const { return versions.back(); }
};

// Everything SSM keeps for one (account, region).
struct SsmState {
  std::map<std::string, Parameter> parameters;  // by name
};

// A parameter as the read operations see it (an account's parameter or a public one).
struct ParameterView {
  std::string name;
  const ParameterVersion* version = nullptr;  // for account parameters
  std::string public_value;                   // for public parameters (version 1, type String)
  std::string public_data_type;
  std::string selector;  // ":3" or ":label" when the request named one
};

inline constexpr long kMaxVersions = 100;
inline constexpr std::size_t kMaxStandardValue = 4096;
inline constexpr std::size_t kMaxAdvancedValue = 8192;
inline constexpr int kMaxHierarchyLevels = 15;

// Validates a parameter name for writing (PutParameter): characters, depth, the reserved "aws"/"ssm" prefixes.
// Throws ValidationException / HierarchyLevelLimitExceededException with AWS's messages.
void check_name_for_write(std::string_view name);
// Throws ValidationException when a name given to a read is malformed (e.g. "a/b" without the leading slash).
void check_name_for_read(std::string_view name);

// "arn:aws:ssm:REGION:ACCOUNT:parameter/NAME" (public parameters use AWS's account-less form).
std::string parameter_arn(std::string_view region, std::string_view account, std::string_view name);

// A request's Name may be an ARN and may end in a selector (":VERSION" or ":LABEL"). Splits it.
struct NameAndSelector {
  std::string name;
  std::string selector;  // without the colon; empty when none
};
NameAndSelector split_selector(std::string_view region, std::string_view account, std::string_view requested);

// The version of `parameter` a selector names (the latest when empty); null when there is none.
const ParameterVersion* select_version(const Parameter& parameter, std::string_view selector);

// True when `name` lies under `path` ("/a" contains "/a/b"; with recursive false only direct children).
bool is_under_path(std::string_view name, std::string_view path, bool recursive);

// The opaque text a SecureString value reads as without WithDecryption (AWS returns the KMS ciphertext).
std::string encrypted_form(std::string_view key_id, std::string_view value);

}  // namespace ecsemu::ssm
