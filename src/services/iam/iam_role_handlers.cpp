// IAM roles: CreateRole, GetRole, ListRoles, UpdateRole(Description), UpdateAssumeRolePolicy, DeleteRole,
// permissions boundaries, tags, the role's inline and attached policies, service-linked roles.
#include <algorithm>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/iam/iam_handlers.hpp"
#include "services/iam/iam_policy_document.hpp"
#include "services/iam/iam_support.hpp"
#include "services/iam/iam_views.hpp"

namespace ecsemu::iam {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxTrustPolicySize = 2048;

void check_trust_policy(std::string_view document) {
  check_policy_document(document, PolicyKind::Trust);
  if (policy_size(document) > kMaxTrustPolicySize) {
    limit_exceeded(fmt::format("Cannot exceed quota for ACLSizePerRole: {}", kMaxTrustPolicySize));
  }
}

void check_boundary(const IamState& state, std::string_view arn) {
  if (arn.substr(0, 8) != "arn:aws:") {
    invalid_input(fmt::format("ARN {} is not valid.", arn));
  }
  check_attachable(state, arn);
}

// Creates a role after the checks both CreateRole and CreateServiceLinkedRole make.
Role& add_role(aws::RequestContext& ctx, Role role) {
  IamState& state = iam_state(ctx);
  std::string key = lower(role.name);
  if (state.roles.contains(key)) {
    already_exists(fmt::format("Role with name {} already exists.", role.name));
  }
  role.id = unique_id(ctx, "AROA");
  role.arn = iam_arn(ctx.account_id, "role", role.path, role.name);
  role.created = ctx.now_seconds();
  return state.roles.emplace(key, std::move(role)).first->second;
}

struct ServiceLinkedRoleSpec {
  std::string_view service;
  std::string_view role_name;
  std::string_view policy_arn;
};

constexpr ServiceLinkedRoleSpec kServiceLinkedRoles[] = {
    {"ecs.amazonaws.com", "AWSServiceRoleForECS",
     "arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy"},
    {"ecs.application-autoscaling.amazonaws.com", "AWSServiceRoleForApplicationAutoScaling_ECSService",
     "arn:aws:iam::aws:policy/aws-service-role/AWSApplicationAutoscalingECSServicePolicy"},
    {"autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling",
     "arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy"},
    {"elasticloadbalancing.amazonaws.com", "AWSServiceRoleForElasticLoadBalancing",
     "arn:aws:iam::aws:policy/aws-service-role/AWSElasticLoadBalancingServiceRolePolicy"},
    {"spot.amazonaws.com", "AWSServiceRoleForEC2Spot",
     "arn:aws:iam::aws:policy/aws-service-role/AWSEC2SpotServiceRolePolicy"},
};

}  // namespace

json::value create_role(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  Role role;
  role.name = std::string(in.str("RoleName"));
  check_name(role.name, "roleName");
  role.path = std::string(in.str("Path", "/"));
  check_path(role.path, "path");
  role.trust_policy = std::string(in.str("AssumeRolePolicyDocument"));
  check_trust_policy(role.trust_policy);
  role.description = std::string(in.str("Description"));
  role.max_session_duration = in.int_or("MaxSessionDuration", kMinSessionDuration);
  if (auto boundary = in.opt_str("PermissionsBoundary")) {
    check_boundary(state, *boundary);
    role.permissions_boundary = std::string(*boundary);
  }
  role.tags = input_tags(in);
  return json::object{{"Role", role_json(add_role(ctx, std::move(role)), true)}};
}

json::value get_role(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  return json::object{{"Role", role_json(role_of(iam_state(ctx), in.str("RoleName")), true)}};
}

json::value list_roles(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Page page(in);
  json::object out{{"Roles", page.take_values(
                                 iam_state(ctx).roles, [&](const Role& role) { return path_matches(in, role.path); },
                                 [](const Role& role) { return role_json(role, false); })}};
  page.finish(out);
  return out;
}

json::value update_role(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Role& role = role_of(iam_state(ctx), in.str("RoleName"));
  if (auto description = in.opt_str("Description")) {
    role.description = std::string(*description);
  }
  if (auto duration = in.opt_int("MaxSessionDuration")) {
    role.max_session_duration = *duration;
  }
  return json::object{};
}

