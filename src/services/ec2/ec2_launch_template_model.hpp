#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

namespace ecsemu::ec2 {

// One version of a launch template. `data` is the LaunchTemplateData Document as the request gave it
// (RequestLaunchTemplateData and ResponseLaunchTemplateData share their member names).
struct LaunchTemplateVersion {
  long number = 1;
  std::string description;
  double create_time = 0;
  boost::json::object data;
};

struct LaunchTemplate {
  std::string id;  // lt-0 + 16 hex digits
  std::string name;
  std::string created_by;
  double create_time = 0;
  long default_version = 1;
  long latest_version = 1;
  std::map<long, LaunchTemplateVersion> versions;
  std::vector<std::pair<std::string, std::string>> tags;
};

// The launch templates of one (account, region).
struct LaunchTemplateState {
  std::map<std::string, LaunchTemplate> templates;  // by id

  LaunchTemplate* find_by_id(std::string_view id);
  LaunchTemplate* find_by_name(std::string_view name);
};

// Validates a launch template name (3-128 of letters, digits and "-()./_"); throws
// InvalidLaunchTemplateName.MalformedException.
void check_launch_template_name(std::string_view name);

// The template an (id | name) pair names; throws MissingParameter when neither is given,
// InvalidParameterCombination when both are, InvalidLaunchTemplateId.Malformed / .NotFound or
// InvalidLaunchTemplateName.NotFoundException when there is none.
LaunchTemplate& require_launch_template(LaunchTemplateState& state, std::string_view id, std::string_view name);

// The version a version string names: "$Latest", "$Default", a number, or empty (the default). Null when none.
const LaunchTemplateVersion* find_version(const LaunchTemplate& lt, std::string_view version);

// The same, throwing InvalidLaunchTemplateId.VersionNotFound (or InvalidLaunchTemplateId.Malformed-style
// InvalidParameterValue for a malformed version string) when there is none.
const LaunchTemplateVersion& require_version(const LaunchTemplate& lt, std::string_view version);

// `base` with the top-level members of `overrides` replacing its own (CreateLaunchTemplateVersion's SourceVersion).
boost::json::object merge_template_data(const boost::json::object& base, const boost::json::object& overrides);

}  // namespace ecsemu::ec2
