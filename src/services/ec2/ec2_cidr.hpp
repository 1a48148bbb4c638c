#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ecsemu::ec2 {

// An IPv4 block such as 10.0.0.0/16. Parsing is strict (four decimal octets, a prefix 0..32) and
// normalizes nothing: callers decide whether host bits may be set.
struct Cidr {
  std::uint32_t base = 0;
  int prefix = 0;

  std::uint32_t mask() const { return prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix); }
  std::uint32_t network() const { return base & mask(); }
  std::uint64_t size() const { return std::uint64_t{1} << (32 - prefix); }
  bool contains(std::uint32_t ip) const { return (ip & mask()) == network(); }
  bool contains(const Cidr& inner) const { return inner.prefix >= prefix && contains(inner.network()); }
  bool overlaps(const Cidr& other) const { return contains(other.network()) || other.contains(network()); }
  std::string str() const;  // network()/prefix
};

std::optional<std::uint32_t> parse_ipv4(std::string_view text);
std::string format_ipv4(std::uint32_t ip);
std::optional<Cidr> parse_cidr(std::string_view text);

// Addresses AWS reserves in every subnet: the network address, the next three and the broadcast address.
inline constexpr int kReservedPerSubnet = 5;

}  // namespace ecsemu::ec2
