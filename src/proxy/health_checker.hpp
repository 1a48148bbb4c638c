#pragma once

// Target health checks as ELBv2 runs them: per target of each target group with checks enabled, an HTTP GET of
// the path (or a TCP connect) every interval, counted against the healthy and unhealthy thresholds. Verdict
// changes go to the routing table (the target's HealthCell) and, as reports, to the HealthSink.

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "proxy/plane_core.hpp"

namespace ecsemu::proxy {

struct CheckOutcome {
  bool passed = false;
  std::string reason;       // Target.ResponseCodeMismatch, Target.Timeout, Target.FailedHealthChecks
  std::string description;  // ALB's text for the reason
};

// One check of endpoint: HTTP (GET config.path, status against config.matcher) or a TCP connect for the other
// protocols. Never throws.
boost::asio::awaitable<CheckOutcome> check_once(const HealthCheckConfig& config,
                                                boost::asio::ip::tcp::endpoint endpoint,
                                                std::chrono::milliseconds timeout);

// Checks one target until its cell stops, the target leaves the published state or the plane stops. Run it on
// the cell's strand.
boost::asio::awaitable<void> run_health_checks(std::shared_ptr<PlaneCore> core, std::shared_ptr<HealthCell> cell,
                                               std::string group_arn, std::string target_id, int port);

}  // namespace ecsemu::proxy
