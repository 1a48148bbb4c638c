#pragma once

#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "aws/operation_registry.hpp"
#include "aws/pipeline.hpp"
#include "aws/service_catalog.hpp"
#include "config.hpp"
#include "ecsemu/auth/credential_store.hpp"
#include "ecsemu/clock.hpp"
#include "ecsemu/id_source.hpp"
#include "ecsemu/runtime/container_runtime.hpp"
#include "http/server.hpp"
#include "proxy/load_balancer_plane.hpp"
#include "runtime/docker_runtime.hpp"
#include "sched/clock.hpp"
#include "sched/service_scheduler.hpp"
#include "sched/task_reconciler.hpp"
#include "services/iam/iam_credentials.hpp"
#include "state/state_dir.hpp"
#include "state/world.hpp"
#include "taskmeta/inside_endpoint.hpp"
#include "taskmeta/instance_metadata_endpoint.hpp"

namespace ecsemu {

// Wires the emulator together: HTTP server -> control endpoints or the AWS pipeline -> World.
class App {
 public:
  explicit App(Config config);
  ~App();

  // Binds the listener (throws on failure) and returns the port actually bound.
  std::uint16_t listen();
  // Serves until SIGINT/SIGTERM, then finishes in-flight requests and returns.
  void run();

 private:
  boost::asio::awaitable<http::Response> route(http::Exchange& exchange);
  boost::asio::awaitable<http::Response> control(http::Exchange& exchange);
  // Binds the endpoint containers reach (API, task metadata) on 169.254.170.2, or the Docker bridge's gateway when
  // that address cannot be added, and tells the reconciler what containers get in their environment.
  void listen_inside(std::uint16_t port);
  // Binds the instance metadata service on 169.254.169.254:80 (added to lo); returns where tasks reach it instead
  // (the task endpoint's origin) when it cannot, "" when it can.
  std::string listen_instance_metadata(const std::string& inside_origin);
  boost::asio::awaitable<void> stop_runtime();  // stops every task the runtime runs
  void schedule_sweep();                        // removes long-stopped tasks once a minute
  void schedule_autoscaling();                  // keeps Auto Scaling groups at their desired capacity, each second
  void schedule_ec2_tick();                     // advances EC2 instance states (and their ECS registration)
  void schedule_resync();                       // the service scheduler's periodic pass
  void publish_load_balancers();                // hands the data plane a snapshot of every listener (state strand)
  // --state-dir: loads the saved world (before anything else acts on it) and makes every later change durable.
  void open_state_dir();
  void resume_restored_world();  // state strand: stops what lost its containers, kicks the controllers
  void schedule_checkpoint();    // every 200 ms, journals the regions observations changed
  void checkpoint_now();         // state strand: a snapshot of the whole world
  void commit_quietly(const std::string& account_id, const std::string& region);  // logs a failure
  void mark_dirty(const std::string& task_arn);  // its region changed by an observation
  // Connects to the Docker engine (throws when none answers) and cleans up after an earlier ecsemu.
  std::unique_ptr<runtime::ContainerRuntime> make_docker_runtime(runtime::ObservationSink sink);
  void start_docker_clean_up();

  Config config_;
  boost::asio::io_context io_;
  aws::ServiceCatalog catalog_;
  aws::OperationRegistry registry_;
  auth::CredentialStore credentials_;
  state::World world_;
  iam::WorldCredentialResolver issued_keys_{world_};  // IAM access keys and STS sessions, for the pipeline
  aws::StateStrand state_strand_;
  SystemClock clock_;
  std::unique_ptr<IdSource> ids_;
  std::unique_ptr<runtime::ContainerRuntime> runtime_;
  std::unique_ptr<sched::TaskReconciler> tasks_;
  std::unique_ptr<boost::asio::steady_timer> sweep_timer_;
  std::unique_ptr<boost::asio::steady_timer> ec2_timer_;
  std::unique_ptr<sched::ServiceScheduler> services_;
  std::unique_ptr<boost::asio::steady_timer> resync_timer_;
  std::unique_ptr<boost::asio::steady_timer> autoscaling_timer_;
  std::unique_ptr<proxy::LoadBalancerPlane> load_balancers_;
  std::unique_ptr<state::StateDir> state_dir_;  // null without --state-dir
  std::unique_ptr<boost::asio::steady_timer> checkpoint_timer_;
  std::set<std::pair<std::string, std::string>> dirty_regions_;  // (account, region) not journaled since a change
  bool all_dirty_ = false;  // health reports changed targets of any region (state strand)
  aws::Pipeline pipeline_;
  std::unique_ptr<http::Server> server_;
  std::optional<runtime::DockerEndpoint> docker_endpoint_;  // the Docker runtime's engine
  std::string docker_api_version_;
  // Left-overs of earlier ecsemus are removed after the listener is up (run()), on a thread of their own.
  std::optional<runtime::PrepareOptions> docker_clean_up_;
  std::thread docker_clean_up_thread_;
  std::unique_ptr<taskmeta::InsideEndpoint> inside_;
  std::unique_ptr<http::Server> inside_server_;       // the same routes on the address containers reach
  std::unique_ptr<http::Server> credentials_server_;  // 169.254.170.2:80, for the relative credentials URI
  std::string inside_address_;                        // 169.254.170.2 (when on lo) or the bridge gateway
  std::unique_ptr<taskmeta::InstanceMetadataEndpoint> imds_;
  std::unique_ptr<http::Server> imds_server_;  // 169.254.169.254:80: the instance metadata service alone
  bool imds_address_held_ = false;             // 169.254.169.254 is on lo and this process listens there
  boost::asio::signal_set signals_;            // registered before the port is bound, so no early signal is lost
  std::chrono::steady_clock::time_point started_;
};

}  // namespace ecsemu
