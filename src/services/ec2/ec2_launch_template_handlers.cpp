// EC2 launch templates: Create/Describe/Modify/Delete templates and their versions.
#include "services/ec2/ec2_launch_template_handlers.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_filters.hpp"
#include "services/ec2/ec2_instances.hpp"
#include "services/ec2/ec2_launch_template_model.hpp"
#include "services/ecs/ecs_task_launch.hpp"
#include "state/world.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;
using namespace aws::members;

namespace {

constexpr long kMaxVersionsPerTemplate = 10000;

double seconds(const aws::RequestContext& ctx) {
  return std::chrono::duration<double>(ctx.now.time_since_epoch()).count();
}

json::array tags_json(const std::vector<std::pair<std::string, std::string>>& tags) {
  json::array out;
  for (const auto& [k, v] : tags) {
    out.push_back(json::object{{"Key", k}, {"Value", v}});
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> template_tags(const json::object& input) {
  std::vector<std::pair<std::string, std::string>> out;
  if (const auto* specs = aws::array_member(input, "TagSpecifications")) {
    for (const auto& spec : *specs) {
      const auto& o = spec.as_object();
      std::string_view type = string_member(o, "ResourceType");
      if (type != "launch-template") {
        throw aws::ServiceError("InvalidParameterValue",
                                fmt::format("'{}' is not a valid taggable resource type for this operation.", type));
      }
      if (const auto* tags = aws::array_member(o, "Tags")) {
        for (const auto& t : *tags) {
          out.emplace_back(string_member(t.as_object(), "Key"), string_member(t.as_object(), "Value"));
        }
      }
    }
  }
  return out;
}

json::object template_json(const LaunchTemplate& lt) {
  json::object out{{"LaunchTemplateId", lt.id},
                   {"LaunchTemplateName", lt.name},
                   {"CreateTime", lt.create_time},
                   {"CreatedBy", lt.created_by},
                   {"DefaultVersionNumber", lt.default_version},
                   {"LatestVersionNumber", lt.latest_version}};
  if (!lt.tags.empty()) {
    out["Tags"] = tags_json(lt.tags);
  }
  return out;
}

json::object version_json(const LaunchTemplate& lt, const LaunchTemplateVersion& v) {
  json::object out{{"LaunchTemplateId", lt.id},   {"LaunchTemplateName", lt.name},
                   {"VersionNumber", v.number},   {"CreateTime", v.create_time},
                   {"CreatedBy", lt.created_by},  {"DefaultVersion", v.number == lt.default_version},
                   {"LaunchTemplateData", v.data}};
  if (!v.description.empty()) {
    out["VersionDescription"] = v.description;
  }
  return out;
}

const json::object& template_data(const json::object& input) {
  static const json::object kEmpty;
  const auto* v = input.if_contains("LaunchTemplateData");
  return v != nullptr && v->is_object() ? v->as_object() : kEmpty;
}

void check_data(const json::object& data) {
  if (const auto* ud = data.if_contains("UserData"); ud != nullptr && ud->is_string()) {
    std::string_view text = ud->as_string();
    bool base64 = text.size() % 4 == 0 && std::all_of(text.begin(), text.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/' || c == '=';
                  });
    if (!base64) {
      throw aws::ServiceError("InvalidUserData.Malformed", "Invalid BASE64 encoding of user data.");
    }
  }
  if (const auto* image = data.if_contains("ImageId"); image != nullptr && image->is_string()) {
    std::string_view id = image->as_string();
    // Launch template parameters "are not fully validated when you create the launch template" (EC2 User Guide,
    // launch template restrictions): an id that is not an AMI id at all is refused, one of the wrong length
    // (a made-up "ami-abc123") only fails when an instance is launched from the template.
    if (id.rfind("ami-", 0) != 0 || id.size() == 4) {
      throw aws::ServiceError("InvalidAMIID.Malformed", fmt::format("Invalid id: \"{}\" (expecting \"ami-...\")", id));
    }
  }
}

}  // namespace

json::value create_launch_template(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  std::string name(string_member(input, "LaunchTemplateName"));
  check_launch_template_name(name);
  LaunchTemplateState& state = ctx.store().launch_templates;
  if (state.find_by_name(name) != nullptr) {
    throw aws::ServiceError("InvalidLaunchTemplateName.AlreadyExistsException",
                            fmt::format("Launch template name already in use."));
  }
  const json::object& data = template_data(input);
  check_data(data);
  LaunchTemplate lt;
  lt.id = "lt-0" + ecs::random_hex(ecs::task_random(), 16);
  lt.name = name;
  lt.created_by = fmt::format("arn:aws:iam::{}:root", ctx.account_id);
  lt.create_time = seconds(ctx);
  lt.tags = template_tags(input);
  lt.versions[1] =
      LaunchTemplateVersion{1, std::string(string_member(input, "VersionDescription")), lt.create_time, data};
  auto& stored = state.templates.emplace(lt.id, std::move(lt)).first->second;
  return json::object{{"LaunchTemplate", template_json(stored)}};
}

json::value create_launch_template_version(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  LaunchTemplate& lt = require_launch_template(ctx.store().launch_templates, string_member(input, "LaunchTemplateId"),
                                               string_member(input, "LaunchTemplateName"));
  const json::object& data = template_data(input);
  check_data(data);
  json::object merged = data;
  if (aws::has_member(input, "SourceVersion")) {
    merged = merge_template_data(require_version(lt, string_member(input, "SourceVersion")).data, data);
  }
  if (lt.latest_version >= kMaxVersionsPerTemplate) {
    throw aws::ServiceError("VersionLimitExceeded",
                            "You've reached the maximum number of versions (10000) for this launch template.");
  }
  long number = lt.latest_version + 1;
  lt.latest_version = number;
  auto& v = lt.versions[number] = LaunchTemplateVersion{number, std::string(string_member(input, "VersionDescription")),
                                                        seconds(ctx), std::move(merged)};
  return json::object{{"LaunchTemplateVersion", version_json(lt, v)}};
}

json::value describe_launch_templates(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  FilterSet filters(input, {"create-time", "launch-template-name", "tag-key"}, true);
  LaunchTemplateState& state = ctx.store().launch_templates;
  std::vector<std::string> ids = string_list(input, "LaunchTemplateIds");
  std::vector<std::string> names = string_list(input, "LaunchTemplateNames");
  std::vector<const LaunchTemplate*> selected;
  for (const auto& id : ids) {
    selected.push_back(&require_launch_template(state, id, ""));
  }
  for (const auto& name : names) {
    selected.push_back(&require_launch_template(state, "", name));
  }
  if (ids.empty() && names.empty()) {
    for (const auto& [id, lt] : state.templates) {
      selected.push_back(&lt);
    }
  }
  std::sort(selected.begin(), selected.end(), [](auto* a, auto* b) { return a->id < b->id; });
  selected.erase(std::unique(selected.begin(), selected.end()), selected.end());
  long max_results = int_member(input, "MaxResults").value_or(1000);
  if ((!ids.empty() || !names.empty()) && aws::has_member(input, "MaxResults")) {
    throw aws::ServiceError("InvalidParameterCombination",
                            "The parameter MaxResults cannot be used with LaunchTemplateIds or LaunchTemplateNames.");
  }
  if (max_results < 1 || max_results > 200) {
    max_results = std::clamp(max_results, 1L, 200L);
  }
  std::string after;
  if (const auto* token = input.if_contains("NextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    if (!last) {
      throw aws::ServiceError("InvalidPaginationToken", "Invalid pagination token.");
    }
    after = *last;
  }
  json::array out;
  json::object result;
  std::string last;
  for (const LaunchTemplate* lt : selected) {
    if (lt->id <= after) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (f == "launch-template-name") {
        return {lt->name};
      }
      if (f == "create-time") {
        return {};
      }
      std::vector<std::string> values;
      for (const auto& [k, v] : lt->tags) {
        if (f == "tag-key") {
          values.push_back(k);
        } else if (f.substr(4) == k) {
          values.push_back(v);
        }
      }
      return values;
    });
    if (!keep) {
      continue;
    }
    if (static_cast<long>(out.size()) == max_results) {
      result["NextToken"] = aws::encode_page_token(last);
      break;
    }
    last = lt->id;
    out.push_back(template_json(*lt));
  }
  result["LaunchTemplates"] = std::move(out);
  return result;
}

