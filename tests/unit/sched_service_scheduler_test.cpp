#include <catch2/catch.hpp>

#include "fake_runtime.hpp"

#include <algorithm>
#include <chrono>

#include "config.hpp"
#include "sched/service_rules.hpp"
#include "sched/service_scheduler.hpp"
#include "sched/task_reconciler.hpp"
#include "services/ec2/ec2_network_model.hpp"
#include "services/ecs/ecs_model.hpp"
#include "state/world.hpp"

using namespace ecsemu;
using ecsemu::parse_args;
using runtime::Observation;
using runtime::ObservationKind;
using sched::RollingBounds;

namespace {

constexpr const char* kRegion = "us-east-1";
constexpr const char* kAccount = "123456789012";

using FakeRuntime = testing::FakeRuntime;

// A world with one cluster, one Fargate task definition and one service, a fake runtime driven by hand, and a
// manual clock.
struct Fixture {
  state::World world;
  FakeRuntime fake;
  sched::ManualClock clock;
  sched::TaskReconciler reconciler{world, fake, clock};
  sched::ServiceScheduler scheduler{world, reconciler, clock, 0.01};
  ecs::EcsState& state = world.region(kAccount, kRegion).ecs;
  std::string cluster_arn = "arn:aws:ecs:us-east-1:123456789012:cluster/default";
  // A default subnet of the region's EC2 model (service tasks get their ENIs there).
  std::string subnet = default_subnet();

  std::string default_subnet() {
    ec2::NetworkState& net = ec2::ensure_defaults(world.region(kAccount, kRegion).ec2, kRegion);
    for (const auto& [id, s] : net.subnets) {
      if (s.default_for_az) {
        return id;
      }
    }
    return {};
  }

  Fixture() {
    ecs::Cluster cluster;
    cluster.name = "default";
    cluster.arn = cluster_arn;
    state.clusters["default"] = cluster;
    reconciler.set_change_hook([this](ecs::EcsState& s, const ecs::Task&) { scheduler.request(s); });
  }

  double now() const { return sched::epoch_seconds(clock.now()); }

  std::string add_definition(const std::string& command_tail = {}) {
    ecs::TaskDefinition td;
    td.family = "web";
    boost::json::object app{{"name", "app"}, {"image", "busybox"}, {"essential", true}};
    if (!command_tail.empty()) {
      app["command"] = boost::json::array{"sh", "-c", command_tail};
    }
    td.spec = boost::json::object{{"family", "web"},
                                  {"networkMode", "awsvpc"},
                                  {"cpu", "256"},
                                  {"memory", "512"},
                                  {"containerDefinitions", boost::json::array{app}}};
    td.compatibilities = {"EC2", "FARGATE"};
    return state.task_definitions.add(std::move(td), kRegion, kAccount).arn;
  }

  ecs::LaunchSpec launch_of(const std::string& td_arn) {
    ecs::LaunchSpec l;
    l.task_definition_arn = td_arn;
    l.launch_type = "FARGATE";
    l.parameters["networkConfiguration"] =
        boost::json::object{{"awsvpcConfiguration", boost::json::object{{"subnets", boost::json::array{subnet}}}}};
    return l;
  }

  ecs::Service& add_service(int desired, int min_percent, int max_percent, bool breaker = false) {
    ecs::Service s;
    s.name = "svc";
    s.arn = ecs::service_arn(kRegion, kAccount, "default", "svc");
    s.cluster_arn = cluster_arn;
    s.desired_count = desired;
    s.launch = launch_of(add_definition());
    s.deployment_configuration =
        boost::json::object{{"minimumHealthyPercent", min_percent}, {"maximumPercent", max_percent}};
    if (breaker) {
      s.deployment_configuration["deploymentCircuitBreaker"] =
          boost::json::object{{"enable", true}, {"rollback", true}};
    }
    ecs::start_deployment(s, s.launch, now());
    return state.services.services[s.arn] = std::move(s);
  }

  ecs::Service& service() { return state.services.services.begin()->second; }

