#include "state/world.hpp"

namespace ecsemu::state {

RegionStore& World::region(const std::string& account_id, const std::string& region) {
  auto& slot = regions_[{account_id, region}];
  if (!slot) {
    slot = std::make_unique<RegionStore>();
  }
  return *slot;
}

void World::reset() { regions_.clear(); }

}  // namespace ecsemu::state
