#pragma once

// The service scheduler's pure rules: rolling-update bounds, the start-failure throttle and the scale-in order.
// No state, no clock: times are epoch seconds passed in, so unit tests use a manual clock.

#include <string>
#include <vector>

namespace ecsemu::sched {

// What a rolling update may do with `desired` tasks (ECS: minimumHealthyPercent rounds up, maximumPercent rounds
// down): never fewer than min_healthy RUNNING-and-healthy tasks, never more than max_live tasks not yet STOPPED.
struct RollingBounds {
  int min_healthy = 0;
  int max_live = 0;
};
RollingBounds rolling_bounds(int desired, int minimum_healthy_percent, int maximum_percent);

// How many new tasks a rolling step may start: what is missing up to `desired`, within max_live.
int launch_allowance(int desired, int current, int live, const RollingBounds& bounds);
// How many healthy tasks may be stopped now without going below min_healthy.
int healthy_stop_allowance(int healthy, const RollingBounds& bounds);

// ECS's service throttle: tasks that keep failing to start get an increasing delay between restart attempts,
// up to 27 minutes (docs: "Amazon ECS service throttle logic"). ECS does not publish the steps; ecsemu doubles
// from 5 seconds (5, 10, 20, ... 1620). Scaled by --time-scale.
inline constexpr double kThrottleBaseSeconds = 5;
inline constexpr double kThrottleMaxSeconds = 27 * 60;
// After this many consecutive failures the service reports "is unable to consistently start tasks successfully."
inline constexpr int kThrottleEventFailures = 3;
// A task that stops within this long of starting counts as failing to start (an instant crash loop is what the
// throttle exists to stop); one that ran longer ends the failure streak.
inline constexpr double kQuickExitSeconds = 10;

double restart_delay(int consecutive_failures, double time_scale);

// A deployment completes once all its tasks run and the newest has run this long (a task that crashes right after
// starting must not complete a deployment before the circuit breaker sees it fail). Scaled by --time-scale.
inline constexpr double kDeploymentSettleSeconds = 15;

// One task of the service's current task definition, as the throttle sees it.
struct TaskRecord {
  double started_at = 0;  // 0: never reached RUNNING
  double stopped_at = 0;  // 0: not stopped
  bool failed = false;    // stopped by itself (essential container exit, failed start, failed health checks)
};
struct ThrottleState {
  int failures = 0;           // consecutive start failures since the last task that ran long enough
  double next_launch_at = 0;  // no new task before this (epoch seconds)
  double streak_started = 0;  // stopped_at of the streak's first failure (0: no streak)
};
ThrottleState throttle_state(const std::vector<TaskRecord>& tasks, double now, double time_scale);

// A task the scheduler may stop when it scales in.
struct StopCandidate {
  std::string id;
  std::string availability_zone;
  std::string instance;  // container instance ARN, empty on Fargate
  bool running = false;  // lastStatus RUNNING (the others go first)
  bool protected_from_scale_in = false;
  double started_at = 0;
};
// ECS's scale-in order (developer guide, "Service scheduler concepts"): tasks not yet running first; then, to keep
// Availability Zones balanced, from the zone with the most of the service's tasks, the container instance there with
// the most, the newest task first. Protected tasks are never chosen. Returns at most `count` ids, in stop order.
std::vector<std::string> choose_scale_in(std::vector<StopCandidate> candidates, int count);

}  // namespace ecsemu::sched
