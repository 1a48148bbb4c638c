// SSM Parameter Store: PutParameter, GetParameter(s), DeleteParameter(s), GetParameterHistory.
#include <algorithm>
#include <regex>

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

Tags parse_ssm_tags(const json::object& input) {
  Tags tags;
  if (const auto* arr = aws::array_member(input, "Tags")) {
    for (const auto& item : *arr) {
      if (item.is_object()) {
        std::string key(string_member(item.as_object(), "Key"));
        std::string value(string_member(item.as_object(), "Value"));
        auto it = std::find_if(tags.begin(), tags.end(), [&](const auto& t) { return t.first == key; });
        if (it != tags.end()) {
          it->second = value;
        } else {
          tags.emplace_back(std::move(key), std::move(value));
        }
      }
    }
  }
  return tags;
}

[[noreturn]] void not_found(std::string_view name) {
  throw aws::ServiceError("ParameterNotFound", fmt::format("Parameter {} not found.", name));
}

void check_value(const ParameterVersion& v) {
  std::size_t limit = v.tier == "Advanced" ? kMaxAdvancedValue : kMaxStandardValue;
  if (v.value.empty()) {
    throw aws::ServiceError("ValidationException",
                            "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member "
                            "must have length greater than or equal to 1");
  }
  if (v.value.size() > limit) {
    throw aws::ServiceError("ValidationException",
                            v.tier == "Advanced"
                                ? "Advanced tier parameters support a maximum parameter value of 8192 characters."
                                : "Standard tier parameters support a maximum parameter value of 4096 characters. "
                                  "To create a larger parameter value, upgrade the parameter to use the "
                                  "advanced-parameter tier.");
  }
  if (v.data_type != "text" && v.data_type != "aws:ec2:image") {
    throw aws::ServiceError("ValidationException",
                            fmt::format("The following data type is not supported: {} (Data type names are all "
                                        "lowercase.)",
                                        v.data_type));
  }
  if (v.data_type == "aws:ec2:image") {
    static const std::regex ami("ami-[0-9a-f]{8}([0-9a-f]{9})?");
    if (v.type != "String" || !std::regex_match(v.value, ami)) {
      throw aws::ServiceError("ValidationException",
                              fmt::format("Parameter value, {} is not in a valid format for data type "
                                          "aws:ec2:image.",
                                          v.value));
    }
  }
  if (!v.allowed_pattern.empty()) {
    bool matched = false;
    try {
      matched = std::regex_match(v.value, std::regex(v.allowed_pattern, std::regex::ECMAScript));
    } catch (const std::regex_error&) {
      throw aws::ServiceError("InvalidAllowedPatternException",
                              "The allowed pattern is not a valid regular expression.");
    }
    if (!matched) {
      throw aws::ServiceError(
          "ParameterPatternMismatchException",
          fmt::format("Parameter value, cannot be validated against allowedPattern: {}", v.allowed_pattern));
    }
  }
}

}  // namespace

