#pragma once

#include <chrono>
#include <functional>

#include "sched/clock.hpp"
#include "sched/task_reconciler.hpp"
#include "state/world.hpp"

namespace ecsemu::sched {

// The service scheduler (DESIGN.md 5). Runs on the state strand and turns what services want into tasks:
// - REPLICA services keep desiredCount tasks of their PRIMARY deployment, replacing tasks that stop (with ECS's
//   start-failure throttle), scaling in with stopCode ServiceSchedulerInitiated, moving tasks off DRAINING or
//   deregistered container instances and replacing UNHEALTHY tasks after healthCheckGracePeriodSeconds;
// - rolling updates start the new deployment's tasks and stop the older ones within minimumHealthyPercent and
//   maximumPercent (evaluate_service then completes, fails or rolls back deployments);
// - DAEMON services run one task per ACTIVE container instance;
// - task sets (EXTERNAL / CODE_DEPLOY controllers) run computedDesiredCount tasks each;
// - a DRAINING (deleted) service stops every task.
// It writes desired state only (new tasks, stop requests) and hands it to the TaskReconciler.
//
// When: after API writes (handlers call request()), after observations that change a task (the reconciler's change
// hook) and on a periodic resync (App), which also serves time-based waits (throttle delays, grace periods).
class ServiceScheduler {
 public:
  // Posts work onto the state strand.
  using Poster = std::function<void(std::function<void()>)>;

  // time_scale multiplies every wait (--time-scale): 1.0 = AWS's delays.
  ServiceScheduler(state::World& world, TaskReconciler& tasks, const Clock& clock, double time_scale = 1.0);

  // Without a poster, request() runs a pass at once (unit tests); with one, passes are coalesced and posted.
  void set_poster(Poster post) { post_ = std::move(post); }
  // Called after a pass that registered or deregistered load-balancer targets (the data plane needs a snapshot).
  void set_targets_changed(std::function<void()> fn) { targets_changed_ = std::move(fn); }
  // Asks for a pass over `state` (soon, or at once without a poster).
  void request(ecs::EcsState& state);
  // One pass over one account and region.
  void schedule(ecs::EcsState& state);
  // One pass over every account and region.
  void resync();

  double time_scale() const { return time_scale_; }
  // How often App runs resync(): a second scaled by the time scale, within [20 ms, 1 s].
  std::chrono::milliseconds resync_period() const;

 private:
  state::World& world_;
  TaskReconciler& tasks_;
  const Clock& clock_;
  double time_scale_;
  Poster post_;
  std::function<void()> targets_changed_;
  bool pass_pending_ = false;
};

}  // namespace ecsemu::sched
