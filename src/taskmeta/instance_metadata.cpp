#include "taskmeta/instance_metadata.hpp"

#include <charconv>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <boost/json/serialize.hpp>

#include "ecsemu/auth/sigv4.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "ecsemu/clock.hpp"
#include "protocol/base64.hpp"
#include "protocol/timestamp.hpp"
#include "services/ec2/ec2_instance_views.hpp"
#include "services/ec2/ec2_network_views.hpp"
#include "services/sts/sts_sessions.hpp"

namespace ecsemu::taskmeta {

namespace json = boost::json;

namespace {

constexpr std::string_view kCredentialsPrefix = "/latest/meta-data/iam/security-credentials/";

std::string iso(double epoch) { return protocol::format_iso8601(std::floor(epoch), false); }

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += out.empty() ? "" : "\n";
    out += item;
  }
  return out;
}

struct Caller {
  const std::string* account = nullptr;
  const std::string* region = nullptr;
  state::RegionStore* store = nullptr;
  ec2::Instance* instance = nullptr;
};

// The instance a running task with a container (or ENI) at `ip` was placed on.
Caller find_caller(state::World& world, std::string_view ip) {
  Caller caller;
  world.for_each([&](const std::string& account, const std::string& region, state::RegionStore& store) {
    if (caller.instance != nullptr) {
      return;
    }
    for (const auto& [id, task] : store.ecs.tasks.tasks) {
      if (task.last_status == "STOPPED" || task.container_instance_arn.empty()) {
        continue;
      }
      bool matches = task.eni && task.eni->private_ip == ip;
      for (const auto& container : task.containers) {
        matches = matches || container.ip_address == ip;
      }
      if (!matches) {
        continue;
      }
      std::string ci_id = task.container_instance_arn.substr(task.container_instance_arn.rfind('/') + 1);
      auto ci = store.ecs.container_instances.instances.find(ci_id);
      if (ci == store.ecs.container_instances.instances.end()) {
        continue;
      }
      auto instance = store.ec2.instances.instances.find(ci->second.ec2_instance_id);
      if (instance == store.ec2.instances.instances.end()) {
        continue;
      }
      caller = {&account, &region, &store, &instance->second};
      return;
    }
  });
  return caller;
}

// The role of the instance's profile (the profile holds at most one), if both exist.
const iam::Role* profile_role(const state::World& world, const std::string& account, const ec2::Instance& instance,
                              const iam::InstanceProfile** profile_out) {
  const iam::IamState* iam = world.find_iam(account);
  if (iam == nullptr || instance.iam_instance_profile.empty()) {
    return nullptr;
  }
  std::string_view ref = instance.iam_instance_profile;
  std::string_view name = ref.rfind("arn:", 0) == 0 ? ref.substr(ref.rfind('/') + 1) : ref;
  const iam::InstanceProfile* profile = iam->find_instance_profile(name);
  *profile_out = profile;
  if (profile == nullptr || profile->roles.empty()) {
    return nullptr;
  }
  return iam->find_role(profile->roles.front());
}

