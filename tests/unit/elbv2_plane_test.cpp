#include <catch2/catch.hpp>

#include "elbv2_fixture.hpp"
#include "services/elbv2/elbv2_model.hpp"
#include "services/elbv2/elbv2_plane.hpp"

using namespace ecsemu::elbv2;
using elbv2_test::Fixture;

namespace {

constexpr double kNow = 1700000000;

}  // namespace

TEST_CASE("The snapshot lists rules by priority with the default last, and maps their actions", "[elbv2]") {
  Fixture f;
  std::string lb = f.create_alb("web");
  std::string blue = f.create_group("blue");
  std::string green = f.create_group("green");
  std::string listener = f.create_listener(lb, blue);
  std::string weighted = R"({"ListenerArn":")" + listener +
                         R"(","Priority":20,"Conditions":[{"Field":"host-header","Values":["api.example.com"]}],)"
                         R"("Actions":[{"Type":"forward","ForwardConfig":{"TargetGroups":[{"TargetGroupArn":")" +
                         blue + R"(","Weight":3},{"TargetGroupArn":")" + green + R"(","Weight":1}]}}]})";
  f.call(&create_rule, weighted.c_str());
  std::string fixed = R"({"ListenerArn":")" + listener +
                      R"(","Priority":5,"Conditions":[{"PathPatternConfig":{"Values":["/health"]}}],)"
                      R"("Actions":[{"Type":"fixed-response","FixedResponseConfig":{"StatusCode":"200",)"
                      R"("ContentType":"text/plain","MessageBody":"ok"}}]})";
  f.call(&create_rule, fixed.c_str());
  std::string redirect = R"({"ListenerArn":")" + listener +
                         R"(","Priority":7,"Conditions":[{"Field":"path-pattern","Values":["/old/*"]}],)"
                         R"("Actions":[{"Type":"redirect","RedirectConfig":{"Path":"/new","StatusCode":"HTTP_302"}}]})";
  f.call(&create_rule, redirect.c_str());
  REQUIRE(f.register_ip(blue, "172.31.0.10") == "");

  auto snapshot = build_snapshot(f.world);
  REQUIRE(snapshot->listeners.size() == 1);
  const auto& l = snapshot->listeners[0];
  CHECK(l.arn == listener);
  CHECK(l.load_balancer_type == "application");
  CHECK(l.dns_name == f.state().load_balancers.at(lb).dns_name);
  CHECK(l.port == 80);
  REQUIRE(l.rules.size() == 4);
  CHECK(l.rules[0].priority == 5);
  CHECK(l.rules[0].actions[0].type == "fixed-response");
  CHECK(l.rules[0].actions[0].status_code == "200");
  CHECK(l.rules[0].actions[0].message_body == "ok");
  CHECK(l.rules[0].conditions[0].field == "path-pattern");
  CHECK(l.rules[1].priority == 7);
  CHECK(l.rules[1].actions[0].redirect_path == "/new");
  CHECK(l.rules[1].actions[0].redirect_host == "#{host}");
  CHECK(l.rules[1].actions[0].redirect_status == "HTTP_302");
  CHECK(l.rules[2].priority == 20);
  REQUIRE(l.rules[2].actions[0].forward.size() == 2);
  CHECK(l.rules[2].actions[0].forward[0].weight == 3);
  CHECK(l.rules[2].conditions[0].values == std::vector<std::string>{"api.example.com"});
  CHECK(l.rules[3].is_default);
  CHECK(l.rules[3].actions[0].forward[0].arn == blue);
  REQUIRE(snapshot->target_groups.count(blue) == 1);
  REQUIRE(snapshot->target_groups.count(green) == 1);
  const auto& tg = snapshot->target_groups.at(blue);
  REQUIRE(tg.targets.size() == 1);
  CHECK(tg.targets[0].connect_host == "172.31.0.10");
  CHECK(tg.targets[0].connect_port == 8080);
  CHECK_FALSE(tg.targets[0].availability_zone.empty());
  CHECK(tg.health_check.interval == std::chrono::milliseconds(30000));
  CHECK(tg.health_check.matcher == "200");
}

