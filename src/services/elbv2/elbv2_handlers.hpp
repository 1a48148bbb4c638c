#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/operation_registry.hpp"
#include "services/elbv2/elbv2_model.hpp"

namespace ecsemu::elbv2 {

#define ECSEMU_ELBV2_HANDLER(name) boost::json::value name(aws::RequestContext& ctx, const boost::json::object& input)

// Load balancers (elbv2_load_balancer_handlers.cpp)
ECSEMU_ELBV2_HANDLER(create_load_balancer);
ECSEMU_ELBV2_HANDLER(describe_load_balancers);
ECSEMU_ELBV2_HANDLER(delete_load_balancer);
ECSEMU_ELBV2_HANDLER(describe_load_balancer_attributes);
ECSEMU_ELBV2_HANDLER(modify_load_balancer_attributes);
ECSEMU_ELBV2_HANDLER(set_subnets);
ECSEMU_ELBV2_HANDLER(set_security_groups);
ECSEMU_ELBV2_HANDLER(set_ip_address_type);
// Target groups (elbv2_target_group_handlers.cpp)
ECSEMU_ELBV2_HANDLER(create_target_group);
ECSEMU_ELBV2_HANDLER(describe_target_groups);
ECSEMU_ELBV2_HANDLER(modify_target_group);
ECSEMU_ELBV2_HANDLER(delete_target_group);
ECSEMU_ELBV2_HANDLER(describe_target_group_attributes);
ECSEMU_ELBV2_HANDLER(modify_target_group_attributes);
// Targets (elbv2_target_handlers.cpp)
ECSEMU_ELBV2_HANDLER(register_targets);
ECSEMU_ELBV2_HANDLER(deregister_targets);
ECSEMU_ELBV2_HANDLER(describe_target_health);
// Listeners (elbv2_listener_handlers.cpp)
ECSEMU_ELBV2_HANDLER(create_listener);
ECSEMU_ELBV2_HANDLER(describe_listeners);
ECSEMU_ELBV2_HANDLER(modify_listener);
ECSEMU_ELBV2_HANDLER(delete_listener);
// Listener certificates (elbv2_certificate_handlers.cpp)
ECSEMU_ELBV2_HANDLER(add_listener_certificates);
ECSEMU_ELBV2_HANDLER(describe_listener_certificates);
ECSEMU_ELBV2_HANDLER(remove_listener_certificates);
// Rules (elbv2_rule_handlers.cpp)
ECSEMU_ELBV2_HANDLER(create_rule);
ECSEMU_ELBV2_HANDLER(describe_rules);
ECSEMU_ELBV2_HANDLER(modify_rule);
ECSEMU_ELBV2_HANDLER(delete_rule);
ECSEMU_ELBV2_HANDLER(set_rule_priorities);
// Tags, limits, SSL policies (elbv2_misc_handlers.cpp)
ECSEMU_ELBV2_HANDLER(add_tags);
ECSEMU_ELBV2_HANDLER(remove_tags);
ECSEMU_ELBV2_HANDLER(describe_tags);
ECSEMU_ELBV2_HANDLER(describe_account_limits);
ECSEMU_ELBV2_HANDLER(describe_ssl_policies);

#undef ECSEMU_ELBV2_HANDLER

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
