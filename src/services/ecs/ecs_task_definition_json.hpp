#pragma once

// Small readers of task definition Documents shared by the rules and derivations (internal).

#include <optional>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/ecs/ecs_input.hpp"

namespace ecsemu::ecs::td_json {

namespace json = boost::json;

using ::ecsemu::ecs::int_member;

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
