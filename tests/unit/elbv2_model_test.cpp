#include <catch2/catch.hpp>

#include "elbv2_fixture.hpp"
#include "services/elbv2/elbv2_model.hpp"

using namespace ecsemu::elbv2;
using elbv2_test::Fixture;

namespace {

std::string name_error(void (*check)(std::string_view), std::string_view name) {
  try {
    check(name);
  } catch (const ecsemu::aws::ServiceError& e) {
    return e.code();
  }
  return "";
}

}  // namespace

TEST_CASE("Load balancer and target group names follow AWS's rules", "[elbv2]") {
  CHECK(name_error(&check_load_balancer_name, "web-1") == "");
  CHECK(name_error(&check_load_balancer_name, std::string(32, 'a')) == "");
  CHECK(name_error(&check_load_balancer_name, std::string(33, 'a')) == "ValidationError");
  CHECK(name_error(&check_load_balancer_name, "") == "ValidationError");
  CHECK(name_error(&check_load_balancer_name, "-web") == "ValidationError");
  CHECK(name_error(&check_load_balancer_name, "web-") == "ValidationError");
  CHECK(name_error(&check_load_balancer_name, "web_1") == "ValidationError");
  CHECK(name_error(&check_load_balancer_name, "internal-web") == "ValidationError");
  CHECK(name_error(&check_target_group_name, "internal-web") == "");
  CHECK(name_error(&check_target_group_name, "a.b") == "ValidationError");
}

TEST_CASE("An application load balancer gets AWS's ARN, DNS name, zone and default security group", "[elbv2]") {
  Fixture f;
  std::string arn = f.create_alb("web");
  const LoadBalancer& lb = f.state().load_balancers.at(arn);
  CHECK(arn.rfind("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/", 0) == 0);
  CHECK(arn.size() ==
        std::string("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/").size() + 16);
  CHECK(lb.dns_name.rfind("web-", 0) == 0);
  CHECK(lb.dns_name.find(".us-east-1.elb.localhost") != std::string::npos);
  CHECK(lb.canonical_hosted_zone_id == "Z35SXDOTRQ7X7K");
  CHECK(lb.vpc_id == f.vpc);
  REQUIRE(lb.security_groups.size() == 1);
  CHECK(f.ctx.store().ec2.network.security_groups.at(lb.security_groups[0]).name == "default");
  CHECK(lb.zones.size() == 2);
  CHECK(lb.attributes.at("idle_timeout.timeout_seconds") == "60");
}

TEST_CASE("CreateLoadBalancer refuses bad subnets, groups and duplicate names", "[elbv2]") {
  Fixture f;
  std::string one = R"({"Name":"a","Subnets":[")" + f.subnets[0] + R"("]})";
  CHECK(f.error_of(&create_load_balancer, one) == "ValidationError");
  std::string nlb_one = R"({"Name":"n","Type":"network","Subnets":[")" + f.subnets[0] + R"("]})";
  CHECK(f.error_of(&create_load_balancer, nlb_one) == "");
  CHECK(f.state().load_balancers.begin()->second.arn.find(":loadbalancer/net/n/") != std::string::npos);
  CHECK(f.error_of(&create_load_balancer, R"({"Name":"a","Subnets":["subnet-0000","subnet-1111"]})") ==
        "SubnetNotFoundException");
  std::string same_zone = R"({"Name":"a","Subnets":[")" + f.subnets[0] + R"(",")" + f.subnets[0] + R"("]})";
  CHECK(f.error_of(&create_load_balancer, same_zone) == "InvalidConfigurationRequestException");
  std::string bad_sg =
      R"({"Name":"a","SecurityGroups":["sg-404"],"Subnets":[")" + f.subnets[0] + R"(",")" + f.subnets[1] + R"("]})";
  CHECK(f.error_of(&create_load_balancer, bad_sg) == "InvalidSecurityGroupException");
  f.create_alb("web");
  std::string internal =
      R"({"Name":"web","Scheme":"internal","Subnets":[")" + f.subnets[0] + R"(",")" + f.subnets[1] + R"("]})";
  CHECK(f.error_of(&create_load_balancer, internal) == "DuplicateLoadBalancerNameException");
  std::string internal2 =
      R"({"Name":"web2","Scheme":"internal","Subnets":[")" + f.subnets[0] + R"(",")" + f.subnets[1] + R"("]})";
  auto out = f.call(&create_load_balancer, internal2.c_str());
  CHECK(std::string(out.at("LoadBalancers").as_array()[0].at("DNSName").as_string()).rfind("internal-web2-", 0) == 0);
}

