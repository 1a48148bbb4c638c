#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_account_setting_model.hpp"
#include "services/ecs/ecs_task_definition_model.hpp"
#include "services/ecs/ecs_task_definition_views.hpp"

using namespace ecsemu::ecs;
namespace json = boost::json;

namespace {

json::object parse(std::string_view text) { return json::parse(text).as_object(); }

// The ServiceError code and message a RegisterTaskDefinition input is refused with ("" when accepted).
std::pair<std::string, std::string> refusal(std::string_view text) {
  try {
    checked_task_definition_spec(parse(text));
  } catch (const ecsemu::aws::ServiceError& e) {
    return {e.code(), e.message()};
  }
  return {};
}

TaskDefinition make(TaskDefinitionStore& store, std::string family) {
  TaskDefinition d;
  d.family = std::move(family);
  return store.add(std::move(d), "us-east-1", "123456789012");
}

}  // namespace

TEST_CASE("Task definition identifiers are a family, family:revision or an ARN", "[ecs]") {
  auto family = parse_task_definition_ref("web");
  REQUIRE(family);
  CHECK(family->family == "web");
  CHECK(family->revision == 0);
  auto revision = parse_task_definition_ref("web:12");
  REQUIRE(revision);
  CHECK(revision->revision == 12);
  auto arn = parse_task_definition_ref("arn:aws:ecs:us-east-1:123456789012:task-definition/my_app-1:3");
  REQUIRE(arn);
  CHECK(arn->family == "my_app-1");
  CHECK(arn->revision == 3);
  CHECK_FALSE(parse_task_definition_ref("web:0"));
  CHECK_FALSE(parse_task_definition_ref("web:x"));
  CHECK_FALSE(parse_task_definition_ref("web:"));
  CHECK_FALSE(parse_task_definition_ref("bad name:1"));
  CHECK_FALSE(parse_task_definition_ref("arn:aws:ecs:us-east-1:123456789012:cluster/web"));
  CHECK(task_definition_arn("eu-west-1", "111122223333", "f", 7) ==
        "arn:aws:ecs:eu-west-1:111122223333:task-definition/f:7");
}

TEST_CASE("Revisions increase per family and are never reused", "[ecs]") {
  TaskDefinitionStore store;
  CHECK(make(store, "a").revision == 1);
  CHECK(make(store, "a").revision == 2);
  CHECK(make(store, "b").revision == 1);
  TaskDefinition* second = store.find("a", 2);
  REQUIRE(second != nullptr);
  CHECK(second->arn == "arn:aws:ecs:us-east-1:123456789012:task-definition/a:2");
  store.set_status(*second, TaskDefinitionStatus::kInactive);
  store.set_status(*second, TaskDefinitionStatus::kDeleteInProgress);
  CHECK(make(store, "a").revision == 3);
  CHECK(store.size() == 4);
}

TEST_CASE("The latest ACTIVE revision skips deregistered ones and status indexes follow changes", "[ecs]") {
  TaskDefinitionStore store;
  make(store, "a");
  make(store, "a");
  make(store, "ab");
  CHECK(store.latest_active("a")->revision == 2);
  store.set_status(*store.find("a", 2), TaskDefinitionStatus::kInactive);
  CHECK(store.latest_active("a")->revision == 1);
  CHECK(store.has_active("a"));
  store.set_status(*store.find("a", 1), TaskDefinitionStatus::kInactive);
  CHECK(store.latest_active("a") == nullptr);
  CHECK_FALSE(store.has_active("a"));
  CHECK(store.has_active("ab"));
  CHECK(store.with_status(TaskDefinitionStatus::kInactive).size() == 2);
  CHECK(store.with_status(TaskDefinitionStatus::kActive).size() == 1);
  CHECK(store.find("a", 9) == nullptr);
  CHECK(store.find("zz", 1) == nullptr);
}

TEST_CASE("Task cpu and memory accept units and vCPU / GB forms", "[ecs]") {
  CHECK(parse_task_cpu("1024") == 1024);
  CHECK(parse_task_cpu("1 vCPU") == 1024);
  CHECK(parse_task_cpu(".25 vcpu") == 256);
  CHECK_FALSE(parse_task_cpu("lots"));
  CHECK_FALSE(parse_task_cpu("1 GHz"));
  CHECK(parse_task_memory("2048") == 2048);
  CHECK(parse_task_memory("2 GB") == 2048);
  CHECK(parse_task_memory("0.5GB") == 512);
  CHECK_FALSE(parse_task_memory("2 TB"));
  CHECK_FALSE(parse_task_memory(""));
}