void add_network(InstanceDocuments& docs, const state::RegionStore& store, const ec2::Instance& instance,
                 const std::string& account, const std::string& region) {
  const auto& net = store.ec2.network;
  std::string mac;
  auto eni = net.network_interfaces.find(instance.network_interface_id);
  if (eni != net.network_interfaces.end()) {
    mac = eni->second.mac_address;
  }
  if (mac.empty()) {
    return;
  }
  std::string local_hostname = ec2::private_dns_name(instance.private_ip, region);
  docs.leaves["meta-data/mac"] = mac;
  std::string base = "meta-data/network/interfaces/macs/" + mac + "/";
  docs.leaves[base + "device-number"] = "0";
  docs.leaves[base + "interface-id"] = instance.network_interface_id;
  docs.leaves[base + "local-hostname"] = local_hostname;
  docs.leaves[base + "local-ipv4s"] = instance.private_ip;
  docs.leaves[base + "mac"] = mac;
  docs.leaves[base + "owner-id"] = account;
  docs.leaves[base + "security-group-ids"] = joined(instance.security_group_ids);
  docs.leaves[base + "subnet-id"] = instance.subnet_id;
  docs.leaves[base + "vpc-id"] = instance.vpc_id;
  if (auto subnet = net.subnets.find(instance.subnet_id); subnet != net.subnets.end()) {
    docs.leaves[base + "subnet-ipv4-cidr-block"] = subnet->second.cidr_block;
    docs.leaves["meta-data/placement/availability-zone-id"] = subnet->second.availability_zone_id;
  }
  if (auto vpc = net.vpcs.find(instance.vpc_id); vpc != net.vpcs.end()) {
    docs.leaves[base + "vpc-ipv4-cidr-block"] = vpc->second.cidr_block;
    docs.leaves[base + "vpc-ipv4-cidr-blocks"] = vpc->second.cidr_block;
  }
  if (!instance.public_ip.empty()) {
    docs.leaves[base + "public-ipv4s"] = instance.public_ip;
  }
}

std::string html_error(int status) {
  std::string_view reason = status == 400   ? "Bad Request"
                            : status == 401 ? "Unauthorized"
                            : status == 403 ? "Forbidden"
                            : status == 405 ? "Method Not Allowed"
                                            : "Not Found";
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n"
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n"
      "\t\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
      "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n"
      " <head>\n  <title>{0} - {1}</title>\n </head>\n <body>\n  <h1>{0} - {1}</h1>\n </body>\n</html>\n",
      status, reason);
}

MetadataAnswer failure(int status) { return {status, html_error(status), "text/html"}; }

// The listing of directory `dir` ("" or ending in '/'): its children, subdirectories with a trailing '/'.
std::optional<std::string> listing(const std::map<std::string, std::string>& leaves, const std::string& dir) {
  std::vector<std::string> children;
  std::set<std::string> seen;
  for (auto it = leaves.lower_bound(dir); it != leaves.end() && it->first.rfind(dir, 0) == 0; ++it) {
    std::string rest = it->first.substr(dir.size());
    std::size_t slash = rest.find('/');
    std::string child = slash == std::string::npos ? rest : rest.substr(0, slash + 1);
    if (seen.insert(child).second) {
      children.push_back(child);
    }
  }
  if (children.empty()) {
    return std::nullopt;
  }
  return joined(children);
}

}  // namespace

bool wants_credentials(std::string_view path) {
  return path.size() > kCredentialsPrefix.size() && path.rfind(kCredentialsPrefix, 0) == 0;
}

