#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "runtime/docker_spec.hpp"
#include "sched/container_spec_of.hpp"
#include "sched/task_reconciler.hpp"
#include "services/ecs/ecs_task_model.hpp"

using namespace ecsemu::runtime;
namespace json = boost::json;

namespace {

TaskLaunch sample_launch() {
  TaskLaunch launch;
  launch.plan = {"arn:aws:ecs:us-east-1:123456789012:task/default/0123456789abcdef0123456789abcdef", 1};
  launch.cluster_arn = "arn:aws:ecs:us-east-1:123456789012:cluster/default";
  launch.family = "web";
  launch.revision = 3;
  launch.network_mode = "bridge";
  ContainerSpec c;
  c.name = "app";
  c.image = "busybox:local";
  c.labels = {{"com.amazonaws.ecs.container-name", "app"}, {"team", "blue"}};
  launch.containers.push_back(c);
  return launch;
}

const json::object& host_of(const json::object& body) { return body.at("HostConfig").as_object(); }

}  // namespace

TEST_CASE("the create body carries image, command, entry point, environment and labels", "[unit][runtime]") {
  TaskLaunch launch = sample_launch();
  ContainerSpec& c = launch.containers[0];
  c.command = {"sh", "-c", "echo hi"};
  c.entry_point = {"/bin/env"};
  c.environment = {{"A", "1"}, {"B", "x=y"}};
  DockerCreateOptions o;
  o.extra_labels = {{"ecsemu.managed", "true"}, {"com.amazonaws.ecs.container-name", "forged"}};
  json::object body = docker_create_body(launch, c, o);
  CHECK(body.at("Image") == "busybox:local");
  CHECK(body.at("Cmd") == json::array{"sh", "-c", "echo hi"});
  CHECK(body.at("Entrypoint") == json::array{"/bin/env"});
  CHECK(body.at("Env") == json::array{"A=1", "B=x=y"});
  const auto& labels = body.at("Labels").as_object();
  CHECK(labels.at("team") == "blue");
  CHECK(labels.at("ecsemu.managed") == "true");
  CHECK(labels.at("com.amazonaws.ecs.container-name") == "app");
  CHECK(host_of(body).at("NetworkMode") == "bridge");
  CHECK(body.at("StopTimeout") == 30);
}

TEST_CASE("without command or entry point the image's own are kept", "[unit][runtime]") {
  TaskLaunch launch = sample_launch();
  json::object body = docker_create_body(launch, launch.containers[0], {});
  CHECK_FALSE(body.contains("Cmd"));
  CHECK_FALSE(body.contains("Entrypoint"));
  CHECK_FALSE(body.contains("WorkingDir"));
  CHECK_FALSE(body.contains("User"));
  CHECK_FALSE(body.contains("Healthcheck"));
  CHECK_FALSE(host_of(body).contains("Memory"));
  CHECK_FALSE(host_of(body).contains("CpuQuota"));
}

TEST_CASE("port mappings are exposed and published on the publish host, hostPort 0 on any port", "[unit][runtime]") {
  TaskLaunch launch = sample_launch();
  ContainerSpec& c = launch.containers[0];
  c.ports = {{80, 0, "tcp"}, {53, 5353, "udp"}};
  DockerCreateOptions o;
  o.publish_host = "0.0.0.0";
  json::object body = docker_create_body(launch, c, o);
  CHECK(body.at("ExposedPorts") == json::object{{"80/tcp", json::object()}, {"53/udp", json::object()}});
  const auto& bindings = host_of(body).at("PortBindings").as_object();
  CHECK(bindings.at("80/tcp") == json::array{json::object{{"HostIp", "0.0.0.0"}, {"HostPort", ""}}});
  CHECK(bindings.at("53/udp") == json::array{json::object{{"HostIp", "0.0.0.0"}, {"HostPort", "5353"}}});
  CHECK(docker_create_body(launch, c, {}).at("HostConfig").at("PortBindings").at("80/tcp").at(0).at("HostIp") ==
        "127.0.0.1");
}

