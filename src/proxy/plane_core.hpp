#pragma once

// The state the data plane's parts share (listener sockets, HTTP and TCP relays, health checks): the current
// routing state built from the published Snapshot, the per-target health table, the upstream connection pool
// and the registry of live connections that stop() closes.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "proxy/lb_snapshot.hpp"
#include "proxy/load_balancer_plane.hpp"
#include "proxy/upstream_pool.hpp"

namespace ecsemu::proxy {

enum class TargetHealth : int { Initial = 0, Healthy = 1, Unhealthy = 2 };

// One target's health as the plane sees it; written by its health check, read by routing on any thread.
struct HealthCell {
  explicit HealthCell(boost::asio::any_io_executor executor)
      : strand(boost::asio::make_strand(executor)), timer(strand) {}
  std::atomic<int> state{static_cast<int>(TargetHealth::Initial)};
  std::atomic<bool> stopped{false};
  boost::asio::strand<boost::asio::any_io_executor> strand;  // the check runs here
  boost::asio::steady_timer timer;                           // the wait between checks (on the strand)
};

// A target group as routing needs it.
struct GroupState {
  const TargetGroupConfig* config = nullptr;
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;  // by target; port 0 when the address did not parse
  std::vector<std::shared_ptr<HealthCell>> health;        // by target; null when health checks are off
  std::shared_ptr<std::atomic<std::uint64_t>> next;       // round-robin position, kept across publishes
};

enum class PortMode { Http, Tcp };

struct PortState {
  PortMode mode = PortMode::Http;
  std::vector<const ListenerConfig*> listeners;  // in snapshot order
};

// Everything one published Snapshot means for routing. Immutable once published.
struct PlaneState {
  std::shared_ptr<const Snapshot> snapshot;
  std::unordered_map<std::uint16_t, PortState> ports;  // by bound port
  std::unordered_map<std::string, GroupState> groups;  // by target group ARN

  const GroupState* group(const std::string& arn) const;
  // The listener on a bound port for a request's Host (without port): the one whose load balancer's DNS name it
  // is, else the first; nullptr when the port has no listener any more.
  const ListenerConfig* listener_for(std::uint16_t port, std::string_view host) const;
};

// A target index: healthy targets in turn; all targets in turn when none is healthy (fail open); -1 when the
// group has no target.
int pick_target(const GroupState& group);

// A connection stop() must close: close_async() posts the close to the connection's strand.
class Closable {
 public:
  virtual ~Closable() = default;
  virtual void close_async() = 0;
};

struct PlaneCore {
  PlaneCore(boost::asio::any_io_executor executor_in, PlaneOptions options_in, HealthSink sink_in)
      : executor(std::move(executor_in)), options(std::move(options_in)), sink_(std::move(sink_in)) {}

  boost::asio::any_io_executor executor;
  const PlaneOptions options;
  std::atomic<std::shared_ptr<const PlaneState>> state{std::make_shared<const PlaneState>()};
  UpstreamPool pool;
  std::atomic<bool> stopped{false};

  std::shared_ptr<const PlaneState> current() const { return state.load(std::memory_order_acquire); }

  // Live connections, closed by stop().
  std::uint64_t add_connection(std::weak_ptr<Closable> connection);
  void remove_connection(std::uint64_t id);
  void close_connections();

  // Calls the sink unless the plane has stopped (or the cell's check has); never after stop() returned.
  void report(const HealthCell& cell, TargetHealthReport report);
  void mark_stopped();

 private:
  std::mutex connections_mutex_;
  std::unordered_map<std::uint64_t, std::weak_ptr<Closable>> connections_;
  std::uint64_t next_connection_id_ = 0;
  std::mutex sink_mutex_;
  HealthSink sink_;
};

// Keeps a connection registered for its lifetime.
class ConnectionRegistration {
 public:
  ConnectionRegistration(PlaneCore& core, std::weak_ptr<Closable> connection)
      : core_(core), id_(core.add_connection(std::move(connection))) {}
  ~ConnectionRegistration() { core_.remove_connection(id_); }
  ConnectionRegistration(const ConnectionRegistration&) = delete;
  ConnectionRegistration& operator=(const ConnectionRegistration&) = delete;

 private:
  PlaneCore& core_;
  std::uint64_t id_;
};

// A configured duration times the plane's time scale, at least `floor`.
std::chrono::milliseconds scaled(std::chrono::milliseconds configured, double time_scale,
                                 std::chrono::milliseconds floor = std::chrono::milliseconds(1));

// The 502/503/504 page ALB answers with, and its fixed headers.
std::string error_page(int status, std::string_view reason);

}  // namespace ecsemu::proxy
