#include <catch2/catch.hpp>

#include "fake_runtime.hpp"

#include "config.hpp"
#include "runtime/simulated_runtime.hpp"
#include "sched/task_reconciler.hpp"
#include "services/ec2/ec2_network_model.hpp"
#include "services/ec2/ec2_state.hpp"
#include "services/ecs/ecs_model.hpp"
#include "state/world.hpp"

#include <boost/asio/io_context.hpp>

using namespace ecsemu;
using runtime::Observation;
using runtime::ObservationKind;

namespace {

using FakeRuntime = testing::FakeRuntime;

struct Fixture {
  state::World world;
  FakeRuntime fake;
  sched::ManualClock clock;
  sched::TaskReconciler reconciler{world, fake, clock};
  ecs::EcsState& state = world.region("123456789012", "us-east-1").ecs;

  ecs::Task& add_task(std::string id = "0123456789abcdef0123456789abcdef") {
    ecs::Task t;
    t.id = id;
    t.arn = ecs::task_arn("us-east-1", "123456789012", "default", id);
    t.cluster_arn = "arn:aws:ecs:us-east-1:123456789012:cluster/default";
    t.family = "web";
    t.revision = 3;
    t.container_definitions = boost::json::array{
        boost::json::object{{"name", "app"}, {"image", "nginx"}, {"essential", true}, {"stopTimeout", 5}},
        boost::json::object{{"name", "side"}, {"image", "busybox"}, {"essential", false}}};
    t.overrides = boost::json::object{
        {"containerOverrides",
         boost::json::array{boost::json::object{{"name", "app"}, {"command", boost::json::array{"run", "fast"}}}}}};
    for (const char* name : {"app", "side"}) {
      ecs::TaskContainer c;
      c.name = name;
      c.essential = std::string(name) == "app";
      t.containers.push_back(c);
    }
    return ecs::insert_task(state.tasks, std::move(t));
  }

  void observe(const ecs::Task& task, ObservationKind kind, std::string container = {}, std::optional<int> code = {},
               std::string runtime_id = {}) {
    Observation o;
    o.plan = {task.arn, task.generation};
    o.kind = kind;
    o.container_name = std::move(container);
    o.exit_code = code;
    o.runtime_id = std::move(runtime_id);
    reconciler.apply(o);
  }

  void run_to_running(ecs::Task& task) {
    reconciler.reconcile(state);
    observe(task, ObservationKind::PullStarted);
    observe(task, ObservationKind::PullStopped);
    observe(task, ObservationKind::ContainerStarted, "app", {}, "c1");
    observe(task, ObservationKind::ContainerStarted, "side", {}, "c2");
  }
};

}  // namespace

TEST_CASE("The status mapping covers every internal state", "[sched][ecs]") {
  using ecs::TaskState;
  CHECK(std::string(ecs::last_status_of(TaskState::Provisioning)) == "PROVISIONING");
  CHECK(std::string(ecs::last_status_of(TaskState::Pending)) == "PENDING");
  CHECK(std::string(ecs::last_status_of(TaskState::Activating)) == "ACTIVATING");
  CHECK(std::string(ecs::last_status_of(TaskState::Running)) == "RUNNING");
  CHECK(std::string(ecs::last_status_of(TaskState::Deactivating)) == "DEACTIVATING");
  CHECK(std::string(ecs::last_status_of(TaskState::Stopping)) == "STOPPING");
  CHECK(std::string(ecs::last_status_of(TaskState::Deprovisioning)) == "DEPROVISIONING");
  CHECK(std::string(ecs::last_status_of(TaskState::Stopped)) == "STOPPED");
}

TEST_CASE("A provisioning task is started once with its overrides applied", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.reconciler.reconcile(f.state);
  f.reconciler.reconcile(f.state);
  REQUIRE(f.fake.starts.size() == 1);
  const auto& launch = f.fake.starts[0];
  CHECK(launch.plan.task_arn == task.arn);
  CHECK(launch.plan.generation == task.generation);
  REQUIRE(launch.containers.size() == 2);
  CHECK(launch.containers[0].command == std::vector<std::string>{"run", "fast"});
  CHECK(launch.containers[0].stop_timeout_seconds == 5);
  CHECK(launch.containers[1].stop_timeout_seconds == 30);
  CHECK_FALSE(launch.containers[1].essential);
  CHECK(launch.containers[0].labels.at("com.amazonaws.ecs.task-definition-version") == "3");
  CHECK(launch.containers[0].labels.at("com.amazonaws.ecs.task-arn") == task.arn);
  // Planning alone changes no status: only observations do.
  CHECK(task.last_status == "PROVISIONING");
}

