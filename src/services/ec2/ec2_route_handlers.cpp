// Internet gateways and route tables: Create/Attach/Detach/Delete/DescribeInternetGateways,
// Create/Delete/DescribeRouteTables, CreateRoute, ReplaceRoute, DeleteRoute, Associate/DisassociateRouteTable.
#include <algorithm>

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

InternetGateway& require_igw(NetworkState& net, std::string_view id) {
  auto it = net.internet_gateways.find(std::string(id));
  if (it == net.internet_gateways.end()) {
    throw aws::ServiceError("InvalidInternetGatewayID.NotFound",
                            fmt::format("The internetGateway ID '{}' does not exist", id));
  }
  return it->second;
}

RouteTable& require_table(NetworkState& net, std::string_view id) {
  auto it = net.route_tables.find(std::string(id));
  if (it == net.route_tables.end()) {
    throw aws::ServiceError("InvalidRouteTableID.NotFound", fmt::format("The routeTable ID '{}' does not exist", id));
  }
  return it->second;
}

Vpc& require_vpc(NetworkState& net, std::string_view id) {
  auto it = net.vpcs.find(std::string(id));
  if (it == net.vpcs.end()) {
    throw aws::ServiceError("InvalidVpcID.NotFound", fmt::format("The vpc ID '{}' does not exist", id));
  }
  return it->second;
}

json::value create_internet_gateway(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  TagMap tags = tag_specifications(input, "internet-gateway");
  check_dry_run(input);
  InternetGateway igw;
  igw.id = new_resource_id("igw");
  igw.tags = std::move(tags);
  std::string id = igw.id;
  return json::object{
      {"InternetGateway", internet_gateway_view(net.internet_gateways[id] = std::move(igw), ctx.account_id)}};
}

json::value attach_internet_gateway(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  InternetGateway& igw = require_igw(net, required(input, "InternetGatewayId"));
  Vpc& vpc = require_vpc(net, required(input, "VpcId"));
  if (!igw.attached_vpc_id.empty()) {
    throw aws::ServiceError("Resource.AlreadyAssociated",
                            fmt::format("resource {} is already attached to network {}", igw.id, igw.attached_vpc_id));
  }
  for (const auto& [id, other] : net.internet_gateways) {
    if (other.attached_vpc_id == vpc.id) {
      throw aws::ServiceError("InvalidParameterValue",
                              fmt::format("Network {} already has an internet gateway attached", vpc.id));
    }
  }
  check_dry_run(input);
  igw.attached_vpc_id = vpc.id;
  return json::object{};
}

json::value detach_internet_gateway(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  InternetGateway& igw = require_igw(net, required(input, "InternetGatewayId"));
  std::string vpc_id = required(input, "VpcId");
  require_vpc(net, vpc_id);
  if (igw.attached_vpc_id != vpc_id) {
    throw aws::ServiceError("Gateway.NotAttached",
                            fmt::format("resource {} is not attached to network {}", igw.id, vpc_id));
  }
  check_dry_run(input);
  igw.attached_vpc_id.clear();
  return json::object{};
}

json::value delete_internet_gateway(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  InternetGateway& igw = require_igw(net, required(input, "InternetGatewayId"));
  if (!igw.attached_vpc_id.empty()) {
    throw aws::ServiceError("DependencyViolation",
                            fmt::format("The internetGateway '{}' has dependencies and cannot be deleted.", igw.id));
  }
  check_dry_run(input);
  net.internet_gateways.erase(igw.id);
  return json::object{};
}

