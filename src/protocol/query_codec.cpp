// query and ec2 requests: form decoding and the key tree walked by the input shape.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>

#include "ecsemu/url_coding.hpp"
#include "protocol/base64.hpp"
#include "protocol/codec_internal.hpp"

namespace ecsemu::protocol {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxKeySegments = 48;
constexpr std::size_t kMaxIndexDigits = 9;

// The request's keys split on '.', as a tree. Nodes live in one pool and refer to each other by index.
class KeyTree {
 public:
  struct Node {
    std::string_view value;
    bool has_value = false;
    std::map<std::string_view, std::uint32_t> children;
  };

  KeyTree(Protocol protocol, const QueryParams& params) {
    nodes_.reserve(params.size() * 2 + 1);
    nodes_.emplace_back();
    for (const auto& [key, value] : params) {
      std::uint32_t at = 0;
      std::size_t start = 0;
      std::size_t segments = 0;
      while (true) {
        std::size_t dot = key.find('.', start);
        std::string_view segment = std::string_view(key).substr(start, dot == std::string::npos ? dot : dot - start);
        if (++segments > kMaxKeySegments) {
          detail::throw_parse_error(protocol, "Parameter name is nested too deeply");
        }
        auto it = nodes_[at].children.find(segment);
        if (it == nodes_[at].children.end()) {
          auto next = static_cast<std::uint32_t>(nodes_.size());
          nodes_.emplace_back();
          nodes_[at].children.emplace(segment, next);
          at = next;
        } else {
          at = it->second;
        }
        if (dot == std::string::npos) {
          break;
        }
        start = dot + 1;
      }
      // The first occurrence of a repeated key wins.
      if (!nodes_[at].has_value) {
        nodes_[at].has_value = true;
        nodes_[at].value = value;
      }
    }
  }

  const Node& node(std::uint32_t index) const { return nodes_[index]; }

  std::optional<std::uint32_t> child(std::uint32_t parent, std::string_view name) const {
    const auto& children = nodes_[parent].children;
    auto it = children.find(name);
    if (it == children.end()) {
      return std::nullopt;
    }
    return it->second;
  }

  // Children named 1, 2, 3... in numeric order (gaps compacted; non-numeric names ignored).
  std::vector<std::uint32_t> indexed_children(std::uint32_t parent) const {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> items;
    for (const auto& [name, index] : nodes_[parent].children) {
      if (name.empty() || name.size() > kMaxIndexDigits ||
          !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        continue;
      }
      std::uint64_t n = 0;
      for (char c : name) {
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
      }
      items.emplace_back(n, index);
    }
    std::sort(items.begin(), items.end());
    std::vector<std::uint32_t> out;
    out.reserve(items.size());
    for (const auto& item : items) {
      out.push_back(item.second);
    }
    return out;
  }

 private:
  std::vector<Node> nodes_;
};

std::string capitalize(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') {
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  }
  return out;
}

class QueryReader {
 public:
  QueryReader(Protocol protocol, const KeyTree& tree) : protocol_(protocol), tree_(tree) {}

  json::object structure(const Shape& shape, std::uint32_t node, const std::string& path) const {
    json::object out;
    for (const MemberRef& m : shape.members) {
      std::string wire = wire_name(m);
      auto child = tree_.child(node, wire);
      if (!child) {
        continue;
      }
      std::string child_path = path.empty() ? wire : path + "." + wire;
      out.emplace(m.name, value(m, *child, child_path));
    }
    return out;
  }

 private:
  std::string wire_name(const MemberRef& m) const {
    if (protocol_ == Protocol::Ec2) {
      if (!m.query_name.empty()) {
        return m.query_name;
      }
      const std::string& location = detail::location_name(m);
      return capitalize(location.empty() ? m.name : location);
    }
    // A flattened list is named by the member's own locationName, else by its item's locationName.
    if (m.location_name.empty() && m.shape->type == ShapeType::List && detail::is_flattened(m)) {
      const std::string& item_name = detail::location_name(m.shape->member);
      if (!item_name.empty()) {
        return item_name;
      }
    }
    const std::string& location = detail::location_name(m);
    return location.empty() ? m.name : location;
  }

  [[noreturn]] void invalid(const std::string& path, std::string_view text, std::string_view expected) const {
    std::string shown(text.substr(0, 64));
    detail::throw_parse_error(
        protocol_, "Invalid value '" + shown + "' for parameter " + path + ": expected " + std::string(expected));
  }

