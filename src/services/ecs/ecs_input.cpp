#include "services/ecs/ecs_input.hpp"

#include "ecsemu/aws/service_error.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

Tags parse_tags(const json::object& input, std::string_view name) {
  Tags tags;
  if (const auto* arr = array_member(input, name)) {
    for (const auto& item : *arr) {
      if (!item.is_object()) {
        continue;
      }
      std::string key(string_member(item.as_object(), "key"));
      std::string value(string_member(item.as_object(), "value"));
      if (key.empty()) {
        throw aws::ServiceError("InvalidParameterException", "Tag keys must not be empty.");
      }
      if (key.size() >= 4 && (key.compare(0, 4, "aws:") == 0 || key.compare(0, 4, "AWS:") == 0)) {
        throw aws::ServiceError("InvalidParameterException",
                                "Tag keys beginning with 'aws:' are reserved for AWS use.");
      }
      merge_tags(tags, {{key, value}});
    }
  }
  return tags;
}

Cluster& require_cluster_for_work(EcsState& state, const json::object& input) {
  if (!has_member(input, "cluster")) {
    return ensure_default_cluster(state);
  }
  return require_cluster(state, input);
}

Cluster& require_cluster(EcsState& state, const json::object& input) {
  std::string_view identifier = string_member(input, "cluster", "default");
  std::string name = cluster_name_from_identifier(identifier);
  if (name.empty()) {
    throw aws::ServiceError("InvalidParameterException",
                            "Identifier is for an invalid cluster: only a cluster name or ARN is accepted.");
  }
  auto it = state.clusters.find(name);
  // An ARN names the cluster of one account and Region: one of another never resolves here.
  if (it == state.clusters.end() || it->second.status != "ACTIVE" ||
      (identifier.rfind("arn:", 0) == 0 && identifier != it->second.arn)) {
    throw aws::ServiceError("ClusterNotFoundException", "Cluster not found.");
  }
  return it->second;
}

}  // namespace ecsemu::ecs
