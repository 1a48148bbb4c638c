// Saves and loads the World by walking the member lists of its structs (state_walk.hpp).
#include "state/state_codec.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>

#include "services/elbv2/elbv2_model.hpp"
#include "state/state_walk.hpp"

namespace ecsemu::state {
namespace {

namespace json = boost::json;
using walk::dec;
using walk::enc;
using walk::fail;

json::array encode_keys(const World& world) {
  json::array keys;
  for (const auto& [id, key] : world.keys().all()) {
    keys.push_back(enc(key));
  }
  return keys;
}

void decode_keys(const json::value& j, World& world) {
  std::vector<iam::IssuedKey> keys;
  dec(j, keys);
  world.keys().clear();
  for (auto& key : keys) {
    world.keys().add(std::move(key));
  }
}

std::string string_at(const json::object& o, std::string_view key, std::string_view what) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) {
    fail(std::string(what) + ": no " + std::string(key));
  }
  return std::string(v->get_string());
}

// Sequence numbers ELBv2 hands out from a counter of its own: a restored world continues after its highest.
void resume_counters(const World& world) {
  std::uint64_t highest = 0;
  world.for_each([&](const std::string&, const std::string&, const RegionStore& store) {
    for (const auto& [arn, lb] : store.elbv2.load_balancers) {
      highest = std::max(highest, lb.seq);
    }
    for (const auto& [arn, group] : store.elbv2.target_groups) {
      highest = std::max(highest, group.seq);
    }
    for (const auto& [arn, listener] : store.elbv2.listeners) {
      highest = std::max(highest, listener.seq);
    }
  });
  elbv2::continue_seq_after(highest);
}

}  // namespace

void apply_region(const json::object& record, World& world) {
  std::string account = string_at(record, "account", "journal record");
  std::string region = string_at(record, "region", "journal record");
  // Decode everything first: a record that does not decode changes nothing.
  std::optional<RegionStore> store;
  if (const json::value* s = record.if_contains("store"); s != nullptr && !s->is_null()) {
    store.emplace();
    dec(*s, *store);
  }
  std::optional<iam::IamState> iam;
  if (const json::value* i = record.if_contains("iam"); i != nullptr && !i->is_null()) {
    iam.emplace();
    dec(*i, *iam);
  }
  std::vector<iam::IssuedKey> keys;
  const json::value* k = record.if_contains("keys");
  if (k != nullptr) {
    dec(*k, keys);
  }
  if (store) {
    world.region(account, region) = std::move(*store);
  }
  if (iam) {
    world.iam(account) = std::move(*iam);
  }
  if (k != nullptr) {
    world.keys().clear();
    for (auto& key : keys) {
      world.keys().add(std::move(key));
    }
  }
}

void finish_loading(World& world) {
  world.for_each(
      [](const std::string&, const std::string&, RegionStore& store) { store.ecs.task_definitions.reindex(); });
  resume_counters(world);
}

json::object encode_world(const World& world) {
  json::object out;
  json::array regions;
  world.for_each([&](const std::string& account, const std::string& region, const RegionStore& store) {
    json::object entry;
    entry["account"] = account;
    entry["region"] = region;
    entry["store"] = enc(store);
    regions.push_back(std::move(entry));
  });
  json::array iams;
  world.for_each_iam([&](const std::string& account, const iam::IamState& iam) {
    json::object entry;
    entry["account"] = account;
    entry["state"] = enc(iam);
    iams.push_back(std::move(entry));
  });
  out["regions"] = std::move(regions);
  out["iam"] = std::move(iams);
  out["keys"] = encode_keys(world);
  return out;
}

void decode_world(const json::object& document, World& world) {
  World loaded;
  const json::value* regions = document.if_contains("regions");
  if (regions == nullptr || !regions->is_array()) {
    fail("no regions");
  }
  for (const json::value& entry : regions->get_array()) {
    const json::object* o = entry.if_object();
    if (o == nullptr) {
      fail("a region entry that is not an object");
    }
    std::string account = string_at(*o, "account", "region entry");
    std::string region = string_at(*o, "region", "region entry");
    const json::value* store = o->if_contains("store");
    if (store == nullptr) {
      fail("a region entry without a store");
    }
    try {
      dec(*store, loaded.region(account, region));
    } catch (const CodecError& e) {
      fail(account + "/" + region + ": " + e.what());
    }
  }
  if (const json::value* iams = document.if_contains("iam"); iams != nullptr) {
    if (!iams->is_array()) {
      fail("iam: not an array");
    }
    for (const json::value& entry : iams->get_array()) {
      const json::object* o = entry.if_object();
      if (o == nullptr || !o->contains("state")) {
        fail("an iam entry without state");
      }
      std::string account = string_at(*o, "account", "iam entry");
      dec(o->at("state"), loaded.iam(account));
    }
  }
  if (const json::value* keys = document.if_contains("keys"); keys != nullptr) {
    decode_keys(*keys, loaded);
  }
  world = std::move(loaded);
  finish_loading(world);
}

}  // namespace ecsemu::state
