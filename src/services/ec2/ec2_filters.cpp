#include "services/ec2/ec2_filters.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "ecsemu/wildcard.hpp"

namespace ecsemu::ec2 {

bool wildcard_match(std::string_view pattern, std::string_view text) {
  // EC2's filter values: '*' and '?' are wildcards, and '\' escapes them ("\*amazon\?\\" is "*amazon?\").
  return ecsemu::wildcard_match(pattern, text, {.question_mark = true, .backslash_escape = true});
}

FilterSet::FilterSet(const boost::json::object& input, std::initializer_list<std::string_view> known, bool allow_tags) {
  const auto* filters = input.if_contains("Filters");
  if (filters == nullptr || !filters->is_array()) {
    return;
  }
  for (const auto& item : filters->as_array()) {
    if (!item.is_object()) {
      continue;
    }
    const auto& obj = item.as_object();
    Filter filter;
    if (const auto* name = obj.if_contains("Name"); name != nullptr && name->is_string()) {
      filter.name = std::string(name->as_string());
    }
    bool is_known = std::find(known.begin(), known.end(), filter.name) != known.end() ||
                    (allow_tags && filter.name.rfind("tag:", 0) == 0 && filter.name.size() > 4);
    if (!is_known) {
      throw aws::ServiceError("InvalidParameterValue", fmt::format("The filter '{}' is invalid", filter.name));
    }
    if (const auto* values = obj.if_contains("Values"); values != nullptr && values->is_array()) {
      for (const auto& v : values->as_array()) {
        if (v.is_string()) {
          filter.values.emplace_back(v.as_string());
        }
      }
    }
    filters_.push_back(std::move(filter));
  }
}

bool FilterSet::matches(const std::function<std::vector<std::string>(std::string_view name)>& values_of) const {
  for (const auto& filter : filters_) {
    std::vector<std::string> actual = values_of(filter.name);
    bool any = false;
    for (const auto& want : filter.values) {
      for (const auto& have : actual) {
        if (wildcard_match(want, have)) {
          any = true;
          break;
        }
      }
      if (any) {
        break;
      }
    }
    if (!any) {
      return false;
    }
  }
  return true;
}

void check_dry_run(const boost::json::object& input) {
  if (const auto* dry = input.if_contains("DryRun"); dry != nullptr && dry->is_bool() && dry->as_bool()) {
    throw aws::ServiceError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
  }
}

}  // namespace ecsemu::ec2
