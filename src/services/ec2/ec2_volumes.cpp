#include "services/ec2/ec2_volumes.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/ec2/ec2_public_images.hpp"

namespace ecsemu::ec2 {

namespace json = boost::json;
using namespace aws::members;

namespace {

struct TypeRange {
  std::string_view type;
  int min_gib;
  int max_gib;
};

// EbsBlockDevice.VolumeSize in the EC2 API reference: the sizes each volume type supports.
constexpr TypeRange kTypes[] = {{"gp2", 1, 16384},   {"gp3", 1, 65536},   {"io1", 4, 16384},    {"io2", 4, 65536},
                                {"st1", 125, 16384}, {"sc1", 125, 16384}, {"standard", 1, 1024}};

void apply_ebs(VolumeRequest& request, const json::object& ebs, const ImageState& images) {
  if (auto size = int_member(ebs, "VolumeSize")) {
    request.size_gib = static_cast<int>(*size);
  }
  if (const auto* type = ebs.if_contains("VolumeType"); type != nullptr && type->is_string()) {
    request.volume_type = std::string(type->as_string());
  }
  if (auto iops = int_member(ebs, "Iops")) {
    request.iops = static_cast<int>(*iops);
  }
  if (auto throughput = int_member(ebs, "Throughput")) {
    request.throughput = static_cast<int>(*throughput);
  }
  if (const auto* encrypted = ebs.if_contains("Encrypted"); encrypted != nullptr && encrypted->is_bool()) {
    request.encrypted = encrypted->as_bool();
  }
  if (const auto* key = ebs.if_contains("KmsKeyId"); key != nullptr && key->is_string()) {
    request.kms_key_id = std::string(key->as_string());
  }
  if (const auto* keep = ebs.if_contains("DeleteOnTermination"); keep != nullptr && keep->is_bool()) {
    request.delete_on_termination = keep->as_bool();
  }
  if (const auto* snapshot = ebs.if_contains("SnapshotId"); snapshot != nullptr && snapshot->is_string()) {
    std::string id(snapshot->as_string());
    auto it = images.snapshots.find(id);
    if (it == images.snapshots.end()) {
      throw aws::ServiceError("InvalidSnapshot.NotFound", fmt::format("The snapshot '{}' does not exist.", id));
    }
    request.snapshot_id = id;
    if (!int_member(ebs, "VolumeSize")) {
      request.size_gib = it->second.volume_gib;
    }
  }
}

}  // namespace

void check_volume_type_and_size(std::string_view volume_type, int size_gib) {
  const auto* range =
      std::find_if(std::begin(kTypes), std::end(kTypes), [&](const TypeRange& t) { return t.type == volume_type; });
  if (range == std::end(kTypes)) {
    throw aws::ServiceError("InvalidParameterValue",
                            fmt::format("Value ({}) for parameter volumeType is invalid. Valid values: gp2, gp3, io1, "
                                        "io2, st1, sc1, standard.",
                                        volume_type));
  }
  if (size_gib < range->min_gib || size_gib > range->max_gib) {
    throw aws::ServiceError("InvalidParameterValue",
                            fmt::format("Volume of {}GiB is {} for the {} volume type; the size must be between "
                                        "{}GiB and {}GiB.",
                                        size_gib, size_gib < range->min_gib ? "too small" : "too large", volume_type,
                                        range->min_gib, range->max_gib));
  }
}

VolumeRequest root_device_of(const ImageState& images, std::string_view image_id, std::string_view region) {
  VolumeRequest root;
  root.device = "/dev/xvda";
  root.size_gib = 8;
  if (auto it = images.images.find(std::string(image_id)); it != images.images.end()) {
    root.device = it->second.root_device_name;
    root.size_gib = it->second.root_volume_gib;
    root.snapshot_id = it->second.snapshot_id;
    root.volume_type = it->second.volume_type;
  } else if (const PublicImage* image = find_public_image(image_id, region)) {
    root.device = std::string(image->root_device_name);
    root.size_gib = image->root_volume_gib;
  }
  return root;
}

std::vector<VolumeRequest> launch_volumes(const ImageState& images, const VolumeRequest& root,
                                          const json::array& mappings) {
  std::vector<VolumeRequest> out{root};
  for (const auto& item : mappings) {
    if (!item.is_object()) {
      continue;
    }
    const json::object& mapping = item.as_object();
    std::string device(string_member(mapping, "DeviceName"));
    if (device.empty()) {
      throw aws::ServiceError("MissingParameter", "The request must contain the parameter deviceName");
    }
    if (mapping.contains("NoDevice") || mapping.contains("VirtualName")) {
      if (device != root.device) {
        std::erase_if(out, [&](const VolumeRequest& r) { return r.device == device; });
      }
      continue;
    }
    const auto* ebs = mapping.if_contains("Ebs");
    if (ebs == nullptr || !ebs->is_object()) {
      throw aws::ServiceError("MissingParameter", "The request must contain the parameter ebs");
    }
    auto same = std::find_if(out.begin(), out.end(), [&](const VolumeRequest& r) { return r.device == device; });
    if (same == out.end()) {
      VolumeRequest extra;
      extra.device = device;
      apply_ebs(extra, ebs->as_object(), images);
      if (extra.size_gib == 0) {
        throw aws::ServiceError("MissingParameter", "The request must contain the parameter size or snapshotId");
      }
      out.push_back(std::move(extra));
    } else {
      apply_ebs(*same, ebs->as_object(), images);
    }
  }
  for (const auto& request : out) {
    check_volume_type_and_size(request.volume_type, request.size_gib);
  }
  return out;
}

Volume& create_volume(InstanceState& state, std::string zone, const VolumeRequest& request, double now) {
  Volume volume;
  volume.id = new_resource_id("vol");
  volume.availability_zone = std::move(zone);
  volume.volume_type = request.volume_type;
  volume.size_gib = request.size_gib;
  volume.iops = request.iops;
  volume.throughput = request.throughput;
  volume.encrypted = request.encrypted || !request.kms_key_id.empty();
  volume.kms_key_id = request.kms_key_id;
  volume.snapshot_id = request.snapshot_id;
  volume.create_time = now;
  std::string id = volume.id;
  return state.volumes[id] = std::move(volume);
}

void attach_volume(Instance& instance, Volume& volume, std::string device, bool delete_on_termination, double now) {
  volume.attachment = VolumeAttachment{instance.id, device, now, delete_on_termination};
  instance.block_devices.push_back(BlockDevice{std::move(device), volume.id, now, delete_on_termination});
}

void detach_volume(Instance& instance, Volume& volume) {
  if (!volume.attachment || volume.attachment->instance_id != instance.id) {
    return;
  }
  volume.attachment.reset();
  std::erase_if(instance.block_devices, [&](const BlockDevice& d) { return d.volume_id == volume.id; });
}

void release_volumes(InstanceState& state, Instance& instance) {
  for (const auto& device : instance.block_devices) {
    auto it = state.volumes.find(device.volume_id);
    if (it == state.volumes.end()) {
      continue;
    }
    if (device.delete_on_termination) {
      state.volumes.erase(it);
    } else {
      it->second.attachment.reset();
    }
  }
  instance.block_devices.clear();
}

}  // namespace ecsemu::ec2
