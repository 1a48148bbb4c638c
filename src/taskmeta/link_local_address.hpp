#pragma once

// The address containers reach ecsemu's task endpoints at: 169.254.170.2 (the ECS agent's) on the loopback
// interface, so container traffic to it never leaves the machine. Adding it needs CAP_NET_ADMIN; without it
// ecsemu falls back to the Docker bridge's gateway address (docker0).

#include <string>
#include <string_view>

namespace ecsemu::taskmeta {

inline constexpr std::string_view kTaskEndpointAddress = "169.254.170.2";

enum class AddressOutcome {
  Added,           // this process added it
  AlreadyPresent,  // it was there already
  Denied,          // no privilege (EPERM)
  Failed,          // anything else (error says what)
};

struct AddressResult {
  AddressOutcome outcome = AddressOutcome::Failed;
  std::string error;
};

// Adds `ip`/32 to the loopback interface (netlink RTM_NEWADDR).
AddressResult add_loopback_address(std::string_view ip);
// Removes `ip`/32 from the loopback interface unless some socket still listens on it (another ecsemu). Returns
// true when it was removed.
bool remove_loopback_address_if_unused(std::string_view ip);
// The IPv4 address of the Docker bridge (interface docker0); empty when there is none.
std::string docker_bridge_address();

}  // namespace ecsemu::taskmeta
