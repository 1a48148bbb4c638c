#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "services/ec2/ec2_network_model.hpp"

namespace ecsemu::ec2 {

// Model -> output Document (the only place that spells EC2's network member names).
boost::json::object vpc_view(const Vpc& vpc, std::string_view account);
boost::json::object subnet_view(const Subnet& subnet, std::string_view account, std::string_view region);
boost::json::object security_group_view(const SecurityGroup& group, const NetworkState& net, std::string_view account,
                                        std::string_view region);
boost::json::array ip_permissions_view(const SecurityGroup& group, const NetworkState& net, std::string_view account,
                                       bool egress);
boost::json::object security_group_rule_view(const SecurityGroup& group, const SecurityGroupRule& rule,
                                             std::string_view account, std::string_view region);
boost::json::object internet_gateway_view(const InternetGateway& igw, std::string_view account);
boost::json::object route_table_view(const RouteTable& table, const NetworkState& net, std::string_view account);
boost::json::object network_interface_view(const NetworkInterface& eni, const NetworkState& net,
                                           std::string_view account, std::string_view region);
boost::json::object key_pair_view(const KeyPair& key, bool include_public_key);

std::string private_dns_name(std::string_view ip, std::string_view region);

}  // namespace ecsemu::ec2
