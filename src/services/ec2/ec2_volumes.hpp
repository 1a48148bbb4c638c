#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>

#include "services/ec2/ec2_state.hpp"

namespace ecsemu::ec2 {

// What one EBS volume of a launch is made of: the image's root device, changed or joined by the block device
// mappings of RunInstances or a launch template.
struct VolumeRequest {
  std::string device;
  int size_gib = 0;
  std::string volume_type = "gp3";
  int iops = 0;
  int throughput = 0;
  bool encrypted = false;
  std::string kms_key_id;
  std::string snapshot_id;
  bool delete_on_termination = true;  // EBS volumes made at launch are deleted with the instance unless told not
};

// The image's root device (name, size, snapshot, type) as a launch sees it: an AMI this account made, a public
// Amazon image, or (an id ecsemu does not know) an 8 GiB gp3 /dev/xvda.
VolumeRequest root_device_of(const ImageState& images, std::string_view image_id, std::string_view region);

// The volumes a launch makes: the root device first, then each mapping that names an EBS volume (instance store
// and NoDevice mappings make none; a NoDevice on the root device is ignored). Throws MissingParameter for a
// mapping without Ebs or without a size or snapshot, InvalidParameterValue for an unknown volume type or a size
// outside the type's range, InvalidSnapshot.NotFound for an unknown snapshot.
std::vector<VolumeRequest> launch_volumes(const ImageState& images, const VolumeRequest& root,
                                          const boost::json::array& mappings);

// The checks CreateVolume and the launch share: a known volume type and a size in its range.
void check_volume_type_and_size(std::string_view volume_type, int size_gib);

// A new volume in `zone` (not attached); its id is vol- and 17 hex digits.
Volume& create_volume(InstanceState& state, std::string zone, const VolumeRequest& request, double now);
// Attaches a volume to an instance at `device` (the caller checked both are free and in one zone).
void attach_volume(Instance& instance, Volume& volume, std::string device, bool delete_on_termination, double now);
// Detaches it (no effect when it is not attached to that instance).
void detach_volume(Instance& instance, Volume& volume);
// At termination: deletes the volumes marked DeleteOnTermination and detaches the others.
void release_volumes(InstanceState& state, Instance& instance);

}  // namespace ecsemu::ec2
