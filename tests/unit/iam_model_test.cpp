#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "aws/operation_registry.hpp"
#include "aws/request_context.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "ecsemu/id_source.hpp"
#include "services/iam/iam_credentials.hpp"
#include "services/iam/iam_handlers.hpp"
#include "services/iam/iam_model.hpp"
#include "services/sts/sts_handlers.hpp"
#include "services/sts/sts_sessions.hpp"
#include "state/world.hpp"

using namespace ecsemu;
namespace json = boost::json;

namespace {

constexpr const char* kAccount = "123456789012";
constexpr std::string_view kTrust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},)"
    R"("Action":"sts:AssumeRole"}]})";
constexpr std::string_view kPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]})";

struct Env {
  state::World world;
  std::unique_ptr<IdSource> ids = make_seeded_id_source(7);
  aws::RequestContext ctx;

  Env() {
    ctx.world = &world;
    ctx.ids = ids.get();
    ctx.account_id = kAccount;
    ctx.region = "eu-west-1";
    ctx.now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  }

  // The handler registered for an IAM operation (the shared role/user/group ones have no names of their own).
  static aws::Handler op(std::string_view name) {
    static const aws::OperationRegistry registry = [] {
      aws::OperationRegistry r;
      iam::register_operations(r);
      return r;
    }();
    aws::Handler handler = registry.find("iam", name);
    REQUIRE(handler != nullptr);
    return handler;
  }

  // The error code a handler throws, or "" when it succeeds.
  template <typename Fn>
  std::string error(Fn fn, json::object input) {
    try {
      fn(ctx, input);
    } catch (const aws::ServiceError& e) {
      return e.code();
    }
    return "";
  }
};

json::object role_input(std::string_view name) {
  return json::object{{"RoleName", name}, {"AssumeRolePolicyDocument", kTrust}};
}

}  // namespace

TEST_CASE("IAM ARNs carry the path and parse back", "[iam]") {
  CHECK(iam::iam_arn(kAccount, "role", "/", "r") == "arn:aws:iam::123456789012:role/r");
  CHECK(iam::iam_arn(kAccount, "role", "/service-role/", "r") == "arn:aws:iam::123456789012:role/service-role/r");
  auto parts = iam::parse_iam_arn("arn:aws:iam::123456789012:role/a/b/name", "role");
  REQUIRE(parts);
  CHECK(parts->account == kAccount);
  CHECK(parts->path == "/a/b/");
  CHECK(parts->name == "name");
  CHECK_FALSE(iam::parse_iam_arn("arn:aws:iam::123456789012:user/x", "role"));
  CHECK_FALSE(iam::parse_iam_arn("arn:aws:iam::123456789012:role/", "role"));
  CHECK_FALSE(iam::parse_iam_arn("nonsense", "role"));
}

TEST_CASE("Paths and names follow IAM's patterns", "[iam]") {
  CHECK_NOTHROW(iam::check_path("/", "path"));
  CHECK_NOTHROW(iam::check_path("/a/b/", "path"));
  CHECK_THROWS_AS(iam::check_path("a/", "path"), aws::ServiceError);
  CHECK_THROWS_AS(iam::check_path("/a", "path"), aws::ServiceError);
  CHECK_NOTHROW(iam::check_name("ecs+Task=Role,1.@-_", "roleName"));
  CHECK_THROWS_AS(iam::check_name("has space", "roleName"), aws::ServiceError);
}

TEST_CASE("Tags merge case-insensitively and refuse duplicate keys", "[iam]") {
  iam::Tags tags = iam::merge_tags({{"Env", "a"}}, {{"env", "b"}, {"Team", "c"}});
  REQUIRE(tags.size() == 2);
  CHECK(tags[0].second == "b");
  CHECK_THROWS_AS(iam::merge_tags({}, {{"k", "1"}, {"K", "2"}}), aws::ServiceError);
  CHECK(iam::remove_tags(tags, {"Team"}).size() == 1);
}

