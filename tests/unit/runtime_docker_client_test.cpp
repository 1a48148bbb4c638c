#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "config.hpp"
#include "ecsemu/url_coding.hpp"
#include "runtime/docker_client.hpp"
#include "runtime/docker_runtime.hpp"

using namespace ecsemu::runtime;
using ecsemu::url_encode;

TEST_CASE("An empty DOCKER_HOST means the default unix socket", "[runtime][docker]") {
  std::string error;
  auto ep = parse_docker_host("", error);
  REQUIRE(ep);
  CHECK(ep->unix_socket);
  CHECK(ep->path == "/var/run/docker.sock");
  CHECK(ep->describe() == "unix:///var/run/docker.sock");
}

TEST_CASE("DOCKER_HOST accepts unix:// paths and tcp:// host and port", "[runtime][docker]") {
  std::string error;
  auto unix_ep = parse_docker_host("unix:///run/user/1000/docker.sock", error);
  REQUIRE(unix_ep);
  CHECK(unix_ep->unix_socket);
  CHECK(unix_ep->path == "/run/user/1000/docker.sock");

  auto tcp = parse_docker_host("tcp://127.0.0.1:2376", error);
  REQUIRE(tcp);
  CHECK_FALSE(tcp->unix_socket);
  CHECK(tcp->host == "127.0.0.1");
  CHECK(tcp->port == "2376");
  CHECK(tcp->describe() == "tcp://127.0.0.1:2376");

  auto default_port = parse_docker_host("tcp://docker.local/", error);
  REQUIRE(default_port);
  CHECK(default_port->host == "docker.local");
  CHECK(default_port->port == "2375");

  auto v6 = parse_docker_host("tcp://[::1]:2375", error);
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == "2375");
}

TEST_CASE("Unusable DOCKER_HOST values are refused with a reason", "[runtime][docker]") {
  for (const char* bad : {"ssh://me@host", "unix://relative.sock", "unix://", "tcp://", "tcp://host:0",
                          "tcp://host:99999", "tcp://host:12ab", "tcp://host:2375/path", "tcp://[::1", "/var/run/x"}) {
    std::string error;
    CHECK_FALSE(parse_docker_host(bad, error));
    CHECK_FALSE(error.empty());
  }
}

TEST_CASE("API versions compare numerically, not as text", "[runtime][docker]") {
  CHECK(compare_api_versions("1.41", "1.41") == 0);
  CHECK(compare_api_versions("1.9", "1.41") < 0);
  CHECK(compare_api_versions("1.43", "1.41") > 0);
  CHECK(compare_api_versions("2.0", "1.99") > 0);
}

TEST_CASE("Version negotiation picks the lower of the server's and ours", "[runtime][docker]") {
  std::string error;
  CHECK(negotiate_api_version("1.41", "1.12", error) == std::optional<std::string>("1.41"));
  CHECK(negotiate_api_version("1.45", "1.24", error) == std::optional<std::string>(std::string(kDockerApiVersion)));
  CHECK(negotiate_api_version("1.30", "", error) == std::optional<std::string>("1.30"));
}

TEST_CASE("Version negotiation fails when the ranges do not meet", "[runtime][docker]") {
  std::string error;
  CHECK_FALSE(negotiate_api_version("1.20", "1.12", error));
  CHECK(error.find("1.20") != std::string::npos);
  error.clear();
  CHECK_FALSE(negotiate_api_version("1.60", "1.50", error));
  CHECK(error.find("1.50") != std::string::npos);
  error.clear();
  CHECK_FALSE(negotiate_api_version("", "", error));
  CHECK_FALSE(error.empty());
}

TEST_CASE("Targets carry the API version and percent-encoded query values", "[runtime][docker]") {
  CHECK(docker_target("1.41", "/containers/json") == "/v1.41/containers/json");
  CHECK(docker_target("1.41", "/containers/abc/stop", {{"t", "2"}}) == "/v1.41/containers/abc/stop?t=2");
  std::string filters = docker_filters({{"label", {"ecsemu=ab12"}}, {"type", {"container"}}});
  CHECK(filters == R"({"label":["ecsemu=ab12"],"type":["container"]})");
  CHECK(docker_target("1.41", "/events", {{"filters", filters}}) ==
        "/v1.41/events?filters=%7B%22label%22%3A%5B%22ecsemu%3Dab12%22%5D%2C%22type%22%3A%5B%22container%22%5D%7D");
  CHECK(url_encode("a b&c/d~e") == "a%20b%26c%2Fd~e");
}

