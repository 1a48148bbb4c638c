#include "runtime/owner.hpp"

#include <unistd.h>

#include <array>
#include <fstream>
#include <sstream>
#include <vector>

namespace ecsemu::runtime {
namespace {

bool is_container_id(std::string_view s) {
  if (s.size() != 64) {
    return false;
  }
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::string read_link(const char* path) {
  std::array<char, 256> buf{};
  ssize_t n = ::readlink(path, buf.data(), buf.size() - 1);
  return n > 0 ? std::string(buf.data(), static_cast<std::size_t>(n)) : std::string();
}

}  // namespace

OwnerCheck how_to_check(const OwnerIdentity& owner, const OwnerIdentity& self) {
  if (owner.pid_namespace.empty() || owner.pid_namespace == self.pid_namespace) {
    return OwnerCheck::Process;
  }
  if (owner.container.empty()) {
    return OwnerCheck::Unknown;
  }
  if (owner.container == self.container) {
    return OwnerCheck::Dead;  // the container restarted: a new PID namespace, the old process is gone
  }
  return OwnerCheck::Container;
}

std::string container_id_from_mountinfo(std::string_view mountinfo) {
  std::istringstream lines{std::string(mountinfo)};
  std::string line;
  while (std::getline(lines, line)) {
    // id parent major:minor root mount-point options ... (proc(5))
    std::istringstream fields(line);
    std::vector<std::string> f;
    std::string field;
    while (f.size() < 5 && fields >> field) {
      f.push_back(field);
    }
    if (f.size() < 5 || (f[4] != "/etc/hostname" && f[4] != "/etc/hosts" && f[4] != "/etc/resolv.conf")) {
      continue;
    }
    const std::string& root = f[3];  // e.g. /var/lib/docker/containers/<id>/hostname
    static constexpr std::string_view kMarker = "/containers/";
    for (auto at = root.find(kMarker); at != std::string::npos; at = root.find(kMarker, at + 1)) {
      std::string_view rest = std::string_view(root).substr(at + kMarker.size());
      std::string_view id = rest.substr(0, rest.find('/'));
      if (is_container_id(id) && rest.size() > id.size()) {
        return std::string(id);
      }
    }
  }
  return {};
}

const OwnerIdentity& this_process() {
  static const OwnerIdentity kSelf = [] {
    OwnerIdentity self;
    self.pid = std::to_string(::getpid());
    self.pid_namespace = read_link("/proc/self/ns/pid");
    std::ifstream in("/proc/self/mountinfo");
    std::stringstream text;
    text << in.rdbuf();
    self.container = container_id_from_mountinfo(text.str());
    return self;
  }();
  return kSelf;
}

std::map<std::string, std::string> owner_identity_labels(const OwnerIdentity& self) {
  std::map<std::string, std::string> labels{{kOwnerPidLabel, self.pid}};
  if (!self.pid_namespace.empty()) {
    labels[kOwnerPidNamespaceLabel] = self.pid_namespace;
  }
  if (!self.container.empty()) {
    labels[kOwnerContainerLabel] = self.container;
  }
  return labels;
}

}  // namespace ecsemu::runtime
