// Records of what changed, found by comparing the World with its shadow part by part (see state_parts.hpp).
#include "state/state_parts.hpp"

#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/json/array.hpp>

#include "state/state_walk.hpp"

namespace ecsemu::state {
namespace {

namespace json = boost::json;
using walk::dec;
using walk::enc;
using walk::fail;
using walk::same;

template <typename T>
constexpr bool kStore = std::is_same_v<T, ecs::TaskDefinitionStore>;

// Values whose parts are walked into: maps, stores with members of their own.
template <typename T>
constexpr bool kWalked = walk::IsMap<T>::value || walk::kDescribedStruct<T> || kStore<T>;

// Members written once, when their entity is stored, and never changed: the differ compares the entity's other
// members and takes these as they are (a new entity is recorded whole). A task definition revision's document is
// immutable on AWS and here (ecs_task_definition_model.hpp); comparing it would be most of a large region's walk.
template <typename T>
bool written_once(std::string_view member) {
  if constexpr (std::is_same_v<T, ecs::TaskDefinition>) {
    return member == "spec";
  } else {
    return false;
  }
}

// The differ: appends [PATH, VALUE] / [PATH] to `out` for what `now` has that `old` does not, and makes `old`
// equal to `now`. The walk visits every member of what it is given, so its path is kept as cheap steps (a member's
// name, or a pointer to a map key and how to encode it) and turned into JSON only for a change.
class Differ {
 public:
  Differ(json::array& out, const char* root) : out_(out), root_{nullptr, root, nullptr, nullptr}, at_(&root_) {}

  template <typename T>
  void diff(const T& now, T& old) {
    if constexpr (kStore<T>) {
      member("families", [&] { diff(now.families, old.families); });
      member("last_revisions", [&] { diff(now.last_revisions(), old.last_revisions_to_restore()); });
    } else if constexpr (walk::kDescribedStruct<T>) {
      described::visit_members(
          [&](const char* name, const auto& n, auto& o) {
            if (!written_once<T>(name)) {
              member(name, [&] { diff(n, o); });
            }
          },
          now, old);
    } else if constexpr (walk::IsMap<T>::value) {
      diff_map(now, old);
    } else if (!same(now, old)) {
      set(now);
      old = now;
    }
  }

 private:
  // One step of the path, on the walk's stack: no allocation for the steps that change nothing.
  struct Step {
    const Step* parent;
    const char* name;                            // a member, or
    const void* key;                             // a map key,
    json::value (*encode_key)(const void* key);  // encoded thus
  };

  template <typename K>
  static json::value encode_key(const void* key) {
    return enc(*static_cast<const K*>(key));
  }

  template <typename Fn>
  void member(const char* name, Fn&& fn) {
    Step step{at_, name, nullptr, nullptr};
    descend(step, fn);
  }
  template <typename K, typename Fn>
  void entry(const K& key, Fn&& fn) {
    Step step{at_, nullptr, &key, &encode_key<K>};
    descend(step, fn);
  }
  template <typename Fn>
  void descend(const Step& step, Fn& fn) {
    const Step* up = at_;
    at_ = &step;
    fn();
    at_ = up;
  }

  json::value path() const {
    std::vector<const Step*> steps;
    for (const Step* s = at_; s != nullptr; s = s->parent) {
      steps.push_back(s);
    }
    json::array out;
    out.reserve(steps.size());
    for (auto s = steps.rbegin(); s != steps.rend(); ++s) {
      out.push_back((*s)->name != nullptr ? json::value((*s)->name) : (*s)->encode_key((*s)->key));
    }
    return out;
  }
  template <typename T>
  void set(const T& value) {
    out_.push_back(json::array{path(), enc(value)});
  }
  void erase() { out_.push_back(json::array{path()}); }

  template <typename M>
  void diff_map(const M& now, M& old) {
    auto n = now.begin();
    auto o = old.begin();
    auto less = now.key_comp();
    while (n != now.end() || o != old.end()) {
      if (o == old.end() || (n != now.end() && less(n->first, o->first))) {
        entry(n->first, [&] { set(n->second); });
        old.emplace_hint(o, *n);
        ++n;
      } else if (n == now.end() || less(o->first, n->first)) {
        // (the key is encoded before the entry goes)
        entry(o->first, [&] { erase(); });
        o = old.erase(o);
      } else {
        entry(n->first, [&] {
          if constexpr (kWalked<typename M::mapped_type>) {
            diff(n->second, o->second);
          } else if (!same(n->second, o->second)) {
            set(n->second);
            o->second = n->second;
          }
        });
        ++n;
        ++o;
      }
    }
  }

