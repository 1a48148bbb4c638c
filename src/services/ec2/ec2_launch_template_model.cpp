#include "services/ec2/ec2_launch_template_model.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"

namespace ecsemu::ec2 {

LaunchTemplate* LaunchTemplateState::find_by_id(std::string_view id) {
  auto it = templates.find(std::string(id));
  return it == templates.end() ? nullptr : &it->second;
}

LaunchTemplate* LaunchTemplateState::find_by_name(std::string_view name) {
  for (auto& [id, lt] : templates) {
    if (lt.name == name) {
      return &lt;
    }
  }
  return nullptr;
}

void check_launch_template_name(std::string_view name) {
  bool chars_ok = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("-()./_").find(c) != std::string_view::npos;
  });
  if (name.size() < 3 || name.size() > 128 || !chars_ok) {
    throw aws::ServiceError("InvalidLaunchTemplateName.MalformedException",
                            "A launch template name must be between 3 and 128 characters, and may contain letters, "
                            "numbers, and the following characters: - ( ) . / _.'");
  }
}

LaunchTemplate& require_launch_template(LaunchTemplateState& state, std::string_view id, std::string_view name) {
  if (id.empty() && name.empty()) {
    throw aws::ServiceError("MissingParameter",
                            "The request must contain the parameter launchTemplateName or launchTemplateId");
  }
  if (!id.empty() && !name.empty()) {
    throw aws::ServiceError("InvalidParameterCombination",
                            "The parameters launchTemplateName and launchTemplateId cannot be used together.");
  }
  if (!id.empty()) {
    if (id.rfind("lt-", 0) != 0 || id.size() < 4) {
      throw aws::ServiceError("InvalidLaunchTemplateId.Malformed",
                              fmt::format("The specified ID for the launch template ({}) is not valid. The ID must "
                                          "be in the form lt-xxxxxxxxxxxxxxxxx.",
                                          id));
    }
    if (LaunchTemplate* lt = state.find_by_id(id)) {
      return *lt;
    }
    throw aws::ServiceError("InvalidLaunchTemplateId.NotFound",
                            fmt::format("The specified launch template, with template ID {}, does not exist.", id));
  }
  if (LaunchTemplate* lt = state.find_by_name(name)) {
    return *lt;
  }
  throw aws::ServiceError("InvalidLaunchTemplateName.NotFoundException",
                          fmt::format("The specified launch template, with template name {}, does not exist.", name));
}

namespace {

bool parse_version(std::string_view text, long& out) {
  if (text.empty() || text.size() > 18) {
    return false;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size() && out > 0;
}

}  // namespace

const LaunchTemplateVersion* find_version(const LaunchTemplate& lt, std::string_view version) {
  long number = 0;
  if (version.empty() || version == "$Default") {
    number = lt.default_version;
  } else if (version == "$Latest") {
    number = lt.latest_version;
  } else if (!parse_version(version, number)) {
    return nullptr;
  }
  auto it = lt.versions.find(number);
  return it == lt.versions.end() ? nullptr : &it->second;
}

const LaunchTemplateVersion& require_version(const LaunchTemplate& lt, std::string_view version) {
  long number = 0;
  if (!version.empty() && version != "$Default" && version != "$Latest" && !parse_version(version, number)) {
    throw aws::ServiceError("InvalidLaunchTemplateId.VersionNotFound",
                            fmt::format("Launch template version {} does not exist.", version));
  }
  if (const LaunchTemplateVersion* v = find_version(lt, version)) {
    return *v;
  }
  throw aws::ServiceError("InvalidLaunchTemplateId.VersionNotFound",
                          fmt::format("The specified launch template version, with template ID {} and version "
                                      "{}, does not exist.",
                                      lt.id, version));
}

boost::json::object merge_template_data(const boost::json::object& base, const boost::json::object& overrides) {
  boost::json::object out = base;
  for (const auto& [key, value] : overrides) {
    out[key] = value;
  }
  return out;
}

}  // namespace ecsemu::ec2