  // Plays the runtime: every start and stop asked so far is carried out, one observation at a time.
  void run_runtime(const std::function<void()>& after_each = {}) {
    for (int round = 0; !fake.starts.empty() || !fake.stops.empty(); ++round) {
      REQUIRE(round < 200);
      auto starts = std::move(fake.starts);
      auto stops = std::move(fake.stops);
      fake.starts.clear();
      fake.stops.clear();
      for (const auto& launch : starts) {
        observe(launch.plan, ObservationKind::PullStarted);
        for (const auto& c : launch.containers) {
          observe(launch.plan, ObservationKind::ContainerStarted, c.name);
          if (after_each) {
            after_each();
          }
          if (!c.command.empty() && c.command.back().rfind("exit", 0) == 0) {
            observe(launch.plan, ObservationKind::ContainerExited, c.name, 1);
          }
        }
      }
      for (const auto& plan : stops) {
        observe(plan, ObservationKind::StopSignalled);
        observe(plan, ObservationKind::TaskStopped);
        if (after_each) {
          after_each();
        }
      }
      clock.advance(std::chrono::seconds(1));
      scheduler.schedule(state);
    }
  }

  void observe(const runtime::PlanId& plan, ObservationKind kind, std::string container = {},
               std::optional<int> code = {}) {
    Observation o;
    o.plan = plan;
    o.kind = kind;
    o.container_name = std::move(container);
    o.exit_code = code;
    reconciler.apply(o);
  }

  int count(const std::function<bool(const ecs::Task&)>& pred) const {
    return static_cast<int>(std::count_if(state.tasks.tasks.begin(), state.tasks.tasks.end(),
                                          [&](const auto& kv) { return pred(kv.second); }));
  }
  int running() const {
    return count([](const ecs::Task& t) { return t.last_status == "RUNNING" && t.desired_status == "RUNNING"; });
  }
  int not_stopped() const {
    return count([](const ecs::Task& t) { return t.last_status != "STOPPED"; });
  }
};

}  // namespace

TEST_CASE("Rolling bounds round minimumHealthyPercent up and maximumPercent down", "[sched][unit]") {
  RollingBounds b = sched::rolling_bounds(3, 50, 200);
  CHECK(b.min_healthy == 2);
  CHECK(b.max_live == 6);
  b = sched::rolling_bounds(3, 100, 150);
  CHECK(b.min_healthy == 3);
  CHECK(b.max_live == 4);
  b = sched::rolling_bounds(5, 75, 125);
  CHECK(b.min_healthy == 4);
  CHECK(b.max_live == 6);
  b = sched::rolling_bounds(1, 0, 100);
  CHECK(b.min_healthy == 0);
  CHECK(b.max_live == 1);
  b = sched::rolling_bounds(0, 100, 200);
  CHECK(b.min_healthy == 0);
  CHECK(b.max_live == 0);
  b = sched::rolling_bounds(10, 33, 133);
  CHECK(b.min_healthy == 4);  // 3.3 up
  CHECK(b.max_live == 13);    // 13.3 down
}

TEST_CASE("A rolling step starts what is missing within maximumPercent and stops within minimumHealthyPercent",
          "[sched][unit]") {
  RollingBounds b = sched::rolling_bounds(4, 50, 150);  // min 2, max 6
  CHECK(sched::launch_allowance(4, 0, 4, b) == 2);      // 4 old running: room for 2 more
  CHECK(sched::launch_allowance(4, 2, 6, b) == 0);
  CHECK(sched::launch_allowance(4, 4, 4, b) == 0);
  CHECK(sched::launch_allowance(4, 1, 2, b) == 3);
  CHECK(sched::healthy_stop_allowance(4, b) == 2);
  CHECK(sched::healthy_stop_allowance(2, b) == 0);
  CHECK(sched::healthy_stop_allowance(1, b) == 0);
}

TEST_CASE("The restart throttle doubles from 5 seconds up to 27 minutes, scaled", "[sched][unit]") {
  CHECK(sched::restart_delay(0, 1.0) == 0);
  CHECK(sched::restart_delay(1, 1.0) == 5);
  CHECK(sched::restart_delay(2, 1.0) == 10);
  CHECK(sched::restart_delay(3, 1.0) == 20);
  CHECK(sched::restart_delay(9, 1.0) == 1280);
  CHECK(sched::restart_delay(10, 1.0) == 1620);
  CHECK(sched::restart_delay(1000, 1.0) == 1620);
  CHECK(sched::restart_delay(2, 0.01) == Approx(0.1));
}

