#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"
#include "services/elbv2/elbv2_model.hpp"

namespace ecsemu::elbv2 {

// Load balancers (elbv2_load_balancer_handlers.cpp)
aws::Operation create_load_balancer, describe_load_balancers, delete_load_balancer, describe_load_balancer_attributes,
    modify_load_balancer_attributes, set_subnets, set_security_groups, set_ip_address_type;
// Target groups (elbv2_target_group_handlers.cpp)
aws::Operation create_target_group, describe_target_groups, modify_target_group, delete_target_group,
    describe_target_group_attributes, modify_target_group_attributes;
// Targets (elbv2_target_handlers.cpp)
aws::Operation register_targets, deregister_targets, describe_target_health;
// Listeners (elbv2_listener_handlers.cpp)
aws::Operation create_listener, describe_listeners, modify_listener, delete_listener;
// Listener certificates (elbv2_certificate_handlers.cpp)
aws::Operation add_listener_certificates, describe_listener_certificates, remove_listener_certificates;
// Rules (elbv2_rule_handlers.cpp)
aws::Operation create_rule, describe_rules, modify_rule, delete_rule, set_rule_priorities;
// Tags, limits, SSL policies (elbv2_misc_handlers.cpp)
aws::Operation add_tags, remove_tags, describe_tags, describe_account_limits, describe_ssl_policies;

void register_operations(aws::OperationRegistry& registry);

// Shared by the handler files (elbv2_input.cpp).
double now_seconds(const aws::RequestContext& ctx);
[[noreturn]] void validation(std::string message);
// Tags members ([{Key, Value}]).
TagList parse_tags(const boost::json::object& input);
// Attributes members ([{Key, Value}]); a key given twice is a ValidationError.
AttributeMap parse_attributes(const boost::json::object& input);
// Marker and PageSize (1-400) of a Describe call: the items come after the marker's sequence number.
struct Page {
  std::uint64_t after = 0;
  std::size_t size = 400;
};
Page parse_page(const boost::json::object& input);
std::string next_marker(std::uint64_t last_seq);

// The SSL policies DescribeSSLPolicies lists (elbv2_misc_handlers.cpp).
bool known_ssl_policy(std::string_view name);
// A certificate ARN must name an ACM or IAM certificate (CertificateNotFound otherwise; ecsemu has no ACM to ask).
void check_certificate_arn(std::string_view arn);
inline constexpr int kMaxCertificatesPerListener = 25;  // besides the default one
inline constexpr std::string_view kDefaultSslPolicy = "ELBSecurityPolicy-2016-08";

// Actions and conditions (elbv2_actions.cpp). Checks them against the load balancer and the state: target
// groups exist, belong to no other load balancer, have a protocol the load balancer can use.
std::vector<Action> parse_actions(const Elbv2State& state, const LoadBalancer& lb, const boost::json::array& actions);
std::vector<Condition> parse_conditions(const boost::json::array& conditions);
// The rule's or listener's forward target groups must be new to no other load balancer.
void check_group_association(const Elbv2State& state, const LoadBalancer& lb, const std::vector<Action>& actions);

}  // namespace ecsemu::elbv2
