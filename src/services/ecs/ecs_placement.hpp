#pragma once

// EC2 task placement as pure functions: which container instance each task of a RunTask goes to, or why none
// fits (the reasons AWS reports in `failures`).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ecsemu::ecs {

struct PlacementCandidate {
  std::string arn;
  std::string id;
  std::string ec2_instance_id;
  std::map<std::string, std::string> attributes;  // e.g. ecs.availability-zone, ecs.instance-type
  bool active = true;                             // status ACTIVE (DRAINING and others get no new tasks)
  bool agent_connected = true;
  std::int64_t remaining_cpu = 0;
  std::int64_t remaining_memory = 0;
  std::set<int> used_tcp_ports;
  std::set<int> used_udp_ports;
  int group_tasks = 0;  // non-stopped tasks of the placement group already on it
};

struct PlacementPort {
  int host_port = 0;
  std::string protocol = "tcp";
};

struct PlacementConstraintSpec {
  std::string type;  // distinctInstance, memberOf
  std::string expression;
};

struct PlacementStrategySpec {
  std::string type;  // random, spread, binpack
  std::string field;
};

struct PlacementRequest {
  int count = 1;
  std::int64_t cpu = 0;
  std::int64_t memory = 0;
  std::vector<PlacementPort> ports;  // static host ports each task needs
  std::vector<PlacementConstraintSpec> constraints;
  std::vector<PlacementStrategySpec> strategies;
  // Evaluates a memberOf expression on a candidate; when unset, evaluate_query below is used.
  std::function<bool(const PlacementCandidate&, const std::string& expression)> member_of;
};

struct PlacementFailure {
  std::string arn;     // the container instance
  std::string reason;  // RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:PORTS, AGENT, ...
  bool operator==(const PlacementFailure&) const = default;
};

struct PlacementResult {
  std::vector<std::string> placements;     // one container instance ARN per task placed
  std::vector<PlacementFailure> failures;  // why the rest could not be placed (one per instance and reason)
};

// Places request.count tasks. Instances are updated as tasks land, so a batch does not oversubscribe one.
PlacementResult place_tasks(std::vector<PlacementCandidate> candidates, const PlacementRequest& request,
                            std::mt19937_64& rng);

// An empty string when the strategy/constraint lists are acceptable, else the InvalidParameterException message.
std::string validate_placement(const std::vector<PlacementConstraintSpec>& constraints,
                               const std::vector<PlacementStrategySpec>& strategies);

// The cluster query language subset used by memberOf: `attribute:NAME OP VALUE` and `ec2InstanceId OP VALUE` with
// OP in ==, !=, =~ (VALUE may use *), `in [a, b]`, `not in [a, b]`, `exists`, `not exists`;
// `agentConnected == true|false`; joined with `and`, `or`, `not` and parentheses.
// Empty optional when the expression is malformed.
std::optional<bool> evaluate_query(std::string_view expression, const PlacementCandidate& candidate);
bool valid_query(std::string_view expression);

}  // namespace ecsemu::ecs
