#include "taskmeta/link_local_address.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace ecsemu::taskmeta {

namespace {

// One RTM_NEWADDR / RTM_DELADDR request for ip/32 on lo; returns 0 or the negative errno the kernel answered.
int change_address(std::string_view ip, int type) {
  in_addr addr{};
  if (inet_pton(AF_INET, std::string(ip).c_str(), &addr) != 1) {
    return -EINVAL;
  }
  unsigned index = if_nametoindex("lo");
  if (index == 0) {
    return -ENODEV;
  }
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) {
    return -errno;
  }
  struct {
    nlmsghdr header;
    ifaddrmsg message;
    char attributes[64];
  } request{};
  request.header.nlmsg_len = NLMSG_LENGTH(sizeof(ifaddrmsg));
  request.header.nlmsg_type = static_cast<unsigned short>(type);
  request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0);
  request.header.nlmsg_seq = 1;
  request.message.ifa_family = AF_INET;
  request.message.ifa_prefixlen = 32;
  request.message.ifa_scope = RT_SCOPE_UNIVERSE;
  request.message.ifa_index = index;
  for (unsigned short kind : {static_cast<unsigned short>(IFA_LOCAL), static_cast<unsigned short>(IFA_ADDRESS)}) {
    auto* attribute =
        reinterpret_cast<rtattr*>(reinterpret_cast<char*>(&request) + NLMSG_ALIGN(request.header.nlmsg_len));
    attribute->rta_type = kind;
    attribute->rta_len = RTA_LENGTH(sizeof(addr));
    std::memcpy(RTA_DATA(attribute), &addr, sizeof(addr));
    request.header.nlmsg_len = NLMSG_ALIGN(request.header.nlmsg_len) + RTA_LENGTH(sizeof(addr));
  }
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  int result = 0;
  if (sendto(fd, &request, request.header.nlmsg_len, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof(kernel)) < 0) {
    result = -errno;
  } else {
    char buffer[4096];
    ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n < 0) {
      result = -errno;
    } else {
      auto* reply = reinterpret_cast<nlmsghdr*>(buffer);
      if (NLMSG_OK(reply, static_cast<unsigned>(n)) && reply->nlmsg_type == NLMSG_ERROR) {
        result = reinterpret_cast<nlmsgerr*>(NLMSG_DATA(reply))->error;
      }
    }
  }
  close(fd);
  return result;
}

// True when /proc/net/tcp lists a listening socket on `ip`.
bool someone_listens_on(std::string_view ip) {
  in_addr addr{};
  if (inet_pton(AF_INET, std::string(ip).c_str(), &addr) != 1) {
    return false;
  }
  std::string hex = fmt::format("{:08X}", addr.s_addr);  // /proc shows the address in host byte order
  std::ifstream in("/proc/net/tcp");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    fields >> slot >> local >> remote >> state;
    if (state == "0A" && local.rfind(hex + ":", 0) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

AddressResult add_loopback_address(std::string_view ip) {
  int rc = change_address(ip, RTM_NEWADDR);
  if (rc == 0) {
    return {AddressOutcome::Added, ""};
  }
  if (rc == -EEXIST) {
    return {AddressOutcome::AlreadyPresent, ""};
  }
  if (rc == -EPERM || rc == -EACCES) {
    return {AddressOutcome::Denied, std::strerror(-rc)};
  }
  return {AddressOutcome::Failed, std::strerror(-rc)};
}

bool remove_loopback_address_if_unused(std::string_view ip) {
  if (someone_listens_on(ip)) {
    return false;
  }
  return change_address(ip, RTM_DELADDR) == 0;
}

std::string docker_bridge_address() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) {
    return {};
  }
  std::string out;
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr != nullptr && i->ifa_addr->sa_family == AF_INET && std::strcmp(i->ifa_name, "docker0") == 0) {
      char text[INET_ADDRSTRLEN] = {};
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr, text, sizeof(text));
      out = text;
      break;
    }
  }
  freeifaddrs(list);
  return out;
}

}  // namespace ecsemu::taskmeta
