// The observations a real runtime adds: published ports, start failures, health, init containers.
#include <catch2/catch.hpp>

#include "fake_runtime.hpp"

#include "sched/task_reconciler.hpp"
#include "services/ecs/ecs_model.hpp"
#include "services/ecs/ecs_task_views.hpp"
#include "state/world.hpp"

using namespace ecsemu;
using runtime::Observation;
using runtime::ObservationKind;

namespace {

using RecordingRuntime = testing::FakeRuntime;

struct Fixture {
  state::World world;
  RecordingRuntime fake;
  sched::ManualClock clock;
  sched::TaskReconciler reconciler{world, fake, clock};
  ecs::EcsState& state = world.region("123456789012", "us-east-1").ecs;

  ecs::Task& add_task(bool side_essential = false, bool health_checks = false) {
    ecs::Task t;
    t.id = "0123456789abcdef0123456789abcdef";
    t.arn = ecs::task_arn("us-east-1", "123456789012", "default", t.id);
    t.cluster_arn = "arn:aws:ecs:us-east-1:123456789012:cluster/default";
    t.container_instance_arn = "arn:aws:ecs:us-east-1:123456789012:container-instance/default/0123456789abcdef";
    t.family = "web";
    t.revision = 1;
    t.network_mode = "bridge";
    t.container_definitions = boost::json::array{boost::json::object{{"name", "app"}, {"image", "busybox:local"}},
                                                 boost::json::object{{"name", "side"}, {"image", "busybox:local"}}};
    for (const char* name : {"app", "side"}) {
      ecs::TaskContainer c;
      c.name = name;
      c.essential = std::string(name) == "app" || side_essential;
      c.has_health_check = health_checks;
      t.containers.push_back(c);
    }
    return ecs::insert_task(state.tasks, std::move(t));
  }

  Observation obs(const ecs::Task& task, ObservationKind kind, std::string container = {}) {
    Observation o;
    o.plan = {task.arn, task.generation};
    o.kind = kind;
    o.container_name = std::move(container);
    return o;
  }

  void start(ecs::Task& task) {
    reconciler.reconcile(state);
    reconciler.apply(obs(task, ObservationKind::PullStarted));
    reconciler.apply(obs(task, ObservationKind::PullStopped));
  }
};

}  // namespace

TEST_CASE("The published ports Docker reports become the container's network bindings", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.start(task);
  Observation started = f.obs(task, ObservationKind::ContainerStarted, "app");
  started.runtime_id = "abc";
  started.ip_address = "172.17.0.9";
  started.network_bindings = {{"127.0.0.1", 80, 49153, "tcp"}};
  f.reconciler.apply(started);
  const auto& app = task.containers[0];
  REQUIRE(app.ports.size() == 1);
  CHECK(app.ports[0].host_port == 49153);
  CHECK(app.ports[0].bind_ip == "127.0.0.1");
  CHECK(app.ip_address == "172.17.0.9");
  auto view = ecs::task_view(task, false);
  const auto& binding = view.at("containers").as_array()[0].at("networkBindings").as_array()[0].as_object();
  CHECK(binding.at("bindIP") == "127.0.0.1");
  CHECK(binding.at("hostPort") == 49153);
  CHECK(binding.at("containerPort") == 80);
  // The ephemeral port is held on the instance until the task stops.
  CHECK(ecs::reserved_on_instance(f.state, task.container_instance_arn).tcp_ports == std::vector<int>{49153});
}

TEST_CASE("A container that cannot start fails the task with TaskFailedToStart and the reason", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.start(task);
  Observation failed = f.obs(task, ObservationKind::StartFailed, "app");
  failed.reason = "CannotStartContainerError: exec: \"nope\": executable file not found in $PATH";
  f.reconciler.apply(failed);
  CHECK(task.desired_status == "STOPPED");
  CHECK(task.stop_code == "TaskFailedToStart");
  CHECK(task.stopped_reason == failed.reason);
  CHECK(task.containers[0].reason == failed.reason);
  CHECK(f.fake.stops.size() == 1);
}

TEST_CASE("Container health follows the runtime's reports and the task's derives from essentials", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task(true, true);
  f.start(task);
  f.reconciler.apply(f.obs(task, ObservationKind::ContainerStarted, "app"));
  f.reconciler.apply(f.obs(task, ObservationKind::ContainerStarted, "side"));
  CHECK(std::string(ecs::task_health_status(task)) == "UNKNOWN");
  Observation healthy = f.obs(task, ObservationKind::ContainerHealth, "app");
  healthy.health_status = "HEALTHY";
  auto before = task.version;
  f.reconciler.apply(healthy);
  CHECK(task.version > before);
  CHECK(task.containers[0].health_status == "HEALTHY");
  CHECK(std::string(ecs::task_health_status(task)) == "UNKNOWN");  // side has a check and has not reported
  healthy.container_name = "side";
  f.reconciler.apply(healthy);
  CHECK(std::string(ecs::task_health_status(task)) == "HEALTHY");
  CHECK(ecs::task_view(task, false).at("healthStatus") == "HEALTHY");
  Observation sick = f.obs(task, ObservationKind::ContainerHealth, "side");
  sick.health_status = "UNHEALTHY";
  f.reconciler.apply(sick);
  CHECK(std::string(ecs::task_health_status(task)) == "UNHEALTHY");
  CHECK(ecs::task_view(task, false).at("containers").as_array()[1].at("healthStatus") == "UNHEALTHY");
}

TEST_CASE("A container that already finished does not hold the task out of RUNNING", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task();
  f.start(task);
  f.reconciler.apply(f.obs(task, ObservationKind::ContainerStarted, "side"));
  Observation done = f.obs(task, ObservationKind::ContainerExited, "side");
  done.exit_code = 0;
  f.reconciler.apply(done);
  CHECK(task.last_status == "PENDING");
  f.reconciler.apply(f.obs(task, ObservationKind::ContainerStarted, "app"));
  CHECK(task.last_status == "RUNNING");
  CHECK(task.desired_status == "RUNNING");
}
