#include <functional>

#include <catch2/catch.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_model.hpp"

using namespace ecsemu::ecs;

namespace {

const char* const kRegion = "us-east-1";
const char* const kAccount = "123456789012";
const char* const kCluster = "arn:aws:ecs:us-east-1:123456789012:cluster/c";

std::string error_code(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ecsemu::aws::ServiceError& e) {
    return e.code();
  }
  return "";
}

struct Fixture {
  EcsState state;
  Daemon* daemon = nullptr;

  Fixture() {
    Cluster cluster;
    cluster.name = "c";
    cluster.arn = kCluster;
    state.clusters["c"] = cluster;
    DaemonTaskDefinition definition;
    definition.family = "agent";
    definition.revision = 1;
    definition.arn = daemon_task_definition_arn(kRegion, kAccount, "agent", 1);
    state.daemons.task_definitions["agent"][1] = definition;
    Daemon d;
    d.name = "log";
    d.cluster_name = "c";
    d.cluster_arn = kCluster;
    d.arn = daemon_arn(kRegion, kAccount, "c", "log");
    daemon = &(state.daemons.daemons[d.arn] = d);
  }

  const DaemonRevision& add_revision(const std::string& id) {
    DaemonRevision revision;
    revision.id = id;
    revision.arn = "arn:aws:ecs:us-east-1:123456789012:daemon-revision/c/log/" + id;
    revision.daemon_arn = daemon->arn;
    revision.cluster_arn = kCluster;
    revision.task_definition_arn = daemon_task_definition_arn(kRegion, kAccount, "agent", 1);
    revision.capacity_providers = {"cp"};
    daemon->revision_arns.push_back(revision.arn);
    return state.daemons.revisions[revision.arn] = revision;
  }

  void add_instance(const std::string& id, const std::string& provider) {
    ContainerInstance instance;
    instance.id = id;
    instance.arn = container_instance_arn(kRegion, kAccount, "c", id);
    instance.cluster_arn = kCluster;
    instance.capacity_provider_name = provider;
    state.container_instances.instances[id] = instance;
  }

  void add_task(const std::string& id, const DaemonRevision& revision, const std::string& instance,
                const std::string& last_status) {
    Task task;
    task.id = id;
    task.cluster_arn = kCluster;
    task.group = daemon_task_group("log");
    task.started_by = revision.id;
    task.last_status = last_status;
    task.container_instance_arn = container_instance_arn(kRegion, kAccount, "c", instance);
    insert_task(state.tasks, std::move(task));
  }
};

}  // namespace

TEST_CASE("Daemon ARNs follow ECS's resource formats and names allow letters, digits, - and _", "[ecs]") {
  CHECK(daemon_arn("eu-west-1", "111122223333", "c", "log") == "arn:aws:ecs:eu-west-1:111122223333:daemon/c/log");
  CHECK(daemon_task_definition_arn("eu-west-1", "1", "agent", 3) ==
        "arn:aws:ecs:eu-west-1:1:daemon-task-definition/agent:3");
  CHECK(daemon_task_group("log") == "daemon:log");
  CHECK(valid_daemon_name("a-B_9"));
  CHECK_FALSE(valid_daemon_name(""));
  CHECK_FALSE(valid_daemon_name("bad name"));
  CHECK_FALSE(valid_daemon_name(std::string(256, 'x')));
  CHECK(random_daemon_id().size() == 20);
}

TEST_CASE("Daemon task definitions resolve by family, family:revision or ARN of this account and region", "[ecs]") {
  Fixture f;
  auto& second = f.state.daemons.task_definitions["agent"][2];
  second.family = "agent";
  second.revision = 2;
  second.arn = daemon_task_definition_arn(kRegion, kAccount, "agent", 2);
  CHECK(find_daemon_task_definition(f.state, kRegion, kAccount, "agent")->revision == 2);
  CHECK(find_daemon_task_definition(f.state, kRegion, kAccount, "agent:1")->revision == 1);
  CHECK(find_daemon_task_definition(f.state, kRegion, kAccount, second.arn)->revision == 2);
  CHECK(find_daemon_task_definition(f.state, "eu-west-1", kAccount, second.arn) == nullptr);
  CHECK(find_daemon_task_definition(f.state, kRegion, kAccount, "agent", true) == nullptr);
  CHECK(find_daemon_task_definition(f.state, kRegion, kAccount, "agent:x") == nullptr);
  CHECK(find_daemon_task_definition(f.state, kRegion, kAccount, "agent:9") == nullptr);
  CHECK(find_daemon_task_definition(f.state, kRegion, kAccount, "other") == nullptr);
  second.status = "DELETE_IN_PROGRESS";
  CHECK(find_daemon_task_definition(f.state, kRegion, kAccount, "agent")->revision == 1);
}

TEST_CASE("A daemon rollout stays IN_PROGRESS until every instance of its providers runs its task", "[ecs]") {
  Fixture f;
  const auto& revision = f.add_revision("r1");
  f.add_instance("i1", "cp");
  f.add_instance("i2", "other");
  auto& deployment = start_daemon_deployment(f.state, *f.daemon, &revision, 100);
  CHECK(f.daemon->current_revision_arn == revision.arn);
  CHECK(deployment.arn == "arn:aws:ecs:us-east-1:123456789012:daemon-deployment/c/log/" + deployment.id);
  CHECK(daemon_target_instances(f.state, kCluster, {"cp"}) == 1);
  CHECK(daemon_deployment_status(f.state, deployment, 101) == "IN_PROGRESS");
  f.add_task("t1", revision, "i1", "PENDING");
  CHECK(daemon_deployment_status(f.state, deployment, 102) == "IN_PROGRESS");
  f.state.tasks.tasks["t1"].last_status = "RUNNING";
  CHECK(daemon_deployment_status(f.state, deployment, 103) == "SUCCESSFUL");
  CHECK(deployment.finished_at == 103);
  CHECK(daemon_deployment_status(f.state, deployment, 104) == "SUCCESSFUL");
  CHECK(deployment.finished_at == 103);
  auto counts = daemon_revision_counts(f.state, revision);
  REQUIRE(counts.size() == 1);
  CHECK(counts[0].running_tasks == 1);
  CHECK(counts[0].running_instances == 1);
  CHECK(daemon_live_tasks(f.state, *f.daemon) == 1);
}

