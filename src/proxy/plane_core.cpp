#include "proxy/plane_core.hpp"

#include <cmath>

#include <fmt/format.h>

#include "proxy/rule_match.hpp"

namespace ecsemu::proxy {

const GroupState* PlaneState::group(const std::string& arn) const {
  auto it = groups.find(arn);
  return it == groups.end() ? nullptr : &it->second;
}

const ListenerConfig* PlaneState::listener_for(std::uint16_t port, std::string_view host) const {
  auto it = ports.find(port);
  if (it == ports.end() || it->second.listeners.empty()) {
    return nullptr;
  }
  const auto& listeners = it->second.listeners;
  if (listeners.size() > 1) {
    for (const ListenerConfig* listener : listeners) {
      if (iequals(listener->dns_name, host)) {
        return listener;
      }
    }
  }
  return listeners.front();
}

int pick_target(const GroupState& group) {
  const std::size_t count = group.endpoints.size();
  if (count == 0) {
    return -1;
  }
  std::size_t healthy = 0;
  for (const auto& cell : group.health) {
    if (cell && cell->state.load(std::memory_order_relaxed) == static_cast<int>(TargetHealth::Healthy)) {
      ++healthy;
    }
  }
  std::uint64_t turn = group.next->fetch_add(1, std::memory_order_relaxed);
  if (healthy == 0) {
    return static_cast<int>(turn % count);  // fail open: every target
  }
  std::size_t wanted = turn % healthy;
  for (std::size_t i = 0; i < count; ++i) {
    const auto& cell = group.health[i];
    if (cell && cell->state.load(std::memory_order_relaxed) == static_cast<int>(TargetHealth::Healthy)) {
      if (wanted == 0) {
        return static_cast<int>(i);
      }
      --wanted;
    }
  }
  return static_cast<int>(turn % count);  // a verdict changed while counting
}

std::uint64_t PlaneCore::add_connection(std::weak_ptr<Closable> connection) {
  std::lock_guard lock(connections_mutex_);
  std::uint64_t id = ++next_connection_id_;
  connections_.emplace(id, std::move(connection));
  return id;
}

void PlaneCore::remove_connection(std::uint64_t id) {
  std::lock_guard lock(connections_mutex_);
  connections_.erase(id);
}

void PlaneCore::close_connections() {
  std::vector<std::shared_ptr<Closable>> live;
  {
    std::lock_guard lock(connections_mutex_);
    for (auto& [id, weak] : connections_) {
      if (auto connection = weak.lock()) {
        live.push_back(std::move(connection));
      }
    }
  }
  for (auto& connection : live) {
    connection->close_async();
  }
}

void PlaneCore::report(const HealthCell& cell, TargetHealthReport report) {
  std::lock_guard lock(sink_mutex_);
  if (stopped.load() || cell.stopped.load() || !sink_) {
    return;
  }
  std::vector<TargetHealthReport> reports;
  reports.push_back(std::move(report));
  sink_(std::move(reports));
}

void PlaneCore::mark_stopped() {
  std::lock_guard lock(sink_mutex_);
  stopped = true;
}

std::chrono::milliseconds scaled(std::chrono::milliseconds configured, double time_scale,
                                 std::chrono::milliseconds floor) {
  auto value = std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(configured.count() * time_scale)));
  return value < floor ? floor : value;
}

std::string error_page(int status, std::string_view reason) {
  return fmt::format(
      "<html>\r\n<head><title>{0} {1}</title></head>\r\n<body>\r\n<center><h1>{0} {1}</h1></center>\r\n</body>\r\n"
      "</html>\r\n",
      status, reason);
}

}  // namespace ecsemu::proxy