TEST_CASE("The throttle counts start failures since the last task that ran long enough", "[sched][unit]") {
  using sched::TaskRecord;
  const double t0 = 1000;
  // Two quick failures: the next start waits 10 s after the last one.
  std::vector<TaskRecord> tasks{{t0, t0 + 1, true}, {0, t0 + 5, true}};
  auto s = sched::throttle_state(tasks, t0 + 6, 1.0);
  CHECK(s.failures == 2);
  CHECK(s.next_launch_at == t0 + 15);
  CHECK(s.streak_started == t0 + 1);
  // A task that ran 10 s ends the streak; failures before it no longer count.
  tasks.push_back({t0 + 20, 0, false});
  s = sched::throttle_state(tasks, t0 + 31, 1.0);
  CHECK(s.failures == 0);
  CHECK(s.next_launch_at == 0);
  // Stops the scheduler or a user asked for are not failures; long-running tasks that crash are not either.
  s = sched::throttle_state({{t0, t0 + 2, false}, {t0, t0 + 100, true}}, t0 + 200, 1.0);
  CHECK(s.failures == 0);
  // Scaled: 3 failures with scale 0.01 wait 0.2 s.
  s = sched::throttle_state({{t0, t0, true}, {t0, t0, true}, {t0, t0, true}}, t0, 0.01);
  CHECK(s.failures == 3);
  CHECK(s.next_launch_at == Approx(t0 + 0.2));
}

TEST_CASE("Scale-in takes tasks not yet running first, then balances zones and instances", "[sched][unit]") {
  using sched::StopCandidate;
  std::vector<StopCandidate> c{
      {"a1", "us-east-1a", "i1", true, false, 10},  {"a2", "us-east-1a", "i1", true, false, 20},
      {"a3", "us-east-1a", "i2", true, false, 30},  {"b1", "us-east-1b", "i3", true, false, 40},
      {"p1", "us-east-1b", "i3", false, false, 50}, {"x", "us-east-1a", "i1", true, true, 60}};
  auto order = sched::choose_scale_in(c, 3);
  REQUIRE(order.size() == 3);
  CHECK(order[0] == "p1");  // pending first
  CHECK(order[1] == "a2");  // zone a has 3 (x is protected): instance i1 has 2, newest of them
  CHECK(order[2] == "a3");  // zones a:2, b:1 -> a again; i1 and i2 have one each: the newest
}

TEST_CASE("Protected tasks are never chosen for scale-in", "[sched][unit]") {
  std::vector<sched::StopCandidate> c{{"x", "z", "i", true, true, 1}, {"y", "z", "i", true, false, 2}};
  auto order = sched::choose_scale_in(c, 2);
  REQUIRE(order.size() == 1);
  CHECK(order[0] == "y");
}

TEST_CASE("A replica service reaches its desired count and its deployment completes", "[sched][unit]") {
  Fixture f;
  f.add_service(3, 100, 200);
  f.scheduler.schedule(f.state);
  CHECK(f.fake.starts.size() == 3);
  f.run_runtime();
  CHECK(f.running() == 3);
  ecs::Service& s = f.service();
  REQUIRE(s.deployments.size() == 1);
  CHECK(s.deployments.front().rollout_state == "COMPLETED");
  CHECK(s.steady);
  bool started = std::any_of(s.events.begin(), s.events.end(), [](const ecs::ServiceEvent& e) {
    return e.message.rfind("(service svc) has started 3 tasks: (task ", 0) == 0;
  });
  CHECK(started);
}

TEST_CASE("A task that stops is replaced", "[sched][unit]") {
  Fixture f;
  f.add_service(2, 100, 200);
  f.scheduler.schedule(f.state);
  f.run_runtime();
  REQUIRE(f.running() == 2);
  ecs::Task& victim = f.state.tasks.tasks.begin()->second;
  std::string id = victim.id;
  ecs::request_stop(victim, "UserInitiated", "Task stopped by user");
  f.reconciler.reconcile(f.state);
  f.run_runtime();
  CHECK(f.state.tasks.tasks.at(id).last_status == "STOPPED");
  CHECK(f.running() == 2);
  CHECK(f.state.tasks.tasks.size() == 3);
}

TEST_CASE("Scaling in stops the extra tasks with ServiceSchedulerInitiated", "[sched][unit]") {
  Fixture f;
  f.add_service(3, 100, 200);
  f.scheduler.schedule(f.state);
  f.run_runtime();
  f.service().desired_count = 1;
  f.scheduler.schedule(f.state);
  f.run_runtime();
  CHECK(f.running() == 1);
  CHECK(f.count([](const ecs::Task& t) { return t.stop_code == "ServiceSchedulerInitiated"; }) == 2);
  const auto& events = f.service().events;
  CHECK(std::any_of(events.begin(), events.end(), [](const ecs::ServiceEvent& e) {
    return e.message.rfind("(service svc) has stopped 2 running tasks: (task ", 0) == 0;
  }));
}

