#include "aws/input.hpp"

#include <cmath>

namespace ecsemu::aws {

namespace json = boost::json;

const json::object& Input::empty() {
  static const json::object kEmpty;
  return kEmpty;
}

const json::value* Input::value(std::string_view name) const {
  const json::value* v = object_->if_contains(name);
  return v == nullptr || v->is_null() ? nullptr : v;
}

bool Input::has(std::string_view name) const { return value(name) != nullptr; }

std::string_view Input::str(std::string_view name, std::string_view fallback) const {
  return opt_str(name).value_or(fallback);
}

std::optional<std::string_view> Input::opt_str(std::string_view name) const {
  const json::value* v = value(name);
  if (v == nullptr || !v->is_string()) {
    return std::nullopt;
  }
  const json::string& s = v->get_string();
  return std::string_view(s.data(), s.size());
}

bool Input::flag(std::string_view name) const { return opt_bool(name).value_or(false); }

std::optional<bool> Input::opt_bool(std::string_view name) const {
  const json::value* v = value(name);
  if (v == nullptr || !v->is_bool()) {
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<std::int64_t> Input::opt_int(std::string_view name) const {
  const json::value* v = value(name);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (v->is_int64()) {
    return v->get_int64();
  }
  if (v->is_uint64()) {
    return v->get_uint64() > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX
                                                                   : static_cast<std::int64_t>(v->get_uint64());
  }
  if (v->is_double()) {
    double d = v->get_double();
    if (!std::isfinite(d)) {
      return std::nullopt;
    }
    if (d >= 9.2e18) {
      return INT64_MAX;
    }
    if (d <= -9.2e18) {
      return INT64_MIN;
    }
    return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::int64_t Input::int_or(std::string_view name, std::int64_t fallback) const {
  return opt_int(name).value_or(fallback);
}

std::optional<double> Input::opt_double(std::string_view name) const {
  const json::value* v = value(name);
  if (v == nullptr || !v->is_number()) {
    return std::nullopt;
  }
  return v->to_number<double>();
}

std::vector<std::string> Input::strings(std::string_view name) const {
  std::vector<std::string> out;
  if (const json::array* items = list(name)) {
    out.reserve(items->size());
    for (const auto& item : *items) {
      if (item.is_string()) {
        out.emplace_back(item.get_string());
      }
    }
  }
  return out;
}

const json::array* Input::list(std::string_view name) const {
  const json::value* v = value(name);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

Input Input::sub(std::string_view name) const { return opt_sub(name).value_or(Input()); }

std::optional<Input> Input::opt_sub(std::string_view name) const {
  const json::value* v = value(name);
  if (v == nullptr || !v->is_object()) {
    return std::nullopt;
  }
  return Input(v->get_object());
}

std::vector<Input> Input::subs(std::string_view name) const {
  std::vector<Input> out;
  if (const json::array* items = list(name)) {
    out.reserve(items->size());
    for (const auto& item : *items) {
      if (item.is_object()) {
        out.emplace_back(item.get_object());
      }
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> Input::string_map(std::string_view name) const {
  std::vector<std::pair<std::string, std::string>> out;
  const json::value* v = value(name);
  if (v != nullptr && v->is_object()) {
    for (const auto& [key, item] : v->get_object()) {
      if (item.is_string()) {
        out.emplace_back(std::string(key), std::string(item.get_string()));
      }
    }
  }
  return out;
}

inline namespace members {

std::string_view string_member(const json::object& input, std::string_view name, std::string_view fallback) {
  return Input(input).str(name, fallback);
}

const json::array* array_member(const json::object& input, std::string_view name) { return Input(input).list(name); }

std::vector<std::string> string_list(const json::object& input, std::string_view name) {
  return Input(input).strings(name);
}

bool has_member(const json::object& input, std::string_view name) { return Input(input).has(name); }

bool bool_member(const json::object& input, std::string_view name, bool fallback) {
  return Input(input).opt_bool(name).value_or(fallback);
}

std::optional<long> int_member(const json::object& input, std::string_view name) {
  std::optional<std::int64_t> v = Input(input).opt_int(name);
  return v ? std::optional<long>(static_cast<long>(*v)) : std::nullopt;
}

long int_member(const json::object& input, std::string_view name, long fallback) {
  return int_member(input, name).value_or(fallback);
}

}  // namespace members

}  // namespace ecsemu::aws
