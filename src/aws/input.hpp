#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace ecsemu::aws {

// A typed reader over a validated input Document (or one of its structures). The pipeline has already checked
// every member against the input shape (types, enums, ranges, required members), so readers never fail: a
// member that is absent or null reads as the fallback. Member names are the spec's (`clusterName`, `VpcId`).
// Input is a view: the object it reads must outlive it.
class Input {
 public:
  Input() : object_(&empty()) {}
  explicit Input(const boost::json::object& object) : object_(&object) {}

  const boost::json::object& object() const { return *object_; }
  // Present and not null.
  bool has(std::string_view name) const;
  // The member itself (nullptr when absent or null).
  const boost::json::value* value(std::string_view name) const;

  std::string_view str(std::string_view name, std::string_view fallback = {}) const;
  std::optional<std::string_view> opt_str(std::string_view name) const;
  // A boolean member: false when absent.
  bool flag(std::string_view name) const;
  std::optional<bool> opt_bool(std::string_view name) const;
  // An integer member (doubles truncated, unsigned clamped to INT64_MAX).
  std::optional<std::int64_t> opt_int(std::string_view name) const;
  std::int64_t int_or(std::string_view name, std::int64_t fallback) const;
  std::optional<double> opt_double(std::string_view name) const;
  // A list of strings (non-string items skipped); empty when absent.
  std::vector<std::string> strings(std::string_view name) const;
  // A list member; nullptr when absent or not a list.
  const boost::json::array* list(std::string_view name) const;
  // A structure member; an empty Input when absent.
  Input sub(std::string_view name) const;
  std::optional<Input> opt_sub(std::string_view name) const;
  // The structures of a list member, in order (non-structure items skipped).
  std::vector<Input> subs(std::string_view name) const;
  // A map member (string keys) of strings; empty when absent.
  std::vector<std::pair<std::string, std::string>> string_map(std::string_view name) const;

 private:
  static const boost::json::object& empty();
  const boost::json::object* object_;
};

// The same reads as free functions, for code that reads one member at a time (every service's handlers):
// `using namespace aws::members;` brings them all.
inline namespace members {
std::string_view string_member(const boost::json::object& input, std::string_view name, std::string_view fallback = {});
const boost::json::array* array_member(const boost::json::object& input, std::string_view name);
std::vector<std::string> string_list(const boost::json::object& input, std::string_view name);
bool has_member(const boost::json::object& input, std::string_view name);  // present and not null
// A boolean member; the fallback when absent, null or not a boolean.
bool bool_member(const boost::json::object& input, std::string_view name, bool fallback = false);
// A number member as a whole number (doubles truncated); empty when absent, null or not a number.
std::optional<long> int_member(const boost::json::object& input, std::string_view name);
long int_member(const boost::json::object& input, std::string_view name, long fallback);
}  // namespace members

}  // namespace ecsemu::aws
