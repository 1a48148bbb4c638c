// SSM Parameter Store listings: GetParametersByPath, DescribeParameters; parameter tagging.
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ssm/ssm_handlers.hpp"
#include "services/ssm/ssm_views.hpp"
#include "state/world.hpp"

namespace ecsemu::ssm {

namespace json = boost::json;
using namespace aws::members;

namespace {

struct StringFilter {
  std::string key;
  std::string option;
  std::vector<std::string> values;
};

// ParameterFilters, checked against the keys and options an operation allows.
std::vector<StringFilter> parse_filters(const json::object& input, bool by_path) {
  std::vector<StringFilter> out;
  const auto* arr = aws::array_member(input, "ParameterFilters");
  if (arr == nullptr) {
    return out;
  }
  for (const auto& item : *arr) {
    const auto& o = item.as_object();
    StringFilter f{std::string(string_member(o, "Key")), std::string(string_member(o, "Option", "Equals")),
                   string_list(o, "Values")};
    bool tag = f.key.rfind("tag:", 0) == 0;
    if (by_path && !tag && f.key != "Type" && f.key != "KeyId" && f.key != "Label") {
      throw aws::ServiceError("InvalidFilterKey",
                              fmt::format("The following filter key is not valid: {}. Valid filter keys include: "
                                          "[Type, KeyId, Label, tag:*].",
                                          f.key));
    }
    std::vector<std::string_view> options{"Equals"};
    if (f.key == "Path") {
      options = {"Recursive", "OneLevel"};
    } else if (f.key == "Name") {
      options = {"Equals", "BeginsWith", "Contains"};
    } else if (tag || f.key == "KeyId" || f.key == "Label" || f.key == "DataType") {
      options = {"Equals", "BeginsWith"};
    }
    if (std::find(options.begin(), options.end(), f.option) == options.end()) {
      throw aws::ServiceError("InvalidFilterOption",
                              fmt::format("The following filter option is not valid: {}. Valid options include: "
                                          "[{}].",
                                          f.option, fmt::join(options, ", ")));
    }
    if (f.values.empty() && !tag) {
      throw aws::ServiceError("InvalidFilterValue",
                              fmt::format("The following filter values are missing : null for filter key {}.", f.key));
    }
    out.push_back(std::move(f));
  }
  return out;
}

bool text_matches(const StringFilter& f, std::string_view text) {
  return std::any_of(f.values.begin(), f.values.end(), [&](const std::string& value) {
    if (f.option == "BeginsWith") {
      return text.rfind(value, 0) == 0;
    }
    if (f.option == "Contains") {
      return text.find(value) != std::string_view::npos;
    }
    return text == value;
  });
}

// What a filter sees of a parameter: its latest version's fields and its tags.
struct Subject {
  std::string_view name;
  std::string_view type;
  std::string_view key_id;
  std::string_view tier;
  std::string_view data_type;
  const std::vector<std::string>* labels;
  const Tags* tags;
};

bool matches(const std::vector<StringFilter>& filters, const Subject& s) {
  for (const auto& f : filters) {
    bool ok = false;
    if (f.key == "Name") {
      // Names match with or without their leading slash, as AWS does.
      std::string_view bare = !s.name.empty() && s.name.front() == '/' ? s.name.substr(1) : s.name;
      ok = text_matches(f, s.name) || text_matches(f, bare) ||
           (f.option != "Contains" && text_matches(f, std::string("/") + std::string(s.name)));
    } else if (f.key == "Type") {
      ok = text_matches(f, s.type);
    } else if (f.key == "KeyId") {
      ok = text_matches(f, s.key_id);
    } else if (f.key == "Tier") {
      ok = text_matches(f, s.tier);
    } else if (f.key == "DataType") {
      ok = text_matches(f, s.data_type);
    } else if (f.key == "Label") {
      ok = s.labels != nullptr &&
           std::any_of(s.labels->begin(), s.labels->end(), [&](const auto& l) { return text_matches(f, l); });
    } else if (f.key == "Path") {
      ok = std::any_of(f.values.begin(), f.values.end(),
                       [&](const std::string& path) { return is_under_path(s.name, path, f.option == "Recursive"); });
    } else {
      std::string_view key = std::string_view(f.key).substr(4);
      for (const auto& [k, v] : *s.tags) {
        if (k == key && (f.values.empty() || text_matches(f, v))) {
          ok = true;
        }
      }
    }
    if (!ok) {
      return false;
    }
  }
  return true;
}

std::string page_start(const json::object& input) {
  if (const auto* token = input.if_contains("NextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    if (!last) {
      throw aws::ServiceError("InvalidNextToken", "The specified token is not valid.");
    }
    return *last;
  }
  return {};
}

const Tags kNoTags;

}  // namespace

json::value get_parameters_by_path(aws::RequestContext& ctx, const json::object& input) {
  std::string path(string_member(input, "Path"));
  if (path.empty() || path.front() != '/') {
    throw aws::ServiceError("ValidationException",
                            "The parameter doesn't meet the parameter name requirements. The parameter name must "
                            "begin with a forward slash \"/\".");
  }
  bool recursive = bool_member(input, "Recursive");
  bool decrypt = bool_member(input, "WithDecryption");
  long max_results = int_member(input, "MaxResults").value_or(10);
  auto filters = parse_filters(input, true);
  std::string after = page_start(input);
  // Public and account parameters together, in name order.
  std::map<std::string, json::object> hits;
  for (const auto& p : public_parameters(ctx.region)) {
    if (is_under_path(p.name, path, recursive) && p.name > after &&
        matches(filters, {p.name, "String", "", "Standard", p.data_type, nullptr, &kNoTags})) {
      hits.emplace(p.name, public_parameter_json(ctx.region, p));
    }
  }
  for (const auto& [name, p] : ctx.store().ssm.parameters) {
    const ParameterVersion& v = p.latest();
    if (is_under_path(name, path, recursive) && name > after &&
        matches(filters, {name, v.type, v.key_id, v.tier, v.data_type, &v.labels, &p.tags})) {
      hits.emplace(name, parameter_json(ctx.region, ctx.account_id, p, v, decrypt));
    }
  }
  json::array out;
  json::object result;
  std::string last;
  for (auto& [name, doc] : hits) {
    if (static_cast<long>(out.size()) == max_results) {
      result["NextToken"] = aws::encode_page_token(last);
      break;
    }
    last = name;
    out.push_back(std::move(doc));
  }
  result["Parameters"] = std::move(out);
  return result;
}

json::value describe_parameters(aws::RequestContext& ctx, const json::object& input) {
  auto filters = parse_filters(input, false);
  if (const auto* legacy = aws::array_member(input, "Filters")) {
    if (!filters.empty()) {
      throw aws::ServiceError("ValidationException",
                              "You can use either Filters or ParameterFilters in a single request.");
    }
    for (const auto& item : *legacy) {
      const auto& o = item.as_object();
      filters.push_back({std::string(string_member(o, "Key")), "Equals", string_list(o, "Values")});
    }
  }
  long max_results = int_member(input, "MaxResults").value_or(50);
  std::string after = page_start(input);
  json::array out;
  json::object result;
  std::string last;
  for (const auto& [name, p] : ctx.store().ssm.parameters) {
    const ParameterVersion& v = p.latest();
    if (name <= after || !matches(filters, {name, v.type, v.key_id, v.tier, v.data_type, &v.labels, &p.tags})) {
      continue;
    }
    if (static_cast<long>(out.size()) == max_results) {
      result["NextToken"] = aws::encode_page_token(last);
      break;
    }
    last = name;
    out.push_back(parameter_metadata_json(ctx.region, ctx.account_id, p));
  }
  result["Parameters"] = std::move(out);
  return result;
}

namespace {

Parameter& tagged_parameter(aws::RequestContext& ctx, const json::object& input) {
  std::string_view type = string_member(input, "ResourceType");
  if (type != "Parameter") {
    throw aws::ServiceError("InvalidResourceType",
                            fmt::format("The resource type {} is not supported by this emulator.", type));
  }
  std::string id(string_member(input, "ResourceId"));
  auto& params = ctx.store().ssm.parameters;
  auto it = params.find(id);
  if (it == params.end()) {
    throw aws::ServiceError("InvalidResourceId",
                            "The resource ID is not valid. Verify that you entered the correct "
                            "ID and try again.");
  }
  return it->second;
}

}  // namespace

json::value add_tags_to_resource(aws::RequestContext& ctx, const json::object& input) {
  Parameter& p = tagged_parameter(ctx, input);
  Tags merged = p.tags;
  for (const auto& item : *aws::array_member(input, "Tags")) {
    std::string key(string_member(item.as_object(), "Key"));
    std::string value(string_member(item.as_object(), "Value"));
    auto it = std::find_if(merged.begin(), merged.end(), [&](const auto& t) { return t.first == key; });
    if (it != merged.end()) {
      it->second = value;
    } else {
      merged.emplace_back(std::move(key), std::move(value));
    }
  }
  if (merged.size() > 50) {
    throw aws::ServiceError("TooManyTagsError",
                            "The Targets parameter includes too many tags. Remove one or more tags and try the "
                            "request again.");
  }
  p.tags = std::move(merged);
  return json::object{};
}

json::value list_tags_for_resource(aws::RequestContext& ctx, const json::object& input) {
  return json::object{{"TagList", tags_json(tagged_parameter(ctx, input).tags)}};
}

json::value remove_tags_from_resource(aws::RequestContext& ctx, const json::object& input) {
  Parameter& p = tagged_parameter(ctx, input);
  for (const auto& key : string_list(input, "TagKeys")) {
    p.tags.erase(std::remove_if(p.tags.begin(), p.tags.end(), [&](const auto& t) { return t.first == key; }),
                 p.tags.end());
  }
  return json::object{};
}

void register_operations(aws::OperationRegistry& registry) {
  registry.add("ssm", "PutParameter", &put_parameter);
  registry.add("ssm", "GetParameter", &get_parameter);
  registry.add("ssm", "GetParameters", &get_parameters);
  registry.add("ssm", "DeleteParameter", &delete_parameter);
  registry.add("ssm", "DeleteParameters", &delete_parameters);
  registry.add("ssm", "GetParameterHistory", &get_parameter_history);
  registry.add("ssm", "GetParametersByPath", &get_parameters_by_path);
  registry.add("ssm", "DescribeParameters", &describe_parameters);
  registry.add("ssm", "LabelParameterVersion", &label_parameter_version);
  registry.add("ssm", "UnlabelParameterVersion", &unlabel_parameter_version);
  registry.add("ssm", "AddTagsToResource", &add_tags_to_resource);
  registry.add("ssm", "ListTagsForResource", &list_tags_for_resource);
  registry.add("ssm", "RemoveTagsFromResource", &remove_tags_from_resource);
}

}  // namespace ecsemu::ssm
