#include "services/ec2/ec2_instance_views.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "services/ec2/ec2_input.hpp"
#include "services/ec2/ec2_instance_types.hpp"
#include "services/ec2/ec2_network_views.hpp"
#include "services/ec2/ec2_regions.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;

std::string public_dns_name(std::string_view ip, std::string_view region) {
  if (ip.empty()) {
    return "";
  }
  std::string dashed(ip);
  std::replace(dashed.begin(), dashed.end(), '.', '-');
  if (region == "us-east-1") {
    return fmt::format("ec2-{}.compute-1.amazonaws.com", dashed);
  }
  return fmt::format("ec2-{}.{}.compute.amazonaws.com", dashed, region);
}

namespace {

json::array block_devices_view(const Instance& instance) {
  json::array out;
  for (const auto& device : instance.block_devices) {
    out.push_back(json::object{{"DeviceName", device.device},
                               {"Ebs", json::object{{"AttachTime", device.attach_time},
                                                    {"DeleteOnTermination", device.delete_on_termination},
                                                    {"Status", "attached"},
                                                    {"VolumeId", device.volume_id}}}});
  }
  return out;
}

std::string zone_id(std::string_view region, std::string_view zone) {
  for (const auto& [name, id] : zones_for(region)) {
    if (name == zone) {
      return id;
    }
  }
  return "";
}

json::array groups_view(const Instance& instance, const NetworkState& net) {
  json::array out;
  for (const auto& id : instance.security_group_ids) {
    auto it = net.security_groups.find(id);
    out.push_back(json::object{{"GroupId", id}, {"GroupName", it == net.security_groups.end() ? "" : it->second.name}});
  }
  return out;
}

}  // namespace

std::string instance_profile_arn(std::string_view profile, std::string_view account) {
  if (profile.rfind("arn:", 0) == 0) {
    return std::string(profile);
  }
  return fmt::format("arn:aws:iam::{}:instance-profile/{}", account, profile);
}

json::object metadata_options_view(const Instance& instance) {
  return json::object{{"State", "applied"},
                      {"HttpTokens", instance.metadata_http_tokens},
                      {"HttpPutResponseHopLimit", instance.metadata_hop_limit},
                      {"HttpEndpoint", instance.metadata_http_endpoint},
                      {"HttpProtocolIpv6", instance.metadata_protocol_ipv6},
                      {"InstanceMetadataTags", instance.metadata_tags}};
}

json::object instance_state_view(InstanceStateName state) {
  return json::object{{"Code", state_code(state)}, {"Name", state_name(state)}};
}

json::object instance_view(const Instance& instance, const NetworkState& net, std::string_view account,
                           std::string_view region) {
  bool terminated = instance.state == InstanceStateName::Terminated;
  const InstanceTypeInfo* type = find_instance_type(instance.instance_type);
  json::object out{{"AmiLaunchIndex", instance.ami_launch_index},
                   {"ImageId", instance.image_id},
                   {"InstanceId", instance.id},
                   {"InstanceType", instance.instance_type},
                   {"LaunchTime", instance.launched_at},
                   {"Monitoring", json::object{{"State", "disabled"}}},
                   {"Placement", json::object{{"AvailabilityZone", instance.availability_zone},
                                              {"AvailabilityZoneId", zone_id(region, instance.availability_zone)},
                                              {"GroupName", ""},
                                              {"Tenancy", "default"}}},
                   {"ProductCodes", json::array{}},
                   {"State", instance_state_view(instance.state)},
                   {"StateTransitionReason", instance.transition_reason},
                   {"Architecture", instance.architecture},
                   {"BlockDeviceMappings", block_devices_view(instance)},
                   {"ClientToken", instance.client_token},
                   {"EbsOptimized", false},
                   {"EnaSupport", true},
                   {"Hypervisor", "xen"},
                   {"RootDeviceName", instance.root_device_name},
                   {"RootDeviceType", "ebs"},
                   {"SecurityGroups", groups_view(instance, net)},
                   {"VirtualizationType", "hvm"},
                   {"PlatformDetails", "Linux/UNIX"},
                   {"UsageOperation", "RunInstances"},
                   {"CpuOptions", json::object{{"CoreCount", type != nullptr && type->vcpus > 1 ? type->vcpus / 2 : 1},
                                               {"ThreadsPerCore", type != nullptr && type->vcpus > 1 ? 2 : 1}}}};
  if (!instance.key_name.empty()) {
    out["KeyName"] = instance.key_name;
  }
  out["MetadataOptions"] = metadata_options_view(instance);
  if (!instance.iam_instance_profile.empty()) {
    out["IamInstanceProfile"] = json::object{{"Arn", instance_profile_arn(instance.iam_instance_profile, account)},
                                             {"Id", "AIPA" + instance.id.substr(2, 17)}};
  }
  if (!instance.state_reason_code.empty()) {
    out["StateReason"] = json::object{{"Code", instance.state_reason_code}, {"Message", instance.state_reason_message}};
  }
  if (!instance.tags.empty()) {
    out["Tags"] = tags_view(instance.tags);
  }
  if (terminated) {
    out["PrivateDnsName"] = "";
    out["PublicDnsName"] = "";
    out["NetworkInterfaces"] = json::array{};
    return out;
  }
  std::string dns = private_dns_name(instance.private_ip, region);
  out["PrivateDnsName"] = dns;
  out["PrivateIpAddress"] = instance.private_ip;
  out["PublicDnsName"] = public_dns_name(instance.public_ip, region);
  if (!instance.public_ip.empty()) {
    out["PublicIpAddress"] = instance.public_ip;
  }
  out["SubnetId"] = instance.subnet_id;
  out["VpcId"] = instance.vpc_id;
  out["SourceDestCheck"] = instance.source_dest_check;
  json::array enis;
  if (auto it = net.network_interfaces.find(instance.network_interface_id); it != net.network_interfaces.end()) {
    const NetworkInterface& eni = it->second;
    // The ENI as DescribeNetworkInterfaces shows it, less what InstanceNetworkInterface does not have.
    json::object e = network_interface_view(eni, net, account, region);
    for (const char* member : {"AvailabilityZone", "AvailabilityZoneId", "RequesterManaged", "TagSet"}) {
      e.erase(member);
    }
    e["Attachment"] = json::object{{"AttachTime", eni.attach_time},
                                   {"AttachmentId", eni.attachment_id},
                                   {"DeleteOnTermination", eni.delete_on_termination},
                                   {"DeviceIndex", 0},
                                   {"Status", "attached"},
                                   {"NetworkCardIndex", 0}};
    e["Groups"] = groups_view(instance, net);
    e["InterfaceType"] = "interface";
    if (!instance.public_ip.empty()) {
      json::object association{{"IpOwnerId", "amazon"},
                               {"PublicDnsName", public_dns_name(instance.public_ip, region)},
                               {"PublicIp", instance.public_ip}};
      e["Association"] = association;
      e["PrivateIpAddresses"].as_array()[0].as_object()["Association"] = association;
    }
    enis.push_back(std::move(e));
  }
  out["NetworkInterfaces"] = std::move(enis);
  return out;
}

