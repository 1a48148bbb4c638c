#include <catch2/catch.hpp>

#include "fake_runtime.hpp"

#include "sched/task_reconciler.hpp"
#include "services/ecs/ecs_model.hpp"
#include "state/world.hpp"

using namespace ecsemu;

namespace {

struct Fixture {
  state::World world;
  testing::FakeRuntime fake;
  sched::ManualClock clock;
  sched::TaskReconciler reconciler{world, fake, clock};
  std::unique_ptr<IdSource> ids = make_seeded_id_source(7);
  state::RegionStore& store = world.region("123456789012", "us-east-1");

  ecs::Task& add_task(boost::json::array secrets, boost::json::array environment = {}) {
    ecs::Task t;
    t.id = "0123456789abcdef0123456789abcdef";
    t.arn = ecs::task_arn("us-east-1", "123456789012", "default", t.id);
    t.cluster_arn = "arn:aws:ecs:us-east-1:123456789012:cluster/default";
    t.family = "web";
    t.revision = 1;
    t.container_definitions = boost::json::array{boost::json::object{
        {"name", "app"}, {"image", "i"}, {"secrets", std::move(secrets)}, {"environment", std::move(environment)}}};
    ecs::TaskContainer c;
    c.name = "app";
    t.containers.push_back(c);
    return ecs::insert_task(store.ecs.tasks, std::move(t));
  }

  std::string env(std::string_view name) const {
    for (const auto& [k, v] : fake.starts.at(0).containers.at(0).environment) {
      if (k == name) {
        return v;
      }
    }
    return "<unset>";
  }
};

ssm::Parameter parameter(std::string name, std::string type, std::string value) {
  ssm::Parameter p;
  p.name = std::move(name);
  ssm::ParameterVersion v;
  v.type = std::move(type);
  v.value = std::move(value);
  p.versions.push_back(v);
  return p;
}

}  // namespace

TEST_CASE("Secrets from SSM and Secrets Manager reach the container's environment", "[sched][ecs]") {
  Fixture f;
  f.store.ssm.parameters.emplace("/db/pass", parameter("/db/pass", "SecureString", "hunter2"));
  secretsmanager::Secret s;
  s.name = "api";
  s.arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-AbCdEf";
  secretsmanager::SecretVersion v;
  v.id = "v1";
  v.string_value = R"({"key":"k1"})";
  v.stages = {"AWSCURRENT"};
  secretsmanager::add_version(s, std::move(v));
  f.store.secretsmanager.secrets.emplace("api", std::move(s));
  f.reconciler.set_inside({"http://169.254.170.2:4566", "http://169.254.170.2:4566", f.ids.get()});
  ecs::Task& task = f.add_task(
      boost::json::array{
          boost::json::object{{"name", "PASS"}, {"valueFrom", "/db/pass"}},
          boost::json::object{{"name", "PASS_ARN"},
                              {"valueFrom", "arn:aws:ssm:us-east-1:123456789012:parameter/db/pass"}},
          boost::json::object{{"name", "KEY"},
                              {"valueFrom", "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-AbCdEf:key::"}}},
      boost::json::array{boost::json::object{{"name", "AWS_REGION"}, {"value", "eu-west-1"}}});
  f.reconciler.reconcile(f.store.ecs);
  REQUIRE(f.fake.starts.size() == 1);
  CHECK(f.env("PASS") == "hunter2");
  CHECK(f.env("PASS_ARN") == "hunter2");
  CHECK(f.env("KEY") == "k1");
  CHECK(f.env("AWS_REGION") == "eu-west-1");  // the task definition's own value wins
  CHECK(f.env("AWS_DEFAULT_REGION") == "us-east-1");
  CHECK(f.env("AWS_ENDPOINT_URL") == "http://169.254.170.2:4566");
  const std::string token = task.containers[0].metadata_token;
  CHECK(token.size() == 32);
  CHECK(f.env("ECS_CONTAINER_METADATA_URI_V4") == "http://169.254.170.2:4566/v4/" + token);
  CHECK(f.env("ECS_CONTAINER_METADATA_URI") == "http://169.254.170.2:4566/v3/" + token);
}

TEST_CASE("A secret that cannot be read fails the task before any container starts", "[sched][ecs]") {
  Fixture f;
  ecs::Task& task = f.add_task(boost::json::array{boost::json::object{{"name", "X"}, {"valueFrom", "/missing"}},
                                                  boost::json::object{{"name", "Y"}, {"valueFrom", "/gone"}}});
  f.reconciler.reconcile(f.store.ecs);
  CHECK(f.fake.starts.empty());
  REQUIRE(f.fake.stops.size() == 1);
  CHECK(task.desired_status == "STOPPED");
  CHECK(task.stop_code == "TaskFailedToStart");
  CHECK(task.stopped_reason ==
        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: "
        "unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid parameters: "
        "/missing,/gone");
}

TEST_CASE("Without an inside endpoint no metadata variables are set, but the region is", "[sched][ecs]") {
  Fixture f;
  f.add_task(boost::json::array{});
  f.reconciler.reconcile(f.store.ecs);
  REQUIRE(f.fake.starts.size() == 1);
  CHECK(f.env("AWS_REGION") == "us-east-1");
  CHECK(f.env("ECS_CONTAINER_METADATA_URI_V4") == "<unset>");
  CHECK(f.env("AWS_ENDPOINT_URL") == "<unset>");
}