TEST_CASE("Service tasks hold ENIs in the EC2 model only until they are STOPPED", "[sched][unit]") {
  Fixture f;
  ec2::NetworkState& net = f.world.region(kAccount, kRegion).ec2.network;
  const std::size_t before = net.network_interfaces.size();
  f.add_service(3, 100, 200);
  f.scheduler.schedule(f.state);
  f.run_runtime();
  CHECK(net.network_interfaces.size() == before + 3);
  for (const auto& [id, task] : f.state.tasks.tasks) {
    REQUIRE(task.eni);
    auto it = net.network_interfaces.find(task.eni->eni_id);
    REQUIRE(it != net.network_interfaces.end());
    CHECK(it->second.subnet_id == f.subnet);
    CHECK(task.eni->subnet_id == f.subnet);
  }
  f.service().desired_count = 1;
  f.scheduler.schedule(f.state);
  f.run_runtime();
  CHECK(net.network_interfaces.size() == before + 1);
  for (const auto& [id, task] : f.state.tasks.tasks) {
    CHECK(net.network_interfaces.count(task.eni->eni_id) == (task.state == ecs::TaskState::Stopped ? 0u : 1u));
  }
}

TEST_CASE("A rolling update never breaks minimumHealthyPercent or maximumPercent", "[sched][unit]") {
  for (auto [min, max] : std::vector<std::pair<int, int>>{{100, 200}, {50, 100}, {50, 150}, {0, 100}, {75, 125}}) {
    Fixture f;
    const int desired = 4;
    f.add_service(desired, min, max);
    f.scheduler.schedule(f.state);
    f.run_runtime();
    REQUIRE(f.running() == desired);
    ecs::Service& s = f.service();
    ecs::start_deployment(s, f.launch_of(f.add_definition()), f.now());
    RollingBounds b = sched::rolling_bounds(desired, min, max);
    int worst_low = desired;
    int worst_high = 0;
    auto sample = [&] {
      worst_low = std::min(worst_low, f.running());
      worst_high = std::max(worst_high, f.not_stopped());
    };
    f.scheduler.schedule(f.state);
    sample();
    f.run_runtime(sample);
    // The fake runtime starts a task a round (a second) after its launch: the deployment settles twice that.
    f.clock.advance(std::chrono::seconds(3));
    f.scheduler.schedule(f.state);
    INFO("min " << min << " max " << max);
    CHECK(worst_low >= b.min_healthy);
    CHECK(worst_high <= b.max_live);
    CHECK(f.running() == desired);
    REQUIRE(s.deployments.size() == 1);
    CHECK(s.deployments.front().rollout_state == "COMPLETED");
  }
}

TEST_CASE("Tasks that exit at once trip the circuit breaker, which rolls back to the last completed deployment",
          "[sched][unit]") {
  Fixture f;
  f.add_service(1, 100, 200, true);
  f.scheduler.schedule(f.state);
  f.run_runtime();
  ecs::Service& s = f.service();
  std::string good = s.deployments.front().launch.task_definition_arn;
  std::string good_id = s.deployments.front().id;
  ecs::start_deployment(s, f.launch_of(f.add_definition("exit 1")), f.now());
  for (int i = 0; i < 40 && !(s.deployments.size() == 1 && s.deployments.front().rollout_state == "COMPLETED"); ++i) {
    f.scheduler.schedule(f.state);
    f.run_runtime();
    f.clock.advance(std::chrono::seconds(1));
  }
  REQUIRE(s.deployments.size() == 1);
  CHECK(s.deployments.front().launch.task_definition_arn == good);
  CHECK(s.deployments.front().rollback_of != "");
  const ecs::Deployment* failed = ecs::find_deployment(s, s.deployments.front().rollback_of);
  REQUIRE(failed != nullptr);
  CHECK(failed->rollout_state == "FAILED");
  CHECK(failed->rollout_state_reason == "ECS deployment circuit breaker: tasks failed to start.");
  CHECK(failed->failed_tasks >= 3);
  CHECK(f.running() == 1);
  (void)good_id;
}

