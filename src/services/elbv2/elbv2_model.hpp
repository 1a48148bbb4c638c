#pragma once

// The ELBv2 control plane's state: load balancers, target groups and their targets, listeners and rules of one
// account and region. Load balancers are `active` as soon as CreateLoadBalancer returns: there is nothing to
// provision, the data plane binds listener sockets when it receives the next snapshot.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecsemu::state {
class World;
}  // namespace ecsemu::state

namespace ecsemu::elbv2 {

// Tags in the order they were added (AWS lists them so); keys are unique.
using TagList = std::vector<std::pair<std::string, std::string>>;
// Attributes, key -> value (as text, the way AWS carries them).
using AttributeMap = std::map<std::string, std::string>;

struct LoadBalancerZone {
  std::string zone_name;
  std::string subnet_id;
};

struct LoadBalancer {
  std::string arn;
  std::string name;
  std::string type = "application";  // application | network
  std::string scheme = "internet-facing";
  std::string ip_address_type = "ipv4";
  std::string vpc_id;
  std::string dns_name;
  std::string canonical_hosted_zone_id;
  std::vector<LoadBalancerZone> zones;
  std::vector<std::string> security_groups;
  double created = 0;
  std::uint64_t seq = 0;
  AttributeMap attributes;
  TagList tags;
};

struct HealthCheck {
  bool enabled = true;
  std::string protocol;  // empty for lambda groups with checks disabled
  std::string port = "traffic-port";
  std::string path;  // HTTP/HTTPS checks only
  int interval = 30;
  int timeout = 5;
  int healthy_threshold = 5;
  int unhealthy_threshold = 2;
  std::string matcher_http;  // HttpCode
  std::string matcher_grpc;  // GrpcCode
};

struct Target {
  std::string id;  // instance id, IP address, Lambda or ALB ARN
  int port = 0;
  std::string availability_zone;  // as registered ("all" for ip targets outside the VPC)
  // The last health result the data plane reported: healthy | unhealthy, empty until the first one.
  std::string reported_state;
  std::string reported_reason;
  std::string reported_description;
  bool draining = false;
  double drain_started = 0;
  // Registered by an ECS service (its ARN) rather than by RegisterTargets: the service also deregisters it.
  std::string registered_by;
  // Where the data plane reaches an ip target when that is not its id: an ECS task's real container address.
  std::string connect_host;
};

struct TargetGroup {
  std::string arn;
  std::string name;
  std::string protocol;  // empty for lambda
  std::string protocol_version;
  int port = 0;
  std::string vpc_id;
  std::string target_type = "instance";
  std::string ip_address_type = "ipv4";
  HealthCheck health_check;
  std::vector<Target> targets;
  double created = 0;
  std::uint64_t seq = 0;
  AttributeMap attributes;
  TagList tags;
};

struct WeightedGroup {
  std::string arn;
  int weight = 1;
};

struct Action {
  std::string type;  // forward | fixed-response | redirect
  int order = 1;
  // forward: the groups (one group given as TargetGroupArn reads as a ForwardConfig of one, weight 1)
  std::vector<WeightedGroup> forward;
  bool stickiness_enabled = false;
  std::optional<int> stickiness_duration;
  // fixed-response
  std::string status_code;
  std::optional<std::string> content_type;
  std::optional<std::string> message_body;
  // redirect (missing parts keep ALB's placeholders)
  std::string redirect_protocol = "#{protocol}";
  std::string redirect_host = "#{host}";
  std::string redirect_port = "#{port}";
  std::string redirect_path = "/#{path}";
  std::string redirect_query = "#{query}";
  std::string redirect_status;  // HTTP_301 | HTTP_302
};

struct Condition {
  std::string field;    // host-header, path-pattern, http-header, http-request-method, query-string, source-ip
  bool legacy = false;  // given as Field + Values (host-header and path-pattern only)
  std::string header_name;
  std::vector<std::string> values;
  std::vector<std::pair<std::string, std::string>> query;  // query-string: (key, value), key may be empty
};

struct Rule {
  std::string arn;
  std::string listener_arn;
  int priority = 0;
  bool is_default = false;
  std::vector<Condition> conditions;
  std::vector<Action> actions;
  TagList tags;
};

struct Certificate {
  std::string arn;
  bool is_default = false;
};

struct Listener {
  std::string arn;
  std::string load_balancer_arn;
  std::string protocol;
  int port = 0;
  std::string ssl_policy;  // HTTPS/TLS only
  std::vector<Certificate> certificates;
  std::vector<std::string> alpn_policy;
  std::uint64_t seq = 0;
  TagList tags;
  // Its default rule is rules_[default_rule_arn]; the default actions live there.
  std::string default_rule_arn;
};

struct Elbv2State {
  std::map<std::string, LoadBalancer> load_balancers;  // by ARN
  std::map<std::string, TargetGroup> target_groups;
  std::map<std::string, Listener> listeners;
  std::map<std::string, Rule> rules;
};

// Limits (DescribeAccountLimits reports them; the handlers enforce them).
inline constexpr int kMaxLoadBalancersPerType = 50;
inline constexpr int kMaxTargetGroups = 3000;
inline constexpr int kMaxListenersPerLoadBalancer = 50;
inline constexpr int kMaxRulesPerLoadBalancer = 100;
inline constexpr int kMaxTargetsPerGroup = 1000;
inline constexpr int kMaxTags = 50;
inline constexpr int kMaxConditionValuesPerRule = 5;
inline constexpr int kMaxGroupsPerForward = 5;

// A fresh sequence number (creation order across the process).
std::uint64_t next_seq();
// A restored world (src/state/) continues numbering after its highest sequence number.
void continue_seq_after(std::uint64_t highest);
// 16 random hex digits, the id part of ELBv2 ARNs.
std::string arn_id();
// Names of load balancers and target groups: 1-32 alphanumerics or hyphens, not starting or ending with a
// hyphen; load balancer names may not start with "internal-". Throws ValidationError.
void check_load_balancer_name(std::string_view name);
void check_target_group_name(std::string_view name);
// "app" or "net", the ARN segment of a load balancer type.
std::string_view type_segment(std::string_view type);
// AWS's Route 53 hosted zone of the region's load balancers of that type.
std::string canonical_hosted_zone(std::string_view region, std::string_view type);

// Lookups by ARN; the require_ forms throw the resource's NotFound error.
LoadBalancer& require_load_balancer(Elbv2State& state, std::string_view arn);
TargetGroup& require_target_group(Elbv2State& state, std::string_view arn);
Listener& require_listener(Elbv2State& state, std::string_view arn);
Rule& require_rule(Elbv2State& state, std::string_view arn);

// The load balancers whose listeners or rules forward to the group, in ARN order.
std::vector<std::string> load_balancers_of(const Elbv2State& state, std::string_view group_arn);
// True when a listener or rule forwards to the group.
bool group_in_use(const Elbv2State& state, std::string_view group_arn);
// The rules of a listener, by priority, the default rule last.
std::vector<const Rule*> rules_of(const Elbv2State& state, std::string_view listener_arn);

// Default health check and attributes of a new target group.
HealthCheck default_health_check(std::string_view protocol, std::string_view target_type);
AttributeMap default_target_group_attributes(std::string_view protocol, std::string_view target_type);
AttributeMap default_load_balancer_attributes(std::string_view type);
// Validates changed attributes against the known keys and their value ranges (InvalidConfigurationRequest or
// ValidationError) and applies them.
void apply_target_group_attributes(TargetGroup& group, const AttributeMap& changes);
void apply_load_balancer_attributes(LoadBalancer& lb, const AttributeMap& changes);

// The health AWS reports for a registered target: (state, reason, description); reason and description are
// empty for a healthy target.
struct HealthView {
  std::string state;
  std::string reason;
  std::string description;
};
HealthView target_health(const Elbv2State& state, const TargetGroup& group, const Target& target);

// Deregistration: marks the target draining, or drops it at once when the group is not in use or its delay is 0.
void begin_draining(Elbv2State& state, TargetGroup& group, std::string_view id, int port, double now);
// The group's deregistration delay in seconds.
double deregistration_delay(const TargetGroup& group);

// Tag lists: AddTags / RemoveTags semantics (DuplicateTagKeys, TooManyTags).
void add_tags(TagList& tags, const TagList& added);
void remove_tags(TagList& tags, const std::vector<std::string>& keys);

}  // namespace ecsemu::elbv2