std::optional<InstanceDocuments> find_instance_documents(state::World& world, IdSource& ids,
                                                         std::chrono::system_clock::time_point now, std::string_view ip,
                                                         bool credentials) {
  Caller caller = find_caller(world, ip);
  if (caller.instance == nullptr) {
    return std::nullopt;
  }
  ec2::Instance& instance = *caller.instance;
  const std::string& account = *caller.account;
  const std::string& region = *caller.region;
  InstanceDocuments docs;
  docs.instance_id = instance.id;
  docs.endpoint_enabled = instance.metadata_http_endpoint != "disabled";
  docs.tokens_required = instance.metadata_http_tokens == "required";
  auto& leaves = docs.leaves;
  std::string local_hostname = ec2::private_dns_name(instance.private_ip, region);
  leaves["meta-data/ami-id"] = instance.image_id;
  leaves["meta-data/ami-launch-index"] = std::to_string(instance.ami_launch_index);
  leaves["meta-data/ami-manifest-path"] = "(unknown)";
  leaves["meta-data/block-device-mapping/ami"] = "/dev/xvda";
  leaves["meta-data/block-device-mapping/root"] = "/dev/xvda";
  leaves["meta-data/hostname"] = local_hostname;
  leaves["meta-data/instance-action"] = "none";
  leaves["meta-data/instance-id"] = instance.id;
  leaves["meta-data/instance-life-cycle"] = "on-demand";
  leaves["meta-data/instance-type"] = instance.instance_type;
  leaves["meta-data/local-hostname"] = local_hostname;
  leaves["meta-data/local-ipv4"] = instance.private_ip;
  leaves["meta-data/placement/availability-zone"] = instance.availability_zone;
  leaves["meta-data/placement/region"] = region;
  leaves["meta-data/reservation-id"] = instance.reservation_id;
  leaves["meta-data/services/domain"] = "amazonaws.com";
  leaves["meta-data/services/partition"] = "aws";
  if (!instance.public_ip.empty()) {
    leaves["meta-data/public-ipv4"] = instance.public_ip;
  }
  std::vector<std::string> group_names;
  for (const auto& id : instance.security_group_ids) {
    auto group = caller.store->ec2.network.security_groups.find(id);
    group_names.push_back(group == caller.store->ec2.network.security_groups.end() ? id : group->second.name);
  }
  leaves["meta-data/security-groups"] = joined(group_names);
  add_network(docs, *caller.store, instance, account, region);
  if (instance.metadata_tags == "enabled") {
    for (const auto& [key, value] : instance.tags) {
      // Keys with characters IMDS cannot carry in a path are left out, as EC2 does.
      if (key.find_first_of("/ ") == std::string::npos && !key.empty()) {
        leaves["meta-data/tags/instance/" + key] = value;
      }
    }
  }
  if (!instance.user_data.empty()) {
    leaves["user-data"] = protocol::base64_decode(instance.user_data).value_or(instance.user_data);
  }
  json::object identity{{"accountId", account},
                        {"architecture", instance.architecture},
                        {"availabilityZone", instance.availability_zone},
                        {"billingProducts", nullptr},
                        {"devpayProductCodes", nullptr},
                        {"marketplaceProductCodes", nullptr},
                        {"imageId", instance.image_id},
                        {"instanceId", instance.id},
                        {"instanceType", instance.instance_type},
                        {"kernelId", nullptr},
                        {"pendingTime", iso(instance.launched_at)},
                        {"privateIp", instance.private_ip},
                        {"ramdiskId", nullptr},
                        {"region", region},
                        {"version", "2017-09-30"}};
  leaves["dynamic/instance-identity/document"] = json::serialize(identity);

  const iam::InstanceProfile* profile = nullptr;
  const iam::Role* role = profile_role(world, account, instance, &profile);
  if (profile != nullptr) {
    double updated = instance.role_credentials.issued > 0 ? instance.role_credentials.issued : instance.launched_at;
    leaves["meta-data/iam/info"] = json::serialize(json::object{{"Code", "Success"},
                                                                {"LastUpdated", iso(updated)},
                                                                {"InstanceProfileArn", profile->arn},
                                                                {"InstanceProfileId", profile->id}});
  }
  if (role != nullptr) {
    auto& held = instance.role_credentials;
    double at = epoch_seconds(now);
    std::string body;
    if (credentials) {
      if (held.role_arn != role->arn ||
          held.expiration - static_cast<double>(kInstanceCredentialsRefreshSeconds) <= at) {
        try {
          sts::SessionCredentials issued =
              sts::issue_role_session(world, ids, now, role->arn, instance.id, kInstanceCredentialsSeconds);
          held = {role->arn, issued.access_key_id, issued.secret_access_key, issued.session_token,
                  at,        issued.expiration};
        } catch (const aws::ServiceError&) {
          held = {};
        }
      }
      if (!held.access_key_id.empty()) {
        body = json::serialize(json::object{{"Code", "Success"},
                                            {"LastUpdated", iso(held.issued)},
                                            {"Type", "AWS-HMAC"},
                                            {"AccessKeyId", held.access_key_id},
                                            {"SecretAccessKey", held.secret_access_key},
                                            {"Token", held.session_token},
                                            {"Expiration", iso(held.expiration)}});
      }
    }
    // Listed by name; its document is filled only when it was asked for.
    leaves["meta-data/iam/security-credentials/" + role->name] = std::move(body);
  }
  return docs;
}

