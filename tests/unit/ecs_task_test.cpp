#include <catch2/catch.hpp>

#include "aws/request_context.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_model.hpp"
#include "services/ecs/ecs_task_handlers.hpp"
#include "services/ecs/ecs_task_network.hpp"
#include "state/world.hpp"

using namespace ecsemu;
namespace json = boost::json;

namespace {

constexpr const char* kAccount = "123456789012";
constexpr const char* kRegion = "us-east-1";

// The default subnet of the latest Env's EC2 model (what fargate_run's tasks use).
std::string current_subnet;

struct Env {
  state::World world;
  aws::RequestContext ctx;
  ecs::EcsState* state;

  Env() {
    ctx.world = &world;
    ctx.account_id = kAccount;
    ctx.region = kRegion;
    ctx.now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    state = &world.region(kAccount, kRegion).ecs;
    ecs::Cluster c;
    c.name = "default";
    c.arn = ecs::cluster_arn(kRegion, kAccount, "default");
    c.capacity_providers = json::array{"FARGATE", "FARGATE_SPOT"};
    state->clusters.emplace("default", std::move(c));
    current_subnet = ecs::default_subnet_ids(world.region(kAccount, kRegion).ec2, kRegion).front();
  }

  void add_definition(const std::string& family, int revision, json::object spec, std::string status = "ACTIVE") {
    ecs::TaskDefinition td;
    td.family = family;
    td.revision = revision;
    td.arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/" + family + ":" + std::to_string(revision);
    td.status = status;
    td.spec = std::move(spec);
    td.tags = {{"from", "definition"}};
    state->task_definitions.families[family][revision] = std::move(td);
  }

  ecs::ContainerInstance& add_instance(const std::string& id, std::int64_t cpu, std::int64_t memory) {
    ecs::ContainerInstance ci;
    ci.id = id;
    ci.arn = "arn:aws:ecs:us-east-1:123456789012:container-instance/default/" + id;
    ci.cluster_arn = ecs::cluster_arn(kRegion, kAccount, "default");
    ci.ec2_instance_id = "i-" + id;
    ci.registered_cpu = cpu;
    ci.registered_memory = memory;
    return state->container_instances.instances.emplace(id, std::move(ci)).first->second;
  }
};

json::object web_spec() {
  return json::object{{"family", "web"},
                      {"containerDefinitions",
                       json::array{json::object{
                           {"name", "app"},
                           {"image", "nginx"},
                           {"cpu", 256},
                           {"memory", 512},
                           {"portMappings", json::array{json::object{{"containerPort", 80}, {"hostPort", 8080}}}}}}}};
}

json::object fargate_spec() {
  return json::object{{"family", "job"},
                      {"networkMode", "awsvpc"},
                      {"cpu", "256"},
                      {"memory", "512"},
                      {"containerDefinitions", json::array{json::object{{"name", "main"}, {"image", "busybox"}}}}};
}

std::string error_code(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const aws::ServiceError& e) {
    return e.code();
  }
  return "";
}

json::object fargate_run(json::object extra = {}) {
  json::object in{
      {"taskDefinition", "job"},
      {"launchType", "FARGATE"},
      {"networkConfiguration",
       json::object{{"awsvpcConfiguration", json::object{{"subnets", json::array{current_subnet.c_str()}}}}}}};
  for (auto& [k, v] : extra) {
    in[k] = v;
  }
  return in;
}

}  // namespace

