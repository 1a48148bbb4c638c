#pragma once

#include <boost/json/array.hpp>

namespace ecsemu {

// A JSON array of strings, from any range of things a JSON string can be made of (std::string, string_view).
template <typename Range>
boost::json::array string_array(const Range& items) {
  boost::json::array out;
  out.reserve(std::size(items));
  for (const auto& item : items) {
    out.emplace_back(item);
  }
  return out;
}

}  // namespace ecsemu
