#include "services/ec2/ec2_network_views.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "services/ec2/ec2_input.hpp"
#include "services/ec2/ec2_regions.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;

namespace {

void add_tags(json::object& out, const TagMap& tags, std::string_view member = "Tags") {
  if (!tags.empty()) {
    out[member] = tags_view(tags);
  }
}

std::string zone_id_of(std::string_view region, std::string_view zone) {
  for (const auto& [name, id] : zones_for(region)) {
    if (name == zone) {
      return id;
    }
  }
  return "";
}

}  // namespace

std::string private_dns_name(std::string_view ip, std::string_view region) {
  std::string dashed(ip);
  std::replace(dashed.begin(), dashed.end(), '.', '-');
  if (region == "us-east-1") {
    return fmt::format("ip-{}.ec2.internal", dashed);
  }
  return fmt::format("ip-{}.{}.compute.internal", dashed, region);
}

json::object vpc_view(const Vpc& vpc, std::string_view account) {
  json::object out{
      {"CidrBlock", vpc.cidr_block},
      {"DhcpOptionsId", vpc.dhcp_options_id},
      {"State", "available"},
      {"VpcId", vpc.id},
      {"OwnerId", account},
      {"InstanceTenancy", vpc.instance_tenancy},
      {"CidrBlockAssociationSet", json::array{json::object{{"AssociationId", vpc.cidr_association_id},
                                                           {"CidrBlock", vpc.cidr_block},
                                                           {"CidrBlockState", json::object{{"State", "associated"}}}}}},
      {"IsDefault", vpc.is_default}};
  add_tags(out, vpc.tags);
  return out;
}

json::object subnet_view(const Subnet& subnet, std::string_view account, std::string_view region) {
  json::object out{{"AvailabilityZone", subnet.availability_zone},
                   {"AvailabilityZoneId", subnet.availability_zone_id},
                   {"AvailableIpAddressCount", available_ip_count(subnet)},
                   {"CidrBlock", subnet.cidr_block},
                   {"DefaultForAz", subnet.default_for_az},
                   {"MapPublicIpOnLaunch", subnet.map_public_ip_on_launch},
                   {"MapCustomerOwnedIpOnLaunch", false},
                   {"State", "available"},
                   {"SubnetId", subnet.id},
                   {"VpcId", subnet.vpc_id},
                   {"OwnerId", account},
                   {"AssignIpv6AddressOnCreation", false},
                   {"Ipv6CidrBlockAssociationSet", json::array{}},
                   {"SubnetArn", fmt::format("arn:aws:ec2:{}:{}:subnet/{}", region, account, subnet.id)},
                   {"EnableDns64", false},
                   {"Ipv6Native", false},
                   {"PrivateDnsNameOptionsOnLaunch", json::object{{"HostnameType", "ip-name"},
                                                                  {"EnableResourceNameDnsARecord", false},
                                                                  {"EnableResourceNameDnsAAAARecord", false}}}};
  add_tags(out, subnet.tags);
  return out;
}

