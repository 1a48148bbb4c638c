#include <catch2/catch.hpp>

#include "ecsemu/protocol/codec.hpp"
#include "ecsemu/protocol/embedded_models.hpp"
#include "ecsemu/protocol/model.hpp"
#include "elbv2_fixture.hpp"

using namespace ecsemu::elbv2;
using elbv2_test::Fixture;
namespace protocol = ecsemu::protocol;

namespace {

std::unique_ptr<protocol::ServiceModel> elbv2_model() {
  for (const auto& m : protocol::embedded_models()) {
    if (m.service == "elbv2") {
      return protocol::ServiceModel::from_json(m.json);
    }
  }
  return nullptr;
}

// Serializes a handler's output with undeclared members treated as errors; returns the XML body.
std::string strict_xml(const protocol::ServiceModel& model, const char* operation, const boost::json::value& out) {
  const protocol::Operation* op = model.find_operation(operation);
  REQUIRE(op != nullptr);
  protocol::SerializeOptions strict;
  strict.strict = true;
  auto wire = protocol::serialize_output(model, *op, out, "rid", strict);
  CHECK(wire.status == 200);
  return wire.body;
}

}  // namespace

TEST_CASE("Every ELBv2 view spells only members the output shapes declare", "[elbv2]") {
  auto model = elbv2_model();
  REQUIRE(model != nullptr);
  Fixture f;
  std::string lb = f.create_alb("web");
  std::string group = f.create_group("g");
  REQUIRE(f.register_ip(group, "172.31.0.10") == "");
  std::string https = R"({"LoadBalancerArn":")" + lb +
                      R"(","Protocol":"HTTPS","Port":443,"Certificates":[{"CertificateArn":"arn:aws:acm:us-east-1:)"
                      R"(123456789012:certificate/a"}],"DefaultActions":[{"Type":"forward","TargetGroupArn":")" +
                      group + R"("}]})";
  auto listener = f.call(&create_listener, https.c_str());
  std::string body = strict_xml(*model, "CreateListener", listener);
  CHECK(body.find("<SslPolicy>ELBSecurityPolicy-2016-08</SslPolicy>") != std::string::npos);
  std::string listener_arn(listener.at("Listeners").as_array()[0].at("ListenerArn").as_string());
  std::string certs = R"({"ListenerArn":")" + listener_arn +
                      R"(","Certificates":[{"CertificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/b"}]})";
  strict_xml(*model, "AddListenerCertificates", f.call(&add_listener_certificates, certs.c_str()));
  std::string by_listener_arn = R"({"ListenerArn":")" + listener_arn + R"("})";
  body = strict_xml(*model, "DescribeListenerCertificates",
                    f.call(&describe_listener_certificates, by_listener_arn.c_str()));
  CHECK(body.find("<IsDefault>false</IsDefault>") != std::string::npos);
  std::string rule =
      R"({"ListenerArn":")" + listener_arn +
      R"(","Priority":1,"Conditions":[)"
      R"({"Field":"host-header","Values":["a.example.com"]},)"
      R"({"HttpHeaderConfig":{"HttpHeaderName":"X-A","Values":["1"]}},)"
      R"({"QueryStringConfig":{"Values":[{"Key":"v","Value":"1"}]}},)"
      R"({"SourceIpConfig":{"Values":["10.0.0.0/8"]}},)"
      R"({"HttpRequestMethodConfig":{"Values":["GET"]}}],)"
      R"("Actions":[{"Type":"redirect","RedirectConfig":{"Protocol":"HTTPS","StatusCode":"HTTP_301"}}]})";
  body = strict_xml(*model, "CreateRule", f.call(&create_rule, rule.c_str()));
  CHECK(body.find("<Priority>1</Priority>") != std::string::npos);
  std::string fixed = R"({"ListenerArn":")" + listener_arn +
                      R"(","Priority":2,"Conditions":[)"
                      R"({"PathPatternConfig":{"Values":["/x"]}}],"Actions":[{"Type":"fixed-response",)"
                      R"("FixedResponseConfig":{"StatusCode":"404","ContentType":"text/plain","MessageBody":"no"}}]})";
  strict_xml(*model, "CreateRule", f.call(&create_rule, fixed.c_str()));
  std::string by_listener = R"({"ListenerArn":")" + listener_arn + R"("})";
  body = strict_xml(*model, "DescribeRules", f.call(&describe_rules, by_listener.c_str()));
  CHECK(body.find("<Priority>default</Priority>") != std::string::npos);
  strict_xml(*model, "DescribeLoadBalancers", f.call(&describe_load_balancers, "{}"));
  strict_xml(*model, "DescribeTargetGroups", f.call(&describe_target_groups, "{}"));
  std::string by_lb = R"({"LoadBalancerArn":")" + lb + R"("})";
  strict_xml(*model, "DescribeListeners", f.call(&describe_listeners, by_lb.c_str()));
  strict_xml(*model, "DescribeLoadBalancerAttributes", f.call(&describe_load_balancer_attributes, by_lb.c_str()));
  std::string by_group = R"({"TargetGroupArn":")" + group + R"("})";
  strict_xml(*model, "DescribeTargetHealth", f.call(&describe_target_health, by_group.c_str()));
  strict_xml(*model, "DescribeTargetGroupAttributes", f.call(&describe_target_group_attributes, by_group.c_str()));
  std::string tags = R"({"ResourceArns":[")" + lb + R"("]})";
  strict_xml(*model, "DescribeTags", f.call(&describe_tags, tags.c_str()));
  strict_xml(*model, "DescribeAccountLimits", f.call(&describe_account_limits, "{}"));
  strict_xml(*model, "DescribeSSLPolicies", f.call(&describe_ssl_policies, "{}"));
  std::string subnets =
      R"({"LoadBalancerArn":")" + lb + R"(","Subnets":[")" + f.subnets[0] + R"(",")" + f.subnets[2] + R"("]})";
  strict_xml(*model, "SetSubnets", f.call(&set_subnets, subnets.c_str()));
  std::string sgs = R"({"LoadBalancerArn":")" + lb + R"(","SecurityGroups":[")" +
                    f.state().load_balancers.at(lb).security_groups[0] + R"("]})";
  strict_xml(*model, "SetSecurityGroups", f.call(&set_security_groups, sgs.c_str()));
}

TEST_CASE("Describe calls page with Marker and PageSize", "[elbv2]") {
  Fixture f;
  std::vector<std::string> arns;
  for (int i = 0; i < 3; ++i) {
    arns.push_back(f.create_group("g" + std::to_string(i)));
  }
  auto first = f.call(&describe_target_groups, R"({"PageSize":2})");
  REQUIRE(first.at("TargetGroups").as_array().size() == 2);
  REQUIRE(first.contains("NextMarker"));
  std::string next = R"({"PageSize":2,"Marker":")" + std::string(first.at("NextMarker").as_string()) + R"("})";
  auto second = f.call(&describe_target_groups, next.c_str());
  REQUIRE(second.at("TargetGroups").as_array().size() == 1);
  CHECK(second.at("TargetGroups").as_array()[0].at("TargetGroupArn").as_string() == arns[2]);
  CHECK_FALSE(second.contains("NextMarker"));
  CHECK(f.error_of(&describe_target_groups, R"({"Marker":"bogus"})") == "ValidationError");
  CHECK(f.error_of(&describe_target_groups, R"({"PageSize":401})") == "ValidationError");
}
