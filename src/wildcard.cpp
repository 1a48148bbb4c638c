#include "ecsemu/wildcard.hpp"

namespace ecsemu {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view text, WildcardSyntax syntax) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star_p = std::string_view::npos;  // pattern position after the last '*'
  std::size_t star_t = 0;                       // text position that '*' is currently taken to end at
  while (t < text.size()) {
    if (p < pattern.size()) {
      char c = pattern[p];
      if (c == '*') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (c == '?' && syntax.question_mark) {
        ++p;
        ++t;
        continue;
      }
      std::size_t width = 1;
      if (c == '\\' && syntax.backslash_escape && p + 1 < pattern.size()) {
        c = pattern[p + 1];
        width = 2;
      }
      char have = text[t];
      if (syntax.case_insensitive ? lower(c) == lower(have) : c == have) {
        p += width;
        ++t;
        continue;
      }
    }
    if (star_p == std::string_view::npos) {
      return false;
    }
    p = star_p;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

}  // namespace ecsemu
