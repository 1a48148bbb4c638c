#pragma once

// The cryptographic pieces of SigV4 (our own SHA-256, see sha256.hpp): SHA-256, HMAC-SHA256 and the derived signing
// key, which is cached because the same few keys sign nearly every request.

#include <cstddef>
#include <string_view>

#include "auth/sha256.hpp"

namespace ecsemu::auth::detail {

// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"), from a small bounded
// thread-safe cache keyed by all four inputs.
Digest signing_key(std::string_view secret_key, std::string_view date, std::string_view region,
                   std::string_view service);
// Lower-case hex of `size` bytes written to `out` (2 * size characters).
void hex_into(const unsigned char* bytes, std::size_t size, char* out);

inline std::string_view as_view(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace ecsemu::auth::detail
