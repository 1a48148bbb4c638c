// The AWS managed policies an ECS workflow attaches (task execution, container instances, services, volumes,
// load balancers, Service Connect, ECR, Logs, SSM, Secrets Manager, ...), with the path, default version, dates and
// document AWS publishes for them, read from aws_managed_policies.json (embedded into the binary by CMake). ecsemu
// stores policies and never evaluates them: the documents are here so that GetPolicyVersion answers what AWS
// answers, laid out as AWS returns them (four-space indent, keys in order).
#include <algorithm>
#include <boost/json.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "services/iam/iam_managed_policies.hpp"

extern "C" const char ecsemu_aws_managed_policies_begin[];
extern "C" const char ecsemu_aws_managed_policies_end[];

namespace ecsemu::iam {

namespace {

void pretty(const boost::json::value& value, int depth, std::string& out) {
  const auto newline = [&out](int level) {
    out += '\n';
    out.append(static_cast<std::size_t>(level) * 4, ' ');
  };
  if (const auto* object = value.if_object()) {
    if (object->empty()) {
      out += "{}";
      return;
    }
    std::vector<const boost::json::key_value_pair*> members;
    for (const auto& member : *object) {
      members.push_back(&member);
    }
    std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) { return a->key() < b->key(); });
    out += '{';
    for (std::size_t i = 0; i < members.size(); ++i) {
      newline(depth + 1);
      out += boost::json::serialize(boost::json::value(members[i]->key()));
      out += ": ";
      pretty(members[i]->value(), depth + 1, out);
      out += i + 1 < members.size() ? "," : "";
    }
    newline(depth);
    out += '}';
  } else if (const auto* array = value.if_array()) {
    if (array->empty()) {
      out += "[]";
      return;
    }
    out += '[';
    for (std::size_t i = 0; i < array->size(); ++i) {
      newline(depth + 1);
      pretty((*array)[i], depth + 1, out);
      out += i + 1 < array->size() ? "," : "";
    }
    newline(depth);
    out += ']';
  } else {
    out += boost::json::serialize(value);
  }
}

std::vector<AwsManagedPolicy> load() {
  const std::string_view text(ecsemu_aws_managed_policies_begin,
                              static_cast<std::size_t>(ecsemu_aws_managed_policies_end -
                                                       ecsemu_aws_managed_policies_begin));
  const auto entries = boost::json::parse(text);
  std::vector<AwsManagedPolicy> policies;
  for (const auto& entry : entries.as_array()) {
    const auto& fields = entry.as_object();
    const auto field = [&fields](const char* name) { return std::string(fields.at(name).as_string()); };
    AwsManagedPolicy policy{field("PolicyName"), field("Path"),       field("PolicyId"), field("DefaultVersionId"),
                            field("CreateDate"), field("UpdateDate"), {}};
    pretty(fields.at("Document"), 0, policy.document);
    policies.push_back(std::move(policy));
  }
  return policies;
}

}  // namespace

std::span<const AwsManagedPolicy> aws_managed_policies() {
  static const std::vector<AwsManagedPolicy> kPolicies = load();
  return kPolicies;
}

}  // namespace ecsemu::iam
