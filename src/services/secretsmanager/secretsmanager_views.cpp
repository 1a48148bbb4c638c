#include "services/secretsmanager/secretsmanager_views.hpp"

#include <boost/json/array.hpp>

#include "ecsemu/json_strings.hpp"

namespace ecsemu::secretsmanager {

namespace json = boost::json;

namespace {

json::array tags_json(const Tags& tags) {
  json::array out;
  for (const auto& [key, value] : tags) {
    out.push_back(json::object{{"Key", key}, {"Value", value}});
  }
  return out;
}

json::object stages_map(const Secret& secret) {
  json::object out;
  for (const auto& v : secret.versions) {
    if (v.stages.empty()) {
      continue;
    }
    out[v.id] = string_array(v.stages);
  }
  return out;
}

void common(const Secret& secret, json::object& out) {
  out["ARN"] = secret.arn;
  out["Name"] = secret.name;
  if (!secret.description.empty()) {
    out["Description"] = secret.description;
  }
  if (!secret.kms_key_id.empty()) {
    out["KmsKeyId"] = secret.kms_key_id;
  }
  out["LastChangedDate"] = secret.last_changed;
  out["CreatedDate"] = secret.created;
  if (secret.deletion_date) {
    out["DeletedDate"] = *secret.deletion_date;
  }
  if (!secret.tags.empty()) {
    out["Tags"] = tags_json(secret.tags);
  }
}

}  // namespace

json::object describe_secret_json(const Secret& secret) {
  json::object out;
  common(secret, out);
  out["VersionIdsToStages"] = stages_map(secret);
  return out;
}

json::object secret_list_entry_json(const Secret& secret) {
  json::object out;
  common(secret, out);
  out["SecretVersionsToStages"] = stages_map(secret);
  return out;
}

json::object secret_version_json(const SecretVersion& version) {
  json::array stages = string_array(version.stages);
  json::object out{{"VersionId", version.id}, {"CreatedDate", version.created}};
  if (!stages.empty()) {
    out["VersionStages"] = std::move(stages);
  }
  return out;
}

json::object secret_value_json(const Secret& secret, const SecretVersion& version) {
  json::array stages = string_array(version.stages);
  json::object out{{"ARN", secret.arn},
                   {"Name", secret.name},
                   {"VersionId", version.id},
                   {"VersionStages", std::move(stages)},
                   {"CreatedDate", version.created}};
  if (version.string_value) {
    out["SecretString"] = *version.string_value;
  }
  if (version.binary_value) {
    out["SecretBinary"] = *version.binary_value;
  }
  return out;
}

}  // namespace ecsemu::secretsmanager