json::value describe_launch_template_versions(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  FilterSet filters(input, {"image-id", "instance-type", "is-default-version", "iam-instance-profile", "key-name"});
  LaunchTemplate& lt = require_launch_template(ctx.store().launch_templates, string_member(input, "LaunchTemplateId"),
                                               string_member(input, "LaunchTemplateName"));
  std::vector<std::string> versions = string_list(input, "Versions");
  std::vector<const LaunchTemplateVersion*> selected;
  for (const auto& v : versions) {
    const LaunchTemplateVersion& found = require_version(lt, v);
    if (std::find(selected.begin(), selected.end(), &found) == selected.end()) {
      selected.push_back(&found);
    }
  }
  long min_version = 0;
  long max_version = 0;
  auto parse_bound = [](std::string_view text, long& out) {
    if (!text.empty()) {
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
      if (ec != std::errc() || ptr != text.data() + text.size()) {
        throw aws::ServiceError("InvalidParameterValue", fmt::format("Invalid version bound: {}", text));
      }
    }
  };
  parse_bound(string_member(input, "MinVersion"), min_version);
  parse_bound(string_member(input, "MaxVersion"), max_version);
  if (versions.empty()) {
    for (const auto& [n, v] : lt.versions) {
      if ((min_version == 0 || n >= min_version) && (max_version == 0 || n <= max_version)) {
        selected.push_back(&v);
      }
    }
  }
  long max_results = std::clamp(int_member(input, "MaxResults").value_or(1000), 1L, 200L);
  long after = 0;
  if (const auto* token = input.if_contains("NextToken"); token != nullptr && token->is_string()) {
    auto last = aws::decode_page_token(token->as_string());
    long n = 0;
    if (!last || std::from_chars(last->data(), last->data() + last->size(), n).ec != std::errc()) {
      throw aws::ServiceError("InvalidPaginationToken", "Invalid pagination token.");
    }
    after = n;
  }
  json::array out;
  json::object result;
  long last = 0;
  for (const LaunchTemplateVersion* v : selected) {
    if (v->number <= after) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (f == "is-default-version") {
        return {v->number == lt.default_version ? "true" : "false"};
      }
      std::string_view member = f == "image-id"        ? "ImageId"
                                : f == "instance-type" ? "InstanceType"
                                : f == "key-name"      ? "KeyName"
                                                       : "";
      if (!member.empty()) {
        return {std::string(string_member(v->data, member))};
      }
      if (const auto* profile = v->data.if_contains("IamInstanceProfile"); profile && profile->is_object()) {
        return {std::string(string_member(profile->as_object(), "Arn")),
                std::string(string_member(profile->as_object(), "Name"))};
      }
      return {};
    });
    if (!keep) {
      continue;
    }
    if (static_cast<long>(out.size()) == max_results) {
      result["NextToken"] = aws::encode_page_token(std::to_string(last));
      break;
    }
    last = v->number;
    out.push_back(version_json(lt, *v));
  }
  result["LaunchTemplateVersions"] = std::move(out);
  return result;
}

