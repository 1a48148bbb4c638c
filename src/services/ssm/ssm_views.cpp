#include "services/ssm/ssm_views.hpp"

#include "ecsemu/json_strings.hpp"

#include <boost/json/array.hpp>

namespace ecsemu::ssm {

namespace json = boost::json;

namespace {

std::string shown_value(const ParameterVersion& version, bool decrypt) {
  if (version.type == "SecureString" && !decrypt) {
    return encrypted_form(version.key_id, version.value);
  }
  return version.value;
}

// The members AWS sends only when they are set: the KMS key, the description and the allowed pattern.
void add_optional_members(json::object& out, const ParameterVersion& v) {
  if (!v.key_id.empty()) {
    out["KeyId"] = v.key_id;
  }
  if (!v.description.empty()) {
    out["Description"] = v.description;
  }
  if (!v.allowed_pattern.empty()) {
    out["AllowedPattern"] = v.allowed_pattern;
  }
}

}  // namespace

json::object parameter_json(std::string_view region, std::string_view account, const Parameter& parameter,
                            const ParameterVersion& version, bool decrypt, std::string_view selector) {
  json::object out{{"Name", parameter.name},
                   {"Type", version.type},
                   {"Value", shown_value(version, decrypt)},
                   {"Version", version.version},
                   {"LastModifiedDate", version.last_modified},
                   {"ARN", parameter_arn(region, account, parameter.name)},
                   {"DataType", version.data_type}};
  if (!selector.empty()) {
    out["Selector"] = std::string(":") + std::string(selector);
  }
  return out;
}

json::object public_parameter_json(std::string_view region, const PublicParameter& parameter,
                                   std::string_view selector) {
  json::object out{{"Name", parameter.name},           {"Type", "String"},
                   {"Value", parameter.value},         {"Version", 1},
                   {"LastModifiedDate", 1700000000.0}, {"ARN", parameter_arn(region, "", parameter.name)},
                   {"DataType", parameter.data_type}};
  if (!selector.empty()) {
    out["Selector"] = std::string(":") + std::string(selector);
  }
  return out;
}

json::object parameter_metadata_json(std::string_view region, std::string_view account, const Parameter& parameter) {
  const ParameterVersion& v = parameter.latest();
  json::object out{{"Name", parameter.name},
                   {"ARN", parameter_arn(region, account, parameter.name)},
                   {"Type", v.type},
                   {"LastModifiedDate", v.last_modified},
                   {"LastModifiedUser", v.last_modified_user},
                   {"Version", v.version},
                   {"Tier", v.tier},
                   {"Policies", json::array{}},
                   {"DataType", v.data_type}};
  add_optional_members(out, v);
  return out;
}

json::object parameter_history_json(const Parameter& parameter, const ParameterVersion& v, bool decrypt) {
  json::object out{{"Name", parameter.name},
                   {"Type", v.type},
                   {"LastModifiedDate", v.last_modified},
                   {"LastModifiedUser", v.last_modified_user},
                   {"Value", shown_value(v, decrypt)},
                   {"Version", v.version},
                   {"Labels", string_array(v.labels)},
                   {"Tier", v.tier},
                   {"Policies", json::array{}},
                   {"DataType", v.data_type}};
  add_optional_members(out, v);
  return out;
}

json::array tags_json(const Tags& tags) {
  json::array out;
  for (const auto& [k, v] : tags) {
    out.push_back(json::object{{"Key", k}, {"Value", v}});
  }
  return out;
}

}  // namespace ecsemu::ssm