json::value put_parameter(aws::RequestContext& ctx, const json::object& input) {
  std::string name(string_member(input, "Name"));
  check_name_for_write(name);
  SsmState& state = ctx.store().ssm;
  auto it = state.parameters.find(name);
  bool overwrite = bool_member(input, "Overwrite");
  Tags tags = parse_ssm_tags(input);
  if (overwrite && !tags.empty()) {
    throw aws::ServiceError("ValidationException",
                            "Invalid request: tags and overwrite can't be used together. To create a parameter with "
                            "tags, please remove overwrite flag. To update tags on an existing parameter, please use "
                            "AddTagsToResource or RemoveTagsFromResource.");
  }
  if (it != state.parameters.end() && !overwrite) {
    throw aws::ServiceError("ParameterAlreadyExists",
                            "The parameter already exists. To overwrite this value, set the overwrite option in the "
                            "request to true.");
  }
  const ParameterVersion* previous = it == state.parameters.end() ? nullptr : &it->second.latest();
  ParameterVersion v;
  v.type = std::string(string_member(input, "Type", previous ? std::string_view(previous->type) : ""));
  if (v.type.empty()) {
    throw aws::ServiceError("ValidationException", "A parameter type is required when you create a parameter.");
  }
  v.value = std::string(string_member(input, "Value"));
  v.description = has_member(input, "Description") ? std::string(string_member(input, "Description"))
                                                   : (previous ? previous->description : "");
  v.allowed_pattern = has_member(input, "AllowedPattern") ? std::string(string_member(input, "AllowedPattern"))
                                                          : (previous ? previous->allowed_pattern : "");
  v.data_type =
      std::string(string_member(input, "DataType", previous ? std::string_view(previous->data_type) : "text"));
  if (v.data_type.empty()) {
    v.data_type = "text";
  }
  if (v.type == "SecureString") {
    v.key_id = std::string(string_member(input, "KeyId", "alias/aws/ssm"));
  } else if (has_member(input, "KeyId")) {
    throw aws::ServiceError("ValidationException", "KeyId is required for SecureString type parameter only.");
  }
  std::string tier(string_member(input, "Tier", previous ? std::string_view(previous->tier) : "Standard"));
  if (tier == "Intelligent-Tiering") {
    tier = v.value.size() > kMaxStandardValue ? "Advanced" : (previous ? previous->tier : "Standard");
  }
  if (previous != nullptr && previous->tier == "Advanced" && tier == "Standard") {
    throw aws::ServiceError("ValidationException",
                            "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the "
                            "advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the "
                            "advanced parameter and recreate it as a standard parameter.");
  }
  v.tier = tier;
  check_value(v);
  v.last_modified = std::chrono::duration<double>(ctx.now.time_since_epoch()).count();
  v.last_modified_user = fmt::format("arn:aws:iam::{}:root", ctx.account_id);
  if (it == state.parameters.end()) {
    Parameter p;
    p.name = name;
    p.tags = std::move(tags);
    it = state.parameters.emplace(name, std::move(p)).first;
    v.version = 1;
  } else {
    v.version = it->second.latest().version + 1;
    if (static_cast<long>(it->second.versions.size()) >= kMaxVersions) {
      if (!it->second.versions.front().labels.empty()) {
        throw aws::ServiceError(
            "ParameterMaxVersionLimitExceeded",
            fmt::format("You attempted to create a new version of {} by calling the PutParameter API with the "
                        "overwrite flag. Version {}, the oldest version, can't be deleted because it has a label "
                        "associated with it. Move the label to another version of the parameter, and try again.",
                        name, it->second.versions.front().version));
      }
      it->second.versions.erase(it->second.versions.begin());
    }
  }
  it->second.versions.push_back(v);
  return json::object{{"Version", v.version}, {"Tier", v.tier}};
}

json::value get_parameter(aws::RequestContext& ctx, const json::object& input) {
  auto [name, selector] = split_selector(ctx.region, ctx.account_id, string_member(input, "Name"));
  check_name_for_read(name);
  if (PublicParameter p = find_public_parameter(ctx.region, name); !p.name.empty()) {
    if (!selector.empty() && selector != "1") {
      throw aws::ServiceError("ParameterVersionNotFound",
                              fmt::format("Systems Manager could not find version {} of {}. Verify the version and "
                                          "try again.",
                                          selector, name));
    }
    return json::object{{"Parameter", public_parameter_json(ctx.region, p, selector)}};
  }
  SsmState& state = ctx.store().ssm;
  auto it = state.parameters.find(name);
  if (it == state.parameters.end()) {
    not_found(name);
  }
  const ParameterVersion* v = select_version(it->second, selector);
  if (v == nullptr) {
    throw aws::ServiceError("ParameterVersionNotFound",
                            fmt::format("Systems Manager could not find version {} of {}. Verify the version and try "
                                        "again.",
                                        selector, name));
  }
  return json::object{{"Parameter", parameter_json(ctx.region, ctx.account_id, it->second, *v,
                                                   bool_member(input, "WithDecryption"), selector)}};
}

