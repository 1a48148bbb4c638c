#include <catch2/catch.hpp>

#include "fake_runtime.hpp"

#include "sched/task_reconciler.hpp"
#include "services/ecs/ecs_model.hpp"
#include "state/world.hpp"
#include "taskmeta/task_credentials.hpp"

using namespace ecsemu;

namespace {

constexpr const char* kRoleArn = "arn:aws:iam::123456789012:role/app/task-role";

struct Fixture {
  state::World world;
  testing::FakeRuntime fake;
  sched::ManualClock clock;
  sched::TaskReconciler reconciler{world, fake, clock};
  std::unique_ptr<IdSource> ids = make_seeded_id_source(11);
  state::RegionStore& store = world.region("123456789012", "us-east-1");

  Fixture() {
    iam::Role role;
    role.name = "task-role";
    role.path = "/app/";
    role.id = "AROAEXAMPLEEXAMPLE01";
    role.arn = kRoleArn;
    world.iam("123456789012").roles.emplace("task-role", role);
  }

  ecs::Task& add_task(std::string role_arn) {
    ecs::Task t;
    t.id = "0123456789abcdef0123456789abcdef";
    t.arn = ecs::task_arn("us-east-1", "123456789012", "default", t.id);
    t.cluster_arn = "arn:aws:ecs:us-east-1:123456789012:cluster/default";
    t.family = "web";
    t.revision = 1;
    t.task_role_arn = std::move(role_arn);
    for (const char* name : {"app", "sidecar"}) {
      t.container_definitions.push_back(boost::json::object{{"name", name}, {"image", "i"}});
      ecs::TaskContainer c;
      c.name = name;
      t.containers.push_back(c);
    }
    return ecs::insert_task(store.ecs.tasks, std::move(t));
  }

  std::string env(std::size_t container, std::string_view name) const {
    for (const auto& [k, v] : fake.starts.at(0).containers.at(container).environment) {
      if (k == name) {
        return v;
      }
    }
    return "<unset>";
  }

  taskmeta::CredentialsAnswer fetch(std::string_view id) {
    return taskmeta::task_role_credentials(world, *ids, clock.now(), id);
  }
};

std::string str(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string("<none>");
}

}  // namespace

TEST_CASE("A task with a role gets one credentials id, as a full URI off port 80", "[taskmeta][sched]") {
  Fixture f;
  ecs::Task& task = f.add_task(kRoleArn);
  f.reconciler.set_inside(
      {"http://169.254.170.2:4566", "http://169.254.170.2:4566", f.ids.get(), "http://169.254.170.2:4566"});
  f.reconciler.reconcile(f.store.ecs);
  REQUIRE(f.fake.starts.size() == 1);
  REQUIRE(task.credentials_id.size() == 36);
  std::string uri = "http://169.254.170.2:4566/v2/credentials/" + task.credentials_id;
  CHECK(f.env(0, "AWS_CONTAINER_CREDENTIALS_FULL_URI") == uri);
  CHECK(f.env(1, "AWS_CONTAINER_CREDENTIALS_FULL_URI") == uri);
  CHECK(f.env(0, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == "<unset>");
}

TEST_CASE("On 169.254.170.2 port 80 containers get the relative URI the SDKs expect", "[taskmeta][sched]") {
  Fixture f;
  ecs::Task& task = f.add_task(kRoleArn);
  f.reconciler.set_inside({"http://169.254.170.2:4566", "http://169.254.170.2:4566", f.ids.get(),
                           std::string(sched::kRelativeCredentialsOrigin)});
  f.reconciler.reconcile(f.store.ecs);
  CHECK(f.env(0, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == "/v2/credentials/" + task.credentials_id);
  CHECK(f.env(0, "AWS_CONTAINER_CREDENTIALS_FULL_URI") == "<unset>");
}

TEST_CASE("A task without a role gets no credentials variables", "[taskmeta][sched]") {
  Fixture f;
  ecs::Task& task = f.add_task("");
  f.reconciler.set_inside({"http://169.254.170.2:4566", "http://169.254.170.2:4566", f.ids.get(),
                           std::string(sched::kRelativeCredentialsOrigin)});
  f.reconciler.reconcile(f.store.ecs);
  CHECK(task.credentials_id.empty());
  CHECK(f.env(0, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == "<unset>");
  CHECK(f.env(0, "AWS_CONTAINER_CREDENTIALS_FULL_URI") == "<unset>");
}

TEST_CASE("The credentials document is the agent's and names a session of the task role", "[taskmeta]") {
  Fixture f;
  ecs::Task& task = f.add_task(kRoleArn);
  task.credentials_id = "11111111-2222-4333-8444-555555555555";
  taskmeta::CredentialsAnswer a = f.fetch(task.credentials_id);
  REQUIRE(a.status == 200);
  CHECK(a.body.size() == 5);
  CHECK(str(a.body, "RoleArn") == kRoleArn);
  std::string key = str(a.body, "AccessKeyId");
  CHECK(key.rfind("ASIA", 0) == 0);
  CHECK(str(a.body, "SecretAccessKey").size() == 40);
  CHECK(!str(a.body, "Token").empty());
  std::string expiration = str(a.body, "Expiration");
  CHECK(expiration.size() == 20);  // 2026-01-01T06:00:00Z
  CHECK(expiration.back() == 'Z');

  // The key is a real credential for the session named after the task id.
  const iam::IssuedKey* issued = f.world.keys().find(key);
  REQUIRE(issued != nullptr);
  CHECK(issued->principal_arn == "arn:aws:sts::123456789012:assumed-role/task-role/" + task.id);
  CHECK(issued->session_token == str(a.body, "Token"));

  // Asked again, the same credentials; near their expiry, fresh ones.
  CHECK(str(f.fetch(task.credentials_id).body, "AccessKeyId") == key);
  f.clock.advance(std::chrono::seconds(taskmeta::kTaskCredentialsSeconds - taskmeta::kTaskCredentialsRefreshSeconds));
  taskmeta::CredentialsAnswer later = f.fetch(task.credentials_id);
  CHECK(later.status == 200);
  CHECK(str(later.body, "AccessKeyId") != key);
}

TEST_CASE("Unknown, empty and stopped tasks' ids answer the agent's 400 errors", "[taskmeta]") {
  Fixture f;
  ecs::Task& task = f.add_task(kRoleArn);
  task.credentials_id = "11111111-2222-4333-8444-555555555555";

  taskmeta::CredentialsAnswer unknown = f.fetch("99999999-2222-4333-8444-555555555555");
  CHECK(unknown.status == 400);
  CHECK(str(unknown.body, "code") == "InvalidIdInRequest");
  CHECK(str(unknown.body, "message") == "CredentialsV2Request: ID not found");

  taskmeta::CredentialsAnswer empty = f.fetch("");
  CHECK(empty.status == 400);
  CHECK(str(empty.body, "code") == "NoIdInRequest");
  CHECK(str(empty.body, "message") == "CredentialsV2Request: No ID in the request");

  task.last_status = "STOPPED";
  CHECK(str(f.fetch(task.credentials_id).body, "code") == "InvalidIdInRequest");
}

TEST_CASE("A task role that no longer exists has no credentials", "[taskmeta]") {
  Fixture f;
  ecs::Task& task = f.add_task("arn:aws:iam::123456789012:role/gone");
  task.credentials_id = "11111111-2222-4333-8444-555555555555";
  taskmeta::CredentialsAnswer a = f.fetch(task.credentials_id);
  CHECK(a.status == 400);
  CHECK(str(a.body, "code") == "InvalidIdInRequest");
}
