#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace ecsemu::ec2 {

// EC2's Filter.N.Name / Filter.N.Value.M semantics: a resource matches when, for every filter, at least one
// of the filter's values matches one of the resource's values for that name. Values may use the wildcards
// '*' (any run) and '?' (one character). Unknown filter names are refused with InvalidParameterValue,
// as EC2 does.
class FilterSet {
 public:
  // `input` is the request Document; its "Filters" member is read. `known` lists the supported names;
  // names starting with "tag:" are accepted when `allow_tags` is true.
  FilterSet(const boost::json::object& input, std::initializer_list<std::string_view> known, bool allow_tags = false);

  // `values_of(name)` returns the resource's values for a filter name.
  bool matches(const std::function<std::vector<std::string>(std::string_view name)>& values_of) const;
  bool empty() const { return filters_.empty(); }

 private:
  struct Filter {
    std::string name;
    std::vector<std::string> values;
  };
  std::vector<Filter> filters_;
};

bool wildcard_match(std::string_view pattern, std::string_view text);

// Throws DryRunOperation when the request sets DryRun, as EC2 does for a caller allowed to make the call.
void check_dry_run(const boost::json::object& input);

}  // namespace ecsemu::ec2
