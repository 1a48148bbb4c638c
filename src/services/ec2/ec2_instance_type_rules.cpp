// How big each EC2 instance type is, from the families' rules (AWS's "Amazon EC2 instance types" specifications).
// A size is a vCPU count: large = 2, xlarge = 4, Nxlarge = 4N (2N for the HPC families that run one thread per
// core), medium = 1, metal = the family's largest size, metal-Nxl = Nxlarge. Memory is the family's GiB per vCPU
// times the vCPUs. The burstable families, the previous generations and the sizes where AWS departs from its own
// rule are listed one by one below.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "services/ec2/ec2_instance_types.hpp"

namespace ecsemu::ec2 {

namespace {

struct Exact {
  int vcpus;
  double gib;
};

// Sizes that no family rule gives.
const std::map<std::string_view, Exact>& exact_sizes() {
  static const std::map<std::string_view, Exact> kExact = {
      // burstable
      {"t1.micro", {1, 0.613}},
      {"t2.nano", {1, 0.5}},
      {"t2.micro", {1, 1}},
      {"t2.small", {1, 2}},
      {"t2.medium", {2, 4}},
      {"t2.large", {2, 8}},
      {"t2.xlarge", {4, 16}},
      {"t2.2xlarge", {8, 32}},
      // previous generations
      {"m1.small", {1, 1.7}},
      {"m1.medium", {1, 3.75}},
      {"m1.large", {2, 7.5}},
      {"m1.xlarge", {4, 15}},
      {"m2.xlarge", {2, 17.1}},
      {"m2.2xlarge", {4, 34.2}},
      {"m2.4xlarge", {8, 68.4}},
      {"m3.medium", {1, 3.75}},
      {"c1.medium", {2, 1.7}},
      {"c1.xlarge", {8, 7}},
      {"c4.8xlarge", {36, 60}},
      {"d2.8xlarge", {36, 244}},
      {"cc1.4xlarge", {16, 23}},
      {"cc2.8xlarge", {32, 60.5}},
      {"cg1.4xlarge", {16, 22.5}},
      {"cr1.8xlarge", {32, 244}},
      {"hi1.4xlarge", {16, 60.5}},
      {"hs1.8xlarge", {16, 117}},
      {"g3s.xlarge", {4, 30.5}},
      {"i3.metal", {72, 512}},
      {"g4dn.metal", {96, 384}},
      {"c5n.9xlarge", {36, 96}},
      {"c5n.18xlarge", {72, 192}},
      {"c5n.metal", {72, 192}},
      {"x1.16xlarge", {64, 976}},
      {"x1.32xlarge", {128, 1952}},
      // HPC
      {"hpc6a.48xlarge", {96, 384}},
      {"hpc6id.32xlarge", {64, 1024}},
      {"hpc8a.96xlarge", {192, 768}},
      // accelerated computing
      {"p3dn.24xlarge", {96, 768}},
      {"p4d.24xlarge", {96, 1152}},
      {"p4de.24xlarge", {96, 1152}},
      {"p5.4xlarge", {16, 256}},
      {"p5.48xlarge", {192, 2048}},
      {"p5e.48xlarge", {192, 2048}},
      {"p5en.48xlarge", {192, 2048}},
      {"p6-b200.48xlarge", {192, 2048}},
      {"p6-b300.48xlarge", {192, 4096}},
      {"p6e-gb200.36xlarge", {144, 960}},
      {"trn1n.32xlarge", {128, 512}},
      {"trn2.3xlarge", {12, 128}},
      {"trn2.48xlarge", {192, 2048}},
      {"dl1.24xlarge", {96, 768}},
      {"dl2q.24xlarge", {96, 768}},
      // Mac
      {"mac1.metal", {12, 32}},
      {"mac2.metal", {8, 16}},
      {"mac2-m2.metal", {8, 24}},
      {"mac2-m2pro.metal", {12, 32}},
      {"mac2-m1ultra.metal", {20, 128}},
      {"mac-m4.metal", {10, 24}},
      {"mac-m4pro.metal", {14, 48}},
      {"mac-m4max.metal", {16, 128}},
  };
  return kExact;
}

// GiB of memory per vCPU, per family.
const std::map<std::string_view, double>& gib_per_vcpu() {
  static const std::map<std::string_view, double> kRatio = {
      {"a1", 2},     {"c3", 1.875},  {"c4", 1.875}, {"c5n", 2.625}, {"d2", 7.625},   {"d3", 8},      {"d3en", 4},
      {"f1", 15.25}, {"f2", 10.667}, {"g2", 1.875}, {"g3", 7.625},  {"g4ad", 4},     {"g4dn", 4},    {"g5", 4},
      {"g5g", 2},    {"g6", 4},      {"g6e", 8},    {"g6f", 4},     {"g7e", 10.667}, {"gr6", 8},     {"gr6f", 8},
      {"h1", 4},     {"i2", 7.625},  {"i3", 7.625}, {"im4gn", 4},   {"inf1", 2},     {"inf2", 4},    {"is4gen", 6},
      {"m3", 3.75},  {"p2", 15.25},  {"p3", 7.625}, {"r3", 7.625},  {"r4", 7.625},   {"trn1", 4},    {"vt1", 2},
      {"x1", 15.25}, {"x1e", 30.5},  {"x2gd", 16},  {"x2idn", 16},  {"x2iedn", 32},  {"x2iezn", 32}, {"x8aedz", 32},
      {"x8g", 16},   {"x8i", 16},    {"z1d", 8},    {"t3", 0},      {"t3a", 0},      {"t4g", 0},
  };
  return kRatio;
}

// The families AWS lists as previous generation.
bool previous_generation(std::string_view family) {
  static constexpr std::string_view kOld[] = {"t1", "m1",  "m2",  "m3",  "c1",  "c3",  "r3", "i2",
                                              "g2", "cc1", "cc2", "cg1", "cr1", "hi1", "hs1"};
  return std::find(std::begin(kOld), std::end(kOld), family) != std::end(kOld);
}

// The families on the Xen hypervisor (the rest are Nitro).
bool on_xen(std::string_view family) {
  static constexpr std::string_view kXen[] = {"t1", "t2", "m1",  "m2",  "m3",  "m4",  "c1",  "c3",  "c4", "r3",
                                              "r4", "x1", "x1e", "i2",  "i3",  "d2",  "h1",  "g2",  "g3", "g3s",
                                              "p2", "p3", "f1",  "cc1", "cc2", "cg1", "cr1", "hi1", "hs1"};
  return std::find(std::begin(kXen), std::end(kXen), family) != std::end(kXen);
}

// The letters after a family's generation digit name its processor: 'g' is Graviton (a1 is the first one).
std::string_view architecture_of(std::string_view family) {
  if (family.starts_with("mac")) {
    return family == "mac1" ? "x86_64_mac" : "arm64_mac";
  }
  if (family == "a1") {
    return "arm64";
  }
  auto digit = family.find_first_of("0123456789");
  if (digit != std::string_view::npos && family.find('g', digit) != std::string_view::npos) {
    return "arm64";
  }
  return "x86_64";
}

// The HPC families run one thread per core: an Nxlarge there has 2N vCPUs.
int vcpus_per_xlarge_unit(std::string_view family) {
  return family == "hpc6a" || family == "hpc6id" || family == "hpc7a" || family == "hpc8a" ? 2 : 4;
}

// "24xlarge" -> 24, "xlarge" -> 1, "metal-48xl" -> 48; nullopt for names without a multiple.
std::optional<int> xlarge_multiple(std::string_view size) {
  if (size == "xlarge") {
    return 1;
  }
  std::string_view digits = size;
  if (size.starts_with("metal-") && size.ends_with("xl")) {
    digits = size.substr(6, size.size() - 8);
  } else if (size.ends_with("xlarge")) {
    digits = size.substr(0, size.size() - 6);
  } else {
    return std::nullopt;
  }
  int n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || end != digits.data() + digits.size() || n <= 0) {
    return std::nullopt;
  }
  return n;
}

std::optional<int> vcpus_of_size(std::string_view family, std::string_view size) {
  if (size == "nano" || size == "micro" || size == "small") {
    return family.starts_with("t") ? std::optional<int>(2) : std::optional<int>(1);
  }
  if (size == "medium") {
    return family.starts_with("t") ? 2 : 1;
  }
  if (size == "large") {
    return 2;
  }
  if (auto n = xlarge_multiple(size)) {
    return *n * vcpus_per_xlarge_unit(family);
  }
  return std::nullopt;
}

// t3, t3a and t4g: 2 vCPUs up to large, memory doubling from 0.5 GiB at nano.
std::optional<double> burstable_gib(std::string_view size) {
  static const std::map<std::string_view, double> kGib = {{"nano", 0.5}, {"micro", 1},   {"small", 2},   {"medium", 4},
                                                          {"large", 8},  {"xlarge", 16}, {"2xlarge", 32}};
  auto it = kGib.find(size);
  return it == kGib.end() ? std::nullopt : std::optional<double>(it->second);
}

// Memory of the SAP HANA families: "u-6tb1" and "u7i-12tb" carry their size in TiB in the family name.
std::optional<double> high_memory_gib(std::string_view family) {
  if (!family.starts_with("u")) {
    return std::nullopt;
  }
  auto dash = family.find('-');
  auto tb = family.find("tb", dash);
  if (dash == std::string_view::npos || tb == std::string_view::npos) {
    return std::nullopt;
  }
  int n = 0;
  auto digits = family.substr(dash + 1, tb - dash - 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return n * 1024.0;
}

double family_gib_per_vcpu(std::string_view family) {
  if (auto it = gib_per_vcpu().find(family); it != gib_per_vcpu().end()) {
    return it->second;
  }
  // The current families by their letter: compute 2, general purpose 4, memory 8, storage 8.
  switch (family.front()) {
    case 'c':
      return 2;
    case 'r':
    case 'i':
      return 8;
    case 'x':
      return 16;
    default:
      return 4;
  }
}

std::string_view network_performance(std::string_view family, int vcpus) {
  if (family == "t2") {
    return vcpus >= 4 ? "Moderate" : "Low to Moderate";
  }
  if (family == "t3" || family == "t3a" || family == "t4g") {
    return "Up to 5 Gigabit";
  }
  if (on_xen(family)) {
    return vcpus <= 2 ? "Moderate" : vcpus <= 8 ? "High" : "10 Gigabit";
  }
  return vcpus <= 16    ? "Up to 12.5 Gigabit"
         : vcpus <= 32  ? "12.5 Gigabit"
         : vcpus <= 64  ? "25 Gigabit"
         : vcpus <= 128 ? "50 Gigabit"
                        : "100 Gigabit";
}

std::int64_t mib(double gib) { return static_cast<std::int64_t>(std::floor(gib * 1024.0 + 1e-9)); }

}  // namespace

std::vector<InstanceTypeInfo> derive_instance_types(std::span<const std::string_view> names) {
  // A family's largest Nxlarge is what its metal size is.
  std::map<std::string_view, int> largest;
  for (auto name : names) {
    auto dot = name.find('.');
    if (dot == std::string_view::npos) {
      continue;
    }
    auto family = name.substr(0, dot);
    if (auto n = xlarge_multiple(name.substr(dot + 1)); n && !name.substr(dot + 1).starts_with("metal")) {
      largest[family] = std::max(largest[family], *n * vcpus_per_xlarge_unit(family));
    }
  }
  std::vector<InstanceTypeInfo> out;
  out.reserve(names.size());
  for (auto name : names) {
    auto dot = name.find('.');
    if (dot == std::string_view::npos) {
      continue;
    }
    auto family = name.substr(0, dot);
    auto size = name.substr(dot + 1);
    InstanceTypeInfo info;
    info.name = name;
    info.architecture = architecture_of(family);
    info.burstable = family.starts_with("t") && family.size() <= 3;
    info.current_generation = !previous_generation(family);
    info.bare_metal = size.starts_with("metal");
    info.hypervisor = info.bare_metal ? "" : on_xen(family) ? "xen" : "nitro";
    info.free_tier = name == "t2.micro" || name == "t3.micro";
    if (auto it = exact_sizes().find(name); it != exact_sizes().end()) {
      info.vcpus = it->second.vcpus;
      info.memory_mib = mib(it->second.gib);
    } else {
      std::optional<int> vcpus = size == "metal"
                                     ? (largest.contains(family) ? std::optional<int>(largest[family]) : std::nullopt)
                                     : vcpus_of_size(family, size);
      if (!vcpus) {
        continue;  // a size no rule covers; unit tests check that no enum value lands here
      }
      info.vcpus = *vcpus;
      if (auto gib = burstable_gib(size); gib && info.burstable) {
        info.memory_mib = mib(*gib);
      } else if (auto total = high_memory_gib(family)) {
        info.memory_mib = mib(*total);
      } else if (family == "hpc7a") {
        info.memory_mib = mib(768);  // every hpc7a size has 768 GiB; the smaller ones have fewer cores
      } else if (family == "hpc7g") {
        info.memory_mib = mib(128);
      } else {
        info.memory_mib = mib(info.vcpus * family_gib_per_vcpu(family));
      }
    }
    info.network_performance = network_performance(family, info.vcpus);
    out.push_back(info);
  }
  return out;
}

}  // namespace ecsemu::ec2
