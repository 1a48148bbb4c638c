#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_express_model.hpp"
#include "services/ecs/ecs_task_definition_model.hpp"

using namespace ecsemu::ecs;
namespace json = boost::json;

namespace {

const char* const kRole = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";

json::object minimal_input() {
  return json::object{{"executionRoleArn", kRole},
                      {"infrastructureRoleArn", "arn:aws:iam::123456789012:role/infra"},
                      {"primaryContainer", json::object{{"image", "public.ecr.aws/nginx/nginx:1.25"}}}};
}

std::string error_code_of(const json::object& input, const json::object& base = {}) {
  try {
    express_settings(base, input, "default", "web");
  } catch (const ecsemu::aws::ServiceError& e) {
    return std::string(e.code());
  }
  return "";
}

}  // namespace

TEST_CASE("Express settings fill in the documented defaults", "[ecs]") {
  json::object s = express_settings({}, minimal_input(), "default", "web");
  CHECK(s.at("cpu") == "1024");
  CHECK(s.at("memory") == "2048");
  CHECK(s.at("healthCheckPath") == "/");
  const auto& container = s.at("primaryContainer").as_object();
  CHECK(container.at("containerPort") == 80);
  CHECK(container.at("awsLogsConfiguration").as_object().at("logGroup") == "/aws/ecs/default/web");
  const auto& scaling = s.at("scalingTarget").as_object();
  CHECK(scaling.at("minTaskCount") == 1);
  CHECK(scaling.at("maxTaskCount") == 20);
  CHECK(scaling.at("autoScalingMetric") == "AVERAGE_CPU");
  CHECK(express_min_tasks(s) == 1);
  CHECK_FALSE(s.contains("infrastructureRoleArn"));
}

TEST_CASE("Express settings normalise cpu and memory and refuse what Fargate does not offer", "[ecs]") {
  json::object input = minimal_input();
  input["cpu"] = "1 vCPU";
  input["memory"] = "3 GB";
  json::object s = express_settings({}, input, "default", "web");
  CHECK(s.at("cpu") == "1024");
  CHECK(s.at("memory") == "3072");
  input["memory"] = "100";
  CHECK(error_code_of(input) == "ClientException");
  input["memory"] = "lots";
  CHECK(error_code_of(input) == "InvalidParameterException");
}

TEST_CASE("Express settings refuse invalid roles, ports, paths and scaling targets", "[ecs]") {
  auto with = [](const char* member, json::value value) {
    json::object input = minimal_input();
    input[member] = std::move(value);
    return input;
  };
  CHECK(error_code_of(with("executionRoleArn", "not-an-arn")) == "InvalidParameterException");
  CHECK(error_code_of(with("taskRoleArn", "arn:aws:iam::123456789012:user/bob")) == "InvalidParameterException");
  CHECK(error_code_of(with("healthCheckPath", "health")) == "InvalidParameterException");
  CHECK(error_code_of(with("primaryContainer", json::object{{"image", "x"}, {"containerPort", 0}})) ==
        "InvalidParameterException");
  CHECK(error_code_of(with("primaryContainer", json::object{{"image", ""}})) == "InvalidParameterException");
  CHECK(error_code_of(with("scalingTarget", json::object{{"minTaskCount", 5}, {"maxTaskCount", 2}})) ==
        "InvalidParameterException");
  CHECK(error_code_of(with("scalingTarget", json::object{{"minTaskCount", 0}})) == "InvalidParameterException");
  CHECK(error_code_of(with("scalingTarget", json::object{{"autoScalingTargetValue", 0}})) ==
        "InvalidParameterException");
  json::array many;
  for (int i = 0; i < 17; ++i) {
    many.emplace_back("subnet-" + std::to_string(i));
  }
  CHECK(error_code_of(with("networkConfiguration", json::object{{"subnets", many}})) == "InvalidParameterException");
  CHECK(error_code_of(minimal_input()).empty());
}

