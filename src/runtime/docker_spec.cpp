#include "runtime/docker_spec.hpp"

#include "ecsemu/json_strings.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string_view>

#include <boost/json/array.hpp>

namespace ecsemu::runtime {

namespace json = boost::json;

namespace {

constexpr std::int64_t kMiB = 1024 * 1024;
constexpr std::int64_t kSecondNs = 1'000'000'000;
constexpr std::int64_t kCpuPeriodUs = 100'000;
constexpr std::int64_t kMinCpuShares = 2;  // the Linux kernel's minimum; the ECS agent raises 0 and 1 to it

// MiB to bytes, saturating (a stored size is never trusted to fit).
std::int64_t mib_to_bytes(std::int64_t mib) {
  constexpr std::int64_t kMaxMiB = INT64_MAX / kMiB;
  return std::clamp<std::int64_t>(mib, 0, kMaxMiB) * kMiB;
}

std::string port_key(const PortSpec& p) { return std::to_string(p.container_port) + "/" + p.protocol; }

// ExposedPorts and PortBindings of `ports`, published on o.publish_host; hostPort 0 = any ("").
void add_ports(const std::vector<PortSpec>& ports, const DockerCreateOptions& o, json::object& config,
               json::object& host) {
  if (ports.empty()) {
    return;
  }
  json::object exposed;
  json::object bindings;
  for (const auto& p : ports) {
    std::string key = port_key(p);
    exposed[key] = json::object();
    json::array& list = bindings[key].emplace_array();
    list.push_back(json::object{{"HostIp", o.publish_host},
                                {"HostPort", p.host_port == 0 ? std::string() : std::to_string(p.host_port)}});
  }
  config["ExposedPorts"] = std::move(exposed);
  host["PortBindings"] = std::move(bindings);
}

void add_name_resolution(const std::vector<std::pair<std::string, std::string>>& extra_hosts,
                         const std::vector<std::string>& dns, const std::vector<std::string>& search,
                         json::object& host) {
  if (!extra_hosts.empty()) {
    json::array hosts;
    for (const auto& [name, ip] : extra_hosts) {
      hosts.emplace_back(name + ":" + ip);
    }
    host["ExtraHosts"] = std::move(hosts);
  }
  if (!dns.empty()) {
    host["Dns"] = string_array(dns);
  }
  if (!search.empty()) {
    host["DnsSearch"] = string_array(search);
  }
}

json::object labels_of(const std::map<std::string, std::string>& base, const DockerCreateOptions& o) {
  json::object labels;
  for (const auto& [k, v] : o.extra_labels) {
    labels[k] = v;
  }
  for (const auto& [k, v] : base) {
    labels[k] = v;
  }
  return labels;
}

const VolumeSpec* find_volume(const TaskLaunch& launch, std::string_view name) {
  for (const auto& v : launch.volumes) {
    if (v.name == name) {
      return &v;
    }
  }
  return nullptr;
}

std::string peer(const DockerCreateOptions& o, const std::string& name) {
  auto it = o.peer_containers.find(name);
  return it != o.peer_containers.end() ? it->second : name;
}

json::array binds_of(const TaskLaunch& launch, const ContainerSpec& c) {
  json::array binds;
  for (const auto& m : c.mount_points) {
    const VolumeSpec* v = find_volume(launch, m.source_volume);
    if (v == nullptr || m.container_path.empty()) {
      continue;
    }
    std::string source = v->kind == VolumeSpec::Kind::Host ? v->source_path : docker_volume_name(launch, *v);
    if (source.empty()) {
      continue;
    }
    binds.emplace_back(source + ":" + m.container_path + (m.read_only ? ":ro" : ""));
  }
  return binds;
}

std::string device_permissions(const std::vector<std::string>& permissions) {
  if (permissions.empty()) {
    return "rwm";
  }
  std::string out;
  for (const char* p : {"read", "write", "mknod"}) {
    if (std::find(permissions.begin(), permissions.end(), p) != permissions.end()) {
      out += p[0] == 'r' ? 'r' : (p[0] == 'w' ? 'w' : 'm');
    }
  }
  return out;
}

void add_linux_parameters(const ContainerSpec& c, json::object& host) {
  if (!c.cap_add.empty()) {
    host["CapAdd"] = string_array(c.cap_add);
  }
  if (!c.cap_drop.empty()) {
    host["CapDrop"] = string_array(c.cap_drop);
  }
  if (c.init_process_enabled) {
    host["Init"] = *c.init_process_enabled;
  }
  if (!c.tmpfs.empty()) {
    json::object tmpfs;
    for (const auto& t : c.tmpfs) {
      std::string options;
      for (const auto& opt : t.mount_options) {
        options += opt + ",";
      }
      options += "size=" + std::to_string(t.size_mib) + "m";
      tmpfs[t.container_path] = options;
    }
    host["Tmpfs"] = std::move(tmpfs);
  }
  if (c.shared_memory_size_mib > 0) {
    host["ShmSize"] = mib_to_bytes(c.shared_memory_size_mib);
  }
  if (!c.devices.empty()) {
    json::array devices;
    for (const auto& d : c.devices) {
      devices.push_back(json::object{{"PathOnHost", d.host_path},
                                     {"PathInContainer", d.container_path.empty() ? d.host_path : d.container_path},
                                     {"CgroupPermissions", device_permissions(d.permissions)}});
    }
    host["Devices"] = std::move(devices);
  }
}

void add_limits(const TaskLaunch& launch, const ContainerSpec& c, json::object& host) {
  host["CpuShares"] = std::max<std::int64_t>(c.cpu, kMinCpuShares);
  if (launch.task_cpu > 0) {
    // The agent caps the task's cgroup at task cpu / 1024 CPUs; each container gets that cap.
    host["CpuPeriod"] = kCpuPeriodUs;
    std::int64_t cpu = std::min<std::int64_t>(launch.task_cpu, INT64_MAX / kCpuPeriodUs);
    host["CpuQuota"] = std::max<std::int64_t>(cpu * kCpuPeriodUs / 1024, 1000);
  }
  std::int64_t memory = c.memory > 0 ? c.memory : launch.task_memory;
  if (memory > 0) {
    host["Memory"] = mib_to_bytes(memory);
  }
  if (c.memory_reservation > 0) {
    host["MemoryReservation"] = mib_to_bytes(c.memory_reservation);
  }
  if (!c.ulimits.empty()) {
    json::array ulimits;
    for (const auto& u : c.ulimits) {
      ulimits.push_back(json::object{{"Name", u.name}, {"Soft", u.soft}, {"Hard", u.hard}});
    }
    host["Ulimits"] = std::move(ulimits);
  }
}

json::object health_check_of(const HealthCheckSpec& h) {
  return json::object{{"Test", string_array(h.command)},
                      {"Interval", std::int64_t{h.interval_seconds} * kSecondNs},
                      {"Timeout", std::int64_t{h.timeout_seconds} * kSecondNs},
                      {"Retries", h.retries},
                      {"StartPeriod", std::int64_t{h.start_period_seconds} * kSecondNs}};
}

std::string network_mode_of(const TaskLaunch& launch, const DockerCreateOptions& o) {
  if (!o.network_mode.empty()) {
    return o.network_mode;
  }
  if (launch.network_mode == "host" || launch.network_mode == "none") {
    return launch.network_mode;
  }
  return "bridge";
}

}  // namespace

std::string task_id_of(const TaskLaunch& launch) {
  const std::string& arn = launch.plan.task_arn;
  auto slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

json::object docker_create_body(const TaskLaunch& launch, const ContainerSpec& c, const DockerCreateOptions& o) {
  json::object config;
  json::object host;
  const std::string network_mode = network_mode_of(launch, o);
  // Docker refuses a hostname, DNS settings, extra hosts, links and ports on a container that joins another's
  // network namespace: those belong to the pause container.
  const bool joins = network_mode.rfind("container:", 0) == 0;

  config["Image"] = c.image;
  if (!c.command.empty()) {
    config["Cmd"] = string_array(c.command);
  }
  if (!c.entry_point.empty()) {
    config["Entrypoint"] = string_array(c.entry_point);
  }
  json::array env;
  for (const auto& [k, v] : c.environment) {
    env.emplace_back(k + "=" + v);
  }
  config["Env"] = std::move(env);
  config["Labels"] = labels_of(c.labels, o);
  if (!c.working_directory.empty()) {
    config["WorkingDir"] = c.working_directory;
  }
  if (!c.user.empty()) {
    config["User"] = c.user;
  }
  if (!c.hostname.empty() && !joins && network_mode != "host") {
    config["Hostname"] = c.hostname;
  }
  if (c.health_check) {
    config["Healthcheck"] = health_check_of(*c.health_check);
  }
  config["StopTimeout"] = c.stop_timeout_seconds;
  if (c.interactive) {
    config["OpenStdin"] = true;
  }
  if (c.pseudo_terminal) {
    config["Tty"] = true;
  }
  if (c.disable_networking) {
    config["NetworkDisabled"] = true;
  }

  host["NetworkMode"] = network_mode;
  if (network_mode != "host" && network_mode != "none" && !joins) {
    if (launch.network_mode == "awsvpc") {
      // Without a pause container an awsvpc container stands alone: its ports go to any free host port, as the
      // pause container's do (the task's own address carries the container port).
      std::vector<PortSpec> any_port = c.ports;
      for (auto& p : any_port) {
        p.host_port = 0;
      }
      add_ports(any_port, o, config, host);
    } else {
      add_ports(c.ports, o, config, host);
    }
  }
  if (!joins) {
    add_name_resolution(c.extra_hosts, c.dns_servers, c.dns_search_domains, host);
  }
  if (!c.links.empty() && !joins) {
    json::array links;
    for (const auto& link : c.links) {
      auto colon = link.find(':');
      std::string name = link.substr(0, colon);
      std::string alias = colon == std::string::npos ? name : link.substr(colon + 1);
      links.emplace_back(peer(o, name) + ":" + alias);
    }
    host["Links"] = std::move(links);
  }
  add_limits(launch, c, host);
  add_linux_parameters(c, host);
  if (c.readonly_root_filesystem) {
    host["ReadonlyRootfs"] = true;
  }
  if (c.privileged) {
    host["Privileged"] = true;
  }
  if (!c.security_options.empty()) {
    host["SecurityOpt"] = string_array(c.security_options);
  }
  if (!c.sysctls.empty()) {
    json::object sysctls;
    for (const auto& [k, v] : c.sysctls) {
      sysctls[k] = v;
    }
    host["Sysctls"] = std::move(sysctls);
  }
  if (launch.pid_mode == "host") {
    host["PidMode"] = "host";
  }
  if (launch.ipc_mode == "host" || launch.ipc_mode == "none") {
    host["IpcMode"] = launch.ipc_mode;
  }
  if (json::array binds = binds_of(launch, c); !binds.empty()) {
    host["Binds"] = std::move(binds);
  }
  if (!c.volumes_from.empty()) {
    json::array from;
    for (const auto& v : c.volumes_from) {
      from.emplace_back(peer(o, v.source_container) + (v.read_only ? ":ro" : ":rw"));
    }
    host["VolumesFrom"] = std::move(from);
  }
  config["HostConfig"] = std::move(host);
  return config;
}

json::object docker_pause_create_body(const TaskLaunch& launch, const std::string& image,
                                      const DockerCreateOptions& o) {
  json::object config;
  json::object host;
  config["Image"] = image;
  std::map<std::string, std::string> labels = {
      {"com.amazonaws.ecs.task-arn", launch.plan.task_arn},
      {"com.amazonaws.ecs.container-name", kPauseContainerName},
      {"com.amazonaws.ecs.cluster", launch.cluster_arn},
      {"com.amazonaws.ecs.task-definition-family", launch.family},
      {"com.amazonaws.ecs.task-definition-version", std::to_string(launch.revision)}};
  config["Labels"] = labels_of(labels, o);
  std::vector<PortSpec> ports;
  std::vector<std::pair<std::string, std::string>> extra_hosts;
  std::vector<std::string> dns;
  std::vector<std::string> search;
  auto add_unique = [](auto& to, const auto& from) {
    for (const auto& item : from) {
      if (std::find(to.begin(), to.end(), item) == to.end()) {
        to.push_back(item);
      }
    }
  };
  for (const auto& c : launch.containers) {
    if (!c.hostname.empty() && !config.contains("Hostname")) {
      config["Hostname"] = c.hostname;
    }
    for (const auto& p : c.ports) {
      // awsvpc: the task's address carries the container port itself; the host sees it on any free port.
      ports.push_back({p.container_port, 0, p.protocol});
    }
    add_unique(extra_hosts, c.extra_hosts);
    add_unique(dns, c.dns_servers);
    add_unique(search, c.dns_search_domains);
  }
  config["StopTimeout"] = 1;
  host["NetworkMode"] = o.network_mode.empty() ? "bridge" : o.network_mode;
  if (!o.ipv4_address.empty() && !o.network_mode.empty()) {
    json::object endpoint{{"IPAMConfig", json::object{{"IPv4Address", o.ipv4_address}}}};
    config["NetworkingConfig"] = json::object{{"EndpointsConfig", json::object{{o.network_mode, std::move(endpoint)}}}};
  } else {
    add_ports(ports, o, config, host);
  }
  add_name_resolution(extra_hosts, dns, search, host);
  host["CpuShares"] = kMinCpuShares;
  config["HostConfig"] = std::move(host);
  return config;
}

std::string docker_volume_name(const TaskLaunch& launch, const VolumeSpec& v) {
  switch (v.kind) {
    case VolumeSpec::Kind::Host:
      return {};
    case VolumeSpec::Kind::Docker:
      if (v.scope == "shared") {
        return v.name;
      }
      break;
    case VolumeSpec::Kind::Task:
      break;
  }
  return "ecs-" + launch.family + "-" + std::to_string(launch.revision) + "-" + v.name + "-" + task_id_of(launch);
}

json::object docker_volume_create_body(const TaskLaunch& launch, const VolumeSpec& v) {
  json::object body;
  body["Name"] = docker_volume_name(launch, v);
  body["Driver"] = v.driver.empty() ? std::string("local") : v.driver;
  json::object opts;
  for (const auto& [k, val] : v.driver_opts) {
    opts[k] = val;
  }
  body["DriverOpts"] = std::move(opts);
  json::object labels;
  for (const auto& [k, val] : v.labels) {
    labels[k] = val;
  }
  if (v.kind == VolumeSpec::Kind::Task || v.scope != "shared") {
    labels["com.amazonaws.ecs.task-arn"] = launch.plan.task_arn;
    labels["com.amazonaws.ecs.cluster"] = launch.cluster_arn;
  }
  body["Labels"] = std::move(labels);
  return body;
}

std::vector<DockerVolumeStep> docker_volume_steps(const TaskLaunch& launch) {
  std::vector<DockerVolumeStep> steps;
  for (const auto& v : launch.volumes) {
    if (v.kind == VolumeSpec::Kind::Host) {
      continue;
    }
    bool mounted = std::any_of(launch.containers.begin(), launch.containers.end(), [&](const ContainerSpec& c) {
      return std::any_of(c.mount_points.begin(), c.mount_points.end(),
                         [&](const MountSpec& m) { return m.source_volume == v.name; });
    });
    if (!mounted) {
      continue;
    }
    DockerVolumeStep step;
    step.name = docker_volume_name(launch, v);
    const bool shared = v.kind == VolumeSpec::Kind::Docker && v.scope == "shared";
    step.remove_with_task = !shared;
    step.create = !shared || v.autoprovision;
    if (step.create) {
      step.create_body = docker_volume_create_body(launch, v);
    } else {
      step.missing_reason =
          "CannotCreateVolumeError: shared volume " + v.name + " does not exist and autoprovision is not enabled";
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace ecsemu::runtime