TEST_CASE("A daemon with no instances in its providers finishes its rollout at once", "[ecs]") {
  Fixture f;
  const auto& revision = f.add_revision("r1");
  auto& deployment = start_daemon_deployment(f.state, *f.daemon, &revision, 100);
  CHECK(daemon_deployment_status(f.state, deployment, 100) == "SUCCESSFUL");
}

TEST_CASE("A newer daemon deployment stops the one in progress and lists the old revision as its source", "[ecs]") {
  Fixture f;
  const auto& first = f.add_revision("r1");
  f.add_instance("i1", "cp");
  auto& one = start_daemon_deployment(f.state, *f.daemon, &first, 100);
  const auto& second = f.add_revision("r2");
  auto& two = start_daemon_deployment(f.state, *f.daemon, &second, 200);
  CHECK(daemon_deployment_status(f.state, one, 201) == "STOPPED");
  CHECK(one.stopped_at == 200);
  CHECK(two.source_revision_arns == std::vector<std::string>{first.arn});
  // Old tasks still running keep the new rollout going even when the instance runs the new revision.
  f.add_task("old", first, "i1", "RUNNING");
  f.add_task("new", second, "i1", "RUNNING");
  CHECK(daemon_deployment_status(f.state, two, 202) == "IN_PROGRESS");
  f.state.tasks.tasks["old"].last_status = "STOPPED";
  CHECK(daemon_deployment_status(f.state, two, 203) == "SUCCESSFUL");
}

TEST_CASE("A deleted daemon exists until its last task stops", "[ecs]") {
  Fixture f;
  const auto& revision = f.add_revision("r1");
  f.add_instance("i1", "cp");
  start_daemon_deployment(f.state, *f.daemon, &revision, 100);
  f.add_task("t1", revision, "i1", "RUNNING");
  f.daemon->status = "DELETE_IN_PROGRESS";
  auto& removal = start_daemon_deployment(f.state, *f.daemon, nullptr, 200);
  CHECK(removal.target_revision_arn.empty());
  CHECK_FALSE(daemon_gone(f.state, *f.daemon));
  CHECK(daemon_deployment_status(f.state, removal, 201) == "IN_PROGRESS");
  CHECK(&require_daemon(f.state, kRegion, kAccount, f.daemon->arn) == f.daemon);
  f.state.tasks.tasks["t1"].last_status = "STOPPED";
  CHECK(daemon_gone(f.state, *f.daemon));
  CHECK(daemon_deployment_status(f.state, removal, 202) == "SUCCESSFUL");
  CHECK(error_code([&] { require_daemon(f.state, kRegion, kAccount, f.daemon->arn); }) == "DaemonNotFoundException");
}

TEST_CASE("Daemon lookups tell malformed ARNs, missing clusters and missing daemons apart", "[ecs]") {
  Fixture f;
  CHECK(error_code([&] { require_daemon(f.state, kRegion, kAccount, "log"); }) == "InvalidParameterException");
  CHECK(error_code([&] {
          require_daemon(f.state, kRegion, kAccount, "arn:aws:ecs:us-east-1:123456789012:service/c/log");
        }) == "InvalidParameterException");
  CHECK(error_code([&] {
          require_daemon(f.state, kRegion, kAccount, "arn:aws:ecs:us-east-1:123456789012:daemon/nope/log");
        }) == "ClusterNotFoundException");
  CHECK(error_code([&] {
          require_daemon(f.state, kRegion, kAccount, "arn:aws:ecs:us-east-1:123456789012:daemon/c/nope");
        }) == "DaemonNotFoundException");
  CHECK(error_code([&] {
          require_daemon(f.state, kRegion, kAccount, "arn:aws:ecs:us-east-1:123456789012:daemon/c/nope",
                         "ClientException");
        }) == "ClientException");
  CHECK(error_code([&] { require_daemon(f.state, kRegion, kAccount, f.daemon->arn); }).empty());
}

TEST_CASE("A daemon task definition being deleted is DELETED once no daemon uses it", "[ecs]") {
  Fixture f;
  const auto& revision = f.add_revision("r1");
  start_daemon_deployment(f.state, *f.daemon, &revision, 100);
  auto& definition = f.state.daemons.task_definitions["agent"][1];
  CHECK(daemon_task_definition_status(f.state, definition) == "ACTIVE");
  definition.status = "DELETE_IN_PROGRESS";
  CHECK(daemon_task_definition_status(f.state, definition) == "DELETE_IN_PROGRESS");
  f.daemon->status = "DELETE_IN_PROGRESS";
  CHECK(daemon_task_definition_status(f.state, definition) == "DELETED");
  CHECK(find_daemon_tags(f.state, kRegion, kAccount, "c/log") == nullptr);
  CHECK(find_daemon_task_definition_tags(f.state, kRegion, kAccount, "agent:1") == &definition.tags);
  CHECK(find_daemon_task_definition_tags(f.state, kRegion, kAccount, "agent") == nullptr);
}