json::value update_role_description(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Role& role = role_of(iam_state(ctx), in.str("RoleName"));
  role.description = std::string(in.str("Description"));
  return json::object{{"Role", role_json(role, true)}};
}

json::value update_assume_role_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Role& role = role_of(iam_state(ctx), in.str("RoleName"));
  std::string document(in.str("PolicyDocument"));
  check_trust_policy(document);
  role.trust_policy = std::move(document);
  return json::object{};
}

json::value delete_role(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  Role& role = role_of(state, in.str("RoleName"));
  std::string key = lower(role.name);
  for (const auto& [name, profile] : state.instance_profiles) {
    if (std::find(profile.roles.begin(), profile.roles.end(), key) != profile.roles.end()) {
      delete_conflict("Cannot delete entity, must remove roles from instance profile first.");
    }
  }
  if (!role.attached.empty()) {
    delete_conflict("Cannot delete entity, must detach all policies first.");
  }
  if (!role.inline_policies.empty()) {
    delete_conflict("Cannot delete entity, must delete policies first.");
  }
  state.roles.erase(key);
  return json::object{};
}

json::value put_role_permissions_boundary(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  Role& role = role_of(state, in.str("RoleName"));
  check_boundary(state, in.str("PermissionsBoundary"));
  role.permissions_boundary = std::string(in.str("PermissionsBoundary"));
  return json::object{};
}

json::value delete_role_permissions_boundary(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Role& role = role_of(iam_state(ctx), in.str("RoleName"));
  role.permissions_boundary.clear();
  return json::object{};
}

json::value create_service_linked_role(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string service(in.str("AWSServiceName"));
  const ServiceLinkedRoleSpec* spec = nullptr;
  for (const auto& candidate : kServiceLinkedRoles) {
    if (candidate.service == service) {
      spec = &candidate;
    }
  }
  if (spec == nullptr) {
    invalid_input(
        fmt::format("Service name {} is not a service that supports service-linked roles in ecsemu "
                    "(ecs, ecs.application-autoscaling, autoscaling, elasticloadbalancing, spot).",
                    service));
  }
  Role role;
  role.name = std::string(spec->role_name);
  if (auto suffix = in.opt_str("CustomSuffix")) {
    if (service == "ecs.amazonaws.com" || service == "elasticloadbalancing.amazonaws.com") {
      invalid_input(fmt::format("Custom suffix is not allowed for {}", service));
    }
    role.name += fmt::format("_{}", *suffix);
  }
  if (iam_state(ctx).find_role(role.name) != nullptr) {
    invalid_input(
        fmt::format("Service role name {} has been taken in this account, please try a different suffix.", role.name));
  }
  role.path = fmt::format("/aws-service-role/{}/", service);
  role.trust_policy = fmt::format(
      R"({{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":["{}"]}},"Action":["sts:AssumeRole"]}}]}})",
      service);
  role.description = std::string(in.str("Description"));
  role.attached.emplace_back(spec->policy_arn);
  return json::object{{"Role", role_json(add_role(ctx, std::move(role)), true)}};
}

json::value delete_service_linked_role(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  IamState& state = iam_state(ctx);
  Role& role = role_of(state, in.str("RoleName"));
  if (role.path.rfind("/aws-service-role/", 0) != 0) {
    invalid_input(fmt::format("Role {} is not a service-linked role.", role.name));
  }
  std::string task = fmt::format("task/{}/{}", role.path.substr(1), role.name);
  // AWS deletes the role asynchronously; ecsemu deletes it at once and reports the task SUCCEEDED.
  state.roles.erase(lower(role.name));
  return json::object{{"DeletionTaskId", task}};
}

json::value get_service_linked_role_deletion_status(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string_view task = in.str("DeletionTaskId");
  if (task.rfind("task/aws-service-role/", 0) != 0) {
    invalid_input(fmt::format("Invalid deletion task id {}", task));
  }
  (void)ctx;
  return json::object{{"Status", "SUCCEEDED"}};
}

}  // namespace ecsemu::iam
