#pragma once

// awsvpc tasks in the EC2 model: their network configuration is checked against the account's subnets and
// security groups, and each task gets a real, requester-managed ENI that goes away when the task stops.

#include <optional>
#include <random>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "services/ec2/ec2_state.hpp"
#include "services/ecs/ecs_task_launch.hpp"
#include "services/ecs/ecs_task_model.hpp"
#include "state/world.hpp"

namespace ecsemu::ecs {

// The ids of the region's default subnets (one per availability zone, in zone order).
std::vector<std::string> default_subnet_ids(ec2::Ec2State& ec2, const std::string& region);

// Every subnet and security group of the request must exist in `net`; throws InvalidParameterException with
// ECS's "Error retrieving subnet information for [...]" texts otherwise.
void validate_task_network(const ec2::NetworkState& net, const LaunchRequest& request);

// The same check for a service's or task set's launch parameters (their networkConfiguration, when awsvpc).
void validate_launch_network(ec2::Ec2State& ec2, const std::string& region, const boost::json::object& parameters);

// Creates the task's ENI in one of the request's subnets (description "arn:aws:ecs:REGION:ACCOUNT:attachment/ID",
// requester-managed, in-use) and records it in task.eni (attachment PRECREATED) and task.availability_zone.
void create_task_eni(ec2::NetworkState& net, const LaunchEnv& env, const LaunchRequest& request, Task& task,
                     std::mt19937_64& rng);

// Where an awsvpc task's ENI lives: its subnet's VPC and that VPC's CIDR block.
struct TaskVpc {
  std::string vpc_id;
  std::string cidr_block;
  std::string private_ip;
};
// Empty when the task has no ENI or its subnet or VPC is gone from the EC2 model.
std::optional<TaskVpc> task_vpc_of(state::World& world, const Task& task);

// The task reached STOPPED: deletes its ENI from the EC2 model of its account and region (no effect without one).
void release_task_eni(state::World& world, const Task& task);

}  // namespace ecsemu::ecs
