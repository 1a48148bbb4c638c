#include "state/world.hpp"

namespace ecsemu::state {

RegionStore& World::region(const std::string& account_id, const std::string& region) {
  auto& slot = regions_[{account_id, region}];
  if (!slot) {
    slot = std::make_unique<RegionStore>();
    slot->ecs.region = region;
    slot->ecs.account = account_id;
  }
  return *slot;
}

RegionStore* World::find(const std::string& account_id, const std::string& region) {
  auto it = regions_.find({account_id, region});
  return it == regions_.end() ? nullptr : it->second.get();
}

const RegionStore* World::find(const std::string& account_id, const std::string& region) const {
  auto it = regions_.find({account_id, region});
  return it == regions_.end() ? nullptr : it->second.get();
}

iam::IamState& World::iam(const std::string& account_id) {
  auto& slot = iam_[account_id];
  if (!slot) {
    slot = std::make_unique<iam::IamState>();
    slot->account = account_id;
  }
  return *slot;
}

const iam::IamState* World::find_iam(const std::string& account_id) const {
  auto it = iam_.find(account_id);
  return it == iam_.end() ? nullptr : it->second.get();
}

void World::reset() {
  regions_.clear();
  iam_.clear();
  keys_.clear();
}

}  // namespace ecsemu::state