TEST_CASE("Task ARNs use the long format and parse back", "[ecs]") {
  std::string arn = ecs::task_arn("eu-west-1", kAccount, "web", "0123456789abcdef0123456789abcdef");
  CHECK(arn == "arn:aws:ecs:eu-west-1:123456789012:task/web/0123456789abcdef0123456789abcdef");
  ecs::TaskArnParts parts;
  REQUIRE(ecs::parse_task_arn(arn, parts));
  CHECK(parts.region == "eu-west-1");
  CHECK(parts.cluster_name == "web");
  CHECK(parts.id == "0123456789abcdef0123456789abcdef");
  REQUIRE(ecs::parse_task_arn("arn:aws:ecs:us-east-1:123456789012:task/abc", parts));
  CHECK(parts.cluster_name.empty());
  CHECK_FALSE(ecs::parse_task_arn("arn:aws:ecs:us-east-1:123456789012:service/abc", parts));
  CHECK_FALSE(ecs::parse_task_arn("arn:aws:ecs:us-east-1:123456789012:task/a/b/c", parts));
  CHECK_FALSE(ecs::parse_task_arn("task/abc", parts));
}

TEST_CASE("RunTask on Fargate returns a PROVISIONING task with an ENI attachment", "[ecs]") {
  Env env;
  env.add_definition("job", 1, fargate_spec());
  auto out = ecs::run_task(env.ctx, fargate_run({{"count", 2}, {"startedBy", "me"}})).as_object();
  REQUIRE(out.at("tasks").as_array().size() == 2);
  CHECK(out.at("failures").as_array().empty());
  const auto& t = out.at("tasks").as_array()[0].as_object();
  CHECK(t.at("lastStatus") == "PROVISIONING");
  CHECK(t.at("desiredStatus") == "RUNNING");
  CHECK(t.at("launchType") == "FARGATE");
  CHECK(t.at("platformVersion") == "1.4.0");
  CHECK(t.at("group") == "family:job");
  CHECK(t.at("startedBy") == "me");
  CHECK(t.at("cpu") == "256");
  CHECK(t.at("ephemeralStorage").at("sizeInGiB") == 20);
  std::string arn(t.at("taskArn").as_string());
  CHECK(arn.rfind("arn:aws:ecs:us-east-1:123456789012:task/default/", 0) == 0);
  CHECK(arn.size() == std::string("arn:aws:ecs:us-east-1:123456789012:task/default/").size() + 32);
  const auto& att = t.at("attachments").as_array()[0].as_object();
  CHECK(att.at("type") == "ElasticNetworkInterface");
  CHECK(att.at("details").as_array()[0].at("value") == json::value(current_subnet.c_str()));
}

TEST_CASE("RunTask refuses what AWS refuses", "[ecs]") {
  Env env;
  env.add_definition("job", 1, fargate_spec());
  env.add_definition("job", 2, fargate_spec(), "INACTIVE");
  env.add_definition("web", 1, web_spec());
  auto run = [&](json::object in) { return error_code([&] { ecs::run_task(env.ctx, in); }); };
  CHECK(run({{"taskDefinition", "nope"}}) == "ClientException");
  CHECK(run(fargate_run({{"taskDefinition", "job:2"}})) == "ClientException");
  // A revision that is not a number: "Invalid revision number. Number: x", as ECS answers "family:latest".
  CHECK(run(fargate_run({{"taskDefinition", "job:x"}})) == "InvalidParameterException");
  CHECK(run(fargate_run({{"count", 11}})) == "InvalidParameterException");
  CHECK(run(fargate_run({{"count", 0}})) == "InvalidParameterException");
  CHECK(run(fargate_run({{"cluster", "missing"}})) == "ClusterNotFoundException");
  CHECK(run({{"taskDefinition", "job"}, {"launchType", "FARGATE"}}) == "InvalidParameterException");
  CHECK(run(fargate_run({{"networkConfiguration",
                          json::object{{"awsvpcConfiguration", json::object{{"subnets", json::array{}}}}}}})) ==
        "InvalidParameterException");
  json::array many;
  for (int i = 0; i < 17; ++i) {
    many.push_back(json::value("subnet-" + std::to_string(i)));
  }
  CHECK(run(fargate_run(
            {{"networkConfiguration", json::object{{"awsvpcConfiguration", json::object{{"subnets", many}}}}}})) ==
        "InvalidParameterException");
  CHECK(run(fargate_run(
            {{"networkConfiguration",
              json::object{{"awsvpcConfiguration",
                            json::object{{"subnets", json::array{"s"}},
                                         {"securityGroups", json::array{"1", "2", "3", "4", "5", "6"}}}}}}})) ==
        "InvalidParameterException");
  CHECK(run(fargate_run({{"platformVersion", "9.9.9"}})) == "PlatformUnknownException");
  CHECK(run(fargate_run({{"capacityProviderStrategy", json::array{json::object{{"capacityProvider", "FARGATE"}}}}})) ==
        "InvalidParameterException");
  CHECK(run(fargate_run(
            {{"overrides", json::object{{"containerOverrides", json::array{json::object{{"name", "ghost"}}}}}}})) ==
        "InvalidParameterException");
  // The bridge-mode definition does not run on Fargate nor take a network configuration.
  CHECK(run({{"taskDefinition", "web"}, {"launchType", "FARGATE"}}) == "InvalidParameterException");
  CHECK(run(fargate_run({{"taskDefinition", "web"}, {"launchType", "EC2"}})) == "InvalidParameterException");
  CHECK(run({{"taskDefinition", "web"}, {"launchType", "EC2"}, {"platformVersion", "LATEST"}}) ==
        "InvalidParameterException");
  // EC2 with no container instances.
  CHECK(run({{"taskDefinition", "web"}}) == "InvalidParameterException");
  CHECK(env.state->tasks.tasks.empty());
}