TEST_CASE("A deployment whose tasks were slow to start waits twice that long before it completes", "[sched][unit]") {
  // A loaded engine is as slow to report an exit as it was to start the container: the crash must be seen (and
  // counted by the circuit breaker) before the deployment could complete.
  Fixture f;
  f.add_service(1, 100, 200, true);
  f.scheduler.schedule(f.state);
  f.run_runtime();
  ecs::Service& s = f.service();
  REQUIRE(s.deployments.front().rollout_state == "COMPLETED");
  ecs::start_deployment(s, f.launch_of(f.add_definition("sleep 5")), f.now());
  f.scheduler.schedule(f.state);
  REQUIRE(f.fake.starts.size() == 1);
  runtime::TaskLaunch launch = f.fake.starts.front();
  f.fake.starts.clear();
  f.observe(launch.plan, ObservationKind::PullStarted);
  f.clock.advance(std::chrono::seconds(2));  // the engine takes 2 s to start the container
  f.observe(launch.plan, ObservationKind::ContainerStarted, "app");
  const std::string new_id = s.deployments.front().id;
  // Well past the scaled settle time (0.15 s), but not yet twice the start time.
  for (int i = 0; i < 3; ++i) {
    f.clock.advance(std::chrono::milliseconds(500));
    f.run_runtime();  // the old task is stopped meanwhile (the fake takes a second for it)
    f.scheduler.schedule(f.state);
    CHECK(s.deployments.front().rollout_state == "IN_PROGRESS");
  }
  // The late exit report arrives: the deployment counts the failure instead of having completed.
  f.observe(launch.plan, ObservationKind::ContainerExited, "app", 1);
  f.scheduler.schedule(f.state);
  CHECK(s.deployments.front().id == new_id);
  CHECK(s.deployments.front().rollout_state == "IN_PROGRESS");
  CHECK(s.deployments.front().failed_tasks == 1);
  CHECK(s.deployments.front().last_failure_at == Approx(f.now()));
}

TEST_CASE("A deployment whose tasks started promptly completes after the scaled settle time", "[sched][unit]") {
  Fixture f;
  f.add_service(1, 100, 200);
  f.scheduler.schedule(f.state);
  REQUIRE(f.fake.starts.size() == 1);
  runtime::TaskLaunch launch = f.fake.starts.front();
  f.fake.starts.clear();
  f.observe(launch.plan, ObservationKind::PullStarted);
  f.observe(launch.plan, ObservationKind::ContainerStarted, "app");
  f.scheduler.schedule(f.state);
  CHECK(f.service().deployments.front().rollout_state == "IN_PROGRESS");
  f.clock.advance(std::chrono::milliseconds(200));  // past 15 s x 0.01
  f.scheduler.schedule(f.state);
  CHECK(f.service().deployments.front().rollout_state == "COMPLETED");
}

TEST_CASE("A deleted service stops every task and becomes INACTIVE", "[sched][unit]") {
  Fixture f;
  f.add_service(3, 100, 200);
  f.scheduler.schedule(f.state);
  f.run_runtime();
  ecs::Service& s = f.service();
  s.status = "DRAINING";
  s.desired_count = 0;
  f.scheduler.schedule(f.state);
  f.run_runtime();
  CHECK(f.not_stopped() == 0);
  CHECK(s.status == "INACTIVE");
}

TEST_CASE("Without container instances an EC2 service reports that it cannot place tasks", "[sched][unit]") {
  Fixture f;
  ecs::Service& s = f.add_service(1, 100, 200);
  s.launch.launch_type = "EC2";
  s.deployments.front().launch.launch_type = "EC2";
  f.scheduler.schedule(f.state);
  f.scheduler.schedule(f.state);
  CHECK(f.state.tasks.tasks.empty());
  REQUIRE(!s.events.empty());
  CHECK(s.events.front().message ==
        "(service svc) was unable to place a task because no container instance met all of its requirements. "
        "Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting "
        "section.");
  CHECK(std::count_if(s.events.begin(), s.events.end(), [](const ecs::ServiceEvent& e) {
          return e.message.find("unable to place") != std::string::npos;
        }) == 1);
}

