#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/value.hpp>

#include "ecsemu/runtime/container_runtime.hpp"
#include "runtime/docker_client.hpp"
#include "runtime/owner.hpp"

namespace ecsemu::runtime {

struct DockerRuntimeOptions {
  DockerEndpoint endpoint;
  std::string publish_host = "127.0.0.1";  // where published ports bind
  bool keep_stopped_containers = false;    // leave stopped tasks' containers for debugging
  std::chrono::milliseconds call_timeout{30000};
  std::chrono::milliseconds pull_timeout{600000};
  std::chrono::milliseconds resync_interval{5000};
  std::string state_dir;  // --state-dir (absolute), labelled on every container: its next start adopts them
};

// The labels that mark ecsemu's containers: kMarkerLabel holds the owning process's instance id, and the owner
// labels of owner.hpp its process (so a later ecsemu can tell a dead owner's containers from a live one's).
inline constexpr const char* kMarkerLabel = "ecsemu";
// The state dir (absolute path) of the ecsemu that created a container: only an ecsemu on that directory adopts or
// removes it, so that containers wait for their world's next start.
inline constexpr const char* kStateDirLabel = "ecsemu.state-dir";

// What start-up keeps of an earlier ecsemu's containers.
struct PrepareOptions {
  std::string state_dir;                 // this process's --state-dir (absolute), "" without one
  std::set<std::string> adopt_tasks;     // task ARNs whose containers (labelled with state_dir) are to be adopted
  std::set<std::string> adopt_networks;  // VPC networks (labelled with state_dir) of those tasks, kept for them
};

struct DockerStartup {
  std::string error;                 // empty when the engine answered
  std::string api_version;           // negotiated
  std::size_t removed = 0;           // containers left by an earlier ecsemu and removed
  std::size_t removed_networks = 0;  // VPC networks left by an earlier ecsemu and removed
  std::size_t kept = 0;              // containers kept for adoption (PrepareOptions::adopt_tasks)
};

// Blocking, for start-up only: the API version the engine at `endpoint` and ecsemu both speak (one request).
// Fills error and api_version.
DockerStartup negotiate_docker(const DockerEndpoint& endpoint, std::chrono::milliseconds timeout);
// Blocking, on a thread of its own while the server already answers: removes containers, then VPC networks, whose
// owning ecsemu process is gone. This process's own are kept (their owner is alive), so tasks may start meanwhile;
// but containers labelled with a state dir are the business of an ecsemu on that directory alone: this one keeps
// those of its own directory's adopt_tasks (and adopt_networks) and removes its directory's others (so with a
// state dir nothing is launched before this returns); another directory's it keeps while that directory exists.
DockerStartup clean_up_docker(const DockerEndpoint& endpoint, const std::string& api_version,
                              std::chrono::milliseconds timeout, const PrepareOptions& prepare = {});

// True when the process `pid` is alive and is an ecsemu.
bool ecsemu_process_alive(long pid);

// What `docker inspect` says about a container, reduced to what the task model needs.
struct InspectedContainer {
  bool running = false;
  std::optional<int> exit_code;
  bool oom_killed = false;
  std::string error;   // State.Error
  std::string health;  // healthy, unhealthy, starting or ""
  std::string ip_address;
  std::vector<NetworkBinding> bindings;
};
InspectedContainer parse_inspect(const boost::json::value& inspect);

// `--runtime docker`: each task's containers are real Docker containers (DESIGN.md 5). All work runs on the
// runtime's own strand as coroutines; the engine's event stream (re-opened when it drops) and a periodic
// inspect of every known container report exits and health.
class DockerRuntime final : public ContainerRuntime {
 public:
  DockerRuntime(boost::asio::any_io_executor executor, ObservationSink sink, DockerRuntimeOptions options,
                std::string api_version);
  ~DockerRuntime() override;

  const char* name() const override { return "docker"; }
  void start_task(TaskLaunch launch) override;
  void stop_task(PlanId plan) override;
  void stop_all(std::function<void()> done) override;
  // Adopts the task's containers (with --state-dir): an awsvpc task's pause container too, and its VPC network,
  // which this process then removes with the VPC's last task as if it had created it.
  bool adopt_task(const TaskLaunch& launch) override;

  // Opens the event stream and starts the periodic resync.
  void start();

 private:
  struct Box;
  struct RtTask;
  struct VpcNet;

  boost::asio::awaitable<void> run_start(std::shared_ptr<RtTask> task);
  boost::asio::awaitable<void> run_stop(PlanId plan);
  boost::asio::awaitable<void> run_adopt(std::shared_ptr<RtTask> task);
  boost::asio::awaitable<void> adopt_pause(std::shared_ptr<RtTask> task, const std::string& id);
  boost::asio::awaitable<void> run_stop_all(std::function<void()> done);
  boost::asio::awaitable<std::string> ensure_image(const std::string& image);
  boost::asio::awaitable<bool> start_in_order(std::shared_ptr<RtTask> task);
  boost::asio::awaitable<bool> start_pause(std::shared_ptr<RtTask> task);
  boost::asio::awaitable<bool> create_volumes(std::shared_ptr<RtTask> task);
  boost::asio::awaitable<void> remove_volumes(std::shared_ptr<RtTask> task);
  boost::asio::awaitable<std::string> ensure_pause_image();
  boost::asio::awaitable<bool> start_container(std::shared_ptr<RtTask> task, std::size_t index);
  boost::asio::awaitable<void> stop_container(std::shared_ptr<RtTask> task, std::size_t index);
  boost::asio::awaitable<void> observe_exit(std::shared_ptr<RtTask> task, std::size_t index);
  // awslogs (docker_runtime_logs.cpp): follows a started container's output through the logs API and reports it
  // as LogEvents; wait_logs returns once that output has all been reported (or nothing came for 10 s, or after 2 min).
  boost::asio::awaitable<void> pump_logs(std::shared_ptr<RtTask> task, std::size_t index);
  boost::asio::awaitable<void> wait_logs(std::shared_ptr<RtTask> task, std::size_t index);
  boost::asio::awaitable<void> remove_containers(std::shared_ptr<RtTask> task);
  boost::asio::awaitable<std::string> ensure_vpc_network(std::shared_ptr<RtTask> task);
  boost::asio::awaitable<std::string> create_vpc_network(const std::string& name, const std::string& cidr);
  boost::asio::awaitable<void> release_vpc_network(std::shared_ptr<RtTask> task);
  boost::asio::awaitable<void> remove_vpc_networks();
  boost::asio::awaitable<void> event_loop();
  boost::asio::awaitable<void> resync();
  void on_event(const boost::json::value& event);
  void schedule_resync();
  void report(Observation observation);
  std::map<std::string, std::string> owner_labels() const;

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  ObservationSink sink_;
  DockerRuntimeOptions options_;
  DockerClient client_;
  std::string instance_id_;
  std::map<std::string, std::shared_ptr<RtTask>> tasks_;         // by task ARN; touched only on strand_
  std::map<std::string, std::shared_ptr<VpcNet>> vpc_networks_;  // by VPC id; touched only on strand_
  boost::asio::steady_timer resync_timer_;
  bool started_ = false;
  // Adoptions under way: a VPC network is not created while one may still take over its VPC's (strand_ only).
  std::size_t adopting_ = 0;
  boost::asio::steady_timer adopted_;  // cancelled when adopting_ drops to 0
};

}  // namespace ecsemu::runtime