TEST_CASE("Fargate cpu and memory combinations follow the AWS table", "[ecs]") {
  CHECK(fargate_combination_supported(256, 512));
  CHECK(fargate_combination_supported(256, 2048));
  CHECK_FALSE(fargate_combination_supported(256, 3072));
  CHECK(fargate_combination_supported(512, 3072));
  CHECK_FALSE(fargate_combination_supported(512, 512));
  CHECK(fargate_combination_supported(1024, 8192));
  CHECK_FALSE(fargate_combination_supported(1024, 9216));
  CHECK(fargate_combination_supported(4096, 30720));
  CHECK_FALSE(fargate_combination_supported(4096, 31744));
  CHECK(fargate_combination_supported(8192, 20480));
  CHECK_FALSE(fargate_combination_supported(8192, 17408));
  CHECK(fargate_combination_supported(16384, 122880));
  CHECK_FALSE(fargate_combination_supported(16384, 36864));
  CHECK_FALSE(fargate_combination_supported(300, 1024));
}

TEST_CASE("RegisterTaskDefinition input is validated the way AWS does", "[ecs]") {
  const char* ok = R"({"family":"web","containerDefinitions":[{"name":"a","image":"nginx","memory":64}]})";
  CHECK(refusal(ok).first.empty());
  CHECK(refusal(R"({"family":"bad name","containerDefinitions":[{"name":"a","image":"x","memory":64}]})").first ==
        "ClientException");
  CHECK(refusal(R"({"family":"f","containerDefinitions":[]})").second == "Container list cannot be empty.");
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"image":"x","memory":64}]})").second ==
        "Container.name should not be null or empty.");
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","memory":64}]})").second ==
        "Container.image should not be null or empty.");
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","image":"x"}]})").second ==
        "Invalid setting for container 'a'. At least one of 'memory' or 'memoryReservation' must be specified.");
  CHECK(refusal(R"({"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"x"}]})").first.empty());
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":64},
                   {"name":"a","image":"y","memory":64}]})")
            .first == "ClientException");
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":64,"essential":false}]})")
            .second.find("essential") != std::string::npos);
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":64,
                   "memoryReservation":128}]})")
            .first == "ClientException");
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":4}]})").first ==
        "ClientException");
  CHECK(refusal(R"({"family":"f","networkMode":"awsvpc","containerDefinitions":[{"name":"a","image":"x",
                   "memory":64,"portMappings":[{"containerPort":80,"hostPort":8080}]}]})")
            .second == "When networkMode=awsvpc, the host ports and container ports in port mappings must match.");
  CHECK(refusal(R"({"family":"f","networkMode":"host","containerDefinitions":[{"name":"a","image":"x",
                   "memory":64,"links":["b"]},{"name":"b","image":"x","memory":64}]})")
            .second == "Links are not supported when networkMode=host.");
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":64,"links":["c:alias"]}]})")
            .first == "ClientException");
  CHECK(refusal(R"({"family":"f","memory":"100","containerDefinitions":[{"name":"a","image":"x","memory":64},
                   {"name":"b","image":"x","memory":64}]})")
            .first == "ClientException");
  CHECK(refusal(R"({"family":"f","cpu":"nope","containerDefinitions":[{"name":"a","image":"x","memory":64}]})").first ==
        "ClientException");
  CHECK(refusal(R"({"family":"f","ephemeralStorage":{"sizeInGiB":10},"containerDefinitions":[{"name":"a",
                   "image":"x","memory":64}]})")
            .first == "ClientException");
}