json::array ip_permissions_view(const SecurityGroup& group, const NetworkState& net, std::string_view account,
                                bool egress) {
  json::array out;
  // One IpPermission per (protocol, ports), in the order the rules were added, with its sources.
  std::vector<const SecurityGroupRule*> firsts;
  for (const auto& rule : group.rules) {
    if (rule.egress != egress) {
      continue;
    }
    auto same = std::find_if(firsts.begin(), firsts.end(), [&](const SecurityGroupRule* r) {
      return r->ip_protocol == rule.ip_protocol && r->from_port == rule.from_port && r->to_port == rule.to_port;
    });
    if (same == firsts.end()) {
      firsts.push_back(&rule);
    }
  }
  for (const SecurityGroupRule* first : firsts) {
    json::object perm{{"IpProtocol", first->ip_protocol}};
    if (first->ip_protocol != "-1") {
      perm["FromPort"] = first->from_port;
      perm["ToPort"] = first->to_port;
    }
    json::array ranges;
    json::array pairs;
    for (const auto& rule : group.rules) {
      if (rule.egress != egress || rule.ip_protocol != first->ip_protocol || rule.from_port != first->from_port ||
          rule.to_port != first->to_port) {
        continue;
      }
      if (!rule.cidr_ipv4.empty()) {
        json::object range{{"CidrIp", rule.cidr_ipv4}};
        if (!rule.description.empty()) {
          range["Description"] = rule.description;
        }
        ranges.push_back(std::move(range));
      } else if (!rule.referenced_group_id.empty()) {
        json::object pair{{"GroupId", rule.referenced_group_id}, {"UserId", account}};
        if (!rule.description.empty()) {
          pair["Description"] = rule.description;
        }
        (void)net;
        pairs.push_back(std::move(pair));
      }
    }
    perm["IpRanges"] = std::move(ranges);
    perm["Ipv6Ranges"] = json::array{};
    perm["PrefixListIds"] = json::array{};
    perm["UserIdGroupPairs"] = std::move(pairs);
    out.push_back(std::move(perm));
  }
  return out;
}

json::object security_group_view(const SecurityGroup& group, const NetworkState& net, std::string_view account,
                                 std::string_view region) {
  json::object out{{"Description", group.description},
                   {"GroupName", group.name},
                   {"IpPermissions", ip_permissions_view(group, net, account, false)},
                   {"OwnerId", account},
                   {"GroupId", group.id},
                   {"IpPermissionsEgress", ip_permissions_view(group, net, account, true)},
                   {"VpcId", group.vpc_id},
                   {"SecurityGroupArn", fmt::format("arn:aws:ec2:{}:{}:security-group/{}", region, account, group.id)}};
  add_tags(out, group.tags);
  return out;
}

json::object security_group_rule_view(const SecurityGroup& group, const SecurityGroupRule& rule,
                                      std::string_view account, std::string_view region) {
  json::object out{
      {"SecurityGroupRuleId", rule.id},
      {"GroupId", group.id},
      {"GroupOwnerId", account},
      {"IsEgress", rule.egress},
      {"IpProtocol", rule.ip_protocol},
      {"FromPort", rule.from_port},
      {"ToPort", rule.to_port},
      {"SecurityGroupRuleArn", fmt::format("arn:aws:ec2:{}:{}:security-group-rule/{}", region, account, rule.id)}};
  if (!rule.cidr_ipv4.empty()) {
    out["CidrIpv4"] = rule.cidr_ipv4;
  }
  if (!rule.referenced_group_id.empty()) {
    out["ReferencedGroupInfo"] = json::object{{"GroupId", rule.referenced_group_id}, {"UserId", account}};
  }
  if (!rule.description.empty()) {
    out["Description"] = rule.description;
  }
  out["Tags"] = tags_view(rule.tags);
  return out;
}

json::object internet_gateway_view(const InternetGateway& igw, std::string_view account) {
  json::array attachments;
  if (!igw.attached_vpc_id.empty()) {
    attachments.push_back(json::object{{"State", "available"}, {"VpcId", igw.attached_vpc_id}});
  }
  json::object out{{"Attachments", std::move(attachments)}, {"InternetGatewayId", igw.id}, {"OwnerId", account}};
  add_tags(out, igw.tags);
  return out;
}

