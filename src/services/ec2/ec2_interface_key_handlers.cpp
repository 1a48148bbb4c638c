// Network interfaces and key pairs: Create/Delete/DescribeNetworkInterfaces, CreateKeyPair, ImportKeyPair,
// DescribeKeyPairs, DeleteKeyPair.
#include <algorithm>
#include <random>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "auth/sha256.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "protocol/base64.hpp"
#include "services/ec2/ec2_filters.hpp"
#include "services/ec2/ec2_handlers.hpp"
#include "services/ec2/ec2_input.hpp"
#include "services/ec2/ec2_network_views.hpp"
#include "services/ec2/ec2_state.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;

namespace {

NetworkState& network(aws::RequestContext& ctx) { return ensure_defaults(ctx.store().ec2, ctx.region); }

NetworkInterface& require_eni(NetworkState& net, std::string_view id) {
  auto it = net.network_interfaces.find(std::string(id));
  if (it == net.network_interfaces.end()) {
    throw aws::ServiceError("InvalidNetworkInterfaceID.NotFound",
                            fmt::format("The networkInterface ID '{}' does not exist", id));
  }
  return it->second;
}

json::value create_network_interface_op(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  std::string subnet_id = required(input, "SubnetId");
  const Subnet* subnet = find_subnet(net, subnet_id);
  if (subnet == nullptr) {
    throw aws::ServiceError("InvalidSubnetID.NotFound", fmt::format("The subnet ID '{}' does not exist", subnet_id));
  }
  std::vector<std::string> groups = string_list(input, "Groups");
  for (const auto& id : groups) {
    auto it = net.security_groups.find(id);
    if (it == net.security_groups.end()) {
      throw aws::ServiceError("InvalidGroup.NotFound", fmt::format("The security group '{}' does not exist", id));
    }
    if (it->second.vpc_id != subnet->vpc_id) {
      throw aws::ServiceError(
          "InvalidParameterValue",
          fmt::format("Security group {} and subnet {} belong to different networks.", id, subnet_id));
    }
  }
  TagMap tags = tag_specifications(input, "network-interface");
  std::string wanted_ip = string_member(input, "PrivateIpAddress");
  check_dry_run(input);
  std::string type = string_member(input, "InterfaceType");
  NetworkInterface* eni = nullptr;
  if (!wanted_ip.empty()) {
    if (!claim_private_ip(net, subnet_id, wanted_ip)) {
      throw aws::ServiceError(
          "InvalidIPAddress.InUse",
          fmt::format("The specified address {} is already in use or outside subnet {}.", wanted_ip, subnet_id));
    }
    eni = &create_network_interface(net, subnet_id, groups, string_member(input, "Description"), type);
    release_private_ip(net, subnet_id, eni->private_ip);
    eni->private_ip = wanted_ip;
  } else {
    eni = &create_network_interface(net, subnet_id, groups, string_member(input, "Description"), type);
  }
  eni->tags = std::move(tags);
  json::object out{{"NetworkInterface", network_interface_view(*eni, net, ctx.account_id, ctx.region)}};
  if (has_member(input, "ClientToken")) {
    out["ClientToken"] = string_member(input, "ClientToken");
  }
  return out;
}

json::value delete_network_interface_op(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  NetworkInterface& eni = require_eni(net, required(input, "NetworkInterfaceId"));
  if (eni.status == "in-use") {
    throw aws::ServiceError("InvalidNetworkInterface.InUse",
                            fmt::format("Network interface '{}' is currently in use.", eni.id));
  }
  check_dry_run(input);
  delete_network_interface(net, eni.id);
  return json::object{};
}

json::value describe_network_interfaces(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  NetworkState& net = network(ctx);
  FilterSet filters(input,
                    {"addresses.private-ip-address",
                     "attachment.attachment-id",
                     "attachment.instance-id",
                     "attachment.status",
                     "availability-zone",
                     "description",
                     "group-id",
                     "group-name",
                     "interface-type",
                     "mac-address",
                     "network-interface-id",
                     "owner-id",
                     "private-ip-address",
                     "private-dns-name",
                     "requester-managed",
                     "status",
                     "subnet-id",
                     "vpc-id",
                     "tag-key",
                     "tag-value"},
                    true);
  std::vector<std::string> ids = string_list(input, "NetworkInterfaceIds");
  for (const auto& id : ids) {
    require_eni(net, id);
  }
  std::vector<const NetworkInterface*> matched;
  for (const auto& [id, eni] : net.network_interfaces) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (auto tags = tag_filter_values(eni.tags, f)) {
        return *tags;
      }
      if (f == "addresses.private-ip-address" || f == "private-ip-address") {
        return {eni.private_ip};
      }
      if (f == "attachment.attachment-id") {
        return {eni.attachment_id};
      }
      if (f == "attachment.instance-id") {
        return {eni.attached_instance_id};
      }
      if (f == "attachment.status") {
        return {eni.attachment_id.empty() ? "detached" : "attached"};
      }
      if (f == "availability-zone") {
        return {eni.availability_zone};
      }
      if (f == "description") {
        return {eni.description};
      }
      if (f == "group-id") {
        return eni.security_group_ids;
      }
      if (f == "group-name") {
        std::vector<std::string> names;
        for (const auto& g : eni.security_group_ids) {
          if (auto it = net.security_groups.find(g); it != net.security_groups.end()) {
            names.push_back(it->second.name);
          }
        }
        return names;
      }
      if (f == "interface-type") {
        return {eni.interface_type};
      }
      if (f == "mac-address") {
        return {eni.mac_address};
      }
      if (f == "network-interface-id") {
        return {eni.id};
      }
      if (f == "owner-id") {
        return {ctx.account_id};
      }
      if (f == "private-dns-name") {
        return {private_dns_name(eni.private_ip, ctx.region)};
      }
      if (f == "requester-managed") {
        return {eni.requester_managed ? "true" : "false"};
      }
      if (f == "status") {
        return {eni.status};
      }
      if (f == "subnet-id") {
        return {eni.subnet_id};
      }
      return {eni.vpc_id};
    });
    if (keep) {
      matched.push_back(&eni);
    }
  }
  std::string next;
  auto page = paginate(
      matched, input, [](const NetworkInterface* e) { return e->id; }, next);
  json::array out;
  for (const NetworkInterface* eni : page) {
    out.push_back(network_interface_view(*eni, net, ctx.account_id, ctx.region));
  }
  json::object result{{"NetworkInterfaces", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

// A colon-separated hex fingerprint of `bytes` (the first `length` bytes of its SHA-256).
std::string fingerprint_of(std::string_view bytes, std::size_t length) {
  auto digest = auth::detail::sha256(bytes);
  std::string out;
  for (std::size_t i = 0; i < length && i < digest.size(); ++i) {
    out += fmt::format("{}{:02x}", i == 0 ? "" : ":", digest[i]);
  }
  return out;
}

bool valid_key_name(std::string_view name) {
  return !name.empty() && name.size() <= 255 &&
         std::all_of(name.begin(), name.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

KeyPair& add_key(aws::RequestContext& ctx, NetworkState& net, const std::string& name, const json::object& input) {
  if (!valid_key_name(name)) {
    throw aws::ServiceError("InvalidParameterValue", fmt::format("Value ({}) for parameter keyName is invalid.", name));
  }
  if (net.key_pairs.count(name) != 0) {
    throw aws::ServiceError("InvalidKeyPair.Duplicate", fmt::format("The keypair '{}' already exists.", name));
  }
  TagMap tags = tag_specifications(input, "key-pair");
  check_dry_run(input);
  KeyPair key;
  key.id = new_resource_id("key");
  key.name = name;
  key.created_at = now_of(ctx);
  key.tags = std::move(tags);
  return net.key_pairs[name] = std::move(key);
}

json::value create_key_pair(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  std::string name = required(input, "KeyName");
  std::string type = string_member(input, "KeyType");
  if (type.empty()) {
    type = "rsa";
  }
  KeyPair& key = add_key(ctx, net, name, input);
  key.key_type = type;
  // ecsemu has no SSH to offer: the material is random bytes in the PEM/OpenSSH envelope AWS uses.
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::string secret(type == "ed25519" ? 64 : 1190, '\0');
  for (auto& c : secret) {
    c = static_cast<char>(engine() & 0xff);
  }
  std::string body = protocol::base64_encode(secret);
  std::string wrapped;
  for (std::size_t i = 0; i < body.size(); i += 64) {
    wrapped += body.substr(i, 64) + "\n";
  }
  std::string material = type == "ed25519"
                             ? "-----BEGIN OPENSSH PRIVATE KEY-----\n" + wrapped + "-----END OPENSSH PRIVATE KEY-----"
                             : "-----BEGIN RSA PRIVATE KEY-----\n" + wrapped + "-----END RSA PRIVATE KEY-----";
  key.fingerprint = fingerprint_of(secret, type == "ed25519" ? 32 : 20);
  key.public_key = (type == "ed25519" ? "ssh-ed25519 " : "ssh-rsa ") +
                   protocol::base64_encode(secret.substr(0, type == "ed25519" ? 32 : 270)) + " " + name;
  if (type == "ed25519") {
    key.fingerprint =
        protocol::base64_encode(std::string(reinterpret_cast<const char*>(auth::detail::sha256(secret).data()), 32));
    key.fingerprint.erase(key.fingerprint.find_last_not_of('=') + 1);
  }
  json::object out{
      {"KeyFingerprint", key.fingerprint}, {"KeyMaterial", material}, {"KeyName", key.name}, {"KeyPairId", key.id}};
  if (!key.tags.empty()) {
    out["Tags"] = tags_view(key.tags);
  }
  return out;
}

json::value import_key_pair(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  std::string name = required(input, "KeyName");
  std::string material = string_member(input, "PublicKeyMaterial");
  std::string type;
  if (material.rfind("ssh-rsa ", 0) == 0) {
    type = "rsa";
  } else if (material.rfind("ssh-ed25519 ", 0) == 0) {
    type = "ed25519";
  } else {
    throw aws::ServiceError("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
  }
  KeyPair& key = add_key(ctx, net, name, input);
  key.key_type = type;
  while (!material.empty() && (material.back() == '\n' || material.back() == '\r')) {
    material.pop_back();
  }
  key.public_key = material;
  key.fingerprint = fingerprint_of(material, 16);
  json::object out{{"KeyFingerprint", key.fingerprint}, {"KeyName", key.name}, {"KeyPairId", key.id}};
  if (!key.tags.empty()) {
    out["Tags"] = tags_view(key.tags);
  }
  return out;
}

json::value describe_key_pairs(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  NetworkState& net = network(ctx);
  FilterSet filters(input, {"key-pair-id", "fingerprint", "key-name", "key-type", "tag-key", "tag-value"}, true);
  std::vector<std::string> names = string_list(input, "KeyNames");
  std::vector<std::string> ids = string_list(input, "KeyPairIds");
  for (const auto& name : names) {
    if (net.key_pairs.count(name) == 0) {
      throw aws::ServiceError("InvalidKeyPair.NotFound", fmt::format("The key pair '{}' does not exist", name));
    }
  }
  for (const auto& id : ids) {
    if (std::none_of(net.key_pairs.begin(), net.key_pairs.end(), [&](const auto& kv) { return kv.second.id == id; })) {
      throw aws::ServiceError("InvalidKeyPair.NotFound", fmt::format("The key pair '{}' does not exist", id));
    }
  }
  bool include_public = bool_member(input, "IncludePublicKey");
  json::array out;
  for (const auto& [name, key] : net.key_pairs) {
    bool named = std::find(names.begin(), names.end(), name) != names.end();
    bool by_id = std::find(ids.begin(), ids.end(), key.id) != ids.end();
    if ((!names.empty() || !ids.empty()) && !named && !by_id) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (auto tags = tag_filter_values(key.tags, f)) {
        return *tags;
      }
      if (f == "key-pair-id") {
        return {key.id};
      }
      if (f == "fingerprint") {
        return {key.fingerprint};
      }
      if (f == "key-type") {
        return {key.key_type};
      }
      return {key.name};
    });
    if (keep) {
      out.push_back(key_pair_view(key, include_public));
    }
  }
  return json::object{{"KeyPairs", std::move(out)}};
}

json::value delete_key_pair(aws::RequestContext& ctx, const json::object& input) {
  NetworkState& net = network(ctx);
  std::string name = string_member(input, "KeyName");
  std::string id = string_member(input, "KeyPairId");
  if (name.empty() && id.empty()) {
    throw aws::ServiceError("MissingParameter", "The request must contain the parameter KeyName or KeyPairId");
  }
  check_dry_run(input);
  // Deleting a key pair that does not exist succeeds on AWS.
  for (auto it = net.key_pairs.begin(); it != net.key_pairs.end(); ++it) {
    if ((!name.empty() && it->first == name) || (!id.empty() && it->second.id == id)) {
      std::string key_id = it->second.id;
      net.key_pairs.erase(it);
      return json::object{{"Return", true}, {"KeyPairId", key_id}};
    }
  }
  return json::object{{"Return", true}};
}

}  // namespace

void register_interface_key_operations(aws::OperationRegistry& registry) {
  registry.add("ec2", "CreateNetworkInterface", &create_network_interface_op);
  registry.add("ec2", "DeleteNetworkInterface", &delete_network_interface_op);
  registry.add("ec2", "DescribeNetworkInterfaces", &describe_network_interfaces);
  registry.add("ec2", "CreateKeyPair", &create_key_pair);
  registry.add("ec2", "ImportKeyPair", &import_key_pair);
  registry.add("ec2", "DescribeKeyPairs", &describe_key_pairs);
  registry.add("ec2", "DeleteKeyPair", &delete_key_pair);
}

}  // namespace ecsemu::ec2
