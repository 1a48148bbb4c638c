#include "services/ec2/ec2_cidr.hpp"

#include <charconv>

#include <fmt/format.h>

namespace ecsemu::ec2 {

std::optional<std::uint32_t> parse_ipv4(std::string_view text) {
  std::uint32_t ip = 0;
  for (int i = 0; i < 4; ++i) {
    std::size_t dot = i < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos || dot == 0 || dot > 3) {
      return std::nullopt;
    }
    std::string_view part = text.substr(0, dot);
    if (part.size() > 1 && part[0] == '0') {
      return std::nullopt;
    }
    unsigned octet = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), octet);
    if (ec != std::errc() || ptr != part.data() + part.size() || octet > 255) {
      return std::nullopt;
    }
    ip = (ip << 8) | octet;
    text.remove_prefix(i < 3 ? dot + 1 : dot);
  }
  return text.empty() ? std::optional<std::uint32_t>(ip) : std::nullopt;
}

std::string format_ipv4(std::uint32_t ip) {
  return fmt::format("{}.{}.{}.{}", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  auto ip = parse_ipv4(text.substr(0, slash));
  std::string_view bits = text.substr(slash + 1);
  int prefix = -1;
  auto [ptr, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
  if (!ip || bits.empty() || bits.size() > 2 || ec != std::errc() || ptr != bits.data() + bits.size() || prefix < 0 ||
      prefix > 32) {
    return std::nullopt;
  }
  return Cidr{*ip, prefix};
}

std::string Cidr::str() const { return fmt::format("{}/{}", format_ipv4(network()), prefix); }

}  // namespace ecsemu::ec2