json::object route_table_view(const RouteTable& table, const NetworkState& net, std::string_view account) {
  json::array associations;
  for (const auto& assoc : table.associations) {
    json::object a{{"Main", assoc.main},
                   {"RouteTableAssociationId", assoc.id},
                   {"RouteTableId", table.id},
                   {"AssociationState", json::object{{"State", "associated"}}}};
    if (!assoc.subnet_id.empty()) {
      a["SubnetId"] = assoc.subnet_id;
    }
    if (!assoc.gateway_id.empty()) {
      a["GatewayId"] = assoc.gateway_id;
    }
    associations.push_back(std::move(a));
  }
  json::array routes;
  for (const auto& route : table.routes) {
    json::object r{{"DestinationCidrBlock", route.destination_cidr_block}, {"Origin", route.origin}};
    bool blackhole = false;
    if (!route.gateway_id.empty()) {
      r["GatewayId"] = route.gateway_id;
      if (route.gateway_id != "local") {
        auto it = net.internet_gateways.find(route.gateway_id);
        blackhole = it == net.internet_gateways.end() || it->second.attached_vpc_id != table.vpc_id;
      }
    }
    if (!route.nat_gateway_id.empty()) {
      r["NatGatewayId"] = route.nat_gateway_id;
    }
    if (!route.network_interface_id.empty()) {
      r["NetworkInterfaceId"] = route.network_interface_id;
      blackhole = net.network_interfaces.count(route.network_interface_id) == 0;
    }
    if (!route.instance_id.empty()) {
      r["InstanceId"] = route.instance_id;
      r["InstanceOwnerId"] = account;
    }
    r["State"] = blackhole ? "blackhole" : "active";
    routes.push_back(std::move(r));
  }
  json::object out{{"Associations", std::move(associations)},
                   {"PropagatingVgws", json::array{}},
                   {"RouteTableId", table.id},
                   {"Routes", std::move(routes)},
                   {"VpcId", table.vpc_id},
                   {"OwnerId", account}};
  add_tags(out, table.tags);
  return out;
}

json::object network_interface_view(const NetworkInterface& eni, const NetworkState& net, std::string_view account,
                                    std::string_view region) {
  json::array groups;
  for (const auto& id : eni.security_group_ids) {
    auto it = net.security_groups.find(id);
    groups.push_back(
        json::object{{"GroupId", id}, {"GroupName", it == net.security_groups.end() ? "" : it->second.name}});
  }
  std::string dns = private_dns_name(eni.private_ip, region);
  json::object out{
      {"AvailabilityZone", eni.availability_zone},
      {"AvailabilityZoneId", zone_id_of(region, eni.availability_zone)},
      {"Description", eni.description},
      {"Groups", std::move(groups)},
      {"InterfaceType", eni.interface_type},
      {"Ipv6Addresses", json::array{}},
      {"MacAddress", eni.mac_address},
      {"NetworkInterfaceId", eni.id},
      {"OwnerId", account},
      {"PrivateDnsName", dns},
      {"PrivateIpAddress", eni.private_ip},
      {"PrivateIpAddresses",
       json::array{json::object{{"Primary", true}, {"PrivateDnsName", dns}, {"PrivateIpAddress", eni.private_ip}}}},
      {"RequesterManaged", eni.requester_managed},
      {"SourceDestCheck", true},
      {"Status", eni.status},
      {"SubnetId", eni.subnet_id},
      {"VpcId", eni.vpc_id},
      {"TagSet", tags_view(eni.tags)}};
  if (!eni.attachment_id.empty()) {
    out["Attachment"] = json::object{{"AttachTime", eni.attach_time},
                                     {"AttachmentId", eni.attachment_id},
                                     {"DeleteOnTermination", eni.delete_on_termination},
                                     {"DeviceIndex", eni.device_index},
                                     {"NetworkCardIndex", 0},
                                     {"InstanceId", eni.attached_instance_id},
                                     {"InstanceOwnerId", account},
                                     {"Status", "attached"}};
  }
  return out;
}

json::object key_pair_view(const KeyPair& key, bool include_public_key) {
  json::object out{{"KeyPairId", key.id},     {"KeyFingerprint", key.fingerprint}, {"KeyName", key.name},
                   {"KeyType", key.key_type}, {"CreateTime", key.created_at},      {"Tags", tags_view(key.tags)}};
  if (include_public_key) {
    out["PublicKey"] = key.public_key;
  }
  return out;
}

}  // namespace ecsemu::ec2