TEST_CASE("awsvpc tasks get a requester-managed ENI in the EC2 model, released when they stop", "[ecs]") {
  Env env;
  env.add_definition("job", 1, fargate_spec());
  ec2::NetworkState& net = env.world.region(kAccount, kRegion).ec2.network;
  auto run = [&](json::object in) { return error_code([&] { ecs::run_task(env.ctx, in); }); };
  auto with_network = [](json::array subnets, json::array groups) {
    return fargate_run(
        {{"networkConfiguration",
          json::object{{"awsvpcConfiguration", json::object{{"subnets", subnets}, {"securityGroups", groups}}}}}});
  };
  const std::size_t enis_before = net.network_interfaces.size();
  CHECK(run(with_network({"subnet-0123456789abcdef0"}, {})) == "InvalidParameterException");
  CHECK(run(with_network({current_subnet.c_str()}, {"sg-0123456789abcdef0"})) == "InvalidParameterException");
  CHECK(env.state->tasks.tasks.empty());
  CHECK(net.network_interfaces.size() == enis_before);

  auto t = ecs::run_task(env.ctx, fargate_run()).at("tasks").as_array()[0].as_object();
  ecs::Task& task = env.state->tasks.tasks.begin()->second;
  REQUIRE(task.eni);
  auto it = net.network_interfaces.find(task.eni->eni_id);
  REQUIRE(it != net.network_interfaces.end());
  const ec2::NetworkInterface& eni = it->second;
  CHECK(eni.subnet_id == current_subnet);
  CHECK(eni.requester_managed);
  CHECK(eni.status == "in-use");
  CHECK(eni.description == "arn:aws:ecs:us-east-1:123456789012:attachment/" + task.eni->attachment_id);
  CHECK(task.eni->private_ip == eni.private_ip);
  CHECK(task.eni->mac_address == eni.mac_address);
  CHECK(task.availability_zone == eni.availability_zone);
  CHECK(t.at("availabilityZone") == json::value(eni.availability_zone.c_str()));

  ecs::release_task_eni(env.world, task);
  CHECK(net.network_interfaces.count(task.eni->eni_id) == 0);
  ecs::release_task_eni(env.world, task);  // already gone: no effect
}

