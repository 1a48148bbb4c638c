// Tags and catalog reads: CreateTags, DeleteTags, DescribeTags, DescribeInstanceTypes.
#include <algorithm>
#include <tuple>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_filters.hpp"
#include "services/ec2/ec2_handlers.hpp"
#include "services/ec2/ec2_input.hpp"
#include "services/ec2/ec2_instance_types.hpp"
#include "services/ec2/ec2_public_images.hpp"
#include "services/ec2/ec2_regions.hpp"
#include "services/ec2/ec2_state.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;

namespace {

struct TagTarget {
  TagMap* tags = nullptr;
  std::string resource_type;
};

template <typename Map>
TagMap* tags_in(Map& map, const std::string& id) {
  auto it = map.find(id);
  return it == map.end() ? nullptr : &it->second.tags;
}

// The tags of a resource named by id, with its ResourceType; throws the resource's NotFound error.
TagTarget require_tags(Ec2State& state, const std::string& id) {
  NetworkState& net = state.network;
  std::string prefix = id.substr(0, id.find('-'));
  TagTarget t;
  std::string not_found;
  if (prefix == "vpc") {
    t = {tags_in(net.vpcs, id), "vpc"};
    not_found = fmt::format("InvalidVpcID.NotFound|The vpc ID '{}' does not exist", id);
  } else if (prefix == "subnet") {
    t = {tags_in(net.subnets, id), "subnet"};
    not_found = fmt::format("InvalidSubnetID.NotFound|The subnet ID '{}' does not exist", id);
  } else if (prefix == "sg") {
    t = {tags_in(net.security_groups, id), "security-group"};
    not_found = fmt::format("InvalidGroup.NotFound|The security group '{}' does not exist", id);
  } else if (prefix == "igw") {
    t = {tags_in(net.internet_gateways, id), "internet-gateway"};
    not_found = fmt::format("InvalidInternetGatewayID.NotFound|The internetGateway ID '{}' does not exist", id);
  } else if (prefix == "rtb") {
    t = {tags_in(net.route_tables, id), "route-table"};
    not_found = fmt::format("InvalidRouteTableID.NotFound|The routeTable ID '{}' does not exist", id);
  } else if (prefix == "eni") {
    t = {tags_in(net.network_interfaces, id), "network-interface"};
    not_found = fmt::format("InvalidNetworkInterfaceID.NotFound|The networkInterface ID '{}' does not exist", id);
  } else if (prefix == "key") {
    for (auto& [name, key] : net.key_pairs) {
      if (key.id == id) {
        t = {&key.tags, "key-pair"};
      }
    }
    not_found = fmt::format("InvalidKeyPair.NotFound|The key pair '{}' does not exist", id);
  } else if (prefix == "i") {
    t = {tags_in(state.instances.instances, id), "instance"};
    not_found = fmt::format("InvalidInstanceID.NotFound|The instance ID '{}' does not exist", id);
  } else if (prefix == "ami") {
    t = {tags_in(state.images.images, id), "image"};
    not_found = fmt::format("InvalidAMIID.NotFound|The image id '[{}]' does not exist", id);
  } else if (prefix == "snap") {
    t = {tags_in(state.images.snapshots, id), "snapshot"};
    not_found = fmt::format("InvalidSnapshot.NotFound|The snapshot '{}' does not exist.", id);
  } else if (prefix == "sgr") {
    for (auto& [gid, group] : net.security_groups) {
      for (auto& rule : group.rules) {
        if (rule.id == id) {
          t = {&rule.tags, "security-group-rule"};
        }
      }
    }
    not_found = fmt::format("InvalidSecurityGroupRuleId.NotFound|The security group rule ID '{}' does not exist", id);
  } else {
    throw aws::ServiceError("InvalidID", fmt::format("The ID '{}' is not valid", id));
  }
  if (t.tags == nullptr) {
    auto bar = not_found.find('|');
    throw aws::ServiceError(not_found.substr(0, bar), not_found.substr(bar + 1));
  }
  return t;
}

json::value create_tags(aws::RequestContext& ctx, const json::object& input) {
  Ec2State& state = ctx.store().ec2;
  ensure_defaults(state, ctx.region);
  std::vector<std::string> resources = string_list(input, "Resources");
  if (resources.empty()) {
    throw aws::ServiceError("MissingParameter", "The request must contain the parameter resourceIdSet");
  }
  std::vector<std::pair<std::string, std::string>> tags;
  if (const auto* list = input.if_contains("Tags"); list != nullptr && list->is_array()) {
    for (const auto& tag : list->as_array()) {
      std::string key = string_member(tag.as_object(), "Key");
      if (key.empty() || key.size() > 128) {
        throw aws::ServiceError("InvalidParameterValue",
                                fmt::format("Tag key must be between 1 and 128 characters: '{}'", key));
      }
      if (key.rfind("aws:", 0) == 0) {
        throw aws::ServiceError("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
      }
      tags.emplace_back(key, string_member(tag.as_object(), "Value"));
    }
  }
  if (tags.empty()) {
    throw aws::ServiceError("MissingParameter", "The request must contain the parameter tagSet");
  }
  std::vector<TagTarget> targets;
  for (const auto& id : resources) {
    targets.push_back(require_tags(state, id));
  }
  for (const auto& target : targets) {
    TagMap merged = *target.tags;
    for (const auto& [k, v] : tags) {
      merged[k] = v;
    }
    if (merged.size() > 50) {
      throw aws::ServiceError("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
    }
  }
  check_dry_run(input);
  for (auto& target : targets) {
    for (const auto& [k, v] : tags) {
      (*target.tags)[k] = v;
    }
  }
  return json::object{};
}

json::value delete_tags(aws::RequestContext& ctx, const json::object& input) {
  Ec2State& state = ctx.store().ec2;
  ensure_defaults(state, ctx.region);
  std::vector<std::string> resources = string_list(input, "Resources");
  if (resources.empty()) {
    throw aws::ServiceError("MissingParameter", "The request must contain the parameter resourceIdSet");
  }
  std::vector<TagTarget> targets;
  for (const auto& id : resources) {
    targets.push_back(require_tags(state, id));
  }
  check_dry_run(input);
  const auto* list = input.if_contains("Tags");
  for (auto& target : targets) {
    if (list == nullptr || !list->is_array()) {
      target.tags->clear();  // no Tags: every tag goes
      continue;
    }
    for (const auto& tag : list->as_array()) {
      const auto& t = tag.as_object();
      auto it = target.tags->find(string_member(t, "Key"));
      if (it == target.tags->end()) {
        continue;
      }
      // With a Value, only a tag with that value is removed.
      if (!has_member(t, "Value") || it->second == string_member(t, "Value")) {
        target.tags->erase(it);
      }
    }
  }
  return json::object{};
}

void collect(std::vector<std::tuple<std::string, std::string, std::string, std::string>>& out, const std::string& id,
             const std::string& type, const TagMap& tags) {
  for (const auto& [k, v] : tags) {
    out.emplace_back(id, type, k, v);
  }
}

json::value describe_tags(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  Ec2State& state = ctx.store().ec2;
  NetworkState& net = ensure_defaults(state, ctx.region);
  FilterSet filters(input, {"key", "resource-id", "resource-type", "value"}, true);
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> all;
  for (const auto& [id, r] : net.vpcs) collect(all, id, "vpc", r.tags);
  for (const auto& [id, r] : net.subnets) collect(all, id, "subnet", r.tags);
  for (const auto& [id, r] : net.security_groups) {
    collect(all, id, "security-group", r.tags);
    for (const auto& rule : r.rules) collect(all, rule.id, "security-group-rule", rule.tags);
  }
  for (const auto& [id, r] : net.internet_gateways) collect(all, id, "internet-gateway", r.tags);
  for (const auto& [id, r] : net.route_tables) collect(all, id, "route-table", r.tags);
  for (const auto& [id, r] : net.network_interfaces) collect(all, id, "network-interface", r.tags);
  for (const auto& [name, r] : net.key_pairs) collect(all, r.id, "key-pair", r.tags);
  for (const auto& [id, r] : state.instances.instances) collect(all, id, "instance", r.tags);
  for (const auto& [id, r] : state.images.images) collect(all, id, "image", r.tags);
  for (const auto& [id, r] : state.images.snapshots) collect(all, id, "snapshot", r.tags);
  std::sort(all.begin(), all.end());
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> matched;
  for (const auto& entry : all) {
    const auto& [id, type, key, value] = entry;
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (f.rfind("tag:", 0) == 0) {
        return f.substr(4) == key ? std::vector<std::string>{value} : std::vector<std::string>{};
      }
      if (f == "key") {
        return {key};
      }
      if (f == "resource-id") {
        return {id};
      }
      if (f == "resource-type") {
        return {type};
      }
      return {value};
    });
    if (keep) {
      matched.push_back(entry);
    }
  }
  std::string next;
  auto page = paginate(
      matched, input, [](const auto& e) { return std::get<0>(e) + "\n" + std::get<2>(e); }, next);
  json::array out;
  for (const auto& [id, type, key, value] : page) {
    out.push_back(json::object{{"Key", key}, {"ResourceId", id}, {"ResourceType", type}, {"Value", value}});
  }
  json::object result{{"Tags", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

// Graviton families carry a 'g' after their generation digit, AMD ones an 'a' (c5a, m6a, hpc7a); Mac is Apple.
std::string_view manufacturer(const InstanceTypeInfo& type) {
  if (type.architecture.ends_with("_mac")) {
    return type.architecture == "arm64_mac" ? "Apple" : "Intel";
  }
  if (type.architecture == "arm64") {
    return "AWS";
  }
  std::string_view family = type.name.substr(0, type.name.find('.'));
  auto digit = family.find_first_of("0123456789");
  return digit != std::string_view::npos && family.find('a', digit) != std::string_view::npos ? "AMD" : "Intel";
}

json::object instance_type_view(const InstanceTypeInfo& type) {
  int enis = type.vcpus <= 1 || type.memory_mib <= 1024 ? 2 : (type.vcpus == 2 ? 3 : 4);
  bool nitro = type.hypervisor != "xen";
  json::object view{
      {"InstanceType", type.name},
      {"CurrentGeneration", type.current_generation},
      {"FreeTierEligible", type.free_tier},
      {"SupportedUsageClasses", json::array{"on-demand", "spot"}},
      {"SupportedRootDeviceTypes", json::array{"ebs"}},
      {"SupportedVirtualizationTypes", json::array{"hvm"}},
      {"BareMetal", type.bare_metal},
      {"ProcessorInfo", json::object{{"SupportedArchitectures", json::array{type.architecture}},
                                     {"SustainedClockSpeedInGhz", type.architecture.starts_with("arm64") ? 2.5 : 3.1},
                                     {"Manufacturer", manufacturer(type)}}},
      {"VCpuInfo",
       json::object{
           {"DefaultVCpus", type.vcpus},
           {"DefaultCores", type.vcpus > 1 && !type.architecture.starts_with("arm64") ? type.vcpus / 2 : type.vcpus},
           {"DefaultThreadsPerCore", type.vcpus > 1 && !type.architecture.starts_with("arm64") ? 2 : 1}}},
      {"MemoryInfo", json::object{{"SizeInMiB", type.memory_mib}}},
      {"InstanceStorageSupported", false},
      {"NetworkInfo", json::object{{"NetworkPerformance", type.network_performance},
                                   {"MaximumNetworkInterfaces", enis},
                                   {"MaximumNetworkCards", 1},
                                   {"DefaultNetworkCardIndex", 0},
                                   {"Ipv4AddressesPerInterface", enis == 2 ? 2 : (enis == 3 ? 6 : 15)},
                                   {"Ipv6AddressesPerInterface", enis == 2 ? 2 : (enis == 3 ? 6 : 15)},
                                   {"Ipv6Supported", true},
                                   {"EnaSupport", nitro ? "required" : "unsupported"},
                                   {"EfaSupported", false},
                                   {"EncryptionInTransitSupported", false},
                                   {"EnaSrdSupported", false}}},
      {"HibernationSupported", type.architecture != "arm64"},
      {"BurstablePerformanceSupported", type.burstable},
      {"DedicatedHostsSupported", !type.burstable},
      {"AutoRecoverySupported", true},
      {"SupportedBootModes", json::array{"legacy-bios", "uefi"}}};
  if (!type.hypervisor.empty()) {
    view["Hypervisor"] = type.hypervisor;  // AWS sends none for bare metal
  }
  return view;
}

json::value describe_instance_types(aws::RequestContext& ctx, const json::object& input) {
  (void)ctx;
  check_dry_run(input);
  FilterSet filters(input, {"instance-type", "current-generation", "memory-info.size-in-mib", "vcpu-info.default-vcpus",
                            "processor-info.supported-architecture", "burstable-performance-supported", "hypervisor",
                            "free-tier-eligible", "bare-metal"});
  std::vector<std::string> names = string_list(input, "InstanceTypes");
  std::vector<std::string> unknown;
  for (const auto& name : names) {
    if (find_instance_type(name) == nullptr) {
      unknown.push_back(name);
    }
  }
  if (!unknown.empty()) {
    throw aws::ServiceError(
        "InvalidInstanceType",
        fmt::format("The following supplied instance types do not exist: [{}]", fmt::join(unknown, ", ")));
  }
  std::vector<const InstanceTypeInfo*> matched;
  for (const auto& type : instance_types()) {
    if (!names.empty() && std::find(names.begin(), names.end(), type.name) == names.end()) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (f == "instance-type") return {std::string(type.name)};
      if (f == "current-generation") return {type.current_generation ? "true" : "false"};
      if (f == "memory-info.size-in-mib") return {std::to_string(type.memory_mib)};
      if (f == "vcpu-info.default-vcpus") return {std::to_string(type.vcpus)};
      if (f == "processor-info.supported-architecture") return {std::string(type.architecture)};
      if (f == "burstable-performance-supported") return {type.burstable ? "true" : "false"};
      if (f == "hypervisor") return {std::string(type.hypervisor)};
      if (f == "bare-metal") return {type.bare_metal ? "true" : "false"};
      return {type.free_tier ? "true" : "false"};
    });
    if (keep) {
      matched.push_back(&type);
    }
  }
  std::sort(matched.begin(), matched.end(), [](auto* a, auto* b) { return a->name < b->name; });
  std::string next;
  auto page = paginate(
      matched, input, [](const InstanceTypeInfo* t) { return std::string(t->name); }, next);
  json::array out;
  for (const auto* type : page) {
    out.push_back(instance_type_view(*type));
  }
  json::object result{{"InstanceTypes", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

json::value describe_instance_type_offerings(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  FilterSet filters(input, {"instance-type", "location"});
  std::string location_type = string_member(input, "LocationType");
  if (location_type.empty()) {
    location_type = "region";
  }
  std::vector<std::string> locations;
  if (location_type == "region") {
    locations.push_back(ctx.region);
  } else if (location_type == "availability-zone" || location_type == "availability-zone-id") {
    for (const auto& [zone, zone_id] : zones_for(ctx.region)) {
      locations.push_back(location_type == "availability-zone" ? zone : zone_id);
    }
  } else {
    throw aws::ServiceError("InvalidParameterValue",
                            fmt::format("Value ({}) for parameter locationType is invalid.", location_type));
  }
  std::vector<std::pair<std::string, std::string>> matched;  // (type, location)
  for (const auto& type : instance_types()) {
    for (const auto& location : locations) {
      bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
        return {f == "location" ? location : std::string(type.name)};
      });
      if (keep) {
        matched.emplace_back(std::string(type.name), location);
      }
    }
  }
  std::sort(matched.begin(), matched.end());
  std::string next;
  auto page = paginate(
      matched, input, [](const auto& m) { return m.first + "\n" + m.second; }, next);
  json::array out;
  for (const auto& [type, location] : page) {
    out.push_back(json::object{{"InstanceType", type}, {"LocationType", location_type}, {"Location", location}});
  }
  json::object result{{"InstanceTypeOfferings", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

}  // namespace

void register_tag_image_operations(aws::OperationRegistry& registry) {
  registry.add("ec2", "CreateTags", &create_tags);
  registry.add("ec2", "DeleteTags", &delete_tags);
  registry.add("ec2", "DescribeTags", &describe_tags);
  registry.add("ec2", "DescribeInstanceTypes", &describe_instance_types);
  registry.add("ec2", "DescribeInstanceTypeOfferings", &describe_instance_type_offerings);
}

}  // namespace ecsemu::ec2
