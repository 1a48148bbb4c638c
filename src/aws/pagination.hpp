#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ecsemu::aws {

// Opaque, stable pagination tokens: a token names the last key a page returned, so later pages stay right
// when items are added or removed in between. Callers list items in key order and resume after the key.
std::string encode_page_token(std::string_view last_key);
// Empty optional for a token this server did not issue.
std::optional<std::string> decode_page_token(std::string_view token);

}  // namespace ecsemu::aws
