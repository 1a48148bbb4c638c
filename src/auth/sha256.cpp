#include "auth/sha256.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#if defined(__x86_64__)
#include <immintrin.h>
#if defined(__clang__)
#include <cpuid.h>
#endif
#endif

namespace ecsemu::auth::detail {
namespace {

// FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
alignas(16) constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// Section 5.3.3: the initial hash value.
constexpr std::uint32_t kInitial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

std::uint32_t load_be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

void store_be32(unsigned char* p, std::uint32_t v) {
  p[0] = static_cast<unsigned char>(v >> 24);
  p[1] = static_cast<unsigned char>(v >> 16);
  p[2] = static_cast<unsigned char>(v >> 8);
  p[3] = static_cast<unsigned char>(v);
}

// Section 6.2.2, one block at a time.
void blocks_portable(std::uint32_t* state, const unsigned char* blocks, std::size_t count) {
  for (; count > 0; --count, blocks += Sha256::kBlockSize) {
    std::uint32_t w[64];
    for (int t = 0; t < 16; ++t) {
      w[t] = load_be32(blocks + 4 * t);
    }
    for (int t = 16; t < 64; ++t) {
      std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = s1 + w[t - 7] + s0 + w[t - 16];
    }
    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 64; ++t) {
      std::uint32_t big_s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      std::uint32_t ch = (e & f) ^ (~e & g);
      std::uint32_t t1 = h + big_s1 + ch + kRound[t] + w[t];
      std::uint32_t big_s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      std::uint32_t t2 = big_s0 + maj;
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}

#if defined(__x86_64__)

// SHA256RNDS2 keeps the working variables as two vectors, {A,B,E,F} and {C,D,G,H} (highest lane first), and runs
// two rounds on the low two lanes of a third vector holding W[t] + K[t]. SHA256MSG1/MSG2 compute the schedule four
// words at a time.
__attribute__((target("sha,sse4.1"))) void blocks_shani(std::uint32_t* state, const unsigned char* blocks,
                                                        std::size_t count) {
  // Byte order within each 32-bit lane reversed: the message words are big-endian.
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

  // {a,b,c,d} and {e,f,g,h} (lane 0 first) into {F,E,B,A} and {H,G,D,C}.
  __m128i abcd = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
  __m128i efgh = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));
  __m128i badc = _mm_shuffle_epi32(abcd, 0xB1);
  __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);
  __m128i abef = _mm_alignr_epi8(badc, hgfe, 8);
  __m128i cdgh = _mm_blend_epi16(hgfe, badc, 0xF0);

  for (; count > 0; --count, blocks += Sha256::kBlockSize) {
    const __m128i abef_in = abef;
    const __m128i cdgh_in = cdgh;
    __m128i w[4];  // w[g % 4] holds W[4g .. 4g+3]
    for (int i = 0; i < 4; ++i) {
      w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 16 * i)), bswap);
    }
#pragma GCC unroll 16
    for (int g = 0; g < 16; ++g) {
      if (g >= 4) {
        // W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16] for t = 4g .. 4g+3.
        __m128i& oldest = w[g % 4];                                  // W[t-16 ..]
        const __m128i& next = w[(g + 1) % 4];                        // W[t-12 ..]
        const __m128i& prev2 = w[(g + 2) % 4];                       // W[t-8 ..]
        const __m128i& prev1 = w[(g + 3) % 4];                       // W[t-4 ..]
        __m128i sum = _mm_sha256msg1_epu32(oldest, next);            // W[t-16] + s0(W[t-15])
        sum = _mm_add_epi32(sum, _mm_alignr_epi8(prev1, prev2, 4));  // + W[t-7]
        oldest = _mm_sha256msg2_epu32(sum, prev1);                   // + s1(W[t-2])
      }
      __m128i wk = _mm_add_epi32(w[g % 4], _mm_load_si128(reinterpret_cast<const __m128i*>(kRound + 4 * g)));
      // Two rounds; the old {A,B,E,F} becomes the new {C,D,G,H}.
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
      wk = _mm_shuffle_epi32(wk, 0x0E);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);
    }
    abef = _mm_add_epi32(abef, abef_in);
    cdgh = _mm_add_epi32(cdgh, cdgh_in);
  }

  __m128i abef_lanes = _mm_shuffle_epi32(abef, 0x1B);  // lanes {a,b,e,f}
  __m128i ghcd_lanes = _mm_shuffle_epi32(cdgh, 0xB1);  // lanes {g,h,c,d}
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_blend_epi16(abef_lanes, ghcd_lanes, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), _mm_alignr_epi8(ghcd_lanes, abef_lanes, 8));
}