  json::value value(const MemberRef& ref, std::uint32_t node, const std::string& path) const {
    const Shape& shape = *ref.shape;
    switch (shape.type) {
      case ShapeType::Structure:
        return structure(shape, node, path);
      case ShapeType::List:
        return list(ref, node, path);
      case ShapeType::Map:
        return map(ref, node, path);
      default:
        break;
    }
    const KeyTree::Node& n = tree_.node(node);
    if (!n.has_value) {
      invalid(path, "", "a single value");
    }
    std::string_view text = n.value;
    switch (shape.type) {
      case ShapeType::String:
        return json::string(text);
      case ShapeType::Boolean:
        if (text == "true" || text == "TRUE" || text == "True") {
          return true;
        }
        if (text == "false" || text == "FALSE" || text == "False") {
          return false;
        }
        invalid(path, text, "true or false");
      case ShapeType::Integer:
      case ShapeType::Long: {
        std::int64_t v = 0;
        if (!detail::parse_int64(text, v) ||
            (shape.type == ShapeType::Integer &&
             (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max()))) {
          invalid(path, text, "an integer");
        }
        return v;
      }
      case ShapeType::Float:
      case ShapeType::Double: {
        double v = 0;
        if (!detail::parse_double(text, v)) {
          invalid(path, text, "a number");
        }
        return v;
      }
      case ShapeType::Timestamp: {
        auto t = parse_timestamp(text);
        if (!t) {
          invalid(path, text, "a timestamp");
        }
        return *t;
      }
      case ShapeType::Blob: {
        auto bytes = base64_decode(text);
        if (!bytes) {
          invalid(path, text, "base64 data");
        }
        return json::string(*bytes);
      }
      default:
        return nullptr;
    }
  }

  json::value list(const MemberRef& ref, std::uint32_t node, const std::string& path) const {
    const Shape& shape = *ref.shape;
    std::uint32_t items_parent = node;
    std::string items_path = path;
    if (protocol_ == Protocol::Query && !detail::is_flattened(ref)) {
      const std::string& item_name = detail::location_name(shape.member);
      std::string_view name = item_name.empty() ? std::string_view("member") : std::string_view(item_name);
      auto sub = tree_.child(node, name);
      if (!sub) {
        return json::array();  // "ListArg=" (empty list) or no items
      }
      items_parent = *sub;
      items_path += ".";
      items_path += name;
    }
    json::array out;
    std::vector<std::uint32_t> items = tree_.indexed_children(items_parent);
    out.reserve(items.size());
    std::size_t position = 0;
    for (std::uint32_t item : items) {
      ++position;
      out.push_back(value(shape.member, item, items_path + "." + std::to_string(position)));
    }
    return out;
  }

  json::value map(const MemberRef& ref, std::uint32_t node, const std::string& path) const {
    const Shape& shape = *ref.shape;
    std::uint32_t entries_parent = node;
    std::string entries_path = path;
    if (!detail::is_flattened(ref)) {
      auto sub = tree_.child(node, "entry");
      if (!sub) {
        return json::object();
      }
      entries_parent = *sub;
      entries_path += ".entry";
    }
    const std::string& key_location = detail::location_name(shape.key);
    const std::string& value_location = detail::location_name(shape.value);
    std::string_view key_name = key_location.empty() ? std::string_view("key") : std::string_view(key_location);
    std::string_view value_name = value_location.empty() ? std::string_view("value") : std::string_view(value_location);
    json::object out;
    std::size_t position = 0;
    for (std::uint32_t entry : tree_.indexed_children(entries_parent)) {
      ++position;
      std::string entry_path = entries_path + "." + std::to_string(position);
      auto key = tree_.child(entry, key_name);
      if (!key || !tree_.node(*key).has_value) {
        continue;
      }
      std::string_view key_text = tree_.node(*key).value;
      auto val = tree_.child(entry, value_name);
      if (!val) {
        continue;
      }
      out.insert_or_assign(key_text, value(shape.value, *val, entry_path + "." + std::string(value_name)));
    }
    return out;
  }

  Protocol protocol_;
  const KeyTree& tree_;
};

}  // namespace

QueryParams parse_form(std::string_view text) {
  QueryParams out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t amp = text.find('&', start);
    std::string_view pair = text.substr(start, amp == std::string_view::npos ? amp : amp - start);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      std::string key = url_decode(pair.substr(0, eq), true);
      std::string value = eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1), true);
      if (!key.empty()) {
        out.emplace_back(std::move(key), std::move(value));
      }
    }
    if (amp == std::string_view::npos) {
      break;
    }
    start = amp + 1;
  }
  return out;
}

json::object parse_query_request(const ServiceModel& model, const Operation& op, const QueryParams& params) {
  Protocol protocol = model.metadata().protocol == Protocol::Ec2 ? Protocol::Ec2 : Protocol::Query;
  if (op.input == nullptr) {
    return {};
  }
  KeyTree tree(protocol, params);
  return QueryReader(protocol, tree).structure(*op.input, 0, "");
}

}  // namespace ecsemu::protocol