TokenMinter::TokenMinter(std::string key) : key_(std::move(key)) {}

std::string TokenMinter::signature(std::string_view payload) const {
  std::string mac = auth::hmac_sha256(key_, payload);
  std::string out = protocol::base64_encode(mac);
  return out;
}

std::string TokenMinter::mint(std::string_view instance_id, std::chrono::system_clock::time_point expires) const {
  std::string payload = fmt::format("{}.{}", instance_id, static_cast<long long>(std::floor(epoch_seconds(expires))));
  return protocol::base64_encode(payload) + "." + signature(payload);
}

bool TokenMinter::valid(std::string_view token, std::string_view instance_id,
                        std::chrono::system_clock::time_point now) const {
  std::size_t dot = token.rfind('.');
  if (dot == std::string_view::npos) {
    return false;
  }
  std::optional<std::string> payload = protocol::base64_decode(token.substr(0, dot));
  if (!payload || signature(*payload) != token.substr(dot + 1)) {
    return false;
  }
  std::size_t sep = payload->rfind('.');
  if (sep == std::string::npos || std::string_view(*payload).substr(0, sep) != instance_id) {
    return false;
  }
  long long expires = 0;
  const char* begin = payload->data() + sep + 1;
  const char* end = payload->data() + payload->size();
  if (std::from_chars(begin, end, expires).ptr != end) {
    return false;
  }
  return epoch_seconds(now) < static_cast<double>(expires);
}

MetadataAnswer answer_instance_metadata(const MetadataRequest& request,
                                        const std::optional<InstanceDocuments>& documents, const TokenMinter& tokens,
                                        std::chrono::system_clock::time_point now) {
  if (!documents || !documents->endpoint_enabled) {
    return failure(404);
  }
  const InstanceDocuments& docs = *documents;
  if (request.method == "PUT") {
    if (request.path != "/latest/api/token") {
      return failure(405);
    }
    // IMDS hands no session token to a request that came through a proxy.
    if (request.forwarded) {
      return failure(403);
    }
    long ttl = 0;
    if (!request.ttl || request.ttl->empty() ||
        std::from_chars(request.ttl->data(), request.ttl->data() + request.ttl->size(), ttl).ptr !=
            request.ttl->data() + request.ttl->size() ||
        ttl < 1 || ttl > kMaxTokenTtlSeconds) {
      return failure(400);
    }
    MetadataAnswer answer{200, tokens.mint(docs.instance_id, now + std::chrono::seconds(ttl))};
    answer.ttl = ttl;
    return answer;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    return failure(405);
  }
  if (request.token) {
    if (!tokens.valid(*request.token, docs.instance_id, now)) {
      return failure(401);
    }
  } else if (docs.tokens_required) {
    return failure(401);
  }
  std::string_view path = request.path;
  if (path == "/") {
    return {200, "latest"};
  }
  if (path.rfind("/latest", 0) != 0 || (path.size() > 7 && path[7] != '/')) {
    return failure(404);
  }
  std::string rest(path.substr(std::min<std::size_t>(path.size(), 8)));
  if (rest.empty() || rest.back() == '/') {
    if (auto listed = listing(docs.leaves, rest)) {
      return {200, *listed};
    }
    if (rest.empty()) {
      return failure(404);
    }
    rest.pop_back();
  }
  auto leaf = docs.leaves.find(rest);
  if (leaf != docs.leaves.end() && !leaf->second.empty()) {
    return {200, leaf->second};
  }
  if (leaf == docs.leaves.end()) {
    if (auto listed = listing(docs.leaves, rest + "/")) {
      return {200, *listed};
    }
  }
  return failure(404);
}

}  // namespace ecsemu::taskmeta
