#include <catch2/catch.hpp>

#include "ecsemu/wildcard.hpp"

using ecsemu::wildcard_match;
using ecsemu::WildcardSyntax;

TEST_CASE("wildcard: '*' alone is any run of characters, '?' and '\\' are literal", "[wildcard]") {
  CHECK(wildcard_match("*", ""));
  CHECK(wildcard_match("ERROR*", "ERROR: disk full"));
  CHECK(wildcard_match("*full", "ERROR: disk full"));
  CHECK(wildcard_match("a*b*c", "aXXbYYc"));
  CHECK_FALSE(wildcard_match("a*b*c", "aXXbYY"));
  CHECK_FALSE(wildcard_match("t2.?", "t2.a"));
  CHECK(wildcard_match("t2.?", "t2.?"));
  CHECK(wildcard_match("a\\b", "a\\b"));
  CHECK_FALSE(wildcard_match("abc", "ABC"));
}

TEST_CASE("wildcard: a '*' in the text is not taken for the pattern's '*'", "[wildcard]") {
  CHECK(wildcard_match("*x", "*ax"));
  CHECK(wildcard_match("*x", "**x"));
  CHECK_FALSE(wildcard_match("*x", "*xa"));
}

TEST_CASE("wildcard: EC2 and ALB dialects take '?' for one character and '\\' as escape", "[wildcard]") {
  WildcardSyntax ec2{.question_mark = true, .backslash_escape = true};
  CHECK(wildcard_match("us-east-?", "us-east-1", ec2));
  CHECK_FALSE(wildcard_match("us-east-?", "us-east-12", ec2));
  CHECK_FALSE(wildcard_match("us-east-?", "us-east-", ec2));
  // AWS's example: \*amazon\?\\ is the literal string *amazon?\.
  CHECK(wildcard_match("\\*amazon\\?\\\\", "*amazon?\\", ec2));
  CHECK_FALSE(wildcard_match("\\*amazon\\?\\\\", "Xamazon?\\", ec2));
  CHECK_FALSE(wildcard_match("\\*amazon\\?\\\\", "*amazonX\\", ec2));
  CHECK_FALSE(wildcard_match("Web", "web", ec2));
  WildcardSyntax alb_host{.question_mark = true, .backslash_escape = true, .case_insensitive = true};
  CHECK(wildcard_match("*.Example.COM", "api.example.com", alb_host));
}

TEST_CASE("wildcard: long runs of '*' stay linear", "[wildcard]") {
  std::string pattern(200, '*');
  pattern += 'b';
  std::string text(5000, 'a');
  CHECK_FALSE(wildcard_match(pattern, text));
  text += 'b';
  CHECK(wildcard_match(pattern, text));
}