TEST_CASE("host and none network modes publish nothing", "[unit][runtime]") {
  for (const char* mode : {"host", "none"}) {
    TaskLaunch launch = sample_launch();
    launch.network_mode = mode;
    launch.containers[0].ports = {{80, 80, "tcp"}};
    json::object body = docker_create_body(launch, launch.containers[0], {});
    CHECK(host_of(body).at("NetworkMode") == mode);
    CHECK_FALSE(host_of(body).contains("PortBindings"));
    CHECK_FALSE(body.contains("ExposedPorts"));
  }
}

TEST_CASE("memory, memoryReservation and cpu become Docker limits", "[unit][runtime]") {
  TaskLaunch launch = sample_launch();
  ContainerSpec& c = launch.containers[0];
  c.memory = 128;
  c.memory_reservation = 64;
  c.cpu = 512;
  const auto host = host_of(docker_create_body(launch, c, {}));
  CHECK(host.at("Memory") == 128 * 1024 * 1024);
  CHECK(host.at("MemoryReservation") == 64 * 1024 * 1024);
  CHECK(host.at("CpuShares") == 512);
}

TEST_CASE("cpu 0 or 1 becomes the kernel's minimum of 2 shares", "[unit][runtime]") {
  TaskLaunch launch = sample_launch();
  for (std::int64_t cpu : {0, 1}) {
    launch.containers[0].cpu = cpu;
    CHECK(host_of(docker_create_body(launch, launch.containers[0], {})).at("CpuShares") == 2);
  }
}

TEST_CASE("task-level cpu caps each container's quota and task memory is the limit of containers without one",
          "[unit][runtime]") {
  TaskLaunch launch = sample_launch();
  launch.task_cpu = 256;
  launch.task_memory = 512;
  ContainerSpec other = launch.containers[0];
  other.memory = 100;
  launch.containers.push_back(other);
  const auto host = host_of(docker_create_body(launch, launch.containers[0], {}));
  CHECK(host.at("CpuPeriod") == 100000);
  CHECK(host.at("CpuQuota") == 25000);
  CHECK(host.at("Memory") == 512 * 1024 * 1024);
  CHECK(host_of(docker_create_body(launch, launch.containers[1], {})).at("Memory") == 100 * 1024 * 1024);
}

// ---- From the registered task definition (launch_of) to the Docker body ----

namespace {

ecsemu::ecs::Task task_with(json::array defs, json::object overrides = {}) {
  ecsemu::ecs::Task t;
  t.id = "0123456789abcdef0123456789abcdef";
  t.arn = "arn:aws:ecs:us-east-1:123456789012:task/default/" + t.id;
  t.cluster_arn = "arn:aws:ecs:us-east-1:123456789012:cluster/default";
  t.family = "web";
  t.revision = 3;
  t.network_mode = "bridge";
  t.container_definitions = std::move(defs);
  t.overrides = std::move(overrides);
  return t;
}

json::object body_of(const ecsemu::ecs::Task& t, std::size_t index = 0, DockerCreateOptions o = {}) {
  TaskLaunch launch = ecsemu::sched::launch_of(t);
  REQUIRE(launch.containers.size() > index);
  return docker_create_body(launch, launch.containers[index], o);
}

json::value parse(std::string_view text) { return json::parse(text); }

}  // namespace

