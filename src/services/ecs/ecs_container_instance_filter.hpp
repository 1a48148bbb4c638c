#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ecsemu::ecs {

// The cluster query language ListContainerInstances' `filter` uses (AWS "Cluster query language"):
//   expression  := term (("or" | "||") term)*
//   term        := factor (("and" | "&&") factor)*
//   factor      := ("not" | "!") factor | "(" expression ")" | subject operator [argument]
// Operators: == equals, != not_equals, > greater_than, >= greater_than_equal, < less_than, <= less_than_equal,
// exists, !exists not_exists, in, !in not_in (argument a parenthesised list), =~ matches, !~ not_matches.
// Arguments are bare words or quoted strings; `matches` takes a pattern of literals, '.', '*', '+', '?' and
// '\' escapes (matched against the whole value, in linear time). Subjects are agentConnected, agentVersion,
// attribute:NAME, ec2InstanceId, registeredAt (compared as dates: YYYY-MM-DD[THH:MM:SS[Z]]), runningTasksCount,
// task:group.
class FilterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The values a subject has on one container instance (empty when it has none: `exists` is false).
using SubjectLookup = std::function<std::vector<std::string>(std::string_view subject)>;

class InstanceFilter {
 public:
  // Throws FilterError for a malformed expression, an unknown subject or operator, or one over the limits.
  static InstanceFilter parse(std::string_view text);
  bool matches(const SubjectLookup& lookup) const;

  struct Node;
  InstanceFilter(InstanceFilter&&) noexcept;
  InstanceFilter& operator=(InstanceFilter&&) noexcept;
  ~InstanceFilter();

 private:
  explicit InstanceFilter(std::unique_ptr<Node> root);
  std::unique_ptr<Node> root_;
};

// Whole-value match of the `matches` pattern subset above.
bool filter_pattern_matches(std::string_view pattern, std::string_view value);
// "2018-06-01" / "2018-06-01T10:00:00Z" -> epoch seconds; false when the text is no such date.
bool parse_filter_date(std::string_view text, double& seconds);

}  // namespace ecsemu::ecs
