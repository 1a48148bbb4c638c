#pragma once

// Small readers of task definition Documents shared by the rules and derivations (internal).

#include <optional>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/ecs/ecs_input.hpp"

namespace ecsemu::ecs::td_json {

namespace json = boost::json;

inline std::optional<long> int_member(const json::object& obj, std::string_view name) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (v->is_int64()) {
    return static_cast<long>(v->as_int64());
  }
  if (v->is_uint64()) {
    return static_cast<long>(v->as_uint64());
  }
  if (v->is_double()) {
    return static_cast<long>(v->as_double());
  }
  return std::nullopt;
}

inline bool bool_member(const json::object& obj, std::string_view name, bool fallback) {
  const auto* v = obj.if_contains(name);
  return v != nullptr && v->is_bool() ? v->as_bool() : fallback;
}

inline const json::object* object_member(const json::object& obj, std::string_view name) {
  const auto* v = obj.if_contains(name);
  return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

inline std::string_view network_mode(const json::object& spec) { return string_member(spec, "networkMode", "bridge"); }

inline const json::array& containers_of(const json::object& spec) {
  static const json::array kEmpty;
  const auto* arr = array_member(spec, "containerDefinitions");
  return arr != nullptr ? *arr : kEmpty;
}

}  // namespace ecsemu::ecs::td_json