TEST_CASE("launch_of maps workingDirectory, user, hostname, stopTimeout and the flags", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"busybox:local","workingDirectory":"/srv","user":"1000:1000",
      "hostname":"web1","stopTimeout":7,"readonlyRootFilesystem":true,"privileged":true,"interactive":true,
      "pseudoTerminal":true,"dockerSecurityOptions":["no-new-privileges"],
      "systemControls":[{"namespace":"net.core.somaxconn","value":"1024"}]}])")
                         .as_array());
  json::object body = body_of(t);
  CHECK(body.at("WorkingDir") == "/srv");
  CHECK(body.at("User") == "1000:1000");
  CHECK(body.at("Hostname") == "web1");
  CHECK(body.at("StopTimeout") == 7);
  CHECK(body.at("OpenStdin") == true);
  CHECK(body.at("Tty") == true);
  const auto& host = host_of(body);
  CHECK(host.at("ReadonlyRootfs") == true);
  CHECK(host.at("Privileged") == true);
  CHECK(host.at("SecurityOpt") == json::array{"no-new-privileges"});
  CHECK(host.at("Sysctls") == json::object{{"net.core.somaxconn", "1024"}});
}

TEST_CASE("launch_of carries the ECS agent's labels over dockerLabels", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i","dockerLabels":{"team":"blue",
      "com.amazonaws.ecs.cluster":"forged"}}])")
                         .as_array());
  const json::object body = body_of(t);
  const auto& labels = body.at("Labels").as_object();
  CHECK(labels.at("team") == "blue");
  CHECK(labels.at("com.amazonaws.ecs.cluster") == json::value(t.cluster_arn));
  CHECK(labels.at("com.amazonaws.ecs.task-arn") == json::value(t.arn));
  CHECK(labels.at("com.amazonaws.ecs.container-name") == "app");
  CHECK(labels.at("com.amazonaws.ecs.task-definition-family") == "web");
  CHECK(labels.at("com.amazonaws.ecs.task-definition-version") == "3");
}

TEST_CASE("container overrides replace command, cpu and memories and merge environment by name", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i","command":["a"],"cpu":128,"memory":256,
      "memoryReservation":64,"environment":[{"name":"KEEP","value":"1"},{"name":"CHANGE","value":"old"}]},
      {"name":"side","image":"i","command":["b"]}])")
                         .as_array(),
                     parse(R"({"containerOverrides":[{"name":"app","command":["x","y"],"cpu":512,"memory":300,
      "memoryReservation":100,"environment":[{"name":"CHANGE","value":"new"},{"name":"ADDED","value":"2"}]}]})")
                         .as_object());
  json::object body = body_of(t);
  CHECK(body.at("Cmd") == json::array{"x", "y"});
  CHECK(body.at("Env") == json::array{"KEEP=1", "CHANGE=new", "ADDED=2"});
  CHECK(host_of(body).at("CpuShares") == 512);
  CHECK(host_of(body).at("Memory") == 300 * 1024 * 1024);
  CHECK(host_of(body).at("MemoryReservation") == 100 * 1024 * 1024);
  CHECK(body_of(t, 1).at("Cmd") == json::array{"b"});
}

TEST_CASE("an override without a command keeps the definition's", "[unit][runtime]") {
  auto t = task_with(
      parse(R"([{"name":"app","image":"i","command":["a"],"memory":64}])").as_array(),
      parse(R"({"containerOverrides":[{"name":"app","environment":[{"name":"A","value":"1"}]}]})").as_object());
  json::object body = body_of(t);
  CHECK(body.at("Cmd") == json::array{"a"});
  CHECK(body.at("Env") == json::array{"A=1"});
  CHECK(host_of(body).at("Memory") == 64 * 1024 * 1024);
}

TEST_CASE("task-level cpu and memory, as numbers or with units, become the task's caps", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i"}])").as_array());
  t.cpu = "1 vCPU";
  t.memory = "2 GB";
  TaskLaunch launch = ecsemu::sched::launch_of(t);
  CHECK(launch.task_cpu == 1024);
  CHECK(launch.task_memory == 2048);
  t.cpu = "512";
  t.memory = "1024";
  json::object host = host_of(body_of(t));
  CHECK(host.at("CpuQuota") == 50000);
  CHECK(host.at("Memory") == 1024LL * 1024 * 1024);
  CHECK(ecsemu::sched::task_size_of("0.5 vcpu", "vcpu") == 512);
  CHECK(ecsemu::sched::task_size_of("lots", "vcpu") == 0);
  CHECK(ecsemu::sched::task_size_of("", "gb") == 0);
  CHECK(ecsemu::sched::task_size_of("-1", "gb") == 0);
}

