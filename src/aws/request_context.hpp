#pragma once

#include <chrono>
#include <string>

#include "aws/service_catalog.hpp"
#include "ecsemu/clock.hpp"
#include "ecsemu/id_source.hpp"
#include "proxy/lb_snapshot.hpp"
#include "state/world.hpp"

namespace ecsemu::sched {
class TaskReconciler;
class ServiceScheduler;
}  // namespace ecsemu::sched

namespace ecsemu::aws {

// What a handler knows of the request it serves. Handlers run on the state strand and may use `world`.
struct RequestContext {
  std::string request_id;
  std::string account_id;
  std::string region;
  std::string access_key;  // empty for an unsigned request
  // Who signed: empty for the account's root (the start-up keys and unknown keys in open mode), else the IAM user
  // (arn:aws:iam::A:user/NAME, AIDA...) or the role session (arn:aws:sts::A:assumed-role/ROLE/SESSION,
  // AROA...:SESSION) that the access key was issued to.
  std::string principal_arn;
  std::string principal_id;
  bool temporary_credentials = false;  // signed with STS session credentials
  const ServiceInfo* service = nullptr;
  const protocol::Operation* operation = nullptr;
  // The injected clock's time when the request arrived (the same instant for the whole request).
  std::chrono::system_clock::time_point now;
  // Where every id this request mints comes from.
  IdSource* ids = nullptr;
  state::World* world = nullptr;
  // Acts on changed desired task state (handlers call reconcile(store) after writing it); null in unit tests.
  sched::TaskReconciler* task_reconciler = nullptr;
  // Turns services into tasks (handlers call request(store) after writing services, task sets or container
  // instances); null in unit tests.
  sched::ServiceScheduler* service_scheduler = nullptr;
  // Hands the load-balancer data plane a new snapshot (ELBv2 handlers call elbv2::publish(ctx) after a write);
  // null when there is no data plane (unit tests).
  const proxy::SnapshotPublisher* publish_load_balancers = nullptr;

  double now_seconds() const { return epoch_seconds(now); }
  state::RegionStore& store() const { return world->region(account_id, region); }
};

}  // namespace ecsemu::aws
