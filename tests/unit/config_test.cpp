#include <catch2/catch.hpp>

#include "config.hpp"

using ecsemu::parse_args;

TEST_CASE("Defaults apply when no flag or variable is given", "[config]") {
  auto parsed = parse_args({}, {});
  REQUIRE(parsed.config);
  CHECK(parsed.config->host == "127.0.0.1");
  CHECK(parsed.config->port == 4566);
  CHECK(parsed.config->default_region == "us-east-1");
  CHECK(parsed.config->account_id == "123456789012");
  CHECK(parsed.config->auth_mode == ecsemu::auth::AuthMode::Open);
  CHECK(parsed.config->elb_host == "127.0.0.1");
  CHECK(parsed.config->elb_port_offset == 0);
}

TEST_CASE("Load balancer listeners take their bind address and port offset from flags", "[config]") {
  auto parsed = parse_args({"--elb-host", "0.0.0.0", "--elb-port-offset=10000"}, {});
  REQUIRE(parsed.config);
  CHECK(parsed.config->elb_host == "0.0.0.0");
  CHECK(parsed.config->elb_port_offset == 10000);
  auto from_env = parse_args({}, {"ECSEMU_ELB_HOST=::1", "ECSEMU_ELB_PORT_OFFSET=7"});
  REQUIRE(from_env.config);
  CHECK(from_env.config->elb_host == "::1");
  CHECK(from_env.config->elb_port_offset == 7);
}

TEST_CASE("Flags accept both --name value and --name=value", "[config]") {
  auto parsed = parse_args({"--port", "0", "--auth=strict", "--account-id", "111122223333"}, {});
  REQUIRE(parsed.config);
  CHECK(parsed.config->port == 0);
  CHECK(parsed.config->auth_mode == ecsemu::auth::AuthMode::Strict);
  CHECK(parsed.config->account_id == "111122223333");
}

TEST_CASE("ECSEMU_ variables mirror flags and flags win over them", "[config]") {
  auto parsed = parse_args({"--port", "5000"}, {"ECSEMU_PORT=6000", "ECSEMU_DEFAULT_REGION=eu-west-1", "OTHER=x"});
  REQUIRE(parsed.config);
  CHECK(parsed.config->port == 5000);
  CHECK(parsed.config->default_region == "eu-west-1");
}

TEST_CASE("Bad values and unknown flags exit with status 2 and a message", "[config]") {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--port", "70000"},
                                                                {"--port", "12ab"},
                                                                {"--auth", "loose"},
                                                                {"--account-id", "12345"},
                                                                {"--log-level", "loud"},
                                                                {"--elb-host", "not an address"},
                                                                {"--elb-host", ""},
                                                                {"--elb-port-offset", "-1"},
                                                                {"--elb-port-offset", "65535"},
                                                                {"--elb-port-offset", "ten"},
                                                                {"--nope"},
                                                                {"--port"},
                                                                {"stray"}}) {
    auto parsed = parse_args(args, {});
    CHECK_FALSE(parsed.config);
    CHECK(parsed.exit_code == 2);
    CHECK(parsed.output.find("ecsemu:") == 0);
  }
  auto from_env = parse_args({}, {"ECSEMU_AUTH=sometimes"});
  CHECK_FALSE(from_env.config);
  CHECK(from_env.output.find("ECSEMU_AUTH") != std::string::npos);
}

TEST_CASE("--help documents every flag with its environment variable", "[config]") {
  auto parsed = parse_args({"--help"}, {});
  CHECK_FALSE(parsed.config);
  CHECK(parsed.exit_code == 0);
  for (const char* needle :
       {"--host", "ECSEMU_HOST", "--port", "--default-region", "--account-id", "--credentials", "--auth", "--log-level",
        "--threads", "--max-body-bytes", "--elb-host", "ECSEMU_ELB_PORT_OFFSET", "--read-timeout-ms",
        "--idle-timeout-ms", "--list-operations", "--version"}) {
    CHECK(parsed.output.find(needle) != std::string::npos);
  }
}

TEST_CASE("A health check probe reads the address from the flags and the environment", "[config]") {
  auto parsed = parse_args({"--healthcheck", "--port", "4599"}, {"ECSEMU_HOST=0.0.0.0"});
  REQUIRE(parsed.config);
  CHECK(parsed.healthcheck);
  CHECK(parsed.config->port == 4599);
  CHECK(parsed.config->host == "0.0.0.0");
  CHECK_FALSE(parse_args({"--port", "4599"}, {}).healthcheck);
  CHECK(parse_args({"--help"}, {}).output.find("--healthcheck") != std::string::npos);
}