json::value get_parameters(aws::RequestContext& ctx, const json::object& input) {
  std::vector<std::string> names = string_list(input, "Names");
  if (names.size() > 10) {
    throw aws::ServiceError("ValidationException",
                            fmt::format("1 validation error detected: Value '[{}]' at 'names' failed to satisfy "
                                        "constraint: Member must have length less than or equal to 10",
                                        fmt::join(names, ", ")));
  }
  bool decrypt = bool_member(input, "WithDecryption");
  SsmState& state = ctx.store().ssm;
  json::array found;
  json::array invalid;
  std::vector<std::string> seen;
  for (const auto& requested : names) {
    if (std::find(seen.begin(), seen.end(), requested) != seen.end()) {
      continue;
    }
    seen.push_back(requested);
    auto [name, selector] = split_selector(ctx.region, ctx.account_id, requested);
    check_name_for_read(name);
    if (PublicParameter p = find_public_parameter(ctx.region, name); !p.name.empty()) {
      if (selector.empty() || selector == "1") {
        found.push_back(public_parameter_json(ctx.region, p, selector));
      } else {
        invalid.emplace_back(requested);
      }
      continue;
    }
    auto it = state.parameters.find(name);
    const ParameterVersion* v = it == state.parameters.end() ? nullptr : select_version(it->second, selector);
    if (v == nullptr) {
      invalid.emplace_back(requested);
      continue;
    }
    found.push_back(parameter_json(ctx.region, ctx.account_id, it->second, *v, decrypt, selector));
  }
  return json::object{{"Parameters", std::move(found)}, {"InvalidParameters", std::move(invalid)}};
}

json::value delete_parameter(aws::RequestContext& ctx, const json::object& input) {
  std::string name(string_member(input, "Name"));
  SsmState& state = ctx.store().ssm;
  if (state.parameters.erase(name) == 0) {
    not_found(name);
  }
  return json::object{};
}

json::value delete_parameters(aws::RequestContext& ctx, const json::object& input) {
  std::vector<std::string> names = string_list(input, "Names");
  SsmState& state = ctx.store().ssm;
  json::array deleted;
  json::array invalid;
  for (const auto& name : names) {
    if (state.parameters.erase(name) != 0) {
      deleted.emplace_back(name);
    } else {
      invalid.emplace_back(name);
    }
  }
  return json::object{{"DeletedParameters", std::move(deleted)}, {"InvalidParameters", std::move(invalid)}};
}

json::value get_parameter_history(aws::RequestContext& ctx, const json::object& input) {
  auto [name, selector] = split_selector(ctx.region, ctx.account_id, string_member(input, "Name"));
  SsmState& state = ctx.store().ssm;
  auto it = state.parameters.find(name);
  if (it == state.parameters.end() || !selector.empty()) {
    not_found(name);
  }
  long max_results = int_member(input, "MaxResults").value_or(50);
  long after = 0;
  if (const auto* token = input.if_contains("NextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    if (!last || last->empty() || !std::all_of(last->begin(), last->end(), ::isdigit) || last->size() > 9) {
      throw aws::ServiceError("InvalidNextToken", "The specified token is not valid.");
    }
    after = std::stol(*last);
  }
  bool decrypt = bool_member(input, "WithDecryption");
  json::array out;
  json::object result;
  for (const auto& v : it->second.versions) {
    if (v.version <= after) {
      continue;
    }
    if (static_cast<long>(out.size()) == max_results) {
      result["NextToken"] = aws::encode_page_token(std::to_string(v.version - 1));
      break;
    }
    out.push_back(parameter_history_json(it->second, v, decrypt));
  }
  result["Parameters"] = std::move(out);
  return result;
}

}  // namespace ecsemu::ssm
