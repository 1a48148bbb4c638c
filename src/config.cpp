#include "config.hpp"

#include <charconv>
#include <functional>
#include <map>
#include <string_view>

#include <fmt/format.h>
#include <boost/asio/ip/address.hpp>

namespace ecsemu {
namespace {

struct Flag {
  std::string name;  // without leading dashes
  std::string env;   // ECSEMU_...
  std::string metavar;
  std::string help;
  std::function<std::string(Config&, const std::string&)> apply;  // returns an error message or ""
  bool boolean = false;  // takes no value on the command line (--name alone means true; --name=false works)
};

std::string parse_bool(const std::string& v, bool& out) {
  if (v == "true" || v == "1" || v == "yes") {
    out = true;
  } else if (v == "false" || v == "0" || v == "no") {
    out = false;
  } else {
    return fmt::format("expected true or false, got '{}'", v);
  }
  return {};
}

bool all_digits(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

template <typename T>
std::string parse_number(const std::string& text, T min, T max, T& out) {
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    return fmt::format("expected a whole number from {} to {}, got '{}'", min, max, text);
  }
  out = value;
  return {};
}

const std::vector<Flag>& flags() {
  static const std::vector<Flag> kFlags = {
      {"host", "ECSEMU_HOST", "ADDR", "address to listen on (default 127.0.0.1)",
       [](Config& c, const std::string& v) -> std::string {
         if (v.empty()) {
           return "an address is required";
         }
         c.host = v;
         return {};
       }},
      {"port", "ECSEMU_PORT", "N", "TCP port (default 4566); 0 picks a free port and prints it",
       [](Config& c, const std::string& v) {
         unsigned port = 0;
         auto err = parse_number<unsigned>(v, 0, 65535, port);
         c.port = static_cast<std::uint16_t>(port);
         return err;
       }},
      {"default-region", "ECSEMU_DEFAULT_REGION", "REGION",
       "region for requests that name none, e.g. unsigned ones (default us-east-1)",
       [](Config& c, const std::string& v) -> std::string {
         if (v.empty()) {
           return "a region is required";
         }
         c.default_region = v;
         return {};
       }},
      {"account-id", "ECSEMU_ACCOUNT_ID", "ID", "12-digit id of the default account (default 123456789012)",
       [](Config& c, const std::string& v) -> std::string {
         if (v.size() != 12 || !all_digits(v)) {
           return fmt::format("an account id is 12 digits, got '{}'", v);
         }
         c.account_id = v;
         return {};
       }},
      {"credentials", "ECSEMU_CREDENTIALS", "FILE",
       "access keys to accept: lines 'ACCESS_KEY SECRET [ACCOUNT_ID]' ('#' comments); test/test is built in",
       [](Config& c, const std::string& v) -> std::string {
         c.credentials_file = v;
         return {};
       }},
      {"auth", "ECSEMU_AUTH", "open|strict",
       "open (default): known keys are verified, unknown keys and unsigned requests go to the default account "
       "(a 12-digit key to that account); strict: unknown keys and unsigned requests are refused",
       [](Config& c, const std::string& v) -> std::string {
         if (v == "open") {
           c.auth_mode = auth::AuthMode::Open;
         } else if (v == "strict") {
           c.auth_mode = auth::AuthMode::Strict;
         } else {
           return fmt::format("expected open or strict, got '{}'", v);
         }
         return {};
       }},
      {"log-level", "ECSEMU_LOG_LEVEL", "LEVEL", "debug, info (default: one line per request), warn or error",
       [](Config& c, const std::string& v) -> std::string {
         static const std::map<std::string, LogLevel, std::less<>> kLevels = {{"debug", LogLevel::Debug},
                                                                              {"info", LogLevel::Info},
                                                                              {"warn", LogLevel::Warn},
                                                                              {"error", LogLevel::Error}};
         auto it = kLevels.find(v);
         if (it == kLevels.end()) {
           return fmt::format("expected debug, info, warn or error, got '{}'", v);
         }
         c.log_level = it->second;
         return {};
       }},
      {"threads", "ECSEMU_THREADS", "N", "I/O threads (default 1; 0: one per core)",
       [](Config& c, const std::string& v) { return parse_number<unsigned>(v, 0, 256, c.threads); }},
      {"time-scale", "ECSEMU_TIME_SCALE", "FACTOR",
       "multiplies the service scheduler's waits: task start-failure backoff (5 s doubling up to 27 minutes), "
       "healthCheckGracePeriodSeconds, the 10 s quick-exit window, the 15 s a deployment's tasks run before it "
       "completes, and the 1 s resync; 1.0 (default) keeps these delays, 0.01 makes them 100 times shorter for "
       "tests (from 0.001 to 1000)",
       [](Config& c, const std::string& v) -> std::string {
         double value = 0;
         auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
         if (ec != std::errc() || ptr != v.data() + v.size() || !(value >= 0.001 && value <= 1000)) {
           return fmt::format("expected a number from 0.001 to 1000, got '{}'", v);
         }
         c.time_scale = value;
         return {};
       }},
      {"max-body-bytes", "ECSEMU_MAX_BODY_BYTES", "N",
       "largest request body accepted (default 8388608); larger gets 413",
       [](Config& c, const std::string& v) {
         return parse_number<std::size_t>(v, 1024, std::size_t{1} << 30, c.max_body_bytes);
       }},
      {"read-timeout-ms", "ECSEMU_READ_TIMEOUT_MS", "MS",
       "deadline for reading one request once it has begun (default 30000)",
       [](Config& c, const std::string& v) {
         long ms = 0;
         auto err = parse_number<long>(v, 10, 3600000, ms);
         c.read_timeout = std::chrono::milliseconds(ms);
         return err;
       }},
      {"idle-timeout-ms", "ECSEMU_IDLE_TIMEOUT_MS", "MS",
       "how long a keep-alive connection may wait for its next request (default 120000)",
       [](Config& c, const std::string& v) {
         long ms = 0;
         auto err = parse_number<long>(v, 10, 86400000, ms);
         c.idle_timeout = std::chrono::milliseconds(ms);
         return err;
       }},
      {"runtime", "ECSEMU_RUNTIME", "docker|simulated",
       "what runs task containers: docker (default: real containers on the Docker engine; ecsemu exits at "
       "start-up when none answers) or simulated (no containers; the same lifecycle, reported at once)",
       [](Config& c, const std::string& v) -> std::string {
         if (v != "simulated" && v != "docker") {
           return fmt::format("expected docker or simulated, got '{}'", v);
         }
         c.runtime = v;
         return {};
       }},
      {"docker-host", "ECSEMU_DOCKER_HOST", "ADDR",
       "the Docker engine: unix:///path/to/docker.sock or tcp://HOST:PORT (default: $DOCKER_HOST, else "
       "unix:///var/run/docker.sock)",
       [](Config& c, const std::string& v) -> std::string {
         if (v.rfind("unix://", 0) != 0 && v.rfind("tcp://", 0) != 0) {
           return fmt::format("expected unix:///path or tcp://HOST:PORT, got '{}'", v);
         }
         c.docker_host = v;
         return {};
       }},
      {"publish-host", "ECSEMU_PUBLISH_HOST", "ADDR",
       "address containers' published ports (portMappings) bind to (default 127.0.0.1; 0.0.0.0 opens them to "
       "the network)",
       [](Config& c, const std::string& v) -> std::string {
         if (v.empty()) {
           return "an address is required";
         }
         c.publish_host = v;
         return {};
       }},
      {"elb-host", "ECSEMU_ELB_HOST", "ADDR",
       "IP address the load balancers' listeners (ELBv2 HTTP and TCP listeners) bind to (default 127.0.0.1; 0.0.0.0 "
       "opens them to the network)",
       [](Config& c, const std::string& v) -> std::string {
         boost::system::error_code ec;
         boost::asio::ip::make_address(v, ec);
         if (ec) {
           return fmt::format("expected an IP address, got '{}'", v);
         }
         c.elb_host = v;
         return {};
       }},
      {"elb-port-offset", "ECSEMU_ELB_PORT_OFFSET", "N",
       "added to every load balancer listener's port to get the local port it binds (default 0: a listener on port "
       "80 binds 80; 10000 makes it bind 10080), from 0 to 65534",
       [](Config& c, const std::string& v) { return parse_number<int>(v, 0, 65534, c.elb_port_offset); }},
      {"keep-stopped-containers", "ECSEMU_KEEP_STOPPED_CONTAINERS", "",
       "leave the Docker containers of stopped tasks in place for debugging (default: removed once stopped)",
       [](Config& c, const std::string& v) { return parse_bool(v, c.keep_stopped_containers); }, true},
      {"state-dir", "ECSEMU_STATE_DIR", "DIR",
       "keep every resource in DIR (created when missing) across restarts: each change is on disk before it is "
       "answered, and a restart, even after kill -9, finds the world as it was (default: in memory only)",
       [](Config& c, const std::string& v) -> std::string {
         if (v.empty()) {
           return "a directory is required";
         }
         c.state_dir = v;
         return {};
       }},
  };
  return kFlags;
}

}  // namespace

const char* to_string(LogLevel level) {
  switch (level) {
    case LogLevel::Debug:
      return "debug";
    case LogLevel::Info:
      return "info";
    case LogLevel::Warn:
      return "warn";
    case LogLevel::Error:
      return "error";
  }
  return "info";
}

std::string help_text() {
  std::string out = "ecsemu " ECSEMU_VERSION
                    " - a local emulator of Amazon ECS (and the EC2, Auto Scaling, ELBv2, CloudWatch Logs,\n"
                    "IAM, STS and SSM calls an ECS workflow needs), on one endpoint.\n\n"
                    "Usage: ecsemu [FLAGS]\n\nFlags (each also read from the environment variable shown, flags win):\n";
  for (const auto& f : flags()) {
    out += f.boolean ? fmt::format("  --{}\n      {} [{}=true]\n", f.name, f.help, f.env)
                     : fmt::format("  --{} {}\n      {} [{}]\n", f.name, f.metavar, f.help, f.env);
  }
  out += fmt::format(
      "  --{}\n      print this help and exit\n  --{}\n      print the version and exit\n"
      "  --{}\n      print the implemented operations of each service as JSON and exit\n"
      "  --{}\n      ask the ecsemu at --host/--port (or their variables; 0.0.0.0 asks 127.0.0.1) for GET "
      "/_ecsemu/health\n      and exit 0 when it answers running, 1 otherwise (a container image's health check)\n",
      "help", "version", "list-operations", "healthcheck");
  out +=
      "\nControl endpoints: GET /_ecsemu/health, POST /_ecsemu/reset (alias POST /moto-api/reset).\n"
      "Point a client at it: aws --endpoint-url http://127.0.0.1:4566 ecs list-clusters\n";
  return out;
}

ParsedArgs parse_args(const std::vector<std::string>& args, const std::vector<std::string>& environment) {
  ParsedArgs result;
  Config config;
  std::map<std::string, bool> set_by_flag;
  auto fail = [&](std::string message) {
    result.exit_code = 2;
    result.output = "ecsemu: " + message + "\nTry 'ecsemu --help'.\n";
    return result;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      result.output = help_text();
      return result;
    }
    if (arg == "--list-operations") {
      result.list_operations = true;
      return result;
    }
    if (arg == "--healthcheck") {
      result.healthcheck = true;  // reads the other flags and the environment for the address to ask
      continue;
    }
    if (arg == "--version") {
      result.output = "ecsemu " ECSEMU_VERSION "\n";
      return result;
    }
    if (arg.rfind("--", 0) != 0) {
      return fail(fmt::format("unexpected argument '{}'", arg));
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    const Flag* flag = nullptr;
    for (const auto& f : flags()) {
      if (f.name == name) {
        flag = &f;
      }
    }
    if (flag == nullptr) {
      return fail(fmt::format("unknown flag '--{}'", name));
    }
    if (!has_value && flag->boolean) {
      value = "true";
    } else if (!has_value) {
      if (i + 1 >= args.size()) {
        return fail(fmt::format("--{} needs a value ({})", name, flag->metavar));
      }
      value = args[++i];
    }
    if (auto err = flag->apply(config, value); !err.empty()) {
      return fail(fmt::format("--{}: {}", name, err));
    }
    set_by_flag[name] = true;
  }
  for (const auto& entry : environment) {
    auto eq = entry.find('=');
    if (eq == std::string::npos) {
      continue;
    }
    std::string key = entry.substr(0, eq);
    for (const auto& f : flags()) {
      if (f.env == key && !set_by_flag[f.name]) {
        if (auto err = f.apply(config, entry.substr(eq + 1)); !err.empty()) {
          return fail(fmt::format("{}: {}", key, err));
        }
      }
    }
  }
  if (config.docker_host.empty()) {
    for (const auto& entry : environment) {
      if (entry.rfind("DOCKER_HOST=", 0) == 0) {
        config.docker_host = entry.substr(12);
      }
    }
  }
  result.config = config;
  return result;
}

}  // namespace ecsemu