TEST_CASE("An awsvpc task's launch carries its ENI's VPC, the VPC's block and the ENI's address", "[sched][ecs]") {
  Fixture f;
  ec2::NetworkState& net = ec2::ensure_defaults(f.world.region("123456789012", "us-east-1").ec2, "us-east-1");
  const ec2::Subnet& subnet = net.subnets.begin()->second;
  ec2::NetworkInterface& eni = ec2::create_network_interface(net, subnet.id, {}, "task", "interface");
  ecs::Task& task = f.add_task();
  task.network_mode = "awsvpc";
  task.eni = ecs::TaskEni{};
  task.eni->subnet_id = subnet.id;
  task.eni->eni_id = eni.id;
  task.eni->private_ip = eni.private_ip;
  ecs::Task& orphan = f.add_task("fedcba9876543210fedcba9876543210");
  orphan.network_mode = "awsvpc";
  orphan.eni = ecs::TaskEni{};
  orphan.eni->subnet_id = "subnet-gone";
  orphan.eni->private_ip = "10.0.0.9";
  f.reconciler.reconcile(f.state);
  REQUIRE(f.fake.starts.size() == 2);
  for (const auto& launch : f.fake.starts) {
    if (launch.plan.task_arn == task.arn) {
      REQUIRE(launch.awsvpc);
      CHECK(launch.awsvpc->vpc_id == subnet.vpc_id);
      CHECK(launch.awsvpc->vpc_cidr == "172.31.0.0/16");
      CHECK(launch.awsvpc->private_ip == eni.private_ip);
    } else {
      CHECK_FALSE(launch.awsvpc);  // its subnet is gone from the EC2 model: nothing to place it in
    }
  }
}

TEST_CASE("Observations move a task to RUNNING with timestamps", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.reconciler.reconcile(f.state);
  f.observe(task, ObservationKind::PullStarted);
  CHECK(task.last_status == "PENDING");
  CHECK(task.pull_started_at == Approx(1700000000));
  CHECK(task.connectivity == "CONNECTED");
  f.clock.advance(std::chrono::seconds(2));
  f.observe(task, ObservationKind::PullStopped);
  CHECK(task.pull_stopped_at == Approx(1700000002));
  f.observe(task, ObservationKind::ContainerStarted, "app", {}, "c1");
  CHECK(task.last_status == "PENDING");  // one container still to start
  f.observe(task, ObservationKind::ContainerStarted, "side", {}, "c2");
  CHECK(task.last_status == "RUNNING");
  CHECK(task.started_at == Approx(1700000002));
  CHECK(task.containers[0].runtime_id == "c1");
  CHECK(task.containers[0].last_status == "RUNNING");
}

TEST_CASE("StopTask's desired state leads to a stop plan and STOPPED from the runtime's report", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.run_to_running(task);
  ecs::request_stop(task, "UserInitiated", "bye");
  f.reconciler.reconcile(f.state);
  REQUIRE(f.fake.stops.size() == 1);
  CHECK(f.fake.stops[0].generation == task.generation);
  CHECK(task.last_status == "RUNNING");
  f.clock.advance(std::chrono::seconds(1));
  f.observe(task, ObservationKind::StopSignalled);
  CHECK(task.last_status == "STOPPING");
  CHECK(task.stopping_at == Approx(1700000001));
  f.observe(task, ObservationKind::ContainerExited, "app", 0);
  f.observe(task, ObservationKind::ContainerExited, "side", 143);
  f.clock.advance(std::chrono::seconds(1));
  f.observe(task, ObservationKind::TaskStopped);
  CHECK(task.last_status == "STOPPED");
  CHECK(task.stop_code == "UserInitiated");
  CHECK(task.stopped_reason == "bye");
  CHECK(task.containers[1].exit_code == 143);
  CHECK(task.execution_stopped_at == Approx(1700000002));
  CHECK(task.stopped_at == Approx(1700000002));
  f.reconciler.reconcile(f.state);
  CHECK(f.fake.stops.size() == 1);
}

