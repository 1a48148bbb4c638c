#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecsemu::ec2 {

struct ZoneInfo {
  std::string_view zone_name;  // "us-east-1a"
  std::string_view zone_id;    // "use1-az1"
};

struct RegionInfo {
  std::string_view name;  // "us-east-1"
  bool opt_in_required;   // regions launched since 2019 must be enabled per account
  std::vector<ZoneInfo> zones;
};

// AWS's commercial regions and their availability zones.
std::span<const RegionInfo> regions();
const RegionInfo* find_region(std::string_view name);
// (zone name, zone id) of a region; a region AWS does not have gets three zones a, b, c so that networking
// flows work in it too.
std::vector<std::pair<std::string, std::string>> zones_for(std::string_view region_name);

}  // namespace ecsemu::ec2
