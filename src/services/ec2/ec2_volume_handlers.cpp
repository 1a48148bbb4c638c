// EBS volume operations: CreateVolume, DescribeVolumes, DeleteVolume, AttachVolume, DetachVolume.
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_filters.hpp"
#include "services/ec2/ec2_handlers.hpp"
#include "services/ec2/ec2_input.hpp"
#include "services/ec2/ec2_instance_views.hpp"
#include "services/ec2/ec2_instances.hpp"
#include "services/ec2/ec2_regions.hpp"
#include "services/ec2/ec2_volumes.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;

namespace {

Volume& require_volume(InstanceState& state, std::string_view id) {
  if (!well_formed_id(id, "vol")) {
    throw aws::ServiceError("InvalidVolumeID.Malformed", fmt::format("Invalid id: \"{}\" (expecting \"vol-...\")", id));
  }
  auto it = state.volumes.find(std::string(id));
  if (it == state.volumes.end()) {
    throw aws::ServiceError("InvalidVolume.NotFound", fmt::format("The volume '{}' does not exist.", id));
  }
  return it->second;
}

Instance& require_instance(InstanceState& state, std::string_view id) {
  Instance* instance = find_instance(state, id);
  if (instance == nullptr || instance->state == InstanceStateName::Terminated) {
    throw aws::ServiceError("InvalidInstanceID.NotFound", fmt::format("The instance ID '{}' does not exist", id));
  }
  return *instance;
}

json::value create_volume_op(aws::RequestContext& ctx, const json::object& input) {
  state::RegionStore& store = current(ctx);
  std::string zone = string_member(input, "AvailabilityZone");
  std::string zone_id = string_member(input, "AvailabilityZoneId");
  if (zone.empty() && zone_id.empty()) {
    throw aws::ServiceError("MissingParameter", "The request must contain the parameter AvailabilityZone");
  }
  auto zones = zones_for(ctx.region);
  auto known = std::find_if(zones.begin(), zones.end(), [&](const auto& z) {
    return (zone.empty() || z.first == zone) && (zone_id.empty() || z.second == zone_id);
  });
  if (known == zones.end()) {
    throw aws::ServiceError("InvalidZone.NotFound",
                            fmt::format("The zone '{}' does not exist.", zone.empty() ? zone_id : zone));
  }
  VolumeRequest request;
  request.volume_type = string_member(input, "VolumeType");
  if (request.volume_type.empty()) {
    request.volume_type = "gp2";  // CreateVolume's documented default
  }
  request.size_gib = static_cast<int>(int_member(input, "Size").value_or(0));
  request.snapshot_id = string_member(input, "SnapshotId");
  if (!request.snapshot_id.empty()) {
    auto snapshot = store.ec2.images.snapshots.find(request.snapshot_id);
    if (snapshot == store.ec2.images.snapshots.end()) {
      throw aws::ServiceError("InvalidSnapshot.NotFound",
                              fmt::format("The snapshot '{}' does not exist.", request.snapshot_id));
    }
    if (request.size_gib == 0) {
      request.size_gib = snapshot->second.volume_gib;
    }
  }
  if (request.size_gib == 0) {
    throw aws::ServiceError("MissingParameter", "The request must contain the parameter size/snapshotId");
  }
  check_volume_type_and_size(request.volume_type, request.size_gib);
  request.iops = static_cast<int>(int_member(input, "Iops").value_or(0));
  request.throughput = static_cast<int>(int_member(input, "Throughput").value_or(0));
  request.encrypted = bool_member(input, "Encrypted");
  request.kms_key_id = string_member(input, "KmsKeyId");
  TagMap tags = tag_specifications(input, "volume");
  check_dry_run(input);
  Volume& volume = create_volume(store.ec2.instances, known->first, request, now_of(ctx));
  volume.tags = std::move(tags);
  return volume_view(volume, ctx.region);
}

json::value describe_volumes(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  state::RegionStore& store = current(ctx);
  InstanceState& state = store.ec2.instances;
  FilterSet filters(
      input,
      {"attachment.delete-on-termination", "attachment.device", "attachment.instance-id", "attachment.status",
       "availability-zone", "availability-zone-id", "encrypted", "multi-attach-enabled", "size", "snapshot-id",
       "status", "volume-id", "volume-type", "tag-key", "tag-value"},
      true);
  std::vector<std::string> ids = string_list(input, "VolumeIds");
  for (const auto& id : ids) {
    require_volume(state, id);
  }
  std::vector<const Volume*> matched;
  for (const auto& [id, volume] : state.volumes) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (auto tags = tag_filter_values(volume.tags, f)) {
        return *tags;
      }
      const auto& a = volume.attachment;
      if (f == "attachment.delete-on-termination") {
        return a ? std::vector<std::string>{a->delete_on_termination ? "true" : "false"} : std::vector<std::string>{};
      }
      if (f == "attachment.device") {
        return a ? std::vector<std::string>{a->device} : std::vector<std::string>{};
      }
      if (f == "attachment.instance-id") {
        return a ? std::vector<std::string>{a->instance_id} : std::vector<std::string>{};
      }
      if (f == "attachment.status") {
        return a ? std::vector<std::string>{"attached"} : std::vector<std::string>{};
      }
      if (f == "availability-zone") {
        return {volume.availability_zone};
      }
      if (f == "availability-zone-id") {
        for (const auto& [name, zone_id] : zones_for(ctx.region)) {
          if (name == volume.availability_zone) {
            return {zone_id};
          }
        }
        return {};
      }
      if (f == "encrypted") {
        return {volume.encrypted ? "true" : "false"};
      }
      if (f == "multi-attach-enabled") {
        return {"false"};
      }
      if (f == "size") {
        return {std::to_string(volume.size_gib)};
      }
      if (f == "snapshot-id") {
        return {volume.snapshot_id};
      }
      if (f == "status") {
        return {a ? "in-use" : "available"};
      }
      if (f == "volume-type") {
        return {volume.volume_type};
      }
      return {volume.id};
    });
    if (keep) {
      matched.push_back(&volume);
    }
  }
  std::string next;
  auto page = paginate(
      matched, input, [](const Volume* v) { return v->id; }, next);
  json::array out;
  for (const Volume* volume : page) {
    out.push_back(volume_view(*volume, ctx.region));
  }
  json::object result{{"Volumes", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

json::value delete_volume_op(aws::RequestContext& ctx, const json::object& input) {
  state::RegionStore& store = current(ctx);
  Volume& volume = require_volume(store.ec2.instances, required(input, "VolumeId"));
  if (volume.attachment) {
    throw aws::ServiceError(
        "VolumeInUse", fmt::format("Volume {} is currently attached to {}", volume.id, volume.attachment->instance_id));
  }
  check_dry_run(input);
  std::string id = volume.id;
  store.ec2.instances.volumes.erase(id);
  return json::object{};
}

json::value attach_volume_op(aws::RequestContext& ctx, const json::object& input) {
  state::RegionStore& store = current(ctx);
  std::string device = required(input, "Device");
  Instance& instance = require_instance(store.ec2.instances, required(input, "InstanceId"));
  Volume& volume = require_volume(store.ec2.instances, required(input, "VolumeId"));
  if (volume.attachment) {
    throw aws::ServiceError("VolumeInUse", fmt::format("{} is already attached to an instance", volume.id));
  }
  if (volume.availability_zone != instance.availability_zone) {
    throw aws::ServiceError(
        "InvalidVolume.ZoneMismatch",
        fmt::format("The volume '{}' is not in the same availability zone as instance '{}'", volume.id, instance.id));
  }
  if (instance.state == InstanceStateName::ShuttingDown) {
    throw aws::ServiceError("IncorrectState", fmt::format("Instance '{}' is not 'running'.", instance.id));
  }
  bool taken = std::any_of(instance.block_devices.begin(), instance.block_devices.end(),
                           [&](const BlockDevice& d) { return d.device == device; });
  if (taken) {
    throw aws::ServiceError("InvalidParameterValue", fmt::format("Attachment point {} is already in use", device));
  }
  check_dry_run(input);
  // A volume attached after launch is kept when the instance terminates unless ModifyInstanceAttribute says not.
  attach_volume(instance, volume, device, false, now_of(ctx));
  return volume_attachment_view(volume, "attaching");
}

json::value detach_volume_op(aws::RequestContext& ctx, const json::object& input) {
  state::RegionStore& store = current(ctx);
  Volume& volume = require_volume(store.ec2.instances, required(input, "VolumeId"));
  std::string instance_id = string_member(input, "InstanceId");
  std::string device = string_member(input, "Device");
  if (!volume.attachment) {
    throw aws::ServiceError("IncorrectState", fmt::format("Volume '{}' is in the 'available' state.", volume.id));
  }
  const VolumeAttachment& attachment = *volume.attachment;
  if ((!instance_id.empty() && instance_id != attachment.instance_id) ||
      (!device.empty() && device != attachment.device)) {
    throw aws::ServiceError("InvalidAttachment.NotFound",
                            fmt::format("The volume {} is not attached to instance {} as device {}", volume.id,
                                        instance_id.empty() ? attachment.instance_id : instance_id,
                                        device.empty() ? attachment.device : device));
  }
  Instance* instance = find_instance(store.ec2.instances, attachment.instance_id);
  if (instance != nullptr && attachment.device == instance->root_device_name &&
      instance->state == InstanceStateName::Running) {
    throw aws::ServiceError("OperationNotPermitted", fmt::format("Unable to detach root volume '{}' from instance '{}'",
                                                                 volume.id, instance->id));
  }
  check_dry_run(input);
  json::object out = volume_attachment_view(volume, "detaching");
  if (instance != nullptr) {
    detach_volume(*instance, volume);
  } else {
    volume.attachment.reset();
  }
  return out;
}

}  // namespace

void register_volume_operations(aws::OperationRegistry& registry) {
  registry.add("ec2", "CreateVolume", &create_volume_op);
  registry.add("ec2", "DescribeVolumes", &describe_volumes);
  registry.add("ec2", "DeleteVolume", &delete_volume_op);
  registry.add("ec2", "AttachVolume", &attach_volume_op);
  registry.add("ec2", "DetachVolume", &detach_volume_op);
}

}  // namespace ecsemu::ec2
