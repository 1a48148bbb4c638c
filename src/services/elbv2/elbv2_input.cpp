// Reading ELBv2 inputs shared by the handler files: tags, attributes, paging.
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "aws/input.hpp"
#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/elbv2/elbv2_handlers.hpp"

namespace ecsemu::elbv2 {

namespace json = boost::json;
using namespace aws::members;

double now_seconds(const aws::RequestContext& ctx) {
  return std::chrono::duration<double>(ctx.now.time_since_epoch()).count();
}

void validation(std::string message) { throw aws::ServiceError("ValidationError", std::move(message)); }

TagList parse_tags(const json::object& input) {
  TagList tags;
  if (const auto* arr = array_member(input, "Tags")) {
    for (const auto& item : *arr) {
      if (!item.is_object()) {
        continue;
      }
      const auto& o = item.as_object();
      tags.emplace_back(std::string(string_member(o, "Key")), std::string(string_member(o, "Value")));
    }
  }
  return tags;
}

AttributeMap parse_attributes(const json::object& input) {
  AttributeMap out;
  if (const auto* arr = array_member(input, "Attributes")) {
    for (const auto& item : *arr) {
      if (!item.is_object()) {
        continue;
      }
      const auto& o = item.as_object();
      std::string key(string_member(o, "Key"));
      if (key.empty()) {
        validation("An attribute key must be specified");
      }
      if (!out.emplace(key, std::string(string_member(o, "Value"))).second) {
        validation(fmt::format("Attribute key '{}' is specified more than once", key));
      }
    }
  }
  return out;
}

Page parse_page(const json::object& input) {
  Page page;
  if (auto size = int_member(input, "PageSize")) {
    if (*size < 1 || *size > 400) {
      validation("Page size must be between 1 and 400");
    }
    page.size = static_cast<std::size_t>(*size);
  }
  std::string_view marker = string_member(input, "Marker");
  if (!marker.empty()) {
    std::string key = aws::decode_page_token(marker).value_or(std::string());
    std::uint64_t seq = 0;
    auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), seq);
    if (key.empty() || ec != std::errc{} || end != key.data() + key.size()) {
      validation("The marker is not valid");
    }
    page.after = seq;
  }
  return page;
}

std::string next_marker(std::uint64_t last_seq) { return aws::encode_page_token(std::to_string(last_seq)); }

}  // namespace ecsemu::elbv2
