#pragma once

// Helpers shared by the botocore protocol-fixture tests: read a fixture file and build the inline model of
// one of its suites.

#include <cmath>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "ecsemu/protocol/model.hpp"

namespace ecsemu::testing {

inline boost::json::value read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot open " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return boost::json::parse(text.str());
}

// A ServiceModel for one fixture case: the suite's metadata and shapes, and the case's `given` operation.
inline std::unique_ptr<protocol::ServiceModel> fixture_model(const boost::json::object& suite,
                                                             const boost::json::object& given) {
  boost::json::object doc;
  doc["metadata"] = suite.at("metadata");
  doc["shapes"] = suite.contains("shapes") ? suite.at("shapes") : boost::json::object();
  boost::json::object operations;
  operations[given.at("name").as_string()] = given;
  doc["operations"] = std::move(operations);
  return protocol::ServiceModel::from_value(doc);
}

// A stable id for a case: its "id", else "<description>#<index in suite>" (legacy fixtures have no ids).
inline std::string fixture_case_id(const boost::json::object& suite, const boost::json::object& c, std::size_t index) {
  if (const auto* id = c.if_contains("id"); id != nullptr && id->is_string()) {
    return std::string(id->get_string());
  }
  return std::string(suite.at("description").as_string()) + "#" + std::to_string(index);
}

namespace detail_json = boost::json;

// A fixture's client-side values (params / result) in canonical Document form, walked by the shape: floats
// given as "NaN"/"Infinity" strings become doubles, timestamps doubles, integers int64.
inline detail_json::value canonical_document(const protocol::MemberRef& ref, const detail_json::value& v) {
  const protocol::Shape& shape = *ref.shape;
  if (shape.document || v.is_null()) {
    return v;
  }
  switch (shape.type) {
    case protocol::ShapeType::Structure: {
      detail_json::object out;
      for (const auto& [key, item] : v.as_object()) {
        if (item.is_null()) {
          continue;
        }
        const protocol::MemberRef* m = shape.find_member(key);
        out[key] = m != nullptr ? canonical_document(*m, item) : item;
      }
      return out;
    }
    case protocol::ShapeType::List: {
      detail_json::array out;
      for (const auto& item : v.as_array()) {
        out.push_back(canonical_document(shape.member, item));
      }
      return out;
    }
    case protocol::ShapeType::Map: {
      detail_json::object out;
      for (const auto& [key, item] : v.as_object()) {
        out[key] = canonical_document(shape.value, item);
      }
      return out;
    }
    case protocol::ShapeType::Float:
    case protocol::ShapeType::Double:
      if (v.is_string()) {
        std::string_view s = v.get_string();
        return s == "NaN" ? std::nan("") : (s == "-Infinity" ? -HUGE_VAL : HUGE_VAL);
      }
      return v.to_number<double>();
    case protocol::ShapeType::Timestamp:
      return v.to_number<double>();
    case protocol::ShapeType::Integer:
    case protocol::ShapeType::Long:
      return v.to_number<std::int64_t>();
    default:
      return v;
  }
}

}  // namespace ecsemu::testing