json::value modify_launch_template(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  LaunchTemplate& lt = require_launch_template(ctx.store().launch_templates, string_member(input, "LaunchTemplateId"),
                                               string_member(input, "LaunchTemplateName"));
  if (aws::has_member(input, "DefaultVersion")) {
    std::string_view requested = string_member(input, "DefaultVersion");
    lt.default_version = require_version(lt, requested).number;
  }
  return json::object{{"LaunchTemplate", template_json(lt)}};
}

json::value delete_launch_template(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  LaunchTemplateState& state = ctx.store().launch_templates;
  LaunchTemplate& lt = require_launch_template(state, string_member(input, "LaunchTemplateId"),
                                               string_member(input, "LaunchTemplateName"));
  json::object out = template_json(lt);
  state.templates.erase(lt.id);
  return json::object{{"LaunchTemplate", std::move(out)}};
}

json::value delete_launch_template_versions(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  LaunchTemplate& lt = require_launch_template(ctx.store().launch_templates, string_member(input, "LaunchTemplateId"),
                                               string_member(input, "LaunchTemplateName"));
  json::array ok;
  json::array failed;
  for (const auto& requested : string_list(input, "Versions")) {
    long number = 0;
    auto [ptr, ec] = std::from_chars(requested.data(), requested.data() + requested.size(), number);
    bool parsed = ec == std::errc() && ptr == requested.data() + requested.size();
    auto fail = [&](std::string_view code, std::string_view message) {
      failed.push_back(json::object{{"LaunchTemplateId", lt.id},
                                    {"LaunchTemplateName", lt.name},
                                    {"VersionNumber", number},
                                    {"ResponseError", json::object{{"Code", code}, {"Message", message}}}});
    };
    if (!parsed || lt.versions.count(number) == 0) {
      fail("launchTemplateVersionDoesNotExist", "The specified launch template version does not exist.");
    } else if (number == lt.default_version) {
      fail("unexpectedError",
           "Cannot delete the default version of a launch template. Use DeleteLaunchTemplate "
           "to delete the launch template and all of its versions.");
    } else {
      lt.versions.erase(number);
      ok.push_back(
          json::object{{"LaunchTemplateId", lt.id}, {"LaunchTemplateName", lt.name}, {"VersionNumber", number}});
    }
  }
  json::object out;
  if (!ok.empty()) {
    out["SuccessfullyDeletedLaunchTemplateVersions"] = std::move(ok);
  }
  if (!failed.empty()) {
    out["UnsuccessfullyDeletedLaunchTemplateVersions"] = std::move(failed);
  }
  return out;
}

