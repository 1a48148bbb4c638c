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

void World::reset() { regions_.clear(); }

}  // namespace ecsemu::state