TEST_CASE("An essential container's exit stops the task", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.run_to_running(task);
  f.observe(task, ObservationKind::ContainerExited, "app", 3);
  CHECK(task.desired_status == "STOPPED");
  CHECK(task.stop_code == "EssentialContainerExited");
  CHECK(task.stopped_reason == "Essential container in task exited");
  REQUIRE(f.fake.stops.size() == 1);
  CHECK(task.containers[0].exit_code == 3);
}

TEST_CASE("A non-essential container's exit leaves the task running", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.run_to_running(task);
  f.observe(task, ObservationKind::ContainerExited, "side", 1);
  CHECK(task.desired_status == "RUNNING");
  CHECK(task.last_status == "RUNNING");
  CHECK(f.fake.stops.empty());
}

TEST_CASE("A failed pull stops the task with TaskFailedToStart", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.reconciler.reconcile(f.state);
  f.observe(task, ObservationKind::PullStarted);
  Observation o;
  o.plan = {task.arn, task.generation};
  o.kind = ObservationKind::PullFailed;
  o.container_name = "app";
  o.reason = "pull access denied";
  f.reconciler.apply(o);
  CHECK(task.stop_code == "TaskFailedToStart");
  CHECK(task.stopped_reason == "CannotPullContainerError: pull access denied");
  CHECK(task.containers[0].reason == "CannotPullContainerError: pull access denied");
  CHECK(f.fake.stops.size() == 1);
}

TEST_CASE("Observations for a superseded plan or a vanished task are dropped", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.reconciler.reconcile(f.state);
  const auto start_generation = task.generation;
  ecs::request_stop(task, "UserInitiated", "early");
  f.reconciler.reconcile(f.state);
  CHECK(task.generation > start_generation);
  Observation late;
  late.plan = {task.arn, start_generation};
  late.kind = ObservationKind::ContainerStarted;
  late.container_name = "app";
  late.runtime_id = "late";
  f.reconciler.apply(late);
  CHECK(task.containers[0].runtime_id.empty());
  CHECK(task.last_status == "PROVISIONING");
  Observation stray;
  stray.plan = {ecs::task_arn("us-east-1", "123456789012", "default", "ffffffffffffffffffffffffffffffff"), 1};
  stray.kind = ObservationKind::TaskStopped;
  f.reconciler.apply(stray);  // no crash, nothing created
  Observation other_region;
  other_region.plan = {ecs::task_arn("eu-west-1", "123456789012", "default", task.id), task.generation};
  f.reconciler.apply(other_region);
  CHECK(f.world.region_count() == 1);
  CHECK(task.last_status == "PROVISIONING");
}

TEST_CASE("Stopped tasks are swept after an hour", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.add_task("11111111111111111111111111111111");
  f.run_to_running(task);
  ecs::request_stop(task, "UserInitiated", "bye");
  f.reconciler.reconcile(f.state);
  f.observe(task, ObservationKind::TaskStopped);
  f.clock.advance(std::chrono::minutes(59));
  f.reconciler.sweep();
  CHECK(f.state.tasks.tasks.size() == 2);
  f.clock.advance(std::chrono::minutes(1));
  f.reconciler.sweep();
  CHECK(f.state.tasks.tasks.size() == 1);
  CHECK(f.state.tasks.tasks.count("11111111111111111111111111111111") == 1);
}

TEST_CASE("The simulated runtime reports asynchronously and exits 0 after a stop", "[sched][ecs]") {
  boost::asio::io_context io;
  std::vector<Observation> seen;
  runtime::SimulatedRuntime sim(io.get_executor(), [&](Observation o) { seen.push_back(std::move(o)); });
  runtime::TaskLaunch launch;
  launch.plan = {"arn:aws:ecs:us-east-1:123456789012:task/default/abc", 1};
  runtime::ContainerSpec app;
  app.name = "app";
  launch.containers.push_back(app);
  sim.start_task(launch);
  CHECK(seen.empty());  // never synchronously
  io.run();
  io.restart();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].kind == ObservationKind::PullStarted);
  CHECK(seen[2].kind == ObservationKind::ContainerStarted);
  CHECK(seen[2].runtime_id.size() == 64);
  seen.clear();
  sim.stop_task({launch.plan.task_arn, 2});
  CHECK(seen.empty());
  io.run();
  io.restart();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].kind == ObservationKind::StopSignalled);
  CHECK(seen[1].kind == ObservationKind::ContainerExited);
  CHECK(seen[1].exit_code == 0);
  CHECK(seen[1].plan.generation == 2);
  CHECK(seen[2].kind == ObservationKind::TaskStopped);
}

