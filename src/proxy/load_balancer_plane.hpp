#pragma once

// The load-balancer data plane (DESIGN.md 6): one socket per listener port, HTTP relayed to targets by the
// listener's rules, health checks per target group. It reads only published Snapshots and reports health
// through a HealthSink; it never touches World.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "proxy/lb_snapshot.hpp"

namespace ecsemu::proxy {

struct PlaneOptions {
  std::string bind_host = "127.0.0.1";      // --elb-host
  int port_offset = 0;                      // --elb-port-offset: a listener on port P binds P + offset
  std::string instance_host = "127.0.0.1";  // --publish-host: where instance targets' host ports are published
  double time_scale = 1.0;                  // --time-scale: health-check interval and timeout are multiplied by it
  // ALB's idle timeout (60 s): how long a client connection may wait for its next request and a target for
  // its response before the load balancer answers 504.
  std::chrono::milliseconds idle_timeout{60000};
};

class LoadBalancerPlane {
 public:
  LoadBalancerPlane(boost::asio::any_io_executor executor, PlaneOptions options, HealthSink sink);
  ~LoadBalancerPlane();
  LoadBalancerPlane(const LoadBalancerPlane&) = delete;
  LoadBalancerPlane& operator=(const LoadBalancerPlane&) = delete;

  // Replaces the configuration: binds new listener ports, closes removed ones, starts and stops health checks.
  // Thread-safe; called from the state strand after every change.
  void publish(std::shared_ptr<const Snapshot> snapshot);
  // Closes every listener socket and stops every health check (shutdown).
  void stop();
  // The port a listener is bound to; 0 when it is unknown or its bind failed.
  std::uint16_t bound_port(const std::string& listener_arn) const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ecsemu::proxy
