#pragma once

// Text and time helpers shared by the SigV4 claim parser and the canonicalizer: header lookup, target splitting,
// percent-decoding, and the two date formats.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ecsemu/auth/sigv4.hpp"

namespace ecsemu::auth::detail {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kTerminator = "aws4_request";
inline constexpr std::string_view kParamSignature = "X-Amz-Signature";

using Params = std::vector<std::pair<std::string, std::string>>;
using SysSeconds = std::chrono::sys_seconds;

char to_lower(char c);
bool iequals(std::string_view a, std::string_view b);
bool is_space(char c);  // SP, HT, CR, LF
bool is_digit(char c);
bool all_digits(std::string_view text);  // non-empty and only 0-9
std::string_view trim(std::string_view text);
bool is_sha256_hex(std::string_view text);

struct Target {
  std::string_view path;
  std::string_view query;
};
// Splits a request-target (origin-form or absolute-form) into path and query; a fragment is dropped.
Target split_target(std::string_view target);
// The query's parameters, decoded, in order; pieces without '=' have an empty value, empty pieces are skipped.
Params decode_query(std::string_view query);
// The first header of that name (any case), or nullptr.
const std::string* find_header(const SigV4Request& request, std::string_view name);

// yyyymmddThhmmssZ, validated.
std::optional<SysSeconds> parse_amz_date(std::string_view text);
// IMF-fixdate, the HTTP Date header: "Sun, 30 Aug 2015 12:36:00 GMT".
std::optional<SysSeconds> parse_http_date(std::string_view text);
std::string format_amz_date(SysSeconds time);

}  // namespace ecsemu::auth::detail
