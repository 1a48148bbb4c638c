#include "services/ec2/ec2_regions.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

namespace ecsemu::ec2 {

std::span<const RegionInfo> regions() {
  // Zone ids are per account on AWS; these are a fixed, plausible mapping.
  static const std::vector<RegionInfo> kRegions = {
      {"us-east-1",
       false,
       {{"us-east-1a", "use1-az6"},
        {"us-east-1b", "use1-az1"},
        {"us-east-1c", "use1-az2"},
        {"us-east-1d", "use1-az4"},
        {"us-east-1e", "use1-az3"},
        {"us-east-1f", "use1-az5"}}},
      {"us-east-2", false, {{"us-east-2a", "use2-az1"}, {"us-east-2b", "use2-az2"}, {"us-east-2c", "use2-az3"}}},
      {"us-west-1", false, {{"us-west-1a", "usw1-az3"}, {"us-west-1b", "usw1-az1"}}},
      {"us-west-2",
       false,
       {{"us-west-2a", "usw2-az2"},
        {"us-west-2b", "usw2-az1"},
        {"us-west-2c", "usw2-az3"},
        {"us-west-2d", "usw2-az4"}}},
      {"af-south-1", true, {{"af-south-1a", "afs1-az1"}, {"af-south-1b", "afs1-az2"}, {"af-south-1c", "afs1-az3"}}},
      {"ap-east-1", true, {{"ap-east-1a", "ape1-az1"}, {"ap-east-1b", "ape1-az2"}, {"ap-east-1c", "ape1-az3"}}},
      {"ap-south-1", false, {{"ap-south-1a", "aps1-az1"}, {"ap-south-1b", "aps1-az3"}, {"ap-south-1c", "aps1-az2"}}},
      {"ap-south-2", true, {{"ap-south-2a", "aps2-az1"}, {"ap-south-2b", "aps2-az2"}, {"ap-south-2c", "aps2-az3"}}},
      {"ap-northeast-1",
       false,
       {{"ap-northeast-1a", "apne1-az4"}, {"ap-northeast-1c", "apne1-az1"}, {"ap-northeast-1d", "apne1-az2"}}},
      {"ap-northeast-2",
       false,
       {{"ap-northeast-2a", "apne2-az1"},
        {"ap-northeast-2b", "apne2-az2"},
        {"ap-northeast-2c", "apne2-az3"},
        {"ap-northeast-2d", "apne2-az4"}}},
      {"ap-northeast-3",
       false,
       {{"ap-northeast-3a", "apne3-az3"}, {"ap-northeast-3b", "apne3-az1"}, {"ap-northeast-3c", "apne3-az2"}}},
      {"ap-southeast-1",
       false,
       {{"ap-southeast-1a", "apse1-az1"}, {"ap-southeast-1b", "apse1-az2"}, {"ap-southeast-1c", "apse1-az3"}}},
      {"ap-southeast-2",
       false,
       {{"ap-southeast-2a", "apse2-az1"}, {"ap-southeast-2b", "apse2-az3"}, {"ap-southeast-2c", "apse2-az2"}}},
      {"ap-southeast-3",
       true,
       {{"ap-southeast-3a", "apse3-az1"}, {"ap-southeast-3b", "apse3-az2"}, {"ap-southeast-3c", "apse3-az3"}}},
      {"ap-southeast-4",
       true,
       {{"ap-southeast-4a", "apse4-az1"}, {"ap-southeast-4b", "apse4-az2"}, {"ap-southeast-4c", "apse4-az3"}}},
      {"ap-southeast-5",
       true,
       {{"ap-southeast-5a", "apse5-az1"}, {"ap-southeast-5b", "apse5-az2"}, {"ap-southeast-5c", "apse5-az3"}}},
      {"ap-southeast-7",
       true,
       {{"ap-southeast-7a", "apse7-az1"}, {"ap-southeast-7b", "apse7-az2"}, {"ap-southeast-7c", "apse7-az3"}}},
      {"ca-central-1",
       false,
       {{"ca-central-1a", "cac1-az1"}, {"ca-central-1b", "cac1-az2"}, {"ca-central-1d", "cac1-az4"}}},
      {"ca-west-1", true, {{"ca-west-1a", "caw1-az1"}, {"ca-west-1b", "caw1-az2"}, {"ca-west-1c", "caw1-az3"}}},
      {"eu-central-1",
       false,
       {{"eu-central-1a", "euc1-az2"}, {"eu-central-1b", "euc1-az3"}, {"eu-central-1c", "euc1-az1"}}},
      {"eu-central-2",
       true,
       {{"eu-central-2a", "euc2-az1"}, {"eu-central-2b", "euc2-az2"}, {"eu-central-2c", "euc2-az3"}}},
      {"eu-west-1", false, {{"eu-west-1a", "euw1-az3"}, {"eu-west-1b", "euw1-az1"}, {"eu-west-1c", "euw1-az2"}}},
      {"eu-west-2", false, {{"eu-west-2a", "euw2-az2"}, {"eu-west-2b", "euw2-az3"}, {"eu-west-2c", "euw2-az1"}}},
      {"eu-west-3", false, {{"eu-west-3a", "euw3-az1"}, {"eu-west-3b", "euw3-az2"}, {"eu-west-3c", "euw3-az3"}}},
      {"eu-south-1", true, {{"eu-south-1a", "eus1-az1"}, {"eu-south-1b", "eus1-az2"}, {"eu-south-1c", "eus1-az3"}}},
      {"eu-south-2", true, {{"eu-south-2a", "eus2-az1"}, {"eu-south-2b", "eus2-az2"}, {"eu-south-2c", "eus2-az3"}}},
      {"eu-north-1", false, {{"eu-north-1a", "eun1-az1"}, {"eu-north-1b", "eun1-az2"}, {"eu-north-1c", "eun1-az3"}}},
      {"il-central-1",
       true,
       {{"il-central-1a", "ilc1-az1"}, {"il-central-1b", "ilc1-az2"}, {"il-central-1c", "ilc1-az3"}}},
      {"me-central-1",
       true,
       {{"me-central-1a", "mec1-az1"}, {"me-central-1b", "mec1-az2"}, {"me-central-1c", "mec1-az3"}}},
      {"me-south-1", true, {{"me-south-1a", "mes1-az1"}, {"me-south-1b", "mes1-az2"}, {"me-south-1c", "mes1-az3"}}},
      {"mx-central-1",
       true,
       {{"mx-central-1a", "mxc1-az1"}, {"mx-central-1b", "mxc1-az2"}, {"mx-central-1c", "mxc1-az3"}}},
      {"sa-east-1", false, {{"sa-east-1a", "sae1-az1"}, {"sa-east-1b", "sae1-az2"}, {"sa-east-1c", "sae1-az3"}}},
  };
  return kRegions;
}

const RegionInfo* find_region(std::string_view name) {
  for (const auto& r : regions()) {
    if (r.name == name) {
      return &r;
    }
  }
  return nullptr;
}

std::vector<std::pair<std::string, std::string>> zones_for(std::string_view region_name) {
  std::vector<std::pair<std::string, std::string>> out;
  if (const RegionInfo* region = find_region(region_name)) {
    for (const auto& z : region->zones) {
      out.emplace_back(std::string(z.zone_name), std::string(z.zone_id));
    }
    return out;
  }
  // Another partition's region (China, GovCloud): zone ids use AWS's short region code, "cn-northwest-1" ->
  // "cnnw1", "us-gov-east-1" -> "usge1".
  std::string code;
  std::string_view rest = region_name;
  bool first = true;
  while (!rest.empty()) {
    auto dash = rest.find('-');
    std::string_view part = rest.substr(0, dash);
    rest = dash == std::string_view::npos ? std::string_view{} : rest.substr(dash + 1);
    if (first) {
      code += part;
      first = false;
      continue;
    }
    static const std::pair<std::string_view, std::string_view> kWords[] = {
        {"gov", "g"},     {"north", "n"},      {"south", "s"},      {"east", "e"},       {"west", "w"},
        {"central", "c"}, {"northeast", "ne"}, {"northwest", "nw"}, {"southeast", "se"}, {"southwest", "sw"}};
    auto word = std::find_if(std::begin(kWords), std::end(kWords), [&](const auto& w) { return w.first == part; });
    code += word == std::end(kWords) ? part : word->second;
  }
  for (char letter : {'a', 'b', 'c'}) {
    out.emplace_back(fmt::format("{}{}", region_name, letter),
                     fmt::format("{}-az{}", code, static_cast<int>(letter - 'a') + 1));
  }
  return out;
}

}  // namespace ecsemu::ec2