TEST_CASE("A capacity provider strategy with FARGATE_SPOT launches Fargate tasks", "[ecs]") {
  Env env;
  env.add_definition("job", 1, fargate_spec());
  json::object in = fargate_run();
  in.erase("launchType");
  in["capacityProviderStrategy"] = json::array{json::object{{"capacityProvider", "FARGATE_SPOT"}, {"weight", 1}}};
  auto t = ecs::run_task(env.ctx, in).at("tasks").as_array()[0].as_object();
  CHECK(t.at("launchType") == "FARGATE");
  CHECK(t.at("capacityProviderName") == "FARGATE_SPOT");
  in["capacityProviderStrategy"] = json::array{json::object{{"capacityProvider", "mine"}}};
  CHECK(error_code([&] { ecs::run_task(env.ctx, in); }) == "InvalidParameterException");
}

TEST_CASE("clientToken makes RunTask idempotent", "[ecs]") {
  Env env;
  env.add_definition("job", 1, fargate_spec());
  auto a = ecs::run_task(env.ctx, fargate_run({{"clientToken", "tok"}})).at("tasks").as_array()[0].at("taskArn");
  auto b = ecs::run_task(env.ctx, fargate_run({{"clientToken", "tok"}})).at("tasks").as_array()[0].at("taskArn");
  CHECK(a == b);
  CHECK(env.state->tasks.tasks.size() == 1);
}

TEST_CASE("Tags, propagateTags and overrides are stored and echoed", "[ecs]") {
  Env env;
  env.add_definition("job", 1, fargate_spec());
  json::object overrides{{"containerOverrides", json::array{json::object{{"name", "main"}, {"memory", 256}}}},
                         {"cpu", "512"},
                         {"memory", "1 GB"},
                         {"taskRoleArn", "arn:aws:iam::123456789012:role/r"}};
  auto t = ecs::run_task(env.ctx, fargate_run({{"tags", json::array{json::object{{"key", "k"}, {"value", "v"}}}},
                                               {"propagateTags", "TASK_DEFINITION"},
                                               {"enableExecuteCommand", true},
                                               {"overrides", overrides}}))
               .at("tasks")
               .as_array()[0]
               .as_object();
  CHECK(t.at("tags").as_array().size() == 2);
  CHECK(t.at("cpu") == "512");
  CHECK(t.at("memory") == "1024");
  CHECK(t.at("enableExecuteCommand") == true);
  CHECK(t.at("overrides").at("taskRoleArn") == "arn:aws:iam::123456789012:role/r");
  CHECK(t.at("containers").as_array()[0].at("memory") == "256");
  std::string arn(t.at("taskArn").as_string());
  std::string id = arn.substr(arn.find("task/") + 5);
  REQUIRE(ecs::find_task_tags(*env.state, id) != nullptr);
  CHECK(ecs::find_task_tags(*env.state, id)->size() == 2);
  CHECK(ecs::find_task_tags(*env.state, "other/" + id.substr(id.find('/') + 1)) == nullptr);
  CHECK(ecs::find_task_tags(*env.state, "nothing") == nullptr);
}

TEST_CASE("EC2 tasks are placed on container instances and hold their resources", "[ecs]") {
  Env env;
  env.add_definition("web", 1, web_spec());
  auto& ci = env.add_instance("aaaa", 1024, 1024);
  auto out = ecs::run_task(env.ctx, {{"taskDefinition", "web"}, {"count", 3}}).as_object();
  // One task holds host port 8080, so only one fits.
  REQUIRE(out.at("tasks").as_array().size() == 1);
  CHECK(out.at("tasks").as_array()[0].at("containerInstanceArn").as_string() == ci.arn);
  REQUIRE(out.at("failures").as_array().size() == 1);
  CHECK(out.at("failures").as_array()[0].at("reason") == "RESOURCE:PORTS");
  CHECK(out.at("failures").as_array()[0].at("arn").as_string() == ci.arn);
  auto r = ecs::reserved_on_instance(*env.state, ci.arn);
  CHECK(r.cpu == 256);
  CHECK(r.memory == 512);
  CHECK(r.tcp_ports == std::vector<int>{8080});
  ecs::ClusterCounts counts;
  ecs::add_task_counts(*env.state, ecs::cluster_arn(kRegion, kAccount, "default"), counts);
  CHECK(counts.pending_tasks == 1);
  CHECK(counts.pending_ec2_tasks == 1);
}

