#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ecsemu/auth/credential_store.hpp"

namespace ecsemu {

enum class LogLevel { Debug, Info, Warn, Error };

struct Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;
  std::string default_region = "us-east-1";
  std::string account_id = "123456789012";
  std::string credentials_file;
  auth::AuthMode auth_mode = auth::AuthMode::Open;
  LogLevel log_level = LogLevel::Info;
  double time_scale = 1.0;  // multiplies the service scheduler's waits (backoff, grace periods); 1.0 = AWS's

  unsigned threads = 1;                            // 0: one per core (1 is faster on small machines)
  std::size_t max_body_bytes = 8 * 1024 * 1024;    // request body limit
  std::chrono::milliseconds read_timeout{30000};   // per request, header and body
  std::chrono::milliseconds idle_timeout{120000};  // keep-alive connection without a request
  std::string runtime = "docker";                  // what runs task containers: docker or simulated
  std::string docker_host;                         // unix:///path or tcp://host:port; "" = DOCKER_HOST or the socket
  std::string publish_host = "127.0.0.1";          // where containers' published ports bind
  std::string elb_host = "127.0.0.1";              // where load balancer listeners bind
  int elb_port_offset = 0;                         // a listener on port P binds P + offset
  bool keep_stopped_containers = false;            // leave stopped tasks' containers in Docker
  std::string state_dir;                           // where the World is kept across restarts; "" = in memory only
};

struct ParsedArgs {
  std::optional<Config> config;  // empty when the program should exit
  int exit_code = 0;
  std::string output;            // --help text or an error, for the caller to print
  bool list_operations = false;  // --list-operations: print the implemented operations as JSON and exit
  bool healthcheck = false;      // --healthcheck: probe GET /_ecsemu/health of the configured server, exit 0 or 1
};

// Flags first, then ECSEMU_* environment variables for what the flags did not set, then defaults.
ParsedArgs parse_args(const std::vector<std::string>& args, const std::vector<std::string>& environment);

std::string help_text();
const char* to_string(LogLevel level);

}  // namespace ecsemu
