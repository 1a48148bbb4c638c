#include "sched/container_spec_of.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>

#include "aws/input.hpp"

namespace ecsemu::sched {

namespace json = boost::json;

namespace {

const json::object* object_member(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

const json::array* array_member(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? &v->as_array() : nullptr;
}

std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t num(const json::object& o, std::string_view key, std::int64_t fallback = 0) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) {
    return fallback;
  }
  if (v->is_int64()) {
    return v->as_int64();
  }
  if (v->is_uint64()) {
    return static_cast<std::int64_t>(std::min<std::uint64_t>(v->as_uint64(), INT64_MAX));
  }
  if (v->is_double()) {
    double d = v->as_double();
    return d >= -9e18 && d <= 9e18 ? static_cast<std::int64_t>(d) : fallback;
  }
  return fallback;
}

int seconds(const json::object& o, std::string_view key, int fallback) {
  return static_cast<int>(std::clamp<std::int64_t>(num(o, key, fallback), 0, 86400 * 365));
}

std::vector<std::string> strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* a = array_member(o, key)) {
    for (const auto& item : *a) {
      if (item.is_string()) {
        out.emplace_back(item.as_string());
      }
    }
  }
  return out;
}

// Calls f(object) for each object element of o[key].
template <typename F>
void each_object(const json::object& o, std::string_view key, F&& f) {
  if (const auto* a = array_member(o, key)) {
    for (const auto& item : *a) {
      if (item.is_object()) {
        f(item.as_object());
      }
    }
  }
}

void merge_environment(std::vector<std::pair<std::string, std::string>>& env, const json::object& o) {
  each_object(o, "environment", [&](const json::object& item) {
    std::string name = str(item, "name");
    std::string value = str(item, "value");
    auto it = std::find_if(env.begin(), env.end(), [&](const auto& kv) { return kv.first == name; });
    if (it != env.end()) {
      it->second = value;
    } else {
      env.emplace_back(std::move(name), std::move(value));
    }
  });
}

void read_linux_parameters(const json::object& lp, runtime::ContainerSpec& spec) {
  if (const auto* caps = object_member(lp, "capabilities")) {
    spec.cap_add = strings(*caps, "add");
    spec.cap_drop = strings(*caps, "drop");
  }
  if (const auto* v = lp.if_contains("initProcessEnabled"); v != nullptr && v->is_bool()) {
    spec.init_process_enabled = v->as_bool();
  }
  each_object(lp, "tmpfs", [&](const json::object& t) {
    spec.tmpfs.push_back({str(t, "containerPath"), num(t, "size"), strings(t, "mountOptions")});
  });
  spec.shared_memory_size_mib = num(lp, "sharedMemorySize");
  each_object(lp, "devices", [&](const json::object& d) {
    spec.devices.push_back({str(d, "hostPath"), str(d, "containerPath"), strings(d, "permissions")});
  });
}

void read_ports(const json::object& def, std::string_view network_mode, runtime::ContainerSpec& spec) {
  each_object(def, "portMappings", [&](const json::object& p) {
    runtime::PortSpec port;
    port.container_port = static_cast<int>(num(p, "containerPort"));
    if (port.container_port <= 0) {
      return;  // a containerPortRange alone: not mapped
    }
    port.host_port = network_mode == "bridge" ? static_cast<int>(num(p, "hostPort")) : port.container_port;
    port.protocol = str(p, "protocol").empty() ? "tcp" : str(p, "protocol");
    spec.ports.push_back(port);
  });
}

// Docker's size strings ("1m", "512k", "2g", "100"), powers of 1024; 0 when unreadable.
std::size_t docker_size(std::string_view text) {
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p == text.data()) {
    return 0;
  }
  std::string unit(p, text.data() + text.size());
  for (auto& c : unit) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (unit.empty() || unit == "b") {
    return n;
  }
  if (unit == "k" || unit == "kb" || unit == "kib") {
    return n << 10;
  }
  if (unit == "m" || unit == "mb" || unit == "mib") {
    return n << 20;
  }
  if (unit == "g" || unit == "gb" || unit == "gib") {
    return n << 30;
  }
  return 0;
}

std::optional<runtime::AwsLogsSpec> awslogs_of(const json::object& def) {
  const json::object* log = object_member(def, "logConfiguration");
  if (log == nullptr || str(*log, "logDriver") != "awslogs") {
    return std::nullopt;
  }
  runtime::AwsLogsSpec out;
  if (const json::object* options = object_member(*log, "options")) {
    out.group = str(*options, "awslogs-group");
    out.region = str(*options, "awslogs-region");
    out.stream_prefix = str(*options, "awslogs-stream-prefix");
    out.create_group = str(*options, "awslogs-create-group") == "true";
    out.non_blocking = str(*options, "mode") == "non-blocking";
    out.max_buffer_size = docker_size(str(*options, "max-buffer-size"));
    out.datetime_format = str(*options, "awslogs-datetime-format");
    out.multiline_pattern = str(*options, "awslogs-multiline-pattern");
  }
  return out;
}

}  // namespace

