#include "auth/sigv4_crypto.hpp"

#include <mutex>
#include <string>
#include <unordered_map>

#include "ecsemu/auth/sigv4.hpp"

namespace ecsemu::auth {
namespace detail {
namespace {

constexpr std::size_t kSigningKeyCacheCapacity = 256;

class SigningKeyCache {
 public:
  Digest get(std::string_view secret_key, std::string_view date, std::string_view region, std::string_view service) {
    std::string id;
    id.reserve(secret_key.size() + date.size() + region.size() + service.size() + 3);
    id.append(secret_key).push_back('\0');
    id.append(date).push_back('\0');
    id.append(region).push_back('\0');
    id.append(service);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (auto it = keys_.find(id); it != keys_.end()) {
        return it->second;
      }
    }
    std::string seed = "AWS4";
    seed.append(secret_key);
    Digest key = hmac_sha256(seed, date);
    key = hmac_sha256(as_view(key), region);
    key = hmac_sha256(as_view(key), service);
    key = hmac_sha256(as_view(key), "aws4_request");
    std::lock_guard<std::mutex> lock(mutex_);
    if (keys_.size() >= kSigningKeyCacheCapacity) {
      keys_.clear();  // Keys change once a day per credential; a full cache is rare, so start over.
    }
    keys_.emplace(std::move(id), key);
    return key;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, Digest> keys_;
};

}  // namespace

Digest signing_key(std::string_view secret_key, std::string_view date, std::string_view region,
                   std::string_view service) {
  static SigningKeyCache cache;
  return cache.get(secret_key, date, region, service);
}

void hex_into(const unsigned char* bytes, std::size_t size, char* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
}

}  // namespace detail

std::string hex(std::string_view bytes) {
  std::string out(bytes.size() * 2, '\0');
  detail::hex_into(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), out.data());
  return out;
}

std::string sha256_hex(std::string_view data) { return hex(detail::as_view(detail::sha256(data))); }

std::string hmac_sha256(std::string_view key, std::string_view data) {
  return std::string(detail::as_view(detail::hmac_sha256(key, data)));
}

std::string derive_signing_key(std::string_view secret_key, std::string_view date, std::string_view region,
                               std::string_view service) {
  return std::string(detail::as_view(detail::signing_key(secret_key, date, region, service)));
}

}  // namespace ecsemu::auth