bool cpu_has_sha_ni() {
  static const bool has = [] {
#if defined(__clang__)
    // Clang (14 at least) does not know the "sha" feature name: CPUID leaf 7 EBX bit 29, leaf 1 ECX bit 19.
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    bool sha = __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ebx & (1u << 29)) != 0;
    bool sse41 = __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 19)) != 0;
    return sha && sse41;
#else
    __builtin_cpu_init();  // already done by libgcc unless we run inside a static initializer before it
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
#endif
  }();
  return has;
}

#else

bool cpu_has_sha_ni() { return false; }

#endif

Sha256::BlockFn block_function(Sha256Impl impl) {
  switch (impl) {
    case Sha256Impl::kPortable:
      return blocks_portable;
    case Sha256Impl::kShaNi:
#if defined(__x86_64__)
      if (cpu_has_sha_ni()) {
        return blocks_shani;
      }
#endif
      throw std::invalid_argument("SHA-256: the SHA extensions are not available on this CPU");
    case Sha256Impl::kAuto:
      break;
  }
#if defined(__x86_64__)
  static const Sha256::BlockFn best = cpu_has_sha_ni() ? blocks_shani : blocks_portable;
  return best;
#else
  return blocks_portable;
#endif
}

}  // namespace

bool sha256_impl_supported(Sha256Impl impl) { return impl != Sha256Impl::kShaNi || cpu_has_sha_ni(); }

Sha256::Sha256(Sha256Impl impl) : blocks_(block_function(impl)) { std::memcpy(state_, kInitial, sizeof state_); }

void Sha256::update(const void* data, std::size_t size) {
  const auto* in = static_cast<const unsigned char*>(data);
  length_ += size;
  if (buffered_ > 0) {
    std::size_t take = std::min(size, kBlockSize - buffered_);
    std::memcpy(buffer_ + buffered_, in, take);
    buffered_ += take;
    in += take;
    size -= take;
    if (buffered_ < kBlockSize) {
      return;
    }
    blocks_(state_, buffer_, 1);
    buffered_ = 0;
  }
  if (std::size_t whole = size / kBlockSize; whole > 0) {
    blocks_(state_, in, whole);
    in += whole * kBlockSize;
    size -= whole * kBlockSize;
  }
  if (size > 0) {
    std::memcpy(buffer_, in, size);
    buffered_ = size;
  }
}

Digest Sha256::finish() {
  // Section 5.1.1: a 1 bit, zeros up to 56 mod 64 bytes, then the length in bits as a 64-bit big-endian number.
  const std::uint64_t bits = length_ * 8;
  buffer_[buffered_++] = 0x80;
  if (buffered_ > kBlockSize - 8) {
    std::memset(buffer_ + buffered_, 0, kBlockSize - buffered_);
    blocks_(state_, buffer_, 1);
    buffered_ = 0;
  }
  std::memset(buffer_ + buffered_, 0, kBlockSize - 8 - buffered_);
  store_be32(buffer_ + 56, static_cast<std::uint32_t>(bits >> 32));
  store_be32(buffer_ + 60, static_cast<std::uint32_t>(bits));
  blocks_(state_, buffer_, 1);
  buffered_ = 0;
  Digest out;
  for (int i = 0; i < 8; ++i) {
    store_be32(out.data() + 4 * i, state_[i]);
  }
  return out;
}

Digest sha256(std::string_view data, Sha256Impl impl) {
  Sha256 hash(impl);
  hash.update(data);
  return hash.finish();
}

Digest hmac_sha256(std::string_view key, std::string_view data, Sha256Impl impl) {
  // RFC 2104: K0 is the key zero-padded to the block size (hashed first when longer than a block);
  // HMAC = H((K0 ^ opad) || H((K0 ^ ipad) || data)).
  unsigned char pad[Sha256::kBlockSize] = {};
  if (key.size() > Sha256::kBlockSize) {
    Digest hashed = sha256(key, impl);
    std::memcpy(pad, hashed.data(), hashed.size());
  } else if (!key.empty()) {
    std::memcpy(pad, key.data(), key.size());
  }
  for (unsigned char& byte : pad) {
    byte ^= 0x36;
  }
  Sha256 inner(impl);
  inner.update(pad, sizeof pad);
  inner.update(data);
  Digest inner_digest = inner.finish();
  for (unsigned char& byte : pad) {
    byte ^= 0x36 ^ 0x5c;
  }
  Sha256 outer(impl);
  outer.update(pad, sizeof pad);
  outer.update(inner_digest.data(), inner_digest.size());
  return outer.finish();
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    // An empty asm the compiler cannot see through, so it cannot turn the loop into an early exit.
    __asm__("" : "+r"(diff));
  }
  return diff == 0;
}

}  // namespace ecsemu::auth::detail
