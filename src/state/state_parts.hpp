#pragma once
// Journal records of the state format 2: what changed, not the whole region. The World is compared, after each
// write, with a copy of itself as last written (the shadow), part by part: an entry of a map (a service, a task,
// a revision of a task definition, a stream of a log group) is a part, walked into when its value has members of
// its own; any other member is a part as a whole. Only parts that differ are encoded, so a write costs what it
// changed on disk and a walk of its region in memory, whatever the region holds.
//
// A record: {"account": A, "region": R, "changes": [[PATH, VALUE] | [PATH], ...]}. PATH starts with "store" (the
// region's RegionStore), "iam" (its account's IamState) or "keys" (the run-time keys), then names members and map
// keys (a key as the snapshot encodes it); [PATH, VALUE] sets what PATH names, [PATH] removes that map entry.
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <boost/json/object.hpp>

#include "state/world.hpp"

namespace ecsemu::state {

class WorldShadow {
 public:
  // Takes `world` as what has been written (after a load or a snapshot).
  void reset(const World& world);
  // The record of what changed in (account, region), in its account's IAM state and in the run-time keys since
  // they were last recorded, or nullopt when nothing did; the shadow then holds the world's values.
  std::optional<boost::json::object> record_changes(const World& world, const std::string& account_id,
                                                    const std::string& region);

 private:
  std::map<std::pair<std::string, std::string>, RegionStore> regions_;
  std::map<std::string, iam::IamState> iam_;
  std::map<std::string, iam::IssuedKey, std::less<>> keys_;
};

// Applies a record of changes to `world`. Throws CodecError when it does not have the shape of one. Stores it
// touches need finish_loading (state_codec.hpp) before they are used.
void apply_changes(const boost::json::object& record, World& world);

}  // namespace ecsemu::state
