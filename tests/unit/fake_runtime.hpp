#pragma once

// A ContainerRuntime for unit tests of the reconciler and the scheduler: it records the plans it is given and
// reports nothing; tests feed observations to the reconciler by hand. (The integration tests drive the real
// Docker runtime.)

#include <functional>
#include <utility>
#include <vector>

#include "ecsemu/runtime/container_runtime.hpp"

namespace ecsemu::testing {

class FakeRuntime : public runtime::ContainerRuntime {
 public:
  const char* name() const override { return "fake"; }
  void start_task(runtime::TaskLaunch launch) override { starts.push_back(std::move(launch)); }
  void stop_task(runtime::PlanId plan) override { stops.push_back(std::move(plan)); }
  void stop_all(std::function<void()> done) override { done(); }
  bool adopt_task(const runtime::TaskLaunch& launch) override {
    if (!can_adopt) {
      return false;
    }
    adoptions.push_back(launch);
    return true;
  }
  bool can_adopt = false;  // as the Docker runtime with a state dir
  std::vector<runtime::TaskLaunch> starts;
  std::vector<runtime::PlanId> stops;
  std::vector<runtime::TaskLaunch> adoptions;
};

}  // namespace ecsemu::testing
