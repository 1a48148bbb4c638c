#pragma once

// What the task metadata endpoint (v3, v4) answers, in two halves: the ECS side, copied out of the World on the
// state strand into an immutable value, and the Docker side (names, image ids, labels, times, stats), read from
// the engine by the endpoint itself.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "state/world.hpp"

namespace ecsemu::taskmeta {

// One container as the endpoint shows it, before the Docker side is added.
struct ContainerView {
  std::string docker_id;  // empty until it started
  boost::json::object metadata;
};

// The task of the container whose token was asked for, as it was when it was read.
struct TaskView {
  ContainerView self;
  std::vector<ContainerView> containers;  // every container of the task, self included
  boost::json::object task;               // without "Containers"
};

// Finds the container whose metadata token is `token` and copies its task (state strand only). `version` is 3 or 4
// (v4 adds ContainerARN, LaunchType and the network details).
std::optional<TaskView> find_task_view(const state::World& world, std::string_view token, int version);

// Adds what Docker's inspect document (GET /containers/{id}/json) says to a container's metadata: DockerName,
// ImageID, Labels, CreatedAt, StartedAt, and the network's addresses when ECS has none.
void add_docker_inspect(boost::json::object& metadata, const boost::json::value& inspect);

}  // namespace ecsemu::taskmeta
