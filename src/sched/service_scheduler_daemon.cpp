// The service scheduler's DAEMON services and task sets (EXTERNAL / CODE_DEPLOY deployment controllers).
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "sched/service_pass.hpp"
#include "sched/service_rules.hpp"
#include "services/ecs/ecs_service_model.hpp"

namespace ecsemu::sched {

using ecs::Service;
using ecs::Task;

// One task per ACTIVE container instance. A new deployment replaces each instance's task stop-first, start-after
// (the daemon defaults: minimumHealthyPercent 0, maximumPercent 100). On a DRAINING instance the daemon task is
// stopped once the instance runs no other task (ECS drains daemon tasks last).
void schedule_daemon(Pass& pass, Service& service) {
  if (!begin_schedule(pass, service)) {
    return;
  }
  const bool active = service.status == "ACTIVE";
  ecs::Deployment& primary = service.deployments.front();
  const bool primary_failed = primary.rollout_state == "FAILED";
  const std::string deployment_reason = fmt::format(fmt::runtime(kDeploymentReason), primary.id);
  const std::string group = "service:" + service.name;

  std::map<std::string, std::vector<Task*>> on_instance;  // live tasks by instance
  std::vector<Task*> orphans;
  std::vector<Task*> sick;
  for (Task* t : pass.tasks) {
    if (!live(*t)) {
      continue;
    }
    if (wanted(*t) && unhealthy(pass, service, *t)) {
      sick.push_back(t);  // still counted on its instance until it has stopped
    }
    if (pass.instances.count(t->container_instance_arn) == 0) {
      if (wanted(*t) && std::find(sick.begin(), sick.end(), t) == sick.end()) {
        orphans.push_back(t);
      }
      continue;
    }
    on_instance[t->container_instance_arn].push_back(t);
  }
  stop(pass, service, sick, kUnhealthyReason);
  stop(pass, service, orphans, kDeregisteredReason);

  std::vector<Task*> to_stop;
  std::vector<Task*> draining_stop;
  std::vector<std::string> to_start;
  for (const auto& [arn, instance] : pass.instances) {
    std::vector<Task*>& mine = on_instance[arn];
    std::vector<Task*> mine_wanted;
    std::copy_if(mine.begin(), mine.end(), std::back_inserter(mine_wanted), [](const Task* t) { return wanted(*t); });
    if (!active) {
      to_stop.insert(to_stop.end(), mine_wanted.begin(), mine_wanted.end());
      continue;
    }
    if (instance->status == "DRAINING") {
      bool others = std::any_of(pass.state.tasks.tasks.begin(), pass.state.tasks.tasks.end(), [&](const auto& kv) {
        const Task& t = kv.second;
        return t.container_instance_arn == arn && live(t) && t.group != group;
      });
      if (!others) {
        draining_stop.insert(draining_stop.end(), mine_wanted.begin(), mine_wanted.end());
      }
      continue;
    }
    if (instance->status != "ACTIVE") {
      continue;
    }
    auto current = std::find_if(mine_wanted.begin(), mine_wanted.end(),
                                [&](const Task* t) { return t->started_by == primary.id; });
    if (current != mine_wanted.end()) {
      // Keep one task of the primary deployment; anything else goes.
      for (Task* t : mine_wanted) {
        if (t != *current) {
          to_stop.push_back(t);
        }
      }
    } else if (primary_failed) {
      continue;  // a failed deployment launches nothing; older tasks stay
    } else if (!mine_wanted.empty()) {
      to_stop.insert(to_stop.end(), mine_wanted.begin(), mine_wanted.end());  // stop first, start when gone
    } else if (mine.empty()) {
      to_start.push_back(arn);
    }
  }
  stop(pass, service, to_stop, deployment_reason);
  stop(pass, service, draining_stop, kDrainingReason);
  if (!to_start.empty() && throttle_allows(pass, service, primary.launch.task_definition_arn)) {
    for (const auto& arn : to_start) {
      launch(pass, service, primary.launch, primary.id, 1, arn);
    }
  }
  for (std::size_t i = 1; i < service.deployments.size(); ++i) {
    auto& d = service.deployments[i];
    d.desired_count = static_cast<int>(std::count_if(
        pass.tasks.begin(), pass.tasks.end(), [&](const Task* t) { return t->started_by == d.id && wanted(*t); }));
  }
}

// Each task set runs computedDesiredCount tasks of its own launch; DRAINING task sets and tasks of task sets that
// are gone are stopped. Task sets are scaled by their owner (UpdateTaskSet), so no rolling bounds apply.
void schedule_task_sets(Pass& pass, Service& service) {
  const bool active = service.status == "ACTIVE";
  std::set<std::string> known;
  for (auto& ts : service.task_sets) {
    known.insert(ts.id);
    const int desired = active ? ecs::computed_desired_count(service, ts) : 0;
    std::vector<Task*> current;
    for (Task* t : pass.tasks) {
      if (t->started_by == ts.id && wanted(*t) && !misplaced(pass, *t) && !unhealthy(pass, service, *t)) {
        current.push_back(t);
      }
    }
    std::vector<Task*> sick;
    std::vector<Task*> moved;
    for (Task* t : pass.tasks) {
      if (t->started_by == ts.id && wanted(*t) && std::find(current.begin(), current.end(), t) == current.end()) {
        (misplaced(pass, *t) ? moved : sick).push_back(t);
      }
    }
    stop(pass, service, sick, kUnhealthyReason);
    stop(pass, service, moved, kDrainingReason);
    int missing = desired - static_cast<int>(current.size());
    if (missing > 0 && throttle_allows(pass, service, ts.launch.task_definition_arn)) {
      launch(pass, service, ts.launch, ts.id, missing);
    } else if (missing < 0) {
      std::vector<StopCandidate> candidates;
      for (const Task* t : current) {
        candidates.push_back({t->id, t->availability_zone, t->container_instance_arn,
                              t->state == ecs::TaskState::Running, false,
                              t->started_at != 0 ? t->started_at : t->created_at});
      }
      std::vector<Task*> chosen;
      for (const auto& id : choose_scale_in(std::move(candidates), -missing)) {
        chosen.push_back(&pass.state.tasks.tasks.at(id));
      }
      stop(pass, service, chosen, fmt::format("Scaling activity initiated by (task-set {})", ts.id));
    }
  }
  std::vector<Task*> strays;
  for (Task* t : pass.tasks) {
    if (wanted(*t) && known.count(t->started_by) == 0) {
      strays.push_back(t);
    }
  }
  stop(pass, service, strays, "Task set was deleted");
}

}  // namespace ecsemu::sched