TEST_CASE("Attributes are validated against AWS's keys and ranges", "[elbv2]") {
  Fixture f;
  std::string lb = f.create_alb("web");
  std::string group = f.create_group("g");
  auto lb_attr = [&](const std::string& k, const std::string& v) {
    return f.error_of(&modify_load_balancer_attributes, R"({"LoadBalancerArn":")" + lb + R"(","Attributes":[{"Key":")" +
                                                            k + R"(","Value":")" + v + R"("}]})");
  };
  auto tg_attr = [&](const std::string& k, const std::string& v) {
    return f.error_of(
        &modify_target_group_attributes,
        R"({"TargetGroupArn":")" + group + R"(","Attributes":[{"Key":")" + k + R"(","Value":")" + v + R"("}]})");
  };
  CHECK(lb_attr("idle_timeout.timeout_seconds", "120") == "");
  CHECK(f.state().load_balancers.at(lb).attributes.at("idle_timeout.timeout_seconds") == "120");
  CHECK(lb_attr("idle_timeout.timeout_seconds", "0") == "InvalidConfigurationRequestException");
  CHECK(lb_attr("no.such.key", "1") == "InvalidConfigurationRequestException");
  CHECK(lb_attr("deletion_protection.enabled", "yes") == "InvalidConfigurationRequestException");
  CHECK(tg_attr("deregistration_delay.timeout_seconds", "3601") == "InvalidConfigurationRequestException");
  CHECK(tg_attr("deregistration_delay.timeout_seconds", "10") == "");
  CHECK(tg_attr("stickiness.type", "source_ip") == "InvalidConfigurationRequestException");
  CHECK(tg_attr("slow_start.duration_seconds", "10") == "InvalidConfigurationRequestException");
  CHECK(deregistration_delay(f.state().target_groups.at(group)) == 10);
  // Deletion protection blocks DeleteLoadBalancer.
  CHECK(lb_attr("deletion_protection.enabled", "true") == "");
  CHECK(f.error_of(&delete_load_balancer, R"({"LoadBalancerArn":")" + lb + R"("})") ==
        "OperationNotPermittedException");
}

TEST_CASE("Network load balancers take 0 to 7 secondary IPs per subnet, never fewer than before", "[elbv2]") {
  LoadBalancer lb;
  lb.type = "network";
  lb.attributes = default_load_balancer_attributes("network");
  const std::string key = "secondary_ips.auto_assigned.per_subnet";
  CHECK(lb.attributes.at(key) == "0");
  auto apply = [&](const std::string& v) {
    try {
      apply_load_balancer_attributes(lb, {{key, v}});
    } catch (const ecsemu::aws::ServiceError& e) {
      return e.code();
    }
    return std::string();
  };
  CHECK(apply("3") == "");
  CHECK(lb.attributes.at(key) == "3");
  CHECK(apply("8") == "InvalidConfigurationRequestException");
  CHECK(apply("2") == "InvalidConfigurationRequestException");
  CHECK(lb.attributes.at(key) == "3");
  CHECK(default_load_balancer_attributes("application").count(key) == 0);
}

