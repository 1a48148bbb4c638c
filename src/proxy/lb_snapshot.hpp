#pragma once

// What the load-balancer data plane needs to know, as one immutable value (DESIGN.md 4 and 6). The state strand
// builds it from the ELBv2 model after every change (elbv2::build_snapshot) and publishes it; the data plane
// never touches World. Health results travel the other way as TargetHealthReports, applied on the strand.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ecsemu::proxy {

// One registered target, and where the data plane really connects for it.
struct Endpoint {
  std::string target_id;     // as registered: an instance id or an IP address
  int port = 0;              // as registered (the traffic port)
  std::string connect_host;  // resolved: the IP itself (ip targets); empty for instance targets, which the plane
                             // reaches on its PlaneOptions::instance_host (where tasks publish their host ports)
  int connect_port = 0;      // resolved port
  std::string availability_zone;
};

struct HealthCheckConfig {
  bool enabled = true;
  std::string protocol = "HTTP";              // HTTP, HTTPS, TCP ... (HTTPS is checked as a TCP connect)
  std::string path = "/";                     // HTTP only
  std::string port = "traffic-port";          // or a port number as text
  std::string matcher = "200";                // HttpCode: "200", "200,202", "200-299"
  std::chrono::milliseconds interval{30000};  // as configured; the plane applies its time scale
  std::chrono::milliseconds timeout{5000};
  int healthy_threshold = 5;
  int unhealthy_threshold = 2;
};

struct TargetGroupConfig {
  std::string arn;
  std::string protocol;     // HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE
  std::string target_type;  // instance, ip, lambda, alb
  HealthCheckConfig health_check;
  std::vector<Endpoint> targets;  // registered and not draining: the ones that may get new requests
};

struct RuleCondition {
  std::string field;                // host-header, path-pattern, http-header, http-request-method, query-string,
                                    // source-ip
  std::string http_header_name;     // http-header only
  std::vector<std::string> values;  // patterns (* and ?), methods, or CIDRs
  std::vector<std::pair<std::string, std::string>> query;  // query-string: key (may be empty) and value
};

struct WeightedTargetGroup {
  std::string arn;
  int weight = 1;
};

struct RuleAction {
  std::string type;  // forward, fixed-response, redirect
  int order = 0;
  // forward
  std::vector<WeightedTargetGroup> forward;
  // fixed-response
  std::string status_code;  // "200"
  std::string content_type;
  std::string message_body;
  // redirect: ALB's #{protocol} #{host} #{port} #{path} #{query} placeholders
  std::string redirect_protocol = "#{protocol}";
  std::string redirect_host = "#{host}";
  std::string redirect_port = "#{port}";
  std::string redirect_path = "/#{path}";
  std::string redirect_query = "#{query}";
  std::string redirect_status = "HTTP_301";  // HTTP_301 or HTTP_302
};

struct RuleConfig {
  int priority = 0;  // ignored for the default rule
  bool is_default = false;
  std::vector<RuleCondition> conditions;
  std::vector<RuleAction> actions;  // ordered by `order`
};

struct ListenerConfig {
  std::string arn;
  std::string load_balancer_arn;
  std::string load_balancer_type;  // application, network, gateway
  std::string dns_name;            // the load balancer's DNSName (Host-header match when listeners share a port)
  std::string protocol;            // HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP
  int port = 0;                    // the listener's port as configured
  std::vector<RuleConfig> rules;   // by priority, the default rule last
};

struct Snapshot {
  std::vector<ListenerConfig> listeners;  // in creation order
  std::map<std::string, TargetGroupConfig> target_groups;
};

// A health-check result for one target, reported back to the state strand.
struct TargetHealthReport {
  std::string target_group_arn;
  std::string target_id;
  int port = 0;
  std::string state;        // healthy or unhealthy
  std::string reason;       // empty when healthy; Target.ResponseCodeMismatch, Target.Timeout,
                            // Target.FailedHealthChecks
  std::string description;  // ALB's text, e.g. "Health checks failed with these codes: [500]"
};

using SnapshotPublisher = std::function<void(std::shared_ptr<const Snapshot>)>;
using HealthSink = std::function<void(std::vector<TargetHealthReport>)>;

}  // namespace ecsemu::proxy
