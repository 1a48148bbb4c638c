#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ecsemu::ec2 {

// An instance type AWS has, with its vCPU count and installed memory. Every value of the InstanceType enum in
// the vendored EC2 model is one: the sizes come from each family's rule (large = 2 vCPUs, xlarge = 4,
// Nxlarge = 4N, metal = the family's largest size; memory = the family's GiB per vCPU), with the families and
// sizes where AWS breaks its own rule listed one by one (ec2_instance_type_rules.cpp).
struct InstanceTypeInfo {
  std::string_view name;  // t3.medium
  int vcpus = 0;
  std::int64_t memory_mib = 0;    // installed memory
  std::string_view architecture;  // x86_64 | arm64 | x86_64_mac | arm64_mac
  bool burstable = false;
  std::string_view network_performance;
  std::string_view hypervisor = "nitro";  // xen | nitro; empty for bare metal (AWS sends none)
  bool current_generation = true;
  bool bare_metal = false;
  bool free_tier = false;
};

std::span<const InstanceTypeInfo> instance_types();  // sorted by name
const InstanceTypeInfo* find_instance_type(std::string_view name);

// The table for a list of type names (what instance_types() builds from the model's enum); unit tests use it
// to check the rules on names of their own.
std::vector<InstanceTypeInfo> derive_instance_types(std::span<const std::string_view> names);

// The memory the ECS agent registers: what the kernel reports as MemTotal (about 2.5% below the installed
// memory, e.g. 7985 MiB for 8 GiB, as AWS's memory-management page shows) minus ECS_RESERVED_MEMORY.
std::int64_t ecs_registered_memory(const InstanceTypeInfo& type, std::int64_t reserved_mib);

}  // namespace ecsemu::ec2
