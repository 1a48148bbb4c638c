#pragma once
// The walk every saved value goes through (src/state/ only): enc (to JSON), dec (from JSON) and same (would
// two values be saved alike), each over the member lists of state_describe.hpp, so no member is listed by hand.
// Loading is lenient the way a format that grows must be: a member missing from the document keeps its default,
// one the program no longer has is ignored.
#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include "state/state_codec.hpp"
#include "state/state_describe.hpp"

namespace ecsemu::state::walk {

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
  described::visit_members(NoVisit{}, t);
};
template <typename T>
constexpr bool kDescribedEnum = requires(T e, std::string_view s) {
  described::enum_name(e);
  described::enum_parse(s, e);
};
template <typename T>
constexpr bool kJsonValue =
    std::is_same_v<T, json::value> || std::is_same_v<T, json::object> || std::is_same_v<T, json::array>;

[[noreturn]] inline void fail(std::string_view what) { throw CodecError(std::string(what)); }

template <typename T>
json::value enc(const T& v);
template <typename T>
void dec(const json::value& j, T& out);
template <typename T>
bool same(const T& a, const T& b);

// The types with private members, converted by hand.
inline json::value enc(const ecs::TaskDefinitionStore& store) {
  json::object out;
  out["families"] = enc(store.families);
  out["last_revisions"] = enc(store.last_revisions());
  return out;
}
inline void dec(const json::value& j, ecs::TaskDefinitionStore& store) {
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
    described::visit_members([&](const char* name, const auto& member) { out.emplace(name, enc(member)); }, v);
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
    described::visit_members(
        [&](const char* name, auto& member) {
          if (const json::value* m = o->if_contains(name)) {
            try {
              dec(*m, member);
            } catch (const CodecError& e) {
              fail(std::string(name) + ": " + e.what());
            }
          }
        },
        out);
  }
}

// Whether two values would be saved alike: what the journal's differ (state_parts.cpp) compares.
inline bool same(const ecs::TaskDefinitionStore& a, const ecs::TaskDefinitionStore& b) {
  return same(a.families, b.families) && same(a.last_revisions(), b.last_revisions());
}

template <typename T>
bool same(const T& a, const T& b) {
  if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T> || std::is_same_v<T, std::string> || kJsonValue<T>) {
    return a == b;
  } else if constexpr (IsOptional<T>::value) {
    return a.has_value() == b.has_value() && (!a || same(*a, *b));
  } else if constexpr (IsPair<T>::value) {
    return same(a.first, b.first) && same(a.second, b.second);
  } else if constexpr (IsVector<T>::value || IsSet<T>::value || IsArray<T>::value) {
    if (a.size() != b.size()) {
      return false;
    }
    auto i = a.begin();
    for (auto j = b.begin(); j != b.end(); ++i, ++j) {
      if (!same(*i, *j)) {
        return false;
      }
    }
    return true;
  } else if constexpr (IsMap<T>::value) {
    if (a.size() != b.size()) {
      return false;
    }
    auto i = a.begin();
    for (auto j = b.begin(); j != b.end(); ++i, ++j) {
      if (!same(i->first, j->first) || !same(i->second, j->second)) {
        return false;
      }
    }
    return true;
  } else {
    static_assert(kDescribedStruct<T>, "every struct the World holds is described (scripts/gen-state-describe)");
    bool equal = true;
    described::visit_members(
        [&](const char*, const auto& x, const auto& y) {
          if (equal && !same(x, y)) {
            equal = false;
          }
        },
        a, b);
    return equal;
  }
}

}  // namespace ecsemu::state::walk