TEST_CASE("healthCheck becomes a Docker health check in nanoseconds with ECS's defaults", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i","healthCheck":{"command":["CMD-SHELL","test -f /ok"],
      "interval":5,"retries":2,"startPeriod":10}},
      {"name":"b","image":"i","healthCheck":{"command":["CMD","true"]}}])")
                         .as_array());
  CHECK(body_of(t).at("Healthcheck") == json::object{{"Test", json::array{"CMD-SHELL", "test -f /ok"}},
                                                     {"Interval", 5'000'000'000LL},
                                                     {"Timeout", 5'000'000'000LL},
                                                     {"Retries", 2},
                                                     {"StartPeriod", 10'000'000'000LL}});
  CHECK(body_of(t, 1).at("Healthcheck") == json::object{{"Test", json::array{"CMD", "true"}},
                                                        {"Interval", 30'000'000'000LL},
                                                        {"Timeout", 5'000'000'000LL},
                                                        {"Retries", 3},
                                                        {"StartPeriod", 0}});
}

TEST_CASE("portMappings: bridge keeps hostPort (absent = any), host uses the container port", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i","portMappings":[{"containerPort":80},
      {"containerPort":8080,"hostPort":18080},{"containerPort":53,"protocol":"udp"}]}])")
                         .as_array());
  const json::object body = body_of(t);
  const auto& b = host_of(body).at("PortBindings").as_object();
  CHECK(b.at("80/tcp").at(0).at("HostPort") == "");
  CHECK(b.at("8080/tcp").at(0).at("HostPort") == "18080");
  CHECK(b.at("53/udp").at(0).at("HostPort") == "");
  t.network_mode = "host";
  TaskLaunch launch = ecsemu::sched::launch_of(t);
  CHECK(launch.containers[0].ports[0].host_port == 80);
  CHECK(host_of(docker_create_body(launch, launch.containers[0], {})).at("NetworkMode") == "host");
}

TEST_CASE("links, extraHosts, DNS and ulimits map to HostConfig", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i","links":["db","cache:kv"],
      "extraHosts":[{"hostname":"api.local","ipAddress":"10.0.0.5"}],"dnsServers":["10.0.0.2"],
      "dnsSearchDomains":["corp"],"ulimits":[{"name":"nofile","softLimit":1024,"hardLimit":4096}]},
      {"name":"db","image":"i"},{"name":"cache","image":"i"}])")
                         .as_array());
  DockerCreateOptions o;
  o.peer_containers = {{"db", "ecs-web-3-db-abc"}, {"cache", "ecs-web-3-cache-abc"}};
  const auto host = host_of(body_of(t, 0, o));
  CHECK(host.at("Links") == json::array{"ecs-web-3-db-abc:db", "ecs-web-3-cache-abc:kv"});
  CHECK(host.at("ExtraHosts") == json::array{"api.local:10.0.0.5"});
  CHECK(host.at("Dns") == json::array{"10.0.0.2"});
  CHECK(host.at("DnsSearch") == json::array{"corp"});
  CHECK(host.at("Ulimits") == json::array{json::object{{"Name", "nofile"}, {"Soft", 1024}, {"Hard", 4096}}});
}

