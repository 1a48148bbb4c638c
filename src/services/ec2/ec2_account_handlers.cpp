// Account-level reads: DescribeAccountAttributes and DescribeNetworkAcls (each VPC's default ACL, which allows
// all traffic in and out and is associated with every subnet of the VPC).
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_filters.hpp"
#include "services/ec2/ec2_handlers.hpp"
#include "services/ec2/ec2_input.hpp"
#include "services/ec2/ec2_state.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;

namespace {

json::value describe_account_attributes(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  NetworkState& net = ensure_defaults(ctx.store().ec2, ctx.region);
  std::vector<std::string> names = string_list(input, "AttributeNames");
  auto value_list = [](std::initializer_list<std::string> values) {
    json::array out;
    for (const auto& v : values) {
      out.push_back(json::object{{"AttributeValue", v}});
    }
    return out;
  };
  std::vector<std::pair<std::string, json::array>> all = {
      {"supported-platforms", value_list({"VPC"})},
      {"default-vpc", value_list({net.default_vpc_id.empty() ? "none" : net.default_vpc_id})},
      {"max-instances", value_list({"20"})},
      {"vpc-max-security-groups-per-interface", value_list({"5"})},
      {"max-elastic-ips", value_list({"5"})},
      {"vpc-max-elastic-ips", value_list({"5"})}};
  json::array out;
  for (auto& [name, values] : all) {
    if (names.empty() || std::find(names.begin(), names.end(), name) != names.end()) {
      out.push_back(json::object{{"AttributeName", name}, {"AttributeValues", std::move(values)}});
    }
  }
  return json::object{{"AccountAttributes", std::move(out)}};
}

json::object acl_view(const Vpc& vpc, const NetworkState& net, std::string_view account) {
  json::array associations;
  for (const auto& [id, subnet] : net.subnets) {
    if (subnet.vpc_id == vpc.id) {
      associations.push_back(json::object{{"NetworkAclAssociationId", "aclassoc-" + subnet.id.substr(7)},
                                          {"NetworkAclId", vpc.network_acl_id},
                                          {"SubnetId", subnet.id}});
    }
  }
  json::array entries;
  for (bool egress : {true, false}) {
    for (int rule : {100, 32767}) {
      entries.push_back(json::object{{"CidrBlock", "0.0.0.0/0"},
                                     {"Egress", egress},
                                     {"Protocol", "-1"},
                                     {"RuleAction", rule == 100 ? "allow" : "deny"},
                                     {"RuleNumber", rule}});
    }
  }
  return json::object{{"Associations", std::move(associations)},
                      {"Entries", std::move(entries)},
                      {"IsDefault", true},
                      {"NetworkAclId", vpc.network_acl_id},
                      {"Tags", json::array{}},
                      {"VpcId", vpc.id},
                      {"OwnerId", account}};
}

json::value describe_network_acls(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  NetworkState& net = ensure_defaults(ctx.store().ec2, ctx.region);
  FilterSet filters(input,
                    {"association.association-id", "association.network-acl-id", "association.subnet-id", "default",
                     "entry.rule-action", "entry.protocol", "entry.cidr", "network-acl-id", "owner-id", "vpc-id"});
  std::vector<std::string> ids = string_list(input, "NetworkAclIds");
  for (const auto& id : ids) {
    if (std::none_of(net.vpcs.begin(), net.vpcs.end(),
                     [&](const auto& kv) { return kv.second.network_acl_id == id; })) {
      throw aws::ServiceError("InvalidNetworkAclID.NotFound", fmt::format("The network ACL '{}' does not exist", id));
    }
  }
  std::vector<const Vpc*> matched;
  for (const auto& [vid, vpc] : net.vpcs) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), vpc.network_acl_id) == ids.end()) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (f.rfind("association.", 0) == 0) {
        std::vector<std::string> out;
        for (const auto& [sid, subnet] : net.subnets) {
          if (subnet.vpc_id != vpc.id) {
            continue;
          }
          if (f == "association.subnet-id") {
            out.push_back(subnet.id);
          } else if (f == "association.association-id") {
            out.push_back("aclassoc-" + subnet.id.substr(7));
          } else {
            out.push_back(vpc.network_acl_id);
          }
        }
        return out;
      }
      if (f == "default") return {"true"};
      if (f == "entry.rule-action") return {"allow", "deny"};
      if (f == "entry.protocol") return {"-1"};
      if (f == "entry.cidr") return {"0.0.0.0/0"};
      if (f == "network-acl-id") return {vpc.network_acl_id};
      if (f == "owner-id") return {ctx.account_id};
      return {vpc.id};
    });
    if (keep) {
      matched.push_back(&vpc);
    }
  }
  std::sort(matched.begin(), matched.end(),
            [](const Vpc* a, const Vpc* b) { return a->network_acl_id < b->network_acl_id; });
  std::string next;
  auto page = paginate(
      matched, input, [](const Vpc* v) { return v->network_acl_id; }, next);
  json::array out;
  for (const Vpc* vpc : page) {
    out.push_back(acl_view(*vpc, net, ctx.account_id));
  }
  json::object result{{"NetworkAcls", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

}  // namespace

void register_account_operations(aws::OperationRegistry& registry) {
  registry.add("ec2", "DescribeAccountAttributes", &describe_account_attributes);
  registry.add("ec2", "DescribeNetworkAcls", &describe_network_acls);
}

}  // namespace ecsemu::ec2
