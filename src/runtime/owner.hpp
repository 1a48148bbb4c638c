#pragma once

#include <map>
#include <string>
#include <string_view>

namespace ecsemu::runtime {

// Who owns a container or network ecsemu created, so that a later ecsemu can tell a dead owner's leftovers from
// a live one's. A process id means something only inside its PID namespace: an ecsemu in a container (its own
// namespace, where it may be PID 1) and one on the host must not judge each other's ids in their own namespace.
inline constexpr const char* kOwnerPidLabel = "ecsemu.pid";              // its process id
inline constexpr const char* kOwnerPidNamespaceLabel = "ecsemu.pidns";   // e.g. "pid:[4026531836]"
inline constexpr const char* kOwnerContainerLabel = "ecsemu.container";  // the owner's own container id, if any

struct OwnerIdentity {
  std::string pid;            // decimal, as the owner saw itself
  std::string pid_namespace;  // readlink of /proc/self/ns/pid; "" on labels written before it was recorded
  std::string container;      // the Docker container the owner ran in; "" when it ran outside one
};

// How to tell whether the owner named by `owner` is still alive, seen from `self`.
enum class OwnerCheck {
  Process,    // same PID namespace (or an older label without one): is `owner.pid` a live ecsemu here?
  Container,  // another namespace, inside a container: is that container still running?
  Dead,       // a previous run of the container this process runs in: gone
  Unknown,    // another namespace and no container to ask about: cannot tell, so keep its leftovers
};
OwnerCheck how_to_check(const OwnerIdentity& owner, const OwnerIdentity& self);

// This process's identity (read once).
const OwnerIdentity& this_process();

// The labels that name `self` as the owner (pid, PID namespace, container when there is one).
std::map<std::string, std::string> owner_identity_labels(const OwnerIdentity& self);

// The id of the Docker container whose /etc/hostname, /etc/hosts or /etc/resolv.conf is bind-mounted into this
// mount namespace, from /proc/self/mountinfo text; "" when there is none (not in a Docker container).
std::string container_id_from_mountinfo(std::string_view mountinfo);

}  // namespace ecsemu::runtime
