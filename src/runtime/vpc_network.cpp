#include "runtime/vpc_network.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <bit>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "runtime/docker_runtime.hpp"

namespace ecsemu::runtime {

namespace json = boost::json;

namespace {

std::optional<std::uint32_t> parse_uint(std::string_view text, int base) {
  std::uint32_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return v;
}

int prefix_of_mask(std::uint32_t mask) {
  // A contiguous mask only; anything else counts as its leading ones.
  return std::countl_one(mask);
}

std::string member_string(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

std::string Ipv4Block::str() const { return fmt::format("{}/{}", format_ipv4_address(network), prefix); }

std::optional<std::uint32_t> parse_ipv4_address(std::string_view text) {
  std::uint32_t out = 0;
  for (int i = 0; i < 4; ++i) {
    auto dot = text.find('.');
    std::string_view part = i < 3 ? text.substr(0, dot) : text;
    if ((i < 3 && dot == std::string_view::npos) || part.empty() || part.size() > 3) {
      return std::nullopt;
    }
    auto v = parse_uint(part, 10);
    if (!v || *v > 255) {
      return std::nullopt;
    }
    out = (out << 8) | *v;
    if (i < 3) {
      text.remove_prefix(dot + 1);
    }
  }
  return out;
}

std::string format_ipv4_address(std::uint32_t ip) {
  return fmt::format("{}.{}.{}.{}", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
}

std::optional<Ipv4Block> parse_ipv4_block(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  auto ip = parse_ipv4_address(text.substr(0, slash));
  auto prefix = parse_uint(text.substr(slash + 1), 10);
  if (!ip || !prefix || *prefix > 32) {
    return std::nullopt;
  }
  Ipv4Block block{*ip, static_cast<int>(*prefix)};
  if ((block.network & block.mask()) != block.network) {
    return std::nullopt;
  }
  return block;
}

std::vector<HostRoute> parse_proc_net_route(std::string_view text) {
  std::vector<HostRoute> out;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string iface;
    std::string dest;
    std::string gateway;
    std::string flags;
    std::string refcnt;
    std::string use;
    std::string metric;
    std::string mask;
    if (!(fields >> iface >> dest >> gateway >> flags >> refcnt >> use >> metric >> mask)) {
      continue;
    }
    auto d = parse_uint(dest, 16);
    auto m = parse_uint(mask, 16);
    auto f = parse_uint(flags, 16);
    if (!d || !m || !f || (*f & 0x1U) == 0) {
      continue;  // the header line, or a route that is not up
    }
    // The kernel prints the address as it lies in memory (network byte order) read as a native integer.
    Ipv4Block block;
    block.prefix = prefix_of_mask(ntohl(*m));
    block.network = ntohl(*d) & block.mask();
    out.push_back({iface, block});
  }
  return out;
}

std::vector<HostRoute> read_host_routes() {
  std::vector<HostRoute> out;
  std::ifstream file("/proc/net/route");
  if (file) {
    std::stringstream text;
    text << file.rdbuf();
    out = parse_proc_net_route(text.str());
  }
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) == 0) {
    for (ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
      if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET || a->ifa_netmask == nullptr) {
        continue;
      }
      sockaddr_in addr{};
      sockaddr_in mask{};
      std::memcpy(&addr, a->ifa_addr, sizeof addr);
      std::memcpy(&mask, a->ifa_netmask, sizeof mask);
      Ipv4Block block;
      block.prefix = prefix_of_mask(ntohl(mask.sin_addr.s_addr));
      block.network = ntohl(addr.sin_addr.s_addr) & block.mask();
      out.push_back({a->ifa_name != nullptr ? a->ifa_name : "", block});
    }
    ::freeifaddrs(list);
  }
  return out;
}

