#include "aws/cidr.hpp"

#include <fmt/format.h>

namespace ecsemu::aws {

namespace ip = boost::asio::ip;

std::optional<Ipv4Address> parse_ipv4(std::string_view text) {
  boost::system::error_code ec;
  Ipv4Address address = ip::make_address_v4(std::string(text), ec);
  if (ec) {
    return std::nullopt;
  }
  return address;
}

std::optional<Ipv4Network> parse_cidr(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  auto address = parse_ipv4(text.substr(0, slash));
  std::string_view digits = text.substr(slash + 1);
  if (!address || digits.empty() || digits.size() > 2) {
    return std::nullopt;
  }
  unsigned prefix = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    prefix = prefix * 10 + static_cast<unsigned>(c - '0');
  }
  if (prefix > 32) {
    return std::nullopt;
  }
  return Ipv4Network(*address, static_cast<unsigned short>(prefix));
}

bool is_canonical(const Ipv4Network& block) { return block.address() == block.network(); }

std::uint64_t block_size(const Ipv4Network& block) { return std::uint64_t{1} << (32 - block.prefix_length()); }

bool contains(const Ipv4Network& block, const Ipv4Address& address) {
  return ip::network_v4(address, block.prefix_length()).network() == block.network();
}

bool contains(const Ipv4Network& outer, const Ipv4Network& inner) {
  return inner.prefix_length() >= outer.prefix_length() && contains(outer, inner.network());
}

bool overlaps(const Ipv4Network& a, const Ipv4Network& b) {
  return contains(a, b.network()) || contains(b, a.network());
}

std::string to_string(const Ipv4Network& block) {
  return fmt::format("{}/{}", block.network().to_string(), block.prefix_length());
}

}  // namespace ecsemu::aws
