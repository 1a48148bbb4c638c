#include <catch2/catch.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "protocol/base64.hpp"
#include "services/ec2/ec2_instance_types.hpp"
#include "services/ec2/ec2_instances.hpp"
#include "services/ec2/ec2_public_images.hpp"
#include "services/ecs/ecs_model.hpp"

using namespace ecsemu;
using namespace ecsemu::ec2;

namespace {

constexpr double kT0 = 1700000000;

void add_cluster(state::RegionStore& store, const std::string& name) {
  ecs::Cluster cluster;
  cluster.name = name;
  cluster.arn = ecs::cluster_arn("us-east-1", "123456789012", name);
  store.ecs.clusters[name] = cluster;
}

InstanceLaunchSpec spec_for(std::string user_data_text, std::string type = "t3.medium") {
  InstanceLaunchSpec spec;
  spec.image_id = "ami-12345678";
  spec.instance_type = std::move(type);
  spec.user_data = protocol::base64_encode(user_data_text);
  return spec;
}

const ecs::ContainerInstance* only_container_instance(const state::RegionStore& store) {
  return store.ecs.container_instances.instances.size() == 1 ? &store.ecs.container_instances.instances.begin()->second
                                                             : nullptr;
}

}  // namespace

TEST_CASE("Instances go pending -> running and register with the cluster their user data names", "[ec2]") {
  state::RegionStore store;
  add_cluster(store, "web");
  auto ids = launch_instances(store, "123456789012", "us-east-1",
                              spec_for("#!/bin/bash\necho ECS_CLUSTER=web >> /etc/ecs/ecs.config\n"), 2, kT0);
  REQUIRE(ids.size() == 2);
  const Instance* first = find_instance(store.ec2.instances, ids[0]);
  REQUIRE(first != nullptr);
  CHECK(first->state == InstanceStateName::Pending);
  CHECK(first->private_ip == "172.31.0.4");
  CHECK(first->availability_zone == "us-east-1a");
  CHECK_FALSE(advance_instances(store, "123456789012", "us-east-1", kT0 + 0.5));
  CHECK(first->state == InstanceStateName::Pending);
  CHECK(advance_instances(store, "123456789012", "us-east-1", kT0 + kTransitionSeconds));
  CHECK(first->state == InstanceStateName::Running);
  REQUIRE(store.ecs.container_instances.instances.size() == 2);
  const auto& ci = store.ecs.container_instances.instances.at(first->container_instance_id);
  CHECK(ci.cluster_arn == store.ecs.clusters.at("web").arn);
  CHECK(ci.ec2_instance_id == first->id);
  CHECK(ci.registered_cpu == 2048);
  CHECK(ci.registered_memory == ecs_registered_memory(*find_instance_type("t3.medium"), 0));
  CHECK(ci.registered_memory < 4096);
  CHECK(ci.attributes.at("ecs.instance-type") == "t3.medium");
  CHECK(ci.attributes.count("ecs.capability.task-eni") == 1);
  auto states = instance_states(store.ec2.instances);
  CHECK(states.size() == 2);
  CHECK(states[0].second == "running");
}

TEST_CASE("Terminating deregisters the container instance, stops its tasks and frees the address", "[ec2]") {
  state::RegionStore store;
  add_cluster(store, "web");
  auto ids = launch_instances(store, "123456789012", "us-east-1", spec_for("ECS_CLUSTER=web\n"), 1, kT0);
  advance_instances(store, "123456789012", "us-east-1", kT0 + 2);
  const auto* ci = only_container_instance(store);
  REQUIRE(ci != nullptr);
  ecs::Task task;
  task.id = "t1";
  task.container_instance_arn = ci->arn;
  ecs::insert_task(store.ecs.tasks, std::move(task));
  terminate_instance(store, ids[0], kT0 + 10);
  const Instance* instance = find_instance(store.ec2.instances, ids[0]);
  CHECK(instance->state == InstanceStateName::ShuttingDown);
  CHECK(ci->status == "INACTIVE");
  CHECK(store.ecs.tasks.tasks.at("t1").desired_status == "STOPPED");
  CHECK(store.ecs.tasks.tasks.at("t1").stopped_reason == "Host EC2 (instance " + ids[0] + ") terminated.");
  CHECK(advance_instances(store, "123456789012", "us-east-1", kT0 + 10));
  CHECK(instance->state == InstanceStateName::ShuttingDown);
  advance_instances(store, "123456789012", "us-east-1", kT0 + 12);
  CHECK(instance->state == InstanceStateName::Terminated);
  CHECK(store.ec2.network.network_interfaces.empty());
  advance_instances(store, "123456789012", "us-east-1", kT0 + 12 + kTerminatedRetentionSeconds);
  CHECK(find_instance(store.ec2.instances, ids[0]) == nullptr);
}

