#include "sched/service_rules.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <utility>

namespace ecsemu::sched {

RollingBounds rolling_bounds(int desired, int minimum_healthy_percent, int maximum_percent) {
  RollingBounds b;
  if (desired <= 0) {
    return b;
  }
  // Integer arithmetic: ceil(d*min/100) and floor(d*max/100) without floating-point rounding surprises.
  long long d = desired;
  b.min_healthy = static_cast<int>((d * std::max(0, minimum_healthy_percent) + 99) / 100);
  b.max_live = static_cast<int>(d * std::max(0, maximum_percent) / 100);
  b.min_healthy = std::min(b.min_healthy, desired);
  return b;
}

int launch_allowance(int desired, int current, int live, const RollingBounds& bounds) {
  return std::max(0, std::min(desired - current, bounds.max_live - live));
}

int healthy_stop_allowance(int healthy, const RollingBounds& bounds) {
  return std::max(0, healthy - bounds.min_healthy);
}

double restart_delay(int consecutive_failures, double time_scale) {
  if (consecutive_failures <= 0) {
    return 0;
  }
  double delay = kThrottleBaseSeconds * std::pow(2.0, std::min(consecutive_failures - 1, 20));
  return std::min(delay, kThrottleMaxSeconds) * time_scale;
}

ThrottleState throttle_state(const std::vector<TaskRecord>& tasks, double now, double time_scale) {
  const double quick = kQuickExitSeconds * time_scale;
  // The streak is broken by the latest moment some task had run for `quick` seconds.
  double broken_at = 0;
  for (const auto& t : tasks) {
    if (t.started_at == 0) {
      continue;
    }
    double end = t.stopped_at != 0 ? t.stopped_at : now;
    if (end - t.started_at >= quick) {
      broken_at = std::max(broken_at, t.started_at + quick);
    }
  }
  ThrottleState s;
  double last_failure = 0;
  for (const auto& t : tasks) {
    if (t.stopped_at == 0 || !t.failed || t.stopped_at < broken_at) {
      continue;
    }
    if (t.started_at != 0 && t.stopped_at - t.started_at >= quick) {
      continue;  // ran long enough: not a start failure
    }
    ++s.failures;
    last_failure = std::max(last_failure, t.stopped_at);
    s.streak_started = s.streak_started == 0 ? t.stopped_at : std::min(s.streak_started, t.stopped_at);
  }
  s.next_launch_at = s.failures == 0 ? 0 : last_failure + restart_delay(s.failures, time_scale);
  return s;
}

std::vector<std::string> choose_scale_in(std::vector<StopCandidate> candidates, int count) {
  std::vector<std::string> out;
  std::erase_if(candidates, [](const StopCandidate& c) { return c.protected_from_scale_in; });
  while (static_cast<int>(out.size()) < count && !candidates.empty()) {
    auto pick = candidates.end();
    // Not yet running: newest first.
    for (auto it = candidates.begin(); it != candidates.end(); ++it) {
      if (!it->running && (pick == candidates.end() || it->started_at > pick->started_at ||
                           (it->started_at == pick->started_at && it->id > pick->id))) {
        pick = it;
      }
    }
    if (pick == candidates.end()) {
      std::map<std::string, int> per_zone;
      std::map<std::string, int> per_instance;
      for (const auto& c : candidates) {
        ++per_zone[c.availability_zone];
        ++per_instance[c.instance];
      }
      for (auto it = candidates.begin(); it != candidates.end(); ++it) {
        if (pick == candidates.end()) {
          pick = it;
          continue;
        }
        auto key = [&](const StopCandidate& c) {
          return std::make_tuple(per_zone[c.availability_zone], per_instance[c.instance], c.started_at, c.id);
        };
        if (key(*it) > key(*pick)) {
          pick = it;
        }
      }
    }
    out.push_back(pick->id);
    candidates.erase(pick);
  }
  return out;
}

}  // namespace ecsemu::sched