TEST_CASE("Instance targets have no connect host and unused groups stay out of the snapshot", "[elbv2]") {
  Fixture f;
  std::string lb = f.create_alb("web");
  std::string used = f.create_group("used", "instance");
  f.create_group("unused", "ip");
  f.create_listener(lb, used);
  ecsemu::ec2::Instance inst;
  inst.id = "i-0123456789abcdef0";
  inst.vpc_id = f.vpc;
  inst.availability_zone = "us-east-1a";
  inst.state = ecsemu::ec2::InstanceStateName::Running;
  f.ctx.store().ec2.instances.instances[inst.id] = inst;
  std::string reg = R"({"TargetGroupArn":")" + used + R"(","Targets":[{"Id":"i-0123456789abcdef0"}]})";
  REQUIRE(f.error_of(&register_targets, reg) == "");
  auto snapshot = build_snapshot(f.world);
  CHECK(snapshot->target_groups.size() == 1);
  const auto& t = snapshot->target_groups.at(used).targets.at(0);
  CHECK(t.connect_host.empty());
  CHECK(t.connect_port == 80);
  CHECK(t.availability_zone == "us-east-1a");
  // A stopped or unknown instance is not a valid target.
  f.ctx.store().ec2.instances.instances[inst.id].state = ecsemu::ec2::InstanceStateName::Stopped;
  CHECK(build_snapshot(f.world)->target_groups.at(used).targets.empty());
  CHECK(f.health(used)[0] == std::pair<std::string, std::string>{"unused", "Target.InvalidState"});
  std::string again = R"({"TargetGroupArn":")" + used + R"(","Targets":[{"Id":"i-0123456789abcdef0","Port":81}]})";
  CHECK(f.error_of(&register_targets, again) == "InvalidTargetException");
  std::string unknown = R"({"TargetGroupArn":")" + used + R"(","Targets":[{"Id":"i-0000000000000000f"}]})";
  CHECK(f.error_of(&register_targets, unknown) == "InvalidTargetException");
}

TEST_CASE("IP targets must be inside the group's VPC unless registered for all zones", "[elbv2]") {
  Fixture f;
  std::string group = f.create_group("g");
  CHECK(f.register_ip(group, "10.1.2.3") == "InvalidTargetException");
  CHECK(f.register_ip(group, "not-an-ip") == "InvalidTargetException");
  std::string all =
      R"({"TargetGroupArn":")" + group + R"(","Targets":[{"Id":"10.1.2.3","Port":80,"AvailabilityZone":"all"}]})";
  CHECK(f.error_of(&register_targets, all) == "");
  CHECK(f.state().target_groups.at(group).targets.at(0).availability_zone == "all");
}

TEST_CASE("Target health: unused without a listener, initial until reported, then the reported state", "[elbv2]") {
  Fixture f;
  std::string lb = f.create_alb("web");
  std::string group = f.create_group("g");
  REQUIRE(f.register_ip(group, "172.31.0.10") == "");
  REQUIRE(f.register_ip(group, "172.31.0.11") == "");
  CHECK(f.health(group)[0] == std::pair<std::string, std::string>{"unused", "Target.NotInUse"});
  f.create_listener(lb, group);
  CHECK(f.health(group)[0] == std::pair<std::string, std::string>{"initial", "Elb.RegistrationInProgress"});
  std::vector<ecsemu::proxy::TargetHealthReport> reports{
      {group, "172.31.0.10", 8080, "healthy", "", ""},
      {group, "172.31.0.11", 8080, "unhealthy", "Target.ResponseCodeMismatch",
       "Health checks failed with these codes: [500]"},
      {group, "172.31.0.12", 8080, "healthy", "", ""},  // not registered: ignored
      {"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/0123456789abcdef", "1.2.3.4", 80,
       "healthy", "", ""},
  };
  apply_health(f.world, reports);
  auto h = f.health(group);
  REQUIRE(h.size() == 2);
  CHECK(h[0] == std::pair<std::string, std::string>{"healthy", ""});
  CHECK(h[1] == std::pair<std::string, std::string>{"unhealthy", "Target.ResponseCodeMismatch"});
  // Filtering by a target that is not registered reports it as not registered.
  std::string filter = R"({"TargetGroupArn":")" + group + R"(","Targets":[{"Id":"172.31.0.99","Port":80}]})";
  auto out = f.call(&describe_target_health, filter.c_str());
  CHECK(out.at("TargetHealthDescriptions").as_array()[0].at("TargetHealth").at("Reason") == "Target.NotRegistered");
  CHECK(out.at("TargetHealthDescriptions").as_array()[0].at("HealthCheckPort") == "80");
  // So is an instance id that names no instance at all.
  std::string instances = f.create_group("by-instance", "instance");
  std::string unknown = R"({"TargetGroupArn":")" + instances + R"(","Targets":[{"Id":"i-12345678901234567"}]})";
  auto none = f.call(&describe_target_health, unknown.c_str()).at("TargetHealthDescriptions").as_array();
  REQUIRE(none.size() == 1);
  CHECK(none[0].at("Target").at("Port") == 80);
  CHECK(none[0].at("TargetHealth").at("State") == "unused");
  CHECK(none[0].at("TargetHealth").at("Reason") == "Target.NotRegistered");
  // Health checks disabled (a lambda group) report unavailable.
  TargetGroup lambda;
  lambda.arn = "arn:lambda-group";
  lambda.target_type = "lambda";
  lambda.health_check = default_health_check("", "lambda");
  Target t;
  t.id = "arn:aws:lambda:us-east-1:123456789012:function:f";
  lambda.targets.push_back(t);
  Rule rule;
  rule.arn = "arn:rule";
  rule.listener_arn = f.state().listeners.begin()->first;
  rule.actions.push_back(Action{"forward", 1, {{lambda.arn, 1}}});
  f.state().rules[rule.arn] = rule;
  CHECK(target_health(f.state(), lambda, lambda.targets[0]).state == "unavailable");
  CHECK(target_health(f.state(), lambda, lambda.targets[0]).reason == "Target.HealthCheckDisabled");
}

