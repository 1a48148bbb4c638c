#pragma once

#include <string>
#include <string_view>

namespace ecsemu {

// Percent-decoding on Boost.URL. Clients are not always strict: a '%' that does not start a valid escape is
// kept as it is (AWS does the same), never an error. `plus_as_space`: form encoding (application/x-www-form-
// urlencoded and query strings), where '+' means a space.
std::string url_decode(std::string_view text, bool plus_as_space = false);

// Percent-encoding of everything but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~), with upper-case
// hex digits, as SigV4's canonical form wants; `keep_slash` leaves '/' as it is (URI paths).
std::string url_encode(std::string_view text, bool keep_slash = false);

// The value of one hex digit (either case); -1 for any other character.
int hex_digit(char c);

}  // namespace ecsemu
