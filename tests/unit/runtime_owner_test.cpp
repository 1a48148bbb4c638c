#include <catch2/catch.hpp>

#include <unistd.h>

#include "runtime/owner.hpp"

using namespace ecsemu::runtime;

namespace {

const std::string kHostNs = "pid:[4026531836]";
const std::string kContainerNs = "pid:[4026532601]";
const std::string kIdA(64, 'a');
const std::string kIdB = std::string(63, 'b') + "1";

}  // namespace

TEST_CASE("An owner in the same PID namespace is judged by its process id", "[runtime][owner]") {
  OwnerIdentity self{"4242", kHostNs, ""};
  CHECK(how_to_check({"17", kHostNs, ""}, self) == OwnerCheck::Process);
  CHECK(how_to_check({"1", kContainerNs, kIdA}, {"1", kContainerNs, kIdA}) == OwnerCheck::Process);
}

TEST_CASE("Labels written before the PID namespace was recorded are judged by process id", "[runtime][owner]") {
  CHECK(how_to_check({"17", "", ""}, {"4242", kHostNs, ""}) == OwnerCheck::Process);
}

TEST_CASE("A containerised owner seen from another PID namespace is judged by its container", "[runtime][owner]") {
  // A host ecsemu looking at the leftovers of an ecsemu that ran as PID 1 in container A: PID 1 here is init.
  CHECK(how_to_check({"1", kContainerNs, kIdA}, {"4242", kHostNs, ""}) == OwnerCheck::Container);
  // Two containerised ecsemus, both PID 1 in their own namespaces, do not take each other for themselves.
  CHECK(how_to_check({"1", kContainerNs, kIdA}, {"1", "pid:[4026532999]", kIdB}) == OwnerCheck::Container);
}

TEST_CASE("Leftovers of an earlier run of this very container belong to a dead owner", "[runtime][owner]") {
  CHECK(how_to_check({"1", kContainerNs, kIdA}, {"1", "pid:[4026532999]", kIdA}) == OwnerCheck::Dead);
}

TEST_CASE("An owner in another PID namespace outside any container is kept, not judged", "[runtime][owner]") {
  // A containerised ecsemu without the host's PID namespace looking at a host ecsemu's containers.
  CHECK(how_to_check({"4242", kHostNs, ""}, {"1", kContainerNs, kIdA}) == OwnerCheck::Unknown);
}

TEST_CASE("The container id comes from the bind mounts of /etc/hostname, /etc/hosts or resolv.conf",
          "[runtime][owner]") {
  const std::string inside =
      "600 500 0:52 / / rw,relatime master:1 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X\n"
      "612 600 8:1 /var/lib/docker/containers/" +
      kIdA + "/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/sda1 rw\n";
  CHECK(container_id_from_mountinfo(inside) == kIdA);
  const std::string hostname_only =
      "613 600 8:1 /var/lib/docker/containers/" + kIdB + "/hostname /etc/hostname rw,relatime - ext4 /dev/sda1 rw\n";
  CHECK(container_id_from_mountinfo(hostname_only) == kIdB);
}

TEST_CASE("On the host, containers' shm mounts do not make a container id", "[runtime][owner]") {
  const std::string host =
      "25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
      "700 25 0:60 / /var/lib/docker/containers/" +
      kIdA + "/mounts/shm rw,nosuid - tmpfs shm rw,size=65536k\n";
  CHECK(container_id_from_mountinfo(host).empty());
  CHECK(container_id_from_mountinfo("").empty());
  CHECK(container_id_from_mountinfo("garbage\n1 2\n").empty());
  CHECK(container_id_from_mountinfo("1 2 8:1 /var/lib/docker/containers/short/hostname /etc/hostname rw\n").empty());
}

TEST_CASE("The owner labels name this process, its PID namespace and no container on the host", "[runtime][owner]") {
  const OwnerIdentity& self = this_process();
  CHECK(self.pid == std::to_string(::getpid()));
  CHECK(self.pid_namespace.rfind("pid:[", 0) == 0);
  auto labels = owner_identity_labels(self);
  CHECK(labels.at(kOwnerPidLabel) == self.pid);
  CHECK(labels.at(kOwnerPidNamespaceLabel) == self.pid_namespace);
  CHECK(labels.count(kOwnerContainerLabel) == (self.container.empty() ? 0U : 1U));
}