TEST_CASE("Target groups get AWS's health-check defaults per protocol", "[elbv2]") {
  HealthCheck http = default_health_check("HTTP", "ip");
  CHECK(http.protocol == "HTTP");
  CHECK(http.path == "/");
  CHECK(http.matcher_http == "200");
  CHECK(http.interval == 30);
  CHECK(http.timeout == 5);
  CHECK(http.healthy_threshold == 5);
  CHECK(http.unhealthy_threshold == 2);
  HealthCheck tcp = default_health_check("TCP", "instance");
  CHECK(tcp.protocol == "TCP");
  CHECK(tcp.path.empty());
  CHECK(tcp.timeout == 10);
  HealthCheck lambda = default_health_check("", "lambda");
  CHECK_FALSE(lambda.enabled);
  CHECK(lambda.interval == 35);
  Fixture f;
  std::string base = R"("Protocol":"HTTP","Port":80,"VpcId":")" + f.vpc + "\"";
  CHECK(f.error_of(&create_target_group, R"({"Name":"a",)" + base + R"(,"HealthCheckTimeoutSeconds":30})") ==
        "ValidationError");
  CHECK(f.error_of(&create_target_group, R"({"Name":"a",)" + base + R"(,"Matcher":{"HttpCode":"600"}})") ==
        "ValidationError");
  CHECK(f.error_of(&create_target_group, R"({"Name":"a",)" + base + R"(,"Matcher":{"HttpCode":"200-299"}})") == "");
  CHECK(f.error_of(&create_target_group, R"({"Name":"a","Protocol":"TCP","Port":80,"VpcId":")" + f.vpc + "\"}") ==
        "DuplicateTargetGroupNameException");
  CHECK(f.error_of(&create_target_group, R"({"Name":"b","Protocol":"HTTP","Port":80,"VpcId":"vpc-404"})") ==
        "ValidationError");
  CHECK(f.error_of(&create_target_group, R"({"Name":"c","Protocol":"HTTP","Port":80})") == "ValidationError");
  CHECK(f.error_of(&create_target_group, R"({"Name":"d","TargetType":"lambda"})") == "");
}

TEST_CASE("Rules keep unique priorities and the default rule cannot be deleted or reprioritized", "[elbv2]") {
  Fixture f;
  std::string lb = f.create_alb("web");
  std::string group = f.create_group("g");
  std::string listener = f.create_listener(lb, group);
  auto rule = [&](int priority, const std::string& path) {
    return R"({"ListenerArn":")" + listener + R"(","Priority":)" + std::to_string(priority) +
           R"(,"Conditions":[{"Field":"path-pattern","Values":[")" + path +
           R"("]}],"Actions":[{"Type":"fixed-response","FixedResponseConfig":{"StatusCode":"404"}}]})";
  };
  CHECK(f.error_of(&create_rule, rule(10, "/a")) == "");
  CHECK(f.error_of(&create_rule, rule(10, "/b")) == "PriorityInUseException");
  CHECK(f.error_of(&create_rule, rule(0, "/b")) == "ValidationError");
  CHECK(f.error_of(&create_rule, rule(20, "/b")) == "");
  auto rules = rules_of(f.state(), listener);
  REQUIRE(rules.size() == 3);
  CHECK(rules[0]->priority == 10);
  CHECK(rules[2]->is_default);
  std::string swap = R"({"RulePriorities":[{"RuleArn":")" + rules[0]->arn + R"(","Priority":20},{"RuleArn":")" +
                     rules[1]->arn + R"(","Priority":10}]})";
  CHECK(f.error_of(&set_rule_priorities, swap) == "");
  std::string clash = R"({"RulePriorities":[{"RuleArn":")" + rules[0]->arn + R"(","Priority":10}]})";
  CHECK(f.error_of(&set_rule_priorities, clash) == "PriorityInUseException");
  std::string def = R"({"RulePriorities":[{"RuleArn":")" + rules[2]->arn + R"(","Priority":5}]})";
  CHECK(f.error_of(&set_rule_priorities, def) == "OperationNotPermittedException");
  CHECK(f.error_of(&delete_rule, R"({"RuleArn":")" + rules[2]->arn + R"("})") == "OperationNotPermittedException");
  CHECK(f.error_of(&delete_rule, R"({"RuleArn":"arn:aws:elasticloadbalancing:us-east-1:1:listener-rule/x"})") ==
        "RuleNotFoundException");
}