TEST_CASE("linuxParameters map to capabilities, Init, Tmpfs, ShmSize and Devices", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i","linuxParameters":{
      "capabilities":{"add":["NET_ADMIN"],"drop":["MKNOD"]},"initProcessEnabled":true,
      "tmpfs":[{"containerPath":"/scratch","size":64,"mountOptions":["noexec"]}],"sharedMemorySize":128,
      "devices":[{"hostPath":"/dev/null","containerPath":"/dev/empty","permissions":["read","write"]},
                 {"hostPath":"/dev/zero"}]}}])")
                         .as_array());
  const auto host = host_of(body_of(t));
  CHECK(host.at("CapAdd") == json::array{"NET_ADMIN"});
  CHECK(host.at("CapDrop") == json::array{"MKNOD"});
  CHECK(host.at("Init") == true);
  CHECK(host.at("Tmpfs") == json::object{{"/scratch", "noexec,size=64m"}});
  CHECK(host.at("ShmSize") == 128 * 1024 * 1024);
  CHECK(host.at("Devices") ==
        json::array{
            json::object{{"PathOnHost", "/dev/null"}, {"PathInContainer", "/dev/empty"}, {"CgroupPermissions", "rw"}},
            json::object{{"PathOnHost", "/dev/zero"}, {"PathInContainer", "/dev/zero"}, {"CgroupPermissions", "rwm"}}});
  auto off =
      task_with(parse(R"([{"name":"app","image":"i","linuxParameters":{"initProcessEnabled":false}}])").as_array());
  CHECK(host_of(body_of(off)).at("Init") == false);
  CHECK_FALSE(host_of(body_of(task_with(parse(R"([{"name":"app","image":"i"}])").as_array()))).contains("Init"));
}

TEST_CASE("volumes and mountPoints: host paths bind, Docker and empty volumes by name, readOnly", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i","mountPoints":[
      {"sourceVolume":"data","containerPath":"/data","readOnly":true},
      {"sourceVolume":"scratch","containerPath":"/scratch"},
      {"sourceVolume":"shared","containerPath":"/shared"},
      {"sourceVolume":"mine","containerPath":"/mine"},
      {"sourceVolume":"missing","containerPath":"/missing"}],
      "volumesFrom":[{"sourceContainer":"side","readOnly":true},{"sourceContainer":"other"}]},
      {"name":"side","image":"i"},{"name":"other","image":"i"}])")
                         .as_array());
  t.volumes = parse(R"([{"name":"data","host":{"sourcePath":"/srv/data"}},{"name":"scratch"},
      {"name":"shared","dockerVolumeConfiguration":{"scope":"shared","autoprovision":true,"driver":"local",
       "labels":{"k":"v"},"driverOpts":{"type":"tmpfs","device":"tmpfs"}}},
      {"name":"mine","dockerVolumeConfiguration":{"scope":"task"}}])")
                  .as_array();
  DockerCreateOptions o;
  o.peer_containers = {{"side", "c1"}};
  const auto host = host_of(body_of(t, 0, o));
  CHECK(host.at("Binds") == json::array{"/srv/data:/data:ro",
                                        "ecs-web-3-scratch-0123456789abcdef0123456789abcdef:/scratch", "shared:/shared",
                                        "ecs-web-3-mine-0123456789abcdef0123456789abcdef:/mine"});
  CHECK(host.at("VolumesFrom") == json::array{"c1:ro", "other:rw"});

  TaskLaunch launch = ecsemu::sched::launch_of(t);
  REQUIRE(launch.volumes.size() == 4);
  CHECK(launch.volumes[0].kind == VolumeSpec::Kind::Host);
  CHECK(launch.volumes[1].kind == VolumeSpec::Kind::Task);
  CHECK(launch.volumes[2].kind == VolumeSpec::Kind::Docker);
  CHECK(launch.volumes[2].autoprovision);
  CHECK(docker_volume_name(launch, launch.volumes[0]).empty());
  json::object shared = docker_volume_create_body(launch, launch.volumes[2]);
  CHECK(shared.at("Name") == "shared");
  CHECK(shared.at("Driver") == "local");
  CHECK(shared.at("DriverOpts") == json::object{{"device", "tmpfs"}, {"type", "tmpfs"}});
  CHECK(shared.at("Labels") == json::object{{"k", "v"}});
  json::object mine = docker_volume_create_body(launch, launch.volumes[3]);
  CHECK(mine.at("Name") == "ecs-web-3-mine-0123456789abcdef0123456789abcdef");
  CHECK(mine.at("Labels").at("com.amazonaws.ecs.task-arn") == json::value(t.arn));
}

