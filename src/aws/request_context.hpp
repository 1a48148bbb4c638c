#pragma once

#include <chrono>
#include <string>

#include "aws/service_catalog.hpp"
#include "ecsemu/clock.hpp"
#include "ecsemu/id_source.hpp"
#include "state/world.hpp"

namespace ecsemu::aws {

// What a request changed that controllers outside the services act on. Handlers only mark it; once the handler
// returns (or throws, having changed state first), the pipeline hands it, still on the state strand, to the
// controllers App registered (Pipeline::set_change_handler). So effects point one way: services/ never calls
// into sched/ or the data plane.
struct Changes {
  bool tasks = false;           // desired task state: the task reconciler plans starts and stops
  bool services = false;        // services, task sets, container instances: the service scheduler runs a pass
  bool load_balancers = false;  // listeners, rules, target groups: the data plane gets a new snapshot
  bool any() const { return tasks || services || load_balancers; }
};

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
  // What this request changed (see Changes).
  Changes changes;

  double now_seconds() const { return epoch_seconds(now); }
  state::RegionStore& store() const { return world->region(account_id, region); }
};

}  // namespace ecsemu::aws
