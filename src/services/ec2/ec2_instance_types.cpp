#include "services/ec2/ec2_instance_types.hpp"

#include <vector>

namespace ecsemu::ec2 {

std::span<const InstanceTypeInfo> instance_types() {
  static const std::vector<InstanceTypeInfo> kTypes = {
      {"t2.nano", 1, 512, "x86_64", true, "Low to Moderate", "xen"},
      {"t2.micro", 1, 1024, "x86_64", true, "Low to Moderate", "xen"},
      {"t2.small", 1, 2048, "x86_64", true, "Low to Moderate", "xen"},
      {"t2.medium", 2, 4096, "x86_64", true, "Low to Moderate", "xen"},
      {"t2.large", 2, 8192, "x86_64", true, "Low to Moderate", "xen"},
      {"t2.xlarge", 4, 16384, "x86_64", true, "Moderate", "xen"},
      {"t2.2xlarge", 8, 32768, "x86_64", true, "Moderate", "xen"},
      {"t3.nano", 2, 512, "x86_64", true, "Up to 5 Gigabit"},
      {"t3.micro", 2, 1024, "x86_64", true, "Up to 5 Gigabit"},
      {"t3.small", 2, 2048, "x86_64", true, "Up to 5 Gigabit"},
      {"t3.medium", 2, 4096, "x86_64", true, "Up to 5 Gigabit"},
      {"t3.large", 2, 8192, "x86_64", true, "Up to 5 Gigabit"},
      {"t3.xlarge", 4, 16384, "x86_64", true, "Up to 5 Gigabit"},
      {"t3.2xlarge", 8, 32768, "x86_64", true, "Up to 5 Gigabit"},
      {"t3a.nano", 2, 512, "x86_64", true, "Up to 5 Gigabit"},
      {"t3a.micro", 2, 1024, "x86_64", true, "Up to 5 Gigabit"},
      {"t3a.small", 2, 2048, "x86_64", true, "Up to 5 Gigabit"},
      {"t3a.medium", 2, 4096, "x86_64", true, "Up to 5 Gigabit"},
      {"t3a.large", 2, 8192, "x86_64", true, "Up to 5 Gigabit"},
      {"t3a.xlarge", 4, 16384, "x86_64", true, "Up to 5 Gigabit"},
      {"t3a.2xlarge", 8, 32768, "x86_64", true, "Up to 5 Gigabit"},
      {"t4g.nano", 2, 512, "arm64", true, "Up to 5 Gigabit"},
      {"t4g.micro", 2, 1024, "arm64", true, "Up to 5 Gigabit"},
      {"t4g.small", 2, 2048, "arm64", true, "Up to 5 Gigabit"},
      {"t4g.medium", 2, 4096, "arm64", true, "Up to 5 Gigabit"},
      {"t4g.large", 2, 8192, "arm64", true, "Up to 5 Gigabit"},
      {"t4g.xlarge", 4, 16384, "arm64", true, "Up to 5 Gigabit"},
      {"t4g.2xlarge", 8, 32768, "arm64", true, "Up to 5 Gigabit"},
      {"m5.large", 2, 8192, "x86_64", false, "Up to 10 Gigabit"},
      {"m5.xlarge", 4, 16384, "x86_64", false, "Up to 10 Gigabit"},
      {"m5.2xlarge", 8, 32768, "x86_64", false, "Up to 10 Gigabit"},
      {"m6i.large", 2, 8192, "x86_64", false, "Up to 12.5 Gigabit"},
      {"m6i.xlarge", 4, 16384, "x86_64", false, "Up to 12.5 Gigabit"},
      {"m6i.2xlarge", 8, 32768, "x86_64", false, "Up to 12.5 Gigabit"},
      {"c5.large", 2, 4096, "x86_64", false, "Up to 10 Gigabit"},
      {"c5.xlarge", 4, 8192, "x86_64", false, "Up to 10 Gigabit"},
      {"c5.2xlarge", 8, 16384, "x86_64", false, "Up to 10 Gigabit"},
      {"r5.large", 2, 16384, "x86_64", false, "Up to 10 Gigabit"},
      {"r5.xlarge", 4, 32768, "x86_64", false, "Up to 10 Gigabit"},
      {"r5.2xlarge", 8, 65536, "x86_64", false, "Up to 10 Gigabit"},
  };
  return kTypes;
}

const InstanceTypeInfo* find_instance_type(std::string_view name) {
  for (const auto& type : instance_types()) {
    if (type.name == name) {
      return &type;
    }
  }
  return nullptr;
}

std::int64_t ecs_registered_memory(const InstanceTypeInfo& type, std::int64_t reserved_mib) {
  std::int64_t mem_total = type.memory_mib - type.memory_mib / 40 - 3;
  std::int64_t out = mem_total - (reserved_mib > 0 ? reserved_mib : 0);
  return out > 0 ? out : 0;
}

}  // namespace ecsemu::ec2
