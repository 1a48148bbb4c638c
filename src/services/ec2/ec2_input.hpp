#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "aws/input.hpp"
#include "services/ec2/ec2_network_model.hpp"

namespace ecsemu::ec2 {

// Reading EC2 request Documents (members named as the spec names them): the shared readers, and a string
// member as an owned string (EC2's handlers keep most of what they read).
using aws::members::bool_member;
using aws::members::has_member;
using aws::members::int_member;
using aws::members::string_list;
std::string string_member(const boost::json::object& input, std::string_view member);
// An AttributeBooleanValue member ({"Value": true}); nullopt when absent.
std::optional<bool> attribute_bool(const boost::json::object& input, std::string_view member);
// A required string member; MissingParameter when absent or empty (as EC2 says it).
std::string required(const boost::json::object& input, std::string_view member);

// Tags of TagSpecifications for one resource type ("vpc", "subnet", ...). Other types are refused with
// InvalidParameterValue, as EC2 does for a type the call does not create.
TagMap tag_specifications(const boost::json::object& input, std::string_view resource_type,
                          std::initializer_list<std::string_view> also_allowed = {});
// A Tags list as the views show it (omitted by callers when empty).
boost::json::array tags_view(const TagMap& tags);
// Values of the tag filters "tag:KEY", "tag-key" and "tag-value" for a resource; nullopt for another name.
std::optional<std::vector<std::string>> tag_filter_values(const TagMap& tags, std::string_view filter);

// One page of `items` (already in key order) after NextToken, at most MaxResults long; sets `next_token` to the
// token of the following page (empty when none). InvalidPaginationToken for a token this server did not issue.
template <typename T, typename KeyFn>
std::vector<T> paginate(std::vector<T> items, const boost::json::object& input, KeyFn key, std::string& next_token);

std::optional<std::string> decode_next_token(const boost::json::object& input);
std::string encode_next_token(std::string_view key);

template <typename T, typename KeyFn>
std::vector<T> paginate(std::vector<T> items, const boost::json::object& input, KeyFn key, std::string& next_token) {
  next_token.clear();
  if (auto after = decode_next_token(input)) {
    items.erase(items.begin(),
                std::find_if(items.begin(), items.end(), [&](const T& item) { return key(item) > *after; }));
  }
  auto max = int_member(input, "MaxResults");
  if (max && *max > 0 && static_cast<std::size_t>(*max) < items.size()) {
    items.resize(static_cast<std::size_t>(*max));
    next_token = encode_next_token(key(items.back()));
  }
  return items;
}

}  // namespace ecsemu::ec2
