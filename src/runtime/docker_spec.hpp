#pragma once

// The Docker Engine API (1.41) request bodies that run a TaskLaunch: POST /containers/create for each container,
// POST /volumes/create for the task's Docker volumes, and the body of an awsvpc task's pause container. Pure
// functions of the launch, so every task-definition field's mapping is unit tested without Docker.

#include <map>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "ecsemu/runtime/container_runtime.hpp"

namespace ecsemu::runtime {

struct DockerCreateOptions {
  // Host address published ports bind to.
  std::string publish_host = "127.0.0.1";
  // "" = the launch's network mode; "container:<id>" joins an awsvpc task's pause container. For the pause
  // container itself: the Docker network it attaches to ("" = bridge).
  std::string network_mode;
  // The pause container's fixed address on network_mode (an awsvpc task's ENI address on its VPC's internal
  // network, where Docker publishes no ports: the task is reached at this address). Empty: Docker picks one.
  std::string ipv4_address;
  // Labels added to the ECS agent's (ecsemu's own bookkeeping); they never replace a com.amazonaws.ecs.* label.
  std::map<std::string, std::string> extra_labels;
  // ECS container name -> Docker container name or id of the task's containers already created, for links and
  // volumesFrom.
  std::map<std::string, std::string> peer_containers;
};

// The container-name label the ECS agent gives a task's pause container.
inline constexpr const char* kPauseContainerName = "~internal~ecs~pause";

boost::json::object docker_create_body(const TaskLaunch& launch, const ContainerSpec& c, const DockerCreateOptions& o);

// The body of an awsvpc task's pause container: it owns the network namespace the task's containers join, so it
// carries what Docker only accepts there (hostname, DNS, extra hosts, published ports).
boost::json::object docker_pause_create_body(const TaskLaunch& launch, const std::string& image,
                                             const DockerCreateOptions& o);

// The Docker volume name of a Task or Docker volume: shared-scope volumes keep their own name (they outlive the
// task and are shared by its tasks); task-scoped ones get a name unique to the task. Empty for host volumes.
std::string docker_volume_name(const TaskLaunch& launch, const VolumeSpec& v);

// POST /volumes/create body for a Task or Docker volume. Task-scoped volumes carry the task's labels, so they
// are found and removed with the task.
boost::json::object docker_volume_create_body(const TaskLaunch& launch, const VolumeSpec& v);

// What the runtime does with the task's Docker volumes before creating its containers, and after they stop.
struct DockerVolumeStep {
  std::string name;                 // the Docker volume name (docker_volume_name)
  boost::json::object create_body;  // POST /volumes/create, when `create`
  bool create = true;               // false: a shared volume without autoprovision, which must already exist
  bool remove_with_task = true;     // task-scoped: DELETE /volumes/{name} once the task's containers are gone
  // When a volume that must exist is missing (GET /volumes/{name} 404): the container reason and stoppedReason.
  std::string missing_reason;
};
// One step per Task or Docker volume of the launch that a container mounts (host volumes need none), in the
// launch's order. Creating an existing volume with the same settings is harmless in Docker, so shared
// autoprovisioned volumes are simply created.
std::vector<DockerVolumeStep> docker_volume_steps(const TaskLaunch& launch);

// The task id: the last segment of the task ARN.
std::string task_id_of(const TaskLaunch& launch);

}  // namespace ecsemu::runtime