TEST_CASE("Role names are unique without regard to case, and ids have IAM's prefixes", "[iam]") {
  Env env;
  json::value out = iam::create_role(env.ctx, role_input("ecsTaskExecutionRole"));
  std::string id(out.at("Role").at("RoleId").as_string());
  CHECK(id.rfind("AROA", 0) == 0);
  CHECK(id.size() == 21);
  CHECK(env.error(&iam::create_role, role_input("ECSTASKEXECUTIONROLE")) == "EntityAlreadyExistsException");
  CHECK(env.error(&iam::get_role, {{"RoleName", "ecstaskexecutionrole"}}) == "");
  CHECK(env.error(&iam::get_role, {{"RoleName", "nope"}}) == "NoSuchEntityException");
  // IAM is global: a request signed for another region sees the same role.
  env.ctx.region = "us-east-1";
  CHECK(env.error(&iam::get_role, {{"RoleName", "ecsTaskExecutionRole"}}) == "");
}

TEST_CASE("A role with policies or an instance profile cannot be deleted", "[iam]") {
  Env env;
  iam::create_role(env.ctx, role_input("r"));
  json::object attach{{"RoleName", "r"},
                      {"PolicyArn", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}};
  CHECK(env.error(Env::op("AttachRolePolicy"), attach) == "");
  CHECK(env.error(&iam::delete_role, {{"RoleName", "r"}}) == "DeleteConflictException");
  Env::op("DetachRolePolicy")(env.ctx, attach);
  Env::op("PutRolePolicy")(env.ctx, {{"RoleName", "r"}, {"PolicyName", "p"}, {"PolicyDocument", kPolicy}});
  CHECK(env.error(&iam::delete_role, {{"RoleName", "r"}}) == "DeleteConflictException");
  Env::op("DeleteRolePolicy")(env.ctx, {{"RoleName", "r"}, {"PolicyName", "p"}});
  iam::create_instance_profile(env.ctx, {{"InstanceProfileName", "ip"}});
  iam::add_role_to_instance_profile(env.ctx, {{"InstanceProfileName", "ip"}, {"RoleName", "r"}});
  CHECK(env.error(&iam::delete_role, {{"RoleName", "r"}}) == "DeleteConflictException");
  iam::remove_role_from_instance_profile(env.ctx, {{"InstanceProfileName", "ip"}, {"RoleName", "r"}});
  CHECK(env.error(&iam::delete_role, {{"RoleName", "r"}}) == "");
}

TEST_CASE("Attaching needs a policy that exists", "[iam]") {
  Env env;
  iam::create_role(env.ctx, role_input("r"));
  CHECK(env.error(Env::op("AttachRolePolicy"),
                  {{"RoleName", "r"}, {"PolicyArn", "arn:aws:iam::aws:policy/NoSuchOne"}}) == "NoSuchEntityException");
  CHECK(env.error(Env::op("AttachRolePolicy"), {{"RoleName", "r"}, {"PolicyArn", "not-an-arn"}}) ==
        "InvalidInputException");
}

TEST_CASE("A managed policy keeps at most five versions and never loses its default", "[iam]") {
  Env env;
  json::value created = iam::create_policy(env.ctx, {{"PolicyName", "p"}, {"PolicyDocument", kPolicy}});
  std::string arn(created.at("Policy").at("Arn").as_string());
  for (int i = 0; i < 4; ++i) {
    CHECK(env.error(&iam::create_policy_version, {{"PolicyArn", arn}, {"PolicyDocument", kPolicy}}) == "");
  }
  CHECK(env.error(&iam::create_policy_version, {{"PolicyArn", arn}, {"PolicyDocument", kPolicy}}) ==
        "LimitExceededException");
  CHECK(env.error(&iam::delete_policy_version, {{"PolicyArn", arn}, {"VersionId", "v1"}}) == "DeleteConflictException");
  CHECK(env.error(&iam::set_default_policy_version, {{"PolicyArn", arn}, {"VersionId", "v5"}}) == "");
  CHECK(env.error(&iam::delete_policy_version, {{"PolicyArn", arn}, {"VersionId", "v1"}}) == "");
  CHECK(env.error(&iam::delete_policy, {{"PolicyArn", arn}}) == "DeleteConflictException");
}

