// Security group operations: CreateSecurityGroup, DescribeSecurityGroups, DeleteSecurityGroup,
// Authorize/RevokeSecurityGroupIngress/Egress, DescribeSecurityGroupRules.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_cidr.hpp"
#include "services/ec2/ec2_filters.hpp"
#include "services/ec2/ec2_handlers.hpp"
#include "services/ec2/ec2_input.hpp"
#include "services/ec2/ec2_network_views.hpp"
#include "services/ec2/ec2_state.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;

namespace {

NetworkState& network(aws::RequestContext& ctx) { return ensure_defaults(ctx.store().ec2, ctx.region); }

SecurityGroup& require_group_id(NetworkState& net, std::string_view id) {
  auto it = net.security_groups.find(std::string(id));
  if (it == net.security_groups.end()) {
    throw aws::ServiceError("InvalidGroup.NotFound", fmt::format("The security group '{}' does not exist", id));
  }
  return it->second;
}

// GroupId, or GroupName (which names a group of the default VPC, as on AWS).
SecurityGroup& require_group(NetworkState& net, const json::object& input) {
  std::string id = string_member(input, "GroupId");
  if (!id.empty()) {
    return require_group_id(net, id);
  }
  std::string name = string_member(input, "GroupName");
  if (name.empty()) {
    throw aws::ServiceError("MissingParameter", "The request must contain the parameter groupName or groupId");
  }
  for (auto& [gid, group] : net.security_groups) {
    if (group.vpc_id == net.default_vpc_id && group.name == name) {
      return group;
    }
  }
  throw aws::ServiceError(
      "InvalidGroup.NotFound",
      fmt::format("The security group '{}' does not exist in default VPC '{}'", name, net.default_vpc_id));
}

std::string normalize_protocol(std::string protocol) {
  std::transform(protocol.begin(), protocol.end(), protocol.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (protocol == "6") {
    return "tcp";
  }
  if (protocol == "17") {
    return "udp";
  }
  if (protocol == "1") {
    return "icmp";
  }
  if (protocol == "all") {
    return "-1";
  }
  if (protocol == "tcp" || protocol == "udp" || protocol == "icmp" || protocol == "icmpv6" || protocol == "-1") {
    return protocol;
  }
  bool numeric =
      !protocol.empty() && std::all_of(protocol.begin(), protocol.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (numeric && protocol.size() <= 3 && std::stoi(protocol) <= 255) {
    return protocol;
  }
  throw aws::ServiceError("InvalidParameterValue",
                          fmt::format("Invalid value '{}' for IP protocol. Unknown protocol.", protocol));
}

// The rules an Authorize/Revoke request describes, one per source.
std::vector<SecurityGroupRule> requested_rules(NetworkState& net, const SecurityGroup& group, const json::object& input,
                                               bool egress) {
  std::vector<json::object> permissions;
  if (const auto* list = input.if_contains("IpPermissions"); list != nullptr && list->is_array()) {
    for (const auto& p : list->as_array()) {
      if (p.is_object()) {
        permissions.push_back(p.as_object());
      }
    }
  }
  if (has_member(input, "IpProtocol") || has_member(input, "CidrIp") || has_member(input, "SourceSecurityGroupName")) {
    json::object flat;
    flat["IpProtocol"] = has_member(input, "IpProtocol") ? input.at("IpProtocol") : json::value("-1");
    for (const char* m : {"FromPort", "ToPort"}) {
      if (has_member(input, m)) {
        flat[m] = input.at(m);
      }
    }
    if (has_member(input, "CidrIp")) {
      flat["IpRanges"] = json::array{json::object{{"CidrIp", input.at("CidrIp")}}};
    }
    if (has_member(input, "SourceSecurityGroupName")) {
      flat["UserIdGroupPairs"] = json::array{json::object{{"GroupName", input.at("SourceSecurityGroupName")}}};
    }
    permissions.push_back(std::move(flat));
  }
  std::vector<SecurityGroupRule> out;
  for (const auto& perm : permissions) {
    SecurityGroupRule base;
    base.egress = egress;
    base.ip_protocol = normalize_protocol(string_member(perm, "IpProtocol"));
    auto from = int_member(perm, "FromPort");
    auto to = int_member(perm, "ToPort");
    if (base.ip_protocol == "tcp" || base.ip_protocol == "udp") {
      if (!from || !to || *from < 0 || *to > 65535 || *from > *to) {
        throw aws::ServiceError(
            "InvalidParameterValue",
            fmt::format("Invalid value '{}' for portRange. Must specify both from and to ports with TCP/UDP.",
                        from && to ? fmt::format("{}-{}", *from, *to) : std::string("null")));
      }
      base.from_port = static_cast<int>(*from);
      base.to_port = static_cast<int>(*to);
    } else if (base.ip_protocol != "-1") {
      base.from_port = from ? static_cast<int>(*from) : -1;
      base.to_port = to ? static_cast<int>(*to) : -1;
    }
    std::size_t before = out.size();
    if (const auto* ranges = perm.if_contains("IpRanges"); ranges != nullptr && ranges->is_array()) {
      for (const auto& r : ranges->as_array()) {
        SecurityGroupRule rule = base;
        std::string cidr_text = string_member(r.as_object(), "CidrIp");
        auto cidr = parse_cidr(cidr_text);
        if (!cidr) {
          throw aws::ServiceError("InvalidParameterValue",
                                  fmt::format("CIDR block {} is malformed", cidr_text.empty() ? "null" : cidr_text));
        }
        rule.cidr_ipv4 = cidr->str();
        rule.description = string_member(r.as_object(), "Description");
        out.push_back(std::move(rule));
      }
    }
    if (const auto* pairs = perm.if_contains("UserIdGroupPairs"); pairs != nullptr && pairs->is_array()) {
      for (const auto& p : pairs->as_array()) {
        const auto& pair = p.as_object();
        SecurityGroupRule rule = base;
        std::string gid = string_member(pair, "GroupId");
        std::string gname = string_member(pair, "GroupName");
        if (!gid.empty()) {
          require_group_id(net, gid);
        } else if (!gname.empty()) {
          const SecurityGroup* found = find_group_by_name(net, group.vpc_id, gname);
          if (found == nullptr) {
            throw aws::ServiceError("InvalidGroup.NotFound",
                                    fmt::format("The security group '{}' does not exist", gname));
          }
          gid = found->id;
        } else {
          throw aws::ServiceError("MissingParameter", "Either groupId or groupName must be specified");
        }
        rule.referenced_group_id = gid;
        rule.description = string_member(pair, "Description");
        out.push_back(std::move(rule));
      }
    }
    if (out.size() == before) {
      throw aws::ServiceError("InvalidParameterValue",
                              "The request must contain a source or destination: IpRanges or UserIdGroupPairs");
    }
  }
  if (out.empty()) {
    throw aws::ServiceError("MissingParameter", "The request must contain the parameter ipPermissions");
  }
  return out;
}

bool same_rule(const SecurityGroupRule& a, const SecurityGroupRule& b) {
  return a.egress == b.egress && a.ip_protocol == b.ip_protocol && a.from_port == b.from_port &&
         a.to_port == b.to_port && a.cidr_ipv4 == b.cidr_ipv4 && a.referenced_group_id == b.referenced_group_id;
}

std::string rule_text(const SecurityGroupRule& rule) {
  std::string protocol = rule.ip_protocol == "-1" ? "ALL" : rule.ip_protocol;
  std::transform(protocol.begin(), protocol.end(), protocol.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return fmt::format("peer: {}, {}, from port: {}, to port: {}, ALLOW",
                     rule.cidr_ipv4.empty() ? rule.referenced_group_id : rule.cidr_ipv4, protocol, rule.from_port,
                     rule.to_port);
}

json::value authorize(aws::RequestContext& ctx, const json::object& input, bool egress) {
  NetworkState& net = network(ctx);
  SecurityGroup& group = egress ? require_group_id(net, required(input, "GroupId")) : require_group(net, input);
  std::vector<SecurityGroupRule> rules = requested_rules(net, group, input, egress);
  TagMap tags = tag_specifications(input, "security-group-rule");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    bool existing = std::any_of(group.rules.begin(), group.rules.end(),
                                [&](const SecurityGroupRule& r) { return same_rule(r, rules[i]); });
    bool repeated = std::any_of(rules.begin(), rules.begin() + static_cast<std::ptrdiff_t>(i),
                                [&](const SecurityGroupRule& r) { return same_rule(r, rules[i]); });
    if (existing || repeated) {
      throw aws::ServiceError("InvalidPermission.Duplicate",
                              fmt::format("the specified rule \"{}\" already exists", rule_text(rules[i])));
    }
  }
  check_dry_run(input);
  json::array added;
  for (auto& rule : rules) {
    rule.id = new_resource_id("sgr");
    rule.tags = tags;
    group.rules.push_back(rule);
    added.push_back(security_group_rule_view(group, group.rules.back(), ctx.account_id, ctx.region));
  }
  return json::object{{"Return", true}, {"SecurityGroupRules", std::move(added)}};
}

json::value revoke(aws::RequestContext& ctx, const json::object& input, bool egress) {
  NetworkState& net = network(ctx);
  SecurityGroup& group = egress ? require_group_id(net, required(input, "GroupId")) : require_group(net, input);
  std::vector<std::string> rule_ids = string_list(input, "SecurityGroupRuleIds");
  std::vector<std::string> remove;
  if (!rule_ids.empty()) {
    for (const auto& id : rule_ids) {
      auto it = std::find_if(group.rules.begin(), group.rules.end(),
                             [&](const SecurityGroupRule& r) { return r.id == id && r.egress == egress; });
      if (it == group.rules.end()) {
        throw aws::ServiceError("InvalidSecurityGroupRuleId.NotFound",
                                fmt::format("The security group rule ID '{}' does not exist", id));
      }
      remove.push_back(id);
    }
  } else {
    for (const auto& wanted : requested_rules(net, group, input, egress)) {
      auto it = std::find_if(group.rules.begin(), group.rules.end(),
                             [&](const SecurityGroupRule& r) { return same_rule(r, wanted); });
      if (it == group.rules.end()) {
        throw aws::ServiceError("InvalidPermission.NotFound",
                                "The specified rule does not exist in this security group.");
      }
      remove.push_back(it->id);
    }
  }
  check_dry_run(input);
  json::array revoked;
  for (const auto& id : remove) {
    auto it =
        std::find_if(group.rules.begin(), group.rules.end(), [&](const SecurityGroupRule& r) { return r.id == id; });
    if (it == group.rules.end()) {
      continue;
    }
    json::object r{{"SecurityGroupRuleId", it->id}, {"GroupId", group.id},       {"IsEgress", it->egress},
                   {"IpProtocol", it->ip_protocol}, {"FromPort", it->from_port}, {"ToPort", it->to_port}};
    if (!it->cidr_ipv4.empty()) {
      r["CidrIpv4"] = it->cidr_ipv4;
    }
    if (!it->referenced_group_id.empty()) {
      r["ReferencedGroupId"] = it->referenced_group_id;
    }
    revoked.push_back(std::move(r));
    group.rules.erase(it);
  }
  return json::object{{"Return", true}, {"RevokedSecurityGroupRules", std::move(revoked)}};
}

json::value authorize_ingress(aws::RequestContext& ctx, const json::object& input) {
  return authorize(ctx, input, false);
}
json::value authorize_egress(aws::RequestContext& ctx, const json::object& input) {
  return authorize(ctx, input, true);
}
json::value revoke_ingress(aws::RequestContext& ctx, const json::object& input) { return revoke(ctx, input, false); }
json::value revoke_egress(aws::RequestContext& ctx, const json::object& input) { return revoke(ctx, input, true); }

json::value create_security_group(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  std::string name = required(input, "GroupName");
  std::string description = required(input, "Description");
  std::string vpc_id = string_member(input, "VpcId");
  TagMap tags = tag_specifications(input, "security-group");
  if (vpc_id.empty()) {
    vpc_id = net.default_vpc_id;
    if (vpc_id.empty()) {
      throw aws::ServiceError("VPCIdNotSpecified", "No default VPC for this user");
    }
  } else if (net.vpcs.count(vpc_id) == 0) {
    throw aws::ServiceError("InvalidVpcID.NotFound", fmt::format("The vpc ID '{}' does not exist", vpc_id));
  }
  if (name.rfind("sg-", 0) == 0) {
    throw aws::ServiceError("InvalidParameterValue", "Group names may not be in the format sg-*");
  }
  if (find_group_by_name(net, vpc_id, name) != nullptr) {
    throw aws::ServiceError("InvalidGroup.Duplicate",
                            fmt::format("The security group '{}' already exists for VPC '{}'", name, vpc_id));
  }
  check_dry_run(input);
  SecurityGroup group;
  group.id = new_resource_id("sg");
  group.name = name;
  group.description = description;
  group.vpc_id = vpc_id;
  group.tags = std::move(tags);
  group.rules.push_back(allow_all_egress());
  std::string id = group.id;
  SecurityGroup& stored = net.security_groups[id] = std::move(group);
  json::object out{
      {"GroupId", stored.id},
      {"SecurityGroupArn", fmt::format("arn:aws:ec2:{}:{}:security-group/{}", ctx.region, ctx.account_id, stored.id)}};
  if (!stored.tags.empty()) {
    out["Tags"] = tags_view(stored.tags);
  }
  return out;
}

json::value delete_security_group(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  SecurityGroup& group = require_group(net, input);
  if (group.name == "default") {
    throw aws::ServiceError(
        "CannotDelete",
        fmt::format("the specified group: \"{}\" name: \"default\" cannot be deleted by a user", group.id));
  }
  auto in_use = [&] {
    for (const auto& [id, eni] : net.network_interfaces) {
      if (std::find(eni.security_group_ids.begin(), eni.security_group_ids.end(), group.id) !=
          eni.security_group_ids.end()) {
        return true;
      }
    }
    for (const auto& [id, other] : net.security_groups) {
      if (id != group.id && std::any_of(other.rules.begin(), other.rules.end(), [&](const SecurityGroupRule& r) {
            return r.referenced_group_id == group.id;
          })) {
        return true;
      }
    }
    return false;
  };
  if (in_use()) {
    throw aws::ServiceError("DependencyViolation", fmt::format("resource {} has a dependent object", group.id));
  }
  check_dry_run(input);
  std::string id = group.id;
  net.security_groups.erase(id);
  return json::object{{"Return", true}, {"GroupId", id}};
}

std::vector<std::string> rule_values(const SecurityGroup& group, std::string_view prefix, bool egress,
                                     std::string_view field) {
  std::vector<std::string> out;
  (void)prefix;
  for (const auto& rule : group.rules) {
    if (rule.egress != egress) {
      continue;
    }
    if (field == "cidr" && !rule.cidr_ipv4.empty()) {
      out.push_back(rule.cidr_ipv4);
    } else if (field == "from-port") {
      out.push_back(std::to_string(rule.from_port));
    } else if (field == "to-port") {
      out.push_back(std::to_string(rule.to_port));
    } else if (field == "protocol") {
      out.push_back(rule.ip_protocol);
    } else if (field == "group-id" && !rule.referenced_group_id.empty()) {
      out.push_back(rule.referenced_group_id);
    }
  }
  return out;
}

json::value describe_security_groups(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  NetworkState& net = network(ctx);
  FilterSet filters(input,
                    {"description", "group-id", "group-name", "owner-id", "vpc-id", "tag-key", "tag-value",
                     "ip-permission.cidr", "ip-permission.from-port", "ip-permission.to-port", "ip-permission.protocol",
                     "ip-permission.group-id", "egress.ip-permission.cidr", "egress.ip-permission.from-port",
                     "egress.ip-permission.to-port", "egress.ip-permission.protocol", "egress.ip-permission.group-id"},
                    true);
  std::vector<std::string> ids = string_list(input, "GroupIds");
  std::vector<std::string> names = string_list(input, "GroupNames");
  for (const auto& id : ids) {
    require_group_id(net, id);
  }
  for (const auto& name : names) {
    if (find_group_by_name(net, net.default_vpc_id, name) == nullptr) {
      throw aws::ServiceError(
          "InvalidGroup.NotFound",
          fmt::format("The security group '{}' does not exist in default VPC '{}'", name, net.default_vpc_id));
    }
  }
  std::vector<const SecurityGroup*> matched;
  for (const auto& [id, group] : net.security_groups) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      continue;
    }
    if (!names.empty() &&
        (group.vpc_id != net.default_vpc_id || std::find(names.begin(), names.end(), group.name) == names.end())) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (auto tags = tag_filter_values(group.tags, f)) {
        return *tags;
      }
      if (f.rfind("egress.ip-permission.", 0) == 0) {
        return rule_values(group, "", true, f.substr(21));
      }
      if (f.rfind("ip-permission.", 0) == 0) {
        return rule_values(group, "", false, f.substr(14));
      }
      if (f == "description") {
        return {group.description};
      }
      if (f == "group-id") {
        return {group.id};
      }
      if (f == "group-name") {
        return {group.name};
      }
      if (f == "owner-id") {
        return {ctx.account_id};
      }
      return {group.vpc_id};
    });
    if (keep) {
      matched.push_back(&group);
    }
  }
  std::string next;
  auto page = paginate(
      matched, input, [](const SecurityGroup* g) { return g->id; }, next);
  json::array out;
  for (const SecurityGroup* group : page) {
    out.push_back(security_group_view(*group, net, ctx.account_id, ctx.region));
  }
  json::object result{{"SecurityGroups", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

json::value describe_security_group_rules(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  NetworkState& net = network(ctx);
  FilterSet filters(input, {"group-id", "security-group-rule-id", "tag-key", "tag-value"}, true);
  std::vector<std::string> ids = string_list(input, "SecurityGroupRuleIds");
  std::vector<std::pair<const SecurityGroup*, const SecurityGroupRule*>> matched;
  for (const auto& [gid, group] : net.security_groups) {
    for (const auto& rule : group.rules) {
      if (!ids.empty() && std::find(ids.begin(), ids.end(), rule.id) == ids.end()) {
        continue;
      }
      bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
        if (auto tags = tag_filter_values(rule.tags, f)) {
          return *tags;
        }
        return {f == "group-id" ? group.id : rule.id};
      });
      if (keep) {
        matched.emplace_back(&group, &rule);
      }
    }
  }
  for (const auto& id : ids) {
    if (std::none_of(matched.begin(), matched.end(), [&](const auto& m) { return m.second->id == id; })) {
      throw aws::ServiceError("InvalidSecurityGroupRuleId.NotFound",
                              fmt::format("The security group rule ID '{}' does not exist", id));
    }
  }
  std::sort(matched.begin(), matched.end(), [](const auto& a, const auto& b) { return a.second->id < b.second->id; });
  std::string next;
  auto page = paginate(
      matched, input, [](const auto& m) { return m.second->id; }, next);
  json::array out;
  for (const auto& [group, rule] : page) {
    out.push_back(security_group_rule_view(*group, *rule, ctx.account_id, ctx.region));
  }
  json::object result{{"SecurityGroupRules", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

}  // namespace

void register_security_group_operations(aws::OperationRegistry& registry) {
  registry.add("ec2", "CreateSecurityGroup", &create_security_group);
  registry.add("ec2", "DescribeSecurityGroups", &describe_security_groups);
  registry.add("ec2", "DeleteSecurityGroup", &delete_security_group);
  registry.add("ec2", "AuthorizeSecurityGroupIngress", &authorize_ingress);
  registry.add("ec2", "AuthorizeSecurityGroupEgress", &authorize_egress);
  registry.add("ec2", "RevokeSecurityGroupIngress", &revoke_ingress);
  registry.add("ec2", "RevokeSecurityGroupEgress", &revoke_egress);
  registry.add("ec2", "DescribeSecurityGroupRules", &describe_security_group_rules);
}

}  // namespace ecsemu::ec2
