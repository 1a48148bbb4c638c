#pragma once

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/strand.hpp>

#include "ecsemu/runtime/container_runtime.hpp"

namespace ecsemu::runtime {

// `--runtime simulated`: runs tasks without containers, reporting the same observations a real runtime
// would, always asynchronously (posted to its own strand, never from inside the call). Containers "start" on
// the next turn and run until stopped, then exit with code 0. A container whose command ends in "exit N"
// (e.g. ["sh", "-c", "exit 3"]) exits by itself with code N right after starting, as its shell would; a
// container with a health check reports HEALTHY once started.
class SimulatedRuntime final : public ContainerRuntime {
 public:
  SimulatedRuntime(boost::asio::any_io_executor executor, ObservationSink sink);

  const char* name() const override { return "simulated"; }
  void start_task(TaskLaunch launch) override;
  void stop_task(PlanId plan) override;
  void stop_all(std::function<void()> done) override;

 private:
  struct SimContainer {
    std::string runtime_id;
    bool running = false;
    int exit_code = 0;
  };
  struct SimTask {
    std::map<std::string, SimContainer> containers;  // by name
  };

  void run_start(const TaskLaunch& launch);
  void run_stop(const PlanId& plan);
  void report(Observation observation);

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  ObservationSink sink_;
  std::map<std::string, SimTask> tasks_;  // by task ARN; touched only on strand_
  std::uint64_t next_id_ = 1;
  std::mt19937_64 rng_{std::random_device{}()};
};

// The exit code a simulated container's command asks for ("exit N" as its last word), if any.
std::optional<int> simulated_exit_code(const ContainerSpec& container);

}  // namespace ecsemu::runtime
