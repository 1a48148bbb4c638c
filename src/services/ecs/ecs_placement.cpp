// EC2 task placement: filter by agent, constraints and resources; order by strategies (see placement.hpp).
#include "services/ecs/ecs_placement.hpp"

#include <algorithm>
#include <limits>

namespace ecsemu::ecs {
namespace {

constexpr std::size_t kMaxConstraints = 10;
constexpr std::size_t kMaxStrategies = 5;

bool ports_free(const PlacementCandidate& c, const std::vector<PlacementPort>& ports) {
  std::set<int> tcp;
  std::set<int> udp;
  for (const auto& p : ports) {
    auto& used = p.protocol == "udp" ? c.used_udp_ports : c.used_tcp_ports;
    auto& mine = p.protocol == "udp" ? udp : tcp;
    if (used.count(p.host_port) != 0 || !mine.insert(p.host_port).second) {
      return false;
    }
  }
  return true;
}

// Why `c` cannot take the task, or an empty string when it can.
std::string misfit(const PlacementCandidate& c, const PlacementRequest& request) {
  if (!c.agent_connected) {
    return "AGENT";
  }
  for (const auto& constraint : request.constraints) {
    if (constraint.type == "memberOf") {
      bool member = false;
      if (request.member_of) {
        member = request.member_of(c, constraint.expression);
      } else {
        member = evaluate_query(constraint.expression, c).value_or(false);
      }
      if (!member) {
        return "MemberOf placement constraint unsatisfied.";
      }
    } else if (constraint.type == "distinctInstance" && c.group_tasks > 0) {
      return "DistinctInstance placement constraint unsatisfied.";
    }
  }
  if (c.remaining_cpu < request.cpu) {
    return "RESOURCE:CPU";
  }
  if (c.remaining_memory < request.memory) {
    return "RESOURCE:MEMORY";
  }
  if (!ports_free(c, request.ports)) {
    return "RESOURCE:PORTS";
  }
  return {};
}

std::string spread_value(const PlacementCandidate& c, const std::string& field) {
  if (field == "instanceId" || field == "host") {
    return c.arn;
  }
  if (field.rfind("attribute:", 0) == 0) {
    auto it = c.attributes.find(field.substr(10));
    return it == c.attributes.end() ? std::string() : it->second;
  }
  return c.arn;
}

std::vector<double> score(const PlacementCandidate& c, const std::vector<PlacementCandidate>& all,
                          const PlacementRequest& request, std::mt19937_64& rng) {
  std::vector<double> keys;
  for (const auto& strategy : request.strategies) {
    if (strategy.type == "binpack") {
      keys.push_back(static_cast<double>(strategy.field == "cpu" ? c.remaining_cpu - request.cpu
                                                                 : c.remaining_memory - request.memory));
    } else if (strategy.type == "spread") {
      std::string mine = spread_value(c, strategy.field);
      int tasks = 0;
      for (const auto& other : all) {
        if (other.active && spread_value(other, strategy.field) == mine) {
          tasks += other.group_tasks;
        }
      }
      keys.push_back(tasks);
    } else {
      keys.push_back(std::uniform_real_distribution<double>(0, 1)(rng));
    }
  }
  return keys;
}

}  // namespace

std::string validate_placement(const std::vector<PlacementConstraintSpec>& constraints,
                               const std::vector<PlacementStrategySpec>& strategies) {
  if (constraints.size() > kMaxConstraints) {
    return "Limit of 10 placement constraints exceeded.";
  }
  if (strategies.size() > kMaxStrategies) {
    return "Limit of 5 placement strategies exceeded.";
  }
  for (const auto& c : constraints) {
    if (c.type == "memberOf") {
      if (c.expression.empty()) {
        return "Placement constraint of type memberOf requires an expression.";
      }
      if (!valid_query(c.expression)) {
        return "Invalid placement constraint expression: " + c.expression;
      }
    } else if (c.type == "distinctInstance") {
      if (!c.expression.empty()) {
        return "Placement constraint of type distinctInstance does not take an expression.";
      }
    } else {
      return "Invalid placement constraint type: " + c.type;
    }
  }
  for (const auto& s : strategies) {
    if (s.type == "binpack") {
      if (s.field != "cpu" && s.field != "memory") {
        return "Invalid placement strategy field for binpack: must be cpu or memory.";
      }
    } else if (s.type == "spread") {
      if (s.field.empty() || (s.field != "instanceId" && s.field != "host" && s.field.rfind("attribute:", 0) != 0) ||
          s.field == "attribute:") {
        return "Invalid placement strategy field for spread: must be instanceId, host or attribute:NAME.";
      }
    } else if (s.type == "random") {
      if (!s.field.empty()) {
        return "Placement strategy of type random does not take a field.";
      }
    } else {
      return "Invalid placement strategy type: " + s.type;
    }
  }
  return {};
}

PlacementResult place_tasks(std::vector<PlacementCandidate> candidates, const PlacementRequest& request,
                            std::mt19937_64& rng) {
  PlacementResult result;
  std::sort(candidates.begin(), candidates.end(),
            [](const PlacementCandidate& a, const PlacementCandidate& b) { return a.arn < b.arn; });
  for (int n = 0; n < request.count; ++n) {
    std::vector<std::size_t> feasible;
    std::vector<PlacementFailure> failures;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (!candidates[i].active) {
        continue;
      }
      std::string why = misfit(candidates[i], request);
      if (why.empty()) {
        feasible.push_back(i);
      } else {
        failures.push_back({candidates[i].arn, why});
      }
    }
    if (feasible.empty()) {
      result.failures = std::move(failures);
      break;
    }
    std::shuffle(feasible.begin(), feasible.end(), rng);  // ties are broken at random
    std::size_t best = feasible.front();
    std::vector<double> best_score = score(candidates[best], candidates, request, rng);
    for (std::size_t k = 1; k < feasible.size(); ++k) {
      auto s = score(candidates[feasible[k]], candidates, request, rng);
      if (s < best_score) {
        best = feasible[k];
        best_score = std::move(s);
      }
    }
    PlacementCandidate& chosen = candidates[best];
    chosen.remaining_cpu -= request.cpu;
    chosen.remaining_memory -= request.memory;
    for (const auto& p : request.ports) {
      (p.protocol == "udp" ? chosen.used_udp_ports : chosen.used_tcp_ports).insert(p.host_port);
    }
    ++chosen.group_tasks;
    result.placements.push_back(chosen.arn);
  }
  return result;
}

}  // namespace ecsemu::ecs
