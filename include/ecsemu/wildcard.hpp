#pragma once

#include <string_view>

namespace ecsemu {

// The dialects of "*" pattern that AWS services accept. '*' is always any run of characters (also none).
struct WildcardSyntax {
  bool question_mark = false;     // '?' is exactly one character (EC2 filters, ALB rule conditions)
  bool backslash_escape = false;  // '\' makes the next character literal (EC2 filters, ALB rule conditions)
  bool case_insensitive = false;  // ASCII letters compare without case (ALB host and query conditions)
};

// Whether `text` matches `pattern` as a whole, in linear space and without recursion.
bool wildcard_match(std::string_view pattern, std::string_view text, WildcardSyntax syntax = {});

}  // namespace ecsemu
