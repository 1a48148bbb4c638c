#include "ecsemu/id_source.hpp"

#include <random>

namespace ecsemu {

namespace {

constexpr char kHex[] = "0123456789abcdef";

class TwisterIdSource final : public IdSource {
 public:
  explicit TwisterIdSource(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t next() override { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace

std::string IdSource::hex(std::size_t digits) {
  std::string out;
  out.reserve(digits);
  while (out.size() < digits) {
    std::uint64_t bits = next();
    for (int i = 0; i < 16 && out.size() < digits; ++i, bits >>= 4) {
      out.push_back(kHex[bits & 0xf]);
    }
  }
  return out;
}

std::string IdSource::uuid() {
  std::uint64_t hi = next();
  std::uint64_t lo = next();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  std::string out(36, '-');
  std::size_t pos = 0;
  auto put = [&](std::uint64_t v) {
    for (int i = 15; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
        ++pos;
      }
      out[pos++] = kHex[(v >> (i * 4)) & 0xf];
    }
  };
  put(hi);
  put(lo);
  return out;
}

std::uint64_t IdSource::below(std::uint64_t bound) {
  if (bound <= 1) {
    return 0;
  }
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;  // values at or above it would bias the result
  std::uint64_t v = next();
  while (v >= limit) {
    v = next();
  }
  return v % bound;
}

std::string IdSource::chars(std::size_t length, std::string_view alphabet) {
  std::string out;
  out.reserve(length);
  for (std::size_t i = 0; i < length && !alphabet.empty(); ++i) {
    out.push_back(alphabet[below(alphabet.size())]);
  }
  return out;
}

std::unique_ptr<IdSource> make_random_id_source() {
  std::random_device device;
  std::uint64_t seed = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  return std::make_unique<TwisterIdSource>(seed);
}

std::unique_ptr<IdSource> make_seeded_id_source(std::uint64_t seed) { return std::make_unique<TwisterIdSource>(seed); }

}  // namespace ecsemu