TEST_CASE("Container references must name existing containers and volumes without cycles", "[ecs]") {
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":64,
                   "dependsOn":[{"containerName":"ghost","condition":"START"}]}]})")
            .first == "ClientException");
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":64,
                   "dependsOn":[{"containerName":"b","condition":"HEALTHY"}]},{"name":"b","image":"x","memory":64}]})")
            .second.find("health check") != std::string::npos);
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":64,
                   "dependsOn":[{"containerName":"b","condition":"START"}]},{"name":"b","image":"x","memory":64,
                   "dependsOn":[{"containerName":"a","condition":"START"}]}]})")
            .second.find("circular") != std::string::npos);
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":64,
                   "dependsOn":[{"containerName":"b","condition":"COMPLETE"}]},{"name":"b","image":"x","memory":64,
                   "essential":false}]})")
            .first.empty());
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":64,
                   "mountPoints":[{"sourceVolume":"data","containerPath":"/d"}]}]})")
            .first == "ClientException");
  CHECK(refusal(R"({"family":"f","volumes":[{"name":"data"}],"containerDefinitions":[{"name":"a","image":"x",
                   "memory":64,"mountPoints":[{"sourceVolume":"data","containerPath":"/d"}]}]})")
            .first.empty());
  CHECK(refusal(R"({"family":"f","volumes":[{"name":"d"},{"name":"d"}],"containerDefinitions":[{"name":"a",
                   "image":"x","memory":64}]})")
            .first == "ClientException");
  CHECK(refusal(R"({"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":64,
                   "volumesFrom":[{"sourceContainer":"nope"}]}]})")
            .first == "ClientException");
}

TEST_CASE("FARGATE requires awsvpc, task-level sizes from the table and an execution role for awslogs", "[ecs]") {
  auto fargate = [](std::string extra) {
    return refusal(R"({"family":"f","requiresCompatibilities":["FARGATE"],)" + extra +
                   R"(,"containerDefinitions":[{"name":"a","image":"x"}]})");
  };
  CHECK(fargate(R"("networkMode":"awsvpc","cpu":"256","memory":"512")").first.empty());
  CHECK(fargate(R"("networkMode":"bridge","cpu":"256","memory":"512")").second ==
        "Fargate only supports network mode 'awsvpc'.");
  CHECK(fargate(R"("networkMode":"awsvpc","memory":"512")").second.find("'cpu'") != std::string::npos);
  CHECK(fargate(R"("networkMode":"awsvpc","cpu":"256")").second.find("'memory'") != std::string::npos);
  CHECK(fargate(R"("networkMode":"awsvpc","cpu":"256","memory":"4096")")
            .second.rfind("No Fargate configuration exists for given values: 256 CPU, 4096 memory.", 0) == 0);
  CHECK(fargate(R"("networkMode":"awsvpc","cpu":"256","memory":"512","ipcMode":"host")").second ==
        "Tasks using the Fargate launch type do not support ipcMode.");
  auto pid = fargate(R"("networkMode":"awsvpc","cpu":"256","memory":"512","pidMode":"host")");
  CHECK(pid.first == "ClientException");
  CHECK(
      pid.second ==
      "Tasks using the Fargate launch type do not support pidMode 'host'. The supported value for pidMode is 'task'.");
  auto awslogs = refusal(R"({"family":"f","requiresCompatibilities":["FARGATE"],"networkMode":"awsvpc","cpu":"256",
      "memory":"512","containerDefinitions":[{"name":"a","image":"x","logConfiguration":{"logDriver":"awslogs"}}]})");
  CHECK(awslogs.second == "Fargate requires task definition to have execution role ARN to support log driver awslogs.");
  CHECK(refusal(R"({"family":"f","requiresCompatibilities":["EXTERNAL"],"networkMode":"awsvpc",
                   "containerDefinitions":[{"name":"a","image":"x","memory":64}]})")
            .first == "ClientException");
}

TEST_CASE("Compatibilities and requiresAttributes are derived from the definition", "[ecs]") {
  auto bridge = checked_task_definition_spec(
      parse(R"({"family":"f","taskRoleArn":"arn:aws:iam::1:role/r","containerDefinitions":[{"name":"a","image":"x",
              "memoryReservation":64,"healthCheck":{"command":["CMD","true"]},
              "secrets":[{"name":"S","valueFrom":"arn:aws:secretsmanager:us-east-1:1:secret:s"}]}]})"));
  CHECK(derive_compatibilities(bridge) == std::vector<std::string>{"EC2", "EXTERNAL"});
  auto attributes = derive_requires_attributes(bridge);
  for (const char* name :
       {"com.amazonaws.ecs.capability.docker-remote-api.1.21", "com.amazonaws.ecs.capability.docker-remote-api.1.24",
        "ecs.capability.container-health-check", "ecs.capability.secrets.asm.environment-variables",
        "com.amazonaws.ecs.capability.task-iam-role"}) {
    CHECK(std::find(attributes.begin(), attributes.end(), name) != attributes.end());
  }
  auto awsvpc = checked_task_definition_spec(
      parse(R"({"family":"f","networkMode":"awsvpc","cpu":"1 vCPU","memory":"2 GB","executionRoleArn":"arn:r",
              "containerDefinitions":[{"name":"a","image":"x","logConfiguration":{"logDriver":"awslogs"}}]})"));
  CHECK(awsvpc.at("cpu") == "1024");
  CHECK(awsvpc.at("memory") == "2048");
  CHECK(derive_compatibilities(awsvpc) == std::vector<std::string>{"EC2", "FARGATE"});
  attributes = derive_requires_attributes(awsvpc);
  CHECK(attributes == std::vector<std::string>{"com.amazonaws.ecs.capability.logging-driver.awslogs",
                                               "com.amazonaws.ecs.capability.docker-remote-api.1.19",
                                               "ecs.capability.execution-role-awslogs",
                                               "com.amazonaws.ecs.capability.docker-remote-api.1.18",
                                               "ecs.capability.task-eni"});
}

