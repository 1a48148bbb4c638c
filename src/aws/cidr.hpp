#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/network_v4.hpp>

namespace ecsemu::aws {

using Ipv4Address = boost::asio::ip::address_v4;
// An IPv4 block as asio has it: address() is what was written (host bits and all), network() the block's base.
using Ipv4Network = boost::asio::ip::network_v4;

// Dotted-decimal IPv4 ("10.0.0.1"); nullopt for anything else.
std::optional<Ipv4Address> parse_ipv4(std::string_view text);
// "a.b.c.d/n" with n from 0 to 32. Host bits are allowed; callers decide (EC2 refuses them for a VPC or a subnet,
// a security group rule does not care).
std::optional<Ipv4Network> parse_cidr(std::string_view text);
// The block with no host bits: what a VPC or subnet CIDR must be.
bool is_canonical(const Ipv4Network& block);

std::uint64_t block_size(const Ipv4Network& block);
bool contains(const Ipv4Network& block, const Ipv4Address& ip);
bool contains(const Ipv4Network& outer, const Ipv4Network& inner);
bool overlaps(const Ipv4Network& a, const Ipv4Network& b);
// "base/prefix" of the canonical block.
std::string to_string(const Ipv4Network& block);

}  // namespace ecsemu::aws
