#include "services/iam/iam_model.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"

namespace ecsemu::iam {

namespace {

template <typename Map>
auto* find_in(Map& map, std::string_view name) {
  auto it = map.find(lower(name));
  return it == map.end() ? nullptr : &it->second;
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '+' || c == '=' || c == ',' || c == '.' ||
         c == '@' || c == '-';
}

bool uses(const std::vector<std::string>& attached, std::string_view arn) {
  return std::find(attached.begin(), attached.end(), arn) != attached.end();
}

}  // namespace

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

const PolicyVersion* ManagedPolicy::version(std::string_view version_id) const {
  auto it = std::find_if(versions.begin(), versions.end(), [&](const auto& v) { return v.id == version_id; });
  return it == versions.end() ? nullptr : &*it;
}

const Role* IamState::find_role(std::string_view name) const { return find_in(roles, name); }
Role* IamState::find_role(std::string_view name) { return find_in(roles, name); }
const InstanceProfile* IamState::find_instance_profile(std::string_view name) const {
  return find_in(instance_profiles, name);
}

const Role* IamState::find_role_by_arn(std::string_view arn) const {
  auto parts = parse_iam_arn(arn, "role");
  if (!parts || parts->account != account) {
    return nullptr;
  }
  const Role* role = find_role(parts->name);
  return role != nullptr && role->path == parts->path ? role : nullptr;
}

long IamState::attachment_count(std::string_view policy_arn) const {
  long count = 0;
  for (const auto& [key, role] : roles) {
    count += uses(role.attached, policy_arn) ? 1 : 0;
  }
  for (const auto& [key, user] : users) {
    count += uses(user.attached, policy_arn) ? 1 : 0;
  }
  for (const auto& [key, group] : groups) {
    count += uses(group.attached, policy_arn) ? 1 : 0;
  }
  return count;
}

long IamState::boundary_usage_count(std::string_view policy_arn) const {
  long count = 0;
  for (const auto& [key, role] : roles) {
    count += role.permissions_boundary == policy_arn ? 1 : 0;
  }
  for (const auto& [key, user] : users) {
    count += user.permissions_boundary == policy_arn ? 1 : 0;
  }
  return count;
}

std::string iam_arn(std::string_view account, std::string_view kind, std::string_view path, std::string_view name) {
  std::string_view inner = path.size() > 1 ? path.substr(1) : std::string_view();
  return fmt::format("arn:aws:iam::{}:{}/{}{}", account, kind, inner, name);
}

std::optional<ArnParts> parse_iam_arn(std::string_view arn, std::string_view kind) {
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  if (arn.substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  std::string_view rest = arn.substr(kPrefix.size());
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  ArnParts parts;
  parts.account = std::string(rest.substr(0, colon));
  rest = rest.substr(colon + 1);
  if (rest.substr(0, kind.size()) != kind || rest.size() <= kind.size() || rest[kind.size()] != '/') {
    return std::nullopt;
  }
  rest = rest.substr(kind.size());  // "/path/name"
  auto last = rest.rfind('/');
  parts.path = std::string(rest.substr(0, last + 1));
  parts.name = std::string(rest.substr(last + 1));
  if (parts.name.empty()) {
    return std::nullopt;
  }
  return parts;
}

void check_path(std::string_view path, std::string_view member) {
  bool ok = path == "/" || (path.size() >= 2 && path.front() == '/' && path.back() == '/' &&
                            std::all_of(path.begin(), path.end(), [](char c) { return c >= 0x21 && c <= 0x7e; }));
  if (!ok) {
    throw aws::ServiceError(
        "ValidationError",
        fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: Member must "
                    "satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
                    path, member));
  }
}

void check_name(std::string_view name, std::string_view member) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), name_char)) {
    throw aws::ServiceError("ValidationError",
                            fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy "
                                        "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
                                        name, member));
  }
}

Tags merge_tags(const Tags& existing, const Tags& added) {
  for (std::size_t i = 0; i < added.size(); ++i) {
    for (std::size_t j = i + 1; j < added.size(); ++j) {
      if (lower(added[i].first) == lower(added[j].first)) {
        throw aws::ServiceError("InvalidInputException",
                                "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
      }
    }
  }
  Tags out = existing;
  for (const auto& [key, value] : added) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& t) { return lower(t.first) == lower(key); });
    if (it != out.end()) {
      it->second = value;
    } else {
      out.emplace_back(key, value);
    }
  }
  if (out.size() > 50) {
    throw aws::ServiceError("LimitExceededException",
                            "1 validation error detected: Value at 'tags' failed to "
                            "satisfy constraint: Member must have length less than or "
                            "equal to 50.");
  }
  return out;
}

Tags remove_tags(const Tags& existing, const std::vector<std::string>& keys) {
  Tags out;
  for (const auto& tag : existing) {
    if (std::find(keys.begin(), keys.end(), tag.first) == keys.end()) {
      out.push_back(tag);
    }
  }
  return out;
}

}  // namespace ecsemu::iam
