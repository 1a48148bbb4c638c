#include <catch2/catch.hpp>

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "auth/sha256.hpp"

namespace {

using ecsemu::auth::detail::Digest;
using ecsemu::auth::detail::Sha256;
using ecsemu::auth::detail::Sha256Impl;

std::string to_hex(const Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char byte : digest) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0f]);
  }
  return out;
}

// The portable implementation always, the SHA extensions when this CPU has them.
std::vector<Sha256Impl> implementations() {
  std::vector<Sha256Impl> out{Sha256Impl::kPortable};
  if (ecsemu::auth::detail::sha256_impl_supported(Sha256Impl::kShaNi)) {
    out.push_back(Sha256Impl::kShaNi);
  }
  return out;
}

std::string impl_name(Sha256Impl impl) { return impl == Sha256Impl::kShaNi ? "sha-ni" : "portable"; }

std::string sha256_hex(std::string_view data, Sha256Impl impl = Sha256Impl::kAuto) {
  return to_hex(ecsemu::auth::detail::sha256(data, impl));
}

std::string hmac_hex(std::string_view key, std::string_view data, Sha256Impl impl = Sha256Impl::kAuto) {
  return to_hex(ecsemu::auth::detail::hmac_sha256(key, data, impl));
}

std::string random_bytes(std::mt19937& rng, std::size_t size) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(size, '\0');
  for (char& c : out) {
    c = static_cast<char>(byte(rng));
  }
  return out;
}

}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180-4 example digests", "[auth]") {
  for (Sha256Impl impl : implementations()) {
    INFO("implementation: " << impl_name(impl));
    CHECK(sha256_hex("", impl) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc", impl) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", impl) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(
              "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnop"
              "qrstnopqrstu",
              impl) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    CHECK(sha256_hex(std::string(1000000, 'a'), impl) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
}

TEST_CASE("SHA-256 of one million 'a' fed in small pieces matches the FIPS digest", "[auth]") {
  for (Sha256Impl impl : implementations()) {
    INFO("implementation: " << impl_name(impl));
    Sha256 hash(impl);
    const std::string piece(1000, 'a');
    for (int i = 0; i < 1000; ++i) {
      hash.update(piece);
    }
    CHECK(to_hex(hash.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
}

TEST_CASE("SHA-256 gives the same digest however the input is split across updates", "[auth]") {
  std::mt19937 rng(20150830);
  const std::string message = random_bytes(rng, 200);
  for (Sha256Impl impl : implementations()) {
    INFO("implementation: " << impl_name(impl));
    const std::string expected = sha256_hex(message, impl);
    for (std::size_t split = 0; split <= 130; ++split) {
      INFO("split at " << split);
      Sha256 two_parts(impl);
      two_parts.update(std::string_view(message).substr(0, split));
      two_parts.update(std::string_view(message).substr(split));
      CHECK(to_hex(two_parts.finish()) == expected);

      if (split > 0) {
        Sha256 chunks(impl);  // every chunk `split` bytes long, so block boundaries fall everywhere
        for (std::size_t at = 0; at < message.size(); at += split) {
          chunks.update(std::string_view(message).substr(at, split));
        }
        CHECK(to_hex(chunks.finish()) == expected);
      }
    }
  }
}

TEST_CASE("the portable and SHA-NI implementations agree on random inputs", "[auth]") {
  if (!ecsemu::auth::detail::sha256_impl_supported(Sha256Impl::kShaNi)) {
    WARN("this CPU has no SHA extensions; only the portable implementation is tested");
    return;
  }
  std::mt19937 rng(4231);
  std::vector<std::size_t> sizes;
  for (std::size_t size = 0; size <= 300; ++size) {
    sizes.push_back(size);
  }
  for (std::size_t size : {511, 512, 513, 1023, 1024, 1025, 4096, 65536 + 7}) {
    sizes.push_back(size);
  }
  for (std::size_t size : sizes) {
    INFO("size " << size);
    const std::string data = random_bytes(rng, size);
    CHECK(sha256_hex(data, Sha256Impl::kPortable) == sha256_hex(data, Sha256Impl::kShaNi));
    const std::string key = random_bytes(rng, size % 150);
    CHECK(hmac_hex(key, data, Sha256Impl::kPortable) == hmac_hex(key, data, Sha256Impl::kShaNi));
  }
}

TEST_CASE("HMAC-SHA256 matches RFC 4231 test cases 1 to 7", "[auth]") {
  std::string key4;
  for (int i = 1; i <= 25; ++i) {
    key4.push_back(static_cast<char>(i));
  }
  const std::string key67(131, '\xaa');
  for (Sha256Impl impl : implementations()) {
    INFO("implementation: " << impl_name(impl));
    CHECK(hmac_hex(std::string(20, '\x0b'), "Hi There", impl) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(hmac_hex("Jefe", "what do ya want for nothing?", impl) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(hmac_hex(std::string(20, '\xaa'), std::string(50, '\xdd'), impl) ==
          "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    CHECK(hmac_hex(key4, std::string(50, '\xcd'), impl) ==
          "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    // Case 5 is truncated to 128 bits.
    CHECK(hmac_hex(std::string(20, '\x0c'), "Test With Truncation", impl).substr(0, 32) ==
          "a3b6167473100ee06e0c796c2955552b");
    CHECK(hmac_hex(key67, "Test Using Larger Than Block-Size Key - Hash Key First", impl) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(hmac_hex(key67,
                   "This is a test using a larger than block-size key and a larger than block-size data. The key "
                   "needs to be hashed before being used by the HMAC algorithm.",
                   impl) == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
  }
}

TEST_CASE("HMAC-SHA256 with an empty key pads it with zeros like any short key", "[auth]") {
  CHECK(hmac_hex("", "") == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  CHECK(hmac_hex("", "data") == hmac_hex(std::string(1, '\0'), "data"));
  CHECK(hmac_hex("", "data") == hmac_hex(std::string(64, '\0'), "data"));
}

TEST_CASE("constant-time equality compares contents and lengths", "[auth]") {
  using ecsemu::auth::detail::constant_time_equal;
  CHECK(constant_time_equal("", ""));
  CHECK(constant_time_equal("abcdef", "abcdef"));
  CHECK_FALSE(constant_time_equal("abcdef", "abcdeg"));
  CHECK_FALSE(constant_time_equal("abcdef", "bbcdef"));
  CHECK_FALSE(constant_time_equal("abcdef", "abcde"));
  CHECK_FALSE(constant_time_equal("", "a"));
}