TEST_CASE("StartTask uses the named instances and reports unknown ones as MISSING", "[ecs]") {
  Env env;
  env.add_definition("web", 1, web_spec());
  env.add_instance("aaaa", 1024, 1024);
  auto out = ecs::start_task(env.ctx, {{"taskDefinition", "web"}, {"containerInstances", json::array{"aaaa", "zzzz"}}})
                 .as_object();
  CHECK(out.at("tasks").as_array().size() == 1);
  REQUIRE(out.at("failures").as_array().size() == 1);
  CHECK(out.at("failures").as_array()[0].at("reason") == "MISSING");
}

TEST_CASE("StopTask, DescribeTasks and ListTasks work on desired state", "[ecs]") {
  Env env;
  env.add_definition("job", 1, fargate_spec());
  auto tasks = ecs::run_task(env.ctx, fargate_run({{"count", 3}, {"startedBy", "me"}})).at("tasks").as_array();
  std::string first(tasks[0].at("taskArn").as_string());
  auto stopped = ecs::stop_task(env.ctx, {{"task", first}, {"reason", "done"}}).at("task").as_object();
  CHECK(stopped.at("desiredStatus") == "STOPPED");
  CHECK(stopped.at("stopCode") == "UserInitiated");
  CHECK(stopped.at("stoppedReason") == "done");
  CHECK(error_code([&] { ecs::stop_task(env.ctx, {{"task", "ffff"}}); }) == "InvalidParameterException");

  auto described =
      ecs::describe_tasks(env.ctx, {{"tasks", json::array{first, "nope"}}, {"include", json::array{"TAGS"}}})
          .as_object();
  CHECK(described.at("tasks").as_array().size() == 1);
  CHECK(described.at("tasks").as_array()[0].as_object().contains("tags"));
  CHECK(described.at("failures").as_array()[0].at("reason") == "MISSING");
  CHECK(described.at("failures").as_array()[0].at("arn") == "arn:aws:ecs:us-east-1:123456789012:task/default/nope");
  CHECK_FALSE(ecs::describe_tasks(env.ctx, {{"tasks", json::array{first}}})
                  .at("tasks")
                  .as_array()[0]
                  .as_object()
                  .contains("tags"));

  CHECK(ecs::list_tasks(env.ctx, {}).at("taskArns").as_array().size() == 2);
  CHECK(ecs::list_tasks(env.ctx, {{"desiredStatus", "STOPPED"}}).at("taskArns").as_array().size() == 1);
  CHECK(ecs::list_tasks(env.ctx, {{"desiredStatus", "PENDING"}}).at("taskArns").as_array().empty());
  CHECK(ecs::list_tasks(env.ctx, {{"family", "other"}}).at("taskArns").as_array().empty());
  CHECK(ecs::list_tasks(env.ctx, {{"startedBy", "me"}}).at("taskArns").as_array().size() == 2);
  CHECK(ecs::list_tasks(env.ctx, {{"launchType", "EC2"}}).at("taskArns").as_array().empty());
  CHECK(error_code([&] { ecs::list_tasks(env.ctx, {{"serviceName", "svc"}}); }) == "ServiceNotFoundException");
  CHECK(error_code([&] { ecs::list_tasks(env.ctx, {{"nextToken", "garbage"}}); }) == "InvalidParameterException");
  CHECK(error_code([&] { ecs::list_tasks(env.ctx, {{"maxResults", 0}}); }) == "InvalidParameterException");
  CHECK(error_code([&] { ecs::list_tasks(env.ctx, {{"containerInstance", "nope"}}); }) == "InvalidParameterException");

  auto page1 = ecs::list_tasks(env.ctx, {{"maxResults", 1}}).as_object();
  REQUIRE(page1.contains("nextToken"));
  auto page2 = ecs::list_tasks(env.ctx, {{"maxResults", 1}, {"nextToken", page1.at("nextToken")}}).as_object();
  CHECK_FALSE(page2.contains("nextToken"));
  CHECK(page1.at("taskArns").as_array()[0] != page2.at("taskArns").as_array()[0]);
}