runtime::ContainerSpec container_spec_of(const json::object& def, const json::object* override,
                                         std::string_view network_mode) {
  runtime::ContainerSpec spec;
  spec.name = str(def, "name");
  spec.image = str(def, "image");
  spec.entry_point = strings(def, "entryPoint");
  spec.command = strings(def, "command");
  merge_environment(spec.environment, def);
  spec.essential = aws::bool_member(def, "essential", true);
  spec.cpu = num(def, "cpu");
  spec.memory = num(def, "memory");
  spec.memory_reservation = num(def, "memoryReservation");
  spec.stop_timeout_seconds = seconds(def, "stopTimeout", 30);
  spec.start_timeout_seconds = seconds(def, "startTimeout", 0);
  spec.working_directory = str(def, "workingDirectory");
  spec.user = str(def, "user");
  spec.hostname = str(def, "hostname");
  spec.links = strings(def, "links");
  spec.dns_servers = strings(def, "dnsServers");
  spec.dns_search_domains = strings(def, "dnsSearchDomains");
  spec.security_options = strings(def, "dockerSecurityOptions");
  spec.readonly_root_filesystem = aws::bool_member(def, "readonlyRootFilesystem");
  spec.privileged = aws::bool_member(def, "privileged");
  spec.interactive = aws::bool_member(def, "interactive");
  spec.pseudo_terminal = aws::bool_member(def, "pseudoTerminal");
  spec.disable_networking = aws::bool_member(def, "disableNetworking");
  read_ports(def, network_mode, spec);
  each_object(def, "dependsOn", [&](const json::object& d) {
    spec.depends_on.push_back({str(d, "containerName"), str(d, "condition")});
  });
  if (const auto* hc = object_member(def, "healthCheck")) {
    runtime::HealthCheckSpec h;
    h.command = strings(*hc, "command");
    h.interval_seconds = seconds(*hc, "interval", 30);
    h.timeout_seconds = seconds(*hc, "timeout", 5);
    h.retries = seconds(*hc, "retries", 3);
    h.start_period_seconds = seconds(*hc, "startPeriod", 0);
    spec.health_check = std::move(h);
  }
  each_object(def, "extraHosts",
              [&](const json::object& h) { spec.extra_hosts.emplace_back(str(h, "hostname"), str(h, "ipAddress")); });
  each_object(def, "ulimits", [&](const json::object& u) {
    spec.ulimits.push_back({str(u, "name"), num(u, "softLimit"), num(u, "hardLimit")});
  });
  each_object(def, "systemControls",
              [&](const json::object& s) { spec.sysctls.emplace_back(str(s, "namespace"), str(s, "value")); });
  if (const auto* lp = object_member(def, "linuxParameters")) {
    read_linux_parameters(*lp, spec);
  }
  each_object(def, "mountPoints", [&](const json::object& m) {
    spec.mount_points.push_back({str(m, "sourceVolume"), str(m, "containerPath"), aws::bool_member(m, "readOnly")});
  });
  each_object(def, "volumesFrom", [&](const json::object& v) {
    spec.volumes_from.push_back({str(v, "sourceContainer"), aws::bool_member(v, "readOnly")});
  });
  if (const auto* labels = object_member(def, "dockerLabels")) {
    for (const auto& [k, v] : *labels) {
      if (v.is_string()) {
        spec.labels[std::string(k)] = std::string(v.as_string());
      }
    }
  }
  spec.awslogs = awslogs_of(def);
  if (override != nullptr) {
    if (override->contains("command")) {
      spec.command = strings(*override, "command");
    }
    merge_environment(spec.environment, *override);
    spec.cpu = num(*override, "cpu", spec.cpu);
    spec.memory = num(*override, "memory", spec.memory);
    spec.memory_reservation = num(*override, "memoryReservation", spec.memory_reservation);
  }
  return spec;
}

runtime::VolumeSpec volume_spec_of(const json::object& volume) {
  runtime::VolumeSpec v;
  v.name = str(volume, "name");
  if (const auto* host = object_member(volume, "host"); host != nullptr && !str(*host, "sourcePath").empty()) {
    v.kind = runtime::VolumeSpec::Kind::Host;
    v.source_path = str(*host, "sourcePath");
  } else if (const auto* dv = object_member(volume, "dockerVolumeConfiguration")) {
    v.kind = runtime::VolumeSpec::Kind::Docker;
    v.scope = str(*dv, "scope").empty() ? "task" : str(*dv, "scope");
    v.autoprovision = aws::bool_member(*dv, "autoprovision");
    v.driver = str(*dv, "driver");
    for (const char* key : {"driverOpts", "labels"}) {
      if (const auto* m = object_member(*dv, key)) {
        auto& to = std::string_view(key) == "labels" ? v.labels : v.driver_opts;
        for (const auto& [k, val] : *m) {
          if (val.is_string()) {
            to[std::string(k)] = std::string(val.as_string());
          }
        }
      }
    }
  }
  return v;
}

std::int64_t task_size_of(std::string_view text, std::string_view unit) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
      s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
      s.remove_suffix(1);
    }
    return s;
  };
  text = trim(text);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || value < 0 || value > 1e9) {
    return 0;
  }
  std::string rest(trim(std::string_view(end, static_cast<std::size_t>(text.data() + text.size() - end))));
  std::transform(rest.begin(), rest.end(), rest.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (rest.empty()) {
    return static_cast<std::int64_t>(value);
  }
  if (rest == unit) {
    return static_cast<std::int64_t>(value * 1024);
  }
  return 0;
}

}  // namespace ecsemu::sched