json::value get_launch_template_data(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  std::string_view id = string_member(input, "InstanceId");
  const Instance* instance = find_instance(ctx.store().ec2.instances, id);
  if (instance == nullptr) {
    throw aws::ServiceError("InvalidInstanceID.NotFound", fmt::format("The instance ID '{}' does not exist", id));
  }
  json::array groups;
  for (const auto& g : instance->security_group_ids) {
    groups.emplace_back(g);
  }
  json::object data{
      {"ImageId", instance->image_id},
      {"InstanceType", instance->instance_type},
      {"SecurityGroupIds", std::move(groups)},
      {"Placement", json::object{{"AvailabilityZone", instance->availability_zone}, {"Tenancy", "default"}}},
      {"Monitoring", json::object{{"Enabled", false}}},
      {"DisableApiTermination", false},
      {"InstanceInitiatedShutdownBehavior", "stop"}};
  if (!instance->key_name.empty()) {
    data["KeyName"] = instance->key_name;
  }
  if (!instance->user_data.empty()) {
    data["UserData"] = instance->user_data;
  }
  if (!instance->iam_instance_profile.empty()) {
    bool arn = instance->iam_instance_profile.rfind("arn:", 0) == 0;
    data["IamInstanceProfile"] = json::object{{arn ? "Arn" : "Name", instance->iam_instance_profile}};
  }
  json::array tags;
  for (const auto& [k, v] : instance->tags) {
    if (k.rfind("aws:", 0) != 0) {
      tags.push_back(json::object{{"Key", k}, {"Value", v}});
    }
  }
  if (!tags.empty()) {
    data["TagSpecifications"] = json::array{json::object{{"ResourceType", "instance"}, {"Tags", std::move(tags)}}};
  }
  return json::object{{"LaunchTemplateData", std::move(data)}};
}

void register_launch_template_operations(aws::OperationRegistry& registry) {
  registry.add("ec2", "CreateLaunchTemplate", &create_launch_template);
  registry.add("ec2", "CreateLaunchTemplateVersion", &create_launch_template_version);
  registry.add("ec2", "DescribeLaunchTemplates", &describe_launch_templates);
  registry.add("ec2", "DescribeLaunchTemplateVersions", &describe_launch_template_versions);
  registry.add("ec2", "ModifyLaunchTemplate", &modify_launch_template);
  registry.add("ec2", "DeleteLaunchTemplate", &delete_launch_template);
  registry.add("ec2", "DeleteLaunchTemplateVersions", &delete_launch_template_versions);
  registry.add("ec2", "GetLaunchTemplateData", &get_launch_template_data);
}

}  // namespace ecsemu::ec2
