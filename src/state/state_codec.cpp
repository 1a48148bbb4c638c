// Saves and loads the World by walking the member lists of its structs (state_describe.hpp, generated).
#include "state/state_codec.hpp"

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

#include "services/elbv2/elbv2_model.hpp"
#include "state/state_describe.hpp"

namespace ecsemu::state {
namespace {

namespace json = boost::json;

template <typename T>
struct IsVector : std::false_type {};
template <typename T, typename A>
struct IsVector<std::vector<T, A>> : std::true_type {};
template <typename T, typename A>
struct IsVector<std::deque<T, A>> : std::true_type {};
template <typename T>
struct IsSet : std::false_type {};
template <typename T, typename C, typename A>
struct IsSet<std::set<T, C, A>> : std::true_type {};
template <typename T>
struct IsMap : std::false_type {};
template <typename K, typename V, typename C, typename A>
struct IsMap<std::map<K, V, C, A>> : std::true_type {};
template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename T>
struct IsPair : std::false_type {};
template <typename A, typename B>
struct IsPair<std::pair<A, B>> : std::true_type {};
template <typename T>
struct IsArray : std::false_type {};
template <typename T, std::size_t N>
struct IsArray<std::array<T, N>> : std::true_type {};

struct NoVisit {
  template <typename M>
  void operator()(const char*, M&) const {}
};
template <typename T>
constexpr bool kDescribedStruct = requires(T& t) {
  described::visit_members(t, NoVisit{});
};
template <typename T>
constexpr bool kDescribedEnum = requires(T e, std::string_view s) {
  described::enum_name(e);
  described::enum_parse(s, e);
};
template <typename T>
constexpr bool kJsonValue =
    std::is_same_v<T, json::value> || std::is_same_v<T, json::object> || std::is_same_v<T, json::array>;

[[noreturn]] void fail(std::string_view what) { throw CodecError(std::string(what)); }

template <typename T>
json::value enc(const T& v);
template <typename T>
void dec(const json::value& j, T& out);

// The types with private members, converted by hand.
json::value enc(const ecs::TaskDefinitionStore& store) {
  json::object out;
  out["families"] = enc(store.families);
  out["last_revisions"] = enc(store.last_revisions());
  return out;
}
void dec(const json::value& j, ecs::TaskDefinitionStore& store) {
  std::map<std::string, std::map<int, ecs::TaskDefinition>> families;
  std::map<std::string, int, std::less<>> last;
  if (const json::object* o = j.if_object()) {
    if (const json::value* f = o->if_contains("families")) {
      dec(*f, families);
    }
    if (const json::value* l = o->if_contains("last_revisions")) {
      dec(*l, last);
    }
  } else {
    fail("task definitions: not an object");
  }
  store.restore(std::move(families), std::move(last));
}

template <typename T>
json::value enc(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return json::value(v);
  } else if constexpr (std::is_integral_v<T> || std::is_floating_point_v<T>) {
    return json::value(v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return json::value(json::string(v));
  } else if constexpr (kJsonValue<T>) {
    return json::value(v);
  } else if constexpr (std::is_enum_v<T>) {
    static_assert(kDescribedEnum<T>, "every enum the World holds is described (scripts/gen-state-describe)");
    const char* name = described::enum_name(v);
    if (name == nullptr) {
      fail("an enum value without a name");
    }
    return json::value(name);
  } else if constexpr (IsOptional<T>::value) {
    return v ? enc(*v) : json::value(nullptr);
  } else if constexpr (IsPair<T>::value) {
    return json::value(json::array{enc(v.first), enc(v.second)});
  } else if constexpr (IsVector<T>::value || IsSet<T>::value || IsArray<T>::value) {
    json::array out;
    out.reserve(v.size());
    for (const auto& e : v) {  // vector, deque, set, array
      out.push_back(enc(e));
    }
    return out;
  } else if constexpr (IsMap<T>::value) {
    if constexpr (std::is_same_v<typename T::key_type, std::string>) {
      json::object out;
      out.reserve(v.size());
      for (const auto& [k, e] : v) {
        out.emplace(k, enc(e));
      }
      return out;
    } else {
      json::array out;
      out.reserve(v.size());
      for (const auto& [k, e] : v) {
        out.push_back(json::array{enc(k), enc(e)});
      }
      return out;
    }
  } else {
    static_assert(kDescribedStruct<T>, "every struct the World holds is described (scripts/gen-state-describe)");
    json::object out;
    described::visit_members(v, [&](const char* name, const auto& member) { out.emplace(name, enc(member)); });
    return out;
  }
}

template <typename T>
void dec(const json::value& j, T& out) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_bool()) {
      fail("expected a boolean");
    }
    out = j.get_bool();
  } else if constexpr (std::is_integral_v<T>) {
    if (j.is_int64()) {
      out = static_cast<T>(j.get_int64());
    } else if (j.is_uint64()) {
      out = static_cast<T>(j.get_uint64());
    } else {
      fail("expected an integer");
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!j.is_number()) {
      fail("expected a number");
    }
    out = static_cast<T>(j.to_number<double>());
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) {
      fail("expected a string");
    }
    out = std::string(j.get_string());
  } else if constexpr (std::is_same_v<T, json::value>) {
    out = j;
  } else if constexpr (std::is_same_v<T, json::object>) {
    if (j.is_null()) {
      out = {};
    } else if (!j.is_object()) {
      fail("expected an object");
    } else {
      out = j.get_object();
    }
  } else if constexpr (std::is_same_v<T, json::array>) {
    if (!j.is_array()) {
      fail("expected an array");
    }
    out = j.get_array();
  } else if constexpr (std::is_enum_v<T>) {
    if (!j.is_string() || !described::enum_parse(j.get_string(), out)) {
      fail("an unknown enum value");
    }
  } else if constexpr (IsOptional<T>::value) {
    if (j.is_null()) {
      out.reset();
    } else {
      typename T::value_type inner{};
      dec(j, inner);
      out = std::move(inner);
    }
  } else if constexpr (IsPair<T>::value) {
    const json::array* a = j.if_array();
    if (a == nullptr || a->size() != 2) {
      fail("expected a pair");
    }
    dec((*a)[0], out.first);
    dec((*a)[1], out.second);
  } else if constexpr (IsVector<T>::value || IsSet<T>::value || IsArray<T>::value) {
    const json::array* a = j.if_array();
    if (a == nullptr) {
      fail("expected an array");
    }
    if constexpr (IsArray<T>::value) {
      if (a->size() != out.size()) {
        fail("an array of the wrong size");
      }
    }
    if constexpr (!IsArray<T>::value) {
      out.clear();
    }
    std::size_t i = 0;
    for (const json::value& e : *a) {
      typename T::value_type item{};
      dec(e, item);
      if constexpr (IsVector<T>::value) {
        out.push_back(std::move(item));
      } else if constexpr (IsSet<T>::value) {
        out.insert(std::move(item));
      } else {
        out[i++] = std::move(item);
      }
    }
  } else if constexpr (IsMap<T>::value) {
    out.clear();
    if constexpr (std::is_same_v<typename T::key_type, std::string>) {
      const json::object* o = j.if_object();
      if (o == nullptr) {
        fail("expected an object");
      }
      for (const auto& [k, e] : *o) {
        typename T::mapped_type item{};
        dec(e, item);
        out.emplace(std::string(k), std::move(item));
      }
    } else {
      const json::array* a = j.if_array();
      if (a == nullptr) {
        fail("expected an array of entries");
      }
      for (const json::value& entry : *a) {
        const json::array* kv = entry.if_array();
        if (kv == nullptr || kv->size() != 2) {
          fail("expected a [key, value] entry");
        }
        typename T::key_type key{};
        typename T::mapped_type item{};
        dec((*kv)[0], key);
        dec((*kv)[1], item);
        out.emplace(std::move(key), std::move(item));
      }
    }
  } else {
    static_assert(kDescribedStruct<T>, "every struct the World holds is described (scripts/gen-state-describe)");
    const json::object* o = j.if_object();
    if (o == nullptr) {
      fail("expected an object");
    }
    described::visit_members(out, [&](const char* name, auto& member) {
      if (const json::value* m = o->if_contains(name)) {
        try {
          dec(*m, member);
        } catch (const CodecError& e) {
          fail(std::string(name) + ": " + e.what());
        }
      }
    });
  }
}

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

json::object encode_region(const World& world, const std::string& account_id, const std::string& region) {
  json::object record;
  record["account"] = account_id;
  record["region"] = region;
  const RegionStore* store = world.find(account_id, region);
  record["store"] = store != nullptr ? enc(*store) : json::value(nullptr);
  const iam::IamState* iam = world.find_iam(account_id);
  record["iam"] = iam != nullptr ? enc(*iam) : json::value(nullptr);
  record["keys"] = encode_keys(world);
  return record;
}

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
  resume_counters(world);
}

}  // namespace ecsemu::state