TEST_CASE("Access keys resolve to their user; deleting the key forgets it", "[iam]") {
  Env env;
  iam::create_user(env.ctx, {{"UserName", "alice"}});
  json::value key = iam::create_access_key(env.ctx, {{"UserName", "alice"}});
  std::string id(key.at("AccessKey").at("AccessKeyId").as_string());
  CHECK(id.rfind("AKIA", 0) == 0);
  CHECK(id.size() == 20);
  iam::WorldCredentialResolver resolver(env.world);
  auto resolved = resolver.resolve(id);
  REQUIRE(resolved);
  CHECK(resolved->account_id == kAccount);
  CHECK(resolved->principal_arn == "arn:aws:iam::123456789012:user/alice");
  CHECK(resolved->session_token.empty());
  CHECK(env.error(&iam::delete_user, {{"UserName", "alice"}}) == "DeleteConflictException");
  iam::create_access_key(env.ctx, {{"UserName", "alice"}});
  CHECK(env.error(&iam::create_access_key, {{"UserName", "alice"}}) == "LimitExceededException");
  iam::delete_access_key(env.ctx, {{"UserName", "alice"}, {"AccessKeyId", id}});
  CHECK_FALSE(resolver.resolve(id));
}

TEST_CASE("A role session is registered with its token and expiry and names the assumed role", "[sts]") {
  Env env;
  iam::create_role(env.ctx, role_input("task-role"));
  auto creds = sts::issue_role_session(env.world, *env.ids, env.ctx.now, "arn:aws:iam::123456789012:role/task-role",
                                       "task-1", 900);
  CHECK(creds.access_key_id.rfind("ASIA", 0) == 0);
  CHECK(creds.assumed_role_arn == "arn:aws:sts::123456789012:assumed-role/task-role/task-1");
  CHECK(creds.expiration == 1700000000.0 + 900);
  iam::WorldCredentialResolver resolver(env.world);
  auto resolved = resolver.resolve(creds.access_key_id);
  REQUIRE(resolved);
  CHECK(resolved->session_token == creds.session_token);
  CHECK(resolved->principal_arn == creds.assumed_role_arn);
  REQUIRE(resolved->expiration);
  CHECK_THROWS_AS(
      sts::issue_role_session(env.world, *env.ids, env.ctx.now, "arn:aws:iam::123456789012:role/none", "s", 900),
      aws::ServiceError);
}

TEST_CASE("AssumeRole honours the role's maximum session duration and role chaining's hour", "[sts]") {
  Env env;
  iam::create_role(env.ctx, role_input("r"));
  json::object input{{"RoleArn", "arn:aws:iam::123456789012:role/r"}, {"RoleSessionName", "s1"}};
  CHECK(env.error(&sts::assume_role, input) == "");
  input["DurationSeconds"] = 7200;
  CHECK(env.error(&sts::assume_role, input) == "ValidationError");
  iam::update_role(env.ctx, {{"RoleName", "r"}, {"MaxSessionDuration", 7200}});
  CHECK(env.error(&sts::assume_role, input) == "");
  env.ctx.principal_arn = "arn:aws:sts::123456789012:assumed-role/r/s1";
  env.ctx.temporary_credentials = true;
  CHECK(env.error(&sts::assume_role, input) == "ValidationError");
  input["RoleArn"] = "arn:aws:iam::123456789012:role/missing";
  input.erase("DurationSeconds");
  CHECK(env.error(&sts::assume_role, input) == "AccessDenied");
}