TEST_CASE("An Express update keeps the current settings and merges a partial scaling target", "[ecs]") {
  json::object input = minimal_input();
  input["scalingTarget"] = json::object{{"minTaskCount", 2}, {"maxTaskCount", 4}};
  json::object base = express_settings({}, input, "default", "web");
  json::object update{{"scalingTarget", json::object{{"maxTaskCount", 8}}}, {"cpu", "2048"}, {"memory", "4096"}};
  json::object s = express_settings(base, update, "default", "web");
  CHECK(s.at("scalingTarget").as_object().at("minTaskCount") == 2);
  CHECK(s.at("scalingTarget").as_object().at("maxTaskCount") == 8);
  CHECK(s.at("cpu") == "2048");
  CHECK(s.at("primaryContainer") == base.at("primaryContainer"));
  CHECK(error_code_of(json::object{{"scalingTarget", json::object{{"maxTaskCount", 1}}}}, base) ==
        "InvalidParameterException");
}

TEST_CASE("The Express task definition is a Fargate awsvpc definition that ECS accepts", "[ecs]") {
  json::object input = minimal_input();
  input["taskRoleArn"] = "arn:aws:iam::123456789012:role/app";
  input["primaryContainer"] = json::object{{"image", "nginx"},
                                           {"containerPort", 8080},
                                           {"command", json::array{"run"}},
                                           {"environment", json::array{json::object{{"name", "A"}, {"value", "1"}}}}};
  json::object s = express_settings({}, input, "prod", "web");
  json::object td = express_task_definition_input(s, "web", "eu-west-1");
  CHECK(td.at("family") == "web");
  CHECK(td.at("networkMode") == "awsvpc");
  CHECK(td.at("requiresCompatibilities") == json::value(json::array{"FARGATE"}));
  CHECK(td.at("taskRoleArn") == "arn:aws:iam::123456789012:role/app");
  const auto& container = td.at("containerDefinitions").as_array().at(0).as_object();
  CHECK(container.at("name") == "Main");
  CHECK(container.at("portMappings").as_array().at(0).as_object().at("containerPort") == 8080);
  CHECK(container.at("command") == json::value(json::array{"run"}));
  const auto& options = container.at("logConfiguration").as_object().at("options").as_object();
  CHECK(options.at("awslogs-group") == "/aws/ecs/prod/web");
  CHECK(options.at("awslogs-region") == "eu-west-1");
  json::object spec = checked_task_definition_spec(td);
  CHECK(fargate_incompatibility(spec).empty());
}

TEST_CASE("Express services use the given subnets or stable default-VPC stand-ins", "[ecs]") {
  json::object s = express_settings({}, minimal_input(), "default", "web");
  json::object a = express_awsvpc_configuration(s, "us-east-1", "123456789012");
  json::object b = express_awsvpc_configuration(s, "us-east-1", "123456789012");
  CHECK(a == b);
  CHECK(a.at("subnets").as_array().size() == 3);
  CHECK(a.at("assignPublicIp") == "ENABLED");
  CHECK(a.at("subnets").as_array().at(0).as_string().starts_with("subnet-"));
  json::object input = minimal_input();
  input["networkConfiguration"] =
      json::object{{"subnets", json::array{"subnet-1"}}, {"securityGroups", json::array{"sg-1"}}};
  json::object c = express_awsvpc_configuration(express_settings({}, input, "default", "web"), "us-east-1", "1");
  CHECK(c.at("subnets") == json::value(json::array{"subnet-1"}));
  CHECK(c.at("securityGroups") == json::value(json::array{"sg-1"}));
  CHECK(c.at("assignPublicIp") == "DISABLED");
}

TEST_CASE("Role ARNs and default Express service names", "[ecs]") {
  CHECK(valid_role_arn("arn:aws:iam::123456789012:role/x"));
  CHECK(valid_role_arn("arn:aws:iam::123456789012:role/path/x"));
  CHECK_FALSE(valid_role_arn("arn:aws:iam::123456789012:role/"));
  CHECK_FALSE(valid_role_arn("arn:aws:iam::123456789012:user/x"));
  CHECK_FALSE(valid_role_arn("arn:aws:iam:::role/x"));
  CHECK_FALSE(valid_role_arn("role/x"));
  CHECK(default_express_service_name("public.ecr.aws/nginx/nginx:1.25", 0xabcd) == "nginx-abcd");
  CHECK(default_express_service_name("repo.example/a.b@sha256:00", 1) == "a-b-0001");
  CHECK(default_express_service_name(":", 2) == "express-0002");
}
