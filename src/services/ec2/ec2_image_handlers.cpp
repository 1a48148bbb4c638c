// The account's own AMIs and their snapshots: CreateImage, RegisterImage, CopyImage, DeregisterImage,
// DescribeImages (with the public Amazon images), Describe/Modify/ResetImageAttribute, DescribeSnapshots,
// DeleteSnapshot. An image of an ecsemu instance holds no disk contents: it records what AWS would show of it.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "protocol/timestamp.hpp"
#include "services/ec2/ec2_filters.hpp"
#include "services/ec2/ec2_handlers.hpp"
#include "services/ec2/ec2_input.hpp"
#include "services/ec2/ec2_instances.hpp"
#include "services/ec2/ec2_public_images.hpp"
#include "services/ec2/ec2_state.hpp"

namespace ecsemu::ec2 {

bool well_formed_id(std::string_view id, std::string_view prefix) {
  if (id.size() <= prefix.size() + 1 || id.substr(0, prefix.size()) != prefix || id[prefix.size()] != '-') {
    return false;
  }
  auto digits = id.substr(prefix.size() + 1);
  return (digits.size() == 8 || digits.size() == 17) && std::all_of(digits.begin(), digits.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

namespace json = boost::json;

namespace {

void require_well_formed_image_id(std::string_view id) {
  if (!well_formed_id(id, "ami")) {
    throw aws::ServiceError("InvalidAMIID.Malformed", fmt::format("Invalid id: \"{}\" (expecting \"ami-...\")", id));
  }
}

[[noreturn]] void image_not_found(std::string_view id) {
  throw aws::ServiceError("InvalidAMIID.NotFound", fmt::format("The image id '[{}]' does not exist", id));
}

Image& require_own_image(Ec2State& state, std::string_view id) {
  require_well_formed_image_id(id);
  auto it = state.images.images.find(std::string(id));
  if (it == state.images.images.end()) {
    image_not_found(id);
  }
  return it->second;
}

// AMI names: 3 to 128 characters of letters, digits, spaces and ( ) [ ] . / - ' @ _ (EC2 CreateImage reference).
void check_image_name(const std::string& name) {
  bool ok = name.size() >= 3 && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     std::string_view(" ()[]./-'@_").find(c) != std::string_view::npos;
            });
  if (!ok) {
    throw aws::ServiceError("InvalidAMIName.Malformed",
                            "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, "
                            "'(', ')', '.', '-', '/' and '_'");
  }
}

void check_name_free(const Ec2State& state, const std::string& name) {
  for (const auto& [id, image] : state.images.images) {
    if (image.name == name) {
      throw aws::ServiceError("InvalidAMIName.Duplicate",
                              fmt::format("AMI name {} is already in use by AMI {}", name, id));
    }
  }
}

// A new image with its root snapshot, stored under fresh ids.
Image& store_image(aws::RequestContext& ctx, Ec2State& state, Image image, const std::string& snapshot_description,
                   TagMap snapshot_tags) {
  image.id = "ami-" + ctx.ids->hex(17);
  image.owner_id = ctx.account_id;
  image.image_location = fmt::format("{}/{}", ctx.account_id, image.name);
  image.creation_date = protocol::format_iso8601(ctx.now_seconds());
  Snapshot snap;
  snap.id = "snap-" + ctx.ids->hex(17);
  snap.owner_id = ctx.account_id;
  snap.volume_id = "vol-" + ctx.ids->hex(17);
  snap.volume_gib = image.root_volume_gib;
  snap.description = fmt::format(fmt::runtime(snapshot_description), image.id);
  snap.start_time = ctx.now_seconds();
  snap.tags = std::move(snapshot_tags);
  image.snapshot_id = snap.id;
  state.images.snapshots.emplace(snap.id, std::move(snap));
  std::string id = image.id;
  return state.images.images.emplace(id, std::move(image)).first->second;
}

json::object own_image_view(const Image& image) {
  json::object out{
      {"Architecture", image.architecture},
      {"CreationDate", image.creation_date},
      {"ImageId", image.id},
      {"ImageLocation", image.image_location},
      {"ImageType", "machine"},
      {"Public", image.public_launch},
      {"OwnerId", image.owner_id},
      {"PlatformDetails", "Linux/UNIX"},
      {"UsageOperation", "RunInstances"},
      {"State", "available"},
      {"BlockDeviceMappings", json::array{json::object{{"DeviceName", image.root_device_name},
                                                       {"Ebs", json::object{{"DeleteOnTermination", true},
                                                                            {"SnapshotId", image.snapshot_id},
                                                                            {"VolumeSize", image.root_volume_gib},
                                                                            {"VolumeType", image.volume_type},
                                                                            {"Encrypted", false}}}}}},
      {"EnaSupport", image.ena_support},
      {"Hypervisor", "xen"},
      {"Name", image.name},
      {"RootDeviceName", image.root_device_name},
      {"RootDeviceType", "ebs"},
      {"VirtualizationType", image.virtualization_type}};
  if (!image.description.empty()) {
    out["Description"] = image.description;
  }
  if (!image.source_instance_id.empty()) {
    out["SourceInstanceId"] = image.source_instance_id;
  }
  if (!image.boot_mode.empty()) {
    out["BootMode"] = image.boot_mode;
  }
  if (!image.tags.empty()) {
    out["Tags"] = tags_view(image.tags);
  }
  return out;
}

json::object image_view(const PublicImage& image, std::string_view region) {
  std::string id = public_image_id(image, region);
  bool al2023 = image.os == "Amazon Linux 2023";
  json::object out{
      {"Architecture", image.architecture},
      {"CreationDate", image.creation_date},
      {"ImageId", id},
      {"ImageLocation", fmt::format("amazon/{}", image.name)},
      {"ImageType", "machine"},
      {"Public", true},
      {"OwnerId", kAmazonOwnerId},
      {"PlatformDetails", "Linux/UNIX"},
      {"UsageOperation", "RunInstances"},
      {"State", "available"},
      {"BlockDeviceMappings", json::array{json::object{{"DeviceName", image.root_device_name},
                                                       {"Ebs", json::object{{"DeleteOnTermination", true},
                                                                            {"SnapshotId", "snap-" + id.substr(4)},
                                                                            {"VolumeSize", image.root_volume_gib},
                                                                            {"VolumeType", al2023 ? "gp3" : "gp2"},
                                                                            {"Encrypted", false}}}}}},
      {"Description", image.description},
      {"EnaSupport", true},
      {"Hypervisor", "xen"},
      {"ImageOwnerAlias", "amazon"},
      {"Name", image.name},
      {"RootDeviceName", image.root_device_name},
      {"RootDeviceType", "ebs"},
      {"SriovNetSupport", "simple"},
      {"VirtualizationType", "hvm"}};
  if (al2023) {
    out["BootMode"] = "uefi-preferred";
    out["ImdsSupport"] = "v2.0";
  }
  return out;
}

// Values of one DescribeImages filter for an image, public or own.
struct ImageFacts {
  std::string id, name, description, architecture, owner_id, owner_alias, root_device_name, source_instance_id,
      snapshot_id, virtualization_type, image_location;
  int volume_gib = 8;
  bool is_public = true;
  const TagMap* tags = nullptr;
};

std::vector<std::string> image_filter_values(const ImageFacts& f, std::string_view name) {
  if (f.tags != nullptr) {
    if (auto tag = tag_filter_values(*f.tags, name)) {
      return *tag;
    }
  } else if (name.rfind("tag", 0) == 0) {
    return {};
  }
  if (name == "architecture") return {f.architecture};
  if (name == "description") return {f.description};
  if (name == "ena-support") return {"true"};
  if (name == "is-public") return {f.is_public ? "true" : "false"};
  if (name == "hypervisor") return {"xen"};
  if (name == "image-id") return {f.id};
  if (name == "image-type") return {"machine"};
  if (name == "name") return {f.name};
  if (name == "owner-alias") return f.owner_alias.empty() ? std::vector<std::string>{} : std::vector{f.owner_alias};
  if (name == "owner-id") return {f.owner_id};
  if (name == "platform-details") return {"Linux/UNIX"};
  if (name == "root-device-name" || name == "block-device-mapping.device-name") return {f.root_device_name};
  if (name == "root-device-type") return {"ebs"};
  if (name == "state") return {"available"};
  if (name == "usage-operation") return {"RunInstances"};
  if (name == "source-instance-id")
    return f.source_instance_id.empty() ? std::vector<std::string>{} : std::vector{f.source_instance_id};
  if (name == "block-device-mapping.snapshot-id") return {f.snapshot_id};
  if (name == "block-device-mapping.volume-size") return {std::to_string(f.volume_gib)};
  if (name == "block-device-mapping.volume-type") return {"gp3"};
  if (name == "manifest-location") return {f.image_location};
  return {f.virtualization_type};
}

}  // namespace

json::value describe_images(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  Ec2State& state = ctx.store().ec2;
  FilterSet filters(input,
                    {"architecture",
                     "description",
                     "ena-support",
                     "hypervisor",
                     "image-id",
                     "image-type",
                     "is-public",
                     "name",
                     "owner-alias",
                     "owner-id",
                     "platform-details",
                     "root-device-name",
                     "root-device-type",
                     "state",
                     "usage-operation",
                     "virtualization-type",
                     "tag-key",
                     "tag-value",
                     "source-instance-id",
                     "block-device-mapping.device-name",
                     "block-device-mapping.snapshot-id",
                     "block-device-mapping.volume-size",
                     "block-device-mapping.volume-type",
                     "manifest-location"},
                    true);
  std::vector<std::string> ids = string_list(input, "ImageIds");
  std::vector<std::string> owners = string_list(input, "Owners");
  std::vector<std::string> executable = string_list(input, "ExecutableUsers");
  for (const auto& id : ids) {
    require_well_formed_image_id(id);
    if (find_public_image(id, ctx.region) == nullptr && !state.images.images.contains(id)) {
      image_not_found(id);
    }
  }
  auto owner_wanted = [&](bool amazon, const std::string& owner_id) {
    if (owners.empty()) {
      return true;
    }
    return std::any_of(owners.begin(), owners.end(), [&](const std::string& o) {
      return amazon ? (o == "amazon" || o == kAmazonOwnerId) : (o == "self" || o == owner_id);
    });
  };
  auto executable_by = [&](bool is_public, const Image* own) {
    if (executable.empty()) {
      return true;
    }
    return std::any_of(executable.begin(), executable.end(), [&](const std::string& u) {
      if (u == "all") {
        return is_public;
      }
      std::string account = u == "self" ? ctx.account_id : u;
      return own != nullptr && (account == own->owner_id || own->launch_user_ids.contains(account));
    });
  };
  std::vector<std::pair<std::string, json::object>> matched;
  for (const auto& image : public_images()) {
    ImageFacts f;
    f.id = public_image_id(image, ctx.region);
    if ((!ids.empty() && std::find(ids.begin(), ids.end(), f.id) == ids.end()) || !owner_wanted(true, "") ||
        !executable_by(true, nullptr)) {
      continue;
    }
    f.name = image.name;
    f.description = image.description;
    f.architecture = image.architecture;
    f.owner_id = kAmazonOwnerId;
    f.owner_alias = "amazon";
    f.root_device_name = image.root_device_name;
    f.snapshot_id = "snap-" + f.id.substr(4);
    f.volume_gib = image.root_volume_gib;
    f.virtualization_type = "hvm";
    f.image_location = fmt::format("amazon/{}", image.name);
    if (filters.matches([&](std::string_view n) { return image_filter_values(f, n); })) {
      matched.emplace_back(f.id, image_view(image, ctx.region));
    }
  }
  for (const auto& [id, image] : state.images.images) {
    if ((!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) || !owner_wanted(false, image.owner_id) ||
        !executable_by(image.public_launch, &image)) {
      continue;
    }
    ImageFacts f{id,
                 image.name,
                 image.description,
                 image.architecture,
                 image.owner_id,
                 "",
                 image.root_device_name,
                 image.source_instance_id,
                 image.snapshot_id,
                 image.virtualization_type,
                 image.image_location,
                 image.root_volume_gib,
                 image.public_launch,
                 &image.tags};
    if (filters.matches([&](std::string_view n) { return image_filter_values(f, n); })) {
      matched.emplace_back(id, own_image_view(image));
    }
  }
  std::sort(matched.begin(), matched.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string next;
  auto page = paginate(
      std::move(matched), input, [](const auto& m) { return m.first; }, next);
  json::array out;
  for (auto& [id, view] : page) {
    out.push_back(std::move(view));
  }
  json::object result{{"Images", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

json::value create_image(aws::RequestContext& ctx, const json::object& input) {
  Ec2State& state = ctx.store().ec2;
  std::string instance_id = required(input, "InstanceId");
  std::string name = required(input, "Name");
  const Instance* instance = find_instance(state.instances, instance_id);
  if (instance == nullptr) {
    throw aws::ServiceError("InvalidInstanceID.NotFound",
                            fmt::format("The instance ID '{}' does not exist", instance_id));
  }
  check_image_name(name);
  TagMap image_tags = tag_specifications(input, "image", {"snapshot"});
  TagMap snapshot_tags = tag_specifications(input, "snapshot", {"image"});
  check_dry_run(input);
  check_name_free(state, name);
  Image image;
  image.name = name;
  image.description = string_member(input, "Description");
  image.architecture = instance->architecture;
  image.source_instance_id = instance_id;
  image.tags = std::move(image_tags);
  if (const PublicImage* base = find_public_image(instance->image_id, ctx.region)) {
    image.root_device_name = std::string(base->root_device_name);
    image.root_volume_gib = base->root_volume_gib;
  } else if (auto it = state.images.images.find(instance->image_id); it != state.images.images.end()) {
    image.root_device_name = it->second.root_device_name;
    image.root_volume_gib = it->second.root_volume_gib;
    image.boot_mode = it->second.boot_mode;
  }
  Image& stored = store_image(ctx, state, std::move(image), "Created by CreateImage(" + instance_id + ") for {}",
                              std::move(snapshot_tags));
  return json::object{{"ImageId", stored.id}};
}

json::value register_image(aws::RequestContext& ctx, const json::object& input) {
  Ec2State& state = ctx.store().ec2;
  std::string name = required(input, "Name");
  check_image_name(name);
  TagMap tags = tag_specifications(input, "image");
  check_dry_run(input);
  check_name_free(state, name);
  Image image;
  image.name = name;
  image.description = string_member(input, "Description");
  if (auto arch = string_member(input, "Architecture"); !arch.empty()) {
    image.architecture = arch;
  }
  if (auto root = string_member(input, "RootDeviceName"); !root.empty()) {
    image.root_device_name = root;
  }
  if (auto virt = string_member(input, "VirtualizationType"); !virt.empty()) {
    image.virtualization_type = virt;
  }
  image.boot_mode = string_member(input, "BootMode");
  if (auto ena = input.if_contains("EnaSupport"); ena != nullptr && ena->is_bool()) {
    image.ena_support = ena->as_bool();
  }
  if (const auto* maps = input.if_contains("BlockDeviceMappings"); maps != nullptr && maps->is_array()) {
    for (const auto& m : maps->as_array()) {
      const auto& mapping = m.as_object();
      if (string_member(mapping, "DeviceName") != image.root_device_name) {
        continue;
      }
      if (const auto* ebs = mapping.if_contains("Ebs"); ebs != nullptr && ebs->is_object()) {
        if (auto size = int_member(ebs->as_object(), "VolumeSize"); size && *size > 0) {
          image.root_volume_gib = static_cast<int>(*size);
        }
        if (auto type = string_member(ebs->as_object(), "VolumeType"); !type.empty()) {
          image.volume_type = type;
        }
      }
    }
  }
  image.tags = std::move(tags);
  Image& stored = store_image(ctx, state, std::move(image), "Created for RegisterImage of {}", {});
  return json::object{{"ImageId", stored.id}};
}

json::value copy_image(aws::RequestContext& ctx, const json::object& input) {
  std::string source_id = required(input, "SourceImageId");
  std::string source_region = required(input, "SourceRegion");
  std::string name = required(input, "Name");
  require_well_formed_image_id(source_id);
  check_image_name(name);
  TagMap tags = tag_specifications(input, "image", {"snapshot"});
  check_dry_run(input);
  Image copy;
  if (const PublicImage* pub = find_public_image(source_id, source_region)) {
    copy.architecture = std::string(pub->architecture);
    copy.root_device_name = std::string(pub->root_device_name);
    copy.root_volume_gib = pub->root_volume_gib;
    copy.description = std::string(pub->description);
  } else {
    const Ec2State& source = ctx.world->region(ctx.account_id, source_region).ec2;
    auto it = source.images.images.find(source_id);
    if (it == source.images.images.end()) {
      image_not_found(source_id);
    }
    copy = it->second;
    copy.tags.clear();
    copy.public_launch = false;
    copy.launch_user_ids.clear();
    copy.launch_organization_arns.clear();
    copy.launch_organizational_unit_arns.clear();
    copy.source_instance_id.clear();
  }
  Ec2State& state = ctx.store().ec2;
  copy.name = name;
  if (has_member(input, "Description")) {
    copy.description = string_member(input, "Description");
  }
  copy.source_image_id = source_id;
  copy.source_region = source_region;
  copy.tags = std::move(tags);
  Image& stored =
      store_image(ctx, state, std::move(copy), "Copied for DestinationAmi {} from SourceAmi " + source_id, {});
  return json::object{{"ImageId", stored.id}};
}

json::value deregister_image(aws::RequestContext& ctx, const json::object& input) {
  Ec2State& state = ctx.store().ec2;
  std::string id = required(input, "ImageId");
  require_well_formed_image_id(id);
  if (state.images.deregistered.contains(id)) {
    throw aws::ServiceError("InvalidAMIID.Unavailable", fmt::format("The image id '[{}]' is no longer available", id));
  }
  if (find_public_image(id, ctx.region) != nullptr) {
    throw aws::ServiceError("AuthFailure", fmt::format("Not authorized for image:{}", id));
  }
  require_own_image(state, id);
  check_dry_run(input);
  bool delete_snapshots = bool_member(input, "DeleteAssociatedSnapshots");
  std::string snapshot = state.images.images.at(id).snapshot_id;
  state.images.images.erase(id);
  state.images.deregistered.insert(id);
  if (delete_snapshots) {
    state.images.snapshots.erase(snapshot);
  }
  return json::object{{"Return", true}};
}

json::value describe_image_attribute(aws::RequestContext& ctx, const json::object& input) {
  Ec2State& state = ctx.store().ec2;
  std::string id = required(input, "ImageId");
  std::string attribute = required(input, "Attribute");
  const Image& image = require_own_image(state, id);
  check_dry_run(input);
  json::object out{{"ImageId", id}};
  if (attribute == "description") {
    out["Description"] = json::object{{"Value", image.description}};
  } else if (attribute == "launchPermission") {
    json::array perms;
    if (image.public_launch) {
      perms.push_back(json::object{{"Group", "all"}});
    }
    for (const auto& user : image.launch_user_ids) {
      perms.push_back(json::object{{"UserId", user}});
    }
    for (const auto& org : image.launch_organization_arns) {
      perms.push_back(json::object{{"OrganizationArn", org}});
    }
    for (const auto& ou : image.launch_organizational_unit_arns) {
      perms.push_back(json::object{{"OrganizationalUnitArn", ou}});
    }
    out["LaunchPermissions"] = std::move(perms);
  } else if (attribute == "blockDeviceMapping") {
    out["BlockDeviceMappings"] = own_image_view(image).at("BlockDeviceMappings");
  } else if (attribute == "bootMode") {
    if (!image.boot_mode.empty()) {
      out["BootMode"] = json::object{{"Value", image.boot_mode}};
    }
  } else if (attribute == "sriovNetSupport") {
    out["SriovNetSupport"] = json::object{{"Value", "simple"}};
  } else if (attribute == "productCodes") {
    out["ProductCodes"] = json::array{};
  } else if (attribute == "kernel" || attribute == "ramdisk" || attribute == "lastLaunchedTime" ||
             attribute == "imdsSupport" || attribute == "uefiData" || attribute == "tpmSupport" ||
             attribute == "deregistrationProtection") {
    // Not set on ecsemu's images: AWS answers the attribute without a value.
  } else {
    throw aws::ServiceError(
        "InvalidParameterValue",
        fmt::format("Value ({}) for parameter attribute is invalid. Unknown attribute.", attribute));
  }
  return out;
}

namespace {

// One launch-permission change: Group "all", a 12-digit account id, or an organization (unit) ARN.
void apply_permission(Image& image, const json::object& perm, bool add) {
  auto group = string_member(perm, "Group");
  auto user = string_member(perm, "UserId");
  auto org = string_member(perm, "OrganizationArn");
  auto ou = string_member(perm, "OrganizationalUnitArn");
  if (!group.empty()) {
    if (group != "all") {
      throw aws::ServiceError("InvalidAMIAttributeItemValue",
                              fmt::format("Invalid attribute item value \"{}\" for group item type.", group));
    }
    image.public_launch = add;
  }
  if (!user.empty()) {
    if (user.size() != 12 || !std::all_of(user.begin(), user.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      throw aws::ServiceError("InvalidAMIAttributeItemValue",
                              fmt::format("Invalid attribute item value \"{}\" for userId item type.", user));
    }
    add ? (void)image.launch_user_ids.insert(user) : (void)image.launch_user_ids.erase(user);
  }
  if (!org.empty()) {
    if (org.rfind("arn:aws:organizations::", 0) != 0) {
      throw aws::ServiceError("InvalidAMIAttributeItemValue",
                              fmt::format("Invalid attribute item value \"{}\" for organizationArn item type.", org));
    }
    add ? (void)image.launch_organization_arns.insert(org) : (void)image.launch_organization_arns.erase(org);
  }
  if (!ou.empty()) {
    if (ou.rfind("arn:aws:organizations::", 0) != 0) {
      throw aws::ServiceError(
          "InvalidAMIAttributeItemValue",
          fmt::format("Invalid attribute item value \"{}\" for organizationalUnitArn item type.", ou));
    }
    add ? (void)image.launch_organizational_unit_arns.insert(ou)
        : (void)image.launch_organizational_unit_arns.erase(ou);
  }
}

}  // namespace

json::value modify_image_attribute(aws::RequestContext& ctx, const json::object& input) {
  Ec2State& state = ctx.store().ec2;
  std::string id = required(input, "ImageId");
  Image& image = require_own_image(state, id);
  check_dry_run(input);
  Image changed = image;  // all or nothing: a bad item leaves the image as it was
  if (const auto* desc = input.if_contains("Description"); desc != nullptr && desc->is_object()) {
    changed.description = string_member(desc->as_object(), "Value");
  }
  if (const auto* lp = input.if_contains("LaunchPermission"); lp != nullptr && lp->is_object()) {
    for (const char* side : {"Add", "Remove"}) {
      if (const auto* list = lp->as_object().if_contains(side); list != nullptr && list->is_array()) {
        for (const auto& perm : list->as_array()) {
          apply_permission(changed, perm.as_object(), std::string_view(side) == "Add");
        }
      }
    }
  }
  std::string attribute = string_member(input, "Attribute");
  std::string operation = string_member(input, "OperationType");
  if (attribute == "launchPermission") {
    bool add = operation != "remove";
    for (const auto& user : string_list(input, "UserIds")) {
      apply_permission(changed, json::object{{"UserId", user}}, add);
    }
    for (const auto& group : string_list(input, "UserGroups")) {
      apply_permission(changed, json::object{{"Group", group}}, add);
    }
    for (const auto& org : string_list(input, "OrganizationArns")) {
      apply_permission(changed, json::object{{"OrganizationArn", org}}, add);
    }
    for (const auto& ou : string_list(input, "OrganizationalUnitArns")) {
      apply_permission(changed, json::object{{"OrganizationalUnitArn", ou}}, add);
    }
  } else if (attribute == "description") {
    changed.description = string_member(input, "Value");
  }
  image = std::move(changed);
  return json::object{};
}

json::value reset_image_attribute(aws::RequestContext& ctx, const json::object& input) {
  Ec2State& state = ctx.store().ec2;
  std::string id = required(input, "ImageId");
  std::string attribute = required(input, "Attribute");
  Image& image = require_own_image(state, id);
  check_dry_run(input);
  if (attribute != "launchPermission") {
    throw aws::ServiceError("InvalidParameterValue",
                            fmt::format("Value ({}) for parameter attribute is invalid.", attribute));
  }
  image.public_launch = false;
  image.launch_user_ids.clear();
  image.launch_organization_arns.clear();
  image.launch_organizational_unit_arns.clear();
  return json::object{};
}

json::value describe_snapshots(aws::RequestContext& ctx, const json::object& input) {
  check_dry_run(input);
  Ec2State& state = ctx.store().ec2;
  FilterSet filters(input, {"description", "owner-id", "snapshot-id", "status", "volume-id", "volume-size"}, true);
  std::vector<std::string> ids = string_list(input, "SnapshotIds");
  for (const auto& id : ids) {
    if (!state.images.snapshots.contains(id)) {
      throw aws::ServiceError("InvalidSnapshot.NotFound", fmt::format("The snapshot '{}' does not exist.", id));
    }
  }
  std::vector<const Snapshot*> matched;
  for (const auto& [id, snap] : state.images.snapshots) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      continue;
    }
    bool keep = filters.matches([&](std::string_view f) -> std::vector<std::string> {
      if (auto tag = tag_filter_values(snap.tags, f)) return *tag;
      if (f == "description") return {snap.description};
      if (f == "owner-id") return {snap.owner_id};
      if (f == "snapshot-id") return {snap.id};
      if (f == "status") return {"completed"};
      if (f == "volume-id") return {snap.volume_id};
      return {std::to_string(snap.volume_gib)};
    });
    if (keep) {
      matched.push_back(&snap);
    }
  }
  std::string next;
  auto page = paginate(
      matched, input, [](const Snapshot* s) { return s->id; }, next);
  json::array out;
  for (const Snapshot* snap : page) {
    json::object view{{"SnapshotId", snap->id},
                      {"VolumeId", snap->volume_id},
                      {"VolumeSize", snap->volume_gib},
                      {"Description", snap->description},
                      {"OwnerId", snap->owner_id},
                      {"StartTime", snap->start_time},
                      {"State", "completed"},
                      {"Progress", "100%"},
                      {"Encrypted", false},
                      {"StorageTier", "standard"}};
    if (!snap->tags.empty()) {
      view["Tags"] = tags_view(snap->tags);
    }
    out.push_back(std::move(view));
  }
  json::object result{{"Snapshots", std::move(out)}};
  if (!next.empty()) {
    result["NextToken"] = next;
  }
  return result;
}

json::value delete_snapshot(aws::RequestContext& ctx, const json::object& input) {
  Ec2State& state = ctx.store().ec2;
  std::string id = required(input, "SnapshotId");
  if (!well_formed_id(id, "snap")) {
    throw aws::ServiceError("InvalidSnapshotID.Malformed",
                            fmt::format("Invalid id: \"{}\" (expecting \"snap-...\")", id));
  }
  if (!state.images.snapshots.contains(id)) {
    throw aws::ServiceError("InvalidSnapshot.NotFound", fmt::format("The snapshot '{}' does not exist.", id));
  }
  for (const auto& [image_id, image] : state.images.images) {
    if (image.snapshot_id == id) {
      throw aws::ServiceError("InvalidSnapshot.InUse",
                              fmt::format("The snapshot {} is currently in use by {}", id, image_id));
    }
  }
  check_dry_run(input);
  state.images.snapshots.erase(id);
  return json::object{};
}

void register_image_operations(aws::OperationRegistry& registry) {
  registry.add("ec2", "DescribeImages", &describe_images);
  registry.add("ec2", "CreateImage", &create_image);
  registry.add("ec2", "RegisterImage", &register_image);
  registry.add("ec2", "CopyImage", &copy_image);
  registry.add("ec2", "DeregisterImage", &deregister_image);
  registry.add("ec2", "DescribeImageAttribute", &describe_image_attribute);
  registry.add("ec2", "ModifyImageAttribute", &modify_image_attribute);
  registry.add("ec2", "ResetImageAttribute", &reset_image_attribute);
  registry.add("ec2", "DescribeSnapshots", &describe_snapshots);
  registry.add("ec2", "DeleteSnapshot", &delete_snapshot);
}

}  // namespace ecsemu::ec2
