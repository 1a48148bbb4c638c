#include "services/ec2/ec2_input.hpp"

#include <fmt/format.h>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;

std::string string_member(const json::object& input, std::string_view member) {
  const auto* v = input.if_contains(member);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<bool> attribute_bool(const json::object& input, std::string_view member) {
  const auto* v = input.if_contains(member);
  if (v == nullptr || !v->is_object()) {
    return std::nullopt;
  }
  const auto* value = v->as_object().if_contains("Value");
  if (value == nullptr || !value->is_bool()) {
    return std::nullopt;
  }
  return value->as_bool();
}

std::string required(const json::object& input, std::string_view member) {
  std::string value = string_member(input, member);
  if (value.empty()) {
    std::string lower(member);
    if (!lower.empty()) {
      lower[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower[0])));
    }
    throw aws::ServiceError("MissingParameter", fmt::format("The request must contain the parameter {}", lower));
  }
  return value;
}

TagMap tag_specifications(const json::object& input, std::string_view resource_type,
                          std::initializer_list<std::string_view> also_allowed) {
  TagMap tags;
  const auto* specs = input.if_contains("TagSpecifications");
  if (specs == nullptr || !specs->is_array()) {
    return tags;
  }
  for (const auto& spec : specs->as_array()) {
    if (!spec.is_object()) {
      continue;
    }
    std::string type = string_member(spec.as_object(), "ResourceType");
    bool other = std::find(also_allowed.begin(), also_allowed.end(), type) != also_allowed.end();
    if (type != resource_type && !other) {
      throw aws::ServiceError("InvalidParameterValue",
                              fmt::format("'{}' is not a valid taggable resource type for this operation.", type));
    }
    if (other) {
      continue;
    }
    if (const auto* list = spec.as_object().if_contains("Tags"); list != nullptr && list->is_array()) {
      for (const auto& tag : list->as_array()) {
        if (tag.is_object()) {
          tags[string_member(tag.as_object(), "Key")] = string_member(tag.as_object(), "Value");
        }
      }
    }
  }
  return tags;
}

json::array tags_view(const TagMap& tags) {
  json::array out;
  for (const auto& [key, value] : tags) {
    out.push_back(json::object{{"Key", key}, {"Value", value}});
  }
  return out;
}

std::optional<std::vector<std::string>> tag_filter_values(const TagMap& tags, std::string_view filter) {
  if (filter.rfind("tag:", 0) == 0) {
    auto it = tags.find(std::string(filter.substr(4)));
    if (it == tags.end()) {
      return std::vector<std::string>{};
    }
    return std::vector<std::string>{it->second};
  }
  if (filter == "tag-key" || filter == "tag-value") {
    std::vector<std::string> out;
    for (const auto& [key, value] : tags) {
      out.push_back(filter == "tag-key" ? key : value);
    }
    return out;
  }
  return std::nullopt;
}

std::optional<std::string> decode_next_token(const json::object& input) {
  std::string token = string_member(input, "NextToken");
  if (token.empty()) {
    return std::nullopt;
  }
  auto key = aws::decode_page_token(token);
  if (!key) {
    throw aws::ServiceError("InvalidPaginationToken", fmt::format("Invalid pagination token: {}", token));
  }
  return key;
}

std::string encode_next_token(std::string_view key) { return aws::encode_page_token(key); }

}  // namespace ecsemu::ec2
