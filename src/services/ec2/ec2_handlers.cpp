#include "services/ec2/ec2_handlers.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_filters.hpp"
#include "services/ec2/ec2_input.hpp"
#include "services/ec2/ec2_regions.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;

namespace {

std::string opt_in_status(const RegionInfo& region, std::string_view caller_region) {
  if (!region.opt_in_required) {
    return "opt-in-not-required";
  }
  return region.name == caller_region ? "opted-in" : "not-opted-in";
}

}  // namespace

json::value describe_regions(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  FilterSet filters(input, {"endpoint", "opt-in-status", "region-name"});
  std::vector<std::string> names = string_list(input, "RegionNames");
  for (const auto& name : names) {
    if (find_region(name) == nullptr) {
      throw aws::ServiceError("InvalidParameterValue", fmt::format("Invalid region name: {}", name));
    }
  }
  bool all = bool_member(input, "AllRegions");
  json::array regions_out;
  for (const auto& region : regions()) {
    std::string status = opt_in_status(region, ctx.region);
    bool named = std::find(names.begin(), names.end(), region.name) != names.end();
    if (!names.empty() && !named) {
      continue;
    }
    if (names.empty() && !all && status == "not-opted-in") {
      continue;
    }
    std::string endpoint = fmt::format("ec2.{}.amazonaws.com", region.name);
    bool keep = filters.matches([&](std::string_view filter) -> std::vector<std::string> {
      if (filter == "endpoint") {
        return {endpoint};
      }
      if (filter == "opt-in-status") {
        return {status};
      }
      return {std::string(region.name)};
    });
    if (!keep) {
      continue;
    }
    regions_out.push_back(json::object{{"RegionName", region.name}, {"Endpoint", endpoint}, {"OptInStatus", status}});
  }
  return json::object{{"Regions", std::move(regions_out)}};
}

json::value describe_availability_zones(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  FilterSet filters(input, {"group-long-name", "group-name", "message", "opt-in-status", "parent-zone-id",
                            "parent-zone-name", "region-name", "state", "zone-id", "zone-name", "zone-type"});
  auto zones = zones_for(ctx.region);
  std::vector<std::string> names = string_list(input, "ZoneNames");
  std::vector<std::string> ids = string_list(input, "ZoneIds");
  for (const auto& name : names) {
    bool found = std::any_of(zones.begin(), zones.end(), [&](const auto& z) { return z.first == name; });
    if (!found) {
      throw aws::ServiceError("InvalidParameterValue", fmt::format("Invalid availability zone: [{}]", name));
    }
  }
  for (const auto& id : ids) {
    bool found = std::any_of(zones.begin(), zones.end(), [&](const auto& z) { return z.second == id; });
    if (!found) {
      throw aws::ServiceError("InvalidParameterValue", fmt::format("Invalid availability zone ID: [{}]", id));
    }
  }
  json::array out;
  for (const auto& [zone_name, zone_id] : zones) {
    bool by_name = std::find(names.begin(), names.end(), zone_name) != names.end();
    bool by_id = std::find(ids.begin(), ids.end(), zone_id) != ids.end();
    if ((!names.empty() || !ids.empty()) && !by_name && !by_id) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view filter) -> std::vector<std::string> {
      if (filter == "zone-name") {
        return {zone_name};
      }
      if (filter == "zone-id") {
        return {zone_id};
      }
      if (filter == "state") {
        return {"available"};
      }
      if (filter == "opt-in-status") {
        return {"opt-in-not-required"};
      }
      if (filter == "zone-type") {
        return {"availability-zone"};
      }
      if (filter == "region-name" || filter == "group-name" || filter == "group-long-name") {
        return {ctx.region};
      }
      return {};
    });
    if (!keep) {
      continue;
    }
    out.push_back(json::object{{"State", "available"},
                               {"OptInStatus", "opt-in-not-required"},
                               {"Messages", json::array{}},
                               {"RegionName", ctx.region},
                               {"ZoneName", zone_name},
                               {"ZoneId", zone_id},
                               {"GroupName", ctx.region},
                               {"NetworkBorderGroup", ctx.region},
                               {"ZoneType", "availability-zone"}});
  }
  return json::object{{"AvailabilityZones", std::move(out)}};
}

void register_operations(aws::OperationRegistry& registry) {
  registry.add("ec2", "DescribeRegions", &describe_regions);
  registry.add("ec2", "DescribeAvailabilityZones", &describe_availability_zones);
  register_vpc_operations(registry);
  register_security_group_operations(registry);
  register_gateway_route_operations(registry);
  register_interface_key_operations(registry);
  register_tag_image_operations(registry);
  register_image_operations(registry);
  register_instance_operations(registry);
  register_account_operations(registry);
  register_volume_operations(registry);
}

}  // namespace ecsemu::ec2
