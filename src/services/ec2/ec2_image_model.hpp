#pragma once

#include <map>
#include <set>
#include <string>

#include "services/ec2/ec2_network_model.hpp"

namespace ecsemu::ec2 {

// An AMI an account made (CreateImage, RegisterImage, CopyImage). The public Amazon images are a fixed table
// (ec2_public_images.hpp) and never stored here.
struct Image {
  std::string id;
  std::string owner_id;
  std::string name;
  std::string description;
  std::string architecture = "x86_64";
  std::string virtualization_type = "hvm";
  std::string root_device_name = "/dev/xvda";
  std::string image_location;      // ACCOUNT/NAME
  std::string creation_date;       // ISO 8601, as DescribeImages shows it
  std::string source_instance_id;  // CreateImage's instance, empty otherwise
  std::string source_image_id;     // CopyImage's source
  std::string source_region;
  std::string boot_mode;  // empty when not given
  bool ena_support = true;
  std::string snapshot_id;  // the root volume's snapshot
  int root_volume_gib = 8;
  std::string volume_type = "gp3";
  TagMap tags;
  // Launch permissions (ModifyImageAttribute): "all" makes the image public.
  bool public_launch = false;
  std::set<std::string> launch_user_ids;
  std::set<std::string> launch_organization_arns;
  std::set<std::string> launch_organizational_unit_arns;
};

// An EBS snapshot; ecsemu makes them only as the root snapshots of images.
struct Snapshot {
  std::string id;
  std::string owner_id;
  std::string volume_id;
  int volume_gib = 8;
  std::string description;
  double start_time = 0;
  TagMap tags;
};

struct ImageState {
  std::map<std::string, Image> images;  // by id
  std::map<std::string, Snapshot> snapshots;
  std::set<std::string> deregistered;  // ids of deregistered images: InvalidAMIID.Unavailable from then on
};

// ami- or snap- ids of the two lengths AWS issues (8 or 17 hex digits after the prefix).
bool well_formed_id(std::string_view id, std::string_view prefix);

}  // namespace ecsemu::ec2