TEST_CASE("Image references split into the pull's fromImage and tag", "[runtime][docker]") {
  CHECK(split_image_reference("busybox") == std::pair<std::string, std::string>("busybox", "latest"));
  CHECK(split_image_reference("busybox:local") == std::pair<std::string, std::string>("busybox", "local"));
  CHECK(split_image_reference("nonexistent.invalid/x:1") ==
        std::pair<std::string, std::string>("nonexistent.invalid/x", "1"));
  CHECK(split_image_reference("registry:5000/team/app") ==
        std::pair<std::string, std::string>("registry:5000/team/app", "latest"));
  CHECK(split_image_reference("app@sha256:abcd").second.empty());
}

TEST_CASE("Docker's error message is read from its JSON body", "[runtime][docker]") {
  DockerResponse r;
  r.status = 404;
  r.body = R"({"message":"No such image: x:1"})";
  CHECK_FALSE(r.ok());
  CHECK(r.not_found());
  CHECK(r.message() == "No such image: x:1");
  DockerResponse plain;
  plain.status = 500;
  plain.body = "boom\n";
  CHECK(plain.message() == "boom");
  DockerResponse transport;
  transport.error = "cannot connect";
  CHECK_FALSE(transport.ok());
  CHECK_FALSE(transport.not_found());
  CHECK(transport.message() == "cannot connect");
}

TEST_CASE("Inspect output gives state, exit code, health, address and published ports", "[runtime][docker]") {
  auto v = boost::json::parse(R"({
    "State": {"Status": "exited", "Running": false, "ExitCode": 3, "OOMKilled": true, "Error": "",
              "Health": {"Status": "unhealthy"}},
    "NetworkSettings": {"IPAddress": "", "Networks": {"bridge": {"IPAddress": "172.17.0.5"}},
                        "Ports": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "49153"}], "53/udp": null}}})");
  InspectedContainer c = parse_inspect(v);
  CHECK_FALSE(c.running);
  CHECK(c.exit_code == std::optional<int>(3));
  CHECK(c.oom_killed);
  CHECK(c.health == "unhealthy");
  CHECK(c.ip_address == "172.17.0.5");
  REQUIRE(c.bindings.size() == 1);
  CHECK(c.bindings[0].bind_ip == "127.0.0.1");
  CHECK(c.bindings[0].container_port == 80);
  CHECK(c.bindings[0].host_port == 49153);
  CHECK(c.bindings[0].protocol == "tcp");
}

TEST_CASE("A container that never started has no exit code", "[runtime][docker]") {
  auto v = boost::json::parse(R"({"State": {"Status": "created", "Running": false, "ExitCode": 0}})");
  CHECK_FALSE(parse_inspect(v).exit_code);
  CHECK_FALSE(parse_inspect(boost::json::value()).running);
}

TEST_CASE("Left-over containers belong to a dead owner unless it is a live ecsemu", "[runtime][docker]") {
  CHECK_FALSE(ecsemu_process_alive(0));
  CHECK_FALSE(ecsemu_process_alive(-5));
  CHECK(ecsemu_process_alive(static_cast<long>(::getpid())));
  CHECK_FALSE(ecsemu_process_alive(1));            // alive, but not an ecsemu
  CHECK_FALSE(ecsemu_process_alive(4194304 + 1));  // above any pid_max
}

TEST_CASE("Docker flags: host, publish address, keeping containers, DOCKER_HOST as the fallback", "[runtime][config]") {
  auto defaults = ecsemu::parse_args({}, {});
  REQUIRE(defaults.config);
  CHECK(defaults.config->docker_host.empty());
  CHECK(defaults.config->publish_host == "127.0.0.1");
  CHECK_FALSE(defaults.config->keep_stopped_containers);

  auto set = ecsemu::parse_args({"--docker-host", "tcp://127.0.0.1:2375", "--publish-host", "0.0.0.0",
                                 "--keep-stopped-containers", "--port", "0"},
                                {"DOCKER_HOST=unix:///other.sock"});
  REQUIRE(set.config);
  CHECK(set.config->docker_host == "tcp://127.0.0.1:2375");
  CHECK(set.config->publish_host == "0.0.0.0");
  CHECK(set.config->keep_stopped_containers);
  CHECK(set.config->port == 0);  // the boolean flag took no value

  auto from_env = ecsemu::parse_args({"--keep-stopped-containers=false"}, {"DOCKER_HOST=unix:///other.sock"});
  REQUIRE(from_env.config);
  CHECK(from_env.config->docker_host == "unix:///other.sock");
  CHECK_FALSE(from_env.config->keep_stopped_containers);

  CHECK_FALSE(ecsemu::parse_args({"--docker-host", "ssh://me@box"}, {}).config);
  CHECK_FALSE(ecsemu::parse_args({"--keep-stopped-containers=maybe"}, {}).config);
  CHECK_FALSE(ecsemu::parse_args({"--runtime", "podman"}, {}).config);
  for (const char* needle : {"--docker-host", "--publish-host", "--keep-stopped-containers", "ECSEMU_DOCKER_HOST"}) {
    CHECK(ecsemu::help_text().find(needle) != std::string::npos);
  }
}
