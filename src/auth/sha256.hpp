#pragma once

// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), written for SigV4 so the server needs no libcrypto. The block
// function is chosen once per process: the x86-64 SHA extensions when the CPU has them, portable C++ otherwise.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ecsemu::auth::detail {

using Digest = std::array<unsigned char, 32>;

enum class Sha256Impl {
  kAuto,      // the fastest one this CPU supports
  kPortable,  // plain C++
  kShaNi,     // x86-64 SHA extensions (SHA256RNDS2/MSG1/MSG2)
};

// Whether `impl` can run on this CPU (kAuto and kPortable always can).
bool sha256_impl_supported(Sha256Impl impl);

// Incremental SHA-256: update() any number of times, then finish() once.
class Sha256 {
 public:
  static constexpr std::size_t kBlockSize = 64;

  // Throws std::invalid_argument when `impl` is not supported on this CPU.
  explicit Sha256(Sha256Impl impl = Sha256Impl::kAuto);

  void update(const void* data, std::size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }
  Digest finish();

  using BlockFn = void (*)(std::uint32_t* state, const unsigned char* blocks, std::size_t count);

 private:
  BlockFn blocks_;
  std::uint32_t state_[8];
  std::uint64_t length_ = 0;  // bytes hashed so far
  unsigned char buffer_[kBlockSize];
  std::size_t buffered_ = 0;
};

Digest sha256(std::string_view data, Sha256Impl impl = Sha256Impl::kAuto);
Digest hmac_sha256(std::string_view key, std::string_view data, Sha256Impl impl = Sha256Impl::kAuto);

// Equality whose running time depends only on the lengths, not on where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace ecsemu::auth::detail
