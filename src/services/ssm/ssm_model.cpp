#include "services/ssm/ssm_model.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "protocol/base64.hpp"

namespace ecsemu::ssm {

namespace {

constexpr std::string_view kBadName =
    "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If formed as a path, it can "
    "consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and "
    "the following 3 symbols .-_";

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) {
      return false;
    }
  }
  return true;
}

bool valid_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-' || c == '/';
}

}  // namespace

void check_name_for_read(std::string_view name) {
  if (name.find('/') != std::string_view::npos && name.front() != '/') {
    throw aws::ServiceError("ValidationException", "Parameter name must be a fully qualified name.");
  }
}

void check_name_for_write(std::string_view name) {
  check_name_for_read(name);
  if (!std::all_of(name.begin(), name.end(), valid_char) || name.find("//") != std::string_view::npos ||
      (name.size() > 1 && name.back() == '/') || name == "/") {
    throw aws::ServiceError("ValidationException", std::string(kBadName));
  }
  std::string_view first = name.front() == '/' ? name.substr(1) : name;
  if (starts_with_ci(first, "aws") || starts_with_ci(first, "ssm")) {
    throw aws::ServiceError("ValidationException", std::string(kBadName));
  }
  if (name.size() > 1011) {
    throw aws::ServiceError("ValidationException",
                            "Parameter name: length constraint exceeded (maximum length is 1011 characters).");
  }
  auto levels = std::count(name.begin(), name.end(), '/');
  if (levels > kMaxHierarchyLevels) {
    throw aws::ServiceError("HierarchyLevelLimitExceededException",
                            "A hierarchy can have a maximum of 15 levels. For more information, see "
                            "https://docs.aws.amazon.com/systems-manager/latest/userguide/"
                            "sysman-parameter-name-constraints.html");
  }
}

std::string parameter_arn(std::string_view region, std::string_view account, std::string_view name) {
  std::string_view sep = (!name.empty() && name.front() == '/') ? "" : "/";
  if (name.rfind("/aws/service/", 0) == 0) {
    return fmt::format("arn:aws:ssm:{}::parameter{}", region, name);
  }
  return fmt::format("arn:aws:ssm:{}:{}:parameter{}{}", region, account, sep, name);
}

NameAndSelector split_selector(std::string_view region, std::string_view account, std::string_view requested) {
  std::string_view text = requested;
  std::string prefix = fmt::format("arn:aws:ssm:{}:{}:parameter", region, account);
  std::string public_prefix = fmt::format("arn:aws:ssm:{}::parameter", region);
  bool from_arn = false;
  for (const std::string& p : {prefix, public_prefix}) {
    if (text.rfind(p, 0) == 0 && text.size() > p.size() && text[p.size()] == '/') {
      text.remove_prefix(p.size());
      from_arn = true;
      break;
    }
  }
  NameAndSelector out;
  auto colon = text.rfind(':');
  if (colon != std::string_view::npos) {
    out.selector = std::string(text.substr(colon + 1));
    text = text.substr(0, colon);
  }
  out.name = std::string(text);
  // "arn:...:parameter/name" names "name" when the parameter was created without a leading slash.
  if (from_arn && out.name.size() > 1 && out.name.find('/', 1) == std::string::npos) {
    out.name.erase(0, 1);
  }
  return out;
}

const ParameterVersion* select_version(const Parameter& parameter, std::string_view selector) {
  if (selector.empty()) {
    return &parameter.latest();
  }
  bool numeric = std::all_of(selector.begin(), selector.end(), [](char c) { return c >= '0' && c <= '9'; });
  for (const auto& v : parameter.versions) {
    if (numeric ? std::to_string(v.version) == selector
                : std::find(v.labels.begin(), v.labels.end(), selector) != v.labels.end()) {
      return &v;
    }
  }
  return nullptr;
}

bool is_under_path(std::string_view name, std::string_view path, bool recursive) {
  std::string prefix(path);
  if (prefix.empty() || prefix.back() != '/') {
    prefix.push_back('/');
  }
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) {
    return false;
  }
  return recursive || name.find('/', prefix.size()) == std::string_view::npos;
}

std::string encrypted_form(std::string_view key_id, std::string_view value) {
  return protocol::base64_encode(fmt::format("kms:{}:{}", key_id, value));
}

}  // namespace ecsemu::ssm