TEST_CASE("The task definition view fills AWS's defaults without touching what was sent", "[ecs]") {
  TaskDefinition d;
  d.family = "f";
  d.revision = 2;
  d.arn = "arn:aws:ecs:us-east-1:1:task-definition/f:2";
  d.spec = parse(R"({"family":"f","networkMode":"awsvpc","containerDefinitions":[{"name":"a","image":"x",
                    "essential":false,"cpu":5,"portMappings":[{"containerPort":80,"protocol":"udp"}]}]})");
  auto view = task_definition_view(d);
  const auto& c = view.at("containerDefinitions").as_array().at(0).as_object();
  CHECK(c.at("essential") == false);
  CHECK(c.at("cpu") == 5);
  CHECK(c.at("environment").as_array().empty());
  const auto& mapping = c.at("portMappings").as_array().at(0).as_object();
  CHECK(mapping.at("hostPort") == 80);
  CHECK(mapping.at("protocol") == "udp");
  CHECK(view.at("volumes").as_array().empty());
  CHECK(view.at("placementConstraints").as_array().empty());
  CHECK(view.at("revision") == 2);
  CHECK_FALSE(view.contains("deregisteredAt"));
}

TEST_CASE("Account settings resolve principal, then account default, then AWS default", "[ecs]") {
  AccountSettingStore store;
  const std::string account = "123456789012";
  const std::string user = "arn:aws:iam::123456789012:user/bob";
  auto fresh = effective_account_setting(store, account, "containerInsights", user);
  CHECK(fresh.value == "disabled");
  CHECK_FALSE(fresh.user_set);
  store.by_principal[root_principal_arn(account)]["containerInsights"] = "enabled";
  auto by_default = effective_account_setting(store, account, "containerInsights", user);
  CHECK(by_default.value == "enabled");
  CHECK(by_default.principal_arn == "arn:aws:iam::123456789012:root");
  store.by_principal[user]["containerInsights"] = "enhanced";
  CHECK(effective_account_setting(store, account, "containerInsights", user).value == "enhanced");
  CHECK(effective_account_setting(store, account, "fargateTaskRetirementWaitPeriod", user).value == "7");
}

TEST_CASE("Account setting values and principals are checked", "[ecs]") {
  CHECK(account_setting_value_error("containerInsights", "enhanced").empty());
  CHECK_FALSE(account_setting_value_error("containerInsights", "maybe").empty());
  CHECK(account_setting_value_error("fargateTaskRetirementWaitPeriod", "14").empty());
  CHECK_FALSE(account_setting_value_error("fargateTaskRetirementWaitPeriod", "3").empty());
  CHECK(account_setting_value_error("tagResourceAuthorization", "off").empty());
  CHECK_FALSE(account_setting_value_error("awsvpcTrunking", "on").empty());
  CHECK(account_setting_value_error("defaultLogDriverMode", "blocking").empty());
  CHECK(valid_principal_arn("arn:aws:iam::123456789012:root", "123456789012"));
  CHECK(valid_principal_arn("arn:aws:iam::123456789012:role/admin", "123456789012"));
  CHECK_FALSE(valid_principal_arn("arn:aws:iam::999999999999:root", "123456789012"));
  CHECK_FALSE(valid_principal_arn("arn:aws:iam::123456789012:group/g", "123456789012"));
  CHECK_FALSE(valid_principal_arn("nonsense", "123456789012"));
  CHECK(find_account_setting("guardDutyActivate") != nullptr);
  CHECK(find_account_setting("nope") == nullptr);
}