TEST_CASE("an awsvpc container joins the pause container and leaves it the network settings", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i","hostname":"h","links":["b"],
      "dnsServers":["10.0.0.2"],"extraHosts":[{"hostname":"x","ipAddress":"10.1.1.1"}],
      "portMappings":[{"containerPort":80}]},{"name":"b","image":"i","portMappings":[{"containerPort":81}]}])")
                         .as_array());
  t.network_mode = "awsvpc";
  DockerCreateOptions o;
  o.network_mode = "container:abc123";
  json::object body = body_of(t, 0, o);
  const auto& host = host_of(body);
  CHECK(host.at("NetworkMode") == "container:abc123");
  for (const char* key : {"PortBindings", "Links", "Dns", "ExtraHosts"}) {
    CHECK_FALSE(host.contains(key));
  }
  CHECK_FALSE(body.contains("Hostname"));
  CHECK_FALSE(body.contains("ExposedPorts"));

  TaskLaunch launch = ecsemu::sched::launch_of(t);
  DockerCreateOptions po;
  po.network_mode = "ecsemu-vpc-1";
  json::object pause = docker_pause_create_body(launch, "ecsemu/pause:0.1.0", po);
  CHECK(pause.at("Image") == "ecsemu/pause:0.1.0");
  CHECK(pause.at("Hostname") == "h");
  CHECK(pause.at("Labels").at("com.amazonaws.ecs.container-name") == kPauseContainerName);
  CHECK(pause.at("Labels").at("com.amazonaws.ecs.task-arn") == json::value(t.arn));
  const auto& ph = host_of(pause);
  CHECK(ph.at("NetworkMode") == "ecsemu-vpc-1");
  CHECK(ph.at("PortBindings").as_object().size() == 2);
  CHECK(ph.at("PortBindings").at("81/tcp").at(0).at("HostIp") == "127.0.0.1");
  CHECK(ph.at("Dns") == json::array{"10.0.0.2"});
  CHECK(ph.at("ExtraHosts") == json::array{"x:10.1.1.1"});
  CHECK(host_of(docker_pause_create_body(launch, "p", {})).at("NetworkMode") == "bridge");

  // On its VPC's network the pause container takes the ENI's address; Docker publishes nothing there.
  po.ipv4_address = "172.31.16.4";
  json::object in_vpc = docker_pause_create_body(launch, "p", po);
  CHECK(host_of(in_vpc).at("NetworkMode") == "ecsemu-vpc-1");
  CHECK(in_vpc.at("NetworkingConfig") ==
        json::object{{"EndpointsConfig",
                      json::object{{"ecsemu-vpc-1", json::object{{"IPAMConfig", {{"IPv4Address", "172.31.16.4"}}}}}}}});
  CHECK_FALSE(host_of(in_vpc).contains("PortBindings"));
  CHECK(host_of(in_vpc).at("Dns") == json::array{"10.0.0.2"});

  // Standing alone (no pause container), an awsvpc container publishes on any free port, never a fixed one.
  json::object alone = docker_create_body(launch, launch.containers[0], {});
  CHECK(host_of(alone).at("NetworkMode") == "bridge");
  CHECK(host_of(alone).at("PortBindings").at("80/tcp").at(0).at("HostPort") == "");
}

TEST_CASE("pidMode and ipcMode host reach HostConfig", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i"}])").as_array());
  t.pid_mode = "host";
  t.ipc_mode = "none";
  const auto host = host_of(body_of(t));
  CHECK(host.at("PidMode") == "host");
  CHECK(host.at("IpcMode") == "none");
}

