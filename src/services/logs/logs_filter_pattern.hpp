#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecsemu::logs {

// CloudWatch Logs' filter-pattern language (FilterLogEvents, metric and subscription filters):
//   terms        ERROR "exact phrase" ?alternative -excluded %regex%
//   JSON         { $.level = "ERROR" && ($.latency > 50 || $.user.id != 7) }, IS TRUE/FALSE/NULL, NOT EXISTS,
//                `*` wildcards in string values, $.list[0] and $.list[*]
//   delimited    [ip, user, ..., status = 4* || status = 5*, bytes > 1000]
// Terms are case-sensitive substrings; an empty (or blank) pattern matches every event.
class FilterPattern {
 public:
  struct Node;
  using Extracted = std::vector<std::pair<std::string, std::string>>;

  // Throws InvalidParameterException ("Invalid filter pattern", "Invalid character(s) in term '…'") when
  // the text is not a pattern.
  static FilterPattern parse(std::string_view text);

  bool matches(std::string_view message) const { return match(message, nullptr); }
  // Like matches(); a matching delimited pattern also reports its named fields ("$ip" -> "127.0.0.1").
  bool match(std::string_view message, Extracted* extracted) const;
  bool matches_all() const { return root_ == nullptr; }

 private:
  std::shared_ptr<const Node> root_;
};

}  // namespace ecsemu::logs
