#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ecsemu {

// Where every generated identifier comes from (resource ids, UUIDs, tokens), injected so unit tests get
// reproducible ids (DESIGN.md 7). Used on the state strand only: implementations need no locking.
class IdSource {
 public:
  virtual ~IdSource() = default;
  // 64 fresh bits.
  virtual std::uint64_t next() = 0;

  // `digits` lowercase hex digits (e.g. 17 for "vpc-0a1b…", 32 for a task id).
  std::string hex(std::size_t digits);
  // An RFC 4122 version 4 UUID, lowercase: 8-4-4-4-12.
  std::string uuid();
  // `length` characters drawn from `alphabet` (e.g. upper-case letters and digits for access keys).
  std::string chars(std::size_t length, std::string_view alphabet);
  // A number in [0, bound) (bound > 0), without modulo bias.
  std::uint64_t below(std::uint64_t bound);
};

// Random ids from a 64-bit Mersenne twister seeded from std::random_device.
std::unique_ptr<IdSource> make_random_id_source();
// The same ids for the same seed: for unit tests.
std::unique_ptr<IdSource> make_seeded_id_source(std::uint64_t seed);

}  // namespace ecsemu