TEST_CASE("Task protection is for service tasks only and expires", "[ecs]") {
  Env env;
  env.add_definition("job", 1, fargate_spec());
  auto tasks = ecs::run_task(env.ctx, fargate_run({{"count", 2}})).at("tasks").as_array();
  std::string standalone(tasks[0].at("taskArn").as_string());
  std::string service(tasks[1].at("taskArn").as_string());
  env.state->tasks.tasks.at(service.substr(service.rfind('/') + 1)).group = "service:svc";

  auto out = ecs::update_task_protection(env.ctx, {{"cluster", "default"},
                                                   {"tasks", json::array{standalone, service, "gone"}},
                                                   {"protectionEnabled", true}})
                 .as_object();
  REQUIRE(out.at("protectedTasks").as_array().size() == 1);
  CHECK(out.at("protectedTasks").as_array()[0].at("expirationDate").as_double() == Approx(1700000000 + 7200));
  REQUIRE(out.at("failures").as_array().size() == 2);
  CHECK(out.at("failures").as_array()[0].at("reason") == "TASK_NOT_VALID");
  CHECK(out.at("failures").as_array()[1].at("reason") == "MISSING");
  CHECK(error_code([&] {
          ecs::update_task_protection(env.ctx, {{"cluster", "default"},
                                                {"tasks", json::array{service}},
                                                {"protectionEnabled", true},
                                                {"expiresInMinutes", 2881}});
        }) == "InvalidParameterException");
  auto got = ecs::get_task_protection(env.ctx, {{"cluster", "default"}, {"tasks", json::array{service}}}).as_object();
  CHECK(got.at("protectedTasks").as_array()[0].at("protectionEnabled") == true);
  env.ctx.now += std::chrono::hours(3);
  got = ecs::get_task_protection(env.ctx, {{"cluster", "default"}, {"tasks", json::array{service}}}).as_object();
  CHECK(got.at("protectedTasks").as_array()[0].at("protectionEnabled") == false);
}

TEST_CASE("The task store indexes tasks by cluster and group and by container instance", "[unit][ecs]") {
  ecs::TaskStore store;
  auto make = [](std::string id, std::string cluster, std::string group, std::string instance) {
    ecs::Task t;
    t.id = std::move(id);
    t.cluster_arn = std::move(cluster);
    t.group = std::move(group);
    t.container_instance_arn = std::move(instance);
    return t;
  };
  ecs::insert_task(store, make("a", "c1", "service:web", "ci-1"));
  ecs::insert_task(store, make("b", "c1", "service:web", ""));
  ecs::insert_task(store, make("c", "c2", "service:web", "ci-1"));
  CHECK(ecs::task_ids_in_group(store, "c1", "service:web") == std::set<std::string>{"a", "b"});
  CHECK(ecs::task_ids_in_group(store, "c2", "service:web") == std::set<std::string>{"c"});
  CHECK(ecs::task_ids_in_group(store, "c1", "service:api").empty());
  CHECK(ecs::task_ids_on_instance(store, "ci-1") == std::set<std::string>{"a", "c"});
  ecs::erase_task(store, store.tasks.find("a"));
  CHECK(ecs::task_ids_in_group(store, "c1", "service:web") == std::set<std::string>{"b"});
  CHECK(ecs::task_ids_on_instance(store, "ci-1") == std::set<std::string>{"c"});
  ecs::erase_task(store, store.tasks.find("c"));
  CHECK(store.by_instance.empty());
  CHECK(store.tasks.size() == 1);
}
