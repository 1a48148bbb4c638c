#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace ecsemu::ec2 {

// An instance type ecsemu supports, with its real vCPU count and installed memory.
struct InstanceTypeInfo {
  std::string_view name;  // t3.medium
  int vcpus = 0;
  std::int64_t memory_mib = 0;    // installed memory
  std::string_view architecture;  // x86_64 | arm64
  bool burstable = false;
  std::string_view network_performance;
  std::string_view hypervisor = "nitro";
};

std::span<const InstanceTypeInfo> instance_types();
const InstanceTypeInfo* find_instance_type(std::string_view name);

// The memory the ECS agent registers: what the kernel reports as MemTotal (about 2.5% below the installed
// memory, e.g. 7985 MiB for 8 GiB, as AWS's memory-management page shows) minus ECS_RESERVED_MEMORY.
std::int64_t ecs_registered_memory(const InstanceTypeInfo& type, std::int64_t reserved_mib);

}  // namespace ecsemu::ec2