TEST_CASE("Deregistered targets drain for the delay (times the time scale), then disappear", "[elbv2]") {
  Fixture f;
  std::string lb = f.create_alb("web");
  std::string group = f.create_group("g");
  f.create_listener(lb, group);
  REQUIRE(f.register_ip(group, "172.31.0.10") == "");
  REQUIRE(f.register_ip(group, "172.31.0.11") == "");
  std::string dereg = R"({"TargetGroupArn":")" + group + R"(","Targets":[{"Id":"172.31.0.10","Port":8080}]})";
  REQUIRE(f.error_of(&deregister_targets, dereg) == "");
  CHECK(f.error_of(&deregister_targets, R"({"TargetGroupArn":")" + group + R"(","Targets":[{"Id":"172.31.0.50"}]})") ==
        "InvalidTargetException");
  auto h = f.health(group);
  CHECK(h[0] == std::pair<std::string, std::string>{"draining", "Target.DeregistrationInProgress"});
  // Draining targets get no new traffic.
  auto snapshot = build_snapshot(f.world);
  REQUIRE(snapshot->target_groups.at(group).targets.size() == 1);
  CHECK(snapshot->target_groups.at(group).targets[0].target_id == "172.31.0.11");
  // The default delay is 300 s; at time scale 0.1 it is 30 s.
  CHECK_FALSE(expire_draining(f.world, kNow + 29, 0.1));
  CHECK(f.health(group).size() == 2);
  CHECK(expire_draining(f.world, kNow + 30, 0.1));
  CHECK(f.health(group).size() == 1);
  CHECK_FALSE(expire_draining(f.world, kNow + 1000, 1.0));
}

TEST_CASE("Deregistering from a group no listener uses drops the target at once", "[elbv2]") {
  Fixture f;
  std::string group = f.create_group("g");
  REQUIRE(f.register_ip(group, "172.31.0.10") == "");
  std::string dereg = R"({"TargetGroupArn":")" + group + R"(","Targets":[{"Id":"172.31.0.10","Port":8080}]})";
  REQUIRE(f.error_of(&deregister_targets, dereg) == "");
  CHECK(f.health(group).empty());
}

TEST_CASE("ELBv2 writes mark the data plane's snapshot changed; the snapshot then shows them", "[elbv2]") {
  Fixture f;
  CHECK_FALSE(f.ctx.changes.load_balancers);
  std::string lb = f.create_alb("web");
  CHECK(f.ctx.changes.load_balancers);
  CHECK(build_snapshot(f.world)->listeners.empty());
  f.ctx.changes = {};
  f.create_listener(lb, f.create_group("g"));
  CHECK(f.ctx.changes.load_balancers);
  CHECK(build_snapshot(f.world)->listeners.size() == 1);
}