json::object instance_status_view(const Instance& instance, std::string_view region) {
  bool running = instance.state == InstanceStateName::Running;
  auto summary = [&] {
    if (!running) {
      return json::object{{"Status", "not-applicable"}};
    }
    return json::object{{"Status", "ok"},
                        {"Details", json::array{json::object{{"Name", "reachability"}, {"Status", "passed"}}}}};
  };
  return json::object{{"AvailabilityZone", instance.availability_zone},
                      {"AvailabilityZoneId", zone_id(region, instance.availability_zone)},
                      {"InstanceId", instance.id},
                      {"InstanceState", instance_state_view(instance.state)},
                      {"InstanceStatus", summary()},
                      {"SystemStatus", summary()},
                      {"Events", json::array{}}};
}

json::object volume_view(const Volume& volume, std::string_view region) {
  json::array attachments;
  if (volume.attachment) {
    attachments.push_back(volume_attachment_view(volume, "attached"));
  }
  json::object out{{"VolumeId", volume.id},
                   {"Size", volume.size_gib},
                   {"AvailabilityZone", volume.availability_zone},
                   {"AvailabilityZoneId", zone_id(region, volume.availability_zone)},
                   {"State", volume.attachment ? "in-use" : "available"},
                   {"CreateTime", volume.create_time},
                   {"Attachments", std::move(attachments)},
                   {"VolumeType", volume.volume_type},
                   {"Encrypted", volume.encrypted},
                   {"MultiAttachEnabled", false},
                   {"SnapshotId", volume.snapshot_id}};
  if (volume.volume_type == "gp3" || volume.volume_type == "io1" || volume.volume_type == "io2" ||
      volume.volume_type == "gp2") {
    // gp2's baseline is 3 IOPS per GiB (at least 100, at most 16,000); gp3's 3,000.
    int baseline = volume.volume_type == "gp2" ? std::clamp(volume.size_gib * 3, 100, 16000) : 3000;
    out["Iops"] = volume.iops > 0 ? volume.iops : baseline;
  }
  if (volume.volume_type == "gp3") {
    out["Throughput"] = volume.throughput > 0 ? volume.throughput : 125;
  }
  if (!volume.kms_key_id.empty()) {
    out["KmsKeyId"] = volume.kms_key_id;
  }
  if (!volume.tags.empty()) {
    out["Tags"] = tags_view(volume.tags);
  }
  return out;
}

json::object volume_attachment_view(const Volume& volume, std::string_view state) {
  json::object out{{"VolumeId", volume.id}, {"State", state}};
  if (volume.attachment) {
    out["InstanceId"] = volume.attachment->instance_id;
    out["Device"] = volume.attachment->device;
    out["AttachTime"] = volume.attachment->attach_time;
    out["DeleteOnTermination"] = volume.attachment->delete_on_termination;
  }
  return out;
}

}  // namespace ecsemu::ec2
