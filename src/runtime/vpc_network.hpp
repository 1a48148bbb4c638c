#pragma once

// The Docker network that gives awsvpc tasks their ENI's private address: one user-defined bridge per VPC,
// named ecsemu-<vpc-id>, whose IPAM subnet is the VPC's CIDR block. Pure functions (parsing the host's routes and
// Docker's network list, the overlap check, the request body), so the safety rules are unit tested without Docker.
//
// The network is `Internal`: Docker then adds no NAT and no forwarding out of the bridge (its isolation rules drop
// anything from the bridge to an address outside the VPC CIDR, and anything into the bridge from outside it), so
// nothing a task sends leaves the machine. The host still reaches the tasks directly, since its own traffic goes
// over the bridge's gateway address and is not forwarded; tasks still reach addresses of the host itself. Docker
// publishes no ports on an internal network: a task there is reached at <ENI address>:<container port>, as in a
// VPC.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace ecsemu::runtime {

// An IPv4 block, network address and prefix length.
struct Ipv4Block {
  std::uint32_t network = 0;
  int prefix = 0;

  std::uint32_t mask() const { return prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix); }
  std::uint32_t last() const { return network | ~mask(); }
  bool contains(std::uint32_t ip) const { return (ip & mask()) == network; }
  bool overlaps(const Ipv4Block& other) const { return contains(other.network) || other.contains(network); }
  std::string str() const;
};

std::optional<std::uint32_t> parse_ipv4_address(std::string_view text);
std::string format_ipv4_address(std::uint32_t ip);
// "a.b.c.d/n" with no host bits set; nullopt otherwise.
std::optional<Ipv4Block> parse_ipv4_block(std::string_view text);

// A destination the host already reaches: a route of the main table or the block of an interface address.
struct HostRoute {
  std::string interface;
  Ipv4Block block;
};

// The routes of /proc/net/route (hexadecimal, host byte order of a little-endian machine as the kernel writes
// them). The header line and malformed lines are skipped.
std::vector<HostRoute> parse_proc_net_route(std::string_view text);
// What this machine routes: /proc/net/route and every interface's IPv4 address block (getifaddrs).
std::vector<HostRoute> read_host_routes();

// A Docker network as GET /networks lists it, reduced to what the overlap check needs.
struct DockerNetworkInfo {
  std::string id;
  std::string name;
  std::string bridge_interface;  // bridge driver: docker0, br-<id prefix> or its bridge.name option
  std::vector<Ipv4Block> subnets;
  std::string marker;  // the ecsemu label: the owning ecsemu's instance id ("" when not ecsemu's)
};
std::vector<DockerNetworkInfo> parse_docker_networks(const boost::json::value& list);

// Why the VPC block `vpc` cannot become Docker network `name` (empty when it can): it overlaps a host route or
// interface address on anything but a Docker bridge (the default route aside), or a Docker network other than
// `name` itself created by this ecsemu (`instance_id`). That includes Docker's own default bridge and the network
// of another VPC of this ecsemu with an overlapping block.
std::string vpc_network_conflict(const Ipv4Block& vpc, std::string_view name, std::string_view instance_id,
                                 const std::vector<HostRoute>& host, const std::vector<DockerNetworkInfo>& docker);

// Why `ip` cannot be a task's address on the VPC network for `vpc` (empty when it can): it must lie inside the
// block and be neither its network, its gateway (network + 1, which AWS reserves in the VPC's first subnet, so no
// ENI ever has it) nor its broadcast address.
std::string vpc_address_problem(const Ipv4Block& vpc, std::string_view ip);

// "ecsemu-<vpc-id>".
std::string vpc_network_name(std::string_view vpc_id);

// POST /networks/create: an internal bridge on `vpc` with the gateway at network + 1.
boost::json::object docker_vpc_network_create_body(std::string_view name, const Ipv4Block& vpc,
                                                   const std::map<std::string, std::string>& labels);

}  // namespace ecsemu::runtime
