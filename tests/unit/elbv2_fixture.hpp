#pragma once

// A World with one account and region and helpers that call ELBv2 handlers as the pipeline would.

#include <string>

#include <boost/json.hpp>

#include "aws/request_context.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_network_model.hpp"
#include "services/elbv2/elbv2_handlers.hpp"
#include "state/world.hpp"

namespace elbv2_test {

namespace json = boost::json;
using ecsemu::aws::RequestContext;

struct Fixture {
  ecsemu::state::World world;
  RequestContext ctx;
  std::vector<std::string> subnets;  // default subnets, one per zone
  std::string vpc;

  Fixture() {
    ctx.account_id = "123456789012";
    ctx.region = "us-east-1";
    ctx.world = &world;
    ctx.now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    auto& net = ecsemu::ec2::ensure_defaults(ctx.store().ec2, ctx.region);
    vpc = net.default_vpc_id;
    for (const auto* s : ecsemu::ec2::default_subnets(net)) {
      subnets.push_back(s->id);
    }
  }

  ecsemu::elbv2::Elbv2State& state() { return ctx.store().elbv2; }

  json::object call(boost::json::value (*handler)(RequestContext&, const json::object&), const char* input) {
    return handler(ctx, json::parse(input).as_object()).as_object();
  }

  // The error code a handler throws ("" when it succeeds).
  std::string error_of(boost::json::value (*handler)(RequestContext&, const json::object&), const std::string& input) {
    try {
      handler(ctx, json::parse(input).as_object());
    } catch (const ecsemu::aws::ServiceError& e) {
      return e.code();
    }
    return "";
  }

  // The error code and message a handler throws, "code: message" ("" when it succeeds).
  std::string failure_of(boost::json::value (*handler)(RequestContext&, const json::object&),
                         const std::string& input) {
    try {
      handler(ctx, json::parse(input).as_object());
    } catch (const ecsemu::aws::ServiceError& e) {
      return e.code() + ": " + e.what();
    }
    return "";
  }

  std::string create_alb(const std::string& name) {
    std::string input = R"({"Name":")" + name + R"(","Subnets":[")" + subnets[0] + R"(",")" + subnets[1] + R"("]})";
    auto out = call(&ecsemu::elbv2::create_load_balancer, input.c_str());
    return std::string(out.at("LoadBalancers").as_array()[0].at("LoadBalancerArn").as_string());
  }

  std::string create_group(const std::string& name, const std::string& type = "ip") {
    std::string input = R"({"Name":")" + name + R"(","Protocol":"HTTP","Port":80,"TargetType":")" + type +
                        R"(","VpcId":")" + vpc + R"("})";
    auto out = call(&ecsemu::elbv2::create_target_group, input.c_str());
    return std::string(out.at("TargetGroups").as_array()[0].at("TargetGroupArn").as_string());
  }

  std::string create_listener(const std::string& lb, const std::string& group, int port = 80) {
    std::string input = R"({"LoadBalancerArn":")" + lb + R"(","Protocol":"HTTP","Port":)" + std::to_string(port) +
                        R"(,"DefaultActions":[{"Type":"forward","TargetGroupArn":")" + group + R"("}]})";
    auto out = call(&ecsemu::elbv2::create_listener, input.c_str());
    return std::string(out.at("Listeners").as_array()[0].at("ListenerArn").as_string());
  }

  std::string register_ip(const std::string& group, const std::string& ip, int port = 8080) {
    std::string input = R"({"TargetGroupArn":")" + group + R"(","Targets":[{"Id":")" + ip + R"(","Port":)" +
                        std::to_string(port) + "}]}";
    return error_of(&ecsemu::elbv2::register_targets, input);
  }

  // (state, reason) of every target of a group.
  std::vector<std::pair<std::string, std::string>> health(const std::string& group) {
    std::string input = R"({"TargetGroupArn":")" + group + R"("})";
    auto out = call(&ecsemu::elbv2::describe_target_health, input.c_str());
    std::vector<std::pair<std::string, std::string>> result;
    for (const auto& d : out.at("TargetHealthDescriptions").as_array()) {
      const auto& h = d.at("TargetHealth").as_object();
      result.emplace_back(std::string(h.at("State").as_string()),
                          h.contains("Reason") ? std::string(h.at("Reason").as_string()) : std::string());
    }
    return result;
  }
};

}  // namespace elbv2_test