TEST_CASE("A simulated container whose command exits reports its exit code", "[sched][ecs]") {
  runtime::ContainerSpec c;
  CHECK_FALSE(runtime::simulated_exit_code(c));
  c.command = {"sh", "-c", "exit 3"};
  CHECK(runtime::simulated_exit_code(c) == 3);
  c.command = {"exit", "7"};
  CHECK(runtime::simulated_exit_code(c) == 7);
  c.command = {"sh", "-c", "exit nope"};
  CHECK_FALSE(runtime::simulated_exit_code(c));
  c.command = {"sleep", "3600"};
  CHECK_FALSE(runtime::simulated_exit_code(c));

  boost::asio::io_context io;
  std::vector<Observation> seen;
  runtime::SimulatedRuntime sim(io.get_executor(), [&](Observation o) { seen.push_back(std::move(o)); });
  runtime::TaskLaunch launch;
  launch.plan = {"arn:aws:ecs:us-east-1:123456789012:task/default/abc", 1};
  c.name = "job";
  c.command = {"sh", "-c", "exit 4"};
  launch.containers.push_back(c);
  sim.start_task(launch);
  io.run();
  REQUIRE(seen.size() == 4);
  CHECK(seen[3].kind == ObservationKind::ContainerExited);
  CHECK(seen[3].exit_code == 4);
}

TEST_CASE("The runtime flag defaults to docker and refuses unknown runtimes", "[sched][ecs]") {
  auto parsed = parse_args({}, {});
  REQUIRE(parsed.config);
  CHECK(parsed.config->runtime == "docker");
  CHECK(parse_args({"--runtime", "simulated"}, {}).config->runtime == "simulated");
  CHECK(parse_args({}, {"ECSEMU_RUNTIME=simulated"}).config->runtime == "simulated");
  auto bad = parse_args({"--runtime", "podman"}, {});
  CHECK_FALSE(bad.config);
  CHECK(bad.exit_code == 2);
  CHECK(parse_args({}, {"ECSEMU_RUNTIME=docker"}).config->runtime == "docker");
  CHECK(help_text().find("--runtime") != std::string::npos);
}

TEST_CASE("After a restart a runtime that can adopt takes over the running task's containers under its plan",
          "[sched][ecs][state]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.run_to_running(task);
  REQUIRE(task.last_status == "RUNNING");
  const std::uint64_t generation = task.generation;
  f.fake.can_adopt = true;
  f.reconciler.resume_restored(f.state);
  REQUIRE(f.fake.adoptions.size() == 1);
  CHECK(f.fake.adoptions[0].plan.task_arn == task.arn);
  CHECK(f.fake.adoptions[0].plan.generation == generation);
  CHECK(f.fake.adoptions[0].containers.size() == 2);
  CHECK(task.desired_status == "RUNNING");
  CHECK(f.fake.stops.empty());
  CHECK(f.fake.starts.size() == 1);  // the original start only
  // Its containers' reports under the old plan still count, and an exit stops it as any would.
  f.observe(task, ObservationKind::ContainerExited, "app", 137, "c1");
  CHECK(task.desired_status == "STOPPED");
  CHECK(task.stop_code == "EssentialContainerExited");
  // New plans are numbered after every restored one.
  ecs::Task& fresh = f.add_task("fedcba9876543210fedcba9876543210");
  f.reconciler.reconcile(f.state);
  CHECK(fresh.generation > generation);
}

TEST_CASE("After a restart a runtime that cannot adopt has the running task stopped, saying why",
          "[sched][ecs][state]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.run_to_running(task);
  f.reconciler.resume_restored(f.state);
  CHECK(f.fake.adoptions.empty());
  CHECK(task.desired_status == "STOPPED");
  CHECK(task.stop_code == "EssentialContainerExited");
  CHECK(task.stopped_reason.find("ecsemu restarted") != std::string::npos);
  REQUIRE(f.fake.stops.size() == 1);
  CHECK(f.fake.stops[0].task_arn == task.arn);
}

TEST_CASE("After a restart a task that was never launched is started as usual, not adopted", "[sched][ecs][state]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.fake.can_adopt = true;
  f.reconciler.resume_restored(f.state);
  CHECK(f.fake.adoptions.empty());
  REQUIRE(f.fake.starts.size() == 1);
  CHECK(f.fake.starts[0].plan.task_arn == task.arn);
  CHECK(task.desired_status == "RUNNING");
}
