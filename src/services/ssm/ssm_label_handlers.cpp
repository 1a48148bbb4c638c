// SSM parameter labels: LabelParameterVersion, UnlabelParameterVersion.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ssm/ssm_handlers.hpp"
#include "state/world.hpp"

namespace ecsemu::ssm {

namespace json = boost::json;
using namespace aws::members;

namespace {

constexpr std::size_t kMaxLabelsPerVersion = 10;

// AWS's label rules: up to 100 letters, digits, '.', '-', '_'; not a number; not starting with aws or ssm.
bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 100) {
    return false;
  }
  bool chars = std::all_of(label.begin(), label.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
  });
  bool number = std::all_of(label.begin(), label.end(), [](char c) { return c >= '0' && c <= '9'; });
  std::string lower;
  for (char c : label.substr(0, 3)) {
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return chars && !number && lower != "aws" && lower != "ssm";
}

// The parameter and version a request names (the latest version when ParameterVersion is absent).
std::pair<Parameter*, ParameterVersion*> target(aws::RequestContext& ctx, const json::object& input) {
  std::string name(string_member(input, "Name"));
  auto& params = ctx.store().ssm.parameters;
  auto it = params.find(name);
  if (it == params.end()) {
    throw aws::ServiceError("ParameterNotFound", fmt::format("Parameter {} not found.", name));
  }
  auto& versions = it->second.versions;
  std::optional<long> wanted = int_member(input, "ParameterVersion");
  auto v = wanted ? std::find_if(versions.begin(), versions.end(), [&](const auto& x) { return x.version == *wanted; })
                  : versions.end() - 1;
  if (v == versions.end()) {
    throw aws::ServiceError("ParameterVersionNotFound",
                            fmt::format("Systems Manager could not find version {} of {}. Verify the version and try "
                                        "again.",
                                        *wanted, name));
  }
  return {&it->second, &*v};
}

}  // namespace

json::value label_parameter_version(aws::RequestContext& ctx, const json::object& input) {
  auto [parameter, version] = target(ctx, input);
  json::array invalid;
  std::vector<std::string> labels;
  for (auto& label : string_list(input, "Labels")) {
    if (!valid_label(label)) {
      invalid.emplace_back(label);
    } else if (std::find(labels.begin(), labels.end(), label) == labels.end()) {
      labels.push_back(std::move(label));
    }
  }
  std::size_t after = version->labels.size();
  for (const auto& label : labels) {
    if (std::find(version->labels.begin(), version->labels.end(), label) == version->labels.end()) {
      ++after;
    }
  }
  if (after > kMaxLabelsPerVersion) {
    throw aws::ServiceError("ParameterVersionLabelLimitExceeded",
                            "An parameter version can have maximum 10 labels.Move one or more labels to another "
                            "version and try again.");
  }
  for (const auto& label : labels) {
    // A label names one version: it moves here from any other.
    for (auto& other : parameter->versions) {
      other.labels.erase(std::remove(other.labels.begin(), other.labels.end(), label), other.labels.end());
    }
    version->labels.push_back(label);
  }
  return json::object{{"InvalidLabels", std::move(invalid)}, {"ParameterVersion", version->version}};
}

json::value unlabel_parameter_version(aws::RequestContext& ctx, const json::object& input) {
  auto [parameter, version] = target(ctx, input);
  if (!aws::has_member(input, "ParameterVersion")) {
    throw aws::ServiceError("ValidationException", "ParameterVersion is required.");
  }
  json::array removed;
  json::array invalid;
  for (const auto& label : string_list(input, "Labels")) {
    auto it = std::find(version->labels.begin(), version->labels.end(), label);
    if (it == version->labels.end()) {
      invalid.emplace_back(label);
    } else {
      version->labels.erase(it);
      removed.emplace_back(label);
    }
  }
  return json::object{{"RemovedLabels", std::move(removed)}, {"InvalidLabels", std::move(invalid)}};
}

}  // namespace ecsemu::ssm
