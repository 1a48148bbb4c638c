#include <catch2/catch.hpp>

#include "services/ecs/ecs_model.hpp"

using namespace ecsemu::ecs;

namespace {

const char* const kCluster = "arn:aws:ecs:us-east-1:123456789012:cluster/c";

Service& add_service(EcsState& state, const std::string& name, int desired) {
  Service service;
  service.name = name;
  service.cluster_arn = kCluster;
  service.arn = service_arn("us-east-1", "123456789012", "c", name);
  service.desired_count = desired;
  service.launch.task_definition_arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
  service.launch.launch_type = "EC2";
  start_deployment(service, service.launch, 10);
  return state.services.services[service.arn] = std::move(service);
}

void add_task(EcsState& state, const std::string& id, const Service& service, const std::string& started_by,
              const std::string& last_status) {
  Task task;
  task.id = id;
  task.cluster_arn = service.cluster_arn;
  task.group = "service:" + service.name;
  task.started_by = started_by;
  task.last_status = last_status;
  insert_task(state.tasks, std::move(task));
}

}  // namespace

TEST_CASE("Service ARNs use the long format and identifiers resolve to names", "[ecs]") {
  CHECK(service_arn("eu-west-1", "111122223333", "c", "web") == "arn:aws:ecs:eu-west-1:111122223333:service/c/web");
  CHECK(service_name_from_identifier("web") == "web");
  CHECK(service_name_from_identifier("arn:aws:ecs:eu-west-1:1:service/c/web") == "web");
  CHECK(service_name_from_identifier("arn:aws:ecs:eu-west-1:1:service/web") == "web");
  CHECK(service_name_from_identifier("arn:aws:ecs:eu-west-1:1:task/c/abc").empty());
  CHECK(cluster_name_from_service_arn("arn:aws:ecs:eu-west-1:1:service/c/web") == "c");
  CHECK(cluster_name_from_service_arn("web").empty());
  CHECK(services_prefix(kCluster) == "arn:aws:ecs:us-east-1:123456789012:service/c/");
  CHECK(valid_service_name("web_1-a"));
  CHECK_FALSE(valid_service_name("web.1"));
}

TEST_CASE("Deployment and service deployment ids have ECS's shapes", "[ecs]") {
  std::string id = new_deployment_id();
  REQUIRE(id.size() == 8 + 19);
  CHECK(id.rfind("ecs-svc/", 0) == 0);
  CHECK(std::all_of(id.begin() + 8, id.end(), ::isdigit));
  CHECK(new_service_deployment_id().size() == 22);
  EcsState state;
  Service& service = add_service(state, "web", 0);
  const Deployment& d = service.deployments.front();
  CHECK(service_revision_arn(service, d.id) ==
        "arn:aws:ecs:us-east-1:123456789012:service-revision/c/web/" + d.id.substr(8));
  CHECK(service_deployment_arn(service, d) ==
        "arn:aws:ecs:us-east-1:123456789012:service-deployment/c/web/" + d.service_deployment_id);
  CHECK(task_set_arn(service, "ecs-svc/1") == "arn:aws:ecs:us-east-1:123456789012:task-set/c/web/ecs-svc/1");
}

TEST_CASE("A deployment of zero tasks completes at once and the service reaches steady state", "[ecs]") {
  EcsState state;
  Service& service = add_service(state, "web", 0);
  CHECK(service.deployments.front().rollout_state == "IN_PROGRESS");
  CHECK(evaluate_service(state, service, 11));
  CHECK(service.deployments.front().rollout_state == "COMPLETED");
  CHECK(service.deployments.front().sd_status == "SUCCESSFUL");
  REQUIRE(service.events.size() == 2);
  CHECK(service.events.front().message == "(service web) has reached a steady state.");
  CHECK_FALSE(evaluate_service(state, service, 12));  // nothing new: no duplicate event
}

TEST_CASE("A deployment completes only when its tasks are really running and older ones have none", "[ecs]") {
  EcsState state;
  Service& service = add_service(state, "web", 2);
  std::string first = service.deployments.front().id;
  evaluate_service(state, service, 11);
  CHECK(service.deployments.front().rollout_state == "IN_PROGRESS");
  add_task(state, "t1", service, first, "RUNNING");
  add_task(state, "t2", service, first, "PENDING");
  evaluate_service(state, service, 12);
  CHECK(service.deployments.front().rollout_state == "IN_PROGRESS");
  CHECK(service_task_counts(state, service).running == 1);
  CHECK(service_task_counts(state, service).pending == 1);
  state.tasks.tasks["t2"].last_status = "RUNNING";
  evaluate_service(state, service, 13);
  CHECK(service.deployments.front().rollout_state == "COMPLETED");
  CHECK(service.steady);

  // A new deployment: the old one stays ACTIVE while it still has tasks.
  start_deployment(service, service.launch, 14);
  std::string second = service.deployments.front().id;
  REQUIRE(service.deployments.size() == 2);
  CHECK(service.deployments[1].status == "ACTIVE");
  add_task(state, "t3", service, second, "RUNNING");
  add_task(state, "t4", service, second, "RUNNING");
  evaluate_service(state, service, 15);
  CHECK(service.deployments.front().rollout_state == "IN_PROGRESS");
  state.tasks.tasks["t1"].last_status = "STOPPED";
  state.tasks.tasks["t2"].last_status = "STOPPED";
  evaluate_service(state, service, 16);
  CHECK(service.deployments.size() == 1);
  CHECK(service.deployments.front().rollout_state == "COMPLETED");
  CHECK(service.history.front().status == "INACTIVE");
  CHECK(service.history.front().id == first);
}