std::vector<DockerNetworkInfo> parse_docker_networks(const json::value& list) {
  std::vector<DockerNetworkInfo> out;
  if (!list.is_array()) {
    return out;
  }
  for (const auto& item : list.as_array()) {
    if (!item.is_object()) {
      continue;
    }
    const json::object& n = item.as_object();
    DockerNetworkInfo info;
    info.id = member_string(n, "Id");
    info.name = member_string(n, "Name");
    if (member_string(n, "Driver") == "bridge") {
      const auto* options = n.if_contains("Options");
      std::string bridge = options != nullptr && options->is_object()
                               ? member_string(options->as_object(), "com.docker.network.bridge.name")
                               : std::string();
      info.bridge_interface = !bridge.empty() ? bridge : "br-" + info.id.substr(0, 12);
    }
    if (const auto* labels = n.if_contains("Labels"); labels != nullptr && labels->is_object()) {
      info.marker = member_string(labels->as_object(), kMarkerLabel);
    }
    const auto* ipam = n.if_contains("IPAM");
    const auto* config = ipam != nullptr && ipam->is_object() ? ipam->as_object().if_contains("Config") : nullptr;
    if (config != nullptr && config->is_array()) {
      for (const auto& c : config->as_array()) {
        if (!c.is_object()) {
          continue;
        }
        // Docker may record a subnet with host bits set; only its block matters here.
        std::string subnet = member_string(c.as_object(), "Subnet");
        auto slash = subnet.find('/');
        auto ip = parse_ipv4_address(std::string_view(subnet).substr(0, slash));
        auto prefix = slash == std::string::npos ? std::nullopt : parse_uint(subnet.substr(slash + 1), 10);
        if (ip && prefix && *prefix <= 32) {
          Ipv4Block block;
          block.prefix = static_cast<int>(*prefix);
          block.network = *ip & block.mask();
          info.subnets.push_back(block);
        }
      }
    }
    out.push_back(std::move(info));
  }
  return out;
}

std::string vpc_network_conflict(const Ipv4Block& vpc, std::string_view name, std::string_view instance_id,
                                 const std::vector<HostRoute>& host, const std::vector<DockerNetworkInfo>& docker) {
  for (const auto& n : docker) {
    if (n.name == name && !instance_id.empty() && n.marker == instance_id) {
      continue;  // this VPC's own network
    }
    for (const auto& s : n.subnets) {
      if (s.overlaps(vpc)) {
        const char* whose = n.marker.empty()          ? "not ecsemu's"
                            : n.marker == instance_id ? "this ecsemu's, for another VPC"
                                                      : "another ecsemu's";
        return fmt::format("the VPC CIDR {} overlaps Docker network {} ({}, {})", vpc.str(), n.name, s.str(), whose);
      }
    }
  }
  for (const auto& r : host) {
    if (r.block.prefix == 0) {
      continue;  // the default route covers everything and hijacks nothing
    }
    bool docker_bridge = false;
    for (const auto& n : docker) {
      docker_bridge = docker_bridge || (!n.bridge_interface.empty() && n.bridge_interface == r.interface);
    }
    if (docker_bridge) {
      continue;  // judged above, by the Docker network it belongs to
    }
    if (r.block.overlaps(vpc)) {
      return fmt::format("the VPC CIDR {} overlaps the host's {} on {}", vpc.str(), r.block.str(), r.interface);
    }
  }
  return {};
}

std::string vpc_address_problem(const Ipv4Block& vpc, std::string_view ip) {
  auto addr = parse_ipv4_address(ip);
  if (!addr) {
    return fmt::format("'{}' is not an IPv4 address", ip);
  }
  if (!vpc.contains(*addr)) {
    return fmt::format("{} is outside the VPC CIDR {}", ip, vpc.str());
  }
  if (vpc.prefix > 30 || *addr == vpc.network || *addr == vpc.network + 1 || *addr == vpc.last()) {
    return fmt::format("{} is the network, gateway or broadcast address of {}", ip, vpc.str());
  }
  return {};
}

std::string vpc_network_name(std::string_view vpc_id) { return fmt::format("ecsemu-{}", vpc_id); }

json::object docker_vpc_network_create_body(std::string_view name, const Ipv4Block& vpc,
                                            const std::map<std::string, std::string>& labels) {
  json::object label_object;
  for (const auto& [k, v] : labels) {
    label_object[k] = v;
  }
  json::object body;
  body["Name"] = name;
  body["Driver"] = "bridge";
  body["CheckDuplicate"] = true;
  // No NAT and no forwarding out of the bridge (see the header); masquerading is off as well, so even a network
  // made non-internal by hand would not disguise a task's traffic as the host's.
  body["Internal"] = true;
  body["Attachable"] = false;
  body["EnableIPv6"] = false;
  body["IPAM"] = json::object{
      {"Driver", "default"},
      {"Config", json::array{json::object{{"Subnet", vpc.str()}, {"Gateway", format_ipv4_address(vpc.network + 1)}}}}};
  body["Options"] = json::object{{"com.docker.network.bridge.enable_ip_masquerade", "false"}};
  body["Labels"] = std::move(label_object);
  return body;
}

}  // namespace ecsemu::runtime