json::value describe_internet_gateways(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  NetworkState& net = network(ctx);
  FilterSet filters(
      input, {"attachment.state", "attachment.vpc-id", "internet-gateway-id", "owner-id", "tag-key", "tag-value"},
      true);
  std::vector<std::string> ids = string_list(input, "InternetGatewayIds");
  for (const auto& id : ids) {
    require_igw(net, id);
  }
  std::vector<const InternetGateway*> matched;
  for (const auto& [id, igw] : net.internet_gateways) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (auto tags = tag_filter_values(igw.tags, f)) {
        return *tags;
      }
      if (f == "attachment.state") {
        return igw.attached_vpc_id.empty() ? std::vector<std::string>{} : std::vector<std::string>{"available"};
      }
      if (f == "attachment.vpc-id") {
        return igw.attached_vpc_id.empty() ? std::vector<std::string>{} : std::vector<std::string>{igw.attached_vpc_id};
      }
      if (f == "owner-id") {
        return {ctx.account_id};
      }
      return {igw.id};
    });
    if (keep) {
      matched.push_back(&igw);
    }
  }
  std::string next;
  auto page = paginate(
      matched, input, [](const InternetGateway* g) { return g->id; }, next);
  json::array out;
  for (const InternetGateway* igw : page) {
    out.push_back(internet_gateway_view(*igw, ctx.account_id));
  }
  json::object result{{"InternetGateways", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

json::value create_route_table(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  Vpc& vpc = require_vpc(net, required(input, "VpcId"));
  TagMap tags = tag_specifications(input, "route-table");
  check_dry_run(input);
  RouteTable table;
  table.id = new_resource_id("rtb");
  table.vpc_id = vpc.id;
  table.routes.push_back(Route{vpc.cidr_block, "local", "", "", "", "CreateRouteTable"});
  table.tags = std::move(tags);
  std::string id = table.id;
  RouteTable& stored = net.route_tables[id] = std::move(table);
  return json::object{{"RouteTable", route_table_view(stored, net, ctx.account_id)}};
}

json::value delete_route_table(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  RouteTable& table = require_table(net, required(input, "RouteTableId"));
  if (!table.associations.empty()) {
    throw aws::ServiceError("DependencyViolation",
                            fmt::format("The routeTable '{}' has dependencies and cannot be deleted.", table.id));
  }
  check_dry_run(input);
  net.route_tables.erase(table.id);
  return json::object{};
}

// The route's target from a Create/ReplaceRoute request, checked to exist.
Route route_from(NetworkState& net, const RouteTable& table, const json::object& input) {
  Route route;
  route.destination_cidr_block = required(input, "DestinationCidrBlock");
  auto cidr = parse_cidr(route.destination_cidr_block);
  if (!cidr) {
    throw aws::ServiceError("InvalidParameterValue",
                            fmt::format("Value ({}) for parameter destinationCidrBlock is invalid. This is not a valid "
                                        "CIDR block.",
                                        route.destination_cidr_block));
  }
  route.destination_cidr_block = cidr->str();
  route.gateway_id = string_member(input, "GatewayId");
  route.nat_gateway_id = string_member(input, "NatGatewayId");
  route.network_interface_id = string_member(input, "NetworkInterfaceId");
  route.instance_id = string_member(input, "InstanceId");
  int targets = !route.gateway_id.empty() + !route.nat_gateway_id.empty() + !route.network_interface_id.empty() +
                !route.instance_id.empty();
  if (targets != 1) {
    throw aws::ServiceError("InvalidParameterCombination",
                            "The parameter GatewayId, NatGatewayId, NetworkInterfaceId or InstanceId must be specified "
                            "exactly once.");
  }
  if (!route.gateway_id.empty()) {
    auto it = net.internet_gateways.find(route.gateway_id);
    if (it == net.internet_gateways.end()) {
      throw aws::ServiceError("InvalidGatewayID.NotFound",
                              fmt::format("The gateway ID '{}' does not exist", route.gateway_id));
    }
    if (it->second.attached_vpc_id != table.vpc_id) {
      throw aws::ServiceError("InvalidParameterValue",
                              fmt::format("route table {} and network gateway {} belong to different networks",
                                          table.id, route.gateway_id));
    }
  }
  if (!route.network_interface_id.empty() && net.network_interfaces.count(route.network_interface_id) == 0) {
    throw aws::ServiceError("InvalidNetworkInterfaceID.NotFound",
                            fmt::format("The networkInterface ID '{}' does not exist", route.network_interface_id));
  }
  return route;
}

json::value create_route(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  RouteTable& table = require_table(net, required(input, "RouteTableId"));
  Route route = route_from(net, table, input);
  for (const auto& existing : table.routes) {
    if (existing.destination_cidr_block == route.destination_cidr_block) {
      throw aws::ServiceError("RouteAlreadyExists",
                              fmt::format("The route identified by {} already exists.", route.destination_cidr_block));
    }
  }
  check_dry_run(input);
  table.routes.push_back(std::move(route));
  return json::object{{"Return", true}};
}

std::vector<Route>::iterator require_route(RouteTable& table, const json::object& input) {
  std::string destination = required(input, "DestinationCidrBlock");
  auto cidr = parse_cidr(destination);
  std::string normalized = cidr ? cidr->str() : destination;
  auto it = std::find_if(table.routes.begin(), table.routes.end(),
                         [&](const Route& r) { return r.destination_cidr_block == normalized; });
  if (it == table.routes.end()) {
    throw aws::ServiceError(
        "InvalidRoute.NotFound",
        fmt::format("no route with destination-cidr-block {} in route table {}", destination, table.id));
  }
  return it;
}

json::value replace_route(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  RouteTable& table = require_table(net, required(input, "RouteTableId"));
  auto it = require_route(table, input);
  Route route = route_from(net, table, input);
  if (it->gateway_id == "local") {
    throw aws::ServiceError("InvalidParameterValue", "cannot replace the local route");
  }
  check_dry_run(input);
  *it = std::move(route);
  return json::object{};
}

json::value delete_route(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  RouteTable& table = require_table(net, required(input, "RouteTableId"));
  auto it = require_route(table, input);
  if (it->gateway_id == "local") {
    throw aws::ServiceError("InvalidParameterValue", fmt::format("cannot remove local route {} in route table {}",
                                                                 it->destination_cidr_block, table.id));
  }
  check_dry_run(input);
  table.routes.erase(it);
  return json::object{};
}

json::value associate_route_table(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  RouteTable& table = require_table(net, required(input, "RouteTableId"));
  std::string subnet_id = string_member(input, "SubnetId");
  std::string gateway_id = string_member(input, "GatewayId");
  if (subnet_id.empty() == gateway_id.empty()) {
    throw aws::ServiceError("InvalidParameterCombination", "Exactly one of SubnetId or GatewayId must be specified.");
  }
  if (!subnet_id.empty()) {
    const Subnet* subnet = find_subnet(net, subnet_id);
    if (subnet == nullptr) {
      throw aws::ServiceError("InvalidSubnetID.NotFound", fmt::format("The subnet ID '{}' does not exist", subnet_id));
    }
    if (subnet->vpc_id != table.vpc_id) {
      throw aws::ServiceError(
          "InvalidParameterValue",
          fmt::format("routeTable {} and subnet {} belong to different networks", table.id, subnet_id));
    }
    for (const auto& [id, other] : net.route_tables) {
      for (const auto& assoc : other.associations) {
        if (assoc.subnet_id == subnet_id) {
          throw aws::ServiceError("Resource.AlreadyAssociated",
                                  fmt::format("the specified association for route table {} conflicts with an "
                                              "existing association",
                                              table.id));
        }
      }
    }
  } else {
    require_igw(net, gateway_id);
  }
  check_dry_run(input);
  RouteTableAssociation assoc;
  assoc.id = new_resource_id("rtbassoc");
  assoc.subnet_id = subnet_id;
  assoc.gateway_id = gateway_id;
  table.associations.push_back(assoc);
  return json::object{{"AssociationId", assoc.id}, {"AssociationState", json::object{{"State", "associated"}}}};
}

json::value disassociate_route_table(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  std::string id = required(input, "AssociationId");
  for (auto& [tid, table] : net.route_tables) {
    auto it = std::find_if(table.associations.begin(), table.associations.end(),
                           [&](const RouteTableAssociation& a) { return a.id == id; });
    if (it == table.associations.end()) {
      continue;
    }
    if (it->main) {
      throw aws::ServiceError("InvalidParameterValue",
                              fmt::format("cannot disassociate the main route table association {}", id));
    }
    check_dry_run(input);
    table.associations.erase(it);
    return json::object{};
  }
  throw aws::ServiceError("InvalidAssociationID.NotFound", fmt::format("The association ID '{}' does not exist", id));
}

json::value describe_route_tables(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  NetworkState& net = network(ctx);
  FilterSet filters(input,
                    {"association.gateway-id", "association.route-table-association-id", "association.route-table-id",
                     "association.subnet-id", "association.main", "owner-id", "route-table-id",
                     "route.destination-cidr-block", "route.gateway-id", "route.origin", "route.state",
                     "route.network-interface-id", "route.nat-gateway-id", "vpc-id", "tag-key", "tag-value"},
                    true);
  std::vector<std::string> ids = string_list(input, "RouteTableIds");
  for (const auto& id : ids) {
    require_table(net, id);
  }
  std::vector<const RouteTable*> matched;
  for (const auto& [id, table] : net.route_tables) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (auto tags = tag_filter_values(table.tags, f)) {
        return *tags;
      }
      std::vector<std::string> out;
      if (f.rfind("association.", 0) == 0) {
        for (const auto& a : table.associations) {
          if (f == "association.gateway-id" && !a.gateway_id.empty()) {
            out.push_back(a.gateway_id);
          } else if (f == "association.route-table-association-id") {
            out.push_back(a.id);
          } else if (f == "association.route-table-id") {
            out.push_back(table.id);
          } else if (f == "association.subnet-id" && !a.subnet_id.empty()) {
            out.push_back(a.subnet_id);
          } else if (f == "association.main") {
            out.push_back(a.main ? "true" : "false");
          }
        }
        return out;
      }
      if (f.rfind("route.", 0) == 0) {
        for (const auto& r : table.routes) {
          if (f == "route.destination-cidr-block") {
            out.push_back(r.destination_cidr_block);
          } else if (f == "route.gateway-id" && !r.gateway_id.empty()) {
            out.push_back(r.gateway_id);
          } else if (f == "route.origin") {
            out.push_back(r.origin);
          } else if (f == "route.state") {
            out.push_back("active");
          } else if (f == "route.network-interface-id" && !r.network_interface_id.empty()) {
            out.push_back(r.network_interface_id);
          } else if (f == "route.nat-gateway-id" && !r.nat_gateway_id.empty()) {
            out.push_back(r.nat_gateway_id);
          }
        }
        return out;
      }
      if (f == "owner-id") {
        return {ctx.account_id};
      }
      if (f == "route-table-id") {
        return {table.id};
      }
      return {table.vpc_id};
    });
    if (keep) {
      matched.push_back(&table);
    }
  }
  std::string next;
  auto page = paginate(
      matched, input, [](const RouteTable* t) { return t->id; }, next);
  json::array out;
  for (const RouteTable* table : page) {
    out.push_back(route_table_view(*table, net, ctx.account_id));
  }
  json::object result{{"RouteTables", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

}  // namespace

void register_gateway_route_operations(aws::OperationRegistry& registry) {
  registry.add("ec2", "CreateInternetGateway", &create_internet_gateway);
  registry.add("ec2", "AttachInternetGateway", &attach_internet_gateway);
  registry.add("ec2", "DetachInternetGateway", &detach_internet_gateway);
  registry.add("ec2", "DeleteInternetGateway", &delete_internet_gateway);
  registry.add("ec2", "DescribeInternetGateways", &describe_internet_gateways);
  registry.add("ec2", "CreateRouteTable", &create_route_table);
  registry.add("ec2", "DeleteRouteTable", &delete_route_table);
  registry.add("ec2", "DescribeRouteTables", &describe_route_tables);
  registry.add("ec2", "CreateRoute", &create_route);
  registry.add("ec2", "ReplaceRoute", &replace_route);
  registry.add("ec2", "DeleteRoute", &delete_route);
  registry.add("ec2", "AssociateRouteTable", &associate_route_table);
  registry.add("ec2", "DisassociateRouteTable", &disassociate_route_table);
}

}  // namespace ecsemu::ec2