TEST_CASE("Tasks that keep failing to start are relaunched with a growing delay and the throttle event",
          "[sched][unit]") {
  Fixture f;
  f.add_service(1, 100, 200);
  auto fail_starts = [&] {
    auto starts = std::move(f.fake.starts);
    f.fake.starts.clear();
    for (const auto& launch : starts) {
      f.observe(launch.plan, ObservationKind::PullStarted);
      Observation o;
      o.plan = launch.plan;
      o.kind = ObservationKind::PullFailed;
      o.container_name = "app";
      o.reason = "pull access denied";
      f.reconciler.apply(o);
    }
    auto stops = std::move(f.fake.stops);
    f.fake.stops.clear();
    for (const auto& plan : stops) {
      f.observe(plan, ObservationKind::TaskStopped);
    }
  };
  f.scheduler.schedule(f.state);
  REQUIRE(f.fake.starts.size() == 1);
  fail_starts();  // failure 1: the next start waits 5 s * 0.01
  f.scheduler.schedule(f.state);
  CHECK(f.fake.starts.empty());
  f.clock.advance(std::chrono::milliseconds(60));
  f.scheduler.schedule(f.state);
  REQUIRE(f.fake.starts.size() == 1);
  fail_starts();  // failure 2: 10 s * 0.01
  f.clock.advance(std::chrono::milliseconds(60));
  f.scheduler.schedule(f.state);
  CHECK(f.fake.starts.empty());
  f.clock.advance(std::chrono::milliseconds(60));
  f.scheduler.schedule(f.state);
  REQUIRE(f.fake.starts.size() == 1);
  fail_starts();  // failure 3: the throttle is reported once
  f.scheduler.schedule(f.state);
  f.clock.advance(std::chrono::seconds(1));
  f.scheduler.schedule(f.state);
  const auto& events = f.service().events;
  CHECK(std::count_if(events.begin(), events.end(), [](const ecs::ServiceEvent& e) {
          return e.message == "(service svc) is unable to consistently start tasks successfully.";
        }) == 1);
  CHECK(f.count([](const ecs::Task& t) { return t.stop_code == "TaskFailedToStart"; }) == 3);
  // A new task definition ends the throttle at once.
  ecs::Service& s = f.service();
  f.fake.starts.clear();
  fail_starts();
  ecs::start_deployment(s, f.launch_of(f.add_definition()), f.now());
  f.scheduler.schedule(f.state);
  CHECK(f.fake.starts.size() == 1);
}

TEST_CASE("An UNHEALTHY task is replaced once the grace period is over", "[sched][unit]") {
  Fixture f;
  ecs::Service& s = f.add_service(1, 100, 200);
  s.health_check_grace_period = 1000;  // 10 s at scale 0.01
  f.scheduler.schedule(f.state);
  f.run_runtime();
  REQUIRE(f.running() == 1);
  ecs::Task& task = f.state.tasks.tasks.begin()->second;
  std::string id = task.id;
  task.health_status = "UNHEALTHY";
  f.clock.advance(std::chrono::milliseconds(10));
  f.scheduler.schedule(f.state);
  CHECK(f.state.tasks.tasks.at(id).desired_status == "RUNNING");  // within the grace period
  f.clock.advance(std::chrono::seconds(20));
  f.scheduler.schedule(f.state);
  CHECK(f.state.tasks.tasks.at(id).desired_status == "STOPPED");
  CHECK(f.state.tasks.tasks.at(id).stopped_reason == "Task failed container health checks");
  f.run_runtime();
  CHECK(f.running() == 1);
  CHECK(f.state.tasks.tasks.size() == 2);
}

TEST_CASE("The time-scale flag defaults to AWS's delays, scales the resync period and refuses bad factors",
          "[sched][unit]") {
  auto parsed = parse_args({}, {});
  REQUIRE(parsed.config);
  CHECK(parsed.config->time_scale == 1.0);
  parsed = parse_args({"--time-scale", "0.01"}, {});
  REQUIRE(parsed.config);
  CHECK(parsed.config->time_scale == Approx(0.01));
  parsed = parse_args({}, {"ECSEMU_TIME_SCALE=2.5"});
  REQUIRE(parsed.config);
  CHECK(parsed.config->time_scale == Approx(2.5));
  for (const char* bad : {"0", "-1", "abc", "0.0001", "1e9", "1x", ""}) {
    parsed = parse_args({"--time-scale", bad}, {});
    INFO(bad);
    CHECK(!parsed.config);
    CHECK(parsed.exit_code == 2);
  }
  CHECK(ecsemu::help_text().find("--time-scale FACTOR") != std::string::npos);
  state::World world;
  FakeRuntime fake;
  sched::ManualClock clock;
  sched::TaskReconciler reconciler{world, fake, clock};
  CHECK(sched::ServiceScheduler(world, reconciler, clock, 1.0).resync_period() == std::chrono::milliseconds(1000));
  CHECK(sched::ServiceScheduler(world, reconciler, clock, 0.1).resync_period() == std::chrono::milliseconds(100));
  CHECK(sched::ServiceScheduler(world, reconciler, clock, 0.001).resync_period() == std::chrono::milliseconds(20));
}
