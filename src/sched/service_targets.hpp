#pragma once

// Services with loadBalancers (ECS's target-group integration): the scheduler registers each RUNNING task of the
// service in the target groups it names and deregisters (drains) the targets of tasks that stop, and it copies
// the targets' health into the tasks, where rollouts and health replacement read it.

#include "sched/service_pass.hpp"

namespace ecsemu::sched {

// Brings the service's targets in line with its tasks; true when a target group changed (the data plane then
// needs a new snapshot). Without ELBv2 state or load balancers it only clears the tasks' load-balancer health.
bool sync_service_targets(Pass& pass, ecs::Service& service);

// The task's load-balancer health is UNHEALTHY and the service's healthCheckGracePeriodSeconds (scaled) is over.
bool lb_unhealthy(const Pass& pass, const ecs::Service& service, const ecs::Task& task);

}  // namespace ecsemu::sched
