#include "taskmeta/task_metadata.hpp"

#include <boost/json/array.hpp>

#include "protocol/timestamp.hpp"

namespace ecsemu::taskmeta {

namespace json = boost::json;

namespace {

std::string iso(double t) { return t > 0 ? protocol::format_iso8601(t, true) : std::string(); }

// The desired status of a container follows its task's.
json::object container_json(const ecs::Task& task, const ecs::TaskContainer& c, int version) {
  json::object out{{"DockerId", c.runtime_id},
                   {"Name", c.name},
                   {"DockerName", ""},
                   {"Image", c.image},
                   {"ImageID", ""},
                   {"Labels", json::object{}},
                   {"DesiredStatus", task.desired_status},
                   {"KnownStatus", c.last_status},
                   {"Limits", json::object{{"CPU", c.cpu}, {"Memory", c.memory}}},
                   {"Type", "NORMAL"}};
  if (c.exit_code) {
    out["ExitCode"] = *c.exit_code;
  }
  if (version >= 4) {
    out["ContainerARN"] = c.arn;
  }
  json::object network{{"NetworkMode", task.network_mode.empty() ? "bridge" : task.network_mode}};
  json::array addresses;
  std::string ip = task.eni ? task.eni->private_ip : c.ip_address;
  if (!ip.empty()) {
    addresses.emplace_back(ip);
  }
  network["IPv4Addresses"] = std::move(addresses);
  if (version >= 4 && task.eni) {
    network["AttachmentIndex"] = 0;
    network["MACAddress"] = task.eni->mac_address;
    network["PrivateDNSName"] = task.eni->private_dns_name;
  }
  out["Networks"] = json::array{std::move(network)};
  return out;
}

double task_cpu_vcpu(const std::string& cpu) {
  try {
    return cpu.empty() ? 0 : std::stod(cpu) / 1024.0;
  } catch (...) {
    return 0;
  }
}

}  // namespace

std::optional<TaskView> find_task_view(const state::World& world, std::string_view token, int version) {
  if (token.empty()) {
    return std::nullopt;
  }
  std::optional<TaskView> found;
  const_cast<state::World&>(world).for_each([&](const std::string&, const std::string&, state::RegionStore& store) {
    if (found) {
      return;
    }
    for (const auto& [id, task] : store.ecs.tasks.tasks) {
      for (const auto& c : task.containers) {
        if (c.metadata_token != token) {
          continue;
        }
        TaskView view;
        view.self = {c.runtime_id, container_json(task, c, version)};
        for (const auto& other : task.containers) {
          view.containers.push_back({other.runtime_id, container_json(task, other, version)});
        }
        json::object t{{"Cluster", task.cluster_arn},
                       {"TaskARN", task.arn},
                       {"Family", task.family},
                       {"Revision", std::to_string(task.revision)},
                       {"DesiredStatus", task.desired_status},
                       {"KnownStatus", task.last_status},
                       {"AvailabilityZone", task.availability_zone}};
        if (task.pull_started_at > 0) {
          t["PullStartedAt"] = iso(task.pull_started_at);
        }
        if (task.pull_stopped_at > 0) {
          t["PullStoppedAt"] = iso(task.pull_stopped_at);
        }
        if (task.stopped_at > 0) {
          t["ExecutionStoppedAt"] = iso(task.stopped_at);
        }
        json::object limits;
        if (!task.cpu.empty()) {
          limits["CPU"] = task_cpu_vcpu(task.cpu);
        }
        if (!task.memory.empty()) {
          try {
            limits["Memory"] = std::stoll(task.memory);
          } catch (...) {
          }
        }
        t["Limits"] = std::move(limits);
        if (version >= 4) {
          t["LaunchType"] = task.launch_type.empty() ? "EC2" : task.launch_type;
        }
        if (task.group.rfind("service:", 0) == 0) {
          t["ServiceName"] = task.group.substr(8);
        }
        view.task = std::move(t);
        found = std::move(view);
        return;
      }
    }
  });
  return found;
}

void add_docker_inspect(json::object& metadata, const json::value& inspect) {
  if (!inspect.is_object()) {
    return;
  }
  const json::object& doc = inspect.as_object();
  auto str = [](const json::object& o, std::string_view k) {
    const auto* v = o.if_contains(k);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  std::string name = str(doc, "Name");
  if (!name.empty() && name.front() == '/') {
    name.erase(0, 1);
  }
  metadata["DockerName"] = name;
  metadata["ImageID"] = str(doc, "Image");
  if (const auto* config = doc.if_contains("Config"); config != nullptr && config->is_object()) {
    if (const auto* labels = config->as_object().if_contains("Labels"); labels != nullptr && labels->is_object()) {
      metadata["Labels"] = labels->as_object();
    }
  }
  std::string created = str(doc, "Created");
  if (!created.empty()) {
    metadata["CreatedAt"] = created;
  }
  if (const auto* state = doc.if_contains("State"); state != nullptr && state->is_object()) {
    std::string started = str(state->as_object(), "StartedAt");
    if (!started.empty() && started.rfind("0001-", 0) != 0) {
      metadata["StartedAt"] = started;
    }
    std::string finished = str(state->as_object(), "FinishedAt");
    if (!finished.empty() && finished.rfind("0001-", 0) != 0) {
      metadata["FinishedAt"] = finished;
    }
  }
  // Bridge containers: the address Docker gave them, when ECS has none yet.
  auto* networks = metadata.if_contains("Networks");
  const auto* settings = doc.if_contains("NetworkSettings");
  if (networks == nullptr || !networks->is_array() || networks->as_array().empty() || settings == nullptr ||
      !settings->is_object()) {
    return;
  }
  json::object& first = networks->as_array()[0].as_object();
  auto& addresses = first["IPv4Addresses"];
  if (addresses.is_array() && !addresses.as_array().empty()) {
    return;
  }
  json::array found;
  if (const auto* nets = settings->as_object().if_contains("Networks"); nets != nullptr && nets->is_object()) {
    for (const auto& [key, net] : nets->as_object()) {
      if (net.is_object()) {
        std::string ip = str(net.as_object(), "IPAddress");
        if (!ip.empty()) {
          found.emplace_back(ip);
        }
      }
    }
  }
  addresses = std::move(found);
}

}  // namespace ecsemu::taskmeta