TEST_CASE("Conditions accept the legacy and Config forms within AWS's limits", "[elbv2]") {
  auto parse = [](const std::string& text) {
    try {
      parse_conditions(boost::json::parse(text).as_array());
    } catch (const ecsemu::aws::ServiceError& e) {
      return e.code();
    }
    return std::string();
  };
  CHECK(parse(R"([{"Field":"host-header","Values":["*.example.com"]}])") == "");
  CHECK(parse(R"([{"Field":"path-pattern","PathPatternConfig":{"Values":["/api/*"]}}])") == "");
  CHECK(parse(R"([{"HttpHeaderConfig":{"HttpHeaderName":"X-A","Values":["1"]}}])") == "");
  CHECK(parse(R"([{"QueryStringConfig":{"Values":[{"Key":"v","Value":"1"},{"Value":"x"}]}}])") == "");
  CHECK(parse(R"([{"Field":"source-ip","SourceIpConfig":{"Values":["10.0.0.0/8"]}}])") == "");
  CHECK(parse(R"([{"Field":"source-ip","SourceIpConfig":{"Values":["10.0.0.0/33"]}}])") == "ValidationError");
  CHECK(parse(R"([{"Field":"http-request-method","HttpRequestMethodConfig":{"Values":["GET","POST"]}}])") == "");
  CHECK(parse(R"([{"Field":"http-request-method","Values":["GET"]}])") == "ValidationError");
  CHECK(parse(R"([{"Field":"host-header","Values":["bad host"]}])") == "ValidationError");
  CHECK(parse(R"([{"Field":"cookie","Values":["a"]}])") == "ValidationError");
  CHECK(parse(R"([{"Field":"path-pattern","HostHeaderConfig":{"Values":["a"]}}])") == "ValidationError");
  CHECK(parse(R"([{"Field":"path-pattern","Values":["/a"]},{"Field":"path-pattern","Values":["/b"]}])") ==
        "ValidationError");
  CHECK(
      parse(R"([{"Field":"path-pattern","Values":["/a","/b","/c"]},{"Field":"host-header","Values":["a","b","c"]}])") ==
      "ValidationError");
  CHECK(parse(R"([{"Field":"path-pattern","Values":[")" + std::string(129, 'a') + R"("]}])") == "ValidationError");
  CHECK(parse("[]") == "ValidationError");
}

TEST_CASE("Listeners check protocol, port, certificates and target-group association", "[elbv2]") {
  Fixture f;
  std::string lb = f.create_alb("web");
  std::string other = f.create_alb("other");
  std::string group = f.create_group("g");
  f.create_listener(lb, group, 80);
  CHECK_THROWS_WITH(f.create_listener(lb, group, 80), Catch::Contains("already exists"));
  auto listener = [&](const std::string& lb_arn, const std::string& extra) {
    return R"({"LoadBalancerArn":")" + lb_arn + R"(",)" + extra +
           R"(,"DefaultActions":[{"Type":"forward","TargetGroupArn":")" + group + R"("}]})";
  };
  CHECK(f.error_of(&create_listener, listener(lb, R"("Protocol":"TCP","Port":81)")) == "ValidationError");
  CHECK(f.failure_of(&create_listener, listener(lb, R"("Protocol":"HTTPS","Port":443)")) ==
        "InvalidConfigurationRequestException: You must provide a list containing exactly one certificate if the "
        "listener protocol is HTTPS.");
  CHECK(f.error_of(&create_listener,
                   listener(lb, R"("Protocol":"HTTPS","Port":443,"Certificates":[{"CertificateArn":"x"}])")) ==
        "CertificateNotFoundException");
  CHECK(f.error_of(&create_listener,
                   listener(lb, R"("Protocol":"HTTPS","Port":443,"SslPolicy":"nope",)"
                                R"("Certificates":[{"CertificateArn":"arn:aws:acm:us-east-1:1:certificate/a"}])")) ==
        "SSLPolicyNotFoundException");
  CHECK(f.error_of(&create_listener,
                   listener(lb, R"("Protocol":"HTTPS","Port":443,)"
                                R"("Certificates":[{"CertificateArn":"arn:aws:acm:us-east-1:1:certificate/a"}])")) ==
        "");
  CHECK(f.error_of(&create_listener, listener(other, R"("Protocol":"HTTP","Port":80)")) ==
        "TargetGroupAssociationLimitException");
  CHECK(f.error_of(&delete_target_group, R"({"TargetGroupArn":")" + group + R"("})") == "ResourceInUseException");
  CHECK(f.state().listeners.size() == 2);
  // Deleting the load balancer takes its listeners and rules along; the group is then free.
  CHECK(f.error_of(&delete_load_balancer, R"({"LoadBalancerArn":")" + lb + R"("})") == "");
  CHECK(f.state().listeners.empty());
  CHECK(f.state().rules.empty());
  CHECK(f.error_of(&delete_load_balancer, R"({"LoadBalancerArn":")" + lb + R"("})") == "");
  CHECK(f.error_of(&delete_target_group, R"({"TargetGroupArn":")" + group + R"("})") == "");
}

TEST_CASE("Tags: duplicate keys and too many tags are refused, unknown resources are NotFound", "[elbv2]") {
  Fixture f;
  std::string lb = f.create_alb("web");
  std::string group = f.create_group("g");
  CHECK(f.error_of(&add_tags,
                   R"({"ResourceArns":[")" + lb + R"(",")" + group + R"("],"Tags":[{"Key":"a","Value":"1"}]})") == "");
  CHECK(f.state().target_groups.at(group).tags.size() == 1);
  CHECK(f.error_of(&add_tags, R"({"ResourceArns":[")" + lb + R"("],"Tags":[{"Key":"a"},{"Key":"a"}]})") ==
        "DuplicateTagKeysException");
  std::string many = R"({"ResourceArns":[")" + lb + R"("],"Tags":[)";
  for (int i = 0; i < 50; ++i) {
    many += (i == 0 ? "" : ",") + std::string(R"({"Key":"k)") + std::to_string(i) + "\"}";
  }
  CHECK(f.error_of(&add_tags, many + "]}") == "TooManyTagsException");
  CHECK(f.state().load_balancers.at(lb).tags.size() == 1);
  CHECK(f.error_of(&describe_tags,
                   R"({"ResourceArns":["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1"]})") ==
        "TargetGroupNotFoundException");
  CHECK(f.error_of(&remove_tags, R"({"ResourceArns":[")" + lb + R"("],"TagKeys":["a"]})") == "");
  CHECK(f.state().load_balancers.at(lb).tags.empty());
}

TEST_CASE("Listener, target group and rule errors use AWS's wording", "[elbv2]") {
  Fixture f;
  std::string lb = f.create_alb("web");
  std::string group = f.create_group("g");
  std::string action = R"("DefaultActions":[{"Type":"forward","TargetGroupArn":")" + group + R"("}])";
  std::string head = R"({"LoadBalancerArn":")" + lb + R"(",)";
  CHECK(f.failure_of(&create_listener, head + R"("Port":80,)" + action + "}") ==
        "ValidationError: A listener protocol must be specified");
  CHECK(f.failure_of(&create_listener, head + R"("Protocol":"HTTP",)" + action + "}") ==
        "ValidationError: A listener port must be specified");
  CHECK(f.failure_of(&create_listener, head + R"("Protocol":"TCP","Port":81,)" + action + "}") ==
        "ValidationError: Listener protocol 'TCP' must be one of 'HTTP, HTTPS'");
  std::string unknown_group = head + R"("Protocol":"HTTP","Port":81,"DefaultActions":[{"Type":"forward",)"
                                     R"("TargetGroupArn":"unknown"}]})";
  CHECK(f.failure_of(&create_listener, unknown_group) ==
        "TargetGroupNotFoundException: Target group 'unknown' not found");
  std::string bad_type = head + R"("Protocol":"HTTP","Port":82,"DefaultActions":[{"Type":"fixed-response",)"
                                R"("FixedResponseConfig":{"StatusCode":"200","ContentType":"Fake"}}]})";
  CHECK(f.error_of(&create_listener, bad_type) == "InvalidLoadBalancerActionException");
  CHECK(f.failure_of(&describe_target_groups, R"({"Names":["nope"]})") ==
        "TargetGroupNotFoundException: One or more target groups not found");
  CHECK(f.failure_of(&describe_rules, R"({"RuleArns":["unknown_arn"]})") ==
        "RuleNotFoundException: One or more rules not found");
  std::string pattern_error =
      "ValidationError: 1 validation error detected: Value 'Na--me' at 'targetGroup.targetGroupArn.targetGroupName' "
      "failed to satisfy constraint: Member must satisfy regular expression pattern: "
      "(?!.*--)(?!^-)(?!.*-$)^[A-Za-z0-9-]+$";
  CHECK(f.failure_of(&create_target_group,
                     R"({"Name":"Na--me","Protocol":"HTTP","Port":80,"VpcId":")" + f.vpc + R"("})") == pattern_error);
  CHECK(
      f.failure_of(&create_target_group, R"({"Name":"a.b","Protocol":"HTTP","Port":80,"VpcId":")" + f.vpc + R"("})") ==
      "ValidationError: Target group name 'a.b' can only contain characters that are alphanumeric characters or "
      "hyphens(-)");
  CHECK(f.failure_of(&create_target_group, R"({"Name":"t","Protocol":"HTTP"})") ==
        "ValidationError: A port must be specified");
  CHECK(f.failure_of(&create_target_group, R"({"Name":"t","Protocol":"HTTP","Port":80})") ==
        "ValidationError: A VPC ID must be specified");
  auto tg = [&](const std::string& protocol, int timeout) {
    return R"({"Name":"t","Protocol":")" + protocol + R"(","Port":80,"VpcId":")" + f.vpc +
           R"(","HealthCheckProtocol":"HTTP","HealthCheckIntervalSeconds":5,"HealthCheckTimeoutSeconds":)" +
           std::to_string(timeout) + "}";
  };
  CHECK(f.failure_of(&create_target_group, tg("HTTP", 5)) ==
        "ValidationError: Health check timeout '5' must be smaller than the interval '5'");
  CHECK(f.failure_of(&create_target_group, tg("TCP", 6)) ==
        "ValidationError: Health check timeout '6' must be smaller than or equal to the interval '5'");
  CHECK(f.failure_of(&create_target_group, tg("TCP", 5)) == "");
}

TEST_CASE("Rule conditions are checked with AWS's messages", "[elbv2]") {
  Fixture f;
  std::string lb = f.create_alb("web");
  std::string group = f.create_group("g");
  std::string listener = f.create_listener(lb, group);
  auto rule = [&](const std::string& condition) {
    return f.failure_of(&create_rule, R"({"ListenerArn":")" + listener + R"(","Priority":10,"Conditions":[)" +
                                          condition + R"(],"Actions":[{"Type":"forward","TargetGroupArn":")" + group +
                                          R"("}]})");
  };
  std::string long_value(256, 'x');
  CHECK(rule(R"({"Field":"host-header","Values":[")" + long_value + R"("]})") ==
        "ValidationError: The 'host-header' value is too long; the limit is '128'");
  CHECK(rule(R"({"Field":"path-pattern","PathPatternConfig":{"Values":[")" + long_value + R"("]}})") ==
        "ValidationError: The 'path-pattern' value is too long; the limit is '128'");
  CHECK(rule(R"({"Field":"host-header","Values":["one","two"]})") ==
        "ValidationError: The 'host-header' field contains too many values; the limit is '1'");
  CHECK(rule(R"({"Field":"path-pattern"})") == "ValidationError: A condition value must be specified");
  CHECK(rule(R"({"Field":"host-header","HostHeaderConfig":{"Values":[]}})") ==
        "ValidationError: A condition value must be specified");
  CHECK(rule(R"({"Field":"http-header","HttpHeaderConfig":{"HttpHeaderName":")" + std::string(50, 'x') +
             R"(","Values":["y"]}})") == "ValidationError: The 'HttpHeaderName' value is too long; the limit is '40'");
  CHECK(rule(R"({"Field":"http-header","HttpHeaderConfig":{"HttpHeaderName":"x","Values":[")" + long_value +
             R"("]}})") == "ValidationError: The 'http-header' value is too long; the limit is '128'");
  CHECK(rule(R"({"Field":"http-request-method","HttpRequestMethodConfig":{"Values":["get"]}})") ==
        "ValidationError: The 'http-request-method' value is invalid; the allowed characters are A-Z, hyphen and "
        "underscore");
  CHECK(rule(R"({"Field":"http-request-method","HttpRequestMethodConfig":{"Values":[")" + std::string(50, 'X') +
             R"("]}})") == "ValidationError: The 'http-request-method' value is too long; the limit is '40'");
  CHECK(rule(R"({"Field":"http-request-method"})") ==
        "ValidationError: A 'HttpRequestMethodConfig' must be specified with 'http-request-method'");
  CHECK(rule(R"({"Field":"query-string","QueryStringConfig":{"Values":[{"Key":")" + long_value +
             R"(","Value":"w"}]}})") == "ValidationError: The 'Key' value is too long; the limit is '128'");
  CHECK(rule(R"({"Field":"query-string","QueryStringConfig":{"Values":[{"Key":"k","Value":")" + long_value +
             R"("}]}})") == "ValidationError: The 'Value' value is too long; the limit is '128'");
  CHECK(rule(R"({"Field":"query-string","QueryStringConfig":{"Values":[{"Key":"k"}]}})") ==
        "ValidationError: A 'Value' must be specified in 'QueryStringKeyValuePair'");
  CHECK(rule(R"({"Field":"source-ip","SourceIpConfig":{"Values":[]}})") ==
        "ValidationError: A 'source-ip' value must be specified");
  CHECK(rule(R"({"Field":"source-ip"})") == "ValidationError: A 'SourceIpConfig' must be specified with 'source-ip'");
  CHECK(rule(R"({"Field":"host-header","Values":["a.example.com"]})") == "");
}

TEST_CASE("Stickiness types follow the target group's protocol", "[elbv2]") {
  Fixture f;
  auto group = [&](const std::string& name, const std::string& protocol) {
    auto out = f.call(&create_target_group, (R"({"Name":")" + name + R"(","Protocol":")" + protocol +
                                             R"(","Port":6081,"VpcId":")" + f.vpc + R"("})")
                                                .c_str());
    return std::string(out.at("TargetGroups").as_array()[0].at("TargetGroupArn").as_string());
  };
  auto set = [&](const std::string& arn, const std::string& type) {
    return f.failure_of(&modify_target_group_attributes,
                        R"({"TargetGroupArn":")" + arn +
                            R"(","Attributes":[{"Key":"stickiness.enabled","Value":"true"},)"
                            R"({"Key":"stickiness.type","Value":")" +
                            type + R"("}]})");
  };
  std::string http = group("h", "HTTP");
  std::string tcp = group("t", "TCP");
  std::string tls = group("s", "TLS");
  std::string geneve = group("g", "GENEVE");
  CHECK(set(http, "lb_cookie") == "");
  CHECK(set(http, "source_ip") ==
        "InvalidConfigurationRequestException: Stickiness type 'source_ip' is not supported "
        "for target groups with the HTTP protocol");
  CHECK(set(http, "source_ip_dest_ip") ==
        "InvalidConfigurationRequestException: 'Stickiness type' must be one of [app_cookie, lb_cookie, source_ip]");
  CHECK(set(tcp, "source_ip") == "");
  CHECK(set(tcp, "lb_cookie") ==
        "InvalidConfigurationRequestException: Stickiness type 'lb_cookie' is not supported "
        "for target groups with the TCP protocol");
  CHECK(set(tls, "source_ip") ==
        "InvalidConfigurationRequestException: You cannot enable stickiness on target groups with the TLS protocol");
  CHECK(set(geneve, "source_ip_dest_ip") == "");
  CHECK(set(geneve, "lb_cookie") ==
        "InvalidConfigurationRequestException: 'lb_cookie' must be one of "
        "[source_ip_dest_ip_proto, source_ip_dest_ip]");
  CHECK(f.state().target_groups.at(geneve).health_check.port == "80");
}
