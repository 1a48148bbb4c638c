#include <catch2/catch.hpp>

#include "services/ec2/ec2_instance_types.hpp"

using namespace ecsemu::ec2;

namespace {

const InstanceTypeInfo& type(std::string_view name) {
  const InstanceTypeInfo* t = find_instance_type(name);
  INFO(name);
  REQUIRE(t != nullptr);
  return *t;
}

}  // namespace

TEST_CASE("every instance type of the EC2 model is known, with a size", "[unit][ec2]") {
  auto types = instance_types();
  // The vendored model lists about 1,200 types; a name no rule sizes would be dropped from the table.
  REQUIRE(types.size() > 1000);
  for (const auto& t : types) {
    INFO(t.name);
    CHECK(t.vcpus > 0);
    CHECK(t.memory_mib > 0);
    CHECK(!t.network_performance.empty());
  }
  CHECK(find_instance_type("t9.huge") == nullptr);
  CHECK(find_instance_type("") == nullptr);
}

TEST_CASE("instance types have the vCPUs and memory AWS lists for them", "[unit][ec2]") {
  struct Row {
    std::string_view name;
    int vcpus;
    std::int64_t mib;
  };
  // Values from AWS's instance type specifications (DescribeInstanceTypes VCpuInfo/MemoryInfo).
  const Row rows[] = {
      {"m1.small", 1, 1740},      {"t1.micro", 1, 627},       {"t2.micro", 1, 1024},
      {"t3.nano", 2, 512},        {"t3.medium", 2, 4096},     {"t4g.2xlarge", 8, 32768},
      {"m3.medium", 1, 3840},     {"m4.large", 2, 8192},      {"m4.16xlarge", 64, 262144},
      {"m5.large", 2, 8192},      {"m5.24xlarge", 96, 393216}, {"m5.metal", 96, 393216},
      {"c4.xlarge", 4, 7680},     {"c4.8xlarge", 36, 61440},  {"c5.9xlarge", 36, 73728},
      {"c5n.large", 2, 5376},     {"c5n.18xlarge", 72, 196608}, {"r3.large", 2, 15616},
      {"r5.large", 2, 16384},     {"r6g.medium", 1, 8192},    {"x1e.xlarge", 4, 124928},
      {"i3.metal", 72, 524288},   {"c7i.metal-48xl", 192, 393216}, {"m2.4xlarge", 8, 70041},
      {"hpc7a.12xlarge", 24, 786432}, {"u-6tb1.112xlarge", 448, 6291456}, {"p3.2xlarge", 8, 62464},
      {"g4dn.xlarge", 4, 16384},  {"z1d.large", 2, 16384},    {"a1.medium", 1, 2048},
  };
  for (const auto& row : rows) {
    INFO(row.name);
    const auto& t = type(row.name);
    CHECK(t.vcpus == row.vcpus);
    CHECK(t.memory_mib == row.mib);
  }
}

TEST_CASE("architecture, generation, hypervisor and bare metal follow the family", "[unit][ec2]") {
  CHECK(type("c6g.large").architecture == "arm64");
  CHECK(type("a1.large").architecture == "arm64");
  CHECK(type("g4dn.xlarge").architecture == "x86_64");
  CHECK(type("g5g.xlarge").architecture == "arm64");
  CHECK(type("mac1.metal").architecture == "x86_64_mac");
  CHECK(type("mac2.metal").architecture == "arm64_mac");
  CHECK_FALSE(type("m1.small").current_generation);
  CHECK(type("m5.large").current_generation);
  CHECK(type("t2.micro").hypervisor == "xen");
  CHECK(type("t3.micro").hypervisor == "nitro");
  CHECK(type("m5.metal").bare_metal);
  CHECK(type("m5.metal").hypervisor.empty());
  CHECK(type("t3.micro").burstable);
  CHECK_FALSE(type("trn1.2xlarge").burstable);
  CHECK(type("t2.micro").free_tier);
  CHECK_FALSE(type("t3.small").free_tier);
}

TEST_CASE("derived sizes follow the rule for names of any family", "[unit][ec2]") {
  const std::string_view names[] = {"zz9.large", "zz9.12xlarge", "zz9.metal", "zz9.huge", "nodot"};
  auto derived = derive_instance_types(names);
  REQUIRE(derived.size() == 3);  // no rule sizes "huge"; a name without a size is no type
  CHECK(derived[0].vcpus == 2);
  CHECK(derived[1].vcpus == 48);
  CHECK(derived[2].vcpus == 48);  // metal is the family's largest size
  CHECK(derived[2].bare_metal);
}