TEST_CASE("dependsOn, essential and startTimeout reach the container spec", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i","essential":true,
      "dependsOn":[{"containerName":"init","condition":"SUCCESS"}]},
      {"name":"init","image":"i","essential":false,"startTimeout":40}])")
                         .as_array());
  TaskLaunch launch = ecsemu::sched::launch_of(t);
  REQUIRE(launch.containers[0].depends_on.size() == 1);
  CHECK(launch.containers[0].depends_on[0].container_name == "init");
  CHECK(launch.containers[0].depends_on[0].condition == "SUCCESS");
  CHECK(launch.containers[0].essential);
  CHECK_FALSE(launch.containers[1].essential);
  CHECK(launch.containers[1].start_timeout_seconds == 40);
}

TEST_CASE("malformed stored members are skipped, never trusted", "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i","command":"not-a-list","cpu":"x","memory":1e300,
      "portMappings":[{"containerPort":-1},"junk"],"environment":[1,{"name":"A","value":"1"}],
      "linuxParameters":"no","healthCheck":[]}, 7])")
                         .as_array());
  TaskLaunch launch = ecsemu::sched::launch_of(t);
  REQUIRE(launch.containers.size() == 1);
  const auto& c = launch.containers[0];
  CHECK(c.command.empty());
  CHECK(c.cpu == 0);
  CHECK(c.memory == 0);
  CHECK(c.ports.empty());
  CHECK(c.environment.size() == 1);
  CHECK_FALSE(c.health_check);
}

TEST_CASE("volume steps: task volumes are created and removed with the task, shared ones outlive it",
          "[unit][runtime]") {
  auto t = task_with(parse(R"([{"name":"app","image":"i","mountPoints":[
      {"sourceVolume":"data","containerPath":"/data"},{"sourceVolume":"scratch","containerPath":"/scratch"},
      {"sourceVolume":"cache","containerPath":"/cache"},{"sourceVolume":"existing","containerPath":"/e"}]}])")
                         .as_array());
  t.volumes = parse(R"([{"name":"data","host":{"sourcePath":"/srv"}},{"name":"scratch"},{"name":"unused"},
      {"name":"cache","dockerVolumeConfiguration":{"scope":"shared","autoprovision":true}},
      {"name":"existing","dockerVolumeConfiguration":{"scope":"shared"}}])")
                  .as_array();
  TaskLaunch launch = ecsemu::sched::launch_of(t);
  auto steps = docker_volume_steps(launch);
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].name == "ecs-web-3-scratch-0123456789abcdef0123456789abcdef");
  CHECK(steps[0].create);
  CHECK(steps[0].remove_with_task);
  CHECK(steps[0].create_body.at("Name") == json::value(steps[0].name));
  CHECK(steps[1].name == "cache");
  CHECK(steps[1].create);
  CHECK_FALSE(steps[1].remove_with_task);
  CHECK(steps[2].name == "existing");
  CHECK_FALSE(steps[2].create);
  CHECK_FALSE(steps[2].remove_with_task);
  CHECK(steps[2].missing_reason ==
        "CannotCreateVolumeError: shared volume existing does not exist and autoprovision is not enabled");
}

TEST_CASE("sizes too large for bytes saturate instead of overflowing", "[unit][runtime]") {
  TaskLaunch launch = sample_launch();
  ContainerSpec& c = launch.containers[0];
  c.memory = INT64_MAX;
  c.memory_reservation = INT64_MAX / 2;
  c.shared_memory_size_mib = INT64_MAX;
  launch.task_cpu = INT64_MAX;
  const auto host = host_of(docker_create_body(launch, c, {}));
  CHECK(host.at("Memory").as_int64() > 0);
  CHECK(host.at("Memory").as_int64() <= INT64_MAX);
  CHECK(host.at("MemoryReservation").as_int64() > 0);
  CHECK(host.at("ShmSize").as_int64() > 0);
  CHECK(host.at("CpuQuota").as_int64() > 0);
}
