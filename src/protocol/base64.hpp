#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ecsemu::protocol {

// Standard alphabet, with '=' padding.
std::string base64_encode(std::string_view bytes);

// Standard alphabet; padding optional; ASCII whitespace ignored. Nullopt on any other character or on a
// length that cannot be base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace ecsemu::protocol
