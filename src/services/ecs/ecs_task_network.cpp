#include "services/ecs/ecs_task_network.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_network_model.hpp"
#include "services/ec2/ec2_network_views.hpp"
#include "services/ecs/ecs_input.hpp"

namespace ecsemu::ecs {

using aws::ServiceError;

namespace {

std::string attachment_uuid(std::mt19937_64& rng) {
  std::string h = random_hex(rng, 32);
  h[12] = '4';
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

}  // namespace

std::vector<std::string> default_subnet_ids(ec2::Ec2State& ec2, const std::string& region) {
  std::vector<std::pair<std::string, std::string>> by_zone;
  for (const auto& [id, subnet] : ec2::ensure_defaults(ec2, region).subnets) {
    if (subnet.default_for_az) {
      by_zone.emplace_back(subnet.availability_zone, id);
    }
  }
  std::sort(by_zone.begin(), by_zone.end());
  std::vector<std::string> out;
  for (auto& [zone, id] : by_zone) {
    out.push_back(std::move(id));
  }
  return out;
}

void validate_task_network(const ec2::NetworkState& net, const LaunchRequest& request) {
  for (const auto& id : request.subnets) {
    if (ec2::find_subnet(net, id) == nullptr) {
      throw ServiceError("InvalidParameterException",
                         fmt::format("Error retrieving subnet information for [{}]: The subnet ID '{}' does not exist "
                                     "(ErrorCode: InvalidSubnetID.NotFound)",
                                     id, id));
    }
  }
  for (const auto& id : request.security_groups) {
    if (net.security_groups.count(id) == 0) {
      throw ServiceError("InvalidParameterException",
                         fmt::format("Error retrieving security group information for [{}]: The security group '{}' "
                                     "does not exist (ErrorCode: InvalidGroup.NotFound)",
                                     id, id));
    }
  }
}

void validate_launch_network(ec2::Ec2State& ec2, const std::string& region, const boost::json::object& parameters) {
  const auto* network = parameters.if_contains("networkConfiguration");
  if (network == nullptr || !network->is_object()) {
    return;
  }
  const auto* awsvpc = network->as_object().if_contains("awsvpcConfiguration");
  if (awsvpc == nullptr || !awsvpc->is_object()) {
    return;
  }
  LaunchRequest request;
  request.subnets = string_list(awsvpc->as_object(), "subnets");
  request.security_groups = string_list(awsvpc->as_object(), "securityGroups");
  validate_task_network(ec2::ensure_defaults(ec2, region), request);
}

void create_task_eni(ec2::NetworkState& net, const LaunchEnv& env, const LaunchRequest& request, Task& task,
                     std::mt19937_64& rng) {
  TaskEni eni;
  eni.attachment_id = attachment_uuid(rng);
  const std::string& subnet = request.subnets[rng() % request.subnets.size()];
  std::string description = "arn:aws:ecs:" + env.region + ":" + env.account + ":attachment/" + eni.attachment_id;
  ec2::NetworkInterface& created =
      ec2::create_network_interface(net, subnet, request.security_groups, std::move(description), "interface");
  created.requester_managed = true;
  created.status = "in-use";
  eni.subnet_id = created.subnet_id;
  eni.eni_id = created.id;
  eni.mac_address = created.mac_address;
  eni.private_ip = created.private_ip;
  eni.private_dns_name = ec2::private_dns_name(created.private_ip, env.region);
  task.availability_zone = created.availability_zone;
  task.eni = std::move(eni);
}

std::optional<TaskVpc> task_vpc_of(state::World& world, const Task& task) {
  TaskArnParts parts;
  if (!task.eni || task.eni->private_ip.empty() || !parse_task_arn(task.arn, parts)) {
    return std::nullopt;
  }
  state::RegionStore* store = world.find(parts.account, parts.region);
  const ec2::Subnet* subnet = store != nullptr ? ec2::find_subnet(store->ec2.network, task.eni->subnet_id) : nullptr;
  if (subnet == nullptr) {
    return std::nullopt;
  }
  auto vpc = store->ec2.network.vpcs.find(subnet->vpc_id);
  if (vpc == store->ec2.network.vpcs.end()) {
    return std::nullopt;
  }
  return TaskVpc{vpc->first, vpc->second.cidr_block, task.eni->private_ip};
}

void release_task_eni(state::World& world, const Task& task) {
  TaskArnParts parts;
  if (!task.eni || task.eni->eni_id.empty() || !parse_task_arn(task.arn, parts)) {
    return;
  }
  if (state::RegionStore* store = world.find(parts.account, parts.region)) {
    ec2::delete_network_interface(store->ec2.network, task.eni->eni_id);
  }
}

}  // namespace ecsemu::ecs