TEST_CASE("The circuit breaker fails a deployment and rolls back when asked", "[ecs]") {
  CHECK(circuit_breaker_threshold(1) == 3);
  CHECK(circuit_breaker_threshold(20) == 10);
  CHECK(circuit_breaker_threshold(1000) == 200);
  EcsState state;
  Service& service = add_service(state, "web", 0);
  evaluate_service(state, service, 11);
  service.deployment_configuration["deploymentCircuitBreaker"] =
      boost::json::object{{"enable", true}, {"rollback", true}};
  service.desired_count = 2;
  start_deployment(service, service.launch, 12);
  std::string failing = service.deployments.front().id;
  service.deployments.front().failed_tasks = 3;
  evaluate_service(state, service, 13);
  REQUIRE(service.deployments.size() == 3);
  CHECK(service.deployments.front().rollback_of == failing);
  CHECK(service.deployments[1].rollout_state == "FAILED");
  CHECK(service.deployments[1].sd_status == "ROLLBACK_IN_PROGRESS");
}

TEST_CASE("A draining service becomes INACTIVE once none of its tasks remain", "[ecs]") {
  EcsState state;
  Service& service = add_service(state, "web", 1);
  add_task(state, "t1", service, service.deployments.front().id, "RUNNING");
  service.status = "DRAINING";
  ClusterCounts counts;
  add_service_counts(state, kCluster, counts);
  CHECK(counts.draining_services == 1);
  CHECK(counts.draining_ec2_services == 1);
  evaluate_service(state, service, 11);
  CHECK(service.status == "DRAINING");
  state.tasks.tasks["t1"].last_status = "STOPPED";
  evaluate_service(state, service, 12);
  CHECK(service.status == "INACTIVE");
}

TEST_CASE("Service counts split ACTIVE services between EC2 and Fargate per cluster", "[ecs]") {
  EcsState state;
  add_service(state, "a", 0);
  Service& b = add_service(state, "b", 0);
  b.launch.launch_type = "FARGATE";
  Service other;
  other.arn = service_arn("us-east-1", "123456789012", "c2", "a");
  other.cluster_arn = "arn:aws:ecs:us-east-1:123456789012:cluster/c2";
  state.services.services[other.arn] = other;
  ClusterCounts counts;
  add_service_counts(state, kCluster, counts);
  CHECK(counts.active_services == 2);
  CHECK(counts.active_ec2_services == 1);
  CHECK(counts.active_fargate_services == 1);
}

TEST_CASE("Task sets compute their desired count from the service and their scale", "[ecs]") {
  Service service;
  service.desired_count = 3;
  TaskSet ts;
  ts.scale_value = 50;
  CHECK(computed_desired_count(service, ts) == 2);
  ts.scale_value = 100;
  CHECK(computed_desired_count(service, ts) == 3);
  ts.status = "DRAINING";
  CHECK(computed_desired_count(service, ts) == 0);
}

TEST_CASE("Events are kept newest first and at most 100", "[ecs]") {
  Service service;
  for (int i = 0; i < 120; ++i) {
    add_service_event(service, i, "m" + std::to_string(i));
  }
  CHECK(service.events.size() == 100);
  CHECK(service.events.front().message == "m119");
}

TEST_CASE("The scheduler sees what each deployment of a cluster's services wants", "[ecs]") {
  EcsState state;
  Service& service = add_service(state, "web", 4);
  auto wants = scheduler_wants(state, kCluster);
  REQUIRE(wants.size() == 1);
  CHECK(wants[0].desired_count == 4);
  CHECK(wants[0].primary);
  CHECK(wants[0].group == "service:web");
  CHECK(wants[0].started_by == service.deployments.front().id);
  CHECK(wants[0].launch->task_definition_arn == service.launch.task_definition_arn);
  CHECK(scheduler_wants(state, "arn:aws:ecs:us-east-1:123456789012:cluster/other").empty());
}
