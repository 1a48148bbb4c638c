#include "runtime/depends_on.hpp"

#include <algorithm>
#include <cstddef>
#include <set>
#include <string_view>

namespace ecsemu::runtime {

namespace {

using Phase = ContainerProgress::Phase;
using Health = ContainerProgress::Health;

// Every dependency of c: its dependsOn, then the implicit START of links and volumesFrom.
std::vector<DependencySpec> dependencies_of(const ContainerSpec& c) {
  std::vector<DependencySpec> deps = c.depends_on;
  auto add_start = [&](const std::string& name) {
    bool known =
        std::any_of(deps.begin(), deps.end(), [&](const DependencySpec& d) { return d.container_name == name; });
    if (!known) {
      deps.push_back({name, "START"});
    }
  };
  for (const auto& link : c.links) {
    add_start(link.substr(0, link.find(':')));
  }
  for (const auto& v : c.volumes_from) {
    add_start(v.source_container);
  }
  return deps;
}

std::optional<std::size_t> index_of(const std::vector<ContainerSpec>& containers, std::string_view name) {
  for (std::size_t i = 0; i < containers.size(); ++i) {
    if (containers[i].name == name) {
      return i;
    }
  }
  return std::nullopt;
}

std::string ordering_error(const std::string& dep, const std::string& target, std::string_view why) {
  return "dependency graph: failed to resolve container ordering dependency [" + dep + "] for target [" + target + "]" +
         std::string(why);
}

enum class Verdict { Met, Waiting, Never };

struct Check {
  Verdict verdict = Verdict::Waiting;
  std::string reason;
  std::optional<double> deadline;
};

Check check(const ContainerSpec& target, const DependencySpec& d, const ContainerSpec& dep, const ContainerProgress& p,
            bool dep_never_starts, double now) {
  const std::string& cond = d.condition;
  const bool exited = p.phase == Phase::Exited;
  if (cond == "START") {
    if (p.phase != Phase::NotStarted) {
      return {Verdict::Met};
    }
  } else if (cond == "COMPLETE") {
    if (exited) {
      return {Verdict::Met};
    }
  } else if (cond == "SUCCESS") {
    if (exited && p.exit_code == 0) {
      return {Verdict::Met};
    }
    if (exited) {
      return {Verdict::Never, ordering_error(dep.name, target.name, " as dependency did not exit successfully.")};
    }
  } else if (cond == "HEALTHY") {
    if (p.ever_healthy || p.health == Health::Healthy) {
      return {Verdict::Met};
    }
    if (exited) {
      return {Verdict::Never, ordering_error(dep.name, target.name, " as dependency exited before it was healthy.")};
    }
  } else {
    return {Verdict::Never, ordering_error(dep.name, target.name, " as its condition " + cond + " is unknown.")};
  }
  if (dep_never_starts || (exited && p.started_at == 0)) {
    return {Verdict::Never, ordering_error(dep.name, target.name, " because dependency will never start")};
  }
  if (cond != "START" && !exited && p.started_at > 0 && dep.start_timeout_seconds > 0) {
    double deadline = p.started_at + dep.start_timeout_seconds;
    if (now >= deadline) {
      return {Verdict::Never, "dependency graph: container ordering dependency [" + dep.name + "] for target [" +
                                  target.name + "] has timed out."};
    }
    return {Verdict::Waiting, {}, deadline};
  }
  return {Verdict::Waiting};
}

}  // namespace

DependsOnPlan plan_starts(const std::vector<ContainerSpec>& containers, const std::vector<ContainerProgress>& progress,
                          double now) {
  DependsOnPlan plan;
  const std::size_t n = containers.size();
  auto progress_of = [&](std::size_t i) { return i < progress.size() ? progress[i] : ContainerProgress{}; };
  std::vector<bool> never(n, false);
  std::vector<BlockedContainer> blocked(n);
  // A container that cannot start makes its own dependents unable to: repeat until nothing changes.
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (never[i] || progress_of(i).phase != Phase::NotStarted) {
        continue;
      }
      for (const auto& d : dependencies_of(containers[i])) {
        auto j = index_of(containers, d.container_name);
        Check c;
        if (!j) {
          c = {Verdict::Never, "dependency graph: container ordering dependency [" + d.container_name +
                                   "] for target [" + containers[i].name + "] does not exist."};
        } else {
          c = check(containers[i], d, containers[*j], progress_of(*j), never[*j], now);
        }
        if (c.verdict == Verdict::Never) {
          never[i] = true;
          blocked[i] = {containers[i].name, d.container_name, d.condition, c.reason};
          changed = true;
          break;
        }
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (never[i]) {
      plan.blocked.push_back(blocked[i]);
      continue;
    }
    if (progress_of(i).phase != Phase::NotStarted) {
      continue;
    }
    bool all_met = true;
    for (const auto& d : dependencies_of(containers[i])) {
      auto j = index_of(containers, d.container_name);
      Check c = check(containers[i], d, containers[*j], progress_of(*j), never[*j], now);
      if (c.deadline && (!plan.next_deadline || *c.deadline < *plan.next_deadline)) {
        plan.next_deadline = c.deadline;
      }
      all_met = all_met && c.verdict == Verdict::Met;
    }
    if (all_met) {
      plan.startable.push_back(containers[i].name);
    }
  }
  return plan;
}

std::vector<std::vector<std::string>> stop_waves(const std::vector<ContainerSpec>& containers) {
  std::vector<std::vector<std::string>> waves;
  std::set<std::string> stopped;
  std::vector<const ContainerSpec*> left;
  for (const auto& c : containers) {
    left.push_back(&c);
  }
  while (!left.empty()) {
    std::vector<std::string> wave;
    for (const ContainerSpec* c : left) {
      // c may stop once every container that depends on it has.
      bool needed = std::any_of(left.begin(), left.end(), [&](const ContainerSpec* other) {
        if (other == c) {
          return false;
        }
        auto deps = dependencies_of(*other);
        return std::any_of(deps.begin(), deps.end(),
                           [&](const DependencySpec& d) { return d.container_name == c->name; });
      });
      if (!needed) {
        wave.push_back(c->name);
      }
    }
    if (wave.empty()) {  // a cycle (links can make one): stop the rest together
      for (const ContainerSpec* c : left) {
        wave.push_back(c->name);
      }
    }
    for (const auto& name : wave) {
      stopped.insert(name);
    }
    std::erase_if(left, [&](const ContainerSpec* c) { return stopped.count(c->name) > 0; });
    waves.push_back(std::move(wave));
  }
  return waves;
}

}  // namespace ecsemu::runtime
