#pragma once

#include <chrono>
#include <string>

#include "config.hpp"

namespace ecsemu {

struct HealthcheckResult {
  bool healthy = false;
  std::string message;  // one line: what answered, or why not
};

// `ecsemu --healthcheck`: GET /_ecsemu/health from the server `config` describes (an unspecified listen address,
// 0.0.0.0 or ::, is asked on the loopback), within `timeout`. Healthy when it answers 200 with status "running".
HealthcheckResult probe_health(const Config& config, std::chrono::milliseconds timeout);

}  // namespace ecsemu