TEST_CASE("Stop and start move through stopping/stopped/pending and re-register", "[ec2]") {
  state::RegionStore store;
  add_cluster(store, "web");
  auto ids = launch_instances(store, "123456789012", "us-east-1", spec_for("ECS_CLUSTER=web\n"), 1, kT0);
  advance_instances(store, "123456789012", "us-east-1", kT0 + 2);
  stop_instance(store, ids[0], kT0 + 3);
  const Instance* instance = find_instance(store.ec2.instances, ids[0]);
  CHECK(instance->state == InstanceStateName::Stopping);
  CHECK(instance->container_instance_id.empty());
  advance_instances(store, "123456789012", "us-east-1", kT0 + 5);
  CHECK(instance->state == InstanceStateName::Stopped);
  CHECK_NOTHROW(stop_instance(store, ids[0], kT0 + 5));  // already stopped: no effect
  start_instance(store, ids[0], kT0 + 6);
  CHECK(instance->state == InstanceStateName::Pending);
  advance_instances(store, "123456789012", "us-east-1", kT0 + 8);
  CHECK(instance->state == InstanceStateName::Running);
  CHECK_FALSE(instance->container_instance_id.empty());
  CHECK_NOTHROW(start_instance(store, ids[0], kT0 + 9));  // already running: no effect
  terminate_instance(store, ids[0], kT0 + 10);
  CHECK_THROWS_AS(stop_instance(store, ids[0], kT0 + 11), aws::ServiceError);
}

TEST_CASE("Without ECS_CLUSTER only an ECS-optimized AMI registers, in default", "[ec2]") {
  state::RegionStore store;
  add_cluster(store, "default");
  InstanceLaunchSpec plain = spec_for("");
  launch_instances(store, "123456789012", "us-east-1", plain, 1, kT0);
  advance_instances(store, "123456789012", "us-east-1", kT0 + 2);
  CHECK(store.ecs.container_instances.instances.empty());
  InstanceLaunchSpec ecs_ami = spec_for("");
  ecs_ami.image_id = public_image_id(public_images().front(), "us-east-1");
  launch_instances(store, "123456789012", "us-east-1", ecs_ami, 1, kT0);
  advance_instances(store, "123456789012", "us-east-1", kT0 + 2);
  REQUIRE(only_container_instance(store) != nullptr);
  CHECK(only_container_instance(store)->cluster_arn == store.ecs.clusters.at("default").arn);
}

TEST_CASE("A missing cluster leaves the instance running and unregistered until the cluster exists", "[ec2]") {
  state::RegionStore store;
  auto ids = launch_instances(store, "123456789012", "us-east-1", spec_for("ECS_CLUSTER=nowhere\n"), 1, kT0);
  CHECK_FALSE(advance_instances(store, "123456789012", "us-east-1", kT0 + 2));
  CHECK(find_instance(store.ec2.instances, ids[0])->state == InstanceStateName::Running);
  CHECK(store.ecs.container_instances.instances.empty());
  add_cluster(store, "nowhere");  // the agent retries and joins once the cluster exists
  CHECK(advance_instances(store, "123456789012", "us-east-1", kT0 + 3));
  REQUIRE(only_container_instance(store) != nullptr);
  CHECK(only_container_instance(store)->ec2_instance_id == ids[0]);
}

TEST_CASE("Launch validation answers EC2's errors", "[ec2]") {
  state::RegionStore store;
  auto code_of = [&](InstanceLaunchSpec spec, int count = 1) {
    try {
      launch_instances(store, "123456789012", "us-east-1", spec, count, kT0);
    } catch (const aws::ServiceError& e) {
      return e.code();
    }
    return std::string("ok");
  };
  auto spec = spec_for("");
  CHECK(code_of(spec) == "ok");
  spec.image_id = "ami-xyz";
  CHECK(code_of(spec) == "InvalidAMIID.Malformed");
  spec.image_id = "ami-0123456789abcdef0";
  CHECK(code_of(spec) == "ok");
  spec.instance_type = "t9.huge";
  CHECK(code_of(spec) == "InvalidParameterValue");
  spec = spec_for("", "t4g.micro");
  spec.image_id = public_image_id(public_images().front(), "us-east-1");  // x86_64
  CHECK(code_of(spec) == "InvalidParameterValue");
  spec = spec_for("");
  spec.subnet_id = "subnet-00000000000000000";
  CHECK(code_of(spec) == "InvalidSubnetID.NotFound");
  spec = spec_for("");
  spec.security_group_ids = {"sg-00000000000000000"};
  CHECK(code_of(spec) == "InvalidGroup.NotFound");
  spec = spec_for("");
  spec.key_name = "missing";
  CHECK(code_of(spec) == "InvalidKeyPair.NotFound");
  spec = spec_for("");
  spec.availability_zone = "us-east-1b";
  CHECK(code_of(spec) == "ok");
  spec.availability_zone = "us-east-1z";
  CHECK(code_of(spec) == "InvalidParameterValue");
}
