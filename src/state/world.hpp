#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "services/autoscaling/autoscaling_model.hpp"
#include "services/ec2/ec2_launch_template_model.hpp"
#include "services/ec2/ec2_state.hpp"
#include "services/ecs/ecs_model.hpp"
#include "services/elbv2/elbv2_model.hpp"
#include "services/iam/iam_keys.hpp"
#include "services/iam/iam_model.hpp"
#include "services/logs/logs_model.hpp"
#include "services/secretsmanager/secretsmanager_model.hpp"
#include "services/ssm/ssm_model.hpp"

namespace ecsemu::state {

// Everything one (account, region) owns.
struct RegionStore {
  ecs::EcsState ecs;
  ec2::Ec2State ec2;
  ssm::SsmState ssm;
  secretsmanager::SecretsManagerState secretsmanager;
  ec2::LaunchTemplateState launch_templates;
  autoscaling::AutoScalingState autoscaling;
  elbv2::Elbv2State elbv2;
  logs::LogsState logs;
};

// The one owner of domain state. Touched only on the state strand (see aws::Pipeline), so it has no locks.
class World {
 public:
  // The store of an account and region, created on first use.
  RegionStore& region(const std::string& account_id, const std::string& region);
  // The store of an account and region if it exists (never creates one).
  RegionStore* find(const std::string& account_id, const std::string& region);
  // Calls fn(account_id, region, store) for every store.
  template <typename Fn>
  void for_each(Fn&& fn) {
    for (auto& [key, store] : regions_) {
      fn(key.first, key.second, *store);
    }
  }
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (const auto& [key, store] : regions_) {
      fn(key.first, key.second, static_cast<const RegionStore&>(*store));
    }
  }
  const RegionStore* find(const std::string& account_id, const std::string& region) const;
  // Calls fn(account_id, iam_state) for every account that has IAM state.
  template <typename Fn>
  void for_each_iam(Fn&& fn) const {
    for (const auto& [account, iam] : iam_) {
      fn(account, static_cast<const iam::IamState&>(*iam));
    }
  }
  // IAM's state of an account (IAM is global: one per account, whatever the region), created on first use.
  iam::IamState& iam(const std::string& account_id);
  const iam::IamState* find_iam(const std::string& account_id) const;
  // Access keys issued at run time (IAM users' keys, STS sessions), for every account.
  iam::KeyRegistry& keys() { return keys_; }
  const iam::KeyRegistry& keys() const { return keys_; }
  // Forgets everything.
  void reset();
  std::size_t region_count() const { return regions_.size(); }

 private:
  std::map<std::pair<std::string, std::string>, std::unique_ptr<RegionStore>> regions_;
  std::map<std::string, std::unique_ptr<iam::IamState>> iam_;
  iam::KeyRegistry keys_;
};

}  // namespace ecsemu::state