  json::array& out_;
  Step root_;
  const Step* at_;
};

// Sets (value != null) or removes (value == null: a map entry) what path[i..] names under `node`.
template <typename T>
void apply_at(T& node, const json::array& path, std::size_t i, const json::value* value) {
  if (i == path.size()) {
    if (value == nullptr) {
      fail("a removal that names no map entry");
    }
    dec(*value, node);
    return;
  }
  if constexpr (kStore<T>) {
    const json::string* name = path[i].if_string();
    if (name != nullptr && *name == "families") {
      apply_at(node.families, path, i + 1, value);
    } else if (name != nullptr && *name == "last_revisions") {
      apply_at(node.last_revisions_to_restore(), path, i + 1, value);
    }
  } else if constexpr (walk::kDescribedStruct<T>) {
    const json::string* name = path[i].if_string();
    if (name == nullptr) {
      fail("a change path names a member by something other than a string");
    }
    // A member the program no longer has is ignored, as in a snapshot.
    described::visit_members(
        [&](const char* member, auto& m) {
          if (*name == member) {
            apply_at(m, path, i + 1, value);
          }
        },
        node);
  } else if constexpr (walk::IsMap<T>::value) {
    typename T::key_type key{};
    dec(path[i], key);
    if (i + 1 == path.size() && value == nullptr) {
      node.erase(key);
    } else {
      apply_at(node.try_emplace(std::move(key)).first->second, path, i + 1, value);
    }
  } else {
    fail("a change path goes inside a value that has no parts");
  }
}

std::string string_member(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) {
    fail("a journal record without " + std::string(key));
  }
  return std::string(v->get_string());
}

}  // namespace

void WorldShadow::reset(const World& world) {
  regions_.clear();
  iam_.clear();
  world.for_each([&](const std::string& account, const std::string& region, const RegionStore& store) {
    regions_.emplace(std::make_pair(account, region), store);
  });
  world.for_each_iam([&](const std::string& account, const iam::IamState& iam) { iam_.emplace(account, iam); });
  keys_ = world.keys().all();
}

std::optional<json::object> WorldShadow::record_changes(const World& world, const std::string& account_id,
                                                        const std::string& region) {
  json::array changes;
  if (const RegionStore* store = world.find(account_id, region)) {
    Differ(changes, "store").diff(*store, regions_[std::make_pair(account_id, region)]);
  }
  if (const iam::IamState* iam = world.find_iam(account_id)) {
    Differ(changes, "iam").diff(*iam, iam_[account_id]);
  }
  if (!same(world.keys().all(), keys_)) {
    keys_ = world.keys().all();
    changes.push_back(json::array{json::array{"keys"}, enc(keys_)});
  }
  if (changes.empty()) {
    return std::nullopt;
  }
  json::object record;
  record["account"] = account_id;
  record["region"] = region;
  record["changes"] = std::move(changes);
  return record;
}

void apply_changes(const json::object& record, World& world) {
  std::string account = string_member(record, "account");
  std::string region = string_member(record, "region");
  const json::value* changes = record.if_contains("changes");
  if (changes == nullptr || !changes->is_array()) {
    fail("a journal record without changes");
  }
  for (const json::value& change : changes->get_array()) {
    const json::array* c = change.if_array();
    const json::array* path = c != nullptr && !c->empty() ? (*c)[0].if_array() : nullptr;
    if (path == nullptr || path->empty() || !(*path)[0].is_string() || c->size() > 2) {
      fail("a change that is not [PATH, VALUE] or [PATH]");
    }
    const json::value* value = c->size() == 2 ? &(*c)[1] : nullptr;
    std::string_view root = (*path)[0].get_string();
    if (root == "store") {
      apply_at(world.region(account, region), *path, 1, value);
    } else if (root == "iam") {
      apply_at(world.iam(account), *path, 1, value);
    } else if (root == "keys") {
      if (value == nullptr || path->size() != 1) {
        fail("a change of the keys that is not [[\"keys\"], KEYS]");
      }
      std::map<std::string, iam::IssuedKey, std::less<>> keys;
      dec(*value, keys);
      world.keys().clear();
      for (auto& [id, key] : keys) {
        world.keys().add(std::move(key));
      }
    } else {
      fail("a change of " + std::string(root) + ", which the world does not have");
    }
  }
}

}  // namespace ecsemu::state
