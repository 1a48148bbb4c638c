#include "auth/sigv4_crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "ecsemu/auth/sigv4.hpp"

namespace ecsemu::auth {
namespace detail {
namespace {

constexpr std::size_t kSigningKeyCacheCapacity = 256;

struct MacCtxFree {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

// Fetched once: explicit fetches avoid the per-call implicit lookup the legacy APIs do.
const EVP_MD* sha256_md() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) {
    throw std::runtime_error("OpenSSL: SHA256 is unavailable");
  }
  return md;
}

EVP_MAC* hmac_mac() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) {
    throw std::runtime_error("OpenSSL: HMAC is unavailable");
  }
  return mac;
}

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

Digest sha256(std::string_view data) {
  Digest out{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &size, sha256_md(), nullptr) != 1 || size != out.size()) {
    throw std::runtime_error("OpenSSL: SHA256 failed");
  }
  return out;
}

Digest hmac_sha256(std::string_view key, std::string_view data) {
  // HMAC pads the key with zero bytes, so an empty key is the same as a single zero byte (OpenSSL 3.0 reads an
  // empty key as "no key").
  static constexpr char kZero = '\0';
  if (key.empty()) {
    key = std::string_view(&kZero, 1);
  }
  std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx(EVP_MAC_CTX_new(hmac_mac()));
  char digest_name[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                         OSSL_PARAM_construct_end()};
  Digest out{};
  std::size_t size = 0;
  if (!ctx || EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
      EVP_MAC_final(ctx.get(), out.data(), &size, out.size()) != 1 || size != out.size()) {
    throw std::runtime_error("OpenSSL: HMAC-SHA256 failed");
  }
  return out;
}

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
