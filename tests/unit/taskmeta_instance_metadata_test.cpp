#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "services/ecs/ecs_model.hpp"
#include "state/world.hpp"
#include "taskmeta/instance_metadata.hpp"

using namespace ecsemu;
using namespace std::chrono_literals;

namespace {

constexpr const char* kAccount = "123456789012";

struct Fixture {
  state::World world;
  std::unique_ptr<IdSource> ids = make_seeded_id_source(5);
  state::RegionStore& store = world.region(kAccount, "eu-west-1");
  std::chrono::system_clock::time_point now = std::chrono::system_clock::time_point(1'800'000'000s);
  taskmeta::TokenMinter tokens{"key-of-this-process"};

  Fixture() {
    ec2::Instance instance;
    instance.id = "i-0123456789abcdef0";
    instance.image_id = "ami-0123456789abcdef0";
    instance.instance_type = "t3.small";
    instance.availability_zone = "eu-west-1b";
    instance.private_ip = "10.0.1.7";
    instance.subnet_id = "subnet-1";
    instance.vpc_id = "vpc-1";
    instance.network_interface_id = "eni-1";
    instance.reservation_id = "r-1";
    instance.user_data = "IyEvYmluL2Jhc2gK";  // "#!/bin/bash\n"
    instance.state = ec2::InstanceStateName::Running;
    instance.tags["Name"] = "web";
    store.ec2.instances.instances.emplace(instance.id, instance);
    ec2::NetworkInterface eni;
    eni.id = "eni-1";
    eni.mac_address = "0e:11:22:33:44:55";
    store.ec2.network.network_interfaces.emplace(eni.id, eni);
    ec2::Subnet subnet;
    subnet.id = "subnet-1";
    subnet.cidr_block = "10.0.1.0/24";
    subnet.availability_zone_id = "euw1-az2";
    store.ec2.network.subnets.emplace(subnet.id, subnet);
    ecs::ContainerInstance ci;
    ci.id = "ci1";
    ci.arn = "arn:aws:ecs:eu-west-1:123456789012:container-instance/c/ci1";
    ci.ec2_instance_id = instance.id;
    store.ecs.container_instances.instances.emplace(ci.id, ci);
    ecs::Task task;
    task.id = "t1";
    task.last_status = "RUNNING";
    task.container_instance_arn = ci.arn;
    ecs::TaskContainer container;
    container.name = "app";
    container.ip_address = "172.17.0.9";
    task.containers.push_back(container);
    store.ecs.tasks.tasks.emplace(task.id, task);
  }

  ec2::Instance& instance() { return store.ec2.instances.instances.begin()->second; }

  void give_profile() {
    iam::IamState& iam = world.iam(kAccount);
    iam::Role role;
    role.name = "ecsInstanceRole";
    role.id = "AROAEXAMPLE";
    role.arn = "arn:aws:iam::123456789012:role/ecsInstanceRole";
    iam.roles.emplace("ecsinstancerole", role);
    iam::InstanceProfile profile;
    profile.name = "ecs-profile";
    profile.id = "AIPAEXAMPLE";
    profile.arn = "arn:aws:iam::123456789012:instance-profile/ecs-profile";
    profile.roles = {"ecsinstancerole"};
    iam.instance_profiles.emplace("ecs-profile", profile);
    instance().iam_instance_profile = profile.arn;
  }

  taskmeta::MetadataAnswer get(std::string path, std::optional<std::string> token = std::nullopt) {
    auto docs = taskmeta::find_instance_documents(world, *ids, now, "172.17.0.9", taskmeta::wants_credentials(path));
    return taskmeta::answer_instance_metadata({"GET", std::move(path), std::nullopt, std::move(token)}, docs, tokens,
                                              now);
  }

  std::string token(long ttl = 60) {
    auto docs = taskmeta::find_instance_documents(world, *ids, now, "172.17.0.9", false);
    auto answer =
        taskmeta::answer_instance_metadata({"PUT", "/latest/api/token", std::to_string(ttl)}, docs, tokens, now);
    REQUIRE(answer.status == 200);
    REQUIRE(answer.ttl == ttl);
    return answer.body;
  }
};

}  // namespace

TEST_CASE("A task container's address finds the instance its task was placed on", "[taskmeta][unit]") {
  Fixture f;
  CHECK(f.get("/latest/meta-data/instance-id").body == "i-0123456789abcdef0");
  CHECK(f.get("/latest/meta-data/placement/availability-zone").body == "eu-west-1b");
  CHECK(f.get("/latest/meta-data/placement/availability-zone-id").body == "euw1-az2");
  CHECK(f.get("/latest/meta-data/placement/region").body == "eu-west-1");
  CHECK(f.get("/latest/meta-data/local-ipv4").body == "10.0.1.7");
  CHECK(f.get("/latest/meta-data/local-hostname").body == "ip-10-0-1-7.eu-west-1.compute.internal");
  CHECK(f.get("/latest/meta-data/mac").body == "0e:11:22:33:44:55");
  CHECK(f.get("/latest/meta-data/network/interfaces/macs/0e:11:22:33:44:55/subnet-ipv4-cidr-block").body ==
        "10.0.1.0/24");
  CHECK(f.get("/latest/user-data").body == "#!/bin/bash\n");
  auto identity = boost::json::parse(f.get("/latest/dynamic/instance-identity/document").body).as_object();
  CHECK(identity.at("accountId") == kAccount);
  CHECK(identity.at("instanceId") == "i-0123456789abcdef0");
  CHECK(identity.at("region") == "eu-west-1");
  CHECK(identity.at("privateIp") == "10.0.1.7");

  // Another address is no task's: no metadata service answers it.
  auto none = taskmeta::find_instance_documents(f.world, *f.ids, f.now, "172.17.0.10", false);
  CHECK_FALSE(none.has_value());
  CHECK(taskmeta::answer_instance_metadata({"GET", "/latest/meta-data/"}, none, f.tokens, f.now).status == 404);
  // A stopped task's container no longer has one either.
  f.store.ecs.tasks.tasks.begin()->second.last_status = "STOPPED";
  CHECK(f.get("/latest/meta-data/instance-id").status == 404);
}

TEST_CASE("Directories list their children, subdirectories with a slash", "[taskmeta][unit]") {
  Fixture f;
  CHECK(f.get("/").body == "latest");
  CHECK(f.get("/latest/").body == "dynamic/\nmeta-data/\nuser-data");
  std::string listing = f.get("/latest/meta-data/").body;
  CHECK(listing.find("instance-id\n") != std::string::npos);
  CHECK(listing.find("placement/\n") != std::string::npos);
  CHECK(listing.find("iam/") == std::string::npos);   // no instance profile
  CHECK(listing.find("tags/") == std::string::npos);  // InstanceMetadataTags disabled
  CHECK(f.get("/latest/meta-data/placement").body == "availability-zone\navailability-zone-id\nregion");
  CHECK(f.get("/latest/meta-data/nothing-here").status == 404);
  CHECK(f.get("/latest/meta-data/nothing-here").content_type == "text/html");
  CHECK(f.get("/2009-04-04/meta-data/").status == 404);

  f.instance().metadata_tags = "enabled";
  CHECK(f.get("/latest/meta-data/tags/instance/").body == "Name");
  CHECK(f.get("/latest/meta-data/tags/instance/Name").body == "web");
}

TEST_CASE("IMDSv2 tokens are bound to the instance and expire; IMDSv1 only while tokens are optional",
          "[taskmeta][unit]") {
  Fixture f;
  std::string token = f.token(60);
  CHECK(f.get("/latest/meta-data/instance-id", token).status == 200);
  CHECK(f.get("/latest/meta-data/instance-id", token + "x").status == 401);
  CHECK(f.get("/latest/meta-data/instance-id", "forged").status == 401);
  f.now += 61s;
  CHECK(f.get("/latest/meta-data/instance-id", token).status == 401);
  // A token of another instance is refused.
  CHECK_FALSE(f.tokens.valid(f.tokens.mint("i-0fffffffffffffff0", f.now + 60s), "i-0123456789abcdef0", f.now));

  CHECK(f.get("/latest/meta-data/instance-id").status == 200);  // IMDSv1
  f.instance().metadata_http_tokens = "required";
  CHECK(f.get("/latest/meta-data/instance-id").status == 401);
  CHECK(f.get("/latest/meta-data/instance-id", f.token()).status == 200);
  std::string held = f.token();
  f.instance().metadata_http_endpoint = "disabled";
  CHECK(f.get("/latest/meta-data/instance-id", held).status == 404);
  auto docs = taskmeta::find_instance_documents(f.world, *f.ids, f.now, "172.17.0.9", false);
  CHECK(taskmeta::answer_instance_metadata({"PUT", "/latest/api/token", "60"}, docs, f.tokens, f.now).status == 404);
}

TEST_CASE("Token requests need a TTL of 1 to 21600 seconds, PUT, and no proxy", "[taskmeta][unit]") {
  Fixture f;
  auto docs = taskmeta::find_instance_documents(f.world, *f.ids, f.now, "172.17.0.9", false);
  auto put = [&](std::optional<std::string> ttl, bool forwarded = false, std::string path = "/latest/api/token") {
    taskmeta::MetadataRequest request{"PUT", std::move(path), std::move(ttl)};
    request.forwarded = forwarded;
    return taskmeta::answer_instance_metadata(request, docs, f.tokens, f.now).status;
  };
  CHECK(put(std::nullopt) == 400);
  CHECK(put("0") == 400);
  CHECK(put("21601") == 400);
  CHECK(put("ten") == 400);
  CHECK(put("21600") == 200);
  CHECK(put("1") == 200);
  CHECK(put("60", true) == 403);
  CHECK(put("60", false, "/latest/meta-data/") == 405);
  CHECK(taskmeta::answer_instance_metadata({"POST", "/latest/meta-data/"}, docs, f.tokens, f.now).status == 405);
}

TEST_CASE("The instance profile's role credentials are issued once and reused", "[taskmeta][unit]") {
  Fixture f;
  CHECK(f.get("/latest/meta-data/iam/info").status == 404);
  f.give_profile();
  auto info = boost::json::parse(f.get("/latest/meta-data/iam/info").body).as_object();
  CHECK(info.at("InstanceProfileArn") == "arn:aws:iam::123456789012:instance-profile/ecs-profile");
  CHECK(info.at("InstanceProfileId") == "AIPAEXAMPLE");
  CHECK(f.get("/latest/meta-data/iam/security-credentials/").body == "ecsInstanceRole");
  auto first = boost::json::parse(f.get("/latest/meta-data/iam/security-credentials/ecsInstanceRole").body).as_object();
  CHECK(first.at("Code") == "Success");
  CHECK(first.at("Type") == "AWS-HMAC");
  CHECK(first.at("AccessKeyId").as_string().starts_with("ASIA"));
  CHECK_FALSE(first.at("Token").as_string().empty());
  f.now += 60s;
  auto again = boost::json::parse(f.get("/latest/meta-data/iam/security-credentials/ecsInstanceRole").body).as_object();
  CHECK(again.at("AccessKeyId") == first.at("AccessKeyId"));
  // Close to expiry, fresh ones replace them.
  f.now += std::chrono::seconds(taskmeta::kInstanceCredentialsSeconds - taskmeta::kInstanceCredentialsRefreshSeconds);
  auto fresh = boost::json::parse(f.get("/latest/meta-data/iam/security-credentials/ecsInstanceRole").body).as_object();
  CHECK(fresh.at("AccessKeyId") != first.at("AccessKeyId"));
  CHECK(f.get("/latest/meta-data/iam/security-credentials/other-role").status == 404);
  // A profile without a role has info but no credentials.
  f.world.iam(kAccount).instance_profiles.at("ecs-profile").roles.clear();
  CHECK(f.get("/latest/meta-data/iam/info").status == 200);
  CHECK(f.get("/latest/meta-data/iam/security-credentials/").status == 404);
}
